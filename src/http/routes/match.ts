import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { KnowledgeBase } from '../../compile/knowledge-base.js';
import type { MatchResult } from '../../match/types.js';
import { matchWithinBudget } from '../match-within-budget.js';
import { describePaste } from '../describe-paste.js';
import { recordPasteOutcome } from '../record-paste-outcome.js';
import { serializeMatchResult } from '../../present/match-result-json.js';
import { BODY_ERRORS, errorResponses, productSchema } from '../schemas.js';

interface MatchBody {
  text: string;
  context?: { product?: string };
  limit?: number;
}

interface MatchQuery {
  product?: string;
  limit?: number;
}

const limitSchema = { type: 'integer', minimum: 1, maximum: 50, description: 'Most matches returned (default 5).' } as const;

/** POST /v1/match: a paste in, the ranked articles that explain it out. */
export const matchRoutes: FastifyPluginAsync = async (app) => {
  app.post<{ Body: MatchBody | string; Querystring: MatchQuery }>(
    '/v1/match',
    {
      schema: {
        operationId: 'matchPaste',
        tags: ['match'],
        summary: 'Find the articles that explain an error message',
        description:
          'Send the paste as JSON `{ "text": … }`, or raw with `content-type: text/plain` (`curl --data-binary @error.log`); ' +
          'with text/plain, `product` and `limit` come from the query string. Answers the same object as `kb match --json`; ' +
          'each answer says its `basis` (`rule`: a rule held; `similar`: the paste resembles an article\'s examples, show it as "Likely"), ' +
          'its calibrated `probability` of being right and the `confidence` label of that probability; `generic: true` marks a generic rule\'s answer. ' +
          'An empty `matches` list means no article explains this error yet; then `suggestions` lists articles possibly related to it. ' +
          'Unless the server runs with KB_STORE=off, a paste no specific rule matched is kept, secrets redacted, for knowledge authors (`GET /v1/inbox`).',
        querystring: { type: 'object', additionalProperties: false, properties: { product: productSchema, limit: limitSchema } },
        body: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                required: ['text'],
                properties: {
                  text: { type: 'string', description: 'The error message or log lines.' },
                  context: { type: 'object', additionalProperties: false, properties: { product: productSchema } },
                  limit: limitSchema,
                },
              },
            },
            'text/plain': { schema: { type: 'string', description: 'The error message or log lines, as they are.' } },
          },
        },
        // The 200 schema documents the answer; the handler serializes it itself (see below).
        response: { 200: { $ref: 'MatchResult#' }, ...errorResponses(...BODY_ERRORS, 422) },
      },
    },
    (request, reply) => {
      const kb = app.kb.current();
      const body = request.body;
      const json = typeof body === 'object' && body !== null ? body : undefined;
      const text = typeof body === 'string' ? body : (json?.text ?? '');
      const product = json?.context?.product ?? request.query.product;
      const limits = app.pasteLimits;
      // The limits named one by one: an object spread costs a few microseconds on every request.
      const result = matchWithinBudget(app, kb, text, {
        context: product ? { product } : {},
        limit: json?.limit ?? request.query.limit ?? 5,
        maxBytes: limits.maxBytes,
        maxLines: limits.maxLines,
        maxJsonDepth: limits.maxJsonDepth,
        timeoutMs: limits.timeoutMs,
        suggest: true,
      });
      // A paste matched in a thread (a long one) answers later; every other one answers now.
      if (result instanceof Promise) return result.then((done) => answer(app, request, reply, kb, text, done));
      return answer(app, request, reply, kb, text, result);
    },
  );
};

/** Logs, counts, stores and sends the answer to one paste. */
function answer(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, kb: KnowledgeBase, text: string, result: MatchResult): Promise<void> | undefined {
  // Hashing the paste for the log line is skipped when the line would not be written (fastify's
  // logger for `logger: false` writes nothing and has no isLevelEnabled).
  if ((request.log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.('info') ?? false) {
    request.log.info({ paste: describePaste(text), matches: result.matches.length, top: result.matches[0]?.rule.id, candidates: result.candidates, took_ms: result.took_ms }, 'paste matched');
  }
  // A string with a JSON content-type is sent as it is: fastify's serializer does not run, and
  // the articles' JSON, written once per knowledge base, is not written again for every paste.
  const json = serializeMatchResult(result, kb, app.publicUrl);
  app.metrics.answered(result);
  // Which knowledge base answered: during a reload or a rollout, clients and tests can tell.
  reply.header('kb-fingerprint', kb.fingerprint);
  // Synchronous unless there is a store to record in: a promise per request costs a turn of the
  // event loop, and fastify handles a handler that throws or sends by itself.
  if (!app.store) {
    reply.type('application/json; charset=utf-8').send(json);
    return;
  }
  return recordPasteOutcome(app.store, text, result, request.log, app.inboxWebhook).then(() => {
    reply.type('application/json; charset=utf-8').send(json);
  });
}
