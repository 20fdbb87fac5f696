import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareFeedback, prepareUnmatched } from '../../src/learn/prepare-records.js';
import type { LearningStore } from '../../src/store/learning-store.js';
import { MIGRATIONS, StoreVersionError } from '../../src/store/migrations.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

let server: TestPostgres;
let databases = 0;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(() => server?.stop());

/** Each backend opens a fresh, empty store per test; `open()` again opens the same one (another replica). */
const BACKENDS: { name: string; fresh: () => Promise<{ open: () => Promise<LearningStore>; cleanup: () => void }> }[] = [
  {
    name: 'SQLite',
    fresh: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kb-store-'));
      return { open: () => SqliteStore.open(join(dir, 'data')), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    fresh: async () => {
      const url = await server.createDatabase(`store_${++databases}`);
      return { open: () => PostgresStore.open(url), cleanup: () => {} };
    },
  },
];

describe.each(BACKENDS)('learning store on $name', ({ fresh }) => {
  it('groups look-alike pastes into one group with count, first and last seen, and the first sample', async () => {
    const { open, cleanup } = await fresh();
    const store = await open();
    const first = await store.recordUnmatched(prepareUnmatched('2026-11-29T10:00:00Z sync job 8812 failed: quota exceeded for tenant 42'), new Date('2026-11-29T10:00:00Z'));
    const second = await store.recordUnmatched(prepareUnmatched('2026-11-30T11:30:00Z sync job 9001 failed: quota exceeded for tenant 77'), new Date('2026-11-30T11:30:00Z'));
    // An older paste arriving late does not move last_seen back.
    await store.recordUnmatched(prepareUnmatched('2026-11-28T09:00:00Z sync job 7 failed: quota exceeded for tenant 1'), new Date('2026-11-28T09:00:00Z'));
    await store.recordUnmatched(prepareUnmatched('something else entirely broke'), new Date('2026-11-30T12:00:00Z'));
    // Answered by a generic rule or by similarity: kept, and counted apart.
    await store.recordUnmatched(prepareUnmatched('something else entirely broke', 'generic'));
    expect(await store.recordUnmatched(prepareUnmatched('a third thing failed', 'similar'))).toMatchObject({ count: 1, generic: 0, similar: 1 });
    expect(second).toMatchObject({ id: first.id, count: 2 });
    const groups = await store.listInbox();
    expect(groups).toHaveLength(3);
    expect(groups[1]).toMatchObject({ count: 2, generic: 1, similar: 0 });
    expect(groups[0]).toEqual({ id: first.id, signature: first.signature, count: 3, first_seen: '2026-11-29T10:00:00.000Z', last_seen: '2026-11-30T11:30:00.000Z', sample: first.sample, generic: 0, similar: 0 });
    expect(groups[0]!.sample).toContain('sync job 8812');
    expect(await store.listInbox({ limit: 1 })).toHaveLength(1);
    expect(await store.findGroup(first.id.slice(0, 6))).toMatchObject({ id: first.id });
    expect(await store.findGroup(first.id.toUpperCase())).toMatchObject({ id: first.id });
    expect(await store.findGroup('zzzz')).toBeUndefined();
    expect(await store.findGroup('abc')).toBeUndefined();
    await store.close();
    cleanup();
  });

  it('counts every increment when two stores (two replicas) write at once', async () => {
    const { open, cleanup } = await fresh();
    const [a, b] = await Promise.all([open(), open()]);
    const paste = (i: number) => prepareUnmatched(`request ${i} to ldap://dc${i}.corp.example failed: invalid credentials`);
    await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).recordUnmatched(paste(i))));
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).recordServed(['rule-x', 'rule-y', 'rule-x'])));
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).recordFeedback(prepareFeedback({ rule: 'rule-x', article: 'art', helpful: i < 7 }))));
    const groups = await a.listInbox();
    expect(groups).toHaveLength(1);
    expect(groups[0]!.count).toBe(50);
    expect(await b.ruleStats()).toEqual([
      expect.objectContaining({ rule: 'rule-x', served: 30, helpful: 7, not_helpful: 3, last_served: expect.any(String), last_feedback: expect.any(String) }),
      { rule: 'rule-y', served: 30, helpful: 0, not_helpful: 0, last_served: expect.any(String) },
    ]);
    await Promise.all([a.close(), b.close()]);
    cleanup();
  });

  it('lists feedback newest first (comments only on request) and counts arrivals and answers per day', async () => {
    const { open, cleanup } = await fresh();
    const store = await open();
    await store.recordFeedback(prepareFeedback({ rule: 'rule-x', article: 'art', helpful: true }), new Date('2026-12-01T08:00:00Z'));
    await store.recordFeedback(prepareFeedback({ rule: 'rule-x', article: 'art', helpful: false, comment: 'step 3 did not apply' }), new Date('2026-12-02T08:00:00Z'));
    expect(await store.listFeedback()).toEqual([
      { at: '2026-12-02T08:00:00.000Z', rule: 'rule-x', article: 'art', helpful: false, comment: 'step 3 did not apply' },
      { at: '2026-12-01T08:00:00.000Z', rule: 'rule-x', article: 'art', helpful: true },
    ]);
    expect(await store.listFeedback({ withComment: true })).toHaveLength(1);
    expect(await store.listFeedback({ limit: 1 })).toHaveLength(1);
    const paste = prepareUnmatched('nightly export 12 failed: bucket quota exceeded');
    await store.recordUnmatched(paste, new Date('2026-12-01T10:00:00Z'));
    await store.recordUnmatched(paste, new Date('2026-12-01T23:00:00Z'));
    await store.recordUnmatched(paste, new Date('2026-12-03T01:00:00Z'));
    await store.recordServed(['rule-x', 'rule-x'], new Date('2026-12-03T02:00:00Z'));
    expect(await store.dailyCounts('arrivals', '2026-12-01')).toEqual([
      { key: paste.group, day: '2026-12-01', count: 2 },
      { key: paste.group, day: '2026-12-03', count: 1 },
    ]);
    expect(await store.dailyCounts('arrivals', '2026-12-02')).toEqual([{ key: paste.group, day: '2026-12-03', count: 1 }]);
    expect(await store.dailyCounts('served', '2026-12-01')).toEqual([{ key: 'rule-x', day: '2026-12-03', count: 1 }]);
    await store.close();
    cleanup();
  });

  it('redacts what it stores even when a caller skips the prepare functions', async () => {
    const { open, cleanup } = await fresh();
    const store = await open();
    const secret = 'xoxb-2401234567-98765432109-AbCdEfGhIjKlMnOpQrStUvWx';
    const group = await store.recordUnmatched({ group: 'abcdef123456', signature: `raw ${secret}`, sample: `raw password=S3cr3tPassw0rd!` });
    expect(JSON.stringify(group)).not.toContain(secret);
    expect(JSON.stringify(await store.listInbox())).not.toMatch(/xoxb-|S3cr3t/);
    await store.ping();
    await store.close();
    cleanup();
  });

  it('keeps API keys by hash: one unrevoked key per name, revocation seen by every replica, the name free again after it', async () => {
    const { open, cleanup } = await fresh();
    const [a, b] = await Promise.all([open(), open()]);
    const at = new Date('2026-12-01T00:00:00Z');
    expect(await a.addApiKey({ name: 'helpdesk', hash: 'h1'.padEnd(64, '0'), prefix: 'kb_abcdef', rate_limit: 30 }, at)).toBe(true);
    expect(await b.addApiKey({ name: 'helpdesk', hash: 'h2'.padEnd(64, '0'), prefix: 'kb_zzzzzz' })).toBe(false);
    expect(await a.addApiKey({ name: 'widget', hash: 'h3'.padEnd(64, '0'), prefix: 'kb_w' })).toBe(true);
    expect(await b.findApiKey('h1'.padEnd(64, '0'))).toEqual({ name: 'helpdesk', prefix: 'kb_abcdef', created_at: '2026-12-01T00:00:00.000Z', rate_limit: 30 });
    expect(await b.findApiKey('h2'.padEnd(64, '0'))).toBeUndefined();
    expect(await b.revokeApiKey('helpdesk', new Date('2026-12-02T00:00:00Z'))).toBe(true);
    expect(await a.revokeApiKey('helpdesk')).toBe(false);
    expect(await a.findApiKey('h1'.padEnd(64, '0'))).toBeUndefined();
    expect(await a.listApiKeys()).toEqual([
      { name: 'helpdesk', prefix: 'kb_abcdef', created_at: '2026-12-01T00:00:00.000Z', revoked_at: '2026-12-02T00:00:00.000Z', rate_limit: 30 },
      { name: 'widget', prefix: 'kb_w', created_at: expect.any(String) },
    ]);
    expect(await b.addApiKey({ name: 'helpdesk', hash: 'h4'.padEnd(64, '0'), prefix: 'kb_new' })).toBe(true);
    expect(await a.findApiKey('h4'.padEnd(64, '0'))).toMatchObject({ name: 'helpdesk', prefix: 'kb_new' });
    await Promise.all([a.close(), b.close()]);
    cleanup();
  });

  it('keeps the webhook delivery log: one entry per delivery, updated by attempt, newest first, its error redacted', async () => {
    const { open, cleanup } = await fresh();
    const store = await open();
    const delivery = (id: string, created_at: string) => ({ id, event: 'inbox.group_created', group_id: 'abc123', url: 'https://helpdesk.example.com/hooks', status: 'pending' as const, attempts: 0, created_at, updated_at: created_at });
    await store.recordDelivery(delivery('d1', '2026-12-01T00:00:00.000Z'));
    await store.recordDelivery({ ...delivery('d1', '2026-12-01T00:00:00.000Z'), attempts: 1, last_error: 'no answer: ECONNREFUSED password=S3cr3tPassw0rd!', updated_at: '2026-12-01T00:00:01.000Z' });
    const [failedOnce] = await store.listDeliveries();
    expect(failedOnce).toMatchObject({ id: 'd1', attempts: 1, last_error: expect.stringContaining('ECONNREFUSED') });
    expect(JSON.stringify(failedOnce)).not.toContain('S3cr3t');
    await store.recordDelivery({ ...delivery('d1', '2026-12-01T00:00:00.000Z'), status: 'delivered', attempts: 2, last_status_code: 200, updated_at: '2026-12-01T00:00:03.000Z' });
    await store.recordDelivery(delivery('d2', '2026-12-01T00:05:00.000Z'));
    const log = await store.listDeliveries();
    expect(log.map((d) => [d.id, d.status, d.attempts])).toEqual([
      ['d2', 'pending', 0],
      ['d1', 'delivered', 2],
    ]);
    expect(log[1]).toMatchObject({ last_status_code: 200, updated_at: '2026-12-01T00:00:03.000Z' });
    expect(log[1]!.last_error).toBeUndefined();
    expect(await store.listDeliveries({ limit: 1 })).toHaveLength(1);
    await store.close();
    cleanup();
  });
});

