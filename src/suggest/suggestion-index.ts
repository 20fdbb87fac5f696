import type { KnowledgeBase } from '../compile/knowledge-base.js';
import type { ArticleRecord } from '../compile/types.js';
import { articlePath } from '../present/article-url.js';
import { searchTerms } from './search-terms.js';

/** An article that may be related to a paste no rule matched: a guess, never an answer. */
export interface Suggestion {
  article: { id: string; title: string; summary: string; url: string };
  /** BM25 relevance from the full-text index; comparable only within one knowledge base. */
  score: number;
  /** The words of the paste that the article shares, most telling first. */
  terms: string[];
  /** Probability that it is the right article, from the calibration (suggestions of matchPaste). */
  probability?: number;
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

/** A field of an article as text. */
function fieldText(article: ArticleRecord, field: (typeof FIELDS)[number]): string {
  const value = (article as unknown as Record<string, unknown>)[field];
  return Array.isArray(value) ? value.join('\n') : typeof value === 'string' ? value : '';
}

/** BM25+ parameters (MiniSearch's defaults, with which suggestions were first tuned). */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const FIELD_BOOSTS = FIELDS.map((field) => BOOST[field]);
const NAMING = FIELDS.map((field) => NAMING_FIELDS.has(field));

/** What one query found in one article. */
interface Scored {
  index: number;
  score: number;
  /** Indexes of the query terms the article holds, in query order. */
  terms: number[];
}

/**
 * A full-text index over one knowledge base's articles, built once and reused for every paste,
 * scored with BM25+ as MiniSearch scores an OR query over the same fields and boosts (its
 * arithmetic, step by step, so scores and their order are the same: test/suggest holds the two to
 * it). It was MiniSearch until measured: its query builds option objects for every term, ~100 µs
 * per paste, where only the few articles that can clear the minimum relevance need a score.
 */
export class SuggestionIndex {
  readonly #articles: readonly ArticleRecord[];
  /**
   * The postings, flat (a knowledge base's articles hold thousands of distinct words, and a few
   * small arrays per word cost more than the words): each term's number is its place in the lists
   * below.
   */
  readonly #terms = new Map<string, number>();
  /** Term t's articles are #holding[#holdingStart[t]] up to #holdingStart[t + 1], each once, as `index << 1`, plus 1 when a naming field holds the term; their number is the document frequency. */
  readonly #holdingStart: Int32Array;
  readonly #holding: Int32Array;
  /** Term t in field f (FIELDS order): the articles holding it (in article order) and how often, from #fieldStart[t * FIELDS.length + f] up to the next start. */
  readonly #fieldStart: Int32Array;
  readonly #fieldArticles: Int32Array;
  readonly #fieldCounts: Int32Array;
  /** By field, each article's number of distinct terms in it, and the running average of those numbers. */
  readonly #fieldLengths: Int32Array[];
  readonly #averageFieldLengths: number[];

  constructor(articles: readonly ArticleRecord[]) {
    this.#articles = articles;
    this.#fieldLengths = FIELDS.map(() => new Int32Array(articles.length));
    this.#averageFieldLengths = FIELDS.map(() => 0);
    const found = this.#readArticles(articles);
    const termCount = this.#terms.size;
    const holding = groupedBy(found.holdingTerm, termCount, [found.holding]);
    this.#holdingStart = holding.starts;
    this.#holding = holding.values[0]!;
    const fieldKeys = found.term.map((t, i) => t * FIELDS.length + found.field[i]!);
    const fields = groupedBy(fieldKeys, termCount * FIELDS.length, [found.article, found.count]);
    this.#fieldStart = fields.starts;
    this.#fieldArticles = fields.values[0]!;
    this.#fieldCounts = fields.values[1]!;
  }

