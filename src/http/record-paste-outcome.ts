import type { FastifyBaseLogger } from 'fastify';
import { prepareUnmatched } from '../learn/prepare-records.js';
import type { MatchResult } from '../match/types.js';
import type { InboxWebhook } from '../integrations/inbox-webhook.js';
import type { LearningStore } from '../store/learning-store.js';

/**
 * Records what one answered paste teaches: the rule served first is counted, and a paste no
 * specific rule matched goes to the inbox (redacted), marked when a generic rule or a similar
 * article answered it, so authors see the gap. Errors are logged, never thrown: a failing store
 * never fails the request. Called by the API and the page once they have the answer.
 */
export async function recordPasteOutcome(
  store: LearningStore | undefined,
  text: string | undefined,
  result: MatchResult,
  log: FastifyBaseLogger,
  webhook?: InboxWebhook,
): Promise<void> {
  if (!store) return;
  try {
    const top = result.matches[0];
    if (top?.basis === 'rule') await store.recordServed([top.rule.id]);
    const specific = top?.basis === 'rule' && !top.generic;
    if (!specific && text) {
      // The group as it is after this paste: the webhook announces a new one, or one reaching a count.
      const group = await store.recordUnmatched(prepareUnmatched(text, top ? (top.generic ? 'generic' : 'similar') : undefined));
      webhook?.notice(group);
    }
  } catch (error) {
    log.warn({ err: error }, 'the learning store could not record this paste');
  }
}
