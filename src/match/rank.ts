import type { PasteFacts } from '../facts/paste-facts.js';
import type { RuleEvaluation } from './evaluate-rules.js';
import { supportingLeaves, type SupportingLeaf } from './evidence.js';

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
  const ranked: Ranked[] = [];
  for (const evaluation of evaluations) {
    if (!evaluation.matched) continue;
    const { rule, leafResults } = evaluation;
    const support = supportingLeaves(rule.condition, leafResults, facts);
    let evidence = 0;
    for (const s of support) evidence += s.weight;
    const context = rule.products.length ? productFit(rule.products, requested, facts) : 0;
    const priority = rule.priority * PRIORITY_WEIGHT;
    ranked.push({ evaluation, support, evidence, priority, context, score: round(evidence + priority + context) });
  }
  return ranked.sort((a, b) => b.score - a.score || b.evaluation.rule.priority - a.evaluation.rule.priority || a.evaluation.rule.id.localeCompare(b.evaluation.rule.id));
}

/** Context points of a rule for its products: named in the request, else found in the paste. */
function productFit(products: readonly string[], requested: string | undefined, facts: PasteFacts): number {
  if (requested && products.includes(requested)) return CONTEXT_FROM_REQUEST;
  for (const p of facts.products) if (p.span && products.includes(p.value)) return CONTEXT_FROM_PASTE;
  return 0;
}

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
