import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import { appFor, copyKnowledgeBase, FIXTURE_KB_DIR } from '../helpers/http-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await appFor(FIXTURE_KB_DIR);
});
afterAll(() => app.close());

const RULE_WITH_TYPO = `id: disk-quota
title: The user's disk quota is used up
article: disk-full
when:
  all:
    - Disk quota exceeded
    - stauts: 507
examples:
  match:
    - "write failed: Disk quota exceeded"
`;

const RULE_WITH_MISSING_ARTICLE = `id: disk-quota
title: The user's disk quota is used up
article: disk-quota
when:
  all:
    - Disk quota exceeded
examples:
  match:
    - "write failed: Disk quota exceeded"
`;

const RULE_WITH_BAD_YAML = `id: disk-quota
title: The user's disk quota: used up
when:
  all: [Disk quota exceeded
`;

const ARTICLE_WITH_WARNINGS = `---
id: disk-quota
title: "The disk quota is used up"
summary: Writes fail with "Disk quota exceeded".
cause: The user has used the blocks their quota allows.
steps:
  - Ask for a larger quota.
related: [disk-ful]
---
`;

const DUPLICATE_RULE = `id: disk-full
title: Another disk-full rule
article: disk-full
when:
  all:
    - disk is full
examples:
  match:
    - "the disk is full"
`;

/** What `kb lint` reports for `file` once it is saved into a copy of the fixture knowledge base. */
async function kbLintDiagnosticsFor(file: string, source: string) {
  const copy = await copyKnowledgeBase(FIXTURE_KB_DIR);
  try {
    await mkdir(dirname(join(copy.dir, file)), { recursive: true });
    await writeFile(join(copy.dir, file), source);
    const load = await loadKnowledgeBase(copy.dir);
    return load.diagnostics.filter((d) => d.file === file);
  } finally {
    await copy.remove();
  }
}

