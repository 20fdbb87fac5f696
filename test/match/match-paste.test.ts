import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import { matchPaste } from '../../src/match/match-paste.js';
import { PasteInputError } from '../../src/match/paste-input.js';
import { article, loadValidKb, removeTemp, rule, writeTempKb } from '../helpers/temp-kb.js';

let root: string;
let kb: KnowledgeBase;

beforeAll(async () => {
  root = writeTempKb({
    'articles/generic-403.md': article('generic-403'),
    'articles/vendor-key-invalid.md': article('vendor-key-invalid'),
    'articles/json-grant.md': article('json-grant'),
    'articles/host-rule.md': article('host-rule'),
    'articles/regex-rule.md': article('regex-rule'),
    'articles/product-a.md': article('product-a'),
    'articles/product-b.md': article('product-b'),
    'rules/http/generic-403.yaml': rule('generic-403', '  status: 403', { priority: -10 }),
    'rules/vendor/vendor-key-invalid.yaml': rule(
      'vendor-key-invalid',
      ['  all:', '    - Error authenticating', '    - any:', '        - Forbidden', '        - status: 403', '    - not: Unauthorized'].join('\n'),
      { priority: 10, extra: "captures:\n  thing:\n    regex: '(https://vendor\\.example/[a-z0-9]+)'\n    default: the vendor console" },
    ),
    'rules/oauth/json-grant.yaml': rule('json-grant', ['  all:', '    - invalid_grant', '    - json: { path: error, equals: invalid_grant }'].join('\n')),
    'rules/net/host-rule.yaml': rule('host-rule', ['  all:', '    - code: ENOTFOUND', '    - host: { contains: "://" }'].join('\n')),
    'rules/misc/regex-rule.yaml': rule('regex-rule', ['  all:', '    - quota', "    - regex: 'quota of \\d+ requests'"].join('\n')),
    'rules/misc/product-a.yaml': rule('product-a', '  all:\n    - shared failure', { extra: 'context:\n  products: [alpha]' }),
    'rules/misc/product-b.yaml': rule('product-b', '  all:\n    - shared failure', { extra: 'context:\n  products: [beta]' }),
  });
  kb = await loadValidKb(root);
});
afterAll(() => removeTemp(root));

const ids = async (text: string, context = {}) => (await matchPaste(kb, text, { context })).matches.map((m) => m.rule.id);

