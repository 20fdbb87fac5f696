import { Engine, type RuleProperties } from 'json-rules-engine';
import type { KnowledgeBase } from '../dist/compile/knowledge-base.js';
import type { LeafTest } from '../dist/compile/types.js';
import { leafKey } from '../dist/compile/compile-condition.js';
import { PasteFacts } from '../dist/facts/paste-facts.js';
import { addKbOperators, engineFacts } from '../dist/match/engine-evaluation.js';

/**
 * The baseline the issue compares against: every rule in one json-rules-engine Engine, built
 * once, and one `run()` per paste — what a plain json-rules-engine setup does. Same operators and
 * facts as the real matcher, no prefilter. Ranking and explanations are left out, which flatters
 * the baseline.
 */
export function buildNaiveMatcher(kb: KnowledgeBase): (text: string) => Promise<number> {
  const tests = new Map<string, LeafTest>();
  for (const rule of kb.rules) for (const leaf of rule.leaves) tests.set(leafKey(rule.id, leaf.id), leaf.test);
  const engine = new Engine([], { allowUndefinedFacts: true });
  addKbOperators(engine, (key) => tests.get(key)!);
  for (const rule of kb.rules) {
    engine.addRule({ name: rule.id, conditions: rule.engineConditions, event: { type: 'match', params: { rule: rule.id } } } as RuleProperties);
  }
  return async (text) => {
    const { results } = await engine.run(engineFacts(new PasteFacts(text)));
    return results.length;
  };
}
