import { STATUS_CODES } from 'node:http';
import type { FastifyError } from 'fastify';
import { REQUEST_ERRORS, requestErrorMessage, type MessageArgs, type RequestErrorCode } from '../diagnostics/codes.js';
import { PasteInputError } from '../match/paste-input.js';

/**
 * The API's side of the one error catalogue (diagnostics/codes.ts REQUEST_ERRORS): code → status,
 * message template, when and how to solve it. docs/http-errors.md documents each code; a test keeps
 * the two in step. Fastify's own errors (body too large, malformed JSON …) are translated to these
 * codes by `toHttpError`.
 */
export const HTTP_ERRORS = REQUEST_ERRORS;

export type HttpErrorCode = RequestErrorCode;

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
    this.statusCode = REQUEST_ERRORS[code].status;
  }
}

/** Creates the catalogue error `code`, its message filled from `args`. */
export function httpError<C extends HttpErrorCode>(code: C, ...args: MessageArgs<C>): HttpError {
  return new HttpError(code, requestErrorMessage(code, ...args));
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
      return httpError('KB_HTTP_UNSUPPORTED_MEDIA_TYPE', undefined, ['application/json', 'text/plain']);
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
