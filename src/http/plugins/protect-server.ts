import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerProtection } from '../../config.js';
import { errorResponse, httpError } from '../errors.js';
import type { LearningStore } from '../../store/learning-store.js';
import { guardAdminRoutes } from './admin-auth.js';
import { identifyApiKeys } from './api-keys.js';
import type { SharedRateLimit } from '../../serve/service-control.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Count this route against the client's rate limit (POST /v1/match is counted without it). */
    rateLimited?: boolean;
  }
}


/** Routes that evaluate or store what a client sends: each call costs a match or a write. */
export const RATE_LIMITED_ROUTES = new Set(['POST /v1/match', 'POST /v1/try', 'POST /v1/lint', 'POST /v1/feedback', 'POST /', 'POST /try', 'POST /feedback']);

export interface ProtectOptions extends ServerProtection {
  /** How often load is sampled (tests shorten it). */
  sampleIntervalMs?: number;
  /** Where API keys are looked up (none: no key is valid). */
  store?: LearningStore;
  /** One count for every process of the service (a cluster's primary keeps it); without it this process counts alone. */
  sharedRateLimit?: SharedRateLimit;
}

/** @fastify/rate-limit's store interface over a shared count. */
function sharedStore(shared: SharedRateLimit) {
  return class SharedRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      shared.incr(key, timeWindow).then(
        (result) => callback(null, result),
        (error: Error) => callback(error),
      );
    }
    child(): SharedRateLimitStore {
      return this;
    }
  };
}

function isRateLimited(request: FastifyRequest): boolean {
  return request.routeOptions.config?.rateLimited === true || RATE_LIMITED_ROUTES.has(`${request.method} ${request.routeOptions.url}`);
}

/**
 * Protects the server; call before any route is registered. Rate-limits the routes that match
 * pastes (429 with Retry-After), sheds load with 503 before the process drowns, and guards the
 * admin routes. Hooks go on the root instance, so routes registered later are covered.
 */
export function protectServer(app: FastifyInstance, options: ProtectOptions): void {
  guardAdminRoutes(app, options.adminToken);
  // Before the rate limiter: a request with a key is counted under the key, not its address.
  identifyApiKeys(app, { store: options.store, required: options.requireApiKey });
  if (options.rateLimitMax > 0) {
    app.register(rateLimit, {
      global: true,
      keyGenerator: (request) => (request.apiKey ? `api-key:${request.apiKey.name}` : normalizeIP(request.ip, 64)),
      max: (request) => (request.apiKey ? (request.apiKey.rate_limit ?? options.apiKeyRateLimitMax) : options.rateLimitMax),
      timeWindow: options.rateLimitWindowMs,
      allowList: (request) => !isRateLimited(request),
      // A count the primary keeps: should it not answer, the request is served rather than refused.
      ...(options.sharedRateLimit ? { store: sharedStore(options.sharedRateLimit), skipOnError: true } : {}),
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`too many requests: ${context.max} per ${context.after}; try again in ${Math.ceil(context.ttl / 1000)} s`), {
          statusCode: 429,
          code: 'KB_HTTP_RATE_LIMITED',
        }),
    });
  }
  app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs,
    maxRssBytes: options.maxRssBytes,
    maxHeapUsedBytes: options.maxHeapUsedBytes,
    sampleInterval: options.sampleIntervalMs ?? 1000,
    retryAfter: 10,
    pressureHandler: (_request, reply, type) => {
      void reply
        .code(503)
        .header('retry-after', '10')
        .send(errorResponse(httpError('KB_HTTP_OVERLOADED', `the server is overloaded (${type}): try again in 10 s`)));
    },
  });
}
