import MiniSearch from 'minisearch';
import type { KnowledgeBase } from '../compile/knowledge-base.js';
import type { ArticleRecord } from '../compile/types.js';
import { searchTerms } from './search-terms.js';

/** An article that may be related to a paste no rule matched: a guess, never an answer. */
export interface Suggestion {
  article: { id: string; title: string; summary: string };
  /** BM25 relevance from the full-text index; comparable only within one knowledge base. */
  score: number;
  /** The words of the paste that the article shares, most telling first. */
  terms: string[];
}

export interface SuggestOptions {
  /** Most suggestions returned (default 3). */
  limit?: number;
}

/** Fields searched, with how much a hit in each counts: titles and verbatim messages say the most. */
const FIELDS = ['title', 'error_messages', 'summary', 'cause', 'tags'] as const;
const BOOST = { title: 2, error_messages: 2, summary: 1, cause: 1, tags: 1.5 };
/** Querying with a whole paste is slow and noisy; the rarest few dozen of its words carry the topic. */
const MAX_QUERY_TERMS = 30;
/** Only the start of a huge paste is read for words; the error is almost always near the top. */
const MAX_SCANNED_CHARS = 16 * 1024;
/**
 * The minimum relevance. An article must share with the paste at least MIN_SHARED_TERMS
 * distinctive words (found in at most DISTINCTIVE_SHARE of the articles), and one of the shared
 * words must be in a field that names the problem (title, error messages, tags), not only in
 * prose. Sharing common words, or words of the explanation only, is a coincidence, not a topic:
 * junk gets no suggestions.
 */
export const MIN_SHARED_TERMS = 2;
const DISTINCTIVE_SHARE = 0.15;
const NAMING_FIELDS = new Set(['title', 'error_messages', 'tags']);
/** A suggestion far weaker than the best one is noise next to it. */
const MIN_SHARE_OF_BEST = 0.35;

/** A field of an article as text, the same way for the full-text index and for the postings. */
function fieldText(article: ArticleRecord, field: (typeof FIELDS)[number]): string {
  const value = (article as unknown as Record<string, unknown>)[field];
  return Array.isArray(value) ? value.join('\n') : typeof value === 'string' ? value : '';
}

/** A full-text index over one knowledge base's articles, built once and reused for every paste. */
export class SuggestionIndex {
  readonly #search: MiniSearch<ArticleRecord>;
  readonly #articles: readonly ArticleRecord[];
  readonly #articlesById: ReadonlyMap<string, ArticleRecord>;
  /**
   * For each indexed term, the articles it occurs in, each once, as `article index << 1`, plus 1
   * when the term is in a field that names the problem. Its length is the term's document
   * frequency: rarer terms go into the query first.
   */
  readonly #postings = new Map<string, Int32Array>();
  /** Per article, scratch for one query: distinctive terms shared, and whether a shared term names the problem. */
  readonly #sharedDistinctive: Uint16Array;
  readonly #sharesNaming: Uint8Array;

