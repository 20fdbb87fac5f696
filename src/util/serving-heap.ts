import v8 from 'node:v8';

/**
 * Turns V8's allocation-site pretenuring off. Process-wide, so only a program that serves pastes
 * sets it (`kb serve` in bin/kb.js, before anything else loads; the benchmark's API server, as
 * `kb serve` does), never the library on import.
 *
 * Why: loading a knowledge base runs code that every paste runs again (an article's steps are
 * rendered once while compiling and again for a paste whose captures fill them). Everything made
 * while loading lives on, so V8 marks those allocation sites "long-lived" and from then on puts
 * what a paste makes there straight into the old generation. Those objects die with the request
 * but stay until the next full collection, and keep alive every young object they point at: a
 * served process promoted ~120 KB per scavenge (5f19111: ~5 KB), and in about one run in three it
 * settled where each scavenge promoted ~2.5 MB with a compaction every 2–3 s, 35–40 µs a request
 * (docs/performance.md, "The HTTP request outside the matcher"). With pretenuring off no run
 * entered that state and a scavenge promotes ~35 KB. Nothing else changes: V8 only stops guessing
 * which objects will live long, and a scavenge promotes what survives as before.
 */
export function disableAllocationSitePretenuring(): void {
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
}
