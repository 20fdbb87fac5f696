/** The shapes authors write, as validated by schemas/rule.schema.json and schemas/article.schema.json. */

export type NumberTest = number | number[] | { gte?: number; lte?: number };
export type StringTest = string | string[] | { equals: string } | { in: string[] } | { contains: string | string[] } | { regex: string };
export interface JsonTest {
  path: string;
  equals?: string | number | boolean;
  in?: (string | number)[];
  contains?: string;
  regex?: string;
  exists?: boolean;
}

export type ConditionSpec =
  | string
  | { all: ConditionSpec[] }
  | { any: ConditionSpec[] }
  | { not: ConditionSpec }
  | { contains: string | string[] }
  | { regex: string }
  | { status: NumberTest }
  | { code: string | string[] }
  | { host: StringTest }
  | { url: StringTest }
  | { product: StringTest }
  | { json: JsonTest };

export type StepSpec =
  | string
  | { text: string; note?: string; warning?: string; expect?: string; substeps?: StepSpec[] };

export interface RuleSpec {
  id: string;
  title: string;
  article?: string;
  priority?: number;
  /** A fallback for a plain status or network error: steps aside for specific rules and similar articles. */
  generic?: boolean;
  context?: { products?: string[] };
  when: ConditionSpec;
  captures?: Record<string, { regex: string; default?: string }>;
  steps?: StepSpec[];
  cause?: string;
  examples: { match: string[]; no_match?: string[] };
}

export interface ArticleSpec {
  id: string;
  title: string;
  summary: string;
  error_messages?: string[];
  applies_to?: { products?: string[]; areas?: string[] };
  cause: string;
  steps: StepSpec[];
  escalation?: string;
  references?: { title: string; url: string }[];
  related?: string[];
  tags?: string[];
  updated?: string;
}

/** A place in a source file. */
export interface SourcePosition {
  line: number;
  column: number;
  length: number;
}

/**
 * Finds the position of the value (or, with `key`, of the key) at a path in a parsed file; with
 * `within`, of that text where it is written inside the value (the value's position when it is
 * not written as is, for example behind an escape).
 */
export type Locator = (path: readonly (string | number)[], key?: boolean, within?: string) => SourcePosition;

export interface LoadedRule {
  spec: RuleSpec;
  /** Path relative to the knowledge-base root, with forward slashes. */
  file: string;
  source: string;
  locate: Locator;
}

export interface LoadedArticle {
  spec: ArticleSpec;
  /** Markdown after the front matter. */
  body: string;
  file: string;
  source: string;
  locate: Locator;
}
