import type { CompiledCondition, CompiledRule } from '../compile/types.js';
import { stripAnsiCodes } from '../facts/ansi-codes.js';
import { PasteFacts } from '../facts/paste-facts.js';
import { evaluateRulesWithEngine } from '../match/engine-evaluation.js';

/** What json-rules-engine decided for one rule on one paste, condition by condition. */
export interface ConditionVerdicts {
  matched: boolean;
  /** Leaf id → whether its test held (absent: not evaluated). */
  held: ReadonlyMap<number, boolean>;
  /**
   * The conditions that kept the rule from matching, in the author's words: a test that did not
   * hold, or one under `not` that did; for an `any`, each of its branches. Empty when it matched.
   */
  against: string[];
}

/**
 * Evaluates one rule on a paste with json-rules-engine and reads its per-condition results, for
 * authors (`kb test` failures, the /try playground). Serving uses the direct evaluator
 * (match/evaluate-rules.ts); test/match/evaluators-agree.test.ts proves the two decide alike.
 */
export async function conditionVerdicts(rule: CompiledRule, text: string, context: { product?: string } = {}): Promise<ConditionVerdicts> {
  const [evaluation] = await evaluateRulesWithEngine([rule], PasteFacts.ofPaste(stripAnsiCodes(text), context));
  const held = new Map(evaluation!.leafResults);
  const matched = evaluation!.matched;
  return { matched, held, against: matched ? [] : blocking(rule.condition, held, true) };
}

/**
 * The leaves that make `node` come out other than `want`: each child that came out wrong, down to
 * its tests (for `all` wanted true that is the failing children; for `any` wanted true, every
 * branch). Read only when the node did come out wrong.
 */
function blocking(node: CompiledCondition, held: ReadonlyMap<number, boolean>, want: boolean): string[] {
  switch (node.kind) {
    case 'all':
    case 'any':
      return node.children.filter((child) => outcome(child, held) !== want).flatMap((child) => blocking(child, held, want));
    case 'not':
      return blocking(node.child, held, !want);
    case 'leaf': {
      const result = held.get(node.leaf.id);
      if (result === undefined || result === want) return [];
      return [want ? node.leaf.label : `not ${node.leaf.label} (it held)`];
    }
  }
}

/** Whether the node holds, from its leaves' results. */
function outcome(node: CompiledCondition, held: ReadonlyMap<number, boolean>): boolean {
  switch (node.kind) {
    case 'all':
      return node.children.every((child) => outcome(child, held));
    case 'any':
      return node.children.some((child) => outcome(child, held));
    case 'not':
      return !outcome(node.child, held);
    case 'leaf':
      return held.get(node.leaf.id) ?? false;
  }
}
