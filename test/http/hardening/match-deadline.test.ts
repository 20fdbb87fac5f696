import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SafeRegex } from '../../../src/compile/safe-regex.js';
import { MAX_REGEX_PROGRAM_SIZE } from '../../../src/compile/safe-regex.js';
import { matchPasteNow } from '../../../src/match/match-paste.js';
import { IN_THREAD_WORST_MS, needsIsolation, worstRegexMs } from '../../../src/match/regex-cost.js';
import { expectHealthy, sendTo, underAttack } from '../../helpers/health-under-attack.js';
import { appFor, BUNDLED_KB_DIR } from '../../helpers/http-app.js';

// Issue 15 item 3 for POST /v1/match: a knowledge-base rule whose regexes pass lint's cost bound
// can still take far longer than the budget on a worst-case paste, and no regex engine stops
// mid-regex: on RE2's slow path (an emoji in 256 KiB of `x`) each span took ~1 s past the last
// time check; on the native path a backtracking pattern falls to V8's linear engine and took 35 s
// for one regex, the event loop held all along. Now a paste on which some regex could run long is
// matched in a thread stopped at the deadline: 422 KB_INPUT_TIMEOUT within the budget + 1 s, and
// health checks from another client keep answering meanwhile.

const BUDGET_MS = 2000;
const ESCAPE_HATCH = 1000;
/** 40 overlapping alternatives under `+`: V8 backtracks, then hands it to its slow linear engine. */
const BACKTRACKING = `(?:${Array.from({ length: 40 }, (_, i) => ['(?:x+)+', '(?:x*x)+', '(?:x+x)+', '(?:xx*)+', 'x+x+'][i % 5]).join('|')})+y0`;
const SLOW_PATH_PASTE = `${'x'.repeat(256 * 1024 - 8)}q0😀`;
const NATIVE_PASTE = `y0 q0 ${'x'.repeat(256 * 1024 - 8)}`;

/**
 * The CPU time `work` takes, in ms: what a regex costs, whatever else the machine runs. Wall time
 * measured it before, and on a loaded 2-core machine (load average 10) RE2's slow path took 1.4 s
 * of wall time for well under a second of work.
 */
