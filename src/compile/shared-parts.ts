import type { StepSpec } from '../load/types.js';
import { RuleAnswer } from './rule-answer.js';
import { compileSafeRegex, type SafeRegexResult } from './safe-regex.js';
import type { ArticleRecord } from './types.js';

/**
 * What the rules of one knowledge base can share: equal literals, regexes, inline step lists and
 * article answers are made once and handed to every rule that has them. Rules of one product or
 * area repeat these a lot (a 50,000-rule knowledge base holds a third fewer distinct regexes than
 * regex conditions), and a shared SafeRegex also shares its native twin and its RE2 program.
 * Everything shared is immutable (a SafeRegex compiles its RE2 program once, for whichever rule
 * needs it first). One instance per knowledge base being compiled, dropped with the compiler: no
 * module-level state.
 */
export interface SharedParts {
  /** The one string equal to `text`. */
  intern(text: string): string;
  /** The regex checked and planned once per distinct pattern (errors too: they are the same for every rule). */
  regex(pattern: string): SafeRegexResult;
  /** Exact copies of inline steps (no spare array capacity), one list for equal lists. */
  steps(steps: readonly StepSpec[]): StepSpec[];
  /** The compiled answer of an article, one for the rules that answer with it. */
  articleAnswer(article: ArticleRecord): RuleAnswer;
}

/** Shares nothing: for a rule compiled on its own (lint of one file, the /try playground). */
export const UNSHARED: SharedParts = {
  intern: (text) => text,
  regex: compileSafeRegex,
  steps: (steps) => compactSteps(steps, (text) => text),
  articleAnswer: (article) => new RuleAnswer({ id: article.id, title: article.title, article }),
};

/** Shares what the rules of one knowledge base have in common. */
export class KnowledgeBaseParts implements SharedParts {
  readonly #strings = new Map<string, string>();
  readonly #regexes = new Map<string, SafeRegexResult>();
  readonly #stepLists = new Map<string, StepSpec[]>();
  readonly #articleAnswers = new Map<ArticleRecord, RuleAnswer>();

  intern(text: string): string {
    const known = this.#strings.get(text);
    if (known !== undefined) return known;
    this.#strings.set(text, text);
    return text;
  }

  regex(pattern: string): SafeRegexResult {
    let result = this.#regexes.get(pattern);
    if (!result) this.#regexes.set(pattern, (result = compileSafeRegex(pattern)));
    return result;
  }

  steps(steps: readonly StepSpec[]): StepSpec[] {
    const key = JSON.stringify(steps);
    let shared = this.#stepLists.get(key);
    if (!shared) this.#stepLists.set(key, (shared = compactSteps(steps, (text) => this.intern(text))));
    return shared;
  }

  articleAnswer(article: ArticleRecord): RuleAnswer {
    let answer = this.#articleAnswers.get(article);
    if (!answer) this.#articleAnswers.set(article, (answer = new RuleAnswer({ id: article.id, title: article.title, article })));
    return answer;
  }
}

/** Arrays from the parsed file keep spare capacity: a rule keeps exact copies, their texts interned. */
function compactSteps(steps: readonly StepSpec[], intern: (text: string) => string): StepSpec[] {
  return steps.map((step) => (typeof step === 'string' ? intern(step) : !step.substeps ? step : { ...step, substeps: compactSteps(step.substeps, intern) }));
}