  /**
   * Numbers the articles' terms in the order first met and lists what holds them, article by
   * article, in flat lists (a few small arrays per term while building cost more than the terms).
   */
  #readArticles(articles: readonly ArticleRecord[]): FoundTerms {
    const found: FoundTerms = { term: [], field: [], article: [], count: [], holdingTerm: [], holding: [] };
    articles.forEach((article, index) => {
      // Term → 1 when a naming field holds it.
      const held = new Map<number, number>();
      FIELDS.forEach((field, f) => {
        const counts = new Map<string, number>();
        for (const term of searchTerms(fieldText(article, field))) counts.set(term, (counts.get(term) ?? 0) + 1);
        this.#fieldLengths[f]![index] = counts.size;
        // As MiniSearch keeps it: updated article by article, so the rounding is the same too.
        this.#averageFieldLengths[f] = (this.#averageFieldLengths[f]! * index + counts.size) / (index + 1);
        for (const [term, count] of counts) {
          let t = this.#terms.get(term);
          if (t === undefined) this.#terms.set(term, (t = this.#terms.size));
          found.term.push(t);
          found.field.push(f);
          found.article.push(index);
          found.count.push(count);
          held.set(t, (held.get(t) ?? 0) | (NAMING[f] ? 1 : 0));
        }
      });
      for (const [t, naming] of held) {
        found.holdingTerm.push(t);
        found.holding.push((index << 1) | naming);
      }
    });
    return found;
  }

