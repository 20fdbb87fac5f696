import { fileURLToPath } from 'node:url';
import { DEFAULT_PASTE_LIMITS, type PasteLimits } from './match/paste-input.js';

/** The knowledge base bundled with the package: the folder holding rules/ and articles/ (repo root). */
export const BUNDLED_KB_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Resolves the knowledge-base folder: the flag, then KB_DIR, then the bundled one. */
export function resolveKbDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.KB_DIR ?? BUNDLED_KB_DIR;
}

/** A setting with a value it cannot take: the message names the flag or variable and what it accepts. */
export class ConfigError extends Error {}

/** Where each paste limit can be set: flag name and environment variable. */
const PASTE_LIMIT_SOURCES: Record<keyof PasteLimits, { env: string; min: number }> = {
  maxBytes: { env: 'KB_MAX_BYTES', min: 1 },
  maxLines: { env: 'KB_MAX_LINES', min: 1 },
  maxJsonDepth: { env: 'KB_MAX_JSON_DEPTH', min: 1 },
  timeoutMs: { env: 'KB_MATCH_TIMEOUT_MS', min: 1 },
};

/** Paste limits: the flags (whole numbers), then KB_MAX_BYTES, KB_MAX_LINES, KB_MAX_JSON_DEPTH, KB_MATCH_TIMEOUT_MS, then the defaults. */
export function resolvePasteLimits(flags: Partial<Record<keyof PasteLimits, string | number | undefined>> = {}, env: NodeJS.ProcessEnv = process.env): PasteLimits {
  const limits = { ...DEFAULT_PASTE_LIMITS };
  for (const [key, { env: name, min }] of Object.entries(PASTE_LIMIT_SOURCES) as [keyof PasteLimits, { env: string; min: number }][]) {
    const raw = flags[key] ?? env[name];
    if (raw === undefined || raw === '') continue;
    limits[key] = wholeNumber(raw, `${name} (${key})`, min);
  }
  return limits;
}

function wholeNumber(raw: string | number, name: string, min: number): number {
  const value = typeof raw === 'number' ? raw : Number(raw.trim());
  if (!Number.isSafeInteger(value) || value < min) throw new ConfigError(`${name} must be a whole number of at least ${min}, not "${raw}"`);
  return value;
}
