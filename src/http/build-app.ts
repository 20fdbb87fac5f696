import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import cors from '@fastify/cors';
import swagger, { type SwaggerOptions } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { PROTECTION_DEFAULTS, SERVE_DEFAULTS } from '../config.js';
import { DEFAULT_PASTE_LIMITS, type PasteLimits } from '../match/paste-input.js';
import { hasAdminBearer } from './plugins/admin-auth.js';
import { adminRoutes } from './plugins/admin-routes.js';
import { protectServer, type ProtectOptions } from './plugins/protect-server.js';
import { redactingLogger } from './plugins/redacting-log.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import { errorResponse, httpError, toHttpError } from './errors.js';
import type { FailedReload, KnowledgeBaseHolder } from '../serve/knowledge-base-holder.js';
import { enforceMediaTypes } from './media-types.js';
import { documentRoutes, SECURITY_SCHEMES } from './document-route.js';
import { articleRoutes } from './routes/articles.js';
import { feedbackRoutes } from './routes/feedback.js';
import { importRoutes } from './routes/import.js';
import { learningAdminRoutes } from './routes/learning-admin.js';
import { lintRoutes } from './routes/lint.js';
import { matchRoutes } from './routes/match.js';
import { ruleRoutes } from './routes/rules.js';
import { registerSlack, type SlackOptions } from './routes/slack.js';
import { registerTeams, type TeamsOptions } from './routes/teams.js';
import { statusRoutes } from './routes/status.js';
import { tryRoutes } from './routes/try.js';
import { SHARED_SCHEMAS } from './schemas.js';
import { webPages } from '../web/web-pages.js';
import type { KnowledgeBase } from '../compile/knowledge-base.js';
import type { LearningStore } from '../store/learning-store.js';
import { InboxWebhook, type InboxWebhookOptions } from '../integrations/inbox-webhook.js';
import { countingStoreErrors, ServiceMetrics } from '../serve/metrics.js';
import { localControl, type ServiceControl } from '../serve/service-control.js';
import { operationsRoutes } from './routes/operations.js';
import { IsolatedTryRunner } from '../check/isolated-try.js';

export interface HttpLimits {
  /** Largest request body, in bytes (413 above it). */
  bodyLimit: number;
  /** Largest paste, in UTF-8 bytes (413 above it). */
  maxPasteBytes: number;
  /** Time a client has to send a whole request, in ms (0 = no limit). */
  requestTimeoutMs: number;
}

