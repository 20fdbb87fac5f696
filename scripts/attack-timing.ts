/**
 * The attacks of issue 15, timed, while another client polls GET /healthz on the same port.
 * Prints how long the attack took to answer and the slowest health check meanwhile.
 *
 * - POST /v1/try or the /try page (`--route /v1/try|/try`): a tried rule of N regex conditions
 *   `PATTERN0…PATTERN(N-1)` on 256 KiB of `x`, `q0` and one emoji (the emoji sends regexes to the
 *   RE2 slow path).
 * - POST /v1/match or the page's POST / (`--route /v1/match|/`): the same rule put into a copy of
 *   the knowledge base, served, and a paste sent at it: `--paste emoji` (256 KiB of `x`, `q0`, an
 *   emoji: RE2's slow path) or `--paste plain` (`y0 q0`, then 256 KiB of `x`: the native path, where
 *   a backtracking pattern such as `(?:(?:x+)+|(?:x*x)+)+y` falls to V8's linear engine).
 *
 * `--root DIR` runs another build of the app (its dist/), for a before/after; `--workers N` runs
 * `kb serve --workers N` of that build instead of the app in this process (health checks then
 * reach whichever worker the operating system hands the connection to).
 *
 *   npm run build && npx tsx scripts/attack-timing.ts [--root DIR] [--copies N] [--route R] [--pattern P] [--paste emoji|plain] [--any] [--budget MS] [--workers N]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: '.' },
    copies: { type: 'string', default: '20' },
    route: { type: 'string', default: '/v1/try' },
    pattern: { type: 'string', default: 'x{0,200}q' },
    paste: { type: 'string', default: 'emoji' },
    any: { type: 'boolean', default: false },
    budget: { type: 'string', default: '2000' },
    workers: { type: 'string' },
  },
});
const root = resolve(values.root!);
const copies = Number(values.copies);
const route = values.route!;
const inKnowledgeBase = route === '/v1/match' || route === '/';

const rule = ['id: attack', 'title: Attack', 'article: atlassian-cloud-scim-api-key-invalid', 'when:', `  ${values.any || !inKnowledgeBase ? 'any' : 'all'}:`, ...Array.from({ length: copies }, (_, i) => `    - regex: '${values.pattern}${inKnowledgeBase ? '' : i}'`), 'examples:', '  match:', '    - "xq0"', '  no_match:', '    - "y"'].join('\n');
const text = values.paste === 'plain' ? `y0 q0 ${'x'.repeat(256 * 1024 - 8)}` : `${'x'.repeat(256 * 1024 - 8)}q0😀`;

/** The knowledge base served: the root's own, or for the /v1/match attack a copy with the attack rule in it. */
async function servedKnowledgeBase(): Promise<{ dir: string; remove: () => Promise<void> }> {
  if (!inKnowledgeBase) return { dir: root, remove: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'kb-attack-'));
  await cp(join(root, 'rules'), join(dir, 'rules'), { recursive: true });
  await cp(join(root, 'articles'), join(dir, 'articles'), { recursive: true });
  await mkdir(join(dir, 'rules', 'attack'), { recursive: true });
  await writeFile(join(dir, 'rules', 'attack', 'attack.yaml'), rule);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The app of the root's build in this process, listening; or `kb serve --workers N` of it. */
async function startServer(dir: string): Promise<{ port: number; stop: () => Promise<void> }> {
  if (values.workers) return startServe(dir, Number(values.workers));
  const load = (path: string) => import(pathToFileURL(join(root, 'dist', path)).href);
  // As `kb serve` does (builds before this module enabled it on import).
  await load('util/regexp-linear-fallback.js').then((m) => m.enableLinearRegexpFallback(), () => {});
  const { buildApp } = await load('http/build-app.js');
  const { KnowledgeBaseHolder } = await load('serve/knowledge-base-holder.js');
  const { holder, load: loaded } = await KnowledgeBaseHolder.open(dir);
  if (!holder) throw new Error(`the knowledge base does not load: ${JSON.stringify(loaded.diagnostics.slice(0, 3))}`);
  const app = buildApp({ knowledgeBase: holder, pasteLimits: { timeoutMs: Number(values.budget) } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // As `kb serve` does at start (a build without these threads has nothing to warm).
  await app.tryRunner?.warm(holder.current());
  await app.matchRunner?.warm(holder.current());
  return { port: (app.server.address() as { port: number }).port, stop: () => app.close() };
}

async function startServe(dir: string, workers: number): Promise<{ port: number; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [join(root, 'bin/kb.js'), 'serve', '--port', '0', '--kb', dir, '--workers', String(workers), '--no-store'], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info', KB_MATCH_TIMEOUT_MS: values.budget, KB_RATE_LIMIT_MAX: '0' },
  });
  let out = '';
  child.stdout!.on('data', (c) => (out += String(c)));
  child.stderr!.on('data', (c) => (out += String(c)));
  for (let tries = 0; tries < 600; tries++) {
    const serving = new Set([...out.matchAll(/"pid":(\d+)[^\n]*serving the knowledge base/g)].map((m) => m[1]));
    const port = /"msg":"Server listening at http:\/\/127\.0\.0\.1:(\d+)"/.exec(out)?.[1];
    if (port && serving.size >= workers) {
      // The threads each worker warms at start load the knowledge base; give them the time.
      await new Promise((r) => setTimeout(r, Number(process.env.ATTACK_WARM_MS ?? 10_000)));
      return { port: Number(port), stop: async () => void (child.kill('SIGTERM'), await new Promise((r) => child.once('exit', r))) };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`kb serve did not start:\n${out}`);
}

function send(port: number, method: string, path: string, body?: string, type = 'application/json'): Promise<{ status: number; ms: number; body: string }> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false, headers: body ? { 'content-type': type, 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => done({ status: res.statusCode!, ms: performance.now() - started, body: data }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

function attackBody(): { body: string; type: string } {
  const form = route === '/try' || route === '/';
  const fields: Record<string, string> = inKnowledgeBase ? { text } : { rule, text };
  return form ? { body: new URLSearchParams(fields).toString(), type: 'application/x-www-form-urlencoded' } : { body: JSON.stringify(fields), type: 'application/json' };
}

const kb = await servedKnowledgeBase();
const server = await startServer(kb.dir);
let polling = true;
let slowestHealth = 0;
let healthChecks = 0;
const poller = (async () => {
  while (polling) {
    const { ms } = await send(server.port, 'GET', '/healthz');
    slowestHealth = Math.max(slowestHealth, ms);
    healthChecks++;
    // The poller's own timer is late when the event loop is held: that delay counts too.
    const next = performance.now() + 20;
    await new Promise((r) => setTimeout(r, 20));
    slowestHealth = Math.max(slowestHealth, performance.now() - next);
  }
})();
await new Promise((r) => setTimeout(r, 200));
const { body, type } = attackBody();
const attack = await send(server.port, 'POST', route, body, type);
await new Promise((r) => setTimeout(r, 200));
polling = false;
await poller;
await server.stop();
await kb.remove();
const code = /"code":"(KB_[A-Z_]+)"/.exec(attack.body)?.[1] ?? (/"ok":(true|false)/.exec(attack.body)?.[0] ?? /"rule":\{"id":"([^"]+)"/.exec(attack.body)?.[1] ?? '');
console.log(JSON.stringify({ route, pattern: values.pattern, paste: values.paste, copies, workers: values.workers ?? 'in process', status: attack.status, code, attackMs: Math.round(attack.ms), slowestHealthMs: Math.round(slowestHealth), healthChecks }));
