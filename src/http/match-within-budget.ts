import type { FastifyInstance } from 'fastify';
import type { KnowledgeBase } from '../compile/knowledge-base.js';
import { matchPasteNow } from '../match/match-paste.js';
import { needsIsolation } from '../match/regex-cost.js';
import type { MatchOptions, MatchResult } from '../match/types.js';

/**
 * Matches a paste for a route within its time budget. Almost every paste is matched on the
 * server's thread, synchronously (no thread hop: see docs/performance.md); one long enough that a
 * regex of the knowledge base could run well past the budget on it (match/regex-cost.ts) is
 * matched in a thread that is stopped at the deadline, so the answer (or 422 KB_INPUT_TIMEOUT)
 * comes within the budget and the event loop stays free meanwhile.
 */
export function matchWithinBudget(app: FastifyInstance, kb: KnowledgeBase, text: string, options: MatchOptions & { timeoutMs: number }): MatchResult | Promise<MatchResult> {
  if (!needsIsolation(kb, text)) return matchPasteNow(kb, text, options);
  return app.matchRunner.match(kb, text, options, options.timeoutMs);
}