describe('matchPaste', () => {
  it('ranks the specific rule above the generic look-alike when its evidence is there', async () => {
    expect(await ids('Error authenticating: Forbidden. Errors reported by remote server')).toEqual(['vendor-key-invalid', 'generic-403']);
  });

  it('lets the generic rule answer when the specific evidence is absent', async () => {
    expect(await ids('HTTP/1.1 403 Forbidden')).toEqual(['generic-403']);
  });

  it('honours `not`', async () => {
    expect(await ids('Error authenticating: Unauthorized (403)')).toEqual(['generic-403']);
  });

  it('returns an honest empty list when nothing matches', async () => {
    const result = await matchPaste(kb, 'segmentation fault (core dumped)');
    expect(result.matches).toEqual([]);
    expect(result.candidates).toBe(0);
  });

  it('explains which conditions held, with spans of the original paste', async () => {
    const paste = 'ERROR   Error authenticating:\n  FORBIDDEN';
    const [best] = (await matchPaste(kb, paste)).matches;
    const conditions = best!.explanation.matched.map((m) => m.condition);
    expect(conditions).toEqual(['contains "Error authenticating"', 'contains "Forbidden"', 'status 403']);
    for (const matched of best!.explanation.matched) {
      for (const span of matched.spans) expect(paste.slice(span.start, span.end)).toBe(span.text);
    }
    expect(best!.explanation.matched[1]!.spans[0]!.text).toBe('FORBIDDEN');
    expect(best!.explanation.summary).toContain('vendor-key-invalid');
  });

  it('fills step placeholders from captures, or from the default', async () => {
    const withUrl = (await matchPaste(kb, 'Error authenticating: Forbidden at https://vendor.example/abc123')).matches[0]!;
    expect(withUrl.captures).toEqual({ thing: 'https://vendor.example/abc123' });
    expect(withUrl.article.steps[1]!.text).toBe('Check https://vendor.example/abc123 for vendor-key-invalid.');
    const without = (await matchPaste(kb, 'Error authenticating: Forbidden')).matches[0]!;
    expect(without.article.steps[1]!.text).toBe('Check the vendor console for vendor-key-invalid.');
    expect(without.article.steps[1]!.expect).toBe('It works.');
  });

  it('tests JSON fields in the paste', async () => {
    expect(await ids('token refresh failed: {"error":"invalid_grant","error_description":"expired"}')).toEqual(['json-grant']);
    expect(await ids('token refresh failed: invalid_grant (see logs)')).toEqual([]);
  });

  it('tests hosts found in the paste', async () => {
    expect(await ids('Error: getaddrinfo ENOTFOUND https://api.example.com')).toEqual(['host-rule']);
    expect(await ids('Error: getaddrinfo ENOTFOUND api.example.com')).toEqual([]);
  });

  it('runs regex conditions', async () => {
    expect(await ids('You exceeded your quota of 5000 requests')).toEqual(['regex-rule']);
    expect(await ids('You exceeded your quota of many requests')).toEqual([]);
  });

  it('prefers the rule whose product the request names', async () => {
    expect((await ids('shared failure', { product: 'beta' }))[0]).toBe('product-b');
    expect((await ids('shared failure', { product: 'alpha' }))[0]).toBe('product-a');
  });

  it('gives a confidence label and a score that orders the matches', async () => {
    const { matches } = await matchPaste(kb, 'Error authenticating: Forbidden');
    expect(matches[0]!.score).toBeGreaterThan(matches[1]!.score);
    expect(['high', 'medium', 'low']).toContain(matches[0]!.confidence);
    expect(matches[1]!.confidence).toBe('low');
  });

  it('respects the limit', async () => {
    expect((await matchPaste(kb, 'Error authenticating: Forbidden', { limit: 1 })).matches).toHaveLength(1);
  });

  it('evaluates only the candidates the prefilter picks', async () => {
    expect((await matchPaste(kb, 'You exceeded your quota of 5000 requests')).candidates).toBe(1);
  });

  it.each([
    ['', 'KB_INPUT_EMPTY'],
    ['   \n\t ', 'KB_INPUT_EMPTY'],
    ['\u0000\u0001\u0002binary', 'KB_INPUT_BINARY'],
    ['x'.repeat(300 * 1024), 'KB_INPUT_TOO_LARGE'],
  ])('rejects bad input with a clear error (%#)', async (text, code) => {
    await expect(matchPaste(kb, text)).rejects.toSatisfy((e: unknown) => e instanceof PasteInputError && e.code === code);
  });

  it('accepts a large paste under a raised limit', async () => {
    const big = `${'noise line\n'.repeat(30_000)}Error authenticating: Forbidden`;
    expect((await matchPaste(kb, big, { maxBytes: 1024 * 1024, maxLines: 50_000 })).matches[0]!.rule.id).toBe('vendor-key-invalid');
  });

  it('answers the same when pastes are repeated and interleaved (matching is synchronous: none overlap)', async () => {
    const pastes = ['Error authenticating: Forbidden', 'HTTP/1.1 403 Forbidden', 'You exceeded your quota of 5 requests', 'nothing here'];
    const expected = await Promise.all(pastes.map((p) => ids(p)));
    const again = await Promise.all([...pastes, ...pastes, ...pastes].map((p) => ids(p)));
    expect(again).toEqual([...expected, ...expected, ...expected]);
  });
});

describe('evidence', () => {
  let evidenceRoot: string;
  let evidenceKb: KnowledgeBase;
  beforeAll(async () => {
    evidenceRoot = writeTempKb({
      'articles/branchy.md': article('branchy'),
      'articles/listy.md': article('listy'),
      'rules/x/branchy.yaml': rule('branchy', ['  all:', '    - branch anchor', '    - any:', '        - all:', '            - failed branch phrase', '            - code: E0000001', '        - other'].join('\n')),
      'rules/x/listy.yaml': rule('listy', ['  all:', '    - contains: [tok, "a much longer phrase here"]'].join('\n')),
    });
    evidenceKb = await loadValidKb(evidenceRoot);
  });
  afterAll(() => removeTemp(evidenceRoot));

  it('counts only the branches that held', async () => {
    const [m] = (await matchPaste(evidenceKb, 'branch anchor, failed branch phrase, other')).matches;
    expect(m!.explanation.matched.map((c) => c.condition)).toEqual(['contains "branch anchor"', 'contains "other"']);
  });

  it('weighs a list of phrases by the phrase actually present', async () => {
    const long = (await matchPaste(evidenceKb, 'a much longer phrase here')).matches[0]!;
    const short = (await matchPaste(evidenceKb, 'tok')).matches[0]!;
    expect(long.explanation.score.evidence).toBeGreaterThan(short.explanation.score.evidence);
  });
});
