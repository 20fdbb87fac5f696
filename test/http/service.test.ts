import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/build-app.js';
import { KnowledgeBaseHolder } from '../../src/serve/knowledge-base-holder.js';
import { appFor, FIXTURE_KB_DIR, logCollector, openHolder } from '../helpers/http-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await appFor(FIXTURE_KB_DIR, { limits: { bodyLimit: 2048, maxPasteBytes: 1024 } });
});
afterAll(() => app.close());

describe('GET /healthz and GET /v1/status', () => {
  it('answers liveness', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('describes the served knowledge base', async () => {
    const kb = app.kb.current();
    const res = await app.inject({ method: 'GET', url: '/v1/status' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      rules: 2,
      articles: 2,
      warnings: 0,
      fingerprint: kb.fingerprint,
      loadedAt: kb.loadedAt,
      watching: false,
      lastReload: null,
      lastFailedReload: null,
      workers: [{ pid: process.pid, fingerprint: kb.fingerprint, loadedAt: kb.loadedAt, lastReload: null }],
    });
    expect(kb.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });
});

/** Keywords an OpenAPI 3.0 Schema Object may have (its JSON Schema subset; no $id, no type "null"). */
const SCHEMA_KEYWORDS = new Set(
  'title multipleOf maximum exclusiveMaximum minimum exclusiveMinimum maxLength minLength pattern maxItems minItems uniqueItems maxProperties minProperties required enum type not allOf oneOf anyOf items properties additionalProperties description format default nullable discriminator readOnly writeOnly example externalDocs deprecated xml'.split(' '),
);
const SCHEMA_TYPES = new Set(['array', 'boolean', 'integer', 'number', 'object', 'string']);

/** What makes a document invalid under the OpenAPI 3.0 rules our generator could break. */
function openApi30Problems(doc: any): string[] {
  const problems: string[] = [];
  const schema = (s: any, where: string): void => {
    if (typeof s !== 'object' || s === null) return void problems.push(`${where}: not an object`);
    if ('$ref' in s) return;
    for (const key of Object.keys(s)) if (!SCHEMA_KEYWORDS.has(key) && !key.startsWith('x-')) problems.push(`${where}: keyword ${key}`);
    if ('type' in s && !SCHEMA_TYPES.has(s.type)) problems.push(`${where}: type ${JSON.stringify(s.type)}`);
    if (s.not) schema(s.not, `${where}/not`);
    if (s.items) schema(s.items, `${where}/items`);
    for (const k of ['allOf', 'oneOf', 'anyOf']) (s[k] ?? []).forEach((x: unknown, i: number) => schema(x, `${where}/${k}/${i}`));
    for (const [name, p] of Object.entries(s.properties ?? {})) schema(p, `${where}/properties/${name}`);
    if (typeof s.additionalProperties === 'object') schema(s.additionalProperties, `${where}/additionalProperties`);
  };
  for (const [name, s] of Object.entries(doc.components?.schemas ?? {})) {
    if (!/^[a-zA-Z0-9.\-_]+$/.test(name)) problems.push(`component name ${name}`);
    schema(s, `#/components/schemas/${name}`);
  }
  for (const [path, methods] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(methods)) {
      const where = `${method} ${path}`;
      for (const p of op.parameters ?? []) {
        schema(p.schema, `${where} ${p.in} ${p.name}`);
        if (p.in === 'path' && p.required !== true) problems.push(`${where}: path parameter ${p.name} must be required`);
        if (p.in === 'path' && !path.includes(`{${p.name}}`)) problems.push(`${where}: path parameter ${p.name} not in the path`);
      }
      for (const [type, media] of Object.entries<any>(op.requestBody?.content ?? {})) schema(media.schema, `${where} body ${type}`);
      for (const [status, response] of Object.entries<any>(op.responses)) {
        if (!/^[1-5](\d\d|XX)$|^default$/.test(status)) problems.push(`${where}: response key ${status}`);
        if (typeof response.description !== 'string') problems.push(`${where} ${status}: no description`);
        for (const [type, media] of Object.entries<any>(response.content ?? {})) schema(media.schema, `${where} ${status} ${type}`);
      }
    }
  }
  return problems;
}

describe('OpenAPI document and Swagger UI', () => {
  it('is an OpenAPI 3 document listing every route with its responses', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    const operations = Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown>; summary?: string }>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.map((o) => o.route).sort()).toEqual(
      [
        'GET /healthz',
        'GET /readyz',
        'GET /metrics',
        'GET /v1/status',
        'POST /v1/match',
        'GET /v1/articles',
        'GET /v1/articles/{id}',
        'GET /v1/rules',
        'GET /v1/rules/{id}',
        'POST /v1/lint',
        'POST /v1/try',
        'POST /v1/feedback',
      ].sort(),
    );
    for (const { route, op } of operations) {
      expect(op.summary, route).toBeTruthy();
      expect(op.responses['200'], route).toBeDefined();
    }
    // Every $ref points at a schema the document defines.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of new Set(refs)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split('/').pop()!], ref).toBeDefined();
    }
    expect(Object.keys(doc.paths['/v1/match'].post.requestBody.content).sort()).toEqual(['application/json', 'text/plain']);
    expect(openApi30Problems(doc)).toEqual([]);
  });

  it('serves Swagger UI from the package, with no script or style from another host', async () => {
    const page = await app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const html = page.body;
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets) expect(asset, asset).not.toMatch(/^(https?:)?\/\//);
    const script = assets.find((a) => a.endsWith('swagger-ui-bundle.js'))!;
    const bundle = await app.inject({ method: 'GET', url: new URL(script, 'http://x/docs/').pathname });
    expect(bundle.statusCode).toBe(200);
  });
});

