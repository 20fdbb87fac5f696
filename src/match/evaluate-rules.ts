import type { CompiledCondition, CompiledRule } from '../compile/types.js';
import type { PasteFacts } from '../facts/paste-facts.js';
import { leafHolds } from './leaf-tests.js';

/** Leaf id → whether it held: a Map would do (json-rules-engine's evaluator gives one). */
export interface LeafResults extends Iterable<[number, boolean]> {
  get(leafId: number): boolean | undefined;
}

/** Whether one candidate rule matched, and which of its leaves held. */
export interface RuleEvaluation {
  rule: CompiledRule;
  matched: boolean;
  leafResults: LeafResults;
}

/**
 * Leaf results in an array indexed by leaf id: a rule's leaves are few and numbered from 0 in the
 * order they are tested, so this is a packed array where a Map would hash and grow its table.
 */
class LeafResultList implements LeafResults {
  readonly #held: boolean[] = [];

  get(leafId: number): boolean | undefined {
    return this.#held[leafId];
  }

  set(leafId: number, held: boolean): void {
    this.#held[leafId] = held;
  }

  *[Symbol.iterator](): IterableIterator<[number, boolean]> {
    for (let id = 0; id < this.#held.length; id++) {
      const held = this.#held[id];
      if (held !== undefined) yield [id, held];
    }
  }
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
  const evaluations: RuleEvaluation[] = [];
  for (const rule of candidates) {
    const leafResults = new LeafResultList();
    const matched = holds(rule.condition, facts, leafResults, checkTime);
    evaluations.push({ rule, matched, leafResults });
  }
  return evaluations;
}

function holds(node: CompiledCondition, facts: PasteFacts, leafResults: LeafResultList, checkTime: () => void): boolean {
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