export interface BuildAppOptions {
  /** The knowledge base to serve; routes read `current()` once per request, so reloads swap it safely. */
  knowledgeBase: KnowledgeBaseHolder;
  /** Fastify's pino logger options (`false` for none, the default). Request logs never contain pasted text. */
  logger?: FastifyServerOptions['logger'];
  limits?: Partial<HttpLimits>;
  /** Whether something reloads the knowledge base on file changes (shown by /v1/status). */
  watching?: boolean;
  /** Lines, nesting depth and time per paste (the byte limit is `limits.maxPasteBytes`). */
  pasteLimits?: Partial<PasteLimits>;
  /** Rate limit, load shedding, admin token. Defaults: all off (`kb serve` turns limiting and shedding on); admin routes off. */
  protection?: Partial<ProtectOptions>;
  /** Where unmatched pastes, served answers and feedback go; none stores nothing. The caller closes it. */
  store?: LearningStore;
  /** The server's public address (KB_PUBLIC_URL, no trailing slash): article links in answers start with it; none leaves them relative. */
  publicUrl?: string;
  /** Browser origins allowed to call the API (CORS, KB_CORS_ORIGINS); none sends no CORS headers at all. */
  corsOrigins?: readonly string[];
  /** The Slack app (KB_SLACK_SIGNING_SECRET): without it the Slack routes do not exist. */
  slack?: SlackOptions;
  /** The Teams outgoing webhook (KB_TEAMS_SECURITY_TOKEN): without it the Teams route does not exist. */
  teams?: TeamsOptions;
  /** The signed webhook announcing new and growing inbox groups (KB_WEBHOOK_URL); needs the store for its delivery log. */
  webhook?: Omit<InboxWebhookOptions, 'store' | 'log'>;
  /** This process's metrics (default: a fresh registry). */
  metrics?: ServiceMetrics;
  /** Reloads, status, metrics and the rate limit of the whole service (default: this process alone). */
  service?: ServiceControl;
  /** Whether GET /metrics needs the admin token (default: open, like /healthz). */
  privateMetrics?: boolean;
  /** Whose X-Forwarded-For gives the client address (fastify's trustProxy; default: nobody's). */
  trustProxy?: boolean | number | string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The served knowledge base: call `kb.current()` once per request. */
    kb: KnowledgeBaseHolder;
    limits: HttpLimits;
    /** Paste limits for matchPaste, the byte limit included. */
    pasteLimits: PasteLimits;
    watching: boolean;
    /** The learning store, when storing is on. */
    store: LearningStore | undefined;
    /** Tries rules in worker threads stopped at the paste deadline (POST /v1/try and the /try page). */
    tryRunner: IsolatedTryRunner;
    /** Matches, in worker threads stopped at the deadline, the pastes a rule regex could take too long on (POST /v1/match and the page). */
    matchRunner: IsolatedTryRunner;
    /** What article links start with: KB_PUBLIC_URL, or '' for links relative to the server. */
    publicUrl: string;
    /** Announces new and growing inbox groups, when configured. */
    inboxWebhook: InboxWebhook | undefined;
    /** The request carries the configured admin bearer token. */
    isAdminRequest: (request: FastifyRequest) => boolean;
    metrics: ServiceMetrics;
    /** The service as a whole: every worker of a cluster, or this process. */
    service: ServiceControl;
    privateMetrics: boolean;
  }
}

/** The API's routes, one plugin per resource; each declares its full schema. */
export const API_ROUTES = [statusRoutes, operationsRoutes, matchRoutes, articleRoutes, ruleRoutes, lintRoutes, tryRoutes, feedbackRoutes];

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; description: string };

/** The OpenAPI document's frame; the routes' schemas fill it. */
const OPENAPI_OPTIONS: SwaggerOptions = {
  openapi: {
    openapi: '3.0.3',
    info: { title: 'kb — knowledge-base troubleshooting API', version: PACKAGE.version, description: PACKAGE.description },
    tags: [
      { name: 'match', description: 'Paste an error, get the article that fixes it' },
      { name: 'articles', description: 'Browse articles' },
      { name: 'rules', description: 'Browse rules' },
      { name: 'authoring', description: 'Lint and try rules before saving them' },
      { name: 'status', description: 'Liveness and the served knowledge base' },
      { name: 'feedback', description: '"Did this fix it?"' },
      { name: 'learning', description: 'Unmatched errors and answer statistics, for knowledge authors (admin token)' },
      { name: 'integrations', description: 'Chat apps (Slack, Microsoft Teams), each verified by its own signature' },
    ],
    components: { securitySchemes: SECURITY_SCHEMES },
  },
  // Name components after the shared schemas' $id (Error, Match …) rather than def-0, def-1.
  refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
};

/**
 * Builds the HTTP API without listening: tests `inject` into it, `kb serve` listens. Later
 * features (web pages, hardening, an inbox) register as further plugins on the returned
 * instance and use its `kb` decorator.
 */