describe('errors', () => {
  it('answers an unknown route with the same error shape', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/v1/match?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ statusCode: 404, code: 'KB_HTTP_ROUTE_NOT_FOUND', error: 'Not Found', message: 'there is no route DELETE /v1/match: see /docs for the API' });
  });

  it('answers a malformed URL with 400 in the same shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/articles/%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, code: 'KB_HTTP_BAD_REQUEST', error: 'Bad Request' });
  });

  it('answers a fault of the server with 500 KB_HTTP_INTERNAL, without its details', async () => {
    const holder = await openHolder(FIXTURE_KB_DIR);
    const broken = buildApp({ knowledgeBase: holder });
    broken.get('/v1/boom', async () => {
      throw new Error('secret internal detail');
    });
    const res = await broken.inject({ method: 'GET', url: '/v1/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ statusCode: 500, code: 'KB_HTTP_INTERNAL', error: 'Internal Server Error' });
    expect(res.body).not.toContain('secret internal detail');
    expect(res.json().message).toContain(String(res.headers['x-request-id']));
    await broken.close();
  });

  it('answers a POST with neither a content type nor a body with 400, on every route that takes a body', async () => {
    for (const url of ['/v1/match', '/v1/lint', '/v1/try']) {
      const res = await app.inject({ method: 'POST', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code, url).toBe('KB_HTTP_EMPTY_BODY');
    }
  });

  it('never answers 5xx, whatever a client sends', async () => {
    const routes = ['/v1/match', '/v1/lint', '/v1/try', '/v1/articles', '/v1/articles/x', '/v1/rules/x', '/v1/status', '/healthz', '/nope'];
    const contentTypes = ['application/json', 'text/plain', 'text/plain; charset=latin1', 'application/x-www-form-urlencoded', 'multipart/form-data', '', 'application/json; charset=utf-8', ';;', 'text/'];
    const bodies = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc.record({ text: fc.string(), rule: fc.string(), source: fc.string(), limit: fc.integer(), context: fc.anything() }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
      fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
      fc.string({ minLength: 2000, maxLength: 2600 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT'), fc.constantFrom(...routes), fc.string({ maxLength: 30 }), fc.constantFrom(...contentTypes), bodies, async (method, route, query, contentType, body) => {
        const headers = contentType ? { 'content-type': contentType } : undefined;
        const url = `${route}?${encodeURIComponent(query)}=${encodeURIComponent(query)}`;
        const res = await app.inject({ method, url, headers, ...(method === 'GET' ? {} : { payload: body }) });
        expect(res.statusCode, `${method} ${url} ${contentType}`).toBeLessThan(500);
        const answer = res.json();
        if (res.statusCode >= 400) expect(Object.keys(answer).sort()).toEqual(['code', 'error', 'message', 'statusCode']);
      }),
      { numRuns: 300 },
    );
  });
});

describe('logging', () => {
  it('logs a paste as its length and hash, never its text — not even when the JSON around it is malformed', async () => {
    const log = logCollector();
    const logged = buildApp({ knowledgeBase: await openHolder(FIXTURE_KB_DIR), logger: { level: 'info', stream: log.stream } });
    const secret = 'token=sk_live_51HqLyjWDarjtT1zdp7dc No space left on device';
    const ok = await logged.inject({ method: 'POST', url: '/v1/match', headers: { 'content-type': 'text/plain' }, payload: secret });
    expect(ok.statusCode).toBe(200);
    await logged.inject({ method: 'POST', url: '/v1/match', headers: { 'content-type': 'application/json' }, payload: `{"text": "${secret}` });
    await logged.inject({ method: 'POST', url: '/v1/try', payload: { rule: 'id: x', text: secret } });
    await logged.inject({ method: 'POST', url: '/v1/match', payload: { text: secret, colour: 'sk_live_51HqLyjWDarjtT1zdp7dc' } });
    await logged.close();
    expect(log.text()).not.toContain('sk_live_51HqLyjWDarjtT1zdp7dc');
    expect(log.text()).not.toContain('No space left');
    const matched = log.lines().find((l) => l.msg === 'paste matched');
    expect(matched).toMatchObject({ paste: { length: secret.length, sha256: expect.stringMatching(/^[0-9a-f]{16}$/) }, top: 'disk-full' });
    expect(log.lines().filter((l) => l.msg === 'request refused').map((l) => l.code)).toEqual(['KB_HTTP_MALFORMED_JSON', 'KB_HTTP_INVALID_REQUEST']);
    expect(log.lines().some((l) => l.msg === 'rule tried')).toBe(true);
  });
});

describe('KnowledgeBaseHolder', () => {
  it('cannot reload a knowledge base given without a loader', async () => {
    const holder = new KnowledgeBaseHolder((await openHolder(FIXTURE_KB_DIR)).current());
    expect(holder.canReload).toBe(false);
    await expect(holder.reload()).rejects.toThrow(/without a loader/);
  });
});
