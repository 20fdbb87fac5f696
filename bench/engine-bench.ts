/**
 * Measures one knowledge base in a process of its own, so resident memory is that knowledge
 * base's alone: load + compile, match latency per paste family, candidates per paste, and the
 * naive baseline over the same pastes. Prints one JSON object on stdout.
 *
 *   tsx bench/engine-bench.ts <rules|bundled> [--quick]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchBundledDir } from './bundled-dir.js';
import type { KnowledgeBase } from '../dist/compile/knowledge-base.js';
import { loadKnowledgeBase } from '../dist/load-knowledge-base.js';
import { matchPaste } from '../dist/match/match-paste.js';
import { generateKnowledgeBase } from './generate-kb.js';
import { buildNaiveMatcher } from './naive-engine.js';
import { buildPastes, type Paste } from './pastes.js';
import { mib, round, summarize, type Latency } from './stats.js';

// As `kb serve` does: rule regexes get native twins. (A build from before this module set the
// flags on importing its matcher: bench:compare runs this harness on it too.)
const fallback = (await import('../dist/util/regexp-linear-fallback.js').catch(() => undefined)) as { enableLinearRegexpFallback(): boolean } | undefined;
fallback?.enableLinearRegexpFallback();

export interface FamilyResult {
  kind: string;
  pastes: number;
  bytes: number;
  latency: Latency;
  candidates: { mean: number; max: number };
  matched: number;
  /**
   * The same pastes split by how they were answered: by a specific rule, or by none (a generic
   * rule, a similar article or nothing), which since issue #16 pays for the similarity stage; that
   * issue asks for the second figure apart.
   */
  by_rule?: { pastes: number; latency: Latency };
  no_specific_rule?: { pastes: number; latency: Latency };
  naive?: Latency;
  speedup?: number;
}

export interface EngineResult {
  kb: string;
  rules: number;
  load_ms: number;
  /** Right after loading, in a plain Node process (load-memory.mjs): what a server holds. */
  rss_mib: number;
  heap_mib: number;
  /** The same in this process, which runs under tsx (its loader thread included). */
  rss_tsx_mib: number;
  peak_rss_mib: number;
  unanchored_rules: number;
  families: FamilyResult[];
  naive_build_ms?: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function loadOrFail(dir: string): Promise<KnowledgeBase> {
  const { kb, diagnostics } = await loadKnowledgeBase(dir);
  if (!kb) throw new Error(`knowledge base ${dir} did not load: ${diagnostics.filter((d) => d.severity === 'error').slice(0, 3).map((d) => `${d.file}: ${d.message}`).join('; ')}`);
  return kb;
}

interface Timed {
  samples: number[];
  candidates: number[];
  matched: number;
  /** Samples of the pastes a specific rule answered, and of the others. */
  byRule: number[];
  noSpecificRule: number[];
  byRulePastes: number;
}

/** Whether a specific rule answered: builds before issue #16 have no `basis` or `generic` (every rule there is specific). */
function answeredBySpecificRule(result: { matches: { basis?: string; generic?: boolean }[] }): boolean {
  const first = result.matches[0];
  return first !== undefined && (first.basis ?? 'rule') === 'rule' && !first.generic;
}

async function timeMatches(kb: KnowledgeBase, pastes: Paste[], rounds: number): Promise<Timed> {
  const timed: Timed = { samples: [], candidates: [], matched: 0, byRule: [], noSpecificRule: [], byRulePastes: 0 };
  for (let r = 0; r < rounds; r++) {
    for (const paste of pastes) {
      const started = performance.now();
      const result = await matchPaste(kb, paste.text, { limit: 5 });
      const took = performance.now() - started;
      timed.samples.push(took);
      const byRule = answeredBySpecificRule(result);
      (byRule ? timed.byRule : timed.noSpecificRule).push(took);
      if (r === 0) {
        timed.candidates.push(result.candidates);
        if (result.matches.length) timed.matched++;
        if (byRule) timed.byRulePastes++;
      }
    }
  }
  return timed;
}

async function timeNaive(run: (text: string) => Promise<number>, pastes: Paste[], rounds: number): Promise<number[]> {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const paste of pastes) {
      const started = performance.now();
      await run(paste.text);
      samples.push(performance.now() - started);
    }
  }
  return samples;
}

