import { keepTerm, searchTerms, STOP_WORDS } from './search-terms.js';

/**
 * Lines of a stack trace, and paths, URLs and timestamps anywhere: the same in every error of a
 * runtime, so they make unrelated errors look alike. Removed before the words are taken.
 */
const STACK_FRAME = /^[ \t]*(?:at [^\n]*|File "[^\n]*", line \d+[^\n]*|\.\.\. \d+ more|Traceback \(most recent call last\):?|[\w.$]+\.(?:java|kt|scala|cs|go|py|rb|js|ts):\d+[^\n]*)$/gm;
// The scheme starts where no letter precedes it: the same matches (a scheme preceded by a letter
// is part of a longer one, found from that letter), without rescanning every word for `://`
// from each of its letters. Sticky: it is tried only where a match can start (withoutPathsOrUrls).
const PATH_OR_URL = /(?:(?<![a-z])[a-z][a-z0-9+.-]*:\/\/|[~.]?\/|[a-z]:\\)[^\s'"`)\]]*|\b\d{4}-\d\d-\d\d[t ][\d:.]+z?\b/iy;

/** IPv4 addresses (with a port): their numbers would otherwise read as HTTP statuses (192, 168). */
const IP_ADDRESS = /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g;

/** Words of log and trace scaffolding that are not stop words of search in general. */
const BOILERPLATE = new Set(
  ('traceback recent last call module self raise lib opt usr var home src dist internal modules node js py ' +
    'async await process task queues log logs install found complete code dev site packages python python3 ' +
    'conn thread caused by see above below stack frame function method return returned line col ' +
    // Dates, header names and error-object fields that any log or response carries.
    'mon tue wed thu fri sat sun jan feb mar apr may jun jul aug sep oct nov dec gmt utc date time level msg ' +
    'content type application json length server syscall errno').split(' '),
);

/**
 * The words that describe the error, not the place it happened, each folded to its singular,
 * and each pair of neighbouring words (`assertion signature`): a pair tells two errors that
 * share their words apart (`permission denied` and `denied permission` do not).
 */
export function descriptiveTerms(text: string): string[] {
  const words = descriptiveWords(withoutScaffolding(text));
  const terms = [...words];
  for (let i = 1; i < words.length; i++) if (words[i] !== words[i - 1]) terms.push(`${words[i - 1]} ${words[i]}`);
  return terms;
}

/** The text with its stack frames, paths, URLs, timestamps and IP addresses each replaced by a space. */
export function withoutScaffolding(text: string): string {
  return withoutPathsOrUrls(text.replace(STACK_FRAME, ' ')).replace(IP_ADDRESS, ' ');
}

/** The single words of descriptiveTerms, in text order, of a text withoutScaffolding. */
export function descriptiveWords(text: string): string[] {
  const words: string[] = [];
  for (const term of searchTerms(text)) {
    if (!BOILERPLATE.has(term)) words.push(singular(term));
  }
  return words;
}

/** `signatures` → `signature`, `scopes` → `scope`; words in -ss, -us, -is and codes stay. */
function singular(word: string): string {
  return word.length > 4 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word) && !/\d/.test(word) ? word.slice(0, -1) : word;
}

/**
 * `text.replace(PATH_OR_URL, ' ')` as a global regex would do it, with the regex tried only where
 * a match can start. Every match holds a `/` (a scheme's `://`, a path), a `\` (`c:\`) or a `-` (a
 * date), and starts at most a run of [A-Za-z0-9+.:~-] before it: so positions from the start of
 * that run to the `/`, `\` or `-` are tried, leftmost first, and the rest of the paste (most of
 * it) is not. A global regex scan costs about 10 ns per character, more than the whole paste's
 * tokenising. test/suggest/descriptive-terms.test.ts holds the two to the same results.
 */
