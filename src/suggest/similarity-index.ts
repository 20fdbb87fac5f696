import type { ArticleRecord, CompiledRule } from '../compile/types.js';
import { VENDOR_PRODUCTS } from '../facts/products.js';
import { descriptiveTerms, withoutScaffolding } from './descriptive-terms.js';
import { heldWeight, MASK_RANKS, passageSums } from './passage-sums.js';
import { NOT_A_TERM, PairNumbers, WordNumbers } from './word-numbers.js';
import { keepTerm } from './search-terms.js';
import { includesSorted } from '../util/sorted-search.js';

/**
 * What a passage is: a rule's match example, one of an article's error messages, its title or its
 * cause; or a rule's no_match example, a known look-alike that is not the article's error.
 */
type PassageKind = 'example' | 'error_message' | 'title' | 'cause' | 'look_alike';

/** A passage a paste can be said to resemble: any but a look-alike. */
type ResemblingPassage = Passage & { kind: Exclude<PassageKind, 'look_alike'> };

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
  passage: ResemblingPassage;
  /** Terms of the passage found in the paste, heaviest first. */
  shared: string[];
  /** Terms of any of the article's passages found in the paste, heaviest first. */
  readonly sharedWithArticle: string[];
}

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

const isCode = (term: string) => /^[a-z]{1,12}\d{2,12}$/.test(term) || term.includes('_');
const isStatus = (term: string) => /^[1-5]\d\d$/.test(term);

/** A paste as the similarity model reads it. */
interface SimilarQuery {
  text: string;
  /** Codes the facts found (any case). */
  codes?: Iterable<string>;
  /** The products the paste names; asked only when an article about a vendor is scored. */
  products?: () => ReadonlySet<string>;
}

/**
 * A score is shown and compared with the thresholds rounded to three decimals: a passage is let
 * go only when it stays this far below the least score asked for, so rounding never decides.
 */
const SCORE_MARGIN = 0.001;

/** An article's best passage so far: its score, and the query term that first reached it (ties go to the first reached). */
interface BestPassage {
  article: number;
  score: number;
  passage: number;
  rank: number;
}

/**
 * A similarity model over what the knowledge base knows an error looks like: every rule's match
 * examples, and each article's error messages, title and cause, as passages. A paste is scored
 * against each passage by the inverse-document-frequency weight of the terms they share
 * (document = article, so an article with many examples is not favoured), discounted by how
 * much of the passage is left unshared (× √(shared / passage weight): a paste sharing three rare
 * words with a one-line message resembles it more than one sharing them with a long trace); an
 * article scores as its best passage. Built once per knowledge base, at compile time.
 *
 * Terms are numbered at load, with their weights, postings and each passage's terms in typed
 * arrays, so a lookup hashes the paste's words once and then works on numbers. Its answers are
 * those of the plain model (test/suggest/reference/reference-similarity-index.ts, every passage
 * sharing a term scored) above the least score asked for, with the same sums taken in the same
 * order; test/suggest/similarity-agree.test.ts holds the two together.
 */
