import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServe, type ServeProcess } from '../helpers/serve-process.js';

const LIMIT = 30;
let server: ServeProcess;
beforeAll(async () => {
  server = await startServe(['--workers', '2', '--kb', join(ROOT, 'test/fixtures/http-kb')], { env: { KB_STORE: 'off', KB_RATE_LIMIT_MAX: String(LIMIT) }, serving: 2 });
}, 90_000);
afterAll(() => server?.stop());

describe('kb serve --workers 2: one service', () => {
  it('keeps one rate limit for the host, not one per worker, and its headers tell the truth', async () => {
    const answers = [];
    // One after the other, each on a new connection: the workers take turns accepting them.
    for (let i = 0; i < LIMIT * 2; i++) {
      const res = await fetch(`${server.url}/v1/match`, { method: 'POST', headers: { 'content-type': 'text/plain', connection: 'close' }, body: 'No space left on device' });
      await res.arrayBuffer();
      answers.push({ status: res.status, limit: res.headers.get('x-ratelimit-limit'), remaining: res.headers.get('x-ratelimit-remaining') });
    }
    expect(answers.filter((a) => a.status === 200)).toHaveLength(LIMIT);
    expect(answers.slice(LIMIT).every((a) => a.status === 429)).toBe(true);
    expect(new Set(answers.map((a) => a.limit))).toEqual(new Set([String(LIMIT)]));
    expect(answers.slice(0, LIMIT).map((a) => Number(a.remaining))).toEqual(Array.from({ length: LIMIT }, (_, i) => LIMIT - 1 - i));
    // Both workers answered some of them (each request is logged with its process id).
    const pids = new Set([...server.output().matchAll(/"pid":(\d+)[^\n]*"statusCode":(200|429)/g)].map((m) => m[1]));
    expect(pids.size).toBe(2);
  }, 60_000);

  it('serves /metrics added up over both workers, and /readyz', async () => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain(`kb_http_requests_total{method="POST",route="/v1/match",status_code="200"} ${LIMIT}`);
    expect(text).toContain(`kb_http_requests_total{method="POST",route="/v1/match",status_code="429"} ${LIMIT}`);
    expect(text).toContain(`kb_answers_total{outcome="rule"} ${LIMIT}`);
    expect(text).toContain(`kb_answers_by_rule_total{rule="disk-full"} ${LIMIT}`);
    expect(text).toContain(`kb_match_duration_seconds_count ${LIMIT}`);
    const fingerprint = ((await (await fetch(`${server.url}/v1/status`)).json()) as { fingerprint: string }).fingerprint;
    expect(text).toContain(`kb_knowledge_base_info{fingerprint="${fingerprint}"} 1`);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', fingerprint, store: 'off' });
  }, 30_000);
});
