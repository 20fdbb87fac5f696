/**
 * Soak run (not a unit test): starts the real server on 127.0.0.1, drives mixed load at it with
 * autocannon — good pastes, huge pastes, over-limit pastes, junk, deep JSON, pastes full of
 * secrets — and reports status codes, p99 latency and the server's resident memory before and
 * after. Fails (exit 1) on any 5xx, connection error or timeout.
 *
 *   npm run soak                      # 60 s, 10 connections
 *   SOAK_SECONDS=10 SOAK_CONNECTIONS=4 npm run soak
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 10);
const ADMIN_TOKEN = randomBytes(24).toString('hex');

const TOKEN = ['00', 'QCjAl4MlV-WPXM-', 'ABCDEFGHIJKLMNOPQRSTUVWXYZa'].join('');
const logLine = (i: number) => `2026-11-28T09:14:${String(i % 60).padStart(2, '0')}.221Z INFO worker=${i} request served in ${i % 97} ms`;
const bigLog = Array.from({ length: 2_500 }, (_, i) => logLine(i)).join('\n') + '\nError authenticating: Forbidden. Errors reported by remote server';

const text = (body: string) => ({ method: 'POST' as const, path: '/v1/match', headers: { 'content-type': 'text/plain' }, body });
const json = (value: unknown) => ({ method: 'POST' as const, path: '/v1/match', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });

/** The mix each connection cycles through; the comment says the answer expected. */
const REQUESTS = [
  text('Error authenticating: Forbidden. Errors reported by remote server'), // 200
  json({ text: 'connect ECONNREFUSED 127.0.0.1:5432', context: { product: 'okta' } }), // 200
  text(bigLog), // 200, ~200 KiB
  text(`${'x'.repeat(120)}\n`.repeat(2_600)), // 413: over the 256 KiB paste limit
  text(`Authorization: Bearer ${TOKEN}\nHTTP/1.1 401 Unauthorized\npostgres://app:hunter2@db/prod\n${['ghp', '_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'].join('')}`), // 200
  text('\u0001\u0002\u0003'.repeat(500)), // 400: binary
  text(`Forbidden ${'['.repeat(5_000)}`), // 422: nested too deep
  json({ text: '' }), // 400: empty
  { method: 'POST' as const, path: '/v1/match', headers: { 'content-type': 'application/json' }, body: '{"text": "unterminated' }, // 400
  { method: 'GET' as const, path: '/v1/articles' }, // 200
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not answer ${url} within ${timeoutMs} ms`);
}

async function rssOf(base: string): Promise<number> {
  const r = await fetch(`${base}/v1/admin/status`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return ((await r.json()) as { memory: { rss: number } }).memory.rss;
}

/** Times the seed paste on its own while the load runs, one request every 250 ms. */
async function probeLatency(base: string, durationMs: number): Promise<number[]> {
  const samples: number[] = [];
  const end = Date.now() + durationMs;
  while (Date.now() < end) {
    const started = performance.now();
    const res = await fetch(`${base}/v1/match`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'Error authenticating: Forbidden. Errors reported by remote server' });
    await res.arrayBuffer();
    samples.push(Math.round((performance.now() - started) * 10) / 10);
    await new Promise((r) => setTimeout(r, 250));
  }
  return samples;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function main(): Promise<number> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // One worker, so the memory read before and after is the same process's.
  const server = spawn(process.execPath, ['bin/kb.js', 'serve', '--port', String(port), '--host', '127.0.0.1', '--workers', '1'], {
    cwd: ROOT,
    // The rate limit stays on but high: the soak measures the engine, a test covers the 429s.
    env: { ...process.env, KB_ADMIN_TOKEN: ADMIN_TOKEN, KB_RATE_LIMIT_MAX: process.env.KB_RATE_LIMIT_MAX ?? '100000000', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitFor(`${base}/healthz`);
    // Warm up (JIT, lazy facts), then take the baseline.
    await autocannon({ url: base, connections: 2, duration: 3, requests: REQUESTS });
    const rssBefore = await rssOf(base);
    const load = autocannon({ url: base, connections: CONNECTIONS, duration: SECONDS, requests: REQUESTS, timeout: 30 });
    const probe = probeLatency(base, SECONDS * 1000);
    const [result, probeMs] = await Promise.all([load, probe]);
    await new Promise((r) => setTimeout(r, 2_000));
    const rssAfter = await rssOf(base);

    const codes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, (s as { count: number }).count]));
    const serverErrors = Object.entries(codes).filter(([code]) => Number(code) >= 500).reduce((n, [, c]) => n + c, 0);
    const report = {
      seconds: SECONDS,
      connections: CONNECTIONS,
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      statusCodes: codes,
      serverErrors,
      connectionErrors: result.errors,
      timeouts: result.timeouts,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      // What a new client sees under that load: the seed paste on its own connection every 250 ms.
      probeLatencyMs: { samples: probeMs.length, p50: percentile(probeMs, 50), p99: percentile(probeMs, 99), max: Math.max(...probeMs) },
      rss: { before: mib(rssBefore), after: mib(rssAfter), growth: mib(rssAfter - rssBefore) },
    };
    console.log(JSON.stringify(report, null, 2));
    const ok = serverErrors === 0 && result.errors === 0 && result.timeouts === 0;
    console.log(ok ? 'soak: OK — no 5xx, no errors, no timeouts' : 'soak: FAILED — see serverErrors / connectionErrors / timeouts');
    return ok ? 0 : 1;
  } finally {
    server.kill('SIGTERM');
  }
}

process.exitCode = await main();
