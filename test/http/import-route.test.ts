// POST /v1/import: behind the admin token, returns the files kb import would write, writes nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appFor, copyKnowledgeBase, FIXTURE_KB_DIR } from '../helpers/http-app.js';
import { readdirSync } from 'node:fs';

const TOKEN = 'import-route-admin-token-0123456789';
const SEED_PAGE = readFileSync(join(import.meta.dirname, '../fixtures/import/seed-okta-atlassian.txt'), 'utf8');

describe('POST /v1/import', async () => {
  const copy = await copyKnowledgeBase(FIXTURE_KB_DIR);
  const app = await appFor(copy.dir, { protection: { adminToken: TOKEN } });
  const closed = await appFor(FIXTURE_KB_DIR);
  afterAll(async () => {
    await app.close();
    await closed.close();
    await copy.remove();
  });
  const auth = { authorization: `Bearer ${TOKEN}` };

  it('needs the admin token (401 without, 404 when no token is configured)', async () => {
    expect((await app.inject({ method: 'POST', url: '/v1/import', payload: { files: [{ name: 'a.txt', content: SEED_PAGE }] } })).statusCode).toBe(401);
    expect((await closed.inject({ method: 'POST', url: '/v1/import', headers: auth, payload: { files: [{ name: 'a.txt', content: SEED_PAGE }] } })).statusCode).toBe(404);
  });

  it('returns the article and rule files and writes nothing', async () => {
    const before = readdirSync(join(copy.dir, 'articles')).length;
    const response = await app.inject({ method: 'POST', url: '/v1/import', headers: auth, payload: { files: [{ name: 'seed.txt', content: SEED_PAGE }] } });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.articles[0].steps).toBe(11);
    expect(body.files.map((f: { path: string; action: string }) => `${f.action} ${f.path}`)).toEqual([
      'create articles/atlassian-cloud-api-integration-error-authenticating.md',
      'create rules/imported/atlassian-cloud-api-integration-error-authenticating.yaml',
    ]);
    expect(body.notes.some((n: { line?: number; kind: string }) => n.line === 1 && n.kind === 'dropped')).toBe(true);
    expect(readdirSync(join(copy.dir, 'articles')).length).toBe(before);
  });

  it('takes one file as text/plain, and refuses input with no article in it (400 JSON)', async () => {
    const plain = await app.inject({ method: 'POST', url: '/v1/import?name=seed.txt', headers: { ...auth, 'content-type': 'text/plain' }, payload: SEED_PAGE });
    expect(plain.statusCode).toBe(200);
    const junk = await app.inject({ method: 'POST', url: '/v1/import', headers: auth, payload: { files: [{ name: 'x.json', content: '{"not":"zendesk"}' }] } });
    expect(junk.statusCode).toBe(400);
    expect(junk.json()).toMatchObject({ statusCode: 400, code: 'KB_HTTP_BAD_REQUEST' });
    const empty = await app.inject({ method: 'POST', url: '/v1/import', headers: { ...auth, 'content-type': 'text/plain' }, payload: '   ' });
    expect(empty.statusCode).toBe(400);
  });
});
