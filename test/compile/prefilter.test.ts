import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import { PasteFacts } from '../../src/facts/paste-facts.js';
import { article, loadValidKb, removeTemp, rule, writeTempKb } from '../helpers/temp-kb.js';

let root: string;
let kb: KnowledgeBase;

beforeAll(async () => {
  const ids = ['two-phrases', 'phrase-or-code', 'phrase-and-status', 'any-with-unfilterable-branch', 'negated-only', 'regex-only', 'open-status-range', 'wide-status-range'];
  const files: Record<string, string> = Object.fromEntries(ids.map((id) => [`articles/${id}.md`, article(id)]));
  files['rules/x/two-phrases.yaml'] = rule('two-phrases', '  all:\n    - alpha bravo\n    - charlie');
  files['rules/x/phrase-or-code.yaml'] = rule('phrase-or-code', '  any:\n    - delta echo\n    - code: E0000011');
  files['rules/x/phrase-and-status.yaml'] = rule('phrase-and-status', '  all:\n    - foxtrot\n    - status: [401, 403]');
  files['rules/x/any-with-unfilterable-branch.yaml'] = rule('any-with-unfilterable-branch', "  all:\n    - golf\n    - any:\n        - hotel\n        - regex: 'ind[a-z]a'");
  files['rules/x/negated-only.yaml'] = rule('negated-only', '  not: juliett');
  files['rules/x/regex-only.yaml'] = rule('regex-only', "  regex: 'zebra\\d+'");
  files['rules/x/open-status-range.yaml'] = rule('open-status-range', '  all:\n    - kilo\n    - status: { gte: 500 }');
  files['rules/x/wide-status-range.yaml'] = rule('wide-status-range', '  status: { gte: 400 }');
  root = writeTempKb(files);
  kb = await loadValidKb(root);
});
afterAll(() => removeTemp(root));

const candidates = (text: string) => kb.prefilter.candidates(new PasteFacts(text)).map((r) => r.id);

describe('PrefilterIndex', () => {
  it('derives the clauses each rule cannot match without', () => {
    const req = (id: string) => kb.rulesById.get(id)!.requirement;
    expect(req('two-phrases')).toEqual([['t:alpha bravo'], ['t:charlie']]);
    expect(req('phrase-or-code')).toEqual([['t:delta echo', 'c:E0000011']]);
    expect(req('phrase-and-status')).toEqual([['t:foxtrot'], ['s:401', 's:403']]);
    // The literal part of a regex is required, in lint's and the index's eyes alike.
    expect(req('any-with-unfilterable-branch')).toEqual([['t:golf'], ['t:hotel', 't:ind']]);
    expect(req('regex-only')).toEqual([['t:zebra']]);
    // Statuses are 100 to 599: an open range up to 599 is a hundred statuses, listed.
    expect(req('open-status-range')).toEqual([['t:kilo'], Array.from({ length: 100 }, (_, i) => `s:${500 + i}`)]);
    expect(req('wide-status-range')).toEqual([]);
    expect(req('negated-only')).toEqual([]);
  });

  it('picks a rule only when every required clause is present', () => {
    expect(candidates('ALPHA   bravo and charlie').sort()).toEqual(['negated-only', 'two-phrases']);
    expect(candidates('alpha bravo alone')).toEqual(['negated-only']);
    expect(candidates('charlie alone')).toEqual(['negated-only']);
    expect(candidates('zebra42 escaped')).toEqual(['negated-only', 'regex-only']);
    expect(candidates('kilo failed: HTTP/1.1 503')).toEqual(['negated-only', 'open-status-range', 'wide-status-range']);
    expect(candidates('kilo failed: HTTP/1.1 403')).toEqual(['negated-only', 'wide-status-range']);
  });

  it('treats codes and statuses as required keys', () => {
    expect(candidates('errorCode: E0000011')).toContain('phrase-or-code');
    expect(candidates('foxtrot failed: HTTP/1.1 403')).toContain('phrase-and-status');
    expect(candidates('foxtrot failed: HTTP/1.1 500')).not.toContain('phrase-and-status');
  });

  it('finds overlapping literals', () => {
    expect(candidates('alpha bravocharlie')).toContain('two-phrases');
  });

  it('scans large pastes by counting', () => {
    const big = `${'x'.repeat(20_000)} golf ${'y'.repeat(10_000)} hotel ${'z'.repeat(10_000)}`;
    expect(candidates(big)).toContain('any-with-unfilterable-branch');
    expect(candidates(big.replace('golf', 'gulf'))).not.toContain('any-with-unfilterable-branch');
  });

  it('requires the literal part of a regex, and the whole formula rather than one clause', () => {
    // 'ind[a-z]a' cannot match without "ind": golf and (hotel or ind) must both be present.
    expect(candidates('golf at the india gate')).toContain('any-with-unfilterable-branch');
    expect(candidates('golf alone')).not.toContain('any-with-unfilterable-branch');
  });

  it('does not trust regex literals on text whose case folding differs between engines', () => {
    // The Kelvin sign folds to k in RE2; such pastes keep every regex-anchored rule.
    expect(candidates('golf \u212a')).toContain('any-with-unfilterable-branch');
  });

  it('always keeps rules it cannot filter, and counts those it cannot index', () => {
    // negated-only (no key at all) and wide-status-range (checked against every paste's statuses).
    expect(kb.prefilter.unanchoredCount).toBe(2);
    expect(candidates('nothing relevant')).toEqual(['negated-only']);
  });
});