export async function benchEngine(target: string, quick = false): Promise<EngineResult> {
  const bundled = await loadOrFail(benchBundledDir());
  const bundledExamples = { match: bundled.rules.flatMap((r) => r.examples.match), noMatch: bundled.rules.flatMap((r) => r.examples.no_match) };
  const synthetic = target === 'bundled' ? undefined : generateKnowledgeBase(Number(target));
  const signatures = synthetic?.signatures ?? bundled.rules.flatMap((r) => r.examples.match);

  gc();
  const started = performance.now();
  const kb = synthetic ? await loadOrFail(synthetic.dir) : bundled;
  const loadMs = synthetic ? performance.now() - started : NaN;
  gc();
  const memory = process.memoryUsage();

  const pastes = buildPastes(signatures, bundledExamples);
  // The naive baseline costs ~30 µs per rule per paste: at scale it runs on a sample of the pastes.
  const large = kb.rules.length >= 10_000;
  const families: [Paste[], number, Paste[]][] = [
    // [pastes, rounds, pastes for the naive baseline]
    [pastes.matchExamples, quick ? 20 : 200, large ? pastes.matchExamples.slice(0, 5) : pastes.matchExamples],
    [pastes.noMatchExamples, quick ? 20 : 200, large ? pastes.noMatchExamples.slice(0, 5) : pastes.noMatchExamples],
    [pastes.log2k, quick ? 10 : 50, pastes.log2k.slice(0, large ? 5 : 20)],
    [[pastes.log256k], quick ? 5 : 30, kb.rules.length > 1000 ? [] : [pastes.log256k]],
  ];
  // Warm up the JIT on every family before measuring.
  for (const [list] of families) await timeMatches(kb, list, 3);

  const results: FamilyResult[] = [];
  for (const [list, rounds] of families) {
    const { samples, candidates, matched, byRule, noSpecificRule, byRulePastes } = await timeMatches(kb, list, rounds);
    results.push({
      kind: list[0]!.kind,
      pastes: list.length,
      bytes: Math.round(list.reduce((sum, p) => sum + Buffer.byteLength(p.text), 0) / list.length),
      latency: summarize(samples),
      candidates: { mean: round(candidates.reduce((a, b) => a + b, 0) / candidates.length, 1), max: Math.max(...candidates) },
      matched,
      ...(byRule.length ? { by_rule: { pastes: byRulePastes, latency: summarize(byRule) } } : {}),
      ...(noSpecificRule.length ? { no_specific_rule: { pastes: list.length - byRulePastes, latency: summarize(noSpecificRule) } } : {}),
    });
  }
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const plain = memoryInPlainNode(synthetic?.dir ?? 'bundled');

  const naiveStarted = performance.now();
  const naive = buildNaiveMatcher(kb);
  const naiveBuildMs = performance.now() - naiveStarted;
  for (const [index, [, , naivePastes]] of families.entries()) {
    if (!naivePastes.length) continue;
    await timeNaive(naive, naivePastes.slice(0, 1), 1);
    const latency = summarize(await timeNaive(naive, naivePastes, 1));
    const family = results[index]!;
    family.naive = latency;
    family.speedup = round(latency.p50 / family.latency.p50, 1);
  }

  return {
    kb: synthetic ? `synthetic ${synthetic.rules}` : 'bundled',
    rules: kb.rules.length,
    load_ms: round(loadMs, 0),
    rss_mib: plain.rss_mib,
    heap_mib: plain.heap_mib,
    rss_tsx_mib: mib(memory.rss),
    peak_rss_mib: mib(peakRss),
    unanchored_rules: kb.prefilter.unanchoredCount,
    families: results,
    naive_build_ms: round(naiveBuildMs, 0),
  };
}

/** Memory right after loading the bundled knowledge base and `target`, in a process of its own without tsx. */
function memoryInPlainNode(target: string): { rss_mib: number; heap_mib: number } {
  const script = fileURLToPath(new URL('./load-memory.mjs', import.meta.url));
  return JSON.parse(execFileSync(process.execPath, ['--expose-gc', script, target], { encoding: 'utf8' })) as { rss_mib: number; heap_mib: number };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [target = '10000', ...flags] = process.argv.slice(2);
  benchEngine(target, flags.includes('--quick')).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
