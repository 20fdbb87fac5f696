/**
 * Which of many short lower-case fragments ("hints") a text holds, found in one pass over the
 * lower-cased text. Each detector, scanner and secretlint rule names the hints of which a text
 * holds one whenever it can find something; most pastes hold few of them. Asking
 * `lower.includes(hint)` for each of ~230 hints cost more than the detectors that then run on a
 * 200-character paste, and one regex alternation of them all nearly as much. Here each position
 * of the text is looked up once: a one-character hint by its character, a longer one among the
 * few hints starting with the same two characters.
 *
 * The same pass counts digits and watches, after the hints of some lists, for a separator or a
 * long value (what follows a secret's name in a match): a watch costs only while it is on.
 *
 * Tried and measured in findSecrets, and slower: an Aho–Corasick automaton of whole hints (its
 * 1000-state table left the processor's cache at every step); scanning the text as sent with
 * ASCII case folded by the tables (a paste is often a slice of a larger string, read through an
 * indirection at every character, where toLowerCase makes a flat copy); counting runs of digits
 * or token characters at every character (it cost more than the detectors it would skip).
 *
 * The reference is `lower.includes(hint)` and the plain regular expression in
 * test/redact/hint-scan.test.ts, which holds the two equal on generated texts.
 */

/** Characters looked up by code: hints are ASCII, so a position holding any other starts none. */
const ASCII = 128;

/**
 * By character code (< 128): 1 for `[\w.\-"']` and white space, what may come between a name's
 * hint and its separator; 2 for the separators `:` and `=`; 0 else. Every other character may be
 * one of the Unicode spaces `\s` and detector.ts SP take (1). Lower-casing keeps each character's
 * kind: the only characters outside ASCII that lower-case to ASCII (the Kelvin sign, `İ`) become
 * letters, and letters are of kind 1 too.
 */
