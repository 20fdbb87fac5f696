import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { appFor, BUNDLED_KB_DIR } from '../helpers/http-app.js';

// Issue 15: GET /docs/json answered 500 whenever an admin token was set (the admin routes named a
// security scheme no one defined). The document must be valid OpenAPI in every configuration, as
// a maintained validator of the specification judges it.

describe('the OpenAPI document', () => {
  for (const [name, protection] of [
    ['without an admin token', {}],
    ['with an admin token', { adminToken: 'test-admin-token-0123456789abcdef' }],
  ] as const) {
    it(`is valid OpenAPI ${name}`, async () => {
      const app = await appFor(BUNDLED_KB_DIR, { protection });
      try {
        const res = await app.inject({ method: 'GET', url: '/docs/json' });
        expect(res.statusCode).toBe(200);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        const doc = res.json();
        const result = await new Validator().validate(doc);
        expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)).toEqual([]);
        expect(result.valid).toBe(true);
        const admin = 'adminToken' in protection;
        expect(Object.keys(doc.paths).includes('/v1/inbox')).toBe(admin);
        expect(doc.components.securitySchemes.adminToken).toMatchObject({ type: 'http', scheme: 'bearer' });
      } finally {
        await app.close();
      }
    });
  }

  it('is served with a content security policy and no framing', async () => {
    const app = await appFor(BUNDLED_KB_DIR);
    try {
      const res = await app.inject({ method: 'GET', url: '/docs' });
      const page = res.statusCode === 302 ? await app.inject({ method: 'GET', url: res.headers.location as string }) : res;
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(page.headers['x-frame-options']).toBe('DENY');
    } finally {
      await app.close();
    }
  });
});
