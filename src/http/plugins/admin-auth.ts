import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponse, httpError } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route is for administrators: it needs the admin bearer token, and without a configured token it does not exist. */
    admin?: boolean;
  }
}

/** Compares in constant time: both sides are hashed first, so even their lengths do not leak. */
export function tokensEqual(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  return m?.[1];
}

/** The request carries the admin bearer token (for routes open to all that show admins more). */
export function hasAdminBearer(request: FastifyRequest, adminToken: string | undefined): boolean {
  const given = bearerOf(request);
  return adminToken !== undefined && given !== undefined && tokensEqual(given, adminToken);
}

/**
 * Guards every route whose config says `admin: true`. With no token configured such routes are off:
 * they answer 404 exactly like a route that does not exist, so they are neither open nor advertised.
 * With a token: 401 without a bearer token, 403 with a wrong one.
 */
export function guardAdminRoutes(app: FastifyInstance, adminToken: string | undefined): void {
  app.addHook('onRoute', (route) => {
    if (!route.config?.admin) return;
    const guard = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!adminToken) {
        const path = (request.url.split('?')[0] ?? '/').slice(0, 200);
        return reply.code(404).send(errorResponse(httpError('KB_HTTP_ROUTE_NOT_FOUND', request.method, path)));
      }
      const given = bearerOf(request);
      if (given === undefined) {
        return reply.code(401).header('www-authenticate', 'Bearer realm="kb-admin"').send(errorResponse(httpError('KB_HTTP_ADMIN_TOKEN_MISSING')));
      }
      if (!tokensEqual(given, adminToken)) {
        return reply.code(403).send(errorResponse(httpError('KB_HTTP_ADMIN_TOKEN_INVALID')));
      }
      return undefined;
    };
    const existing = route.onRequest;
    route.onRequest = existing ? [guard, ...(Array.isArray(existing) ? existing : [existing])] : [guard];
  });
}
