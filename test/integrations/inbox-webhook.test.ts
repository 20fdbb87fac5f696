import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, resolveWebhook } from '../../src/config.js';
import type { WebhookDelivery } from '../../src/store/learning-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { appFor, FIXTURE_KB_DIR } from '../helpers/http-app.js';
import { startReceiver, type Received } from './receiver.js';

const SECRET = 'webhook-secret-0123456789abcdef';
const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
const KB_BIN = new URL('../../bin/kb.js', import.meta.url).pathname;
const AWS_KEY = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
const PASTE = (n: number) => `tenant ${n} sync failed: the quantum ledger refused key ${AWS_KEY} at step ${n * 7}`;

/** Checks a delivery's signature as a receiver would, with node:crypto alone. */
function verify(received: Received): { timestamp: number; ok: boolean } {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(received.headers['x-kb-signature']));
  if (!m) return { timestamp: 0, ok: false };
  const expected = createHmac('sha256', SECRET).update(`${m[1]}.${received.body}`).digest('hex');
  return { timestamp: Number(m[1]), ok: expected === m[2] };
}

function runKb(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KB_BIN, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('KB_WEBHOOK_URL', () => {
  it('needs a secret long enough to sign with, and whole counts', () => {
    expect(resolveWebhook({})).toBeUndefined();
    expect(resolveWebhook({ KB_WEBHOOK_URL: 'https://helpdesk.example.com/hooks/kb', KB_WEBHOOK_SECRET: SECRET })).toEqual({ url: 'https://helpdesk.example.com/hooks/kb', secret: SECRET, counts: [10, 100, 1000] });
    expect(resolveWebhook({ KB_WEBHOOK_URL: 'http://127.0.0.1:9/x', KB_WEBHOOK_SECRET: SECRET, KB_WEBHOOK_COUNTS: '5, 50' })?.counts).toEqual([5, 50]);
    expect(() => resolveWebhook({ KB_WEBHOOK_URL: 'https://h.example.com' })).toThrow(/KB_WEBHOOK_SECRET/);
    expect(() => resolveWebhook({ KB_WEBHOOK_URL: 'ftp://h.example.com', KB_WEBHOOK_SECRET: SECRET })).toThrow(ConfigError);
    expect(() => resolveWebhook({ KB_WEBHOOK_URL: 'https://h.example.com', KB_WEBHOOK_SECRET: SECRET, KB_WEBHOOK_COUNTS: '10,x' })).toThrow(/KB_WEBHOOK_COUNTS/);
  });
});

describe('the inbox webhook, to a real local receiver', () => {
  let dir: string;
  let store: SqliteStore;
  let app: FastifyInstance | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  afterEach(async () => {
    await app?.close();
    await receiver?.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    app = undefined;
    receiver = undefined;
  });

  async function serve(statuses: number[], options: { counts?: number[]; attempts?: number } = {}) {
    dir = mkdtempSync(join(tmpdir(), 'integrations-webhook-'));
    store = new SqliteStore(dir);
    receiver = await startReceiver(statuses);
    app = await appFor(FIXTURE_KB_DIR, {
      store,
      protection: { adminToken: ADMIN_TOKEN },
      webhook: { url: `${receiver.url}/hooks/kb?token=receiver-side-token`, secret: SECRET, counts: options.counts ?? [3], attempts: options.attempts ?? 4, baseDelayMs: 40, maxDelayMs: 1000 },
    });
    return { app, receiver };
  }
  const paste = (text: string) => app!.inject({ method: 'POST', url: '/v1/match', payload: { text } });

  it('announces a new group once, and again when it reaches a count, signed, with the redacted sample', async () => {
    const { app, receiver } = await serve([200]);
    for (let n = 1; n <= 4; n++) expect((await paste(PASTE(n))).statusCode).toBe(200);
    await app.inboxWebhook!.settled();
    const received = await receiver.next(2);
    expect(received).toHaveLength(2);
    const events = received.map((r) => JSON.parse(r.body));
    expect(events.map((e) => [e.event, e.group.count])).toEqual([
      ['inbox.group_created', 1],
      ['inbox.group_count', 3],
    ]);
    for (const r of received) {
      const { ok, timestamp } = verify(r);
      expect(ok).toBe(true);
      expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(300);
      expect(r.headers['x-kb-event']).toBe(JSON.parse(r.body).event);
      expect(r.headers['x-kb-delivery']).toBe(JSON.parse(r.body).id);
      expect(r.headers['content-type']).toContain('application/json');
      expect(r.url).toBe('/hooks/kb?token=receiver-side-token');
      expect(r.body).not.toContain(AWS_KEY);
    }
    expect(events[0].group.sample).toContain('quantum ledger');
    expect(events[0].group.sample).toContain('[REDACTED');
    // A matched paste announces nothing.
    await paste('No space left on device');
    await app.inboxWebhook!.settled();
    expect(receiver.received).toHaveLength(2);
    const log = (await store.listDeliveries()).map((d) => [d.event, d.status, d.attempts, d.last_status_code]);
    expect(log.sort()).toEqual([
      ['inbox.group_count', 'delivered', 1, 200],
      ['inbox.group_created', 'delivered', 1, 200],
    ]);
    // The log keeps the receiver without its query, where a token may be.
    expect((await store.listDeliveries())[0]!.url).toBe(`${receiver.url}/hooks/kb`);
  });

  it('retries a failing receiver with growing waits, the same delivery re-signed each time, until it takes it', async () => {
    const { app, receiver } = await serve([503, 500, 200]);
    await paste(PASTE(1));
    await app.inboxWebhook!.settled();
    const attempts = await receiver.next(3);
    expect(new Set(attempts.map((a) => a.headers['x-kb-delivery'])).size).toBe(1);
    expect(attempts.every((a) => verify(a).ok)).toBe(true);
    // Waits of about 40 ms then 80 ms (jitter takes off at most a quarter): never shorter.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(29);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(59);
    const [delivery] = await store.listDeliveries();
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, last_status_code: 200 } satisfies Partial<WebhookDelivery>);
  });

  it('gives up after the last attempt, and at once on an answer retrying cannot change', async () => {
    const down = await serve([503], { attempts: 3 });
    await paste(PASTE(1));
    await down.app.inboxWebhook!.settled();
    expect(down.receiver.received).toHaveLength(3);
    expect((await store.listDeliveries())[0]).toMatchObject({ status: 'failed', attempts: 3, last_status_code: 503, last_error: 'the receiver answered 503' });
  });

  it('does not retry a 404', async () => {
    const gone = await serve([404]);
    await paste(PASTE(1));
    await gone.app.inboxWebhook!.settled();
    expect(gone.receiver.received).toHaveLength(1);
    expect((await store.listDeliveries())[0]).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 404 });
  });

  it('shows the delivery log on the admin route and with `kb webhooks log`', async () => {
    const { app } = await serve([500, 200]);
    await paste(PASTE(1));
    await app.inboxWebhook!.settled();
    const res = await app.inject({ url: '/v1/admin/webhooks', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json().deliveries[0]).toMatchObject({ event: 'inbox.group_created', status: 'delivered', attempts: 2 });
    expect((await app.inject({ url: '/v1/admin/webhooks' })).statusCode).toBe(401);
    const cli = await runKb(['webhooks', 'log', '--data', dir]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/inbox\.group_created\s+group [0-9a-f]{12}\s+delivered after 2 attempts \(last: HTTP 200\)/);
    const json = JSON.parse((await runKb(['webhooks', 'log', '--json', '--data', dir])).stdout) as { deliveries: WebhookDelivery[] };
    expect(json.deliveries[0]!.status).toBe('delivered');
  });
});