describe('PostgreSQL store: migrations and transient errors', () => {
  it('migrates once when several replicas open a new database at the same time, and records the version', async () => {
    const url = await server.createDatabase('migrate_race');
    const stores = await Promise.all(Array.from({ length: 6 }, () => PostgresStore.open(url)));
    expect(await stores[0]!.schemaVersion()).toBe(MIGRATIONS.length);
    const { rows } = await stores[0]!.pool.query('SELECT version, name FROM kb_schema_migrations ORDER BY version');
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    await Promise.all(stores.map((s) => s.close()));
  });

  it('refuses a database whose schema is newer than this kb knows', async () => {
    const url = await server.createDatabase('newer_schema');
    await (await PostgresStore.open(url)).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('INSERT INTO kb_schema_migrations (version, name) VALUES ($1, $2)', [MIGRATIONS.length + 1, 'from the future']);
    await client.end();
    await expect(PostgresStore.open(url)).rejects.toThrow(StoreVersionError);
  });

  it('keeps trying to connect while the server is not there yet, then gives up with the cause', async () => {
    const closedPort = server.port + 1 === 65536 ? 1 : server.port + 1;
    const started = Date.now();
    await expect(PostgresStore.open(`postgres://kb@127.0.0.1:${closedPort}/postgres`, { retryForMs: 1500 })).rejects.toThrow(/ECONNREFUSED|connect/);
    // Waits of 100, 200 and 400 ms at least were taken before giving up.
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
  });
});
