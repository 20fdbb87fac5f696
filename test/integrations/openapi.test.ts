import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance } from 'fastify';
import openapiTS, { astToString } from 'openapi-typescript';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_ERRORS } from '../../src/http/errors.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { appFor, BUNDLED_KB_DIR, SCIM_PASTE } from '../helpers/http-app.js';
import { article, bestArticle, feedback, inbox, kbClient } from './openapi-client.js';

const run = promisify(execFile);
const GENERATED = join(import.meta.dirname, 'generated/kb-api.d.ts');
const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of the document with its method and path. */
function operations(doc: OpenAPIV3.Document): { method: string; path: string; op: OpenAPIV3.OperationObject }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item?.[m]).map((method) => ({ method, path, op: item![method]! })));
}

describe('the OpenAPI document', () => {
  let dir: string;
  let store: SqliteStore;
  let app: FastifyInstance;
  let doc: OpenAPIV3.Document;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'integrations-openapi-'));
    store = new SqliteStore(dir);
    // Everything on, so every route is in the document.
    app = await appFor(BUNDLED_KB_DIR, {
      store,
      publicUrl: 'https://kb.example.com',
      protection: { adminToken: ADMIN_TOKEN },
      slack: { signingSecret: 'slack-signing-secret' },
      teams: { securityToken: Buffer.from('teams-security-token-32-bytes!!!').toString('base64') },
    });
    doc = (await app.inject({ url: '/docs/json' })).json<OpenAPIV3.Document>();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is a valid OpenAPI 3 document (schema and references)', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
    expect(doc.openapi).toMatch(/^3\./);
  });

  it('names every operation, each name once', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThanOrEqual(18);
    for (const { method, path, op } of ops) expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents the error answers: 500 and 503 everywhere, 401 on the API, 422 and 429 where a paste is matched, all in the one Error shape', () => {
    for (const { method, path, op } of operations(doc)) {
      const codes = Object.keys(op.responses);
      const where = `${method} ${path}`;
      expect(codes, where).toEqual(expect.arrayContaining(['500', '503']));
      if (path.startsWith('/v1/')) expect(codes, where).toContain('401');
      if (['/v1/match', '/v1/try'].includes(path)) expect(codes, where).toEqual(expect.arrayContaining(['400', '413', '415', '422', '429']));
      for (const code of codes.filter((c) => Number(c) >= 400)) {
        const schema = (op.responses[code] as OpenAPIV3.ResponseObject).content?.['application/json']?.schema as OpenAPIV3.ReferenceObject | undefined;
        expect(schema?.$ref, `${where} ${code}`).toBe('#/components/schemas/Error');
      }
    }
    // Every status the error catalogue can answer is documented somewhere.
    const documented = new Set(operations(doc).flatMap((o) => Object.keys(o.op.responses)));
    for (const { status } of Object.values(HTTP_ERRORS)) expect(documented, String(status)).toContain(String(status));
  });

  it('defines every security scheme it uses: API key (header or bearer, optional), admin token, Slack and Teams signatures', () => {
    const schemes = doc.components?.securitySchemes ?? {};
    expect(Object.keys(schemes).sort()).toEqual(['adminToken', 'apiKey', 'apiKeyBearer', 'slackSignature', 'teamsHmac']);
    for (const { op } of operations(doc)) for (const requirement of op.security ?? []) for (const name of Object.keys(requirement)) expect(schemes).toHaveProperty(name);
    const match = operations(doc).find((o) => o.op.operationId === 'matchPaste')!.op;
    expect(match.security).toEqual([{}, { apiKey: [] }, { apiKeyBearer: [] }]);
    expect(operations(doc).find((o) => o.op.operationId === 'listInbox')!.op.security).toEqual([{ adminToken: [] }]);
  });

  it('generates client types from it (openapi-typescript) that type-check the client', async () => {
    // Written anew on every run (and git-ignored), so the client is checked against the document as it is now.
    const generated = `// Generated from the API's OpenAPI document by openapi-typescript (test/integrations/openapi.test.ts). Do not edit.\n${astToString(await openapiTS(structuredClone(doc) as never))}`;
    mkdirSync(dirname(GENERATED), { recursive: true });
    writeFileSync(GENERATED, generated);
    expect(generated).toContain('"/v1/match"');
    expect(generated).toMatch(/matchPaste: \{/);
    const tsc = join(import.meta.dirname, '../../node_modules/typescript/bin/tsc');
    await expect(run(process.execPath, [tsc, '-p', join(import.meta.dirname, 'tsconfig.client.json')])).resolves.toBeTruthy();
  }, 120_000);

  it('drives a real listening server through the generated client (openapi-fetch)', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const client = kbClient(address);
    const best = await bestArticle(client, SCIM_PASTE);
    expect(best).toMatchObject({ url: `https://kb.example.com/articles/${best!.id}` });
    expect(await article(client, best!.id)).toEqual({ status: 200, title: best!.title, code: undefined });
    expect(await article(client, 'no-such-article')).toEqual({ status: 404, title: undefined, code: 'KB_HTTP_ARTICLE_NOT_FOUND' });
    expect(await feedback(client, best!.rule, best!.id, true)).toEqual({ status: 200, recorded: true });
    await bestArticle(client, 'the flux capacitor of tenant 42 reported a temporal paradox');
    expect((await inbox(client)).status).toBe(401);
    const admin = await inbox(kbClient(address, { authorization: `Bearer ${ADMIN_TOKEN}` }));
    expect(admin.status).toBe(200);
    expect(admin.groups?.some((g) => g.sample.includes('flux capacitor'))).toBe(true);
  });
});
