import type { RouteOptions } from 'fastify';
import { RATE_LIMITED_ROUTES } from './plugins/protect-server.js';
import { errorResponses } from './schemas.js';

/** The security schemes of the OpenAPI document: who may call what, and how they say so. */
export const SECURITY_SCHEMES = {
  apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An integration’s API key (`kb keys add NAME`): its own rate limit, its name in logs.' },
  apiKeyBearer: { type: 'http', scheme: 'bearer', description: 'The same API key as `Authorization: Bearer kb_…`.' },
  adminToken: { type: 'http', scheme: 'bearer', description: 'The admin token (`--admin-token`, KB_ADMIN_TOKEN or KB_ADMIN_TOKEN_FILE): the inbox, statistics, reload and the server’s state.' },
  slackSignature: { type: 'apiKey', in: 'header', name: 'x-slack-signature', description: 'Slack’s v0 signature of the body, with x-slack-request-timestamp (KB_SLACK_SIGNING_SECRET).' },
  teamsHmac: { type: 'apiKey', in: 'header', name: 'authorization', description: '`HMAC <signature>` of a Teams outgoing webhook (KB_TEAMS_SECURITY_TOKEN).' },
} as const;

type Schema = { hide?: boolean; response?: Record<string | number, unknown>; security?: unknown[] };

/**
 * Completes a route's OpenAPI description with what every route shares, so no route can forget
 * it: the server's own failures (500) and load shedding (503), the rate limit (429) where it
 * counts, and who may call it. API routes take an API key, optional unless KB_REQUIRE_API_KEY.
 */
export function documentRoutes(options: { requireApiKey: boolean }): (route: RouteOptions) => void {
  const keyOptional = [{}, { apiKey: [] }, { apiKeyBearer: [] }];
  const keyRequired = [{ apiKey: [] }, { apiKeyBearer: [] }];
  return (route) => {
    const schema = route.schema as Schema | undefined;
    if (!schema || schema.hide) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const config = route.config as { admin?: boolean; ownAuth?: boolean; rateLimited?: boolean } | undefined;
    const add: number[] = [500, 503];
    if (config?.rateLimited || methods.some((m) => RATE_LIMITED_ROUTES.has(`${m} ${route.url}`))) add.push(429);
    if (config?.admin) {
      schema.security ??= [{ adminToken: [] }];
      add.push(401, 403, 404);
    } else if (route.url.startsWith('/v1/') && !config?.ownAuth) {
      // /v1/status stays open to anonymous callers (liveness checks), whatever KB_REQUIRE_API_KEY says.
      schema.security ??= options.requireApiKey && route.url !== '/v1/status' ? keyRequired : keyOptional;
      add.push(401);
    }
    schema.response = { ...errorResponses(...add.filter((s) => !(s in (schema.response ?? {})))), ...schema.response };
  };
}
