// `npm run bench:store`: req/s of POST /v1/match through `kb serve` with the SQLite store and with
// the PostgreSQL store, in one run (same machine, same pastes, stores in turn, median of three
// runs each). Every paste writes to the store: an answer counts its rule, an unmatched paste goes
// to the inbox. PostgreSQL is a throwaway server started from the machine's binaries.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startPostgres } from '../test/helpers/postgres.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const ROUNDS = 3;

/** Half answered by a rule (counted), half unmatched (inbox), in a few dozen shapes. */
const BODIES = Array.from({ length: 40 }, (_, i) =>
  JSON.stringify({ text: i % 2 ? 'Error authenticating: Forbidden. Errors reported by remote server' : `job ${i} of tenant ${i * 7} failed: widget frobnication error ${1000 + i}` }),
);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `kb serve` with one worker and this store, request logs off (LOG_LEVEL=warn), as the main HTTP bench runs it. */
async function startServe(store: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'bin/kb.js'), 'serve', '--port', String(port), '--workers', '1', '--store', store], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', KB_RATE_LIMIT_MAX: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`kb serve --store ${store} did not become ready`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function cannon(url: string): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: BODIES.map((body) => ({ method: 'POST', path: '/v1/match', headers: { 'content-type': 'application/json' }, body })),
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const dataDir = mkdtempSync(join(tmpdir(), 'kb-bench-store-'));
const pg = await startPostgres();
try {
  const postgresUrl = await pg.createDatabase('bench');
  const servers = [
    { name: 'SQLite', ...(await startServe(`sqlite:${join(dataDir, 'data')}`)) },
    { name: 'PostgreSQL', ...(await startServe(postgresUrl)) },
  ];
  const results: Record<string, autocannon.Result[]> = { SQLite: [], PostgreSQL: [] };
  for (let round = 0; round < ROUNDS; round++) for (const server of servers) results[server.name]!.push(await cannon(server.url));
  console.log(`POST /v1/match through kb serve (1 worker) with each store: ${CONNECTIONS} connections, ${DURATION_S} s, median of ${ROUNDS} runs, stores in turn`);
  console.log('store         req/s   p50 ms   p99 ms   non-2xx  errors');
  for (const server of servers) {
    const runs = results[server.name]!;
    const pick = runs.find((r) => r.requests.average === median(runs.map((x) => x.requests.average)))!;
    console.log(
      `${server.name.padEnd(12)} ${String(Math.round(pick.requests.average)).padStart(6)} ${String(pick.latency.p50).padStart(8)} ${String(pick.latency.p99).padStart(8)} ${String(runs.reduce((s, r) => s + r.non2xx, 0)).padStart(9)} ${String(runs.reduce((s, r) => s + r.errors, 0)).padStart(7)}`,
    );
  }
  await Promise.all(servers.map((s) => s.stop()));
} finally {
  await pg.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