export function buildApp(options: BuildAppOptions): FastifyInstance {
  const limits: HttpLimits = {
    bodyLimit: SERVE_DEFAULTS.bodyLimit,
    maxPasteBytes: SERVE_DEFAULTS.maxPasteBytes,
    requestTimeoutMs: 30_000,
    ...options.limits,
  };
  const app = Fastify({
    logger: redactingLogger(options.logger ?? false),
    bodyLimit: limits.bodyLimit,
    requestTimeout: limits.requestTimeoutMs,
    genReqId: () => randomUUID(),
    // A hop count is accepted at run time (proxy-addr), though fastify's types leave numbers out.
    trustProxy: (options.trustProxy ?? false) as boolean,
    // Errors fastify raises before routing (a malformed URL) take the same shape as the rest.
    frameworkErrors: (error, request, reply) => {
      const refused = toHttpError(error, { bodyLimit: limits.bodyLimit, requestId: String(request.id) });
      void (reply as FastifyReply).code(refused.statusCode).send(errorResponse(refused));
    },
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.decorate('kb', options.knowledgeBase);
  app.decorate('limits', limits);
  app.decorate('watching', options.watching ?? false);
  app.decorate('pasteLimits', { ...DEFAULT_PASTE_LIMITS, ...options.pasteLimits, maxBytes: limits.maxPasteBytes });
  // Before any route: its hooks must see every route registered after it.
  decorateService(app, options);
  app.decorate('tryRunner', new IsolatedTryRunner());
  app.decorate('matchRunner', new IsolatedTryRunner());
  app.addHook('onClose', async () => Promise.all([app.tryRunner.close(), app.matchRunner.close()]));
  const adminToken = options.protection?.adminToken;
  app.decorate('isAdminRequest', (request: FastifyRequest) => hasAdminBearer(request, adminToken));

  if (options.corsOrigins?.length) allowOrigins(app, options.corsOrigins);
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  acceptUtf8Text(app);
  app.addHook('onRoute', enforceMediaTypes);
  app.addHook('onRoute', documentRoutes({ requireApiKey: options.protection?.requireApiKey ?? false }));
  // A callback hook, not an async one: a promise per request for one header costs a turn of the event loop.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  app.setErrorHandler((error, request, reply) => {
    const refused = toHttpError(error, { bodyLimit: limits.bodyLimit, requestId: String(request.id) });
    // Messages of client errors come from our catalogue or fastify, never from the body, so they are safe to log.
    if (refused.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: refused.code, statusCode: refused.statusCode }, 'request refused');
    return reply.code(refused.statusCode).type('application/json; charset=utf-8').send(errorResponse(refused));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = (request.url.split('?')[0] ?? '/').slice(0, 200);
    const refused = httpError('KB_HTTP_ROUTE_NOT_FOUND', request.method, path);
    return reply.code(404).send(errorResponse(refused));
  });

  registerDocsAndHeaders(app);
  for (const routes of API_ROUTES) app.register(routes);
  app.register(webPages, { adminToken: options.protection?.adminToken });
  registerSlack(app, options.slack);
  registerTeams(app, options.teams);
  // Without a token the admin routes are not registered at all: not open, not advertised, 404.
  if (options.protection?.adminToken) {
    app.register(adminRoutes);
    app.register(learningAdminRoutes);
    app.register(importRoutes);
  }

  logReloads(app, options.knowledgeBase);
  return app;
}

/** Metrics, the service, protection (rate limits, API keys, load shedding), the store and the integrations' decorators. */
function decorateService(app: FastifyInstance, options: BuildAppOptions): void {
  const metrics = options.metrics ?? new ServiceMetrics();
  const service = options.service ?? localControl(options.knowledgeBase, metrics);
  app.decorate('metrics', metrics);
  app.decorate('service', service);
  app.decorate('privateMetrics', options.privateMetrics ?? false);
  protectServer(app, { ...PROTECTION_DEFAULTS, rateLimitMax: 0, maxEventLoopDelayMs: 0, maxRssBytes: 0, maxHeapUsedBytes: 0, ...options.protection, store: options.store, sharedRateLimit: service.rateLimit });
  app.decorate('store', options.store && countingStoreErrors(options.store, metrics));
  app.decorate('publicUrl', options.publicUrl ?? '');
  app.decorate('inboxWebhook', inboxWebhookOf(app, options));
  countRequests(app, metrics);
  // A holder that reloads by itself counts its reloads here; a cluster worker's reloads are the primary's.
  const stopFollowing = metrics.follow(options.knowledgeBase, { countReloads: options.knowledgeBase.canReload, info: true });
  app.addHook('onClose', async () => stopFollowing());
}