export class SimilarityIndex {
  readonly articles: readonly ArticleRecord[];
  readonly passages: Passage[] = [];
  /** Term → its number, which indexes the arrays below; only terms of passages that are not look-alikes. */
  readonly #termIds = new Map<string, number>();
  readonly #terms: string[] = [];
  /** Pair terms (`assertion signature`) by their words' numbers. */
  readonly #pairs: PairNumbers;
  readonly #weights: Float64Array;
  /** 1 for a term held by too many articles to tell them apart: not looked up. */
  readonly #common: Uint8Array;
  /**
   * Term t's passages (every passage holding it, look-alikes too), ascending:
   * #postings[#postingStart[t] … #postingStart[t + 1]). One flat array, as a typed array per term
   * cost ~150 bytes a term (thousands of them) and an array per term while building it.
   */
  readonly #postings: Int32Array;
  readonly #postingStart: Int32Array;
  /** Passage p's terms that are looked up (not common): #passageTerms[#passageStart[p] … #passageStart[p + 1]). */
  readonly #passageTerms: Int32Array;
  readonly #passageStart: Int32Array;
  readonly #passageWeight: Float64Array;
  /** Passage p's article, and 1 when it is a look-alike: read for every passage scored, without reaching into its object. */
  readonly #passageArticle: Int32Array;
  readonly #lookAlike: Uint8Array;
  /**
   * Article a's terms (of all its passages but look-alikes), ascending:
   * #articleTermIds[#articleTermStart[a] … #articleTermStart[a + 1]). Flat, as a set of terms per
   * article held ~0.25 MiB of the bundled knowledge base's index, and reading the terms' postings
   * instead (some hold a hundred passages) cost suggestions several µs a paste.
   */
  readonly #articleTermStart: Int32Array;
  readonly #articleTermIds: Int32Array;
  /** Per article, the vendors it is about (okta, github …); empty for an article about no one vendor. */
  readonly #vendors: Set<string>[];
  /** A paste's words as term numbers. */
  readonly #words: WordNumbers;
  /** Each term's place when all are put heaviest first, then in code-unit order: shared words are shown so. */
  readonly #shownOrder: Int32Array;
  /** Article id → the first specific rule reaching it, in the rules' order. */
  readonly #firstRules = new Map<string, string>();