function cpuMsOf(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const attackRule = (id: string, conditions: string[]) =>
  [`id: ${id}`, `title: Attack ${id}`, 'article: atlassian-cloud-scim-api-key-invalid', 'when:', '  all:', ...conditions.map((c) => `    - regex: '${c}'`), 'examples:', '  match:', '    - "xq0 xy0"', '  no_match:', '    - "y"'].join('\n');

let dir: string;
let app: FastifyInstance;
let port: number;

const send = (method: string, path: string, body?: string, type?: string) => sendTo(port, method, path, body, type);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kb-match-deadline-'));
  await cp(join(BUNDLED_KB_DIR, 'rules'), join(dir, 'rules'), { recursive: true });
  await cp(join(BUNDLED_KB_DIR, 'articles'), join(dir, 'articles'), { recursive: true });
  await mkdir(join(dir, 'rules', 'attack'));
  // A knowledge base full of regexes just under lint's bound: 20 conditions on RE2's slow path, one backtracking native one.
  await writeFile(join(dir, 'rules', 'attack', 're2-attack.yaml'), attackRule('re2-attack', Array.from({ length: 20 }, (_, i) => `x{0,${100 - i}}q0`)));
  await writeFile(join(dir, 'rules', 'attack', 'native-attack.yaml'), attackRule('native-attack', [BACKTRACKING]));
  app = await appFor(dir, { pasteLimits: { timeoutMs: BUDGET_MS } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
  await app.matchRunner.warm(app.kb.current());
}, 60_000);
afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a knowledge base of costly regexes cannot stall POST /v1/match', () => {
  it('holds regexes that lint accepts, just under its bound', () => {
    const regexes = app.kb.current().rules.filter((r) => r.id.endsWith('-attack')).flatMap((r) => r.leaves.map((l) => (l.test as { regex: SafeRegex }).regex));
    expect(regexes).toHaveLength(21);
    for (const regex of regexes) expect(regex.cost).toBeLessThanOrEqual(MAX_REGEX_PROGRAM_SIZE);
    expect(Math.max(...regexes.map((r) => r.cost))).toBeGreaterThan(MAX_REGEX_PROGRAM_SIZE * 0.75);
    expect(regexes.find((r) => r.pattern === BACKTRACKING)!.native).toBeDefined();
  });

  for (const [path, name, paste] of [
    ['/v1/match', "RE2's slow path (an emoji in 256 KiB of x)", SLOW_PATH_PASTE],
    ['/v1/match', 'the native path (a backtracking regex, 256 KiB of x)', NATIVE_PASTE],
    ['/', 'the page, on the native path', NATIVE_PASTE],
  ] as const) {
    it(`${path}, ${name}: 422 KB_INPUT_TIMEOUT within the budget + 1 s, health checks answering`, async () => {
      const body = path === '/' ? new URLSearchParams({ text: paste }).toString() : JSON.stringify({ text: paste });
      const { answer, health, quiet } = await underAttack(port, () => send('POST', path, body, path === '/' ? 'application/x-www-form-urlencoded' : 'application/json'));
      expect(answer.status).toBe(422);
      if (path === '/v1/match') expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 422, code: 'KB_INPUT_TIMEOUT' });
      expect(answer.ms).toBeLessThan(BUDGET_MS + ESCAPE_HATCH);
      expectHealthy(health, quiet);
    }, 30_000);
  }

  it('frees the thread at once: a small paste and a long ordinary one answer right after', async () => {
    await send('POST', '/v1/match', JSON.stringify({ text: NATIVE_PASTE }));
    const small = await send('POST', '/v1/match', JSON.stringify({ text: 'xq0 xxy0' }));
    expect(small.status).toBe(200);
    expect(JSON.parse(small.body).matches.map((m: { rule: { id: string } }) => m.rule.id)).toContain('native-attack');
    const log = `${'GET /v1/users 200 12ms\n'.repeat(2000)}npm ERR! code E407\nnpm ERR! 407 Proxy Authentication Required - GET https://registry.npmjs.org/express`;
    expect(needsIsolation(app.kb.current(), log)).toBe(true);
    const long = await send('POST', '/v1/match', JSON.stringify({ text: log }));
    expect(long.status).toBe(200);
    // Matched in a thread, answered as on the server's own thread.
    const here = matchPasteNow(app.kb.current(), log, { suggest: true });
    const there = JSON.parse(long.body);
    expect(there.matches.map((m: { rule: { id: string }; score: number; explanation: unknown }) => [m.rule.id, m.score, m.explanation])).toEqual(here.matches.map((m) => [m.rule.id, m.score, m.explanation]));
    expect(there.facts).toEqual(here.facts);
  }, 30_000);
});

describe('what stays on the server thread', () => {
  it('is every bundled example: no thread hop for an ordinary paste', () => {
    const kb = app.kb.current();
    for (const rule of kb.rules) for (const example of rule.examples.match) expect(needsIsolation(kb, example), example.slice(0, 80)).toBe(false);
  });

  it("is a paste on which the costliest regex takes well under the escape hatch on RE2's slow path, measured", () => {
    const kb = app.kb.current();
    let length = 1024;
    while (!needsIsolation(kb, `${'x'.repeat(length + 64)}q0😀`)) length += 64;
    const paste = `${'x'.repeat(length)}q0😀`;
    const regex = kb.rulesById.get('re2-attack')!.leaves[0]!.test as { regex: SafeRegex };
    // Spans: RE2's NFA over the whole text, the slowest of its paths.
    expect(cpuMsOf(() => expect(regex.regex.re2.matcher(paste).find()).toBe(true))).toBeLessThan(ESCAPE_HATCH);
  });

  it('is a paste on which the costliest regex takes well under the escape hatch on the native path, measured', () => {
    const kb = app.kb.current();
    // The longest paste of the worst shape still matched on the server thread.
    let length = 1024;
    while (!needsIsolation(kb, `y0 q0 ${'x'.repeat(length * 2)}`)) length *= 2;
    while (!needsIsolation(kb, `y0 q0 ${'x'.repeat(length + 64)}`)) length += 64;
    const paste = `y0 q0 ${'x'.repeat(length)}`;
    expect(worstRegexMs(kb, paste)).toBeLessThanOrEqual(IN_THREAD_WORST_MS);
    const regex = kb.rulesById.get('native-attack')!.leaves[0]!.test as { regex: SafeRegex };
    // The model's rates hold here with room to spare; the escape hatch is what the issue allows.
    expect(cpuMsOf(() => expect(new RegExp(regex.regex.native!, 'g').exec(paste)).toBeNull())).toBeLessThan(ESCAPE_HATCH);
  });
});