function withoutPathsOrUrls(text: string): string {
  let kept = '';
  let copied = 0;
  let from = 0;
  for (let trigger = nextTrigger(text, 0); trigger >= 0; trigger = nextTrigger(text, from)) {
    let start = trigger;
    while (start > from && inPrefix(text.charCodeAt(start - 1))) start--;
    const match = firstMatch(text, start, trigger);
    if (!match) {
      from = trigger + 1;
      continue;
    }
    kept += text.slice(copied, match.start) + ' ';
    copied = from = match.end;
  }
  return copied === 0 ? text : kept + text.slice(copied);
}

/** The match of PATH_OR_URL starting first at a position from `start` to `last`. */
function firstMatch(text: string, start: number, last: number): { start: number; end: number } | undefined {
  for (let at = start; at <= last; at++) {
    PATH_OR_URL.lastIndex = at;
    if (PATH_OR_URL.test(text)) return { start: at, end: PATH_OR_URL.lastIndex };
  }
  return undefined;
}

/** The first `/`, `\` or `-` at or after `from`, or -1. */
function nextTrigger(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 47 || c === 92 || c === 45) return i;
  }
  return -1;
}

/** Whether a character can come in a match before its `/`, `\` or `-`: A-Z a-z 0-9 + . : ~ -. */
function inPrefix(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 43 || c === 46 || c === 126 || c === 45;
}

/** Why a word of the paste has no term number: it says nothing (stop word, boilerplate, a value), or no passage holds it. */
const DROPPED = -2;
export const NOT_A_TERM = -1;

/**
 * The words of a paste as term numbers, read in one pass. A word's number, NOT_A_TERM or DROPPED
 * is known by one lookup for the words that matter (stop words, boilerplate, the index's words and
 * their plurals, answered at load by the very function a word is read with), by keepTerm for the
 * others; a pure-ASCII paste (almost all) is split by its character codes. Lower-casing, splitting
 * on a Unicode class and three set lookups for every word cost more than the scoring.
 */
export class WordNumbers {
  readonly #known = new Map<string, number>();
  readonly #termIds: ReadonlyMap<string, number>;

  /** `words`: the index's single-word terms; `termIds`: every term's number. */
  constructor(words: Iterable<string>, termIds: ReadonlyMap<string, number>) {
    this.#termIds = termIds;
    for (const word of [...STOP_WORDS, ...BOILERPLATE]) this.#known.set(word, this.#numberOf(word));
    for (const word of words) {
      this.#known.set(word, this.#numberOf(word));
      if (singular(`${word}s`) === word) this.#known.set(`${word}s`, this.#numberOf(`${word}s`));
    }
  }

  /** The numbers of descriptiveWords(text) (NOT_A_TERM for a word no passage holds), of a text withoutScaffolding. */
  of(text: string): number[] {
    return this.#ofAscii(text) ?? descriptiveWords(text).map((word) => this.#termIds.get(word) ?? NOT_A_TERM);
  }

  /** Undefined when the text is not all ASCII: then the letters and digits of other scripts, and their lower case, are searchTerms'. */
  #ofAscii(text: string): number[] | undefined {
    const lower = text.toLowerCase();
    const numbers: number[] = [];
    let start = -1;
    for (let i = 0; i <= lower.length; i++) {
      const c = i < lower.length ? lower.charCodeAt(i) : 32;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
        if (start < 0) start = i;
        continue;
      }
      if (c > 127) return undefined;
      if (start < 0) continue;
      // keepTerm drops words shorter than 2 or longer than 24 characters: not even sliced.
      if (i - start >= 2 && i - start <= 24) {
        const word = lower.slice(start, i);
        const number = this.#known.get(word) ?? (keepTerm(word) === undefined ? DROPPED : NOT_A_TERM);
        if (number !== DROPPED) numbers.push(number);
      }
      start = -1;
    }
    return numbers;
  }

  /** What descriptiveWords and the term numbers make of one lower-case word. */
  #numberOf(word: string): number {
    const kept = keepTerm(word);
    if (kept === undefined || BOILERPLATE.has(kept)) return DROPPED;
    return this.#termIds.get(singular(kept)) ?? NOT_A_TERM;
  }
}
