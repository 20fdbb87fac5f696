import v8 from 'node:v8';

/**
 * Tells V8 to switch a regex to its linear-time engine after excessive backtracking, so a native
 * regex cannot hang the process. Process-wide, so only a program that serves pastes sets it
 * (`kb serve`, the benchmark, the test setup), never the library on import. Regexes compiled after
 * this call get native twins (compile/safe-regex.ts); without it every rule regex runs on RE2,
 * slower and with the same answers. Returns whether the flags took effect.
 */
export function enableLinearRegexpFallback(): boolean {
  try {
    v8.setFlagsFromString('--enable-experimental-regexp-engine');
    v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
    // The `l` flag only parses when the first flag took effect; the second is the same mechanism.
    new RegExp('a', 'l');
    return true;
  } catch {
    return false;
  }
}
