import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { round } from './stats.js';

export interface HttpFigures {
  route: string;
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  non_2xx: number;
}

export interface HttpResult {
  kb: string;
  rules: number;
  paste_bytes: number;
  connections: number;
  duration_s: number;
  bare: HttpFigures;
  match: HttpFigures;
  /** match req/s as a share of the bare route's. */
  ratio: number;
  matched_rule?: string;
}

const CONNECTIONS = 10;

function cannon(url: string, body: string, duration: number): Promise<autocannon.Result> {
  return autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: CONNECTIONS, duration });
}

function figures(route: string, result: autocannon.Result): HttpFigures {
  return { route, requests_per_s: round(result.requests.average, 0), p50_ms: result.latency.p50, p99_ms: result.latency.p99, errors: result.errors, non_2xx: result.non2xx };
}

/**
 * Both servers run in one child process; autocannon (as a library, 10 connections on 127.0.0.1)
 * runs here, so load generation does not share the servers' event loop. Each route gets a warm-up,
 * then the two are measured back to back, twice, and the better run of each is kept.
 */
export async function benchHttp(paste: string, target = 'bundled', duration = 10): Promise<HttpResult> {
  const child = fork(fileURLToPath(new URL('./http-server.ts', import.meta.url)), [target], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const ports = await new Promise<{ api: string; bare: string; rules: number }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { api: string; bare: string; rules: number }));
      child.once('exit', (code) => reject(new Error(`HTTP bench server exited with ${code}`)));
    });
    const body = JSON.stringify({ text: paste });
    const probe = await fetch(`${ports.api}/v1/match`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const answer = (await probe.json()) as { matches?: { rule: { id: string } }[] };
    if (!probe.ok) throw new Error(`POST /v1/match answered ${probe.status}`);
    await cannon(`${ports.bare}/v1/match`, body, 2);
    await cannon(`${ports.api}/v1/match`, body, 2);
    let bare: autocannon.Result | undefined;
    let match: autocannon.Result | undefined;
    for (let round = 0; round < 2; round++) {
      const b = await cannon(`${ports.bare}/v1/match`, body, duration / 2);
      const m = await cannon(`${ports.api}/v1/match`, body, duration / 2);
      if (!bare || b.requests.average > bare.requests.average) bare = b;
      if (!match || m.requests.average > match.requests.average) match = m;
    }
    return {
      kb: target === 'bundled' ? 'bundled' : `synthetic ${target}`,
      rules: ports.rules,
      paste_bytes: Buffer.byteLength(paste),
      connections: CONNECTIONS,
      duration_s: duration / 2,
      bare: figures('bare fastify POST (same body schema)', bare!),
      match: figures('POST /v1/match', match!),
      ratio: round(match!.requests.average / bare!.requests.average, 3),
      matched_rule: answer.matches?.[0]?.rule.id,
    };
  } finally {
    child.kill();
  }
}
