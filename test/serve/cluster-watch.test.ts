import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import { startServe, ROOT, type ServeProcess } from '../helpers/serve-process.js';

const run = promisify(execFile);
const TOKEN = 'cluster-watch-test-token-0123456789';
const SAVES_PER_KIND = 20;

let dir: string;
let server: ServeProcess;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kb-cluster-watch-'));
  await cp(join(ROOT, 'test/fixtures/http-kb'), dir, { recursive: true });
  server = await startServe(['--workers', '2', '--kb', dir, '--watch', '--admin-token', TOKEN], { env: { KB_STORE: 'off' }, serving: 2 });
}, 90_000);
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Worker {
  pid: number;
  fingerprint: string;
  lastReload: { ok: boolean; errors: number } | null;
}
const status = async () => (await (await fetch(`${server.url}/v1/status`)).json()) as { fingerprint: string; workers: Worker[] };
const onDisk = async () => (await loadKnowledgeBase(dir)).kb!.fingerprint;
const matchFingerprints = async (n: number) =>
  new Set(
    await Promise.all(
      Array.from({ length: n }, async () => {
        const res = await fetch(`${server.url}/v1/match`, { method: 'POST', headers: { 'content-type': 'text/plain', connection: 'close' }, body: 'write failed: No space left on device' });
        await res.arrayBuffer();
        return res.headers.get('kb-fingerprint');
      }),
    ),
  );

/** Waits until every worker reports `fingerprint`; answers the ms it took. */
async function appliedEverywhere(fingerprint: string): Promise<number> {
  const started = performance.now();
  await expect
    .poll(async () => {
      const { workers } = await status();
      return workers.length === 2 && workers.every((w) => w.fingerprint === fingerprint);
    }, { timeout: 30_000, interval: 20 })
    .toBe(true);
  return performance.now() - started;
}

const ruleFile = () => join(dir, 'rules/demo/disk-full.yaml');
const extraArticle = (i: number) => join(dir, `articles/extra-${i}.md`);
const article = (i: number) => `---\nid: extra-${i}\ntitle: "Extra article ${i}"\nsummary: One more article.\ncause: Something else.\nsteps:\n  - Do the thing.\n---\nBody ${i}.\n`;

/** The four kinds of save an operator's tools make, each applied SAVES_PER_KIND times. */
const KINDS: { kind: string; save: (i: number) => Promise<void> }[] = [
  {
    kind: 'rename (safe-write; sed -i on odd saves)',
    save: async (i) => {
      if (i % 2) await run('sed', ['-i', `s/^title: .*/title: The disk is full (rename ${i})/`, ruleFile()]);
      else {
        await writeFile(`${ruleFile()}.tmp`, (await readFile(ruleFile(), 'utf8')).replace(/^title: .*$/m, `title: The disk is full (rename ${i})`));
        await rename(`${ruleFile()}.tmp`, ruleFile());
      }
    },
  },
  { kind: 'in-place write', save: async (i) => writeFile(ruleFile(), (await readFile(ruleFile(), 'utf8')).replace(/^title: .*$/m, `title: The disk is full (in place ${i})`)) },
  { kind: 'new file', save: async (i) => writeFile(extraArticle(i), article(i)) },
  { kind: 'deleted file', save: async (i) => rm(extraArticle(i)) },
];

describe('kb serve --workers 2 --watch: every save reaches every worker', () => {
  const timings: Record<string, number[]> = {};

  it.each(KINDS)('$kind: 20 saves, each applied to both workers', async ({ kind, save }) => {
    const took: number[] = (timings[kind] = []);
    for (let i = 0; i < SAVES_PER_KIND; i++) {
      const before = await onDisk();
      await save(i);
      const expected = await onDisk();
      expect(expected).not.toBe(before);
      took.push(await appliedEverywhere(expected));
    }
    // Every answer, on fresh connections spread over both workers, comes from the last save.
    expect(await matchFingerprints(12)).toEqual(new Set([await onDisk()]));
    const sorted = [...took].sort((a, b) => a - b);
    const summary = { kind, saves: took.length, p50ms: Math.round(sorted[Math.floor(sorted.length / 2)]!), maxMs: Math.round(sorted.at(-1)!) };
    console.log(`save-to-both-workers ${JSON.stringify(summary)}`);
    expect(took).toHaveLength(SAVES_PER_KIND);
    // The bound is 2 s per save; the median holds it with a wide margin even on a busy machine.
    expect(summary.p50ms).toBeLessThan(2000);
  }, 300_000);

  it('reports a refused edit on every worker, and a later good edit clears it', async () => {
    const good = await readFile(ruleFile(), 'utf8');
    const serving = await onDisk();
    await writeFile(ruleFile(), good.replace('    - No space left on device', '    - stauts: 507'));
    await expect.poll(async () => (await status()).workers.map((w) => w.lastReload), { timeout: 30_000, interval: 50 }).toEqual([
      { at: expect.any(String), ok: false, errors: 1 },
      { at: expect.any(String), ok: false, errors: 1 },
    ]);
    expect((await status()).workers.map((w) => w.fingerprint)).toEqual([serving, serving]);
    expect(await matchFingerprints(6)).toEqual(new Set([serving]));
    await writeFile(ruleFile(), good.replace(/^title: .*$/m, 'title: The disk is full again'));
    const fixed = await onDisk();
    await appliedEverywhere(fixed);
    expect((await status()).workers.map((w) => w.lastReload)).toEqual([
      { at: expect.any(String), ok: true, errors: 0 },
      { at: expect.any(String), ok: true, errors: 0 },
    ]);
  }, 60_000);

  it('POST /v1/reload answers once every worker serves the result', async () => {
    // Written where the watcher looks, but checked at once after the reload call: no waiting on the watcher.
    await writeFile(ruleFile(), (await readFile(ruleFile(), 'utf8')).replace(/^title: .*$/m, 'title: Reloaded by hand'));
    const res = await fetch(`${server.url}/v1/reload`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    const body = (await res.json()) as { ok: boolean; fingerprint: string; workers: Worker[] };
    expect(res.status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.fingerprint).toBe(await onDisk());
    expect(body.workers.map((w) => w.fingerprint)).toEqual([body.fingerprint, body.fingerprint]);
    expect(await matchFingerprints(12)).toEqual(new Set([body.fingerprint]));
  }, 60_000);
});
