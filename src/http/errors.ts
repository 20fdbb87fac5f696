import { STATUS_CODES } from 'node:http';
import type { FastifyError } from 'fastify';
import { PasteInputError } from '../match/paste-input.js';

/**
 * Every error the HTTP API answers with, in one place: code → status, message and how to solve
 * it. docs/http-errors.md documents each code; a test keeps the two in step. Fastify's own
 * errors (body too large, malformed JSON …) are translated to these codes by `toErrorResponse`.
 */
export const HTTP_ERRORS = {
  KB_HTTP_ROUTE_NOT_FOUND: { statusCode: 404, message: (method: string, url: string) => `there is no route ${method} ${url}: see /docs for the API` },
  KB_HTTP_ARTICLE_NOT_FOUND: { statusCode: 404, message: (id: string) => `there is no article "${id}": GET /v1/articles lists them` },
  KB_HTTP_RULE_NOT_FOUND: { statusCode: 404, message: (id: string) => `there is no rule "${id}": GET /v1/rules lists them` },
  KB_HTTP_FEEDBACK_MISMATCH: {
    statusCode: 400,
    message: (rule: string, answers: string, given: string) => `rule "${rule}" answers with article "${answers}", not "${given}": send the rule and article of the same match`,
  },
  KB_HTTP_INVALID_REQUEST: { statusCode: 400, message: (detail: string) => `the request does not fit the API schema: ${detail}` },
  KB_HTTP_MALFORMED_JSON: { statusCode: 400, message: () => 'the body is not valid JSON: send a JSON object, or the raw text with content-type text/plain' },
  KB_HTTP_EMPTY_BODY: { statusCode: 400, message: () => 'the body is empty: send a JSON object, or the raw text with content-type text/plain' },
  KB_HTTP_INVALID_UTF8: { statusCode: 400, message: () => 'the body is not valid UTF-8 text: send the error message as UTF-8 text' },
  KB_HTTP_BAD_CONTENT_LENGTH: { statusCode: 400, message: () => 'the body is shorter or longer than its content-length header says' },
  KB_HTTP_BODY_TOO_LARGE: { statusCode: 413, message: (limit: number) => `the body is larger than the limit of ${limit} bytes: send the lines around the error, not the whole log` },
  KB_HTTP_UNSUPPORTED_MEDIA_TYPE: {
    statusCode: 415,
    message: (type: string, accepted: readonly string[]) => `content-type "${type}" is not accepted here: send ${accepted.join(' or ')}`,
  },
  KB_HTTP_BAD_REQUEST: { statusCode: 400, message: (detail: string) => `the request cannot be handled: ${detail}` },
  KB_INPUT_EMPTY: { statusCode: 400, message: (detail: string) => detail },
  KB_INPUT_TOO_LARGE: { statusCode: 413, message: (detail: string) => detail },
  KB_INPUT_BINARY: { statusCode: 400, message: (detail: string) => detail },
  KB_INPUT_TOO_MANY_LINES: { statusCode: 413, message: (detail: string) => detail },
  KB_INPUT_TOO_DEEP: { statusCode: 422, message: (detail: string) => detail },
  KB_INPUT_TIMEOUT: { statusCode: 422, message: (detail: string) => detail },
  KB_HTTP_RATE_LIMITED: { statusCode: 429, message: (detail: string) => detail },
  KB_HTTP_OVERLOADED: { statusCode: 503, message: (detail: string) => detail },
  KB_HTTP_ADMIN_TOKEN_MISSING: { statusCode: 401, message: () => 'this route needs the admin token: send `Authorization: Bearer <KB_ADMIN_TOKEN>`' },
  KB_HTTP_ADMIN_TOKEN_INVALID: { statusCode: 403, message: () => 'the admin token is not the configured one' },
  KB_HTTP_API_KEY_MISSING: { statusCode: 401, message: () => 'this server requires an API key: send `x-api-key: <key>` or `Authorization: Bearer <key>` (an operator creates one with `kb keys add NAME`)' },
  KB_HTTP_API_KEY_INVALID: { statusCode: 401, message: () => 'the API key is unknown or revoked: ask an operator for a current key (`kb keys list`)' },
  KB_HTTP_SIGNATURE_INVALID: { statusCode: 401, message: (detail: string) => detail },
  KB_HTTP_INTERNAL: { statusCode: 500, message: (requestId: string) => `the server failed to answer this request; its log has the details under request id ${requestId}` },
} as const;

export type HttpErrorCode = keyof typeof HTTP_ERRORS;
type MessageArgs<C extends HttpErrorCode> = Parameters<(typeof HTTP_ERRORS)[C]['message']>;

/** The one shape of every error body. */
export interface ErrorResponse {
  statusCode: number;
  code: string;
  error: string;
  message: string;
}

/** An error a route throws on purpose; the error handler turns it into an ErrorResponse. */
export class HttpError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: HttpErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = HTTP_ERRORS[code].statusCode;
  }
}

/** Creates the catalogue error `code`, its message filled from `args`. */
export function httpError<C extends HttpErrorCode>(code: C, ...args: MessageArgs<C>): HttpError {
  const message = (HTTP_ERRORS[code].message as (...a: MessageArgs<C>) => string)(...args);
  return new HttpError(code, message);
}

export function errorResponse(error: HttpError): ErrorResponse {
  return { statusCode: error.statusCode, code: error.code, error: STATUS_CODES[error.statusCode] ?? 'Error', message: error.message };
}

/** Fastify's body-parsing errors, by their code, in our catalogue's words. */
function fromFastifyCode(error: FastifyError, limits: { bodyLimit: number }): HttpError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return httpError('KB_HTTP_BODY_TOO_LARGE', limits.bodyLimit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError('KB_HTTP_UNSUPPORTED_MEDIA_TYPE', 'this content-type is not accepted here: send application/json or text/plain');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return httpError('KB_HTTP_MALFORMED_JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return httpError('KB_HTTP_EMPTY_BODY');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return httpError('KB_HTTP_BAD_CONTENT_LENGTH');
    default:
      return undefined;
  }
}

/**
 * Turns anything thrown while handling a request into a catalogue error. Whatever the client
 * sent, the answer is a 4xx; only a fault of the server itself becomes KB_HTTP_INTERNAL.
 */
export function toHttpError(error: unknown, context: { bodyLimit: number; requestId: string }): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof PasteInputError) return new HttpError(error.code, error.message);
  if ((error as { code?: unknown })?.code === 'KB_HTTP_RATE_LIMITED') return new HttpError('KB_HTTP_RATE_LIMITED', (error as Error).message);
  const fastifyError = error as FastifyError;
  if (fastifyError?.validation) return httpError('KB_HTTP_INVALID_REQUEST', fastifyError.message);
  const known = fromFastifyCode(fastifyError, context);
  if (known) return known;
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const translated = httpError('KB_HTTP_BAD_REQUEST', fastifyError.message);
    // Keep the status fastify chose (405, 414, 431 …): it is more precise than a plain 400.
    return Object.assign(translated, { statusCode: status });
  }
  return httpError('KB_HTTP_INTERNAL', context.requestId);
}
