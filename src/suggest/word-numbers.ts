import { BOILERPLATE, descriptiveWord, descriptiveWords, singular } from './descriptive-terms.js';
import { keepTerm, STOP_WORDS } from './search-terms.js';

/** A word of the paste that has no term number: one it drops (stop word, boilerplate, a value), or one no passage holds. */
const DROPPED = -2;
export const NOT_A_TERM = -1;

/** FNV-1a over a word's character codes, computed as the paste is scanned. */
const HASH_SEED = 0x811c9dc5 | 0;
const hashStep = (hash: number, code: number) => Math.imul(hash ^ code, 0x01000193);
/** Numbers a slot of WordNumbers' table. */
const SLOT = 4;

/**
 * The words of a paste as term numbers (descriptiveWords, each looked up), read in one pass.
 * What the words that matter come to (stop words, boilerplate, the index's words and their
 * plurals) is worked out at load by descriptiveWord itself and kept in an open-addressing table
 * keyed by a hash taken during the scan: most words of a pure-ASCII paste (almost every paste) are
 * then settled without a string being cut out or hashed again, and the rest are words kept (with
 * no term number) unless keepTerm drops them for their digits. Lower-casing, splitting on a
 * Unicode class and three set lookups for every word cost more than the scoring;
 * test/suggest/descriptive-terms.test.ts holds this to the plain lookups.
 *
 * A slot holds all a lookup reads (hash, number, and where the word's characters are in one flat
 * array), so a word costs one or two places in memory rather than five (slot, hash, word, its
 * characters, number): the tables of a large knowledge base are not in the cache when a paste
 * comes, and those reads were most of a lookup.
 */
export class WordNumbers {
  readonly #termIds: ReadonlyMap<string, number>;
  /** SLOT numbers a slot: the word's hash, its number, where its characters start in #chars, its length (0: an empty slot). */
  readonly #table: Int32Array;
  readonly #chars: Uint16Array;

  /** `words`: the index's single-word terms; `termIds`: every term's number. */
  constructor(words: Iterable<string>, termIds: ReadonlyMap<string, number>) {
    this.#termIds = termIds;
    const known = new Map<string, number>();
    const learn = (word: string) => known.set(word, this.#numberOf(word));
    for (const word of STOP_WORDS) learn(word);
    for (const word of BOILERPLATE) learn(word);
    for (const word of words) {
      learn(word);
      if (singular(`${word}s`) === word) learn(`${word}s`);
    }
    let size = 16;
    while (size < known.size * 2) size *= 2;
    this.#table = new Int32Array(size * SLOT);
    let length = 0;
    for (const word of known.keys()) length += word.length;
    this.#chars = new Uint16Array(length);
    let at = 0;
    for (const [word, number] of known) {
      let hash = HASH_SEED;
      for (let i = 0; i < word.length; i++) {
        hash = hashStep(hash, word.charCodeAt(i));
        this.#chars[at + i] = word.charCodeAt(i);
      }
      let slot = hash & (size - 1);
      while (this.#table[slot * SLOT + 3]) slot = (slot + 1) & (size - 1);
      this.#table[slot * SLOT] = hash;
      this.#table[slot * SLOT + 1] = number;
      this.#table[slot * SLOT + 2] = at;
      this.#table[slot * SLOT + 3] = word.length;
      at += word.length;
    }
  }

  /** The numbers of descriptiveWords(text) (NOT_A_TERM for a word no passage holds), of a text withoutScaffolding. */
  of(text: string): number[] {
    return this.#ofAscii(text) ?? descriptiveWords(text).map((word) => this.#termIds.get(word) ?? NOT_A_TERM);
  }

  /** Undefined when the text is not all ASCII: then the letters and digits of other scripts, and their lower case, are searchTerms'. */
  #ofAscii(pasted: string): number[] | undefined {
    // Read from a flat copy, the same kind of string whatever the paste's text was made of (a
    // slice of a file, a rope of pieces a replace left): a scan fed strings of several kinds ran
    // three times slower in some runs (as V8 compiled it); the copy costs ~0.1 µs.
    const text = [pasted, ' '].join('');
    const numbers: number[] = [];
    let start = -1;
    let hash = HASH_SEED;
    let digits = false;
    // Upper-case ASCII letters are folded here, not by lower-casing the whole text first: one string fewer.
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) c += 32;
      const letter = c >= 97 && c <= 122;
      if (letter || (c >= 48 && c <= 57)) {
        if (start < 0) {
          start = i;
          hash = HASH_SEED;
          digits = false;
        }
        hash = hashStep(hash, c);
        digits ||= !letter;
        continue;
      }
      if (c > 127) return undefined;
      if (start < 0) continue;
      // keepTerm drops words shorter than 2 or longer than 24 characters: not even looked up.
      if (i - start >= 2 && i - start <= 24) {
        // A word not in the table is no stop word, no boilerplate, and no term nor a term's plural: kept, with no number, unless its digits make it a value.
        const number = this.#find(text, start, i, hash) ?? (digits && keepTerm(text.slice(start, i).toLowerCase()) === undefined ? DROPPED : NOT_A_TERM);
        if (number !== DROPPED) numbers.push(number);
      }
      start = -1;
    }
    return numbers;
  }

  /** What the table holds for text[start, end) lower-cased, whose hash is `hash`. */
  #find(text: string, start: number, end: number, hash: number): number | undefined {
    const table = this.#table;
    const mask = table.length / SLOT - 1;
    for (let slot = hash & mask; table[slot * SLOT + 3]; slot = (slot + 1) & mask) {
      const at = slot * SLOT;
      if (table[at] === hash && table[at + 3] === end - start && sameWord(this.#chars, table[at + 2]!, text, start, end)) return table[at + 1];
    }
    return undefined;
  }

  #numberOf(word: string): number {
    const term = descriptiveWord(word);
    return term === undefined ? DROPPED : (this.#termIds.get(term) ?? NOT_A_TERM);
  }
}

