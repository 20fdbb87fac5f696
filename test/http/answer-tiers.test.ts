// Issue 16 over HTTP, on the bundled knowledge base: specific rules answer first, generic rules step
// aside and what they answer still reaches the inbox, marked; answers carry a calibrated probability.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { buildApp } from '../../src/http/build-app.js';
import { DEFAULT_CALIBRATION } from '../../src/match/calibration.js';
import { KnowledgeBaseHolder } from '../../src/serve/knowledge-base-holder.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { loadValidKb } from '../helpers/temp-kb.js';

const TOKEN = 'test-admin-token-answer-tiers-0123456789';

describe('answer tiers over HTTP', () => {
  let root: string;
  let store: SqliteStore;
  let app: FastifyInstance;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kb-answer-tiers-'));
    store = new SqliteStore(join(root, 'data'));
    app = buildApp({ knowledgeBase: new KnowledgeBaseHolder(await loadValidKb(BUNDLED_KB_DIR)), store, protection: { adminToken: TOKEN } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(root, { recursive: true, force: true });
  });

  const match = async (text: string) => {
    const res = await app.inject({ method: 'POST', url: '/v1/match', payload: { text } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const inboxGroupOf = async (fragment: string) => {
    const res = await app.inject({ method: 'GET', url: '/v1/inbox', headers: { authorization: `Bearer ${TOKEN}` } });
    return res.json().groups.find((g: { sample: string }) => g.sample.includes(fragment));
  };

  it('a specific rule answers with basis "rule", a probability and the label that probability earns', async () => {
    const { matches } = await match('AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID');
    expect(matches[0]).toMatchObject({ article: { id: 'entra-invalid-client-secret' }, basis: 'rule', confidence: 'high' });
    expect(matches[0].generic).toBeUndefined();
    expect(matches[0].probability).toBeGreaterThanOrEqual(DEFAULT_CALIBRATION.labels.high);
    expect(await inboxGroupOf('AADSTS7000215')).toBeUndefined();
  });

  it('a generic 403 steps aside for a web server\'s own log: no answer, and the paste reaches the inbox as a gap', async () => {
    const paste = '2026/11/29 10:00:00 [error] 42#42: *7 access forbidden by rule, client: 10.0.0.9, server: intranet, request: "GET /admin HTTP/1.1"\nHTTP/1.1 403 Forbidden\nServer: nginx/1.25.3';
    const { matches } = await match(paste);
    expect(matches).toEqual([]);
    expect(await inboxGroupOf('access forbidden by rule')).toMatchObject({ count: 1, generic: 0, similar: 0 });
  });

  it('a generic rule answers a plain 502 from a product no article covers, labelled low, and the paste reaches the inbox marked generic', async () => {
    const paste = '<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx/1.25.3 upstream intranet-wiki</center>\n</body>\n</html>';
    const { matches } = await match(paste);
    expect(matches[0]).toMatchObject({ article: { id: 'http-5xx-remote-server-error' }, basis: 'rule', generic: true, confidence: 'low' });
    expect(matches[0].probability).toBeLessThanOrEqual(DEFAULT_CALIBRATION.foreign_product_cap);
    expect(await inboxGroupOf('upstream intranet-wiki')).toMatchObject({ count: 1, generic: 1, similar: 0 });
  });

  it('a specific rule comes before a generic one that also holds, whatever their scores', async () => {
    const { matches } = await match('HTTP/1.1 401 Unauthorized\n{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}');
    expect(matches[0]).toMatchObject({ article: { id: 'github-bad-credentials' }, basis: 'rule' });
    expect(matches[0].generic).toBeUndefined();
    const generic = matches.findIndex((m: { generic?: boolean }) => m.generic);
    if (generic >= 0) expect(generic).toBeGreaterThan(0);
  });

  it('answers after the first share what the first leaves', async () => {
    const { matches } = await match('Error authenticating: Forbidden. Errors reported by remote server: HTTP 403 Forbidden');
    expect(matches.length).toBeGreaterThan(1);
    for (const m of matches.slice(1)) expect(m.probability).toBeLessThanOrEqual(Math.round((1 - matches[0].probability) * 100) / 100 + 1e-9);
  });
});
