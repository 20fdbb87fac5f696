import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SuggestionIndex } from '../suggest/suggestion-index.js';
import type { SimilarityIndex } from '../suggest/similarity-index.js';
import type { PrefilterIndex } from './prefilter-index.js';
import type { ArticleRecord, CompiledRule } from './types.js';

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
  /** Products some article or rule is about (lower-case): a generic answer to a paste naming another product is labelled low. */
  products: ReadonlySet<string>;
  /** Warnings that did not stop the load. */
  warnings: readonly Diagnostic[];
  /** sha256 over every source file: two loads of the same files have the same fingerprint. */
  fingerprint: string;
  loadedAt: string;
}
