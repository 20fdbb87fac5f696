import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PasteFacts } from '../../src/facts/paste-facts.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import { evaluateRulesWithEngine } from '../../src/match/engine-evaluation.js';
import { evaluateRules, type RuleEvaluation } from '../../src/match/evaluate-rules.js';
import { conditionOf, pasteOf } from '../helpers/condition-arbitraries.js';
import { knowledgeBaseOf, ruleSource } from '../helpers/knowledge-base.js';

// The matcher evaluates compiled condition trees itself; json-rules-engine, given the same leaf
// tests, is the reference. Any difference in how all / any / not combine leaves, or in which
// leaves get a result, shows up here as a rule or a leaf decided differently.

const byRule = (evaluations: RuleEvaluation[]) =>
  Object.fromEntries(evaluations.map((e) => [e.rule.id, { matched: e.matched, leaves: Object.fromEntries(e.leafResults) }]));

describe('the direct evaluator and json-rules-engine', () => {
  it('decide every bundled rule alike on every bundled example', async () => {
    const { kb } = await loadKnowledgeBase('.');
    const pastes = kb!.rules.flatMap((r) => [...r.examples.match, ...r.examples.no_match]);
    let matched = 0;
    for (const text of pastes) {
      const direct = evaluateRules(kb!.rules, new PasteFacts(text));
      const engine = await evaluateRulesWithEngine(kb!.rules, new PasteFacts(text));
      expect(byRule(direct), text).toEqual(byRule(engine));
      matched += direct.filter((e) => e.matched).length;
    }
    // Not a vacuous agreement: examples match their rules.
    expect(matched).toBeGreaterThanOrEqual(kb!.rules.flatMap((r) => r.examples.match).length);
  }, 60_000);

  const words = ['forbidden', 'token expired', 'denied', 'timeout', 'quota'];
  const codes = ['AADSTS50126', 'ECONNREFUSED', 'ORA-12154'];
  const statuses = [401, 403, 404, 500, 503];
  const condition = conditionOf({ words, codes, statuses, leaves: ['{ status: { gte: 500, lte: 599 } }', '{ status: [401, 403] }', '{ regex: "token\\\\s+exp" }', '{ regex: "\\\\b40[13]\\\\b" }'] });
  const paste = pasteOf([fc.constantFrom(...words), fc.constantFrom(...codes), fc.constantFrom(...statuses).map((s) => `HTTP ${s}`)]);

  it('decide generated all / any / not trees alike on generated pastes', async () => {
    await fc.assert(
      fc.asyncProperty(condition, fc.array(paste, { minLength: 1, maxLength: 5 }), async (when, pastes) => {
        const kb = knowledgeBaseOf({ 'rules/generated.yaml': ruleSource('generated', `all: [${when}]`) });
        for (const text of pastes) {
          const direct = evaluateRules(kb.rules, new PasteFacts(text));
          const engine = await evaluateRulesWithEngine(kb.rules, new PasteFacts(text));
          expect(byRule(direct)).toEqual(byRule(engine));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the direct evaluator', () => {
  it('asks for the time before every leaf test, so a paste past its budget stops mid-rule', () => {
    const kb = knowledgeBaseOf({ 'rules/slow.yaml': ruleSource('slow', 'all:\n  - forbidden\n  - any: [denied, { regex: "tok+en" }, { status: 403 }]\n  - not: quota') });
    let checks = 0;
    evaluateRules(kb.rules, new PasteFacts('403 Forbidden: token denied'), () => void checks++);
    expect(checks).toBe(kb.rules[0]!.leaves.length);
    let allowed = 2;
    const stop = () => {
      if (allowed-- === 0) throw new Error('over budget');
    };
    expect(() => evaluateRules(kb.rules, new PasteFacts('403 Forbidden: token denied'), stop)).toThrow('over budget');
  });
});