/**
 * CORS for the listed origins only, so a helpdesk sidebar or a browser widget can call the API:
 * the headers an integration sends (its API key) are allowed, the ones it needs to read back
 * (request id, rate-limit state) exposed. No cookies are involved, so credentials stay off.
 */
function allowOrigins(app: FastifyInstance, origins: readonly string[]): void {
  app.register(cors, {
    origin: [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', 'x-api-key'],
    exposedHeaders: ['x-request-id', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
    maxAge: 600,
  });
}

/** The inbox webhook for these options; it stops retrying, and logs what it could not deliver, when the app closes. */
function inboxWebhookOf(app: FastifyInstance, options: BuildAppOptions): InboxWebhook | undefined {
  if (!options.webhook) return undefined;
  if (!options.store) throw new Error('the inbox webhook needs the learning store (its delivery log and the inbox itself)');
  const webhook = new InboxWebhook({ userAgent: `kb/${PACKAGE.version}`, ...options.webhook, store: options.store, log: app.log });
  app.addHook('onClose', () => webhook.close());
  return webhook;
}

/** Every answer is counted by method, route (its pattern, not the URL: ids would explode the label set) and status. */
function countRequests(app: FastifyInstance, metrics: ServiceMetrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    metrics.request(request.method, request.routeOptions.url ?? 'no route', reply.statusCode);
    if (request.apiKey) metrics.apiKeyRequest(request.apiKey.name, reply.statusCode);
    done();
  });
}

/** The OpenAPI document and Swagger UI at /docs, and the headers every answer carries. */
function registerDocsAndHeaders(app: FastifyInstance): void {
  app.register(swagger, OPENAPI_OPTIONS);
  // Swagger UI's scripts and styles are served from the package itself: no external CDN.
  app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { deepLinking: true, tryItOutEnabled: true },
    // Swagger UI ships an inline style and script; nothing else loads, and no other site may frame it.
    staticCSP: true,
    transformStaticCSP: (header) => `${header}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`,
  });
  // A callback hook, not an async one: a promise per answer defers writing it to a later turn of
  // the event loop (about 7 µs per /v1/match request under load).
  app.addHook('onSend', (request, reply, payload, done) => {
    // JSON is never sniffed as HTML, and /docs is never framed.
    reply.header('x-content-type-options', 'nosniff');
    if (request.url.startsWith('/docs')) reply.header('x-frame-options', 'DENY');
    // An answer that echoes a paste (every POST; a search that repeats its words) is kept by no cache.
    if (request.method === 'POST' || request.url.includes('q=')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}

/** text/plain bodies are decoded strictly: invalid UTF-8 is refused rather than guessed at. */
function acceptUtf8Text(app: FastifyInstance): void {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'buffer' }, (_request, body, done) => {
    let text: string;
    try {
      text = decoder.decode(body as Buffer);
    } catch {
      done(httpError('KB_HTTP_INVALID_UTF8'), undefined);
      return;
    }
    done(null, text);
  });
}

/** Reloads go to the log: what is served now, or why an edit was refused (with code frames). */
function logReloads(app: FastifyInstance, holder: KnowledgeBaseHolder): void {
  const onReloaded = (kb: KnowledgeBase, previous: KnowledgeBase) => {
    app.log.info({ rules: kb.rules.length, articles: kb.articles.length, fingerprint: kb.fingerprint, previous: previous.fingerprint }, 'knowledge base reloaded');
  };
  const onFailed = (failure: FailedReload) => {
    const errors = failure.diagnostics.filter((d) => d.severity === 'error');
    app.log.error(
      { errors: errors.length, diagnostics: errors.slice(0, 20), report: formatDiagnostics(errors, failure.sources), serving: holder.current().fingerprint },
      `knowledge base reload refused (${errors.length} error${errors.length === 1 ? '' : 's'}); still serving the last good one`,
    );
  };
  holder.on('reloaded', onReloaded);
  holder.on('reload-failed', onFailed);
  app.addHook('onClose', async () => {
    holder.off('reloaded', onReloaded);
    holder.off('reload-failed', onFailed);
  });
}
