/**
 * `npm run bench`: measures matching at scale and writes bench/results.json.
 *
 *   npm run bench                 everything (a few minutes)
 *   npm run bench -- --quick      fewer rounds, for a smoke run
 *   npm run bench -- --sizes 1000,10000 --no-http
 *   npm run bench -- --sizes 50000 --no-bundled --no-http   one knowledge base only (bench:compare runs it so)
 *
 * Each knowledge base is measured in a child process of its own (engine-bench.ts), so its
 * resident memory is its own; the HTTP comparison runs last (http-bench.ts).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { loadKnowledgeBase } from '../dist/load-knowledge-base.js';
import type { EngineResult } from './engine-bench.js';
import { benchHttp, HTTP_ROUNDS, type HttpResult } from './http-bench.js';
import { benchBundledDir } from './bundled-dir.js';
import { logPaste } from './pastes.js';
import { createRandom } from './vocabulary.js';

const run = promisify(execFile);

async function benchInChild(target: string, quick: boolean): Promise<EngineResult> {
  const script = fileURLToPath(new URL('./engine-bench.ts', import.meta.url));
  const { stdout } = await run(process.execPath, [...process.execArgv, '--expose-gc', script, target, ...(quick ? ['--quick'] : [])], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as EngineResult;
}

const pad = (value: unknown, width: number) => String(value ?? '–').padStart(width);

function table(engines: EngineResult[], http?: HttpResult): string {
  const lines = [
    `${'knowledge base'.padEnd(16)}${pad('load ms', 9)}${pad('RSS MiB', 9)}${' paste'.padEnd(18)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('cand.', 7)}${pad('naive p50', 11)}${pad('speed-up', 10)}`,
  ];
  for (const e of engines) {
    e.families.forEach((f, i) => {
      const head = i === 0 ? `${e.kb.padEnd(16)}${pad(Number.isNaN(e.load_ms) || e.load_ms === null ? '–' : e.load_ms, 9)}${pad(e.rss_mib, 9)}` : ' '.repeat(34);
      lines.push(`${head} ${f.kind.padEnd(17)}${pad(f.latency.p50, 9)}${pad(f.latency.p99, 9)}${pad(f.candidates.mean, 7)}${pad(f.naive?.p50, 11)}${pad(f.speedup ? `${f.speedup}×` : undefined, 10)}`);
    });
  }
  if (http) {
    lines.push('', `HTTP (${http.kb} KB, ${http.connections} connections, autocannon on 127.0.0.1, median of ${HTTP_ROUNDS} runs of ${http.duration_s} s, routes in turn):`);
    lines.push(`  ${'paste'.padEnd(26)}${pad('bare req/s', 11)}${pad('/v1/match', 11)}${pad('share', 7)}${pad('p99 ms', 8)}${http.workers ? `${pad(`${http.workers} workers`, 11)}${pad('share', 7)}` : ''}`);
    for (const row of http.rows) {
      const served = row.served ? `${pad(row.served.requests_per_s, 11)}${pad(`${Math.round(row.ratio_served! * 100)}%`, 7)}` : '';
      lines.push(`  ${`${row.paste} (${row.mean_paste_bytes} B)`.padEnd(26)}${pad(row.bare.requests_per_s, 11)}${pad(row.single.requests_per_s, 11)}${pad(`${Math.round(row.ratio * 100)}%`, 7)}${pad(row.single.p99_ms, 8)}${served}`);
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, sizes: { type: 'string', default: '1000,10000,50000' }, 'no-http': { type: 'boolean', default: false }, 'no-bundled': { type: 'boolean', default: false } } });
  const started = new Date();
  const loadBefore = loadavg();
  const targets = [...(values['no-bundled'] ? [] : ['bundled']), ...values.sizes.split(',').filter(Boolean)];
  const engines: EngineResult[] = [];
  for (const target of targets) {
    process.stderr.write(`bench: ${target === 'bundled' ? 'bundled knowledge base' : `${target} synthetic rules`}…\n`);
    engines.push(await benchInChild(target, values.quick));
  }

  let http: HttpResult | undefined;
  if (!values['no-http']) {
    process.stderr.write('bench: HTTP…\n');
    const bundled = (await loadKnowledgeBase(benchBundledDir())).kb!;
    const matchExamples = bundled.rules.flatMap((r) => r.examples.match);
    const noMatchExamples = bundled.rules.flatMap((r) => r.examples.no_match);
    const signatures = bundled.rules.map((r) => r.examples.match[0]!).filter((s) => s.length < 400);
    const random = createRandom(11);
    const logs = Array.from({ length: 20 }, () => logPaste(random, signatures, 2048));
    const sets = [
      { name: 'match examples', texts: matchExamples },
      { name: 'no_match examples', texts: noMatchExamples },
      { name: '2 KiB logs', texts: logs },
    ];
    http = await benchHttp(sets, 'bundled', values.quick ? 2 : 5, availableParallelism());
  }

  const byRules = (n: number) => engines.find((e) => e.rules === n);
  const log2k = (e?: EngineResult) => e?.families.find((f) => f.kind === '2 KiB log');
  const growth = byRules(50_000) && byRules(1000) ? log2k(byRules(50_000))!.latency.p50 / log2k(byRules(1000))!.latency.p50 : undefined;
  const results = {
    started: started.toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, load_average_before: loadBefore, load_average_after: loadavg() },
    engines,
    http,
    targets: {
      p50_2k_at_10k_ms: log2k(byRules(10_000))?.latency.p50,
      speedup_2k_at_10k: log2k(byRules(10_000))?.speedup,
      growth_p50_50k_over_1k: growth === undefined ? undefined : Math.round(growth * 100) / 100,
      load_10k_ms: byRules(10_000)?.load_ms,
      rss_50k_mib: byRules(50_000)?.rss_mib,
      p50_256k_at_10k_ms: byRules(10_000)?.families.find((f) => f.kind === '256 KiB log')?.latency.p50,
      http_ratio_typical: http?.rows[0]?.ratio,
      http_ratio_typical_served: http?.rows[0]?.ratio_served,
      http_ratio_2k_log: http?.rows[1]?.ratio,
    },
  };
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${table(engines, http)}\n\nTargets: ${JSON.stringify(results.targets)}\nLoad average before/after: ${loadBefore.map((l) => l.toFixed(1)).join(' ')} / ${loadavg().map((l) => l.toFixed(1)).join(' ')}\nWrote bench/results.json\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
