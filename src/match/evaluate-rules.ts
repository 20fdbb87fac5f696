import type { CompiledCondition, CompiledRule } from '../compile/types.js';
import type { PasteFacts } from '../facts/paste-facts.js';
import { leafHolds } from './leaf-tests.js';

/** Whether one candidate rule matched, and which of its leaves held. */
export interface RuleEvaluation {
  rule: CompiledRule;
  matched: boolean;
  /** Leaf id → whether it held. */
  leafResults: Map<number, boolean>;
}

/**
 * Evaluates candidate rules on our compiled condition trees, synchronously. Every leaf is tested,
 * none skipped by short-circuit (as json-rules-engine does for conditions of one priority), so an
 * explanation can name every test that held; facts are lazy, so a fact no leaf reads is never
 * computed. `checkTime` runs before every test and may throw to abandon the paste.
 *
 * json-rules-engine evaluated these until its fixed cost per rule (a deep clone of the conditions
 * and a promise chain per condition, ≈ 60 µs) became most of a request; it remains the reference
 * this is tested against (engine-evaluation.ts, test/match/evaluators-agree.test.ts).
 */
export function evaluateRules(candidates: readonly CompiledRule[], facts: PasteFacts, checkTime: () => void = () => {}): RuleEvaluation[] {
  return candidates.map((rule) => {
    const leafResults = new Map<number, boolean>();
    const matched = holds(rule.condition, facts, leafResults, checkTime);
    return { rule, matched, leafResults };
  });
}

function holds(node: CompiledCondition, facts: PasteFacts, leafResults: Map<number, boolean>, checkTime: () => void): boolean {
  switch (node.kind) {
    case 'all': {
      let all = true;
      for (const child of node.children) if (!holds(child, facts, leafResults, checkTime)) all = false;
      return all;
    }
    case 'any': {
      let any = false;
      for (const child of node.children) if (holds(child, facts, leafResults, checkTime)) any = true;
      return any;
    }
    case 'not':
      return !holds(node.child, facts, leafResults, checkTime);
    case 'leaf': {
      checkTime();
      const held = leafHolds(node.leaf.test, facts);
      leafResults.set(node.leaf.id, held);
      return held;
    }
  }
}
