import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { appFor, copyKnowledgeBase, FIXTURE_KB_DIR } from '../helpers/http-app.js';

const TOKEN = 'test-admin-token-0123456789abcdef';
const admin = { authorization: `Bearer ${TOKEN}` };
const UNKNOWN = (id: string, at: string) => `${at} ERROR [exporter] job ${id} aborted: upstream schema registry returned an incompatible subject version`;

async function kb(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (append(String(chunk)), done()) });
  const code = await main({ argv, stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env: { KB_DIR: '' } });
  return { code, stdout, stderr };
}

describe('learning loop over HTTP', () => {
  let root: string;
  let dataDir: string;
  let store: SqliteStore;
  let app: FastifyInstance;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kb-learn-http-'));
    dataDir = join(root, 'data');
    store = new SqliteStore(dataDir);
    app = await appFor(FIXTURE_KB_DIR, { store, protection: { adminToken: TOKEN } });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(root, { recursive: true, force: true });
  });

  const match = (text: string) => app.inject({ method: 'POST', url: '/v1/match', payload: { text } });

  it('done when: an unknown error posted twice with other ids and times is one inbox group of 2, and its draft passes kb lint', async () => {
    for (const [id, at] of [['7f3a9c2e', '2026-11-29T10:00:00.000Z'], ['0b1d4e77', '2026-11-30T17:45:12.345Z']] as const) {
      const res = await match(UNKNOWN(id, at));
      expect(res.statusCode).toBe(200);
      expect(res.json().matches).toEqual([]);
    }
    const inbox = await app.inject({ method: 'GET', url: '/v1/inbox', headers: admin });
    expect(inbox.statusCode).toBe(200);
    const group = inbox.json().groups.find((g: { signature: string }) => g.signature.includes('schema registry'));
    expect(group).toMatchObject({ count: 2 });

    const listed = await kb(['inbox', '--data', dataDir]);
    expect(listed.stdout).toMatch(new RegExp(`${group.id}  ×2 `));

    const copy = await copyKnowledgeBase(FIXTURE_KB_DIR);
    try {
      const drafted = await kb(['inbox', 'draft', group.id, '--data', dataDir, '--kb', copy.dir]);
      expect(drafted.code, drafted.stderr).toBe(0);
      const lint = await kb(['lint', '--kb', copy.dir]);
      expect(lint.code, lint.stderr).toBe(0);
      const test = await kb(['test', '--kb', copy.dir]);
      expect(test.code, test.stdout).toBe(0);
    } finally {
      await copy.remove();
    }
  });

  it('answers suggestions beside (never inside) matches, and keeps them through the response schema', async () => {
    const near = await match('the disk has no free blocks left');
    expect(near.json().matches).toEqual([]);
    expect(near.json().suggestions.map((s: { article: { id: string } }) => s.article.id)).toContain('disk-full');
    // Close enough to the rule's examples: a "Likely" answer from the second stage, and then no suggestions.
    const likely = await match('ENOSPC while rotating logs: the disk has no free blocks and no inodes left on /var');
    expect(likely.json().matches[0]).toMatchObject({ basis: 'similar', article: { id: 'disk-full' } });
    expect(likely.json().suggestions).toEqual([]);
    const junk = await match('lorem ipsum dolor sit amet 0x7ffd1234 qwerty');
    expect(junk.json().suggestions).toEqual([]);
    const answered = await match('write /srv/x: No space left on device');
    expect(answered.json().matches[0].rule.id).toBe('disk-full');
    expect(answered.json().suggestions).toEqual([]);
  });

  it('stores pastes redacted: the secret never reaches the database files', async () => {
    const secret = 'ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
    const res = await match(`git fetch in the mirror job failed: remote rejected credentials token=${secret} for the schema sync`);
    expect(res.json().matches).toEqual([]);
    const bytes = readdirSync(dataDir).map((f) => readFileSync(join(dataDir, f)).toString('latin1')).join('');
    expect(bytes).toContain('REDACTED');
    expect(bytes).not.toContain(secret);
    expect(bytes).not.toContain(secret.slice(4, 24));
  });

  it('counts exactly under concurrent requests: unmatched pastes and served answers', async () => {
    const before = (await store.ruleStats()).find((r) => r.rule === 'disk-full')?.served ?? 0;
    const requests = Array.from({ length: 24 }, (_, i) =>
      i % 2 ? match(`write /data/part-${i}.bin: No space left on device`) : match(`2026-12-0${(i % 9) + 1}T0${i % 10}:00:00Z cache shard ${1000 + i} evicted: replication lag exceeded budget`),
    );
    const answers = await Promise.all(requests);
    expect(answers.map((r) => r.statusCode)).toEqual(Array(24).fill(200));
    const groups = await store.listInbox();
    expect(groups.find((g) => g.signature.includes('replication lag'))?.count).toBe(12);
    expect((await store.ruleStats()).find((r) => r.rule === 'disk-full')?.served).toBe(before + 12);
  });

  it('takes feedback, redacts and limits its comment, and counts it in /v1/stats and kb stats', async () => {
    const post = (payload: unknown) => app.inject({ method: 'POST', url: '/v1/feedback', payload: payload as object });
    expect((await post({ rule: 'disk-full', article: 'disk-full', helpful: true })).statusCode).toBe(200);
    const secret = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
    const no = await post({ rule: 'disk-full', article: 'disk-full', helpful: false, comment: `still failing; my token is ${secret}` });
    expect(no.statusCode).toBe(200);
    expect(no.json()).toEqual({ recorded: true });

    const unknown = await post({ rule: 'no-such-rule', article: 'disk-full', helpful: true });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'KB_HTTP_RULE_NOT_FOUND' });
    expect((await post({ rule: 'disk-full', article: 'permission-denied', helpful: true })).json()).toMatchObject({ statusCode: 400, code: 'KB_HTTP_FEEDBACK_MISMATCH' });
    expect((await post({ rule: 'disk-full', article: 'disk-full', helpful: true, comment: 'x'.repeat(1001) })).json()).toMatchObject({ statusCode: 400, code: 'KB_HTTP_INVALID_REQUEST' });
    expect((await post({ rule: 'disk-full', article: 'disk-full', helpful: 'yes' })).statusCode).toBe(400);
    expect((await post({ rule: 'disk-full', article: 'disk-full' })).statusCode).toBe(400);

    const stats = await app.inject({ method: 'GET', url: '/v1/stats', headers: admin });
    expect(stats.json().rules.find((r: { rule: string }) => r.rule === 'disk-full')).toMatchObject({ helpful: 1, not_helpful: 1 });
    expect((await kb(['stats', '--data', dataDir])).stdout).toMatch(/disk-full\s+\d+\s+1\s+1/);
    const bytes = readdirSync(dataDir).map((f) => readFileSync(join(dataDir, f)).toString('latin1')).join('');
    expect(bytes).toContain('still failing');
    expect(bytes).not.toContain(secret);
  });

  it('keeps /v1/inbox and /v1/stats behind the admin token', async () => {
    for (const url of ['/v1/inbox', '/v1/stats']) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url, headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } })).statusCode).toBe(403);
    }
    const open = await appFor(FIXTURE_KB_DIR, { store });
    try {
      // Without a configured token the routes do not exist.
      expect((await open.inject({ method: 'GET', url: '/v1/inbox' })).statusCode).toBe(404);
      expect((await open.inject({ method: 'GET', url: '/v1/stats' })).statusCode).toBe(404);
    } finally {
      await open.close();
    }
    expect((await app.inject({ method: 'GET', url: '/v1/inbox?top=0', headers: admin })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/v1/inbox?top=1', headers: admin })).json().groups).toHaveLength(1);
  });

  it('with storing off, answers as usual and stores nothing', async () => {
    const off = await appFor(FIXTURE_KB_DIR, { protection: { adminToken: TOKEN } });
    try {
      expect((await off.inject({ method: 'POST', url: '/v1/match', payload: { text: UNKNOWN('1', '2026-01-01') } })).json().matches).toEqual([]);
      expect((await off.inject({ method: 'POST', url: '/v1/feedback', payload: { rule: 'disk-full', article: 'disk-full', helpful: true } })).json()).toEqual({ recorded: false });
      expect((await off.inject({ method: 'GET', url: '/v1/inbox', headers: admin })).json()).toEqual({ storing: false, groups: [] });
    } finally {
      await off.close();
    }
  });

  it('never fails a request because the store fails', async () => {
    const broken = new SqliteStore(join(root, 'broken'));
    const brokenApp = await appFor(FIXTURE_KB_DIR, { store: broken });
    await broken.close();
    try {
      const res = await brokenApp.inject({ method: 'POST', url: '/v1/match', payload: { text: UNKNOWN('2', '2026-01-02') } });
      expect(res.statusCode).toBe(200);
    } finally {
      await brokenApp.close();
    }
  });
});
