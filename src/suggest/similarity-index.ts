import type { ArticleRecord, CompiledRule } from '../compile/types.js';
import { keepTerm, searchTerms } from './search-terms.js';

/** What a passage is: a rule's match example, one of an article's error messages, its title or its cause. */
type PassageKind = 'example' | 'error_message' | 'title' | 'cause';

/** A piece of the knowledge base that says what an error looks like, and the article it leads to. */
export interface Passage {
  article: number;
  kind: PassageKind;
  text: string;
  /** The rule whose example this is. */
  rule?: string;
  /** Distinct terms, and the sum of their weights. */
  terms: string[];
  weight: number;
}

/** An article that resembles the paste, with the passage it resembles most. */
export interface Similar {
  article: ArticleRecord;
  /** The best passage's score: shared weight, discounted by how little of the passage is shared. */
  score: number;
  passage: Passage;
  /** Terms of the passage found in the paste, heaviest first. */
  shared: string[];
  /** Terms of any of the article's passages found in the paste, heaviest first. */
  sharedWithArticle: string[];
}

/** Error codes (AADSTS50105, E0000011, IDX10214) and HTTP statuses name an error: they weigh more than words. */
const CODE_WEIGHT = 2.5;
const STATUS_WEIGHT = 1.5;
/** Only the start of a huge paste is read: the error is almost always near the top. */
const MAX_SCANNED_CHARS = 32 * 1024;
/** A term found in more than this share of the articles tells them apart too little to be looked up. */
const COMMON_SHARE = 0.3;
/**
 * How much of a passage must be shared, as the exponent of the shared share: a paste sharing three
 * rare words with a one-line message resembles it more than one sharing them with a long trace.
 */
const COVERAGE_EXPONENT = 0.5;
/** Longest passage text kept for the explanation. */
const MAX_PASSAGE_CHARS = 400;

/**
 * Lines of a stack trace, and paths, URLs and timestamps anywhere: the same in every error of a
 * runtime, so they make unrelated errors look alike. Removed before the words are taken.
 */
