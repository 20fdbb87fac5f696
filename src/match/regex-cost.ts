import type { KnowledgeBase } from '../compile/knowledge-base.js';
import { hasFoldingHazard } from '../facts/folding-hazard.js';

/**
 * How long one rule regex can take on a paste, at worst, and so whether a paste can be matched on
 * the server's thread. Matching checks its time budget before every regex, but no engine can be
 * stopped inside one: a regex that takes 20 s on a worst-case paste overruns the budget by 20 s
 * and holds the event loop that long. A paste on which some regex of the knowledge base could
 * take longer than IN_THREAD_WORST_MS is matched in a thread that is stopped at the deadline.
 *
 * Rates measured on the 2-core development machine, busy (`npx tsx scripts/regex-speed.ts`):
 * re2js's NFA takes 25–50 M steps/s (a step: one program instruction for one character); V8's
 * linear-time engine, which `kb serve` has take over from a regex that backtracks too much,
 * 1.7–8 M steps/s, the slowest for the largest patterns. The figures below are about a third
 * below the slowest, for a machine under more load.
 */
const RE2_STEPS_PER_MS = 16_000;
const V8_LINEAR_STEPS_PER_MS = 1_000;

/** The longest a single regex may take, at worst, on the server's thread: the budget is overrun by at most this. */
export const IN_THREAD_WORST_MS = 250;

/** The longest one regex of the knowledge base can take on this paste, in milliseconds, at the rates above. */
export function worstRegexMs(kb: KnowledgeBase, text: string): number {
  const { re2, native } = kb.regexCost;
  const perChar = Math.max(re2 / RE2_STEPS_PER_MS, hasFoldingHazard(text) ? 0 : native / V8_LINEAR_STEPS_PER_MS);
  return text.length * perChar;
}

/** Whether matching this paste on the server's thread could hold it past the budget by more than IN_THREAD_WORST_MS. */
export function needsIsolation(kb: KnowledgeBase, text: string): boolean {
  return worstRegexMs(kb, text) > IN_THREAD_WORST_MS;
}
