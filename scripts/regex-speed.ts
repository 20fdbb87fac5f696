/**
 * The rates src/match/regex-cost.ts is built on: how many steps (one program instruction for one
 * character) a second re2js's NFA and V8's linear-time engine take on this machine, on 256 KiB of
 * `x` with regexes of growing size, each at its worst.
 *
 *   npx tsx scripts/regex-speed.ts
 */
import { compileSafeRegex } from '../src/compile/safe-regex.js';
import { enableLinearRegexpFallback } from '../src/util/regexp-linear-fallback.js';

// As `kb serve` does: a regex that backtracks too much is handed to V8's linear engine.
enableLinearRegexpFallback();

const TEXT = `${'x'.repeat(256 * 1024 - 8)}q0😀`;

function rate(pattern: string, run: (regex: NonNullable<ReturnType<typeof compileSafeRegex>['regex']>) => unknown): string {
  const regex = compileSafeRegex(pattern).regex;
  if (!regex) return `${pattern.slice(0, 40)}: refused by lint`;
  const started = performance.now();
  run(regex);
  const ms = performance.now() - started;
  return `${regex.cost} instructions: ${ms.toFixed(0)} ms, ${((regex.cost * TEXT.length) / ms / 1000).toFixed(1)} M steps/s`;
}

console.log("re2js's NFA (spans on text with a folding hazard), x{0,N}q1:");
for (const n of [10, 30, 60, 100, 120]) console.log(`  N=${n}, ${rate(`x{0,${n}}q1`, (r) => r.re2.matcher(TEXT).find())}`);

console.log("V8's linear engine (a backtracking pattern, native), K overlapping alternatives under +:");
const alternatives = ['(?:x+)+', '(?:x*x)+', '(?:x+x)+', '(?:xx*)+', 'x+x+'];
for (const k of [1, 5, 10, 20, 40]) {
  const pattern = `(?:${Array.from({ length: k }, (_, i) => alternatives[i % alternatives.length]).join('|')})+y0`;
  console.log(`  K=${k}, ${rate(pattern, (r) => (r.native ? new RegExp(r.native, 'g').exec(TEXT) : r.re2.matcher(TEXT).find()))}`);
}
