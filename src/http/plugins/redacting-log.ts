import type { FastifyServerOptions } from 'fastify';
import { redactSecrets } from '../../redact/redact-secrets.js';

interface RequestLike {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * The logger options with serializers that pass request URLs and error messages through the
 * redactor: a client may put a token in a query string, and a parser's error may quote the body.
 */
export function redactingLogger(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return logger;
  const options = logger === true ? {} : logger;
  return {
    ...options,
    serializers: {
      req: (request: RequestLike) => ({ method: request.method, url: redactSecrets(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort }),
      err: (error: Error & { code?: string; statusCode?: number }) => ({
        type: error.name,
        code: error.code,
        statusCode: error.statusCode,
        message: redactSecrets(String(error.message)),
        stack: redactSecrets(String(error.stack ?? '')),
      }),
      ...(options as { serializers?: Record<string, unknown> }).serializers,
    },
  } as FastifyServerOptions['logger'];
}
