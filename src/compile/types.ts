import type { TopLevelCondition } from 'json-rules-engine';
import type { ArticleSpec, StepSpec } from '../load/types.js';
import type { RuleAnswer } from './rule-answer.js';
import type { SafeRegex } from './safe-regex.js';


type StringOperator = 'in' | 'contains' | 'regex';

export type LeafTest =
  | { fact: 'text'; literals: string[] }
  | { fact: 'regex'; pattern: string; regex: SafeRegex }
  | { fact: 'status'; values?: number[]; gte?: number; lte?: number }
  | { fact: 'code'; values: string[] }
  | { fact: 'host' | 'url' | 'product'; op: StringOperator; values: string[]; regex?: SafeRegex }
  | { fact: 'json'; path: string; op: 'equals' | 'in' | 'contains' | 'regex' | 'exists'; value: unknown; regex?: SafeRegex };

/** One test of a fact, numbered within its rule. */
export interface Leaf {
  id: number;
  test: LeafTest;
  /** How the author would say it: `contains "forbidden"`, `status 403`. */
  readonly label: string;
  /** Evidence this test brings when it holds. */
  readonly weight: number;
  /** Under an odd number of `not`: holding is evidence against, so it scores nothing. */
  negated: boolean;
}

export type CompiledCondition =
  | { kind: 'all' | 'any'; children: CompiledCondition[] }
  | { kind: 'not'; child: CompiledCondition }
  | { kind: 'leaf'; leaf: Leaf };

export interface Capture {
  name: string;
  regex: SafeRegex;
  /**
   * The regex's native twin with the `d` flag (where group 1 lies), made at load for a regex that
   * has a twin: not made anew for every paste that returns the rule. It is not global, so exec()
   * neither reads nor writes state a paste could leave behind.
   */
  withIndices?: RegExp;
  default?: string;
}

export interface ArticleRecord extends ArticleSpec {
  body: string;
  file: string;
}

export interface CompiledRule {
  id: string;
  title: string;
  file: string;
  source: string;
  priority: number;
  /** A fallback (plain 401, 403, 429, 5xx, connection refused): answers only when nothing specific does. */
  generic: boolean;
  products: string[];
  article?: ArticleRecord;
  /** Inline steps and cause, for rules that answer without an article. */
  steps?: StepSpec[];
  cause?: string;
  condition: CompiledCondition;
  leaves: Leaf[];
  /** The rule as json-rules-engine conditions, built from `condition` on each read (for the reference evaluator and the benchmark's baseline). */
  readonly engineConditions: TopLevelCondition;
  /** Clauses of required keys, derived from `condition` on each read: the rule cannot match unless each clause has a key present in the paste. */
  readonly requirement: string[][];
  captures: Capture[];
  /** What the rule answers with, its placeholders compiled and its unfilled JSON written (shared by the rules of one article); made when read for an inline answer without placeholders. */
  answer: RuleAnswer;
  examples: { match: string[]; no_match: string[] };
}
