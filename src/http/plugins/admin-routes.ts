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
        description: 'Builds a new knowledge base from the files and swaps it in atomically; with errors the current one keeps serving and the diagnostics are returned.',
        response: {
          200: {
            type: 'object',
            required: ['ok', 'fingerprint'],
            properties: {
              ok: { type: 'boolean' },
              fingerprint: { type: 'string', description: 'Of the knowledge base served after the reload.' },
              errors: { type: 'integer' },
              diagnostics: { type: 'array', items: { $ref: 'Diagnostic#' } },
            },
          },
          ...ADMIN_ERRORS,
        },
      },
    },
    async () => {
      const outcome = await app.kb.reload();
      if (outcome.ok) return { ok: true, fingerprint: outcome.kb.fingerprint };
      const errors = outcome.failure.diagnostics.filter((d) => d.severity === 'error');
      return { ok: false, fingerprint: app.kb.current().fingerprint, errors: errors.length, diagnostics: errors.slice(0, 100) };
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
