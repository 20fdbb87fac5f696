import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareFeedback, prepareUnmatched } from '../../src/learn/prepare-records.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { DATABASE_FILE, SqliteStore, StoreVersionError } from '../../src/store/sqlite-store.js';

const run = promisify(execFile);
const WRITER = join(import.meta.dirname, 'concurrent-writer.ts');

describe('SQLite learning store', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'kb-store-')), 'data');
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('creates its folder and file on first use, in WAL mode, readable by the owner only', async () => {
    const store = new SqliteStore(dir);
    await store.close();
    const db = new Database(join(dir, DATABASE_FILE), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
    expect(statSync(join(dir, DATABASE_FILE)).mode & 0o077).toBe(0);
  });

  it('groups look-alike pastes into one group with count, first and last seen, and the first sample', async () => {
    const store = new SqliteStore(dir);
    const first = await store.recordUnmatched(prepareUnmatched('2026-11-29T10:00:00Z sync job 8812 failed: quota exceeded for tenant 42'), new Date('2026-11-29T10:00:00Z'));
    const second = await store.recordUnmatched(prepareUnmatched('2026-11-30T11:30:00Z sync job 9001 failed: quota exceeded for tenant 77'), new Date('2026-11-30T11:30:00Z'));
    await store.recordUnmatched(prepareUnmatched('something else entirely broke'), new Date('2026-11-30T12:00:00Z'));
    expect(second.id).toBe(first.id);
    const groups = await store.listInbox();
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({ id: first.id, count: 2, first_seen: '2026-11-29T10:00:00.000Z', last_seen: '2026-11-30T11:30:00.000Z' });
    expect(groups[0]!.sample).toContain('sync job 8812');
    expect(await store.listInbox({ limit: 1 })).toHaveLength(1);
    expect(await store.findGroup(first.id.slice(0, 6))).toMatchObject({ id: first.id });
    expect(await store.findGroup('zzzz')).toBeUndefined();
    await store.close();
  });

  it('stores nothing unredacted: the secret is absent from every byte of the database files', async () => {
    const secrets = ['xoxb-2401234567-98765432109-AbCdEfGhIjKlMnOpQrStUvWx', 'S3cr3tPassw0rd!', 'AKIAIOSFODNN7EXAMPLE'];
    const store = new SqliteStore(dir);
    await store.recordUnmatched(prepareUnmatched(`slack post failed with token ${secrets[0]} and password="${secrets[1]}" key ${secrets[2]}`));
    // Even a caller that skips prepareUnmatched / prepareFeedback cannot store a secret.
    await store.recordUnmatched({ group: 'abcdef123456', signature: `raw ${secrets[0]}`, sample: `raw password=${secrets[1]}` });
    await store.recordFeedback(prepareFeedback({ rule: 'r', article: 'a', helpful: false, comment: `tried again with ${secrets[0]}` }));
    await store.recordFeedback({ rule: 'r', article: 'a', helpful: false, comment: `password: ${secrets[1]}` });
    const bytes = () => readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1')).join('\n');
    // While open, the data sits in the WAL file; after close, in the main file.
    for (const content of [bytes(), await store.close().then(bytes)]) {
      expect(content).toContain('REDACTED');
      for (const secret of secrets) expect(content).not.toContain(secret);
    }
  });

  it('counts every increment when two store instances share one file', async () => {
    const a = new SqliteStore(dir);
    const b = new SqliteStore(dir);
    const paste = (i: number) => prepareUnmatched(`request ${i} to ldap://dc${i}.corp.example failed: invalid credentials`);
    await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).recordUnmatched(paste(i))));
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).recordServed(['rule-x', 'rule-y'])));
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).recordFeedback({ rule: 'rule-x', article: 'art', helpful: i < 7 })));
    const groups = await a.listInbox();
    expect(groups).toHaveLength(1);
    expect(groups[0]!.count).toBe(50);
    expect(await b.ruleStats()).toEqual([
      expect.objectContaining({ rule: 'rule-x', served: 30, helpful: 7, not_helpful: 3 }),
      expect.objectContaining({ rule: 'rule-y', served: 30, helpful: 0, not_helpful: 0 }),
    ]);
    await Promise.all([a.close(), b.close()]);
  });

  it('writes the answers served in one turn in one batch, storing what writing them one by one stores, and loses none on close', async () => {
    const day = (d: number, h: number) => new Date(Date.UTC(2026, 10, d, h));
    const calls = Array.from({ length: 40 }, (_, i) => ({ rules: [`r${i % 3}`, ...(i % 4 === 0 ? [`r${i % 5}`, `r${i % 3}`] : [])], at: day(27 + (i % 3), (i * 7) % 24) }));
    const oneByOne = new SqliteStore(join(dir, 'one-by-one'));
    for (const { rules, at } of calls) await oneByOne.recordServed(rules, at);
    const batched = new SqliteStore(join(dir, 'batched'));
    await Promise.all(calls.map(({ rules, at }) => batched.recordServed(rules, at)));
    expect(await batched.ruleStats()).toEqual(await oneByOne.ruleStats());
    expect(await batched.dailyCounts('served', '2026-11-01')).toEqual(await oneByOne.dailyCounts('served', '2026-11-01'));
    // Closed before the batch's turn came: written all the same.
    const closing = new SqliteStore(join(dir, 'closing'));
    const pending = calls.map(({ rules, at }) => closing.recordServed(rules, at));
    await closing.close();
    await Promise.all(pending);
    const reopened = new SqliteStore(join(dir, 'closing'));
    expect(await reopened.ruleStats()).toEqual(await oneByOne.ruleStats());
    expect(await reopened.dailyCounts('served', '2026-11-01')).toEqual(await oneByOne.dailyCounts('served', '2026-11-01'));
    await Promise.all([oneByOne.close(), batched.close(), reopened.close()]);
  });

  it('counts every increment when separate processes write at once (and race to create the file)', async () => {
    const times = 40;
    await Promise.all([1, 2, 3].map(() => run(process.execPath, ['--import', 'tsx', WRITER, dir, String(times)], { cwd: join(import.meta.dirname, '../..') })));
    const store = new SqliteStore(dir);
    const groups = await store.listInbox();
    expect(groups).toHaveLength(1);
    expect(groups[0]!.count).toBe(3 * times);
    expect(await store.ruleStats()).toEqual([expect.objectContaining({ rule: 'shared-rule', served: 3 * times, helpful: 3 * (times / 2), not_helpful: 3 * (times / 2) })]);
    await store.close();
  });

  it('counts arrivals and answers per UTC day, lists feedback newest first, and keeps the generic marker', async () => {
    const store = new SqliteStore(dir);
    const day = (d: string, h = 12) => new Date(`${d}T${String(h).padStart(2, '0')}:00:00Z`);
    const a = prepareUnmatched('sync job 1 failed: quota exceeded');
    await store.recordUnmatched(a, day('2026-11-29'));
    await store.recordUnmatched(a, day('2026-11-29', 23));
    await store.recordUnmatched(a, day('2026-11-30', 0));
    await store.recordUnmatched(prepareUnmatched('gateway said 500', 'generic'), day('2026-11-30'));
    await store.recordServed(['r1'], day('2026-11-28'));
    await store.recordServed(['r1', 'r2'], day('2026-11-30'));
    const arrivals = await store.dailyCounts('arrivals', '2026-11-29');
    expect(arrivals).toHaveLength(3);
    expect(arrivals.filter((c) => c.key === a.group)).toEqual([
      { key: a.group, day: '2026-11-29', count: 2 },
      { key: a.group, day: '2026-11-30', count: 1 },
    ]);
    expect(await store.dailyCounts('served', '2026-11-29')).toEqual([
      { key: 'r1', day: '2026-11-30', count: 1 },
      { key: 'r2', day: '2026-11-30', count: 1 },
    ]);
    const groups = await store.listInbox();
    expect(groups.map((g) => g.generic)).toEqual([0, 1]);
    await store.recordFeedback(prepareFeedback({ rule: 'r1', article: 'x', helpful: true, comment: 'worked' }), day('2026-11-30', 1));
    await store.recordFeedback(prepareFeedback({ rule: 'r2', article: 'y', helpful: false }), day('2026-11-30', 2));
    await store.recordFeedback(prepareFeedback({ rule: 'r2', article: 'y', helpful: false, comment: 'no luck' }), day('2026-11-30', 3));
    expect((await store.listFeedback()).map((f) => f.comment ?? null)).toEqual(['no luck', null, 'worked']);
    expect(await store.listFeedback({ withComment: true, limit: 1 })).toEqual([{ at: '2026-11-30T03:00:00.000Z', rule: 'r2', article: 'y', helpful: false, comment: 'no luck' }]);
    await store.close();
  });

  it('brings a file of the first schema up to date, keeping its groups and counts', async () => {
    mkdirSync(dir, { recursive: true });
    const db = new Database(join(dir, DATABASE_FILE));
    db.exec(MIGRATIONS[0]!.sqlite);
    db.pragma('user_version = 1');
    db.prepare("INSERT INTO inbox_groups VALUES ('abcdef123456', 'sig', 3, '2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z', 'sample')").run();
    db.close();
    const store = new SqliteStore(dir);
    expect(await store.listInbox()).toEqual([{ id: 'abcdef123456', signature: 'sig', count: 3, first_seen: '2026-11-01T00:00:00.000Z', last_seen: '2026-11-02T00:00:00.000Z', sample: 'sample', generic: 0, similar: 0 }]);
    expect(await store.dailyCounts('arrivals', '2000-01-01')).toEqual([]);
    await store.close();
  });

  it('refuses a file whose schema is newer than this kb knows', async () => {
    await new SqliteStore(dir).close();
    const db = new Database(join(dir, DATABASE_FILE));
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => new SqliteStore(dir)).toThrow(StoreVersionError);
  });
});
