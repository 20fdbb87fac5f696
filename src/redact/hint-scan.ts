/**
 * Which of many short lower-case fragments ("hints") a text holds, found in one pass over the
 * lower-cased text. Each detector, scanner and secretlint rule names the hints of which a text
 * holds one whenever it can find something; most pastes hold few of them. Asking
 * `lower.includes(hint)` for each of ~230 hints cost more than the detectors that then run on a
 * 200-character paste, and one regex alternation of them all nearly as much. Here each position
 * reads its character's class into a rolling key of the last three classes and tests one bit of
 * a 32 KiB table by it: set where a hint of three or more characters starts with those three, or
 * a two-character hint ends them. Only then (about 10 times in a 250-character paste) are the
 * hints compared. One-character hints are found by a native search.
 *
 * The same pass counts the most digits in one stretch of digits and ` .()+-`, without
 * a branch (table lookups), and after the hints of some lists reads ahead for a separator or a
 * long value (what follows a secret's name in a match).
 *
 * Tried and measured in findSecrets, and slower: an Aho–Corasick automaton of whole hints (its
 * 1000-state table left the processor's cache at every step); scanning the text as sent with
 * ASCII case folded by the tables (a paste is often a slice of a larger string, read through an
 * indirection at every character, where toLowerCase makes a flat copy); counting runs of digits
 * or token characters with branches at every character (it cost more than the detectors it would
 * skip). Pair tables by the first two characters with a third-character filter (the previous
 * form) cost 3.0 µs on the bundled examples where the trigram bit costs 1.9: every letter there
 * started some pair, and its branches were mispredicted.
 *
 * The reference is `lower.includes(hint)` and the plain regular expressions in
 * test/redact/hint-scan.test.ts, which holds the two equal on generated texts.
 */

/** Characters looked up by code: hints are ASCII, so a position holding any other starts none. */
const ASCII = 128;

/**
 * By character code (< 128), what may come after a name's hint before its separator, in the
 * order a name has them: `[\w.-]` (the rest of the name), a quote, a space (detector.ts SP, whose
 * other characters are outside ASCII: SP_OUTSIDE_ASCII), then `:` or `=`. Lower-casing keeps
 * each character's kind but for the Kelvin sign, which becomes `k` (a name character where the
 * text as sent has none: the watch only sees more), and `İ`, which becomes `i` and a combining
 * dot (outside these, as `İ` is in the text as sent).
 */
