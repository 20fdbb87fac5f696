/**
 * `npm run bench:compare -- [--ref 5f19111] [--new REF] [--rounds N] [bench arguments…]`: benchmarks an
 * older build and this one in the same run, on the same machine, and prints each figure old, new and
 * new/old. `--new REF` benchmarks that commit instead of this checkout (built the same way as the
 * older one), to measure what one merge changed: `--ref 5f19111 --new 21bb12e`. `--rounds N` runs
 * both builds N times, the old one first in odd rounds and the new one first in even rounds, and
 * gives each figure's median per build (with an even N, each build goes first as often): in one
 * round of 5f19111 against itself 20 figures differed by more than 10%, and the build benched
 * second lost up to a fifth of its HTTP requests per second.
 *
 * The older build is checked out into a temporary git worktree, given this checkout's
 * node_modules (a link) and this checkout's bench/ (so one harness measures both builds, and only
 * the code under test differs), and built. Then each knowledge-base size runs both builds one
 * right after the other, each in processes of their own (bench/run.ts), and the HTTP comparison
 * last. The worktree is removed at the end. Both builds run on the older build's bundled knowledge base
 * (KB_DIR): its rules, and its examples as the short pastes against every knowledge base, so the
 * two do the same work. `--own-kb` adds the bundled rows with each build's own knowledge base.
 * Bench arguments pass through: `--sizes 50000 --no-http`, `--quick`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { EngineResult } from '../bench/engine-bench.js';
import type { HttpResult } from '../bench/http-bench.js';

/** The build before issue #18 ("Simpler core"); dd7b9df is the same code in the new folders. */
const DEFAULT_REF = '5f19111';
/** A figure more than this much worse is marked. */
const WORSE = 0.1;

interface BenchResults {
  engines: EngineResult[];
  http?: HttpResult;
}

const repo = resolve(import.meta.dirname, '..');

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
}

