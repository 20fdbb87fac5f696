import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { appFor, FIXTURE_KB_DIR } from '../helpers/http-app.js';

const TOKEN = 'operations-test-token-0123456789';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-ops-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const match = (app: Awaited<ReturnType<typeof appFor>>, text: string) => app.inject({ method: 'POST', url: '/v1/match', headers: { 'content-type': 'text/plain' }, payload: text });

describe('GET /metrics and GET /readyz', () => {
  it('counts requests, answers by outcome and rule, match latency, and store errors', async () => {
    const store = await SqliteStore.open(join(dir, 'a'));
    const app = await appFor(FIXTURE_KB_DIR, { store });
    for (let i = 0; i < 3; i++) expect((await match(app, 'No space left on device')).headers['kb-fingerprint']).toBe(app.kb.current().fingerprint);
    await match(app, 'nothing answers this one');
    await match(app, '');
    // A store that fails: the paste is still answered, the failure counted.
    await store.close();
    expect((await match(app, 'nor this one')).statusCode).toBe(200);
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    const text = res.body;
    expect(text).toContain('kb_http_requests_total{method="POST",route="/v1/match",status_code="200"} 5');
    expect(text).toContain('kb_http_requests_total{method="POST",route="/v1/match",status_code="400"} 1');
    expect(text).toContain('kb_answers_total{outcome="rule"} 3');
    expect(text).toContain('kb_answers_total{outcome="none"} 2');
    expect(text).toContain('kb_answers_by_rule_total{rule="disk-full"} 3');
    expect(text).toContain('kb_match_duration_seconds_count 5');
    expect(text).toContain('kb_store_errors_total{operation="recordUnmatched"} 1');
    expect(text).toContain(`kb_knowledge_base_info{fingerprint="${app.kb.current().fingerprint}"} 1`);
    expect(text).toContain('kb_knowledge_base_rules 2');
    // The closed store makes the service not ready.
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ statusCode: 503, code: 'KB_HTTP_NOT_READY' });
    await app.close();
  });

  it('is ready with a store that answers, and with none', async () => {
    const store = await SqliteStore.open(join(dir, 'b'));
    const app = await appFor(FIXTURE_KB_DIR, { store });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready', fingerprint: app.kb.current().fingerprint, store: 'ok' });
    await app.close();
    await store.close();
    const bare = await appFor(FIXTURE_KB_DIR);
    expect((await bare.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ status: 'ready', store: 'off' });
    await bare.close();
  });

  it('counts reloads by result', async () => {
    const app = await appFor(FIXTURE_KB_DIR, { protection: { adminToken: TOKEN } });
    expect((await app.inject({ method: 'POST', url: '/v1/reload', headers: { authorization: `Bearer ${TOKEN}` } })).json()).toMatchObject({ ok: true, workers: [{ pid: process.pid, lastReload: { ok: true, errors: 0 } }] });
    expect((await app.inject({ method: 'GET', url: '/metrics' })).body).toContain('kb_reloads_total{result="ok"} 1');
    await app.close();
  });

  it('puts /metrics behind the admin token when asked to', async () => {
    const app = await appFor(FIXTURE_KB_DIR, { protection: { adminToken: TOKEN }, privateMetrics: true });
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
    await app.close();
  });
});
