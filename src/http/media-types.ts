import type { onRequestHookHandler, preValidationHookHandler, RouteOptions } from 'fastify';
import { httpError } from './errors.js';

/**
 * A route whose body schema lists content types (`body.content`) accepts only those: anything
 * else is refused with 415 before the body is read. (Fastify would otherwise parse any type it
 * knows and skip validation for types the schema does not list.)
 */
export function enforceMediaTypes(route: RouteOptions): void {
  const content = (route.schema?.body as { content?: Record<string, unknown> } | undefined)?.content;
  if (!content) return;
  const accepted = Object.keys(content).map((t) => t.toLowerCase());
  // Callback hooks, not async ones: a promise per request for a header check costs a turn of the event loop.
  const check: onRequestHookHandler = (request, _reply, done) => {
    const header = request.headers['content-type'];
    if (header === undefined) return done();
    const type = (header.split(';')[0] ?? '').trim().toLowerCase();
    if (!accepted.includes(type)) return done(httpError('KB_HTTP_UNSUPPORTED_MEDIA_TYPE', type.slice(0, 100) || '(empty)', accepted));
    done();
  };
  const existing = route.onRequest;
  route.onRequest = existing === undefined ? [check] : Array.isArray(existing) ? [check, ...existing] : [check, existing];
  // A request with neither a content type nor a body is never parsed, so fastify would hand the
  // handler an undefined body without validating it.
  const requireBody: preValidationHookHandler = (request, _reply, done) => {
    if (request.body === undefined || request.body === null) return done(httpError('KB_HTTP_EMPTY_BODY'));
    done();
  };
  const before = route.preValidation;
  route.preValidation = before === undefined ? [requireBody] : Array.isArray(before) ? [requireBody, ...before] : [requireBody, before];
}
