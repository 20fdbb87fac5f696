/**
 * The similarity stage as first written (frozen at c8b0fee): every term of the paste looked up,
 * every passage sharing one scored, every article ranked; with the words taken from text as
 * they were (search-terms.ts below). src/suggest/similarity-index.ts skips
 * the passages that cannot reach the minimum score asked for; test/suggest/similarity-agree.test.ts
 * holds the two to the same answers. Do not optimise this file.
 */
import type { ArticleRecord, CompiledRule } from '../../../src/compile/types.js';
import { VENDOR_PRODUCTS } from '../../../src/facts/products.js';
import type { Passage, Similar } from '../../../src/suggest/similarity-index.js';

type PassageKind = Passage['kind'];
type ResemblingPassage = Similar['passage'];

/** Error codes (AADSTS50105, E0000011, IDX10214) and HTTP statuses name an error: they weigh more than words. */
const CODE_WEIGHT = 2.5;
const STATUS_WEIGHT = 1.5;
/** Only the start of a huge paste is read: the error is almost always near the top. */
const MAX_SCANNED_CHARS = 32 * 1024;
/** A term found in more than this share of the articles tells them apart too little to be looked up. */
const COMMON_SHARE = 0.3;
/**
 * What an article's score is worth when the paste names products and none of them is one of the
 * vendors the article is about (a Vault or GCP 403 resembling the Okta permission article).
 */
const OTHER_PRODUCT_FACTOR = 0.5;
/** Longest passage text kept for the explanation. */
const MAX_PASSAGE_CHARS = 400;

/**
 * Lines of a stack trace, and paths, URLs and timestamps anywhere: the same in every error of a
 * runtime, so they make unrelated errors look alike. Removed before the words are taken.
 */
