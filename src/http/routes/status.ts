import type { FastifyPluginAsync } from 'fastify';

/** Diagnostics shown per failed reload; the log has them all. */
const MAX_STATUS_DIAGNOSTICS = 100;

/** GET /healthz (liveness) and GET /v1/status (what is being served, and the last refused reload). */
/** GET /v1/status: its schema, apart so the route reads at a glance. */
const STATUS_ROUTE_OPTIONS = {
  schema: {
    operationId: 'getStatus',
    tags: ['status'],
    summary: 'The knowledge base being served, and why the last reload was refused',
    response: {
      200: {
        type: 'object',
        required: ['rules', 'articles', 'warnings', 'fingerprint', 'loadedAt', 'watching', 'lastReload', 'lastFailedReload', 'workers'],
        properties: {
          rules: { type: 'integer' },
          articles: { type: 'integer' },
          warnings: { type: 'integer', description: 'Lint warnings of the served knowledge base.' },
          fingerprint: { type: 'string', description: 'Hash of every source file: it changes when a reload takes effect.' },
          loadedAt: { type: 'string', format: 'date-time' },
          watching: { type: 'boolean', description: 'Edits under rules/ and articles/ are reloaded.' },
          workers: {
            type: 'array',
            items: { $ref: 'ServingProcess#' },
            description: 'Every process serving requests (one per cluster worker) with its fingerprint and last reload: they should all show the same fingerprint.',
          },
          lastReload: {
            type: 'object',
            nullable: true,
            required: ['at', 'ok'],
            description: 'The latest reload attempt; null before the first one.',
            properties: { at: { type: 'string', format: 'date-time' }, ok: { type: 'boolean' } },
          },
          lastFailedReload: {
            type: 'object',
            nullable: true,
            required: ['at', 'errors', 'diagnostics'],
            description: 'The latest refused reload (the previous knowledge base kept serving); null when none was refused.',
            properties: {
              at: { type: 'string', format: 'date-time' },
              errors: { type: 'integer' },
              diagnostics: { type: 'array', items: { $ref: 'Diagnostic#' }, description: `The first ${MAX_STATUS_DIAGNOSTICS} errors and warnings.` },
            },
          },
        },
      },
    },
  },
} as const;

export const statusRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        operationId: 'getHealth',
        tags: ['status'],
        summary: 'Liveness: answers 200 while the process serves requests',
        response: { 200: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } } },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/v1/status',
    STATUS_ROUTE_OPTIONS,
    async () => {
      const kb = app.kb.current();
      const failure = app.kb.lastFailure;
      const workers = await app.service.processes();
      return {
        workers,
        rules: kb.rules.length,
        articles: kb.articles.length,
        warnings: kb.warnings.length,
        fingerprint: kb.fingerprint,
        loadedAt: kb.loadedAt,
        watching: app.watching,
        lastReload: app.kb.lastAttempt ?? null,
        lastFailedReload: failure
          ? {
              at: failure.at,
              errors: failure.diagnostics.filter((d) => d.severity === 'error').length,
              // Errors first: they are why the reload was refused.
              diagnostics: [...failure.diagnostics].sort((a, b) => Number(a.severity !== 'error') - Number(b.severity !== 'error')).slice(0, MAX_STATUS_DIAGNOSTICS),
            }
          : null,
      };
    },
  );
};