describe('POST /v1/lint', () => {
  it.each([
    ['an unknown fact', 'rules/demo/disk-quota.yaml', RULE_WITH_TYPO, ['KB_E_UNKNOWN_FACT']],
    ['a missing article', 'rules/demo/disk-quota.yaml', RULE_WITH_MISSING_ARTICLE, ['KB_E_UNKNOWN_ARTICLE']],
    ['a YAML syntax error', 'rules/demo/disk-quota.yaml', RULE_WITH_BAD_YAML, ['KB_E_YAML_SYNTAX']],
    ['an id that differs from the file name', 'rules/demo/quota.yaml', RULE_WITH_MISSING_ARTICLE, ['KB_E_ID_FILENAME_MISMATCH']],
    ['an id already used', 'rules/other/disk-full.yaml', DUPLICATE_RULE, ['KB_E_DUPLICATE_ID']],
    ['an orphan article with an unknown related id', 'articles/disk-quota.md', ARTICLE_WITH_WARNINGS, ['KB_W_ORPHAN_ARTICLE', 'KB_W_UNKNOWN_RELATED']],
  ])('reports %s exactly as kb lint does', async (_name, file, source, codes) => {
    const res = await app.inject({ method: 'POST', url: '/v1/lint', payload: { source, file } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect([...new Set(body.diagnostics.map((d: { code: string }) => d.code))].sort()).toEqual([...codes].sort());
    expect(body.diagnostics).toEqual(await kbLintDiagnosticsFor(file, source));
    expect(body.ok).toBe(!body.diagnostics.some((d: { severity: string }) => d.severity === 'error'));
  });

  it('points at the line and column of the mistake, with a hint and a code frame', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/lint', payload: { source: RULE_WITH_TYPO, file: 'rules/demo/disk-quota.yaml' } });
    const body = res.json();
    expect(body).toMatchObject({ ok: false, kind: 'rule', errors: 1, warnings: 0 });
    expect(body.diagnostics[0]).toMatchObject({ line: 7, column: 7, code: 'KB_E_UNKNOWN_FACT', message: 'unknown fact "stauts"', hint: 'did you mean "status"?' });
    expect(body.report).toContain('   7 |     - stauts: 507\n     |       ^^^^^^');
  });

  it('accepts the raw file as text/plain, with file and kind from the query string', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/lint?file=rules/demo/disk-quota.yaml', headers: { 'content-type': 'text/plain' }, payload: RULE_WITH_TYPO });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'rule', file: 'rules/demo/disk-quota.yaml', errors: 1 });
  });

  it('tells a rule from an article by its front matter when no file is given, and skips the file-name check', async () => {
    const article = await app.inject({ method: 'POST', url: '/v1/lint', headers: { 'content-type': 'text/plain' }, payload: ARTICLE_WITH_WARNINGS });
    expect(article.json()).toMatchObject({ ok: true, kind: 'article', errors: 0, warnings: 2 });
    const rule = await app.inject({ method: 'POST', url: '/v1/lint', payload: { source: RULE_WITH_MISSING_ARTICLE.replace('article: disk-quota', 'article: disk-full') } });
    expect(rule.json()).toMatchObject({ ok: true, kind: 'rule', diagnostics: [] });
  });

  it('reports an empty file as KB_E_EMPTY_FILE rather than refusing the request', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/lint', payload: { source: '', kind: 'rule' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().diagnostics[0].code).toBe('KB_E_EMPTY_FILE');
  });

  it.each([
    ['no source', 400, 'KB_HTTP_INVALID_REQUEST', { file: 'rules/x.yaml' }, 'application/json'],
    ['an unknown kind', 400, 'KB_HTTP_INVALID_REQUEST', { source: 'id: x', kind: 'recipe' }, 'application/json'],
    ['malformed JSON', 400, 'KB_HTTP_MALFORMED_JSON', '{"source": ', 'application/json'],
    ['a form body', 415, 'KB_HTTP_UNSUPPORTED_MEDIA_TYPE', 'source=x', 'application/x-www-form-urlencoded'],
  ])('refuses %s with %i %s', async (_name, statusCode, code, payload, contentType) => {
    const res = await app.inject({ method: 'POST', url: '/v1/lint', headers: { 'content-type': contentType }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
    expect(res.statusCode).toBe(statusCode);
    expect(res.json().code).toBe(code);
  });
});

const SPACE_RULE = (priority: number) => `id: disk-space-generic
title: Something ran out of space
article: disk-full
priority: ${priority}
when:
  all:
    - left on device
    - not: inode
examples:
  match:
    - "No space left on device"
`;

describe('POST /v1/try', () => {
  const tryRule = (body: object) => app.inject({ method: 'POST', url: '/v1/try', payload: body });
  const paste = 'write /data/x: No space left on device';

  it('shows a new rule that matches and outranks the loaded rules', async () => {
    const res = await tryRule({ rule: SPACE_RULE(50), text: paste });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, rule: { id: 'disk-space-generic', article: 'disk-full' }, replaces: null, prefilterPassed: true, matched: true, rank: 1, wins: true });
    expect(body.match.rule.id).toBe('disk-space-generic');
    expect(body.match.explanation.summary).toContain('left on device');
    expect(body.matches.map((m: { rule: { id: string } }) => m.rule.id)).toEqual(['disk-space-generic', 'disk-full']);
    expect(body.conditions).toEqual([
      { condition: 'contains "left on device"', fact: 'text', held: true, negated: false },
      { condition: 'contains "inode"', fact: 'text', held: false, negated: true },
    ]);
    expect(body.didNotHold).toEqual([]);
  });

  it('shows a rule that matches but loses to a loaded rule, and its rank', async () => {
    const body = (await tryRule({ rule: SPACE_RULE(-50), text: paste })).json();
    expect(body).toMatchObject({ ok: true, matched: true, rank: 2, wins: false });
    expect(body.matches[0].rule.id).toBe('disk-full');
  });

  it('shows which condition failed when the rule does not match', async () => {
    const body = (await tryRule({ rule: SPACE_RULE(0), text: 'No space left on device (inode table full)' })).json();
    expect(body).toMatchObject({ ok: true, matched: false, rank: null, wins: false, match: null, prefilterPassed: true });
    expect(body.conditions[1]).toEqual({ condition: 'contains "inode"', fact: 'text', held: true, negated: true });
    expect(body.didNotHold).toEqual(['not contains "inode" (it held)']);
    expect(body.matches[0].rule.id).toBe('disk-full');
  });

  it('names each condition that did not hold, every branch of a failed any, and none when the rule matches', async () => {
    const rule = `id: quota-or-throttle
title: Quota or throttling on upload
article: disk-full
when:
  all:
    - upload
    - any: [quota exceeded, { status: 429 }]
examples:
  match:
    - "upload failed: quota exceeded"
`;
    const failed = (await tryRule({ rule, text: 'upload failed: HTTP 500' })).json();
    expect(failed).toMatchObject({ ok: true, matched: false });
    expect(failed.didNotHold).toEqual(['contains "quota exceeded"', 'status 429']);
    const held = (await tryRule({ rule, text: 'upload failed: quota exceeded' })).json();
    expect(held).toMatchObject({ ok: true, matched: true, didNotHold: [] });
  });

  it('tries an edit of a saved rule in place of the saved one', async () => {
    const edited = `id: disk-full
title: The disk is full
article: disk-full
when:
  all:
    - disk full
examples:
  match:
    - "disk full"
`;
    const body = (await tryRule({ rule: edited, text: paste })).json();
    expect(body).toMatchObject({ ok: true, replaces: 'disk-full', prefilterPassed: false, matched: false });
    // The saved rule is out of the trial: no rule answers (the paste may still resemble its saved example).
    expect(body.matches.filter((m: { basis: string }) => m.basis === 'rule')).toEqual([]);
  });

  it('answers the lint diagnostics of a broken rule, and the loaded answers for the paste', async () => {
    const res = await tryRule({ rule: RULE_WITH_TYPO, text: paste });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: false, rule: null, matched: false, match: null, conditions: [], didNotHold: [] });
    expect(body.diagnostics.map((d: { code: string }) => d.code)).toEqual(['KB_E_UNKNOWN_FACT']);
    expect(body.matches[0].rule.id).toBe('disk-full');
  });

  it.each([
    ['an empty text', 400, 'KB_INPUT_EMPTY', { rule: SPACE_RULE(0), text: '  ' }, 'application/json'],
    ['no rule', 400, 'KB_HTTP_INVALID_REQUEST', { text: paste }, 'application/json'],
    ['a text/plain body', 415, 'KB_HTTP_UNSUPPORTED_MEDIA_TYPE', paste, 'text/plain'],
    ['malformed JSON', 400, 'KB_HTTP_MALFORMED_JSON', '{"rule":', 'application/json'],
  ])('refuses %s with %i %s', async (_name, statusCode, code, payload, contentType) => {
    const res = await app.inject({ method: 'POST', url: '/v1/try', headers: { 'content-type': contentType }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
    expect(res.statusCode).toBe(statusCode);
    expect(res.json().code).toBe(code);
  });
});
