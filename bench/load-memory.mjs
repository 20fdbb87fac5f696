/**
 * Memory of a loaded knowledge base as a server holds it: a plain Node process (no tsx) loads the
 * bundled knowledge base and then the one asked for, as the engine bench does, and prints its
 * memory right after ($KB_DIR, when set, stands for the bundled one). Plain JavaScript on purpose: tsx's loader thread holds memory in proportion
 * to the JavaScript it has loaded (about 18 MiB for secretlint's rule bundle alone), which no
 * server carries. Run by engine-bench.ts:
 *
 *   node --expose-gc bench/load-memory.mjs <knowledge base folder|bundled>
 */
import { BUNDLED_KB_DIR } from '../dist/config.js';
import { loadKnowledgeBase } from '../dist/load-knowledge-base.js';
// The matcher is imported as in the engine bench (a build from before 2026-12 sets its V8 flags on this import).
import '../dist/match/match-paste.js';

const target = process.argv[2] ?? 'bundled';
const gc = globalThis.gc ?? (() => {});
// As `kb serve` does; a build without this module set the flags on importing its matcher.
const fallback = await import('../dist/util/regexp-linear-fallback.js').catch(() => undefined);
fallback?.enableLinearRegexpFallback();

async function loadOrFail(dir) {
  const { kb, diagnostics } = await loadKnowledgeBase(dir);
  if (!kb) throw new Error(`knowledge base ${dir} did not load: ${diagnostics.find((d) => d.severity === 'error')?.message}`);
  return kb;
}

const mib = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
// The bench's "bundled" knowledge base: $KB_DIR when set, as bench/bundled-dir.ts says (that is
// TypeScript, which this plain-Node script cannot import).
const kept = [await loadOrFail(process.env.KB_DIR ?? BUNDLED_KB_DIR)];
gc();
if (target !== 'bundled') kept.push(await loadOrFail(target));
gc();
const memory = process.memoryUsage();
process.stdout.write(`${JSON.stringify({ rules: kept.at(-1).rules.length, rss_mib: mib(memory.rss), heap_mib: mib(memory.heapUsed) })}\n`);
