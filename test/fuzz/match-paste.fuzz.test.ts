import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import { matchPaste } from '../../src/match/match-paste.js';
import { PasteInputError } from '../../src/match/paste-input.js';
import { knowledgeBaseOf, ruleSource } from '../helpers/knowledge-base.js';
import { fuzzRuns, fuzzTimeout } from '../helpers/fuzz-runs.js';

const RUNS = fuzzRuns(150);
const HUGE_RUNS = fuzzRuns(6, 50);

// Every fact and operator: text, regex, status, code, host, url, product, json.
const operatorsKb = knowledgeBaseOf({
  'rules/fuzz/every-fact.yaml': ruleSource(
    'every-fact',
    [
      'any:',
      '  - all: [Forbidden, { status: 403 }]',
      "  - all: [{ regex: '(a+)+$' }, { code: [E0000011, ECONNREFUSED] }]",
      "  - all: [{ host: { contains: example } }, { url: { regex: '^https://' } }, { product: okta }]",
      "  - all: [{ json: { path: error.code, in: [denied, invalid_grant] } }, { not: { json: { path: error.detail, exists: true } } }]",
      "  - all: [{ status: { gte: 500, lte: 599 } }, { json: { path: message, regex: '(.*a){5}' } }]",
    ].join('\n'),
    "captures:\n  who:\n    regex: 'user=(\\S+)'\n    default: someone",
  ),
});

const bundled = await loadKnowledgeBase(BUNDLED_KB_DIR);
const kbs: KnowledgeBase[] = [operatorsKb, bundled.kb!];

const FRAGMENTS = [
  'Error authenticating: Forbidden. Errors reported by remote server',
  'HTTP/1.1 403 Forbidden',
  'status: 503',
  'E0000011: Invalid token provided',
  'connect ECONNREFUSED 127.0.0.1:5432',
  'https://api.atlassian.com/scim/directory/4c5a1e22/Users',
  'https://acme.okta.com/api/v1/users?access_token=abc123def456',
  'Authorization: Bearer 00QCjAl4MlV-WPXM-ABCDEFGHIJKLMNOPQRSTUVWXYZa',
  'postgres://app:hunter2@db.internal/prod',
  '{"error":{"code":"denied"},"message":"aaaaaaaaaa"}',
  'user=jdoe',
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!',
  '\u0000',
  '\ufffd\ufffd',
  'status' + ' '.repeat(2000) + 'x',
  'https://' + '.'.repeat(2000) + 'x',
];

const logLine = fc
  .tuple(fc.date({ noInvalidDate: true }), fc.constantFrom('INFO', 'WARN', 'ERROR', 'DEBUG'), fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string()), { maxLength: 4 }))
  .map(([date, level, parts]) => `${date.toISOString()} ${level} ${parts.join(' ')}`);

const nestedJson = fc
  .tuple(fc.integer({ min: 1, max: 3000 }), fc.constantFrom('{"a":', '[', '{"error":'), fc.boolean())
  .map(([depth, open, closed]) => {
    const close = open === '[' ? ']' : '}';
    return `Forbidden ${open.repeat(depth)}1${closed ? close.repeat(depth) : ''}`;
  });

const huge = fc
  .tuple(fc.constantFrom(...FRAGMENTS, 'a', ' ', '\n', '{', 'x'.repeat(100)), fc.integer({ min: 50_000, max: 300_000 }))
  .map(([unit, size]) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size));

const binary = fc.tuple(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom<BufferEncoding>('utf8', 'latin1')).map(([bytes, encoding]) => Buffer.from(bytes).toString(encoding));

const pastes = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 2000 }),
  fc.string({ unit: 'grapheme', maxLength: 2000 }),
  binary,
  fc.json({ maxDepth: 8 }),
  nestedJson,
  fc.array(logLine, { minLength: 1, maxLength: 40 }).map((lines) => lines.join('\n')),
  fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 12 }).map((parts) => parts.join('\n')),
);

async function answers(kb: KnowledgeBase, text: string, product?: string): Promise<void> {
  try {
    const result = await matchPaste(kb, text, { context: product === undefined ? {} : { product }, limit: 3 });
    expect(Array.isArray(result.matches)).toBe(true);
    expect(result.matches.length).toBeLessThanOrEqual(3);
    expect(typeof result.facts.length).toBe('number');
    for (const match of result.matches) for (const c of match.explanation.matched) for (const s of c.spans) expect(s.end).toBeGreaterThanOrEqual(s.start);
  } catch (error) {
    // The only acceptable failure: the input is at fault, with a code a client can act on.
    if (!(error instanceof PasteInputError)) throw error;
    expect(error.statusCode).toBeGreaterThanOrEqual(400);
    expect(error.statusCode).toBeLessThan(500);
  }
}

describe('matchPaste under fuzzing', () => {
  it('answers any paste, or rejects it with a PasteInputError', async () => {
    await fc.assert(
      fc.asyncProperty(pastes, fc.option(fc.constantFrom('okta', 'atlassian', '', ' OKTA ', 'ünïcode')), fc.integer({ min: 0, max: 1 }), async (text, product, which) => {
        await answers(kbs[which]!, text, product ?? undefined);
      }),
      { numRuns: RUNS },
    );
  }, fuzzTimeout(RUNS, 50));

  it('answers huge pastes, or rejects them as too large', async () => {
    await fc.assert(
      fc.asyncProperty(huge, async (text) => {
        await answers(operatorsKb, text);
      }),
      { numRuns: HUGE_RUNS },
    );
  }, fuzzTimeout(HUGE_RUNS, 3_000));
});
