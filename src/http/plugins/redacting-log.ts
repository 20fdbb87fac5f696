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
 * A client's address with its host part dropped (IPv4 to its /24, IPv6 to its /48): enough to see
 * a misbehaving network, not to name a person. Loopback stays as it is.
 */
function maskAddress(ip: string | undefined): string | undefined {
  if (!ip || ip === '127.0.0.1' || ip === '::1') return ip;
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+)\.\d+$/.exec(ip);
  if (v4) return `${v4[1]}.0/24`;
  const groups = ip.split(':');
  return groups.length > 3 ? `${groups.slice(0, 3).join(':')}::/48` : ip;
}

/**
 * The logger options with serializers that pass request URLs and error messages through the
 * redactor: a client may put a token in a query string, and a parser's error may quote the body.
 */
export function redactingLogger(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return logger;
  const options = logger === true ? {} : logger;
  const redactUrl = cleanUrlsRemembered();
  return {
    ...options,
    serializers: {
      req: (request: RequestLike) => ({ method: request.method, url: redactUrl(request.url), host: request.host, remoteAddress: maskAddress(request.ip), remotePort: request.socket?.remotePort }),
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

/** Clean URLs remembered at most: a server sees a handful again and again (/v1/match, /healthz). */
const MAX_CLEAN_URLS = 512;

/**
 * redactSecrets for request URLs, remembering the URLs it found nothing in: redacting a URL costs
 * more than the rest of its log line (every request is logged at the default level), and most
 * requests repeat a few URLs. Only URLs that hold no secret are kept; the rest are redacted every time.
 */
function cleanUrlsRemembered(): (url: string) => string {
  const clean = new Set<string>();
  return (url) => {
    if (clean.has(url)) return url;
    const redacted = redactSecrets(url);
    if (redacted === url) {
      if (clean.size === MAX_CLEAN_URLS) clean.clear();
      clean.add(url);
    }
    return redacted;
  };
}
