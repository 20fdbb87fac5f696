import { describe, expect, it } from 'vitest';
import { appFor, FIXTURE_KB_DIR } from '../../helpers/http-app.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const PASTE = 'text=' + encodeURIComponent('write /data: No space left on device');

describe('web forms and headers (issue 15)', () => {
  it('refuses forms posted from another site, and takes those from its own pages and from tools', async () => {
    const app = await appFor(FIXTURE_KB_DIR);
    try {
      const post = (url: string, headers: Record<string, string>, payload = PASTE) => app.inject({ method: 'POST', url, headers: { ...FORM, host: 'kb.example.test', ...headers }, payload });
      for (const url of ['/', '/try', '/feedback']) {
        const evil = await post(url, { origin: 'https://evil.example' }, url === '/feedback' ? 'rule=disk-full&article=disk-full&helpful=yes' : PASTE);
        expect([url, evil.statusCode]).toEqual([url, 403]);
        expect(evil.body).toContain('another site');
      }
      expect((await post('/', { referer: 'https://evil.example/page' })).statusCode).toBe(403);
      expect((await post('/', { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
      expect((await post('/', { origin: 'null' })).statusCode).toBe(403);
      expect((await post('/', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).body).toContain('https://evil.example');
      // Chromium's own form under `Referrer-Policy: no-referrer`: Origin null, but Sec-Fetch-Site same-origin.
      expect((await post('/', { origin: 'null', 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
      expect((await post('/', { origin: 'http://kb.example.test' })).statusCode).toBe(200);
      expect((await post('/', { referer: 'http://kb.example.test/' })).statusCode).toBe(200);
      // The default port written out is the same site; another port is another origin.
      expect((await post('/', { origin: 'http://kb.example.test:80' })).statusCode).toBe(200);
      expect((await post('/', { origin: 'http://kb.example.test:8080' })).statusCode).toBe(403);
      expect((await post('/', {})).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('marks answers that echo a paste no-store, and JSON nosniff', async () => {
    const app = await appFor(FIXTURE_KB_DIR);
    try {
      const api = await app.inject({ method: 'POST', url: '/v1/match', payload: { text: 'No space left on device' } });
      expect(api.headers['cache-control']).toBe('no-store');
      expect(api.headers['x-content-type-options']).toBe('nosniff');
      const page = await app.inject({ method: 'POST', url: '/', headers: FORM, payload: PASTE });
      expect(page.headers['cache-control']).toBe('no-store');
      const search = await app.inject({ method: 'GET', url: '/articles?q=disk' });
      expect(search.headers['cache-control']).toBe('no-store');
      const status = await app.inject({ method: 'GET', url: '/v1/status' });
      expect(status.headers['x-content-type-options']).toBe('nosniff');
      expect(status.headers['cache-control']).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('rate-limits every route that evaluates or stores, web forms and /v1/lint included', async () => {
    const app = await appFor(FIXTURE_KB_DIR, { protection: { rateLimitMax: 2, rateLimitWindowMs: 60_000 } });
    try {
      const routes = [
        { method: 'POST' as const, url: '/', headers: FORM, payload: PASTE },
        { method: 'POST' as const, url: '/try', headers: FORM, payload: PASTE },
        { method: 'POST' as const, url: '/feedback', headers: FORM, payload: 'rule=disk-full&article=disk-full&helpful=yes' },
        { method: 'POST' as const, url: '/v1/lint', headers: { 'content-type': 'text/plain' }, payload: 'id: x' },
      ];
      for (const route of routes) {
        const codes: number[] = [];
        for (let i = 0; i < 3; i++) codes.push((await app.inject({ ...route, remoteAddress: `10.1.0.${routes.indexOf(route)}` })).statusCode);
        expect([route.url, codes[2]]).toEqual([route.url, 429]);
      }
    } finally {
      await app.close();
    }
  });
});
