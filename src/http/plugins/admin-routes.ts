import type { FastifyPluginAsync } from 'fastify';
import { errorResponses } from '../schemas.js';

const ADMIN_ERRORS = errorResponses(401, 403, 404);

/**
 * Routes for operators, behind the admin token (see admin-auth.ts): reload the knowledge base now,
 * and the server's own state. Without a configured token they answer 404.
 */
export const adminRoutes: FastifyPluginAsync = async (app) => {
  app.post(
    '/v1/reload',
    {
      config: { admin: true },
      schema: {
        operationId: 'reloadKnowledgeBase',
        tags: ['status'],
        summary: 'Reload the knowledge base now (admin token required)',
        description:
          'Builds a new knowledge base from the files and swaps it in atomically in every worker (it answers once all have taken it); with errors the current one keeps serving and the diagnostics are returned.',
        response: {
          200: {
            type: 'object',
            required: ['ok', 'fingerprint', 'workers'],
            properties: {
              ok: { type: 'boolean' },
              fingerprint: { type: 'string', description: 'Of the knowledge base served after the reload.' },
              errors: { type: 'integer' },
              diagnostics: { type: 'array', items: { $ref: 'Diagnostic#' } },
              workers: { type: 'array', items: { $ref: 'ServingProcess#' }, description: 'Every serving process after the reload.' },
            },
          },
          ...ADMIN_ERRORS,
        },
      },
    },
    async () => {
      const summary = await app.service.reloadAll();
      if (summary.ok) return { ok: true, fingerprint: summary.fingerprint, workers: summary.processes };
      return { ok: false, fingerprint: summary.fingerprint, errors: summary.errors, diagnostics: summary.diagnostics, workers: summary.processes };
    },
  );

  app.get(
    '/v1/admin/status',
    {
      config: { admin: true },
      schema: {
        operationId: 'getAdminStatus',
        tags: ['status'],
        summary: "The server's own state: memory, uptime and limits (admin token required)",
        response: {
          200: {
            type: 'object',
            required: ['uptimeSeconds', 'memory', 'pasteLimits', 'fingerprint'],
            properties: {
              uptimeSeconds: { type: 'number' },
              memory: { type: 'object', additionalProperties: { type: 'integer' } },
              pasteLimits: { type: 'object', additionalProperties: { type: 'integer' } },
              fingerprint: { type: 'string' },
              kbRoot: { type: 'string' },
            },
          },
          ...ADMIN_ERRORS,
        },
      },
    },
    async () => {
      const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
      const kb = app.kb.current();
      return { uptimeSeconds: Math.round(process.uptime()), memory: { rss, heapUsed, heapTotal, external }, pasteLimits: { ...app.pasteLimits }, fingerprint: kb.fingerprint, kbRoot: kb.root };
    },
  );
};
