import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ConfigError, resolvePublicUrl, resolveServeConfig } from '../../../src/config.js';
import type { MatchResult } from '../../../src/match/types.js';
import { appFor, BUNDLED_KB_DIR, SCIM_PASTE } from '../../helpers/http-app.js';

const KB_BIN = new URL('../../../bin/kb.js', import.meta.url).pathname;
const UNMATCHED = 'The flux capacitor reported a temporal okta synchronization paradox in provisioning';

function runKb(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KB_BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('KB_PUBLIC_URL', () => {
  it('is an http(s) address, kept without its trailing slash; anything else is refused by name', () => {
    expect(resolvePublicUrl({})).toBeUndefined();
    expect(resolvePublicUrl({ KB_PUBLIC_URL: 'https://kb.example.com/' })).toBe('https://kb.example.com');
    expect(resolvePublicUrl({ KB_PUBLIC_URL: ' https://example.com/support/kb/ ' })).toBe('https://example.com/support/kb');
    expect(resolveServeConfig({}, { KB_PUBLIC_URL: 'http://10.0.0.5:8080' }).publicUrl).toBe('http://10.0.0.5:8080');
    for (const bad of ['kb.example.com', 'ftp://kb.example.com', 'https://kb.example.com/?a=1', 'https://user:pw@kb.example.com']) {
      expect(() => resolvePublicUrl({ KB_PUBLIC_URL: bad }), bad).toThrow(ConfigError);
      expect(() => resolvePublicUrl({ KB_PUBLIC_URL: bad }), bad).toThrow(/KB_PUBLIC_URL/);
    }
  });
});

describe('article links in answers', () => {
  let relative: FastifyInstance;
  let absolute: FastifyInstance;
  beforeAll(async () => {
    relative = await appFor(BUNDLED_KB_DIR);
    absolute = await appFor(BUNDLED_KB_DIR, { publicUrl: 'https://kb.example.com/help' });
  });
  afterAll(async () => {
    await relative.close();
    await absolute.close();
  });

  const match = async (app: FastifyInstance, text: string) => (await app.inject({ method: 'POST', url: '/v1/match', payload: { text } })).json<MatchResult>();

  it('are relative without a public URL, and lead to the article page', async () => {
    const answer = await match(relative, SCIM_PASTE);
    expect(answer.matches.length).toBeGreaterThan(0);
    for (const m of answer.matches) expect(m.article.url).toBe(`/articles/${m.article.id}`);
    const page = await relative.inject({ url: answer.matches[0]!.article.url! });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(answer.matches[0]!.article.title.replace(/&/g, '&amp;'));
  });

  it('are absolute under KB_PUBLIC_URL, in matches and in suggestions, on the API and the page without script', async () => {
    const answer = await match(absolute, SCIM_PASTE);
    for (const m of answer.matches) expect(m.article.url).toBe(`https://kb.example.com/help/articles/${m.article.id}`);
    const unmatched = await match(absolute, UNMATCHED);
    expect(unmatched.matches).toEqual([]);
    for (const s of unmatched.suggestions ?? []) expect(s.article.url).toBe(`https://kb.example.com/help/articles/${s.article.id}`);
    const page = await absolute.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ text: SCIM_PASTE }).toString() });
    expect(page.body).toContain(`href="https://kb.example.com/help/articles/${answer.matches[0]!.article.id}"`);
  });

  it('are printed by `kb match`, absolute under KB_PUBLIC_URL', async () => {
    const plain = await runKb(['match', SCIM_PASTE], { KB_PUBLIC_URL: 'https://kb.example.com' });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^ {2}https:\/\/kb\.example\.com\/articles\/[a-z0-9-]+$/m);
    const json = JSON.parse((await runKb(['match', '--json', SCIM_PASTE], {})).stdout) as MatchResult;
    expect(json.matches[0]!.article.url).toBe(`/articles/${json.matches[0]!.article.id}`);
    const refused = await runKb(['match', SCIM_PASTE], { KB_PUBLIC_URL: 'not a url' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('KB_PUBLIC_URL');
  });
});
