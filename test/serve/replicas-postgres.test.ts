import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { BIN, ROOT, startServe, type ServeProcess } from '../helpers/serve-process.js';

const run = promisify(execFile);
const KB = join(ROOT, 'test/fixtures/http-kb');
const CLIENTS = 20;
const PASTES_PER_CLIENT = 10;
/** Unmatched errors of four kinds; the numbers in them differ per paste, so each kind is one inbox group. */
const KINDS = [
  (n: number) => `ERROR [scheduler] job ${n} stalled after ${n * 3} retries on queue ${n % 7}`,
  (n: number) => `fatal: widget ${n} could not be frobnicated (code ${1000 + n})`,
  (n: number) => `2026-12-07T10:${String(n % 60).padStart(2, '0')}:00Z payroll export ${n} rejected: ledger mismatch of ${n} cents`,
  (n: number) => `Unhandled sprocket exception id=${n} in gearbox ${n % 5}`,
];

let pg: TestPostgres;
let url: string;
let replicas: ServeProcess[] = [];
beforeAll(async () => {
  pg = await startPostgres();
  url = await pg.createDatabase('replicas');
}, 120_000);
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await pg?.stop();
});

describe('two replicas sharing one PostgreSQL store', () => {
  it('counts every paste once, whichever replica received it', async () => {
    // Both start at once: one of them migrates the new database, the other waits for it.
    replicas = await Promise.all([0, 1].map(() => startServe(['--workers', '1', '--kb', KB, '--store', url], { env: { KB_RATE_LIMIT_MAX: '0' } })));
    expect(replicas[0]!.url).not.toBe(replicas[1]!.url);

    const sent = KINDS.map(() => 0);
    let served = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let i = 0; i < PASTES_PER_CLIENT; i++) {
          const n = client * PASTES_PER_CLIENT + i;
          const kind = n % KINDS.length;
          const replica = replicas[n % 2]!;
          const res = await fetch(`${replica.url}/v1/match`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: KINDS[kind]!(n) });
          expect(res.status).toBe(200);
          expect(((await res.json()) as { matches: unknown[] }).matches).toEqual([]);
          sent[kind]!++;
          // Every fifth client also pastes an error a rule answers: counted as served.
          if (client % 5 === 0) {
            const matched = await fetch(`${replicas[(n + 1) % 2]!.url}/v1/match`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'No space left on device' });
            expect(matched.status).toBe(200);
            await matched.arrayBuffer();
            served++;
          }
        }
      }),
    );

    const { stdout } = await run(process.execPath, [BIN, 'inbox', '--store', url, '--json', '--top', '100'], { cwd: ROOT, env: { PATH: process.env.PATH } });
    const groups = (JSON.parse(stdout) as { groups: { count: number; sample: string }[] }).groups;
    const counted = groups.reduce((sum, g) => sum + g.count, 0);
    console.log(`two-replicas-postgres ${JSON.stringify({ clients: CLIENTS, pastesSent: CLIENTS * PASTES_PER_CLIENT, pastesCounted: counted, groups: groups.length, perGroup: groups.map((g) => g.count), servedSent: served })}`);
    expect(counted).toBe(CLIENTS * PASTES_PER_CLIENT);
    expect(groups.map((g) => g.count).sort()).toEqual([...sent].sort());

    const stats = await run(process.execPath, [BIN, 'stats', '--json'], { cwd: ROOT, env: { PATH: process.env.PATH, KB_STORE_URL: url } });
    expect(JSON.parse(stats.stdout).rules).toEqual([expect.objectContaining({ rule: 'disk-full', served })]);

    // Both replicas are ready: a knowledge base is loaded and the store answers.
    for (const replica of replicas) expect(await (await fetch(`${replica.url}/readyz`)).json()).toMatchObject({ status: 'ready', store: 'ok' });
    for (const replica of replicas) expect(await replica.stop()).toBe(0);
  }, 180_000);
});
