/**
 * The attack of issue 15, timed: POST /v1/try with a rule of N regex conditions `x{0,200}q` on
 * 256 KiB of `x` and one emoji (the emoji sends regexes to the RE2 slow path), while another
 * client polls GET /healthz. Prints how long the attack took to answer and the slowest health
 * check meanwhile. `--root DIR` runs another build of the app (its dist/), for a before/after.
 *
 *   npm run build && npx tsx scripts/attack-timing.ts [--root DIR] [--copies N] [--route /v1/try|/try] [--pattern 'x{0,100}q']
 */
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const { values } = parseArgs({ options: { root: { type: 'string', default: '.' }, copies: { type: 'string', default: '20' }, route: { type: 'string', default: '/v1/try' }, pattern: { type: 'string', default: 'x{0,200}q' } } });
const root = resolve(values.root!);
const copies = Number(values.copies);
const load = (path: string) => import(pathToFileURL(join(root, 'dist', path)).href);
// As `kb serve` does (builds before this module enabled it on import).
await load('util/regexp-linear-fallback.js').then((m) => m.enableLinearRegexpFallback(), () => {});
const { buildApp } = await load('http/build-app.js');
const { KnowledgeBaseHolder } = await load('serve/knowledge-base-holder.js');

const { holder } = await KnowledgeBaseHolder.open(root);
const app = buildApp({ knowledgeBase: holder });
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as { port: number };
// As `kb serve` does at start (a build without the playground thread has nothing to warm).
await app.tryRunner?.warm(holder.current());

const rule = ['id: attack', 'title: Attack', 'article: atlassian-cloud-scim-api-key-invalid', 'when:', '  any:', ...Array.from({ length: copies }, (_, i) => `    - regex: '${values.pattern}${i}'`), 'examples:', '  match:', '    - "xq0"', '  no_match:', '    - "y"'].join('\n');
const text = `${'x'.repeat(256 * 1024 - 8)}q0😀`;

function send(method: string, path: string, body?: string, type = 'application/json'): Promise<{ status: number; ms: number; body: string }> {
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

let polling = true;
let slowestHealth = 0;
let healthChecks = 0;
const poller = (async () => {
  while (polling) {
    const { ms } = await send('GET', '/healthz');
    slowestHealth = Math.max(slowestHealth, ms);
    healthChecks++;
    // The poller's own timer is late when the event loop is held: that delay counts too.
    const next = performance.now() + 20;
    await new Promise((r) => setTimeout(r, 20));
    slowestHealth = Math.max(slowestHealth, performance.now() - next);
  }
})();
await new Promise((r) => setTimeout(r, 200));
const body = values.route === '/try' ? new URLSearchParams({ rule, text }).toString() : JSON.stringify({ rule, text });
const attack = await send('POST', values.route!, body, values.route === '/try' ? 'application/x-www-form-urlencoded' : 'application/json');
await new Promise((r) => setTimeout(r, 200));
polling = false;
await poller;
await app.close();
const code = /"code":"(KB_[A-Z_]+)"/.exec(attack.body)?.[1] ?? (/"ok":(true|false)/.exec(attack.body)?.[0] ?? '');
console.log(JSON.stringify({ route: values.route, copies, status: attack.status, code, attackMs: Math.round(attack.ms), slowestHealthMs: Math.round(slowestHealth), healthChecks }));
