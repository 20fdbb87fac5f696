import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, resolveCorsOrigins } from '../../../src/config.js';
import { appFor, FIXTURE_KB_DIR } from '../../helpers/http-app.js';

const HELPDESK = 'https://helpdesk.example.com';

describe('KB_CORS_ORIGINS', () => {
  it('lists exact origins; a wildcard, a path or a non-URL is refused by name', () => {
    expect(resolveCorsOrigins({})).toEqual([]);
    expect(resolveCorsOrigins({ KB_CORS_ORIGINS: 'https://a.example.com, http://localhost:5173 https://b.example.com/' })).toEqual([
      'https://a.example.com',
      'http://localhost:5173',
      'https://b.example.com',
    ]);
    for (const bad of ['*', 'helpdesk.example.com', 'https://a.example.com/app', 'file:///tmp/x']) {
      expect(() => resolveCorsOrigins({ KB_CORS_ORIGINS: bad }), bad).toThrow(ConfigError);
    }
  });
});

describe('CORS', () => {
  let off: FastifyInstance;
  let on: FastifyInstance;
  beforeAll(async () => {
    off = await appFor(FIXTURE_KB_DIR);
    on = await appFor(FIXTURE_KB_DIR, { corsOrigins: [HELPDESK] });
  });
  afterAll(async () => {
    await off.close();
    await on.close();
  });

  const preflight = (app: FastifyInstance, origin: string) =>
    app.inject({ method: 'OPTIONS', url: '/v1/match', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-api-key' } });

  it('is off by default: no CORS header, and a preflight finds no route', async () => {
    const res = await off.inject({ method: 'POST', url: '/v1/match', headers: { origin: HELPDESK }, payload: { text: 'No space left on device' } });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const pre = await preflight(off, HELPDESK);
    expect(pre.statusCode).toBe(404);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a configured origin’s preflight, allowing the API key header, and its requests', async () => {
    const pre = await preflight(on, HELPDESK);
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(HELPDESK);
    expect(String(pre.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(pre.headers['access-control-allow-headers'])).toContain('x-api-key');
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
    const res = await on.inject({ method: 'POST', url: '/v1/match', headers: { origin: HELPDESK }, payload: { text: 'No space left on device' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(HELPDESK);
    expect(String(res.headers['access-control-expose-headers'])).toContain('x-request-id');
    expect(String(res.headers.vary)).toMatch(/origin/i);
  });

  it('gives another origin nothing to read with', async () => {
    const pre = await preflight(on, 'https://evil.example.net');
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const res = await on.inject({ method: 'GET', url: '/v1/status', headers: { origin: 'https://evil.example.net' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
