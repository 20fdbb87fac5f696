import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { secretSamples } from '../fixtures/secrets/secret-samples.js';
import { appFor, FIXTURE_KB_DIR, logCollector } from '../helpers/http-app.js';

// Issue 15: nothing that leaves the matcher carries a secret. The whole secrets corpus goes through
// every route that takes a paste (matched and unmatched, JSON and the web forms, feedback comments,
// URLs that end up in the log), then the responses, the log, every file of the store (its WAL
// included, read while the store is still open) and the CLI's inbox output and drafts are searched
// for each raw secret.

const TOKEN = 'test-admin-token-0123456789abcdef';
const admin = { authorization: `Bearer ${TOKEN}` };
const MATCHED = 'write /var/lib/app/data.db: No space left on device\n';
const TRIED_RULE = 'id: disk-full-tried\ntitle: Disk full\narticle: disk-full\nwhen:\n  all:\n    - No space left on device\n';

async function cli(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
  const code = await main({ argv, stdout: sink, stderr: sink, env: { KB_DIR: '' } });
  return { code, out };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('redaction everywhere a paste can leave the matcher', () => {
  let root: string;
  let dataDir: string;
  let store: SqliteStore;
  let app: FastifyInstance;
  const logs = logCollector();
  const samples = secretSamples();
  const answers: string[] = [];
  let inboxBody = '';

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'privacy-redaction-'));
    dataDir = join(root, 'data');
    store = new SqliteStore(dataDir);
    app = await appFor(FIXTURE_KB_DIR, { store, protection: { adminToken: TOKEN }, logger: { level: 'info', stream: logs.stream } });
    const keep = (res: LightMyRequestResponse) => answers.push(`${res.statusCode} ${JSON.stringify(res.headers)} ${res.body}`);
    for (const { paste } of samples) {
      for (const text of [paste, MATCHED + paste]) {
        keep(await app.inject({ method: 'POST', url: '/v1/match', payload: { text } }));
        keep(await app.inject({ method: 'POST', url: '/v1/try', payload: { rule: TRIED_RULE, text } }));
        keep(await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ text }) }));
        keep(await app.inject({ method: 'POST', url: '/try', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ rule: TRIED_RULE, text }) }));
      }
      keep(await app.inject({ method: 'POST', url: '/v1/feedback', payload: { rule: 'disk-full', article: 'disk-full', helpful: false, comment: paste } }));
      keep(await app.inject({ method: 'GET', url: `/v1/articles?q=${encodeURIComponent(paste.slice(0, 400))}` }));
      keep(await app.inject({ method: 'GET', url: `/articles?q=${encodeURIComponent(paste.slice(0, 400))}&token=${encodeURIComponent(paste.slice(0, 300))}` }));
    }
    const inbox = await app.inject({ method: 'GET', url: '/v1/inbox?top=500', headers: admin });
    inboxBody = inbox.body;
    keep(inbox);
    keep(await app.inject({ method: 'GET', url: '/v1/stats', headers: admin }));
  }, 600_000);

  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** The samples whose secret occurs in `haystack`, by format. */
  const leaked = (haystack: string) => samples.filter((s) => s.secrets.some((secret) => haystack.includes(secret))).map((s) => `${s.format}: ${s.secrets[0]}`);

  it('stores every unmatched paste (the test would prove nothing otherwise)', async () => {
    const inbox = JSON.parse(inboxBody);
    expect(inbox.groups.length).toBeGreaterThan(50);
    expect(answers.join('\n')).toContain('[REDACTED:');
  });

  it('answers, pages and headers hold no raw secret', () => {
    const leaks = answers.flatMap((answer) => leaked(answer).map((what) => `${what} in ${answer.slice(0, 400)}`));
    expect(leaks).toEqual([]);
  });

  it('the log holds no raw secret, percent-encoded URLs included', () => {
    const text = logs.text();
    expect(text).toContain('"url":"/articles?q=');
    expect(leaked(text)).toEqual([]);
    expect(leaked(decodeURIComponent(text.replace(/%(?![0-9a-f]{2})/gi, '%25')))).toEqual([]);
  });

  it("the store's files, WAL included, hold no raw secret", () => {
    const files = readdirSync(dataDir);
    expect(files.some((f) => f.endsWith('-wal'))).toBe(true);
    const bytes = files.map((f) => readFileSync(join(dataDir, f)).toString('utf8')).join('\n');
    expect(bytes).toContain('REDACTED');
    expect(leaked(bytes)).toEqual([]);
  });

  it('`kb inbox --json` and every `kb inbox draft` hold no raw secret', async () => {
    const listed = await cli(['inbox', '--json', '--top', '1000', '--data', dataDir]);
    expect(listed.code).toBe(0);
    const groups = JSON.parse(listed.out).groups as { id: string }[];
    let out = listed.out;
    for (const group of groups) {
      const draft = await cli(['inbox', 'draft', group.id, '--data', dataDir, '--kb', FIXTURE_KB_DIR, '--stdout', '--article', 'disk-full']);
      expect(draft.code, draft.out).toBe(0);
      out += draft.out;
    }
    expect(leaked(out)).toEqual([]);
  }, 300_000);
});