  constructor(articles: readonly ArticleRecord[], rules: readonly CompiledRule[], excluded: ReadonlySet<string> = new Set()) {
    this.articles = articles.filter((a) => !excluded.has(a.id));
    const raw = rawPassages(this.articles, rules);
    const held = this.#numberTerms(raw);
    const { weights, common } = this.#termWeights(raw, held);
    this.#weights = weights;
    this.#common = common;
    this.#words = new WordNumbers(this.#terms.filter((term) => !term.includes(' ')), this.#termIds);
    this.#pairs = new PairNumbers(this.#terms, this.#termIds);
    ({ postings: this.#postings, starts: this.#postingStart } = flatPostings(held, this.#terms.length));
    ({ terms: this.#passageTerms, starts: this.#passageStart, weights: this.#passageWeight } = lookedUpTerms(held, weights, common));
    this.#passageArticle = Int32Array.from(raw, (p) => p.article);
    this.#lookAlike = Uint8Array.from(raw, (p) => (p.kind === 'look_alike' ? 1 : 0));
    raw.forEach((p, index) => {
      const text = p.text.length > MAX_PASSAGE_CHARS ? p.text.slice(0, MAX_PASSAGE_CHARS) + '…' : p.text;
      // The numbered term's own string: the passage's copy of a word or pair (most are held by other passages too) is let go.
      this.passages.push({ ...p, text, terms: held[index]!.map((id) => this.#terms[id]!), weight: this.#passageWeight[index]! });
    });
    ({ starts: this.#articleTermStart, ids: this.#articleTermIds } = articleTerms(this.articles.length, raw, held));
    this.#vendors = this.articles.map((a) => new Set((a.applies_to?.products ?? []).map((p) => p.toLowerCase()).filter((p) => VENDOR_PRODUCTS.has(p))));
    this.#shownOrder = shownOrder(this.#terms, weights);
    for (const rule of rules) if (rule.article && !rule.generic && !this.#firstRules.has(rule.article.id)) this.#firstRules.set(rule.article.id, rule.id);
  }

  /**
   * The first specific rule, in the rules' order, that reaches the article: a similar answer that
   * resembles the article's own title, message or cause is rendered through it. Found at load, as
   * looking along the rules for it costs a scan of every rule (10,000 in a large knowledge base).
   */
  firstRuleOf(articleId: string): string | undefined {
    return this.#firstRules.get(articleId);
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

  /**
   * Articles most like the paste, best first, each with its best passage; at most `limit`, and
   * only those whose (rounded) score reaches `minScore`: a passage that cannot reach it is not
   * scored, so a caller that shows only scores above a threshold should pass it.
   */
  similar(paste: SimilarQuery, limit = 3, minScore = 0): Similar[] {
    // Terms too common to tell articles apart are neither scored nor shown.
    const query = this.#queryTerms(paste.text, paste.codes ?? []);
    if (!query.length) return [];
    let products: ReadonlySet<string> | undefined;
    const productsOf = () => (products ??= paste.products?.() ?? new Set());
    const found: { article: number; score: number; passage: number }[] = [];
    for (const best of this.#bestPassages(query, minScore - SCORE_MARGIN).values()) {
      // A paste more like one of the article's known look-alikes than like the article is not its error.
      if (this.#lookAlike[best.passage]) continue;
      const score = best.score * this.#productFit(best.article, productsOf);
      if (round(score) >= minScore) found.push({ article: best.article, score, passage: best.passage });
    }
    if (!found.length) return [];
    const inQuery = membership(query);
    return found
      .sort((a, b) => b.score - a.score || a.article - b.article)
      .slice(0, limit)
      .map(({ article, score, passage }) => {
        const index = this;
        let sharedWithArticle: string[] | undefined;
        return {
          article: this.articles[article]!,
          score: round(score),
          // Look-alikes were left out above.
          passage: this.passages[passage] as ResemblingPassage,
          shared: this.#heaviestFirst(this.#heldOf(passage, inQuery)),
          // Only suggestions show it, and most lookups ask for none: worked out when first read (an
          // own, enumerable property, so comparing and serialising read it as any other).
          get sharedWithArticle() {
            return (sharedWithArticle ??= index.#heaviestFirst(query.filter((t) => index.#articleHolds(article, t))));
          },
        };
      });
  }

  /**
   * Each article's best passage among those that can score `floor` or more. Passages are scored on
   * the weight they share with the query (summed in query order, as the plain model does), found
   * from the postings of all but the lightest terms (MaxScore): the lightest, together lighter than
   * the floor, cannot lift a passage holding none of the others to it; a passage they may help
   * has their share added when the bound says it could reach the floor.
   */
  #bestPassages(query: readonly number[], floor: number): Map<number, BestPassage> {
    const best = new Map<number, BestPassage>();
    const weights: number[] = [];
    let total = 0;
    for (const t of query) {
      weights.push(this.#weights[t]!);
      total += this.#weights[t]!;
    }
    if (total < floor) return best;
    const light = lightTerms(weights, floor);
    const { count, touched, sums, first, held } = passageSums({ postings: this.#postings, starts: this.#postingStart }, query, weights, light.skipped);
    const lightIds: number[] = [];
    const lightRanks: number[] = [];
    for (let r = 0; r < query.length; r++) {
      if (light.skipped[r]) {
        lightIds.push(query[r]!);
        lightRanks.push(r);
      }
    }
    let ranks: Map<number, number> | undefined;
    for (let s = 0; s < count; s++) {
      const p = touched[s]!;
      const passageWeight = this.#passageWeight[p]!;
      let shared = sums[s]!;
      let rank = first[s]!;
      if (light.count > 0) {
        const most = Math.min(shared + light.weight, passageWeight);
        if (most * Math.sqrt(most / passageWeight) < floor) continue;
        // The share of the light terms: by the bits of the terms held (short queries), else by the passage's terms.
        if (query.length <= MASK_RANKS) ({ shared, rank } = heldWeight(held[s]! | this.#lightBits(p, lightIds, lightRanks), weights));
        else ({ shared, rank } = this.#sharedWeight(p, (ranks ??= new Map(query.map((t, r) => [t, r]))), weights));
      }
      const score = shared * Math.sqrt(shared / passageWeight);
      if (score < floor) continue;
      const article = this.#passageArticle[p]!;
      const known = best.get(article);
      // The plain model keeps the first passage reached among equals: by query term, then passage order.
      if (!known) best.set(article, { article, score, passage: p, rank });
      else if (score > known.score || (score === known.score && (rank < known.rank || (rank === known.rank && p < known.passage)))) Object.assign(known, { score, passage: p, rank });
    }
    return best;
  }

  /**
   * The bits (by query rank) of the light terms that passage `p` holds, found among its own terms:
   * a few dozen numbers side by side. Searching each light term's postings instead (the longest of
   * the query's, as the lightest terms are the most widely held) was a quarter of a lookup.
   */
  #lightBits(p: number, lightIds: readonly number[], lightRanks: readonly number[]): number {
    let bits = 0;
    for (let i = this.#passageStart[p]!; i < this.#passageStart[p + 1]!; i++) {
      const t = this.#passageTerms[i]!;
      for (let j = 0; j < lightIds.length; j++) if (lightIds[j] === t) bits |= 1 << lightRanks[j]!;
    }
    return bits;
  }

  /** The weight passage `p` shares with the query, summed in query order, and its first shared term. */
  #sharedWeight(p: number, ranks: ReadonlyMap<number, number>, weights: readonly number[]): { shared: number; rank: number } {
    const held: number[] = [];
    for (const t of this.#termsOf(p)) {
      const rank = ranks.get(t);
      if (rank !== undefined) held.push(rank);
    }
    held.sort((a, b) => a - b);
    let shared = 0;
    for (const rank of held) shared += weights[rank]!;
    return { shared, rank: held[0] ?? Infinity };
  }

  /** Whether one of the article's passages but look-alikes holds term t: a binary search of the article's terms. */
  #articleHolds(article: number, t: number): boolean {
    return includesSorted(this.#articleTermIds, t, this.#articleTermStart[article]!, this.#articleTermStart[article + 1]!);
  }

  /** Passage p's terms that `inQuery`. */
  #heldOf(p: number, inQuery: (term: number) => boolean): number[] {
    const held: number[] = [];
    for (let i = this.#passageStart[p]!; i < this.#passageStart[p + 1]!; i++) if (inQuery(this.#passageTerms[i]!)) held.push(this.#passageTerms[i]!);
    return held;
  }

  #termsOf(p: number): Int32Array {
    return this.#passageTerms.subarray(this.#passageStart[p]!, this.#passageStart[p + 1]!);
  }

  /**
   * The distinct terms of a paste that some passage holds and that are not common, in the order
   * they come (words, then pairs of words, then the codes the facts found), as numbers.
   */
  #queryTerms(text: string, codes: Iterable<string>): number[] {
    const terms: number[] = [];
    const seen = new Set<number>();
    const add = (id: number | undefined) => {
      if (id === undefined || seen.has(id)) return;
      seen.add(id);
      if (!this.#common[id]) terms.push(id);
    };
    const ids = this.#words.of(withoutScaffolding(text.length > MAX_SCANNED_CHARS ? text.slice(0, MAX_SCANNED_CHARS) : text));
    for (const id of ids) if (id !== NOT_A_TERM) add(id);
    // Pairs of neighbouring words, found by their words' numbers (not spelled out and hashed): a
    // pair is a term only when both its words are (PairNumbers), and the same word twice is no pair.
    for (let i = 1; i < ids.length; i++) {
      const before = ids[i - 1]!;
      const id = ids[i]!;
      if (before !== NOT_A_TERM && id !== NOT_A_TERM && before !== id) add(this.#pairs.of(before, id));
    }
    for (const code of codes) {
      // Looked up first: most codes are no term, and keepTerm's tests of digits cost more than the lookup.
      const term = codeTerm(code);
      const id = this.#termIds.get(term);
      if (id !== undefined && keepTerm(term)) add(id);
    }
    return terms;
  }

  /**
   * Numbers the terms of every passage but look-alikes, in the order first met (a look-alike says
   * what the article is not: its words weigh nothing in telling articles apart), and gives each
   * passage's numbered terms in the order it holds them; a look-alike's words no other passage
   * holds have no number. Each passage's words are numbered as soon as they are taken, so its
   * strings (a pair is spelled out for each passage holding it) die young instead of living
   * through the whole build.
   */
  #numberTerms(raw: readonly RawPassage[]): number[][] {
    const held: number[][] = [];
    raw.forEach((p, index) => {
      if (p.kind === 'look_alike') return;
      const ids: number[] = (held[index] = []);
      for (const term of new Set(descriptiveTerms(p.text))) {
        let id = this.#termIds.get(term);
        if (id === undefined) {
          this.#termIds.set(term, (id = this.#terms.length));
          this.#terms.push(term);
        }
        ids.push(id);
      }
    });
    raw.forEach((p, index) => {
      if (p.kind !== 'look_alike') return;
      const ids: number[] = (held[index] = []);
      for (const term of new Set(descriptiveTerms(p.text))) {
        const id = this.#termIds.get(term);
        if (id !== undefined) ids.push(id);
      }
    });
    return held;
  }

  /** Each term's weight, and whether it is too common to look up, from the number of articles holding it. */
  #termWeights(raw: readonly RawPassage[], held: readonly number[][]): { weights: Float64Array; common: Uint8Array } {
    // The articles holding each term, counted with the passages taken article by article: a number
    // and a mark per term, where a set of articles per term made thousands of short-lived sets.
    const holders = new Int32Array(this.#terms.length);
    const lastArticle = new Int32Array(this.#terms.length).fill(-1);
    for (const p of raw.map((_, i) => i).sort((a, b) => raw[a]!.article - raw[b]!.article || a - b)) {
      const article = raw[p]!.article;
      if (raw[p]!.kind === 'look_alike') continue;
      for (const id of held[p]!) {
        if (lastArticle[id] !== article) {
          lastArticle[id] = article;
          holders[id]!++;
        }
      }
    }
    const total = this.articles.length;
    const weights = new Float64Array(this.#terms.length);
    const common = new Uint8Array(this.#terms.length);
    // Weights relative to a term only one article holds, so that scores, and the thresholds
    // calibrated on them, mean about the same in a knowledge base of ten articles or of a thousand.
    const rarest = Math.log(1 + (total - 0.5) / 1.5);
    this.#terms.forEach((term, id) => {
      const holding = holders[id]!;
      const idf = Math.log(1 + (total - holding + 0.5) / (holding + 0.5)) / rarest;
      weights[id] = idf * (isCode(term) ? CODE_WEIGHT : isStatus(term) ? STATUS_WEIGHT : 1);
      if (holding > Math.max(2, total * COMMON_SHARE)) common[id] = 1;
    });
    return { weights, common };
  }

  #productFit(article: number, products: () => ReadonlySet<string>): number {
    const vendors = this.#vendors[article]!;
    if (vendors.size === 0) return 1;
    const named = products();
    if (named.size === 0) return 1;
    for (const p of named) if (vendors.has(p)) return 1;
    return OTHER_PRODUCT_FACTOR;
  }

  #heaviestFirst(terms: number[]): string[] {
    const order = this.#shownOrder;
    return terms.sort((a, b) => order[a]! - order[b]!).map((t) => this.#terms[t]!);
  }
}

/** Each term's place when all are put heaviest first, then in plain code-unit order (terms are lower-case ASCII words, and localeCompare costs more than the scoring). */
function shownOrder(terms: readonly string[], weights: Float64Array): Int32Array {
  const byPlace = terms.map((_, t) => t).sort((a, b) => weights[b]! - weights[a]! || (terms[a]! < terms[b]! ? -1 : terms[a]! > terms[b]! ? 1 : 0));
  const order = new Int32Array(terms.length);
  byPlace.forEach((t, place) => (order[t] = place));
  return order;
}

/** Each article's terms (of its passages but look-alikes), ascending, in one array. */
function articleTerms(articleCount: number, raw: readonly RawPassage[], held: readonly number[][]): { starts: Int32Array; ids: Int32Array } {
  const sets = Array.from({ length: articleCount }, () => new Set<number>());
  raw.forEach((p, index) => {
    if (p.kind !== 'look_alike') for (const id of held[index]!) sets[p.article]!.add(id);
  });
  const starts = new Int32Array(articleCount + 1);
  const ids: number[] = [];
  sets.forEach((set, a) => {
    for (const id of [...set].sort((x, y) => x - y)) ids.push(id);
    starts[a + 1] = ids.length;
  });
  return { starts, ids: Int32Array.from(ids) };
}

/** Whether a term is one of the query's: a look along a short query (most), a set for a long one. */
function membership(query: readonly number[]): (term: number) => boolean {
  if (query.length <= 64) return (term) => query.includes(term);
  const terms = new Set(query);
  return (term) => terms.has(term);
}

/** Each term's passages, ascending, in one array: passage p is among term t's when `held[p]` holds t. */
function flatPostings(held: readonly number[][], termCount: number): { postings: Int32Array; starts: Int32Array } {
  const starts = new Int32Array(termCount + 1);
  for (const ids of held) for (const id of ids) starts[id + 1]!++;
  for (let t = 0; t < termCount; t++) starts[t + 1]! += starts[t]!;
  const postings = new Int32Array(starts[termCount]!);
  const next = starts.slice(0, termCount);
  held.forEach((ids, p) => {
    for (const id of ids) postings[next[id]!++] = p;
  });
  return { postings, starts };
}

/** Each passage's terms that are looked up (not common), in one array, and the sum of their weights. */
function lookedUpTerms(held: readonly number[][], weights: Float64Array, common: Uint8Array): { terms: Int32Array; starts: Int32Array; weights: Float64Array } {
  const terms: number[] = [];
  const starts = new Int32Array(held.length + 1);
  const passageWeights = new Float64Array(held.length);
  held.forEach((ids, p) => {
    let weight = 0;
    for (const id of ids) {
      if (common[id]) continue;
      weight += weights[id]!;
      terms.push(id);
    }
    starts[p + 1] = terms.length;
    passageWeights[p] = weight;
  });
  return { terms: Int32Array.from(terms), starts, weights: passageWeights };
}

type RawPassage = Omit<Passage, 'terms' | 'weight'>;

/** Every passage of the articles (title, error messages, cause) and of the rules reaching them (examples, look-alikes). */
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
    for (const example of rule.examples.no_match) raw.push({ article, kind: 'look_alike', text: example, rule: rule.id });
  }
  return raw;
}

/**
 * The lightest of the query's terms that together weigh less than `floor`: a passage holding only
 * those cannot score `floor` (a score is at most the weight shared), so their postings are not read.
 */
function lightTerms(weights: readonly number[], floor: number): { skipped: Uint8Array; weight: number; count: number } {
  const skipped = new Uint8Array(weights.length);
  let weight = 0;
  let count = 0;
  // Lightest first, the first of equals first: picked one at a time, not by sorting all the terms,
  // as they are few (no term looked up is common, so each weighs a good part of the floor).
  for (;;) {
    let lightest = -1;
    for (let i = 0; i < weights.length; i++) if (!skipped[i] && (lightest < 0 || weights[i]! < weights[lightest]!)) lightest = i;
    if (lightest < 0 || weight + weights[lightest]! >= floor) break;
    weight += weights[lightest]!;
    skipped[lightest] = 1;
    count++;
  }
  return { skipped, weight, count };
}

/** A code the facts found (any case) as a search term would spell it: lower-cased, with only its letters, digits and `_`; most are so already, and keep their string. */
function codeTerm(code: string): string {
  const lower = code.toLowerCase();
  return PLAIN_CODE.test(lower) ? lower : lower.replace(/[^a-z0-9_]/g, '');
}

const PLAIN_CODE = /^[a-z0-9_]*$/;

const round = (n: number) => Math.round(n * 1000) / 1000;
