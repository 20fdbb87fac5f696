import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import { PasteFacts } from '../../src/facts/paste-facts.js';
import { article, loadValidKb, removeTemp, rule, writeTempKb } from '../helpers.js';

let root: string;
let kb: KnowledgeBase;

beforeAll(async () => {
  const ids = ['two-phrases', 'phrase-or-code', 'phrase-and-status', 'any-with-unfilterable-branch', 'negated-only'];
  const files: Record<string, string> = Object.fromEntries(ids.map((id) => [`articles/${id}.md`, article(id)]));
  files['rules/x/two-phrases.yaml'] = rule('two-phrases', '  all:\n    - alpha bravo\n    - charlie');
  files['rules/x/phrase-or-code.yaml'] = rule('phrase-or-code', '  any:\n    - delta echo\n    - code: E0000011');
  files['rules/x/phrase-and-status.yaml'] = rule('phrase-and-status', '  all:\n    - foxtrot\n    - status: [401, 403]');
  files['rules/x/any-with-unfilterable-branch.yaml'] = rule('any-with-unfilterable-branch', "  all:\n    - golf\n    - any:\n        - hotel\n        - regex: 'ind[a-z]a'");
  files['rules/x/negated-only.yaml'] = rule('negated-only', '  not: juliett');
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
    expect(req('any-with-unfilterable-branch')).toEqual([['t:golf']]);
    expect(req('negated-only')).toEqual([]);
  });

  it('picks a rule only when every required clause is present', () => {
    expect(candidates('ALPHA   bravo and charlie').sort()).toEqual(['negated-only', 'two-phrases']);
    expect(candidates('alpha bravo alone')).toEqual(['negated-only']);
    expect(candidates('charlie alone')).toEqual(['negated-only']);
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
    const big = `${'x'.repeat(20_000)} golf ${'y'.repeat(20_000)}`;
    expect(candidates(big)).toContain('any-with-unfilterable-branch');
  });

  it('always keeps rules it cannot filter', () => {
    expect(kb.prefilter.unanchoredCount).toBe(1);
    expect(candidates('nothing relevant')).toEqual(['negated-only']);
  });
});
