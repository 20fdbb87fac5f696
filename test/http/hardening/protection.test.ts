import { afterAll, describe, expect, it } from 'vitest';
import { tokensEqual } from '../../../src/http/plugins/admin-auth.js';
import { appFor, FIXTURE_KB_DIR } from '../../helpers/http-app.js';

const TOKEN = 'admin-token-0123456789abcdef';
const PASTE = 'No space left on device';

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a client exceeds the limit on POST /v1/match, and leaves other routes alone', async () => {
    const app = await appFor(FIXTURE_KB_DIR, { protection: { rateLimitMax: 3, rateLimitWindowMs: 60_000 } });
    const post = () => app.inject({ method: 'POST', url: '/v1/match', headers: { 'content-type': 'text/plain' }, payload: PASTE });
    for (let i = 0; i < 3; i++) expect((await post()).statusCode).toBe(200);
    const refused = await post();
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toMatchObject({ statusCode: 429, code: 'KB_HTTP_RATE_LIMITED', error: 'Too Many Requests' });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v1/articles' })).statusCode).toBe(200);
    await app.close();
  });

  it('is off when the limit is 0 (the default of buildApp, so other tests are not throttled)', async () => {
    const app = await appFor(FIXTURE_KB_DIR);
    for (let i = 0; i < 200; i++) {
      const r = await app.inject({ method: 'POST', url: '/v1/match', headers: { 'content-type': 'text/plain' }, payload: PASTE });
      expect(r.statusCode).toBe(200);
    }
    await app.close();
  });
});

describe('load shedding', () => {
  it('answers 503 with Retry-After when the process is over its memory limit', async () => {
    const app = await appFor(FIXTURE_KB_DIR, { protection: { maxRssBytes: 1, sampleIntervalMs: 5 } });
    await new Promise((r) => setTimeout(r, 50));
    const r = await app.inject({ method: 'POST', url: '/v1/match', headers: { 'content-type': 'text/plain' }, payload: PASTE });
    expect(r.statusCode).toBe(503);
    expect(r.headers['retry-after']).toBe('10');
    expect(r.json()).toMatchObject({ statusCode: 503, code: 'KB_HTTP_OVERLOADED' });
    await app.close();
  });
});

describe('admin routes', () => {
  const withToken = appFor(FIXTURE_KB_DIR, { protection: { adminToken: TOKEN } });
  const withoutToken = appFor(FIXTURE_KB_DIR);
  afterAll(async () => Promise.all([(await withToken).close(), (await withoutToken).close()]));

  it('do not exist without a configured token', async () => {
    const app = await withoutToken;
    for (const [method, url] of [['POST', '/v1/reload'], ['GET', '/v1/admin/status']] as const) {
      const r = await app.inject({ method, url, headers: { authorization: `Bearer ${TOKEN}` } });
      expect(r.statusCode).toBe(404);
      expect(r.json().code).toBe('KB_HTTP_ROUTE_NOT_FOUND');
    }
  });

  it('need the bearer token: 401 without one, 403 with a wrong one, 200 with the right one', async () => {
    const app = await withToken;
    const missing = await app.inject({ method: 'POST', url: '/v1/reload' });
    expect([missing.statusCode, missing.json().code, missing.headers['www-authenticate']]).toEqual([401, 'KB_HTTP_ADMIN_TOKEN_MISSING', 'Bearer realm="kb-admin"']);
    const wrong = await app.inject({ method: 'POST', url: '/v1/reload', headers: { authorization: `Bearer ${TOKEN}x` } });
    expect([wrong.statusCode, wrong.json().code]).toEqual([403, 'KB_HTTP_ADMIN_TOKEN_INVALID']);
    const basic = await app.inject({ method: 'GET', url: '/v1/admin/status', headers: { authorization: `Basic ${TOKEN}` } });
    expect(basic.statusCode).toBe(401);
    const reload = await app.inject({ method: 'POST', url: '/v1/reload', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(reload.statusCode).toBe(200);
    expect(reload.json()).toMatchObject({ ok: true, fingerprint: expect.any(String) });
    const status = await app.inject({ method: 'GET', url: '/v1/admin/status', headers: { authorization: `bearer ${TOKEN}` } });
    expect(status.statusCode).toBe(200);
    expect(status.json().memory.rss).toBeGreaterThan(0);
  });

  it('compares tokens by value whatever their lengths', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(TOKEN.slice(0, -1), TOKEN)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
  });
});
