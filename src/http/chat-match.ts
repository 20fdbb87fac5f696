import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { PasteInputError } from '../match/paste-input.js';
import type { MatchResult } from '../match/types.js';
import { describePaste } from './describe-paste.js';
import { matchWithinBudget } from './match-within-budget.js';
import { recordPasteOutcome } from './record-paste-outcome.js';

/**
 * Chat platforms give an app a few seconds to answer (Slack three): a paste gets at most this
 * long to match, well inside that, whatever the server's own limit.
 */
const CHAT_MATCH_TIMEOUT_MS = 1_500;

/**
 * Matches a paste that came from a chat integration and records the outcome like the API does
 * (an unmatched paste goes to the inbox, redacted). A paste the limits refuse answers the
 * reason, for the chat to show, instead of a result.
 */
export async function matchChatPaste(app: FastifyInstance, text: string, log: FastifyBaseLogger, source: string): Promise<MatchResult | { refused: string }> {
  const limits = app.pasteLimits;
  let result: MatchResult;
  try {
    const kb = app.kb.current();
    result = await matchWithinBudget(app, kb, text, {
      limit: 3,
      maxBytes: limits.maxBytes,
      maxLines: limits.maxLines,
      maxJsonDepth: limits.maxJsonDepth,
      timeoutMs: Math.min(limits.timeoutMs, CHAT_MATCH_TIMEOUT_MS),
      suggest: true,
    });
  } catch (error) {
    if (error instanceof PasteInputError) return { refused: error.message };
    throw error;
  }
  log.info({ source, paste: describePaste(text), matches: result.matches.length, top: result.matches[0]?.rule.id, took_ms: result.took_ms }, 'paste matched');
  await recordPasteOutcome(app.store, text, result, log, app.inboxWebhook);
  return result;
}
