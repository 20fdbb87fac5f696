import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { METRICS_CONTENT_TYPE } from '../../serve/metrics.js';
import { errorResponse, httpError } from '../errors.js';
import { errorResponses } from '../schemas.js';

/** How long /readyz waits for the store to answer before calling the service not ready. */
const STORE_PING_TIMEOUT_MS = 2000;

/** GET /readyz (send traffic here?) and GET /metrics (Prometheus text, the whole service's). */
export const operationsRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'getReadiness',
        tags: ['status'],
        summary: 'Readiness: 200 when a knowledge base is loaded and the learning store answers, 503 otherwise',
        response: {
          200: {
            type: 'object',
            required: ['status', 'fingerprint', 'store'],
            properties: { status: { type: 'string', enum: ['ready'] }, fingerprint: { type: 'string' }, store: { type: 'string', enum: ['ok', 'off'] } },
          },
          ...errorResponses(503),
        },
      },
    },
    async (request, reply) => {
      const kb = app.kb.current();
      if (app.store) {
        try {
          await withTimeout(app.store.ping(), STORE_PING_TIMEOUT_MS);
        } catch (error) {
          request.log.warn({ err: error }, 'not ready: the learning store does not answer');
          return (reply as FastifyReply).code(503).header('retry-after', '5').send(errorResponse(httpError('KB_HTTP_NOT_READY', `the learning store does not answer: ${(error as Error).message}`)));
        }
      }
      return { status: 'ready' as const, fingerprint: kb.fingerprint, store: app.store ? ('ok' as const) : ('off' as const) };
    },
  );

  app.get(
    '/metrics',
    {
      config: { admin: app.privateMetrics },
      schema: {
        operationId: 'getMetrics',
        tags: ['status'],
        summary: 'Prometheus metrics of the whole service (every worker added up)',
        description: 'Requests by route and status, match latency, answers by outcome and by rule, reloads, the knowledge-base fingerprint, store errors, process metrics. Behind the admin token when the server runs with KB_METRICS=private.',
        response: { 200: { type: 'string' }, ...errorResponses(401, 403, 404) },
      },
    },
    async (_request, reply) => {
      const text = await app.service.metricsText();
      return reply.type(METRICS_CONTENT_TYPE).send(text);
    },
  );
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error as Error);
      },
    );
  });
}
