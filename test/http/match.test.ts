import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { appFor, BUNDLED_KB_DIR, FIXTURE_KB_DIR, SCIM_PASTE } from './helpers.js';

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
