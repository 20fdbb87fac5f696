import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildApp } from '../../src/http/build-app.js';
import { article, removeTemp, rule, writeTempKb } from '../helpers/temp-kb.js';
import { appFor, BUNDLED_KB_DIR, copyKnowledgeBase, FIXTURE_KB_DIR, openHolder, SCIM_PASTE } from '../helpers/http-app.js';

/** Runs `kb match --json` in-process and parses what it prints. */
async function cliMatchJson(args: string[]): Promise<Record<string, unknown>> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (c) => (out += String(c)));
  await main({ argv: ['match', '--json', ...args], stdout, stderr, env: {} });
  return JSON.parse(out) as Record<string, unknown>;
}

const withoutTiming = ({ took_ms: _ignored, ...rest }: Record<string, unknown>) => rest;

describe('POST /v1/match on the bundled knowledge base', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appFor(BUNDLED_KB_DIR);
  });
  afterAll(() => app.close());

  it('answers a text/plain paste with atlassian-cloud-scim-api-key-invalid first', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/match', headers: { 'content-type': 'text/plain' }, payload: SCIM_PASTE });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json().matches[0].rule.id).toBe('atlassian-cloud-scim-api-key-invalid');
  });

  it('answers the same object as `kb match --json`, for JSON and for text/plain', async () => {
    const cli = await cliMatchJson(['--kb', BUNDLED_KB_DIR, '--context', 'product=okta', '--limit', '3', SCIM_PASTE]);
    const json = await app.inject({ method: 'POST', url: '/v1/match', payload: { text: SCIM_PASTE, context: { product: 'okta' }, limit: 3 } });
    const plain = await app.inject({ method: 'POST', url: '/v1/match?product=okta&limit=3', headers: { 'content-type': 'text/plain; charset=utf-8' }, payload: SCIM_PASTE });
    expect(withoutTiming(json.json())).toEqual(withoutTiming(cli));
    expect(withoutTiming(plain.json())).toEqual(withoutTiming(cli));
    expect(typeof json.json().took_ms).toBe('number');
  });
});

describe('POST /v1/match: request handling', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appFor(FIXTURE_KB_DIR, { limits: { bodyLimit: 4096, maxPasteBytes: 1024 } });
  });
  afterAll(() => app.close());

  const post = (payload: string | object, contentType = 'application/json', url = '/v1/match') =>
    app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

  it('ranks by the paste and honours limit', async () => {
    const res = await post({ text: 'open x: Permission denied, then No space left on device', limit: 1 });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.matches.map((m: { rule: { id: string } }) => m.rule.id)).toEqual(['disk-full']);
    expect(body.matches[0].explanation.matched[0].spans[0].text).toBe('No space left on device');
  });

  it('answers 200 with no matches when nothing explains the paste', async () => {
    const res = await post('segmentation fault (core dumped)', 'text/plain');
    expect(res.statusCode).toBe(200);
    expect(res.json().matches).toEqual([]);
  });

  it.each([
    ['an empty JSON text', 400, 'KB_INPUT_EMPTY', { text: '' }, 'application/json'],
    ['a blank JSON text', 400, 'KB_INPUT_EMPTY', { text: ' \n\t ' }, 'application/json'],
    ['an empty text/plain body', 400, 'KB_INPUT_EMPTY', '', 'text/plain'],
    ['a JSON body without text', 400, 'KB_HTTP_INVALID_REQUEST', { context: { product: 'okta' } }, 'application/json'],
    ['an unknown JSON field', 400, 'KB_HTTP_INVALID_REQUEST', { text: 'x', colour: 'red' }, 'application/json'],
    ['a limit out of range', 400, 'KB_HTTP_INVALID_REQUEST', { text: 'x', limit: 500 }, 'application/json'],
    ['a JSON array', 400, 'KB_HTTP_INVALID_REQUEST', [1, 2], 'application/json'],
    ['malformed JSON', 400, 'KB_HTTP_MALFORMED_JSON', '{"text": "No space', 'application/json'],
    ['an empty JSON body', 400, 'KB_HTTP_EMPTY_BODY', '', 'application/json'],
    ['a form body', 415, 'KB_HTTP_UNSUPPORTED_MEDIA_TYPE', 'text=hello', 'application/x-www-form-urlencoded'],
    ['an XML body', 415, 'KB_HTTP_UNSUPPORTED_MEDIA_TYPE', '<text>hello</text>', 'application/xml'],
    ['a paste over the paste limit', 413, 'KB_INPUT_TOO_LARGE', 'x'.repeat(2000), 'text/plain'],
    ['a body over the body limit', 413, 'KB_HTTP_BODY_TOO_LARGE', 'x'.repeat(5000), 'text/plain'],
    ['binary data', 400, 'KB_INPUT_BINARY', 'ab\u0000cd', 'text/plain'],
  ])('refuses %s with %i %s', async (_name, statusCode, code, payload, contentType) => {
    const res = await post(payload, contentType);
    expect(res.statusCode).toBe(statusCode);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(body).toEqual({ statusCode, code, error: expect.any(String), message: expect.any(String) });
    expect(body.message.length).toBeGreaterThan(10);
  });

  it('refuses text/plain that is not UTF-8 with 400 KB_HTTP_INVALID_UTF8', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/match', headers: { 'content-type': 'text/plain' }, payload: Buffer.from([0x66, 0xff, 0xfe, 0x6f]) });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('KB_HTTP_INVALID_UTF8');
  });

  it('refuses a bad query string with 400', async () => {
    const res = await post('No space left on device', 'text/plain', '/v1/match?limit=zero');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('KB_HTTP_INVALID_REQUEST');
  });

  it('answers a POST without any body with 400, as for every route that takes a body', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/match' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('KB_HTTP_EMPTY_BODY');
  });
});

