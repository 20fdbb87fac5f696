import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SuggestionIndex } from '../suggest/suggestion-index.js';
import type { SimilarityIndex } from '../suggest/similarity-index.js';
import type { PrefilterIndex } from './prefilter-index.js';
import type { SafeRegex } from './safe-regex.js';
import type { ArticleRecord, CompiledRule } from './types.js';

/** The most instructions of any regex of a knowledge base, per character of paste. */
export interface RegexCostPerChar {
  /** On RE2 (text with folding hazards runs every regex there). */
  re2: number;
  /** Of a regex that runs natively on text without hazards. */
  native: number;
}

/**
 * The costliest of every regex a rule runs on a paste or its facts (conditions, url/host/product
 * tests, captures), found when the knowledge base is compiled.
 */
export function regexCostPerChar(rules: readonly CompiledRule[]): RegexCostPerChar {
  const cost = { re2: 0, native: 0 };
  const add = (regex: SafeRegex | undefined) => {
    if (!regex) return;
    cost.re2 = Math.max(cost.re2, regex.cost);
    if (regex.native) cost.native = Math.max(cost.native, regex.cost);
  };
  for (const rule of rules) {
    for (const leaf of rule.leaves) add((leaf.test as { regex?: SafeRegex }).regex);
    for (const capture of rule.captures) add(capture.regex);
  }
  return cost;
}

/** A loaded, checked and compiled knowledge base. Immutable: a reload builds a new one and swaps it in. */
export interface KnowledgeBase {
  root: string;
  rules: readonly CompiledRule[];
  rulesById: ReadonlyMap<string, CompiledRule>;
  articles: readonly ArticleRecord[];
  articlesById: ReadonlyMap<string, ArticleRecord>;
  prefilter: PrefilterIndex;
  /** Full-text index of the articles, for "possibly related" when no rule matches. */
  suggestions: SuggestionIndex;
  /** The second stage: articles similar to a paste no specific rule matched. */
  similarity: SimilarityIndex;
  /** What one character of paste can cost its costliest regex (match/regex-cost.ts reads it for the thread decision). */
  regexCost: RegexCostPerChar;
  /** Products some article or rule is about (lower-case): a generic answer to a paste naming another product is labelled low. */
  products: ReadonlySet<string>;
  /** Warnings that did not stop the load. */
  warnings: readonly Diagnostic[];
  /** sha256 over every source file: two loads of the same files have the same fingerprint. */
  fingerprint: string;
  loadedAt: string;
}