const NAME_CHAR = 1;
const QUOTE = 2;
const SPACE = 3;
const SEPARATOR = 4;
const KIND = Int32Array.from({ length: ASCII }, (_, c) => {
  const char = String.fromCharCode(c);
  return /[\w.-]/.test(char) ? NAME_CHAR : /["']/.test(char) ? QUOTE : /[ \t]/.test(char) ? SPACE : /[:=]/.test(char) ? SEPARATOR : 0;
});
const SP_OUTSIDE_ASCII = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;
const kindOf = (c: number) => (c < ASCII ? KIND[c]! : SP_OUTSIDE_ASCII.test(String.fromCharCode(c)) ? SPACE : 0);

/** By character code (< 128): 1 for a high-entropy value's characters `[A-Za-z0-9+/=_~.-]`, 2 for a line break, 0 else (and every other character). */
const VALUE_CHAR = 1;
const LINE_BREAK = 2;
const VALUE_KIND = Int32Array.from({ length: ASCII }, (_, c) => (/[A-Za-z0-9+/=_~.-]/.test(String.fromCharCode(c)) ? VALUE_CHAR : c === 10 ? LINE_BREAK : 0));
/** `k` and `i`: in a lower-cased text, maybe the Kelvin sign or `İ` of the text as sent, which are not value characters there. */
const K = 107;
const I = 105;

/** By character code (< 128): 1 for a token character `[a-z0-9_-]` (TextHints.tokenBefore). */
const TOKEN_CHAR = Uint8Array.from({ length: ASCII }, (_, c) => (/[a-z0-9_-]/.test(String.fromCharCode(c)) ? 1 : 0));

/** The hints a text holds, for checking lists of hints given when the index was built, and what the pass saw besides. */
export interface TextHints {
  /** Whether the text holds one of `hints`. */
  any(hints: readonly string[]): boolean;
  /** The ids (HintIndex.idsOf) of the hints the text holds, each once. */
  readonly found: readonly number[];
  /**
   * The most digits in one stretch of the text made of digits and the characters `DIGIT_RUN`
   * names, which phone, card and id numbers are written with.
   */
  readonly digitRun: number;
  /**
   * Whether a hint of `hints` (one of the index's Watches.separatorAfter) is followed by
   * characters of `[\w.-]`, a quote or none, spaces (detector.ts SP, not a line break), then `:`
   * or `=`: what follows a secret's name before its value.
   */
  separatorAfter(hints: readonly string[]): boolean;
  /**
   * Where the names before those separators hold a hint (separatorAfter): for each `:` or `=`
   * seen after a hint of `hints`, the offset in the lower-cased text of the first watched hint in
   * the name characters before it (each separator once, in order); undefined when not known
   * (eitherHints). Every other hint there is after it.
   */
  hintsBeforeSeparator(hints: readonly string[]): readonly number[] | undefined;
  /**
   * Whether `char` (one ASCII character) follows `length` or more token characters
   * `[a-z0-9_-]` somewhere in the lower-cased text (read when asked: few detectors ask).
   */
  tokenBefore(char: string, length: number): boolean;
  /**
   * Whether, after a hint of the index's Watches.valueAfter, on its line, after a character not
   * of `[A-Za-z0-9+/=_~.-]`, a run of 20 or more of them starts that holds a digit and is neither
   * hexadecimal alone nor a UUID of hexadecimal digits (in the text as sent: on the lower-cased
   * text, `k` and `i` may also have been such a character, see ValueWatch).
   */
  readonly valueAfterName: boolean;
}

/** Hints after which the pass watches for what follows them (see TextHints). */
export interface Watches {
  /** Lists of hints, each watched for a separator after it (at most 30 lists). */
  separatorAfter?: readonly (readonly string[])[];
  valueAfter?: readonly string[];
}

/** A hint's watches: bit k for the k-th separatorAfter list, and this one for valueAfter. */
const WATCH_VALUE = 1 << 30;

/** One hint list's ids, looked up by the list's identity (the detectors' tables are constants). */
type ListIds = ReadonlyMap<readonly string[], Int32Array>;

/** Character classes are 6 bits: three of them make a trigram's key (18 bits), looked up in a 32 KiB bit table. */
const CLASS_BITS = 6;
const CLASSES = 1 << CLASS_BITS;
const TRIGRAMS = CLASSES * CLASSES * CLASSES;
const KEY_MASK = TRIGRAMS - 1;
const PAIR_MASK = CLASSES * CLASSES - 1;
/** Digits have classes of their own (every digit, not only those in hints), so the pass counts them from the class. */
const DIGITS = '0123456789';
/** What may come between the digits of a stretch TextHints.digitRun counts (each character has a class of its own too). */
const DIGIT_RUN = ' .()+-';

export class HintIndex {
  /** Every distinct hint, by id. */
  readonly #hints: string[] = [];
  /** Each character of a hint, and each digit, numbered from 1 (0: any other character, which no hint holds). */
  readonly #classOf = new Uint8Array(ASCII);
  /** By class: 1 for a digit's. */
  readonly #isDigit = new Uint8Array(CLASSES);
  /** By class: -1 (all bits) for a digit's and DIGIT_RUN's, which a digit stretch goes on through; 0 for the rest, which end it. */
  readonly #inDigitRun = new Int32Array(CLASSES);
  /**
   * By the classes of the last three characters read (a trigram's key): a bit set when a hint of
   * three or more characters starts with them, or a two-character hint ends them. Most positions
   * of a text end no such trigram: one bit read per character, rarely followed.
   */
  readonly #trigram = new Int32Array(TRIGRAMS / 32);
  /** By the key of a trigram: the ids of the longer hints starting with it. */
  readonly #longByTrigram = new Map<number, Int32Array>();
  /** By the classes of two characters: the id of the two-character hint they are, or -1. */
  readonly #pair = new Int32Array(CLASSES * CLASSES).fill(-1);
  /** The one-character hints and their ids (few, and found with a native search). */
  readonly #singles: [string, number][] = [];
  /** By hint id: its watches (a bit for each separatorAfter list holding it, WATCH_VALUE). */
  readonly #watchOf: Int32Array;
  readonly #lists = new Map<readonly string[], Int32Array>();
  /** Each separatorAfter list's bit. */
  readonly #separatorBits = new Map<readonly string[], number>();

  /** An index of every hint in `lists`, and of the watched ones; each list can then be checked against a scanned text. */
  constructor(lists: Iterable<readonly string[]>, watches: Watches = {}) {
    for (const list of lists) this.#lists.set(list, this.#idsOfList(list));
    const watchOf: number[] = [];
    const separatorLists = watches.separatorAfter ?? [];
    if (separatorLists.length > 30) throw new Error('more than 30 lists watched for a separator');
    separatorLists.forEach((list, k) => {
      this.#separatorBits.set(list, 1 << k);
      for (const id of this.#idsOfList(list)) watchOf[id] = (watchOf[id] ?? 0) | (1 << k);
    });
    for (const id of this.#idsOfList(watches.valueAfter ?? [])) watchOf[id] = (watchOf[id] ?? 0) | WATCH_VALUE;
    // A hint's watch starts where the hint does (see scan): its characters must not end a watch; and only long ones are watched.
    for (const id of watchOf.keys()) if (watchOf[id] && !/^[a-z0-9_.-]{3,}$/.test(this.#hints[id]!)) throw new Error(`watched hint ${JSON.stringify(this.#hints[id])} is not three or more of [a-z0-9_.-]`);
    this.#watchOf = Int32Array.from(this.#hints, (_, id) => watchOf[id] ?? 0);
    this.#buildTables();
  }

  /** The character classes, the trigram bits and the hints by their first characters. */
  #buildTables(): void {
    let classes = 0;
    for (const c of DIGITS + DIGIT_RUN + this.#hints.join('')) if (this.#classOf[c.charCodeAt(0)] === 0) this.#classOf[c.charCodeAt(0)] = ++classes;
    if (classes >= CLASSES) throw new Error(`hints hold ${classes} distinct characters, more than ${CLASSES - 1}`);
    for (const d of DIGITS) this.#isDigit[this.#classOf[d.charCodeAt(0)]!] = 1;
    for (const d of DIGITS + DIGIT_RUN) this.#inDigitRun[this.#classOf[d.charCodeAt(0)]!] = -1;
    const classesOf = (hint: string) => Array.from(hint, (c) => this.#classOf[c.charCodeAt(0)]!);
    const longs = new Map<number, number[]>();
    this.#hints.forEach((hint, id) => {
      const [a = 0, b = 0, c = 0] = classesOf(hint);
      if (hint.length === 1) return void this.#singles.push([hint, id]);
      if (hint.length === 2) {
        this.#pair[(a << CLASS_BITS) | b] = id;
        // Whatever comes before it, a trigram ending with the pair is followed.
        for (let x = 0; x < CLASSES; x++) this.#setTrigram((x << (2 * CLASS_BITS)) | (a << CLASS_BITS) | b);
        return;
      }
      const key = (a << (2 * CLASS_BITS)) | (b << CLASS_BITS) | c;
      this.#setTrigram(key);
      longs.set(key, [...(longs.get(key) ?? []), id]);
    });
    for (const [key, ids] of longs) this.#longByTrigram.set(key, Int32Array.from(ids));
  }

  #setTrigram(key: number): void {
    this.#trigram[key >>> 5]! |= 1 << (key & 31);
  }

  /** The ids of `list`, each hint numbered on first sight. */
  #idsOfList(list: readonly string[]): Int32Array {
    return Int32Array.from(list, (hint) => {
      if (!/^[\x01-\x7f]+$/.test(hint) || hint !== hint.toLowerCase()) throw new Error(`hint ${JSON.stringify(hint)} is not lower-case ASCII`);
      const id = this.#hints.indexOf(hint);
      return id === -1 ? this.#hints.push(hint) - 1 : id;
    });
  }

  /** The ids of a list of hints the index was built with. */
  idsOf(hints: readonly string[]): Int32Array {
    const ids = this.#lists.get(hints);
    if (!ids) throw new Error('a hint list the index was not built with');
    return ids;
  }

  /**
   * The hints `lower` (a lower-cased text) holds, its longest digit stretch, and what the watches saw. Each
   * position reads its character's class into a rolling key of the last three and one bit by it;
   * a watch is read ahead from its hint (see Watches).
   */
  scan(lower: string): TextHints {
    // The tables in locals: read from private fields at every position, the loop took half again as long.
    const classOf = this.#classOf;
    const isDigit = this.#isDigit;
    const inDigitRun = this.#inDigitRun;
    const trigram = this.#trigram;
    const found = new FoundHints(this.#hints.length);
    const watches = new WatchState();
    const n = lower.length;
    let run = 0;
    let digitRun = 0;
    let key = 0;
    for (let i = 0; i < n; i++) {
      const c = lower.charCodeAt(i);
      const k = c < ASCII ? classOf[c]! : 0;
      // Without a branch: the stretch's count goes on by its digits, or drops to 0 (`& 0`).
      run = (run + isDigit[k]!) & inDigitRun[k]!;
      if (run > digitRun) digitRun = run;
      key = ((key << CLASS_BITS) | k) & KEY_MASK;
      if ((trigram[key >>> 5]! & (1 << (key & 31))) !== 0) this.#endingAt(lower, i, key, found, watches);
    }
    for (const [hint, id] of this.#singles) if (lower.includes(hint)) found.add(id);
    return new ScannedHints(lower, found, digitRun, watches, this.#lists, this.#separatorBits);
  }

  /** The hints ending the trigram `key` at `i`: a pair ending there, longer hints starting two before; those found added to `found`, their watches read. */
  #endingAt(lower: string, i: number, key: number, found: FoundHints, watches: WatchState): void {
    const pair = this.#pair[key & PAIR_MASK]!;
    if (pair >= 0) found.add(pair);
    const ids = this.#longByTrigram.get(key);
    if (ids === undefined) return;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      const watch = this.#watchOf[id]!;
      // A watched hint is looked for at every place (each starts a watch), others until found.
      if ((watch !== 0 || !found.has(id)) && holdsAt(lower, i - 2, this.#hints[id]!)) {
        found.add(id);
        if (watch !== 0) watches.readAfter(lower, i - 2, watch);
      }
    }
  }
}

/** Whether `text` holds `hint` at `at`, its first three characters known to be there (cheaper than startsWith for short hints). */
function holdsAt(text: string, at: number, hint: string): boolean {
  if (at + hint.length > text.length) return false;
  for (let k = 3; k < hint.length; k++) if (text.charCodeAt(at + k) !== hint.charCodeAt(k)) return false;
  return true;
}

/**
 * The watches of one scan, read ahead from each watched hint's first character (its characters,
 * checked by the constructor, neither end a watch nor begin a value, but for the `k` and `i`
 * ValueWatch takes for a break, which only makes it see more). Each remembers where its last read
 * stopped: a hint before that point would read the same characters to the same end (a separator
 * watch) or continue the watch already read to the line's end (a value watch), so every character
 * is read at most once by each.
 */
class WatchState {
  separatorSeen = 0;
  /** Each separator read: the offset of the hint it was read from, then the separatorAfter lists (bits) of the hints before it (made on the first). */
  separators: number[] | undefined;
  valueSeen = false;
  #separatorStop = -1;
  #stoppedAtSeparator = false;
  #valueStop = -1;

  readAfter(text: string, at: number, watch: number): void {
    const lists = watch & ~WATCH_VALUE;
    if (lists !== 0) {
      if (at >= this.#separatorStop) this.#readSeparator(text, at);
      if (this.#stoppedAtSeparator) {
        this.separatorSeen |= lists;
        // The last separator read is this hint's (a hint inside the name read before reads to it too).
        this.separators![this.separators!.length - 1]! |= lists;
      }
    }
    if ((watch & WATCH_VALUE) !== 0 && !this.valueSeen && at >= this.#valueStop) this.#readValue(text, at);
  }

  /** Past the hint at `at`: name characters, a quote or none, spaces, then whether `:` or `=`. */
  #readSeparator(text: string, at: number): void {
    let j = at + 1;
    while (j < text.length && kindOf(text.charCodeAt(j)) === NAME_CHAR) j++;
    // A hint read later before this point is among the name characters: it reads on to the same end.
    this.#separatorStop = j;
    if (j < text.length && kindOf(text.charCodeAt(j)) === QUOTE) j++;
    while (j < text.length && kindOf(text.charCodeAt(j)) === SPACE) j++;
    this.#stoppedAtSeparator = j < text.length && kindOf(text.charCodeAt(j)) === SEPARATOR;
    if (this.#stoppedAtSeparator) (this.separators ??= []).push(at, 0);
  }

  /** Past the hint at `at`, to the end of its line: a value after a break (see ValueWatch). */
  #readValue(text: string, at: number): void {
    const value = new ValueWatch();
    value.state = 1;
    let j = at + 1;
    for (; j < text.length && value.state !== 0 && !value.seen; j++) value.read(text.charCodeAt(j));
    if (j === text.length) value.end();
    this.#valueStop = j;
    this.valueSeen = value.seen;
  }
}

/** What a value run holds, by character code (< 128): a digit; a character neither hexadecimal nor `-`; `-`. */
const DIGIT_MARK = 1;
const NOT_HEX_MARK = 2;
const DASH_MARK = 4;
const VALUE_MARK = Int32Array.from({ length: ASCII }, (_, c) => {
  const char = String.fromCharCode(c);
  return /\d/.test(char) ? DIGIT_MARK : char === '-' ? DASH_MARK : /[0-9a-f]/i.test(char) ? 0 : NOT_HEX_MARK;
});
/** Where a UUID's dashes are. */
const UUID_DASHES = new Set([8, 13, 18, 23]);

/**
 * The watch for a value after a name (TextHints.valueAfterName), read on the lower-cased text: 1
 * while inside the run the name is in, 2 in or between the runs after it. A `k` or `i` inside the
 * name's run starts a new one, as it may stand for the Kelvin sign or `İ` of the text as sent,
 * which end a run there; so the watch sees every value the text as sent has (and a few more).
 *
 * A run is a value findNamedHighEntropy could take when it has 20 characters or more, a digit,
 * and is not an identifier it keeps (detector.ts isIdentifier): not hexadecimal alone, nor a
 * UUID of hexadecimal digits. (A run of only those and dashes holds no `k` or `i`, so it is the
 * same run in the text as sent; any other run is taken, however the UUID test would read it.)
 */
class ValueWatch {
  state = 0;
  run = 0;
  #marks = 0;
  #dashes = 0;
  #misplacedDash = false;
  seen = false;

  read(c: number): void {
    const kind = c < ASCII ? VALUE_KIND[c]! : 0;
    if (kind === LINE_BREAK) {
      this.end();
      this.state = 0;
    } else if (kind !== VALUE_CHAR || (this.state === 1 && (c === K || c === I))) {
      this.end();
      this.state = 2;
      this.run = 0;
      this.#marks = 0;
      this.#dashes = 0;
      this.#misplacedDash = false;
    } else if (this.state === 2) {
      const mark = VALUE_MARK[c]!;
      if (mark === DASH_MARK) {
        this.#dashes++;
        if (!UUID_DASHES.has(this.run)) this.#misplacedDash = true;
      }
      this.#marks |= mark;
      this.run++;
    }
  }

  /** At the end of a run (a break, the line's or the text's end): whether it is a value. */
  end(): void {
    if (this.state !== 2 || this.run < 20 || (this.#marks & DIGIT_MARK) === 0) return;
    const uuid = this.run === 36 && this.#dashes === 4 && !this.#misplacedDash;
    if ((this.#marks & NOT_HEX_MARK) !== 0 || (this.#dashes > 0 && !uuid)) this.seen = true;
  }
}

/** Hint ids found in one text, as a set of bits (a small array: a typed one costs more to make than a short text to scan) and in the order found. */
class FoundHints {
  readonly bits: number[] = [];
  readonly ids: number[] = [];

  constructor(hints: number) {
    for (let w = 0; w < hints; w += 32) this.bits.push(0);
  }

  has(id: number): boolean {
    return (this.bits[id >>> 5]! & (1 << (id & 31))) !== 0;
  }

  add(id: number): void {
    if (this.has(id)) return;
    this.bits[id >>> 5]! |= 1 << (id & 31);
    this.ids.push(id);
  }
}

class ScannedHints implements TextHints {
  readonly #found: FoundHints;
  readonly found: readonly number[];
  readonly digitRun: number;
  readonly #separatorSeen: number;
  readonly #separators: readonly number[] | undefined;
  readonly valueAfterName: boolean;
  readonly #lists: ListIds;
  readonly #separatorBits: ReadonlyMap<readonly string[], number>;

  readonly #lower: string;

  constructor(lower: string, found: FoundHints, digitRun: number, watches: WatchState, lists: ListIds, separatorBits: ReadonlyMap<readonly string[], number>) {
    this.#lower = lower;
    this.#found = found;
    this.found = found.ids;
    this.digitRun = digitRun;
    this.#separatorSeen = watches.separatorSeen;
    this.#separators = watches.separators;
    this.valueAfterName = watches.valueSeen;
    this.#lists = lists;
    this.#separatorBits = separatorBits;
  }

  any(hints: readonly string[]): boolean {
    const ids = this.#lists.get(hints);
    if (ids === undefined) throw new Error('a hint list the index was not built with');
    for (let k = 0; k < ids.length; k++) if (this.#found.has(ids[k]!)) return true;
    return false;
  }

  separatorAfter(hints: readonly string[]): boolean {
    const bit = this.#separatorBits.get(hints);
    if (bit === undefined) throw new Error('a hint list the index was not built to watch');
    return (this.#separatorSeen & bit) !== 0;
  }

  hintsBeforeSeparator(hints: readonly string[]): readonly number[] {
    const bit = this.#separatorBits.get(hints);
    if (bit === undefined) throw new Error('a hint list the index was not built to watch');
    const at: number[] = [];
    const separators = this.#separators ?? [];
    for (let k = 0; k < separators.length; k += 2) if ((separators[k + 1]! & bit) !== 0) at.push(separators[k]!);
    return at;
  }

  tokenBefore(char: string, length: number): boolean {
    const lower = this.#lower;
    for (let at = lower.indexOf(char, length); at !== -1; at = lower.indexOf(char, at + 1)) {
      // The farthest character first: after most dots a word is shorter.
      if (TOKEN_CHAR[lower.charCodeAt(at - length)] !== 1) continue;
      let k = 1;
      while (k < length && TOKEN_CHAR[lower.charCodeAt(at - k)] === 1) k++;
      if (k === length) return true;
    }
    return false;
  }
}

/**
 * What two texts' scans saw together: the hints either holds, the longer digit stretch, the
 * watches either saw. For a text whose every line is a line of one or the other, it is at least
 * what a scan of it would see (each hint, watch, digit stretch and token run lies within a line).
 */
export function eitherHints(a: TextHints, b: TextHints): TextHints {
  return {
    any: (hints) => a.any(hints) || b.any(hints),
    found: [...a.found, ...b.found],
    digitRun: Math.max(a.digitRun, b.digitRun),
    separatorAfter: (hints) => a.separatorAfter(hints) || b.separatorAfter(hints),
    // Offsets in two texts say nothing of a third.
    hintsBeforeSeparator: () => undefined,
    tokenBefore: (char, length) => a.tokenBefore(char, length) || b.tokenBefore(char, length),
    valueAfterName: a.valueAfterName || b.valueAfterName,
  };
}