const NAME_TAIL = 1;
const SEPARATOR = 2;
const NON_ASCII = NAME_TAIL;
const KIND = Int32Array.from({ length: ASCII }, (_, c) => (/[\w.\-"'\s]/.test(String.fromCharCode(c)) ? NAME_TAIL : /[:=]/.test(String.fromCharCode(c)) ? SEPARATOR : 0));

/** By character code (< 128): 1 for a high-entropy value's characters `[A-Za-z0-9+/=_~.-]`, 2 for a line break, 0 else (and every other character). */
const VALUE_CHAR = 1;
const LINE_BREAK = 2;
const VALUE_KIND = Int32Array.from({ length: ASCII }, (_, c) => (/[A-Za-z0-9+/=_~.-]/.test(String.fromCharCode(c)) ? VALUE_CHAR : c === 10 ? LINE_BREAK : 0));
/** `k` and `i`: in a lower-cased text, maybe the Kelvin sign or `İ` of the text as sent, which are not value characters there. */
const K = 107;
const I = 105;

/** The hints a text holds, for checking lists of hints given when the index was built, and what the pass saw besides. */
export interface TextHints {
  /** Whether the text holds one of `hints`. */
  any(hints: readonly string[]): boolean;
  /** The ids (HintIndex.idsOf) of the hints the text holds, each once. */
  readonly found: readonly number[];
  /** How many ASCII digits the text holds. */
  readonly digits: number;
  /**
   * Whether a hint of `hints` (one of the index's Watches.separatorAfter) is followed by
   * characters of `[\w.\-"']`, white space or non-ASCII ones, then `:` or `=`.
   */
  separatorAfter(hints: readonly string[]): boolean;
  /**
   * Whether, after a hint of the index's Watches.valueAfter, on its line, after a character not
   * of `[A-Za-z0-9+/=_~.-]`, a run of 20 or more of them starts (in the text as sent: on the
   * lower-cased text, `k` and `i` may also have been such a character, see scan).
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

export class HintIndex {
  /** Every distinct hint, by id. */
  readonly #hints: string[] = [];
  /**
   * Each character that starts a hint or comes second in one, numbered from 1 (0: none). The
   * tables below are by these numbers, small enough to stay in the processor's cache.
   */
  readonly #classOf = new Uint8Array(ASCII);
  readonly #width: number;
  /** By the first character's number: the id of the one-character hint it is, or -1. */
  readonly #single: Int32Array;
  /** By the first two characters' numbers (`a * #width + b`): the id of the two-character hint they are, or -1. */
  readonly #pair: Int32Array;
  /** By the first two characters: a 128-bit set of the third characters of the longer hints starting so (most pairs in a text start none). */
  readonly #third: Int32Array;
  /** By the first two characters: the longer hints starting so are `#longIds[#longStart[p]]` up to `#longIds[#longStart[p + 1]]`. */
  readonly #longStart: Int32Array;
  readonly #longIds: Int32Array;
  /** By hint id: its watches (a bit for each separatorAfter list holding it). */
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
    let classes = 0;
    for (const hint of this.#hints) for (let k = 0; k < Math.min(2, hint.length); k++) this.#classOf[hint.charCodeAt(k)] ||= ++classes;
    const width = (this.#width = classes + 1);
    this.#single = new Int32Array(width).fill(-1);
    this.#pair = new Int32Array(width * width).fill(-1);
    this.#third = new Int32Array(width * width * 4);
    const longs: number[][] = Array.from({ length: width * width }, () => []);
    this.#hints.forEach((hint, id) => {
      const a = this.#classOf[hint.charCodeAt(0)]!;
      if (hint.length === 1) return void (this.#single[a] = id);
      const pair = a * width + this.#classOf[hint.charCodeAt(1)]!;
      if (hint.length === 2) return void (this.#pair[pair] = id);
      const third = hint.charCodeAt(2);
      this.#third[pair * 4 + (third >>> 5)]! |= 1 << (third & 31);
      longs[pair]!.push(id);
    });
    // Running sums of the lists' lengths (summing each prefix anew allocated width⁴ slots, ~7 MiB kept by the process).
    const longStart = new Int32Array(longs.length + 1);
    longs.forEach((list, k) => (longStart[k + 1] = longStart[k]! + list.length));
    this.#longStart = longStart;
    this.#longIds = Int32Array.from(longs.flat());
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
   * The hints `lower` (a lower-cased text) holds, its digits, and what the watches saw. A hint's
   * watch is started at the hint's first character rather than after its last: the same, as its
   * characters (checked by the constructor) neither end a watch nor begin a value (but for the
   * `k` and `i` ValueWatch takes for a break, which only makes it see more).
   */
  scan(lower: string): TextHints {
    // The tables in locals: read from private fields at every position, the loop took half again as long.
    const classOf = this.#classOf;
    const single = this.#single;
    const pairs = this.#pair;
    const thirds = this.#third;
    const width = this.#width;
    const found = new FoundHints(this.#hints.length);
    const n = lower.length;
    let digits = 0;
    // The separatorAfter lists whose watch is on, and those that saw their separator.
    let separatorWatch = 0;
    let separatorSeen = 0;
    const value = new ValueWatch();
    let c = n > 0 ? lower.charCodeAt(0) : 0;
    let next = n > 1 ? lower.charCodeAt(1) : 0;
    for (let i = 0; i < n; i++) {
      const after = i + 2 < n ? lower.charCodeAt(i + 2) : 0;
      if ((c - 48) >>> 0 < 10) digits++;
      if (separatorWatch !== 0) {
        const kind = c < ASCII ? KIND[c]! : NON_ASCII;
        if (kind === SEPARATOR) separatorSeen |= separatorWatch;
        if (kind !== NAME_TAIL) separatorWatch = 0;
      }
      if (value.state !== 0) value.read(c);
      const a = c < ASCII ? classOf[c]! : 0;
      if (a !== 0) {
        if (single[a]! >= 0) found.add(single[a]!);
        const b = next < ASCII ? classOf[next]! : 0;
        const pair = a * width + b;
        if (b !== 0 && pairs[pair]! >= 0) found.add(pairs[pair]!);
        // Longer hints are looked at only where the third character is one of theirs.
        if (b !== 0 && after < ASCII && (thirds[pair * 4 + (after >>> 5)]! & (1 << (after & 31))) !== 0) {
          const watch = this.#longAt(lower, i, pair, found);
          separatorWatch |= watch & ~WATCH_VALUE;
          // A run counted since an earlier name on the line goes on counting (this name may be inside it).
          if (watch & WATCH_VALUE && value.state === 0) value.state = 1;
        }
      }
      c = next;
      next = after;
    }
    return new ScannedHints(found, digits, separatorSeen, value.seen, this.#lists, this.#separatorBits);
  }

  /** The hints of three or more characters starting at `i` (first two the pair `pair`), added to `found`; returns their watches. (No two-character hint is watched.) */
  #longAt(text: string, i: number, pair: number, found: FoundHints): number {
    const longIds = this.#longIds;
    let watch = 0;
    for (let k = this.#longStart[pair]!, end = this.#longStart[pair + 1]!; k < end; k++) {
      const id = longIds[k]!;
      // A watched hint is looked for at every place (each starts a watch), others until found.
      if ((this.#watchOf[id] !== 0 || !found.has(id)) && holdsAt(text, i, this.#hints[id]!)) {
        found.add(id);
        watch |= this.#watchOf[id]!;
      }
    }
    return watch;
  }
}

/** Whether `text` holds `hint` at `at`, its first two characters known to be there (cheaper than startsWith for short hints). */
function holdsAt(text: string, at: number, hint: string): boolean {
  if (at + hint.length > text.length) return false;
  for (let k = 2; k < hint.length; k++) if (text.charCodeAt(at + k) !== hint.charCodeAt(k)) return false;
  return true;
}

/**
 * The watch for a value after a name (TextHints.valueAfterName), read on the lower-cased text: 1
 * while inside the run the name is in, 2 counting a new run. A `k` or `i` inside the name's run
 * starts a new one, as it may stand for the Kelvin sign or `İ` of the text as sent, which end a
 * run there; so the watch sees every value the text as sent has (and a few more).
 */
class ValueWatch {
  state = 0;
  run = 0;
  seen = false;

  read(c: number): void {
    const kind = c < ASCII ? VALUE_KIND[c]! : 0;
    if (kind === LINE_BREAK) this.state = 0;
    else if (kind !== VALUE_CHAR || (this.state === 1 && (c === K || c === I))) (this.state = 2), (this.run = 0);
    else if (this.state === 2 && ++this.run >= 20) this.seen = true;
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
  readonly digits: number;
  readonly #separatorSeen: number;
  readonly valueAfterName: boolean;
  readonly #lists: ListIds;
  readonly #separatorBits: ReadonlyMap<readonly string[], number>;

  constructor(found: FoundHints, digits: number, separatorSeen: number, valueAfterName: boolean, lists: ListIds, separatorBits: ReadonlyMap<readonly string[], number>) {
    this.#found = found;
    this.found = found.ids;
    this.digits = digits;
    this.#separatorSeen = separatorSeen;
    this.valueAfterName = valueAfterName;
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
}
