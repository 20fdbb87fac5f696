/** Latency summary of a list of samples in milliseconds. */
export interface Latency {
  runs: number;
  p50: number;
  p99: number;
  mean: number;
}

/**
 * To a tenth of a microsecond: a short paste takes 7–30 µs, and at whole microseconds rounding
 * alone moved a new/old ratio by up to 7%.
 */
const LATENCY_DIGITS = 4;

export function summarize(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  const mean = sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1);
  return { runs: sorted.length, p50: round(at(0.5), LATENCY_DIGITS), p99: round(at(0.99), LATENCY_DIGITS), mean: round(mean, LATENCY_DIGITS) };
}

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
