import autocannon from 'autocannon';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { round } from './stats.js';

interface HttpFigures {
  route: string;
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  non_2xx: number;
}

/** One kind of paste, sent to the bare route, to the API in one process, and to `kb serve` as it starts by default. */
interface HttpRow {
  paste: string;
  /** Distinct bodies, sent in turn on every connection. */
  bodies: number;
  mean_paste_bytes: number;
  bare: HttpFigures;
  single: HttpFigures;
  served?: HttpFigures;
  /** /v1/match in one process, as a share of the bare route's req/s: the like-for-like figure. */
  ratio: number;
  /** `kb serve --workers <cores>`, as a share of the bare route's req/s. */
  ratio_served?: number;
}

export interface HttpResult {
  kb: string;
  rules: number;
  connections: number;
  duration_s: number;
  /** Runs per route; the median one is reported. */
  rounds: number;
  workers: number;
  rows: HttpRow[];
}

export interface PasteSet {
  name: string;
  texts: string[];
}

const CONNECTIONS = 10;

function cannon(url: string, bodies: string[], duration: number): Promise<autocannon.Result> {
  const { origin, pathname } = new URL(url);
  return autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration,
    requests: bodies.map((body) => ({ method: 'POST', path: pathname, headers: { 'content-type': 'application/json' }, body })),
  });
}

function figures(route: string, result: autocannon.Result): HttpFigures {
  return { route, requests_per_s: round(result.requests.average, 0), p50_ms: result.latency.p50, p99_ms: result.latency.p99, errors: result.errors, non_2xx: result.non2xx };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** `kb serve` as a user starts it (one worker per core), with rate limiting off and logging at warn. */
async function startServed(workers: number): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const bin = fileURLToPath(new URL('../bin/kb.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'serve', '--host', '127.0.0.1', '--port', String(port), '--workers', String(workers), '--no-store'], {
    env: { ...process.env, KB_RATE_LIMIT_MAX: '0', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 300; tries++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('kb serve did not start');
}

async function checkAnswers(url: string, bodies: string[]): Promise<void> {
  const probe = await fetch(`${url}/v1/match`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[0] });
  if (!probe.ok) throw new Error(`POST ${url}/v1/match answered ${probe.status}`);
}

/** Runs per route, taken in turn (bare, API, served, bare, …) so a slow spell of the machine falls on all of them. */
export const HTTP_ROUNDS = 3;

/** The median run of each route by req/s, the routes measured in turn, HTTP_ROUNDS times. */
async function medianRuns(urls: string[], bodies: string[], duration: number): Promise<autocannon.Result[]> {
  const runs: autocannon.Result[][] = urls.map(() => []);
  for (let round = 0; round < HTTP_ROUNDS; round++) {
    for (const [i, url] of urls.entries()) runs[i]!.push(await cannon(url, bodies, duration));
  }
  return runs.map((results) => results.sort((a, b) => a.requests.average - b.requests.average)[results.length >> 1]!);
}

/**
 * The API and a bare fastify route with the same body schema run in one child process
 * (http-server.ts); `kb serve` runs as it starts by default; autocannon (as a library, 10
 * connections on 127.0.0.1) runs here. Each paste set is sent in turn, every body of the set
 * cycling on every connection, so no answer is the same request repeated; the routes are measured
 * in turn, HTTP_ROUNDS times, and each one's median run is reported.
 */
export async function benchHttp(sets: PasteSet[], target = 'bundled', duration = 5, workers = 0): Promise<HttpResult> {
  const child = fork(fileURLToPath(new URL('./http-server.ts', import.meta.url)), [target], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let served: { child: ChildProcess; url: string } | undefined;
  try {
    const ports = await new Promise<{ api: string; bare: string; rules: number }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { api: string; bare: string; rules: number }));
      child.once('exit', (code) => reject(new Error(`HTTP bench server exited with ${code}`)));
    });
    if (workers > 0 && target === 'bundled') served = await startServed(workers);
    const rows: HttpRow[] = [];
    for (const set of sets) {
      const bodies = set.texts.map((text) => JSON.stringify({ text }));
      await checkAnswers(ports.api, bodies);
      for (const url of [ports.bare, ports.api, served?.url]) if (url) await cannon(`${url}/v1/match`, bodies, 1);
      const urls = [`${ports.bare}/v1/match`, `${ports.api}/v1/match`, ...(served ? [`${served.url}/v1/match`] : [])];
      const [bare, single, servedResult] = (await medianRuns(urls, bodies, duration)) as [autocannon.Result, autocannon.Result, autocannon.Result | undefined];
      rows.push({
        paste: set.name,
        bodies: bodies.length,
        mean_paste_bytes: Math.round(set.texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0) / set.texts.length),
        bare: figures('bare fastify POST (same body schema)', bare),
        single: figures('POST /v1/match, one process', single),
        served: servedResult ? figures(`POST /v1/match, kb serve --workers ${workers}`, servedResult) : undefined,
        ratio: round(single.requests.average / bare.requests.average, 3),
        ratio_served: servedResult ? round(servedResult.requests.average / bare.requests.average, 3) : undefined,
      });
    }
    return { kb: target === 'bundled' ? 'bundled' : `synthetic ${target}`, rules: ports.rules, connections: CONNECTIONS, duration_s: duration, rounds: HTTP_ROUNDS, workers, rows };
  } finally {
    child.kill();
    served?.child.kill();
  }
}
