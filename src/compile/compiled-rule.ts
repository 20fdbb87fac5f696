import type { TopLevelCondition } from 'json-rules-engine';
import type { StepSpec } from '../load/types.js';
import { engineConditionsOf } from './compile-condition.js';
import { requirementOf } from './requirements.js';
import { RuleAnswer } from './rule-answer.js';
import type { ArticleRecord, Capture, CompiledCondition, CompiledRule, Leaf } from './types.js';

export type CompiledRuleFields = Omit<CompiledRule, 'engineConditions' | 'requirement' | 'answer'> & {
  /** Absent for an answer of the rule's own cause and steps without placeholders (rule-answer.ts isPlainInline). */
  answer: RuleAnswer | undefined;
};

/**
 * A compiled rule. A knowledge base holds tens of thousands, so what is cheap to derive from the
 * condition tree is derived when read, not kept: json-rules-engine conditions when the reference
 * evaluator (match/engine-evaluation.ts) asks, required keys when the prefilter or lint asks, the
 * answer when it is the rule's own cause and steps without placeholders.
 */
class Rule implements CompiledRule {
  readonly id: string;
  readonly title: string;
  readonly file: string;
  readonly source: string;
  readonly priority: number;
  readonly generic: boolean;
  readonly products: string[];
  readonly article?: ArticleRecord;
  readonly steps?: StepSpec[];
  readonly cause?: string;
  readonly condition: CompiledCondition;
  readonly leaves: Leaf[];
  readonly captures: Capture[];
  readonly #answer: RuleAnswer | undefined;
  readonly examples: { match: string[]; no_match: string[] };

  constructor(fields: CompiledRuleFields) {
    this.id = fields.id;
    this.title = fields.title;
    this.file = fields.file;
    this.source = fields.source;
    this.priority = fields.priority;
    this.generic = fields.generic;
    this.products = fields.products;
    this.article = fields.article;
    this.steps = fields.steps;
    this.cause = fields.cause;
    this.condition = fields.condition;
    this.leaves = fields.leaves;
    this.captures = fields.captures;
    this.#answer = fields.answer;
    this.examples = fields.examples;
  }

  get engineConditions(): TopLevelCondition {
    return engineConditionsOf(this.id, this.condition);
  }

  /** A plain inline answer is made from the rule's own fields when read: it holds nothing compiled. */
  get answer(): RuleAnswer {
    return this.#answer ?? new RuleAnswer(this);
  }

  get requirement(): string[][] {
    return requirementOf(this.condition);
  }
}

/** A compiled rule from its parts. */
export function createCompiledRule(fields: CompiledRuleFields): CompiledRule {
  return new Rule(fields);
}
