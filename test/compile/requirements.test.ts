import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileKnowledgeBase } from '../../src/compile/compile-knowledge-base.js';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import { isAnchored, requirementOf } from '../../src/compile/requirements.js';
import { PasteFacts } from '../../src/facts/paste-facts.js';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import { parseRuleSource } from '../../src/load/parse-files.js';
import { evaluateRules } from '../../src/match/evaluate-rules.js';
import { conditionOf, pasteOf } from '../helpers/condition-arbitraries.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';
import { knowledgeBaseOfConditions, ruleSource } from '../helpers/knowledge-base.js';

// requirements.ts is the one model of what a rule requires: the prefilter may skip a rule only
// when the paste lacks what the model says the rule needs. So every rule that holds on a paste
// must be among the prefilter's candidates for it, and the rules lint warns about are exactly
// those the index cannot anchor.

/** Rule ids that hold on the paste, and the prefilter's candidates for it. */
function heldAndCandidates(kb: KnowledgeBase, text: string): { held: string[]; candidates: Set<string> } {
  const held = evaluateRules(kb.rules, new PasteFacts(text))
    .filter((e) => e.matched)
    .map((e) => e.rule.id);
  return { held, candidates: new Set(kb.prefilter.candidates(new PasteFacts(text)).map((r) => r.id)) };
}

const words = ['forbidden', 'token expired', 'denied', 'quota', 'zebra'];
const codes = ['AADSTS50126', 'ECONNREFUSED'];
const condition = conditionOf({
  words,
  codes,
  statuses: [401, 403, 500, 503],
  leaves: [
    '{ status: { gte: 500 } }', '{ status: { gte: 400 } }', '{ status: { lte: 299 } }', '{ status: { gte: 500, lte: 400 } }', '{ status: [401, 403] }',
    '{ regex: "zebra\\\\d+" }', '{ regex: "token\\\\s+exp|denied" }', '{ regex: "\\\\b40[13]\\\\b" }', '{ regex: "Kel+vin" }',
    '{ host: api.example.com }', '{ json: { path: error, exists: true } }',
  ],
});
const paste = pasteOf([
  fc.constantFrom(...words, 'zebra42', 'token   EXPIRED', 'kelvin', '\u212aelvin', 'https://api.example.com/x', '{"error": "x"}'),
  fc.constantFrom(...codes),
  fc.constantFrom(200, 401, 403, 500, 503, 599).map((s) => `HTTP/1.1 ${s}`),
]);

describe('the requirements model', () => {
  it('never lets the prefilter drop a generated rule that holds on a generated paste', () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 4 }), fc.array(paste, { minLength: 1, maxLength: 5 }), (whens, pastes) => {
        const kb = knowledgeBaseOfConditions(whens);
        for (const text of pastes) {
          const { held, candidates } = heldAndCandidates(kb, text);
          for (const id of held) expect(candidates.has(id), `${id} holds on ${JSON.stringify(text)} but is no candidate`).toBe(true);
        }
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('never lets the prefilter drop a bundled rule that holds on a bundled example or held-out paste', async () => {
    const { kb } = await loadKnowledgeBase(BUNDLED_KB_DIR);
    const heldOut = join(import.meta.dirname, '../fixtures/held-out');
    const pastes = kb!.rules.flatMap((r) => [...r.examples.match, ...r.examples.no_match]);
    for (const id of readdirSync(heldOut).filter((name) => statSync(join(heldOut, name)).isDirectory())) {
      for (const file of readdirSync(join(heldOut, id))) pastes.push(readFileSync(join(heldOut, id, file), 'utf8'));
    }
    let held = 0;
    for (const text of pastes) {
      const result = heldAndCandidates(kb!, text);
      held += result.held.length;
      for (const id of result.held) expect(result.candidates.has(id), `${id} holds on ${JSON.stringify(text)} but is no candidate`).toBe(true);
    }
    expect(held).toBeGreaterThan(pastes.length / 2);
  });

  it('warns KB_W_NO_PREFILTER for exactly the rules the index cannot anchor', () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 6 }), (whens) => {
        const rules = whens.map((when, i) => parseRuleSource(`rules/x/r${i}.yaml`, ruleSource(`r${i}`, `all: [${when}]`)).value!);
        const { kb, diagnostics } = compileKnowledgeBase({ root: '/in-memory', rules, articles: [], diagnostics: [], sources: new Map() });
        const warned = diagnostics.filter((d) => d.code === 'KB_W_NO_PREFILTER').length;
        expect(kb!.prefilter.unanchoredCount).toBe(warned);
        expect(kb!.rules.filter((r) => !isAnchored(r.condition)).length).toBe(warned);
        for (const rule of kb!.rules) expect(requirementOf(rule.condition).length > 0).toBe(isAnchored(rule.condition));
      }),
      { numRuns: fuzzRuns(100) },
    );
  });
});
