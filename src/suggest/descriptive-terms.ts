import { keepTerm, searchTerms } from './search-terms.js';

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
export const BOILERPLATE: ReadonlySet<string> = new Set(
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

/** What descriptiveWords makes of one lower-case run of letters and digits: the word as a term, or undefined when it is dropped. */
export function descriptiveWord(word: string): string | undefined {
  const kept = keepTerm(word);
  return kept === undefined || BOILERPLATE.has(kept) ? undefined : singular(kept);
}

/** `signatures` → `signature`, `scopes` → `scope`; words in -ss, -us, -is and codes stay. */
export function singular(word: string): string {
  return word.length > 4 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word) && !/\d/.test(word) ? word.slice(0, -1) : word;
}

/**
 * `text.replace(PATH_OR_URL, ' ')` as a global regex would do it, with the regex tried only where
 * a match can start. Every match holds a `/` (a scheme's `://`, a path), a `\` (`c:\`) or a `-` (a
 * date), and starts at most a run of [A-Za-z0-9+.:~-] before it: so positions from the start of
 * that run to the `/`, `\` or `-` are tried, leftmost first, and the rest of the paste (most of
 * it) is not, and of those only where the characters there can begin one of its alternatives
 * (mayStart). A global regex scan costs about 10 ns per character, more than the whole paste's
 * tokenising. test/suggest/descriptive-terms.test.ts holds the two to the same results.
 */
function withoutPathsOrUrls(text: string): string {
  let kept = '';
  let copied = 0;
  let from = 0;
  const triggers = new Triggers(text);
  const schemes = text.includes('://');
  for (let trigger = triggers.next(0); trigger >= 0; trigger = triggers.next(from)) {
    let start = trigger;
    while (start > from && inPrefix(text.charCodeAt(start - 1))) start--;
    const match = firstMatch(text, start, trigger, schemes);
    if (!match) {
      from = trigger + 1;
      continue;
    }
    kept += text.slice(copied, match.start) + ' ';
    copied = from = match.end;
  }
  return copied === 0 ? text : kept + text.slice(copied);
}

/**
 * The `/`, `\` and `-` of a text in order, each character found by indexOf (a native scan, several
 * times faster than reading the text's characters one by one in a loop), and looked for again only
 * once passed.
 */
class Triggers {
  readonly #text: string;
  readonly #at = [-1, -1, -1];

  constructor(text: string) {
    this.#text = text;
  }

  /** The first trigger at or after `from`, or -1. */
  next(from: number): number {
    let first = -1;
    for (let k = 0; k < 3; k++) {
      let at = this.#at[k]!;
      if (at !== Infinity && at < from) at = this.#at[k] = this.#find(k, from);
      if (at !== Infinity && (first < 0 || at < first)) first = at;
    }
    return first;
  }

  #find(k: number, from: number): number {
    const at = this.#text.indexOf(TRIGGERS[k]!, from);
    return at < 0 ? Infinity : at;
  }
}

const TRIGGERS = ['/', '\\', '-'];

/** The match of PATH_OR_URL starting first at a position from `start` to `last`; `schemes`: whether the text holds `://`. */
function firstMatch(text: string, start: number, last: number, schemes: boolean): { start: number; end: number } | undefined {
  for (let at = start; at <= last; at++) {
    if (!mayStart(text, at, schemes)) continue;
    PATH_OR_URL.lastIndex = at;
    if (PATH_OR_URL.test(text)) return { start: at, end: PATH_OR_URL.lastIndex };
  }
  return undefined;
}

/**
 * Whether a match of PATH_OR_URL can start at `at`, by the first characters of its alternatives: a
 * scheme (an ASCII letter after none, in a text with `://`), a path (`/`, `~/`, `./`), a drive
 * (`c:\`) or a date (a digit after no word character, with `-` four on).
 */
function mayStart(text: string, at: number, schemes: boolean): boolean {
  const c = text.charCodeAt(at);
  if (isAsciiLetter(c)) return (schemes && !isAsciiLetter(text.charCodeAt(at - 1))) || (text.charCodeAt(at + 1) === 58 && text.charCodeAt(at + 2) === 92);
  if (c === 47) return true;
  if (c === 126 || c === 46) return text.charCodeAt(at + 1) === 47;
  return c >= 48 && c <= 57 && !isWordChar(text.charCodeAt(at - 1)) && text.charCodeAt(at + 4) === 45;
}

const isAsciiLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
/** What `\w` and `\b` take for a word character without the `u` flag. */
const isWordChar = (c: number) => isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 95;

/** Whether a character can come in a match before its `/`, `\` or `-`: A-Z a-z 0-9 + . : ~ -. */
function inPrefix(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 43 || c === 46 || c === 126 || c === 45;
}
