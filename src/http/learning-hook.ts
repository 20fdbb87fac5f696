import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { prepareUnmatched } from '../learn/prepare-records.js';
import type { MatchResult } from '../match/types.js';
import type { LearningStore } from '../store/learning-store.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers pastes with a MatchResult: unmatched ones go to the inbox, answers are counted. */
    learnFromPastes?: boolean;
  }
}

/**
 * Feeds the learning store from routes marked `config: { learnFromPastes: true }`: a paste no
 * rule matched is stored redacted in the inbox, and the rule of a served answer is counted. A
 * failing store is logged and never fails the request.
 */
export function learnFromPastes(app: FastifyInstance): void {
  app.addHook('preSerialization', async (request, reply, payload) => {
    const store = app.store;
    if (!store || !request.routeOptions.config.learnFromPastes || reply.statusCode !== 200) return payload;
    const body = request.body as string | { text?: string } | undefined;
    await recordPasteOutcome(store, typeof body === 'string' ? body : body?.text, payload as MatchResult, request.log);
    return payload;
  });
}

/**
 * Records what one answered paste teaches: the rule served first is counted, or the paste that
 * nothing matched goes to the inbox (redacted). Errors are logged, never thrown.
 */
export async function recordPasteOutcome(store: LearningStore | undefined, text: string | undefined, result: MatchResult, log: FastifyBaseLogger): Promise<void> {
  if (!store) return;
  try {
    const top = result.matches[0];
    if (top) await store.recordServed([top.rule.id]);
    else if (text) await store.recordUnmatched(prepareUnmatched(text));
  } catch (error) {
    log.warn({ err: error }, 'the learning store could not record this paste');
  }
}