describe('POST /v1/match writes its own JSON', () => {
  let app: FastifyInstance;
  const serialized: string[] = [];
  beforeAll(async () => {
    app = buildApp({ knowledgeBase: await openHolder(BUNDLED_KB_DIR) });
    // Fastify runs preSerialization hooks only for a payload it is about to serialize.
    app.addHook('preSerialization', async (request, _reply, payload) => {
      serialized.push(request.url);
      return payload;
    });
    await app.ready();
  });
  afterAll(() => app.close());

  const match = (paste: string) => app.inject({ method: 'POST', url: '/v1/match', headers: { 'content-type': 'text/plain' }, payload: paste });

  it('sends a JSON string that fastify does not serialize again', async () => {
    const res = await match(SCIM_PASTE);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
    expect(res.json().matches[0].article.steps.length).toBeGreaterThan(0);
    expect(serialized).toEqual([]);
    // The hook is live: a route answering an object goes through it.
    await app.inject({ method: 'GET', url: '/v1/status' });
    expect(serialized).toEqual(['/v1/status']);
  });

  it('keeps MatchResult as the documented 200 answer', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(doc.paths['/v1/match'].post.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/MatchResult' });
    expect(Object.keys(doc.components.schemas.MatchResult.properties)).toEqual(['matches', 'facts', 'candidates', 'suggestions', 'took_ms']);
  });

  it('answers each paste with the values it captured filled in, never a cached earlier one', async () => {
    const stepsFor = async (host: string) => {
      const [top] = (await match(`Error: getaddrinfo ENOTFOUND ${host}`)).json().matches;
      expect(top.rule.id).toBe('dns-enotfound');
      expect(top.captures).toEqual({ host });
      return JSON.stringify(top.article.steps);
    };
    const first = await stepsFor('first.example.com');
    const second = await stepsFor('second.example.org');
    expect(first).toContain('nslookup first.example.com');
    expect(second).toContain('nslookup second.example.org');
    expect(second).not.toContain('first.example.com');
    expect(await stepsFor('first.example.com')).toBe(first);
  });
});

describe('POST /v1/match: what the paste brings is escaped', () => {
  let root: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    root = writeTempKb({
      'articles/echo.md': article('echo'),
      'rules/misc/echo.yaml': rule('echo', "  all:\n    - regex: 'echo: .+'", { extra: "captures:\n  thing:\n    regex: 'echo: (.+)'" }),
    });
    app = await appFor(root);
  });
  afterAll(async () => {
    await app.close();
    removeTemp(root);
  });

  it('keeps quotes, backslashes, </script>, U+2028 and control characters in spans, captures and steps valid JSON', async () => {
    const odd = 'say "hi" C:\\temp\\x </script><script>alert(1)</script> \u2028\u2029 \u0001\u001b[31mred\u001b[0m\ttab\f';
    const res = await app.inject({ method: 'POST', url: '/v1/match', headers: { 'content-type': 'text/plain' }, payload: `echo: ${odd}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/[\u0000-\u001f]/);
    const [top] = JSON.parse(res.body).matches;
    // Colour codes are stripped before matching: captures and span texts show what a terminal shows,
    // and the span's offsets still cover the paste as sent, codes included.
    const shown = odd.replace('\u001b[31m', '').replace('\u001b[0m', '');
    expect(top.captures).toEqual({ thing: shown });
    expect(top.article.steps[1].text).toBe(`Check ${shown} for echo.`);
    const span = top.explanation.matched[0].spans[0];
    expect(span.text).toBe(`echo: ${shown}`);
    expect(`echo: ${odd}`.slice(span.start, span.end)).toBe(`echo: ${odd}`);
  });
});

describe('POST /v1/match after a reload', () => {
  it('serves the edited article, not the JSON cached from the knowledge base it replaced', async () => {
    const copy = await copyKnowledgeBase(FIXTURE_KB_DIR);
    const app = buildApp({ knowledgeBase: await openHolder(copy.dir) });
    try {
      const steps = async () => {
        const res = await app.inject({ method: 'POST', url: '/v1/match', headers: { 'content-type': 'text/plain' }, payload: 'write /data.db: No space left on device' });
        return (res.json().matches[0].article.steps as { text: string }[]).map((s) => s.text);
      };
      expect(await steps()).toContain('Remove or move what is not needed, then retry.');
      const file = join(copy.dir, 'articles/disk-full.md');
      await writeFile(file, (await readFile(file, 'utf8')).replace('Remove or move what is not needed, then retry.', 'Delete old logs, then retry.'));
      expect((await app.kb.reload()).ok).toBe(true);
      expect(await steps()).toEqual(['Find what fills the disk with `df -h` and `du -sh /var/*`.', 'Delete old logs, then retry.']);
    } finally {
      await app.close();
      await copy.remove();
    }
  });
});
