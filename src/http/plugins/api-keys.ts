import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_KEY_PREFIX, hashApiKey } from '../../integrations/api-key-secret.js';
import type { ApiKey, LearningStore } from '../../store/learning-store.js';
import { errorResponse, httpError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The integration whose API key came with the request (none: anonymous). */
    apiKey?: ApiKey;
  }
  interface FastifyContextConfig {
    /** The route authenticates its callers itself (a Slack or Teams signature): API keys are not asked for. */
    ownAuth?: boolean;
  }
}

interface ApiKeyOptions {
  store: LearningStore | undefined;
  /** KB_REQUIRE_API_KEY: refuse anonymous calls to the API (401). */
  required: boolean;
}

/**
 * How long a key, once found, is trusted without asking the store again. A revoked key stops
 * working within this time; meanwhile a busy integration costs no store look-up per request.
 */
const API_KEY_CACHE_MS = 10_000;
const MAX_CACHED_KEYS = 1000;

/**
 * The key in `x-api-key`, or in `authorization: Bearer kb_…`. A bearer token that is not a kb key
 * (one a proxy in front adds for itself) is not ours to judge: the request stays anonymous.
 */
function presentedApiKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.trim()) return header.trim();
  const authorization = request.headers.authorization;
  const m = typeof authorization === 'string' ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization) : null;
  return m?.[1]?.startsWith(API_KEY_PREFIX) ? m[1] : undefined;
}

/** Routes where an anonymous caller is refused when keys are required: the API, but not its liveness check. */
function needsKey(request: FastifyRequest): boolean {
  const url = request.routeOptions.url ?? '';
  return url.startsWith('/v1/') && url !== '/v1/status';
}

/**
 * Identifies integrations by API key. A known key names the request (`request.apiKey`, and
 * `apiKey` on every log line of the request) so it gets its own rate limit; an unknown or revoked
 * key is refused (401) rather than silently served as anonymous. Admin routes (admin token) and
 * routes that verify their own signatures are left alone. Call before the rate limiter is registered.
 */
export function identifyApiKeys(app: FastifyInstance, options: ApiKeyOptions): void {
  // Keys found lately, by hash; bounded (oldest dropped first), as a server has a handful of integrations.
  const known = new Map<string, { key: ApiKey; until: number }>();
  const lookUp = async (hash: string): Promise<ApiKey | undefined> => {
    const cached = known.get(hash);
    if (cached && cached.until > Date.now()) return cached.key;
    const key = await options.store?.findApiKey(hash);
    known.delete(hash);
    if (key) {
      if (known.size >= MAX_CACHED_KEYS) known.delete(known.keys().next().value!);
      known.set(hash, { key, until: Date.now() + API_KEY_CACHE_MS });
    }
    return key;
  };
  // A callback hook: most requests carry no key, and a promise per request costs a turn of the event loop.
  app.addHook('onRequest', (request, reply, done) => {
    const presented = presentedApiKey(request);
    // No key and none required: served whatever the route. Asked first because fastify builds a
    // new object for every read of request.routeOptions, and most requests stop here.
    if (presented === undefined && !options.required) return done();
    const config = request.routeOptions.config;
    if (config?.admin || config?.ownAuth || request.is404) return done();
    if (presented === undefined) {
      if (!needsKey(request)) return done();
      void reply.code(401).header('www-authenticate', 'Bearer realm="kb"').send(errorResponse(httpError('KB_HTTP_API_KEY_MISSING')));
      return;
    }
    lookUp(hashApiKey(presented)).then((key) => {
      if (!key) {
        void reply.code(401).header('www-authenticate', 'Bearer realm="kb", error="invalid_token"').send(errorResponse(httpError('KB_HTTP_API_KEY_INVALID')));
        return;
      }
      request.apiKey = key;
      // Every later line about this request says which integration sent it.
      const log = request.log.child({ apiKey: key.name });
      request.log = log;
      reply.log = log;
      done();
    }, done);
  });
}