/** Whether the word at chars[at …] is text[start, end) with its ASCII letters lower-cased (the lengths are equal). */
function sameWord(chars: Uint16Array, at: number, text: string, start: number, end: number): boolean {
  for (let i = 0; i < end - start; i++) {
    const c = text.charCodeAt(start + i);
    if (chars[at + i] !== (c >= 65 && c <= 90 ? c + 32 : c)) return false;
  }
  return true;
}

/**
 * Pair terms (`assertion signature`) by their words' numbers, in an open-addressing table of three
 * numbers a slot (first word + 1, or 0 for none; second word; the pair): a paste's neighbouring
 * words are looked up without spelling the pair out, and without a Map lookup for each word.
 */
export class PairNumbers {
  readonly #table: Int32Array;
  readonly #bits: number;

  /** The pairs among `terms` (each term's number is its place), whose words are terms too. */
  constructor(terms: readonly string[], termIds: ReadonlyMap<string, number>) {
    const pairs: [number, number, number][] = [];
    terms.forEach((term, id) => {
      const space = term.indexOf(' ');
      // A pair's words come from the passage the pair does, and a passage that is not a look-alike numbers all its terms.
      if (space >= 0) pairs.push([termIds.get(term.slice(0, space))!, termIds.get(term.slice(space + 1))!, id]);
    });
    this.#bits = 4;
    while (1 << this.#bits < pairs.length * 2) this.#bits++;
    this.#table = new Int32Array(3 << this.#bits);
    for (const [first, second, pair] of pairs) {
      let slot = this.#slotOf(first, second);
      while (this.#table[slot * 3]) slot = (slot + 1) & ((1 << this.#bits) - 1);
      this.#table[slot * 3] = first + 1;
      this.#table[slot * 3 + 1] = second;
      this.#table[slot * 3 + 2] = pair;
    }
  }

  /** The pair term of words `first` then `second`, if a passage holds it. */
  of(first: number, second: number): number | undefined {
    const mask = (1 << this.#bits) - 1;
    for (let slot = this.#slotOf(first, second); this.#table[slot * 3]; slot = (slot + 1) & mask) {
      if (this.#table[slot * 3] === first + 1 && this.#table[slot * 3 + 1] === second) return this.#table[slot * 3 + 2];
    }
    return undefined;
  }

  #slotOf(first: number, second: number): number {
    return Math.imul(Math.imul(first, 0x9e3779b1) ^ second, 0x85ebca6b) >>> (32 - this.#bits);
  }
}