const STACK_FRAME = /^[ \t]*(?:at [^\n]*|File "[^\n]*", line \d+[^\n]*|\.\.\. \d+ more|Traceback \(most recent call last\):?|[\w.$]+\.(?:java|kt|scala|cs|go|py|rb|js|ts):\d+[^\n]*)$/gm;
const PATH_OR_URL = /(?:[a-z][a-z0-9+.-]*:\/\/|[~.]?\/|[a-z]:\\)[^\s'"`)\]]*|\b\d{4}-\d\d-\d\d[t ][\d:.]+z?\b/gi;

/** The words that describe the error, not the place it happened. */
export function descriptiveTerms(text: string): string[] {
  return searchTerms(text.replace(STACK_FRAME, ' ').replace(PATH_OR_URL, ' ')).filter((t) => !BOILERPLATE.has(t));
}

/** Words of log and trace scaffolding that are not stop words of search in general. */
const BOILERPLATE = new Set(
  ('traceback recent last call module self raise lib opt usr var home src dist internal modules node js py ' +
    'async await process task queues log logs install found complete code dev site packages python python3 ' +
    'conn thread caused by see above below stack frame function method return returned line col ' +
    // Dates, header names and error-object fields that any log or response carries.
    'mon tue wed thu fri sat sun jan feb mar apr may jun jul aug sep oct nov dec gmt utc date time level msg ' +
    'content type application json length server syscall errno').split(' '),
);

const isCode = (term: string) => /^[a-z]{1,12}\d{2,12}$/.test(term) || term.includes('_');
const isStatus = (term: string) => /^[1-5]\d\d$/.test(term);

type RawPassage = Omit<Passage, 'terms' | 'weight'>;

/** Each article's title, error messages and cause, then each rule's match examples, as passages of their article. */
function rawPassages(articles: readonly ArticleRecord[], rules: readonly CompiledRule[]): RawPassage[] {
  const indexOf = new Map(articles.map((a, i) => [a.id, i]));
  const raw: RawPassage[] = [];
  articles.forEach((article, i) => {
    raw.push({ article: i, kind: 'title', text: article.title });
    for (const message of article.error_messages ?? []) raw.push({ article: i, kind: 'error_message', text: message });
    raw.push({ article: i, kind: 'cause', text: article.cause });
  });
  for (const rule of rules) {
    const article = rule.article ? indexOf.get(rule.article.id) : undefined;
    if (article === undefined) continue;
    for (const example of rule.examples.match) raw.push({ article, kind: 'example', text: example, rule: rule.id });
  }
  return raw;
}

/**
 * A similarity model over what the knowledge base knows an error looks like: every rule's match
 * examples, and each article's error messages, title and cause, as passages. A paste is scored
 * against each passage by the inverse-document-frequency weight of the terms they share
 * (document = article, so an article with many examples is not favoured), discounted by how
 * much of the passage is left unshared; an article scores as its best passage. Built once per
 * knowledge base, at compile time.
 */
export class SimilarityIndex {
  readonly articles: readonly ArticleRecord[];
  readonly passages: Passage[] = [];
  /**
   * Each term's number: its place in the flat lists below (a few thousand terms, so no object
   * or small array per term).
   */
  readonly #terms = new Map<string, number>();
  readonly #weights: Float64Array;
  /** 1 for a term held by too many articles to tell them apart: not looked up. */
  readonly #common: Uint8Array;
  /** Term t's passages (indexes, ascending) are #postings[#postingStart[t]] up to #postingStart[t + 1]. */
  readonly #postingStart: Int32Array;
  readonly #postings: Int32Array;

  constructor(articles: readonly ArticleRecord[], rules: readonly CompiledRule[], excluded: ReadonlySet<string> = new Set()) {
    this.articles = articles.filter((a) => !excluded.has(a.id));
    const raw = rawPassages(this.articles, rules);
    const termSets = raw.map((p) => new Set(descriptiveTerms(p.text)));
    const articlesHolding = new Map<string, Set<number>>();
    const passagesHolding = new Map<string, number[]>();
    termSets.forEach((terms, p) => {
      for (const term of terms) {
        let holding = articlesHolding.get(term);
        if (!holding) {
          articlesHolding.set(term, (holding = new Set()));
          passagesHolding.set(term, []);
        }
        holding.add(raw[p]!.article);
        passagesHolding.get(term)!.push(p);
      }
    });
    const total = this.articles.length;
    this.#weights = new Float64Array(articlesHolding.size);
    this.#common = new Uint8Array(articlesHolding.size);
    this.#postingStart = new Int32Array(articlesHolding.size + 1);
    const postings: number[] = [];
    // Weights relative to a term only one article holds, so that scores, and the thresholds
    // calibrated on them, mean about the same in a knowledge base of ten articles or of a thousand.
    const rarest = Math.log(1 + (total - 0.5) / 1.5);
    for (const [term, holding] of articlesHolding) {
      const t = this.#terms.size;
      this.#terms.set(term, t);
      const idf = Math.log(1 + (total - holding.size + 0.5) / (holding.size + 0.5)) / rarest;
      this.#weights[t] = idf * (isCode(term) ? CODE_WEIGHT : isStatus(term) ? STATUS_WEIGHT : 1);
      if (holding.size > Math.max(2, total * COMMON_SHARE)) this.#common[t] = 1;
      for (const p of passagesHolding.get(term)!) postings.push(p);
      this.#postingStart[t + 1] = postings.length;
    }
    this.#postings = Int32Array.from(postings);
    raw.forEach((p, index) => {
      const terms = [...termSets[index]!];
      let weight = 0;
      for (const term of terms) if (!this.#isCommon(term)) weight += this.#weightOf(term);
      const text = p.text.length > MAX_PASSAGE_CHARS ? p.text.slice(0, MAX_PASSAGE_CHARS) + '…' : p.text;
      this.passages.push({ ...p, text, terms, weight });
    });
  }

  #weightOf(term: string): number {
    return this.#weights[this.#terms.get(term)!]!;
  }

  #isCommon(term: string): boolean {
    return this.#common[this.#terms.get(term)!] === 1;
  }

  /**
   * The index of a knowledge base: articles that some specific rule reaches (an article only a
   * generic rule reaches is the fallback's, not a resemblance's), with the examples of every rule.
   */
  static of(articles: ReadonlyMap<string, ArticleRecord>, rules: readonly CompiledRule[]): SimilarityIndex {
    const reached = new Set<string>();
    for (const rule of rules) if (rule.article && !rule.generic) reached.add(rule.article.id);
    const excluded = new Set([...articles.keys()].filter((id) => !reached.has(id)));
    return new SimilarityIndex([...articles.values()], rules.filter((r) => !r.generic), excluded);
  }

  /** The distinct terms of a paste that some passage holds, plus codes found by the facts (lower-cased). */
  queryTerms(text: string, codes: Iterable<string> = []): Set<string> {
    const terms = new Set<string>();
    for (const term of descriptiveTerms(text.length > MAX_SCANNED_CHARS ? text.slice(0, MAX_SCANNED_CHARS) : text)) {
      if (this.#terms.has(term)) terms.add(term);
    }
    for (const code of codes) {
      const term = keepTerm(code.toLowerCase().replace(/[^a-z0-9_]/g, ''));
      if (term && this.#terms.has(term)) terms.add(term);
    }
    return terms;
  }

  /** Articles most like the paste, best first, each with its best passage; at most `limit`. */
  similar(text: string, codes: Iterable<string> = [], limit = 3): Similar[] {
    const query = this.queryTerms(text, codes);
    // Shared weight per passage touched, in the order first touched: this paste's own scratch,
    // as large as the passages the paste's terms reach (an array over every passage would cost
    // more than the lookups for a paste that shares a few terms).
    const shared = new Map<number, number>();
    for (const term of query) {
      const t = this.#terms.get(term)!;
      if (this.#common[t]) continue;
      const weight = this.#weights[t]!;
      for (let i = this.#postingStart[t]!; i < this.#postingStart[t + 1]!; i++) {
        const p = this.#postings[i]!;
        shared.set(p, (shared.get(p) ?? 0) + weight);
      }
    }
    const best = new Map<number, { score: number; passage: number }>();
    for (const [p, weight] of shared) {
      const passage = this.passages[p]!;
      const score = weight * (weight / passage.weight) ** COVERAGE_EXPONENT;
      const known = best.get(passage.article);
      if (!known || score > known.score) best.set(passage.article, { score, passage: p });
    }
    const telling = [...query].filter((t) => !this.#isCommon(t));
    return [...best]
      .sort((a, b) => b[1].score - a[1].score || a[0] - b[0])
      .slice(0, limit)
      .map(([article, { score, passage }]) => {
        const p = this.passages[passage]!;
        return {
          article: this.articles[article]!,
          score: Math.round(score * 1000) / 1000,
          passage: p,
          shared: this.#heaviestFirst(p.terms.filter((t) => query.has(t) && !this.#isCommon(t))),
          sharedWithArticle: this.#heaviestFirst(telling.filter((t) => this.#articleHolds(article, t))),
        };
      });
  }

  /** Whether one of the article's passages holds the term. */
  #articleHolds(article: number, term: string): boolean {
    const t = this.#terms.get(term)!;
    for (let i = this.#postingStart[t]!; i < this.#postingStart[t + 1]!; i++) if (this.passages[this.#postings[i]!]!.article === article) return true;
    return false;
  }

  #heaviestFirst(terms: string[]): string[] {
    return terms.sort((a, b) => this.#weightOf(b) - this.#weightOf(a) || a.localeCompare(b));
  }
}