const STACK_FRAME = /^[ \t]*(?:at [^\n]*|File "[^\n]*", line \d+[^\n]*|\.\.\. \d+ more|Traceback \(most recent call last\):?|[\w.$]+\.(?:java|kt|scala|cs|go|py|rb|js|ts):\d+[^\n]*)$/gm;
const PATH_OR_URL = /(?:[a-z][a-z0-9+.-]*:\/\/|[~.]?\/|[a-z]:\\)[^\s'"`)\]]*|\b\d{4}-\d\d-\d\d[t ][\d:.]+z?\b/gi;

/** IPv4 addresses (with a port): their numbers would otherwise read as HTTP statuses (192, 168). */
const IP_ADDRESS = /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g;

/**
 * The words that describe the error, not the place it happened, each folded to its singular,
 * and each pair of neighbouring words (`assertion signature`): a pair tells two errors that
 * share their words apart (`permission denied` and `denied permission` do not).
 */
export function referenceDescriptiveTerms(text: string): string[] {
  const words = searchTerms(text.replace(STACK_FRAME, ' ').replace(PATH_OR_URL, ' ').replace(IP_ADDRESS, ' '))
    .filter((t) => !BOILERPLATE.has(t))
    .map(singular);
  const terms = [...words];
  for (let i = 1; i < words.length; i++) if (words[i] !== words[i - 1]) terms.push(`${words[i - 1]} ${words[i]}`);
  return terms;
}

/** `signatures` → `signature`, `scopes` → `scope`; words in -ss, -us, -is and codes stay. */
function singular(word: string): string {
  return word.length > 4 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word) && !/\d/.test(word) ? word.slice(0, -1) : word;
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

/**
 * A similarity model over what the knowledge base knows an error looks like: every rule's match
 * examples, and each article's error messages, title and cause, as passages. A paste is scored
 * against each passage by the inverse-document-frequency weight of the terms they share
 * (document = article, so an article with many examples is not favoured), discounted by how
 * much of the passage is left unshared (× √(shared / passage weight): a paste sharing three rare
 * words with a one-line message resembles it more than one sharing them with a long trace); an
 * article scores as its best passage. Built once per knowledge base, at compile time.
 */
export class ReferenceSimilarityIndex {
  readonly articles: readonly ArticleRecord[];
  readonly passages: Passage[] = [];
  readonly #weights = new Map<string, number>();
  /** Terms held by too many articles to tell them apart: not looked up. */
  readonly #common = new Set<string>();
  /** Term → indexes of the passages holding it. */
  readonly #postings = new Map<string, Int32Array>();
  /** Per article, the terms of all its passages. */
  readonly #articleTerms: Set<string>[];
  /** Per article, the vendors it is about (okta, github …); empty for an article about no one vendor. */
  readonly #vendors: Set<string>[];

  constructor(articles: readonly ArticleRecord[], rules: readonly CompiledRule[], excluded: ReadonlySet<string> = new Set()) {
    this.articles = articles.filter((a) => !excluded.has(a.id));
    const indexOf = new Map(this.articles.map((a, i) => [a.id, i]));
    const raw: { article: number; kind: PassageKind; text: string; rule?: string }[] = [];
    this.articles.forEach((article, i) => {
      raw.push({ article: i, kind: 'title', text: article.title });
      for (const message of article.error_messages ?? []) raw.push({ article: i, kind: 'error_message', text: message });
      raw.push({ article: i, kind: 'cause', text: article.cause });
    });
    for (const rule of rules) {
      const article = rule.article ? indexOf.get(rule.article.id) : undefined;
      if (article === undefined) continue;
      for (const example of rule.examples.match) raw.push({ article, kind: 'example', text: example, rule: rule.id });
      for (const example of rule.examples.no_match) raw.push({ article, kind: 'look_alike', text: example, rule: rule.id });
    }
    const termSets = raw.map((p) => new Set(referenceDescriptiveTerms(p.text)));
    const articlesHolding = new Map<string, Set<number>>();
    termSets.forEach((terms, p) => {
      // A look-alike says what the article is not: its words weigh nothing in telling articles apart.
      if (raw[p]!.kind === 'look_alike') return;
      for (const term of terms) {
        let holding = articlesHolding.get(term);
        if (!holding) articlesHolding.set(term, (holding = new Set()));
        holding.add(raw[p]!.article);
      }
    });
    const total = this.articles.length;
    // Weights relative to a term only one article holds, so that scores, and the thresholds
    // calibrated on them, mean about the same in a knowledge base of ten articles or of a thousand.
    const rarest = Math.log(1 + (total - 0.5) / 1.5);
    for (const [term, holding] of articlesHolding) {
      const idf = Math.log(1 + (total - holding.size + 0.5) / (holding.size + 0.5)) / rarest;
      this.#weights.set(term, idf * (isCode(term) ? CODE_WEIGHT : isStatus(term) ? STATUS_WEIGHT : 1));
      if (holding.size > Math.max(2, total * COMMON_SHARE)) this.#common.add(term);
    }
    const building = new Map<string, number[]>();
    raw.forEach((p, index) => {
      const terms = [...termSets[index]!].filter((term) => this.#weights.has(term));
      let weight = 0;
      for (const term of terms) {
        if (!this.#common.has(term)) weight += this.#weights.get(term)!;
        let list = building.get(term);
        if (!list) building.set(term, (list = []));
        list.push(index);
      }
      const text = p.text.length > MAX_PASSAGE_CHARS ? p.text.slice(0, MAX_PASSAGE_CHARS) + '…' : p.text;
      this.passages.push({ ...p, text, terms, weight });
    });
    for (const [term, list] of building) this.#postings.set(term, Int32Array.from(list));
    this.#articleTerms = this.articles.map(() => new Set<string>());
    for (const passage of this.passages) {
      if (passage.kind !== 'look_alike') for (const term of passage.terms) this.#articleTerms[passage.article]!.add(term);
    }
    this.#vendors = this.articles.map((a) => new Set((a.applies_to?.products ?? []).map((p) => p.toLowerCase()).filter((p) => VENDOR_PRODUCTS.has(p))));
  }

  /**
   * The index of a knowledge base: articles that some specific rule reaches (an article only a
   * generic rule reaches is the fallback's, not a resemblance's), with the examples of every rule.
   */
  static of(articles: ReadonlyMap<string, ArticleRecord>, rules: readonly CompiledRule[]): ReferenceSimilarityIndex {
    const reached = new Set<string>();
    for (const rule of rules) if (rule.article && !rule.generic) reached.add(rule.article.id);
    const excluded = new Set([...articles.keys()].filter((id) => !reached.has(id)));
    return new ReferenceSimilarityIndex([...articles.values()], rules.filter((r) => !r.generic), excluded);
  }

  /** The distinct terms of a paste that some passage holds, plus codes found by the facts (lower-cased). */
  queryTerms(text: string, codes: Iterable<string> = []): Set<string> {
    const terms = new Set<string>();
    for (const term of referenceDescriptiveTerms(text.length > MAX_SCANNED_CHARS ? text.slice(0, MAX_SCANNED_CHARS) : text)) {
      if (this.#postings.has(term)) terms.add(term);
    }
    for (const code of codes) {
      const term = referenceKeepTerm(code.toLowerCase().replace(/[^a-z0-9_]/g, ''));
      if (term && this.#postings.has(term)) terms.add(term);
    }
    return terms;
  }

  /**
   * Articles most like the paste, best first, each with its best passage; at most `limit`.
   * `products`: those the paste names, which an article about other vendors must not be taken for.
   */
  similar(text: string, codes: Iterable<string> = [], limit = 3, products: ReadonlySet<string> = new Set()): Similar[] {
    // Terms too common to tell articles apart are neither scored nor shown.
    const query = new Set([...this.queryTerms(text, codes)].filter((t) => !this.#common.has(t)));
    // The query owns its scratch (the index is shared by every paste): the weight each touched
    // passage shares with the paste, then each touched article's best passage. Maps keep the order
    // passages were first touched, so equal scores come out in the same order on every run.
    const shared = new Map<number, number>();
    for (const term of query) {
      const postings = this.#postings.get(term)!;
      const weight = this.#weights.get(term)!;
      for (let i = 0; i < postings.length; i++) {
        const p = postings[i]!;
        shared.set(p, (shared.get(p) ?? 0) + weight);
      }
    }
    const bestOfArticle = new Map<number, { score: number; passage: number }>();
    for (const [p, weight] of shared) {
      const passage = this.passages[p]!;
      const score = weight * Math.sqrt(weight / passage.weight);
      const known = bestOfArticle.get(passage.article);
      if (!known) bestOfArticle.set(passage.article, { score, passage: p });
      else if (score > known.score) {
        known.score = score;
        known.passage = p;
      }
    }
    const best: [number, { score: number; passage: number }][] = [];
    for (const [article, found] of bestOfArticle) best.push([article, { score: found.score * this.#productFit(article, products), passage: found.passage }]);
    return best
      // A paste more like one of the article's known look-alikes than like the article is not its error.
      .filter(([, { passage }]) => this.passages[passage]!.kind !== 'look_alike')
      .sort((a, b) => b[1].score - a[1].score || a[0] - b[0])
      .slice(0, limit)
      .map(([article, { score, passage }]) => {
        // Look-alikes were filtered out above.
        const p = this.passages[passage] as ResemblingPassage;
        const held = this.#articleTerms[article]!;
        return {
          article: this.articles[article]!,
          score: Math.round(score * 1000) / 1000,
          passage: p,
          shared: this.#heaviestFirst(p.terms.filter((t) => query.has(t))),
          sharedWithArticle: this.#heaviestFirst([...query].filter((t) => held.has(t))),
        };
      });
  }

  #productFit(article: number, products: ReadonlySet<string>): number {
    const vendors = this.#vendors[article]!;
    if (vendors.size === 0 || products.size === 0) return 1;
    for (const p of products) if (vendors.has(p)) return 1;
    return OTHER_PRODUCT_FACTOR;
  }

  #heaviestFirst(terms: string[]): string[] {
    // Plain code-unit order between equal weights: terms are lower-case ASCII words, and localeCompare costs more than the scoring.
    return terms.sort((a, b) => this.#weights.get(b)! - this.#weights.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
  }
}

// src/suggest/search-terms.ts as it was, for the same reason.

/**
 * Words worth searching for: lower-cased, split on anything but letters and digits. Volatile
 * tokens (ids, hashes, counters) and filler words carry no topic, so they are dropped; 3-digit
 * HTTP statuses and error codes (E0000011, AADSTS50011) are kept because they name the error.
 */
function searchTerms(text: string): string[] {
  const terms: string[] = [];
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    const term = referenceKeepTerm(raw);
    if (term) terms.push(term);
  }
  return terms;
}

/** The term as indexed, or undefined when it says nothing about the topic. */
export function referenceKeepTerm(raw: string): string | undefined {
  if (raw.length < 2 || raw.length > 24 || STOP_WORDS.has(raw)) return undefined;
  if (/^\d+$/.test(raw)) return /^[1-5]\d\d$/.test(raw) ? raw : undefined;
  // Error codes: letters then digits (E0000011, AADSTS50011, ORA-00942 splits into ora and 00942).
  if (/^[a-z]{1,12}\d{2,12}$/.test(raw)) return raw;
  const digits = raw.replace(/\D/g, '').length;
  // A token that is mostly digits, or long and mixed (a hash or request id), is a value, not a word.
  if (digits && (digits * 2 > raw.length || (raw.length >= 12 && !/^[a-z]+\d+$/.test(raw)))) return undefined;
  return raw;
}

const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it its ' +
    'me my no not of on or our she so than that the their them then there these they this those to too us was we were ' +
    'what when where which while who why will with would you your yours also any all each more most other some such only ' +
    'own same just very via per etc ie eg ' +
    // Boilerplate of logs and stack traces: present in any error, so it says nothing about which one.
    'error errors err exception exceptions failed fail fails failure cannot unable must please get set new create ' +
    'value values null undefined true false line file com org net www http https example string object class ' +
    'java lang at main run info warn warning debug trace fatal because using yes'
  ).split(' '),
);
