import type { FastifyPluginAsync } from 'fastify';
import { errorResponses } from '../schemas.js';

const storing = { type: 'boolean', description: 'false when the server stores nothing (KB_STORE=off): the lists are then empty.' } as const;

/**
 * GET /v1/inbox and GET /v1/stats: what the learning loop collected, for knowledge authors. Admin
 * routes: they need the admin bearer token, and are not registered when none is configured.
 */
export const learningAdminRoutes: FastifyPluginAsync = async (app) => {
  const security = [{ adminToken: [] }];
  app.get<{ Querystring: { top?: number } }>(
    '/v1/inbox',
    {
      config: { admin: true },
      schema: {
        operationId: 'listInbox',
        tags: ['learning'],
        summary: 'Unmatched pastes, grouped by signature, most frequent first',
        description: 'Each group has a redacted sample; `kb inbox draft GROUP` starts a rule from it.',
        security,
        querystring: { type: 'object', additionalProperties: false, properties: { top: { type: 'integer', minimum: 1, maximum: 500, default: 50 } } },
        response: {
          200: { type: 'object', required: ['storing', 'groups'], properties: { storing, groups: { type: 'array', items: { $ref: 'InboxGroup#' } } } },
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => ({ storing: app.store !== undefined, groups: (await app.store?.listInbox({ limit: request.query.top ?? 50 })) ?? [] }),
  );

  app.get(
    '/v1/stats',
    {
      config: { admin: true },
      schema: {
        operationId: 'getRuleStats',
        tags: ['learning'],
        summary: 'Per rule: answers served and "did this fix it?" counts',
        security,
        response: {
          200: { type: 'object', required: ['storing', 'rules'], properties: { storing, rules: { type: 'array', items: { $ref: 'RuleStats#' } } } },
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async () => ({ storing: app.store !== undefined, rules: (await app.store?.ruleStats()) ?? [] }),
  );

  app.get<{ Querystring: { limit?: number } }>(
    '/v1/admin/webhooks',
    {
      config: { admin: true },
      schema: {
        operationId: 'listWebhookDeliveries',
        tags: ['learning'],
        summary: 'The inbox webhook’s delivery log, newest first',
        description: 'One entry per event sent to KB_WEBHOOK_URL, with its attempts and outcome (as `kb webhooks log`).',
        security,
        querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 } } },
        response: {
          200: { type: 'object', required: ['storing', 'deliveries'], properties: { storing, deliveries: { type: 'array', items: { $ref: 'WebhookDelivery#' } } } },
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => ({ storing: app.store !== undefined, deliveries: (await app.store?.listDeliveries({ limit: request.query.limit ?? 50 })) ?? [] }),
  );
};
