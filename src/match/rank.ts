import type { PasteFacts } from '../facts/paste-facts.js';
import type { RuleEvaluation } from './evaluate-rules.js';
import { supportingLeaves, type SupportingLeaf } from './evidence.js';
import type { Confidence } from './types.js';

export interface Ranked {
  evaluation: RuleEvaluation;
  /** The tests that made the rule match, with their weights. */
  support: SupportingLeaf[];
  evidence: number;
  priority: number;
  context: number;
  score: number;
}

/** Each priority point is worth a fifth of a plain "contains": priority steers look-alikes, evidence still counts. */
const PRIORITY_WEIGHT = 0.2;
const CONTEXT_FROM_REQUEST = 1;
const CONTEXT_FROM_PASTE = 0.5;

/**
 * Scores matched rules: the evidence that held (a specific rule satisfies more, and more
 * specific, tests), the author's priority, and whether the product fits. Highest first; ties go
 * to the higher priority, then to the id, so the order is stable.
 */
export function rankMatches(evaluations: readonly RuleEvaluation[], facts: PasteFacts): Ranked[] {
  const requested = facts.context.product?.trim().toLowerCase();
  const ranked = evaluations
    .filter((e) => e.matched)
    .map((evaluation) => {
      const { rule, leafResults } = evaluation;
      const support = supportingLeaves(rule.condition, leafResults, facts);
      const evidence = support.reduce((sum, s) => sum + s.weight, 0);
      let context = 0;
      if (rule.products.length) {
        if (requested && rule.products.includes(requested)) context = CONTEXT_FROM_REQUEST;
        else if (facts.products.some((p) => p.span && rule.products.includes(p.value))) context = CONTEXT_FROM_PASTE;
      }
      const priority = rule.priority * PRIORITY_WEIGHT;
      return { evaluation, support, evidence, priority, context, score: round(evidence + priority + context) };
    });
  return ranked.sort((a, b) => b.score - a.score || b.evaluation.rule.priority - a.evaluation.rule.priority || a.evaluation.rule.id.localeCompare(b.evaluation.rule.id));
}

/** How sure the engine is, from evidence and product fit (priority is an author's preference, not evidence). */
export function confidenceOf(evidence: number, context: number): Confidence {
  const support = evidence + context;
  if (support >= 3) return 'high';
  if (support >= 1.5) return 'medium';
  return 'low';
}

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
