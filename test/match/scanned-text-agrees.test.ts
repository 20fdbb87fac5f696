import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { PasteFacts } from '../../src/facts/paste-facts.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import { evaluateRules, type RuleEvaluation } from '../../src/match/evaluate-rules.js';
import { conditionOf, pasteOf } from '../helpers/condition-arbitraries.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';
import { knowledgeBaseOfConditions } from '../helpers/knowledge-base.js';

// Text tests read what the prefilter's literal scan found (PasteFacts.textIncludes) rather than
// searching the paste once per literal, which on a long log read the whole text hundreds of times.
// The plain form is a search of the normalized text: facts the prefilter never scanned take it.
// Every rule, candidate or not, is evaluated both ways, literals that are no prefilter key (under
// `not`, beside a test the prefilter cannot decide) included: the scanner looks for those too.

const byRule = (evaluations: RuleEvaluation[]) => evaluations.map((e) => ({ id: e.rule.id, matched: e.matched, leaves: [...e.leafResults] }));

function expectSameEvaluations(kb: KnowledgeBase, text: string): void {
  const scanned = new PasteFacts(text);
  kb.prefilter.candidates(scanned);
  expect(byRule(evaluateRules(kb.rules, scanned)), JSON.stringify(text)).toEqual(byRule(evaluateRules(kb.rules, new PasteFacts(text))));
}

// Non-ASCII words: the scanner keeps 7 bits of each unit, so é and i share its keys.
const words = ['forbidden', 'token expired', 'denied', 'quota', 'café refusé', 'straße', 'ab', 'x'];
const codes = ['AADSTS50126', 'ECONNREFUSED'];
const condition = conditionOf({ words, codes, statuses: [401, 403, 500], leaves: ['{ regex: "token\\\\s+exp|denied" }', '{ host: api.example.com }', '{ status: { gte: 500 } }'] });
const paste = pasteOf([
  fc.constantFrom(...words, 'TOKEN\u00a0expired', 'token   EXPIRED', 'CAFÉ REFUSÉ', 'cafi refusi', 'ſtraße', 'abc'),
  fc.constantFrom(...codes),
  fc.constantFrom(200, 401, 403, 503).map((s) => `HTTP/1.1 ${s}`),
]);

describe('text tests answered from the prefilter scan and by searching the paste', () => {
  it('decide every leaf of generated rules alike on generated pastes', () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 6 }), fc.array(paste, { minLength: 1, maxLength: 5 }), (whens, pastes) => {
        const kb = knowledgeBaseOfConditions(whens);
        for (const text of pastes) expectSameEvaluations(kb, text);
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('decide every bundled rule alike on every bundled example, and on all of them as one long log', async () => {
    const { kb } = await loadKnowledgeBase(BUNDLED_KB_DIR);
    const pastes = kb!.rules.flatMap((r) => [...r.examples.match, ...r.examples.no_match]);
    for (const text of pastes) expectSameEvaluations(kb!, text);
    expectSameEvaluations(kb!, pastes.join('\n'));
  }, 60_000);

  it('read the scan when there is one: a scan that says otherwise changes the answer', () => {
    const facts = new PasteFacts('HTTP 403 forbidden');
    expect(facts.textIncludes('forbidden')).toBe(true);
    facts.literalScan({ scan: () => ({ holds: (literal: string) => (literal === 'forbidden' ? false : undefined) }) });
    expect(facts.textIncludes('forbidden')).toBe(false);
    expect(facts.textIncludes('http 403')).toBe(true);
  });
});
