/**
 * Runs per property: modest in `npm test`; `FUZZ_RUNS=5000 npx vitest run test/fuzz` for a long run
 * (expensive properties take `FUZZ_RUNS / costFactor`).
 */
export function fuzzRuns(modest: number, costFactor = 1): number {
  const fromEnv = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? Math.max(modest, Math.round(fromEnv / costFactor)) : modest;
}

/** A test timeout that grows with the run count (vitest's default suits only the modest runs). */
export function fuzzTimeout(runs: number, msPerRun: number): number {
  return Math.max(30_000, runs * msPerRun);
}