  constructor(articles: readonly ArticleRecord[]) {
    this.#articles = articles;
    this.#articlesById = new Map(articles.map((a) => [a.id, a]));
    this.#search = new MiniSearch<ArticleRecord>({
      idField: 'id',
      fields: [...FIELDS],
      extractField: (article, field) => fieldText(article, field as (typeof FIELDS)[number]),
      tokenize: searchTerms,
      processTerm: (term) => term,
      searchOptions: { boost: BOOST, combineWith: 'OR', prefix: false, fuzzy: false },
    });
    this.#search.addAll(articles);
    const postings = new Map<string, number[]>();
    articles.forEach((article, index) => {
      const naming = new Set<string>();
      const terms = new Set<string>();
      for (const field of FIELDS) {
        for (const term of searchTerms(fieldText(article, field))) {
          terms.add(term);
          if (NAMING_FIELDS.has(field)) naming.add(term);
        }
      }
      for (const term of terms) {
        const entry = (index << 1) | (naming.has(term) ? 1 : 0);
        const list = postings.get(term);
        if (list) list.push(entry);
        else postings.set(term, [entry]);
      }
    });
    for (const [term, list] of postings) this.#postings.set(term, Int32Array.from(list));
    this.#sharedDistinctive = new Uint16Array(articles.length);
    this.#sharesNaming = new Uint8Array(articles.length);
  }

  /** The distinct words of a paste that occur in some article, rarest first, at most MAX_QUERY_TERMS. */
  queryTerms(text: string): string[] {
    const seen = new Map<string, number>();
    for (const term of searchTerms(text.slice(0, MAX_SCANNED_CHARS))) {
      if (!seen.has(term) && this.#postings.has(term)) seen.set(term, seen.size);
    }
    return [...seen.keys()]
      .sort((a, b) => this.#postings.get(a)!.length - this.#postings.get(b)!.length || seen.get(a)! - seen.get(b)!)
      .slice(0, MAX_QUERY_TERMS);
  }

  /** Articles ranked by relevance to the paste; none when nothing clears the minimum relevance. */
  suggest(text: string, options: SuggestOptions = {}): Suggestion[] {
    const terms = this.queryTerms(text);
    if (terms.length < MIN_SHARED_TERMS) return [];
    const distinctive = Math.max(1, this.#articles.length * DISTINCTIVE_SHARE);
    const relevant = this.#relevantArticles(terms, distinctive);
    if (!relevant.size) return [];
    // Only the relevant articles are scored, with only the terms they share: a term adds to the
    // score of the articles that contain it and to no other, and the other articles are dropped
    // anyway, so the scores and their order are those of the whole query, at a fraction of its cost.
    const scored = terms.filter((term) => this.#postings.get(term)!.some((entry) => relevant.has(entry >> 1)));
    const ids = new Set([...relevant].map((index) => this.#articles[index]!.id));
    const results = this.#search.search(scored.join(' '), { boostDocument: (id) => (ids.has(id as string) ? 1 : 0) }).filter((r) => {
      const shared = Object.keys(r.match);
      return (
        shared.filter((t) => this.#postings.get(t)!.length <= distinctive).length >= MIN_SHARED_TERMS &&
        shared.some((t) => r.match[t]!.some((field) => NAMING_FIELDS.has(field)))
      );
    });
    const best = results[0]?.score ?? 0;
    return results
      .filter((r) => r.score >= best * MIN_SHARE_OF_BEST)
      .slice(0, Math.max(1, options.limit ?? 3))
      .map((r) => {
        const article = this.#articlesById.get(String(r.id))!;
        const shared = new Set(Object.keys(r.match));
        return {
          article: { id: article.id, title: article.title, summary: article.summary },
          score: Math.round(r.score * 100) / 100,
          terms: terms.filter((t) => shared.has(t)),
        };
      });
  }

  /**
   * Indexes of the articles that clear the minimum relevance (MIN_SHARED_TERMS distinctive terms
   * shared, one shared term in a naming field), found from the postings alone.
   */
  #relevantArticles(terms: readonly string[], distinctive: number): Set<number> {
    const sharedDistinctive = this.#sharedDistinctive;
    const sharesNaming = this.#sharesNaming;
    const touched: number[] = [];
    for (const term of terms) {
      const postings = this.#postings.get(term)!;
      const isDistinctive = postings.length <= distinctive;
      for (const entry of postings) {
        const index = entry >> 1;
        touched.push(index);
        if (isDistinctive) sharedDistinctive[index]!++;
        if (entry & 1) sharesNaming[index] = 1;
      }
    }
    const relevant = new Set<number>();
    for (const index of touched) {
      if (sharedDistinctive[index]! >= MIN_SHARED_TERMS && sharesNaming[index]) relevant.add(index);
      sharedDistinctive[index] = 0;
      sharesNaming[index] = 0;
    }
    return relevant;
  }
}

// One index per compiled knowledge base, built on first use; a reload makes a new KnowledgeBase
// object, so its index is built afresh and the old one is collected with it.
const INDEXES = new WeakMap<KnowledgeBase, SuggestionIndex>();

/** The suggestion index of a knowledge base, built the first time it is asked for. */
export function suggestionIndexOf(kb: KnowledgeBase): SuggestionIndex {
  let index = INDEXES.get(kb);
  if (!index) {
    index = new SuggestionIndex(kb.articles);
    INDEXES.set(kb, index);
  }
  return index;
}

/** Articles possibly related to a paste, for when no rule matched it. */
export function suggestArticles(kb: KnowledgeBase, text: string, options?: SuggestOptions): Suggestion[] {
  return suggestionIndexOf(kb).suggest(text, options);
}