  /** How many articles hold the term. */
  #documentFrequency(t: number): number {
    return this.#holdingStart[t + 1]! - this.#holdingStart[t]!;
  }

  /** The distinct words of a paste that occur in some article, rarest first, at most MAX_QUERY_TERMS. */
  queryTerms(text: string): string[] {
    const seen = new Map<string, number>();
    for (const term of searchTerms(text.slice(0, MAX_SCANNED_CHARS))) {
      if (!seen.has(term) && this.#terms.has(term)) seen.set(term, seen.size);
    }
    const frequency = (term: string) => this.#documentFrequency(this.#terms.get(term)!);
    return [...seen.keys()]
      .sort((a, b) => frequency(a) - frequency(b) || seen.get(a)! - seen.get(b)!)
      .slice(0, MAX_QUERY_TERMS);
  }

  /** Articles ranked by relevance to the paste; none when nothing clears the minimum relevance. */
  suggest(text: string, options: SuggestOptions = {}): Suggestion[] {
    const terms = this.queryTerms(text);
    if (terms.length < MIN_SHARED_TERMS) return [];
    const relevant = this.#relevantArticles(terms, Math.max(1, this.#articles.length * DISTINCTIVE_SHARE));
    if (!relevant.size) return [];
    // Only the relevant articles are scored: the others would be dropped anyway.
    const results = this.#score(terms, relevant).sort((a, b) => b.score - a.score);
    const best = results[0]!.score;
    return results
      .filter((r) => r.score >= best * MIN_SHARE_OF_BEST)
      .slice(0, Math.max(1, options.limit ?? 3))
      .map((r) => {
        const article = this.#articles[r.index]!;
        return {
          article: { id: article.id, title: article.title, summary: article.summary, url: articlePath(article.id) },
          score: Math.round(r.score * 100) / 100,
          terms: r.terms.map((t) => terms[t]!),
        };
      });
  }

  /**
   * BM25+ scores of the given articles for an OR query of the terms, in the order MiniSearch lists
   * them before sorting (by the first term that finds an article, then that term's first field
   * holding it, then article order), so ties sort the same way.
   */
  #score(terms: readonly string[], articles: ReadonlySet<number>): Scored[] {
    const count = this.#articles.length;
    const scored = new Map<number, Scored>();
    terms.forEach((term, t) => {
      const first = this.#terms.get(term)! * FIELDS.length;
      const termScores = new Map<number, number>();
      for (let f = 0; f < FIELDS.length; f++) {
        const from = this.#fieldStart[first + f]!;
        const to = this.#fieldStart[first + f + 1]!;
        const averageLength = this.#averageFieldLengths[f]!;
        for (let i = from; i < to; i++) {
          const index = this.#fieldArticles[i]!;
          if (!articles.has(index)) continue;
          const weighted = FIELD_BOOSTS[f]! * bm25(this.#fieldCounts[i]!, to - from, count, this.#fieldLengths[f]![index]!, averageLength);
          const sum = termScores.get(index);
          termScores.set(index, sum === undefined ? weighted : sum + weighted);
        }
      }
      for (const [index, score] of termScores) {
        const known = scored.get(index);
        if (known) {
          known.score = known.score + score;
          known.terms.push(t);
        } else scored.set(index, { index, score, terms: [t] });
      }
    });
    // MiniSearch multiplies a score by the number of query terms found.
    const results = [...scored.values()];
    for (const r of results) r.score = r.score * r.terms.length;
    return results;
  }

  /**
   * Indexes of the articles that clear the minimum relevance (MIN_SHARED_TERMS distinctive terms
   * shared, one shared term in a naming field), found from the postings alone.
   */
  #relevantArticles(terms: readonly string[], distinctive: number): Set<number> {
    // Per article, for this query only: distinctive terms shared, and whether a shared term names the problem.
    const sharedDistinctive = new Uint16Array(this.#articles.length);
    const sharesNaming = new Uint8Array(this.#articles.length);
    const touched: number[] = [];
    for (const term of terms) {
      const t = this.#terms.get(term)!;
      const isDistinctive = this.#documentFrequency(t) <= distinctive;
      for (let i = this.#holdingStart[t]!; i < this.#holdingStart[t + 1]!; i++) {
        const entry = this.#holding[i]!;
        const index = entry >> 1;
        touched.push(index);
        if (isDistinctive) sharedDistinctive[index]!++;
        if (entry & 1) sharesNaming[index] = 1;
      }
    }
    const relevant = new Set<number>();
    for (const index of touched) {
      if (sharedDistinctive[index]! >= MIN_SHARED_TERMS && sharesNaming[index]) relevant.add(index);
    }
    return relevant;
  }
}

/** What the articles hold, in the order read: (term, field, article, count) of each field's terms, and (term, article and naming bit) of each article's. */
interface FoundTerms {
  term: number[];
  field: number[];
  article: number[];
  count: number[];
  holdingTerm: number[];
  holding: number[];
}

/**
 * The values grouped by key (a counting sort, keeping the order read within a key): key k's are
 * values[starts[k] … starts[k + 1]).
 */
function groupedBy(keys: readonly number[], keyCount: number, lists: readonly (readonly number[])[]): { starts: Int32Array; values: Int32Array[] } {
  const starts = new Int32Array(keyCount + 1);
  for (const key of keys) starts[key + 1]!++;
  for (let k = 0; k < keyCount; k++) starts[k + 1]! += starts[k]!;
  const next = starts.slice(0, keyCount);
  const values = lists.map(() => new Int32Array(keys.length));
  keys.forEach((key, i) => {
    const at = next[key]!++;
    lists.forEach((list, l) => (values[l]![at] = list[i]!));
  });
  return { starts, values };
}

/** BM25+ of one term in one field of one article, written as MiniSearch computes it. */
function bm25(termFrequency: number, matching: number, total: number, fieldLength: number, averageFieldLength: number): number {
  const { k, b, d } = BM25;
  const inverseDocumentFrequency = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return inverseDocumentFrequency * (d + (termFrequency * (k + 1)) / (termFrequency + k * (1 - b + (b * fieldLength) / averageFieldLength)));
}

/** The suggestion index of a knowledge base, built with it. */
export function suggestionIndexOf(kb: KnowledgeBase): SuggestionIndex {
  return kb.suggestions;
}

/** Articles possibly related to a paste, for when no rule matched it. */
export function suggestArticles(kb: KnowledgeBase, text: string, options?: SuggestOptions): Suggestion[] {
  return suggestionIndexOf(kb).suggest(text, options);
}