/** A build of `ref` in a temporary worktree, with this checkout's dependencies and harness, built. */
function prepareBuild(ref: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'kb-bench-compare-')), 'build');
  git(['worktree', 'add', '--detach', dir, ref]);
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  rmSync(join(dir, 'bench'), { recursive: true, force: true });
  cpSync(join(repo, 'bench'), join(dir, 'bench'), { recursive: true, filter: (source) => !source.endsWith('results.json') });
  process.stderr.write(`bench:compare: building ${ref} in ${dir}…\n`);
  execFileSync('npm', ['run', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  return dir;
}

function removeBuild(dir: string): void {
  git(['worktree', 'remove', '--force', dir]);
  rmSync(resolve(dir, '..'), { recursive: true, force: true });
}

/** One bench run (bench/run.ts) in a checkout, its results read from the file it writes. */
function bench(dir: string, label: string, args: string[], kbDir?: string): BenchResults {
  process.stderr.write(`bench:compare: ${label}: bench ${args.join(' ')}${kbDir ? ` (KB_DIR=${kbDir})` : ''}\n`);
  const env = { ...process.env };
  if (kbDir) env.KB_DIR = kbDir;
  else delete env.KB_DIR;
  const run = spawnSync(process.execPath, [...process.execArgv, join(dir, 'bench/run.ts'), ...args], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`${label}: bench ${args.join(' ')} failed (exit ${run.status})`);
  return JSON.parse(readFileSync(join(dir, 'bench/results.json'), 'utf8')) as BenchResults;
}

/** A row of the table: a figure old and new, `lower` when a smaller number is better. */
interface Row {
  name: string;
  old: number | undefined;
  new: number | undefined;
  lower: boolean;
}

function engineRows(old: EngineResult, now: EngineResult, suffix = ''): Row[] {
  const kb = `${now.kb}${suffix}`;
  const rows: Row[] = [
    { name: `${kb}: load ms`, old: old.load_ms, new: now.load_ms, lower: true },
    { name: `${kb}: RSS MiB`, old: old.rss_mib, new: now.rss_mib, lower: true },
    { name: `${kb}: RSS MiB under tsx`, old: old.rss_tsx_mib, new: now.rss_tsx_mib, lower: true },
  ];
  for (const family of now.families) {
    const before = old.families.find((f) => f.kind === family.kind);
    rows.push({ name: `${kb}: ${family.kind} p50 ms`, old: before?.latency.p50, new: family.latency.p50, lower: true });
    rows.push({ name: `${kb}: ${family.kind} p99 ms`, old: before?.latency.p99, new: family.latency.p99, lower: true });
    // Split by how the new build answered each paste (issue #16: a paste no specific rule answers
    // may pay for the similarity stage, its figure given apart); counts show when the builds split alike.
    for (const part of ['by_rule', 'no_specific_rule'] as const) {
      const newPart = family[part];
      const oldPart = before?.[part];
      if (!newPart || family.pastes === 1) continue;
      const label = `${kb}: ${family.kind}, ${part === 'by_rule' ? 'a specific rule answered' : 'no specific rule'} (${oldPart?.pastes ?? 0}/${newPart.pastes} pastes)`;
      rows.push({ name: `${label} p50 ms`, old: oldPart?.latency.p50, new: newPart.latency.p50, lower: true });
    }
  }
  return rows;
}

function httpRows(old: HttpResult, now: HttpResult): Row[] {
  return now.rows.flatMap((row) => {
    const before = old.rows.find((r) => r.paste === row.paste);
    return [
      { name: `HTTP ${row.paste}: /v1/match req/s`, old: before?.single.requests_per_s, new: row.single.requests_per_s, lower: false },
      { name: `HTTP ${row.paste}: /v1/match p99 ms`, old: before?.single.p99_ms, new: row.single.p99_ms, lower: true },
      { name: `HTTP ${row.paste}: kb serve req/s`, old: before?.served?.requests_per_s, new: row.served?.requests_per_s, lower: false },
      { name: `HTTP ${row.paste}: share of bare`, old: before?.ratio, new: row.ratio, lower: false },
    ];
  });
}

function table(ref: string, newLabel: string, rows: Row[]): string {
  const width = Math.max(...rows.map((r) => r.name.length)) + 2;
  const cell = (value: unknown) => String(value ?? '–').padStart(10);
  const lines = [`${''.padEnd(width)}${cell(ref)}${cell(newLabel)}${cell('new/old')}`];
  for (const row of rows) {
    const ratio = row.old && row.new !== undefined ? row.new / row.old : undefined;
    const worse = ratio !== undefined && (row.lower ? ratio > 1 + WORSE : ratio < 1 - WORSE);
    lines.push(`${row.name.padEnd(width)}${cell(row.old)}${cell(row.new)}${cell(ratio?.toFixed(3))}${worse ? '  ! more than 10% worse' : ''}`);
  }
  return lines.join('\n');
}

/** The median of the figures a round gave (undefined where none did). */
function median(values: (number | null | undefined)[]): number | undefined {
  // A figure a build does not have is undefined, or null where results.json wrote NaN (bundled load).
  const known = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!known.length) return undefined;
  const mid = known.length >> 1;
  return known.length % 2 ? known[mid] : round4((known[mid - 1]! + known[mid]!) / 2);
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

/** Each figure's median over the rounds, per build, in the first round's order. */
function mediansOf(rounds: Row[][]): Row[] {
  return rounds[0]!.map((first) => {
    const same = rounds.map((rows) => rows.find((r) => r.name === first.name));
    return { ...first, old: median(same.map((r) => r?.old)), new: median(same.map((r) => r?.new)) };
  });
}

interface Builds {
  oldDir: string;
  ref: string;
  newDir: string;
  newLabel: string;
}

/**
 * One bench of each build with the same arguments, one after the other: old first when
 * `oldFirst`. The order matters: in a run of 5f19111 against itself (`--new 5f19111`), the build
 * benched second served 3–21% fewer HTTP requests per second, so rounds alternate it.
 */
function pairOf(builds: Builds, args: string[], kbDir: string | undefined, oldFirst: boolean): [BenchResults, BenchResults] {
  const runOld = () => bench(builds.oldDir, builds.ref, args, kbDir);
  const runNew = () => bench(builds.newDir, builds.newLabel, args, kbDir);
  if (oldFirst) {
    const old = runOld();
    return [old, runNew()];
  }
  const now = runNew();
  return [runOld(), now];
}

/** One round: every knowledge base, then HTTP, each build in turn. */
function oneRound(builds: Builds, sizes: string[], passed: string[], options: { ownKb: boolean; http: boolean; oldFirst: boolean }): Row[] {
  const { oldDir, ref } = builds;
  const rows: Row[] = [];
  // Both builds match the same pastes against the same rules: the older build's bundled
  // knowledge base and its examples (KB_DIR), which the newer build still loads. Only the code
  // differs, not the work. One build right after the other for each knowledge base, so a slow
  // spell of the machine falls on both alike.
  for (const target of ['bundled', ...sizes]) {
    const args = target === 'bundled' ? ['--sizes', '', '--no-http'] : ['--no-bundled', '--sizes', target, '--no-http'];
    const [old, now] = pairOf(builds, [...args, ...passed], oldDir, options.oldFirst);
    rows.push(...engineRows(old.engines[0]!, now.engines[0]!, target === 'bundled' ? ` (${ref}'s)` : ''));
  }
  if (options.ownKb) {
    // Each build with the knowledge base it bundles: the work itself differs (more rules and examples).
    const [old, now] = pairOf(builds, ['--sizes', '', '--no-http', ...passed], undefined, options.oldFirst);
    rows.push(...engineRows(old.engines[0]!, now.engines[0]!, ' (own)'));
  }
  if (options.http) {
    const [old, now] = pairOf(builds, ['--no-bundled', '--sizes', '', ...passed], oldDir, options.oldFirst);
    rows.push(...httpRows(old.http!, now.http!));
  }
  return rows;
}

const OWN_OPTIONS = ['ref', 'new', 'rounds', 'sizes', 'no-http', 'own-kb'];

function main(): void {
  const { values, tokens } = parseArgs({
    options: { ref: { type: 'string', default: DEFAULT_REF }, new: { type: 'string' }, rounds: { type: 'string', default: '1' }, sizes: { type: 'string', default: '1000,10000,50000' }, 'no-http': { type: 'boolean', default: false }, 'own-kb': { type: 'boolean', default: false } },
    strict: false,
    tokens: true,
  });
  const ref = String(values.ref);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds takes a whole number of rounds, 1 or more, not ${JSON.stringify(values.rounds)}`);
  // Everything else goes to the bench as given (`--quick`).
  const passed = tokens.filter((t) => t.kind === 'option' && !OWN_OPTIONS.includes(t.name)).map((t) => (t.kind === 'option' ? t.rawName : ''));
  const sizes = String(values.sizes).split(',').filter(Boolean);
  const newRef = typeof values.new === 'string' ? values.new : undefined;
  if (!newRef) execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  const made: string[] = [];
  try {
    const oldDir = prepareBuild(ref);
    made.push(oldDir);
    const newDir = newRef ? prepareBuild(newRef) : repo;
    if (newRef) made.push(newDir);
    const builds: Builds = { oldDir, ref, newDir, newLabel: newRef ?? 'new' };
    const all: Row[][] = [];
    for (let k = 1; k <= rounds; k++) {
      // Odd rounds bench the old build first, even rounds the new one.
      const oldFirst = k % 2 === 1;
      if (rounds > 1) process.stderr.write(`bench:compare: round ${k} of ${rounds} (${oldFirst ? 'old' : 'new'} first)\n`);
      all.push(oneRound(builds, sizes, passed, { ownKb: values['own-kb'] === true, http: values['no-http'] !== true, oldFirst }));
    }
    if (rounds > 1) process.stdout.write(`medians of ${rounds} rounds, the old build first in odd rounds and the new one first in even rounds\n`);
    process.stdout.write(`${table(ref, builds.newLabel, mediansOf(all))}\n`);
  } finally {
    for (const dir of made) removeBuild(dir);
  }
}

main();
