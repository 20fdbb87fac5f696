import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { authorsOverview, INBOX_ORDERS, RULE_ORDERS, type InboxOrder, type RuleOrder } from '../../learn/authors-overview.js';
import { errorResponses } from '../schemas.js';

const perDay = { type: 'array', items: { type: 'integer' }, description: 'One count per day of `days`.' } as const;
const groupView = { type: 'object', properties: { ...InboxGroupProperties(), arrivals: perDay } } as const;

function InboxGroupProperties() {
  return {
    id: { type: 'string' },
    signature: { type: 'string' },
    count: { type: 'integer' },
    first_seen: { type: 'string' },
    last_seen: { type: 'string' },
    sample: { type: 'string' },
    generic: { type: 'integer' },
    similar: { type: 'integer' },
  } as const;
}

const ruleView = {
  type: 'object',
  properties: {
    rule: { type: 'string' },
    title: { type: 'string', nullable: true },
    in_kb: { type: 'boolean' },
    served: { type: 'integer' },
    helpful: { type: 'integer' },
    not_helpful: { type: 'integer' },
    unhelpful_share: { type: 'number', nullable: true },
    last_served: { type: 'string' },
    last_feedback: { type: 'string' },
    served_by_day: perDay,
  },
} as const;

const feedbackEntry = {
  type: 'object',
  properties: { at: { type: 'string' }, rule: { type: 'string' }, article: { type: 'string' }, helpful: { type: 'boolean' }, comment: { type: 'string' } },
} as const;

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

  app.get<{ Querystring: { inbox?: InboxOrder; sort?: RuleOrder; days?: number } }>(
    '/v1/authors',
    {
      config: { admin: true },
      schema: {
        operationId: 'getAuthorsOverview',
        tags: ['learning'],
        summary: "The authors' workspace as data: inbox with arrivals per day, rules with answers per day and feedback, comments",
        description: 'What /authors shows. Groups whose every paste was answered only by a generic rule or by similarity are listed apart (`generic`).',
        security,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { inbox: { type: 'string', enum: [...INBOX_ORDERS], default: 'count' }, sort: { type: 'string', enum: [...RULE_ORDERS], default: 'served' }, days: { type: 'integer', minimum: 1, maximum: 365, default: 30 } },
        },
        response: {
          200: {
            type: 'object',
            required: ['storing', 'days', 'inbox', 'generic', 'rules', 'never_answered', 'often_unhelpful', 'comments'],
            properties: {
              storing,
              days: { type: 'array', items: { type: 'string' }, description: 'UTC days the per-day counts cover, oldest first.' },
              inbox: { type: 'array', items: groupView },
              generic: { type: 'array', items: groupView },
              rules: { type: 'array', items: ruleView },
              never_answered: { type: 'array', items: { type: 'object', properties: { rule: { type: 'string' }, title: { type: 'string' } } } },
              often_unhelpful: { type: 'array', items: ruleView },
              comments: { type: 'array', items: feedbackEntry },
            },
          },
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => authorsOverview(app.store, app.kb.current(), { inboxOrder: request.query.inbox, ruleOrder: request.query.sort, days: request.query.days }),
  );

  webhookLogRoute(app, security);
};

/** GET /v1/admin/webhooks: the inbox webhook's delivery log (admin). */
function webhookLogRoute(app: FastifyInstance, security: { adminToken: never[] }[]): void {
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
}
