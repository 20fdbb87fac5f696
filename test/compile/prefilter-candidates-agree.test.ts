import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { PasteFacts } from '../../src/facts/paste-facts.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import { conditionOf, pasteOf } from '../helpers/condition-arbitraries.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';
import { knowledgeBaseOfConditions } from '../helpers/knowledge-base.js';
import { referenceCandidates } from './reference/reference-candidates.js';

// PrefilterIndex.candidates is shaped for speed (sorted lists the paste owns, a scanner that folds
// characters to 7 bits, rules reached through their anchors only); what it returns must be exactly
// the plain model's: every rule whose requirement holds, in knowledge-base order.

function expectSameCandidates(kb: KnowledgeBase, text: string): void {
  const ids = (rules: readonly { id: string }[]) => rules.map((r) => r.id);
  expect(ids(kb.prefilter.candidates(new PasteFacts(text))), JSON.stringify(text)).toEqual(ids(referenceCandidates(kb.rules, new PasteFacts(text))));
}

// Non-ASCII words and pieces: the scanner keeps 7 bits of each unit (é and i, ı and 1 share keys),
// and the Kelvin sign, long s, dotted İ and surrogates are folding hazards.
const words = ['forbidden', 'token expired', 'denied', 'quota', 'zebra', 'café refusé', 'straße', 'ключ'];
const codes = ['AADSTS50126', 'ECONNREFUSED', 'INVALID_GRANT'];
const condition = conditionOf({
  words,
  codes,
  statuses: [401, 403, 500, 503],
  leaves: [
    '{ status: { gte: 500 } }', '{ status: { gte: 400 } }', '{ status: { lte: 299 } }', '{ status: { gte: 500, lte: 400 } }', '{ status: [401, 403] }',
    '{ status: { gte: 450, lte: 520 } }', '{ regex: "zebra\\\\d+" }', '{ regex: "token\\\\s+exp|denied" }', '{ regex: "\\\\b40[13]\\\\b" }', '{ regex: "Kel+vin" }',
    '{ regex: "stra(ß|ss)e" }', '{ host: api.example.com }', '{ json: { path: error, exists: true } }',
  ],
});
const paste = pasteOf([
  fc.constantFrom(...words, 'zebra42', 'token   EXPIRED', 'TOKEN\u00a0expired', 'kelvin', '\u212aelvin', 'ſtraße', 'CAFÉ REFUSÉ', 'İstanbul', '\ud83d\ude00', 'caf\u0169'),
  fc.constantFrom(...codes, 'error: invalid_grant'),
  fc.constantFrom(200, 401, 403, 460, 500, 503, 599).map((s) => `HTTP/1.1 ${s}`),
]);

describe('PrefilterIndex.candidates and its plain model', () => {
  it('pick the same rules, in order, for generated rules and pastes (non-ASCII and folding hazards included)', () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 6 }), fc.array(paste, { minLength: 1, maxLength: 5 }), (whens, pastes) => {
        const kb = knowledgeBaseOfConditions(whens);
        for (const text of pastes) expectSameCandidates(kb, text);
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('pick the same rules for every bundled example, and for all of them pasted as one long text', async () => {
    const { kb } = await loadKnowledgeBase(BUNDLED_KB_DIR);
    const pastes = kb!.rules.flatMap((r) => [...r.examples.match, ...r.examples.no_match]);
    let picked = 0;
    for (const text of pastes) {
      expectSameCandidates(kb!, text);
      picked += kb!.prefilter.candidates(new PasteFacts(text)).length;
    }
    expectSameCandidates(kb!, pastes.join('\n'));
    // Not vacuous: most examples reach some rule.
    expect(picked).toBeGreaterThan(pastes.length);
  });
});
