import { describe, expect, it } from 'vitest';
import { conditionVerdicts } from '../../src/check/condition-verdicts.js';
import { runRuleExamples } from '../../src/check/run-examples.js';
import { PasteFacts } from '../../src/facts/paste-facts.js';
import { evaluateRules } from '../../src/match/evaluate-rules.js';
import { knowledgeBaseOf, ruleSource } from '../helpers/knowledge-base.js';

const kb = knowledgeBaseOf({
  'rules/x/picky.yaml': ruleSource('picky', 'all:\n  - denied\n  - status: 403\n  - not: quota\n  - any: [alpha, { code: E0000011 }]'),
});
const rule = kb.rulesById.get('picky')!;

describe('conditionVerdicts (json-rules-engine, for authors)', () => {
  it('names every condition that kept the rule from matching, in the author’s words', async () => {
    const verdicts = await conditionVerdicts(rule, 'Denied: quota exceeded');
    expect(verdicts.matched).toBe(false);
    expect(verdicts.against).toEqual(['status 403', 'not contains "quota" (it held)', 'contains "alpha"', 'error code E0000011']);
  });

  it('names nothing when the rule matches, and agrees with the direct evaluator leaf by leaf', async () => {
    for (const text of ['HTTP/1.1 403 denied alpha', 'Denied: quota exceeded', 'HTTP/1.1 403 denied E0000011 quota', 'nothing']) {
      const verdicts = await conditionVerdicts(rule, text);
      const [direct] = evaluateRules([rule], new PasteFacts(text));
      expect(verdicts.matched, text).toBe(direct!.matched);
      expect(Object.fromEntries(verdicts.held), text).toEqual(Object.fromEntries(direct!.leafResults));
      expect(verdicts.against.length === 0, text).toBe(direct!.matched);
    }
  });

  it('tells `kb test` which condition of a failing match example did not hold', async () => {
    const failing = knowledgeBaseOf({
      'rules/x/strict.yaml': ruleSource('strict', 'all:\n  - denied\n  - status: 403').replace('"placeholder"', '"Access denied by policy"'),
    });
    const [outcome] = await runRuleExamples(failing, failing.rulesById.get('strict')!);
    expect(outcome!.passed).toBe(false);
    expect(outcome!.message).toBe('expected "strict" to match, but no rule matched; did not hold: status 403');
  });
});
