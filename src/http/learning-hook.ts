import type { FastifyInstance } from 'fastify';
import { prepareUnmatched } from '../learn/prepare-records.js';
import type { MatchResult } from '../match/types.js';

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
    const result = payload as MatchResult;
    const body = request.body as string | { text?: string } | undefined;
    const text = typeof body === 'string' ? body : body?.text;
    try {
      const top = result.matches[0];
      if (top) await store.recordServed([top.rule.id]);
      else if (text) await store.recordUnmatched(prepareUnmatched(text));
    } catch (error) {
      request.log.warn({ err: error }, 'the learning store could not record this paste');
    }
    return payload;
  });
}
