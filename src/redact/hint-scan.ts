/**
 * Which of many short lower-case fragments ("hints") a text holds, found in one pass over the
 * text. Each detector, scanner and secretlint rule names the hints of which a text holds one
 * whenever it can find something; most pastes hold few of them. Asking `includes(hint)` for each
 * of ~230 hints cost more than the detectors that then run on a 200-character paste, and one
 * regex alternation of them all nearly as much.
 *
 * The hints are found by an Aho–Corasick automaton: one table, built once from the constant hint
 * lists, gives the state after each character, and a state says which hints end there (one
 * dependent table read a character, where a search per hint or per pair of characters cost three
 * times as much). ASCII letters are folded to lower case by the character table, so the text is
 * not lower-cased first: a hint is found where `asciiLower(text).includes(hint)`. That is what the
 * patterns need, since none has the `u` flag: without it `/k/i` does not match the Kelvin sign
 * (whose lower case is `k`), so no non-ASCII character stands for a hint's character.
 *
 * The same pass counts digits and watches, after some hints, for what must follow them in a
 * match (a separator after a secret's name, a long value after a name): a watch costs only
 * while it is on. Counting runs of digits or of token characters at every character, tried too,
 * cost more than the detectors it would have skipped.
 *
 * The reference is `includes()` and the plain regular expressions in
 * test/redact/hint-scan.test.ts, which holds the two equal on generated texts.
 */

/** Characters looked up by code: hints are ASCII, so a position holding any other starts none. */
const ASCII = 128;

/** Bits of a character's kind (ASCII; every other character is NON_ASCII). */
const DIGIT = 1;
/** `[\w.\-"']` and ASCII white space: between a name's hint and its separator (see TextHints.separatorAfter). */
const NAME_TAIL = 2;
/** [:=] */
const SEPARATOR = 4;
/** [A-Za-z0-9+/=_~.-]: a high-entropy value's characters. */
const VALUE = 8;
const NEWLINE = 16;
/** Any other character may be one of the Unicode spaces `\s` and detector.ts SP take, and is nothing else here. */
const NON_ASCII = NAME_TAIL;

const KIND = Int32Array.from({ length: ASCII }, (_, c) => {
  const ch = String.fromCharCode(c);
  return (
    (/\d/.test(ch) ? DIGIT : 0) |
    (/[\w.\-"'\s]/.test(ch) ? NAME_TAIL : 0) |
    (/[:=]/.test(ch) ? SEPARATOR : 0) |
    (/[A-Za-z0-9+/=_~.-]/.test(ch) ? VALUE : 0) |
    (ch === '\n' ? NEWLINE : 0)
  );
});

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
   * of `[A-Za-z0-9+/=_~.-]`, a run of 20 or more of them starts.
   */
  readonly valueAfterName: boolean;
}

/** Hints after which the pass watches for what follows them (see TextHints). */
export interface Watches {
  /** Lists of hints, each watched for a separator after it (at most 30 lists). */
  separatorAfter?: readonly (readonly string[])[];
  valueAfter?: readonly string[];
}

/** One hint list's ids, looked up by the list's identity (the detectors' tables are constants). */
type ListIds = ReadonlyMap<readonly string[], Int32Array>;

/** A state's watches: bit k for the k-th separatorAfter list, and this one for valueAfter. */
const WATCH_VALUE = 1 << 30;

/** The automaton's tables (see HintIndex). */
interface Automaton {
  /** By character code (< 128): the character's column, ASCII letters folded to lower case (0: in no hint), and its kind in the bits above COLUMN_BITS. */
  charTable: Int32Array;
  /** By `state << COLUMN_BITS | column`: the next state, as `~state` when that state ends a hint. */
  next: Int16Array;
  /** By state: its hints are `outIds[outStart[s]]` up to `outIds[outStart[s + 1]]`. */
  outStart: Int32Array;
  outIds: Int32Array;
  /** By state: the watches its hints start (WATCH_VALUE and separatorAfter bits). */
  watches: Int32Array;
}

const COLUMN_BITS = 6;

export class HintIndex {
  /** Every distinct hint, by id. */
  readonly #hints: string[] = [];
  readonly #lists = new Map<readonly string[], Int32Array>();
  /** Each separatorAfter list's bit. */
  readonly #separatorBits = new Map<readonly string[], number>();
  readonly #automaton: Automaton;

  /** An index of every hint in `lists`, and of the watched ones; each list can then be checked against a scanned text. */
  constructor(lists: Iterable<readonly string[]>, watches: Watches = {}) {
    const ids = new Map<string, number>();
    const idsOfList = (list: readonly string[]) =>
      Int32Array.from(list, (hint) => {
        if (!/^[\x01-\x7f]+$/.test(hint) || hint !== hint.toLowerCase()) throw new Error(`hint ${JSON.stringify(hint)} is not lower-case ASCII`);
        let id = ids.get(hint);
        if (id === undefined) ids.set(hint, (id = this.#hints.push(hint) - 1));
        return id;
      });
    for (const list of lists) this.#lists.set(list, idsOfList(list));
    const watchOf: number[] = [];
    const separatorLists = watches.separatorAfter ?? [];
    if (separatorLists.length > 30) throw new Error('more than 30 lists watched for a separator');
    separatorLists.forEach((list, k) => {
      this.#separatorBits.set(list, 1 << k);
      for (const id of idsOfList(list)) watchOf[id] = (watchOf[id] ?? 0) | (1 << k);
    });
    for (const id of idsOfList(watches.valueAfter ?? [])) watchOf[id] = (watchOf[id] ?? 0) | WATCH_VALUE;
    this.#automaton = buildAutomaton(this.#hints, (id) => watchOf[id] ?? 0);
  }

  /** The ids of a list of hints the index was built with. */
  idsOf(hints: readonly string[]): Int32Array {
    const ids = this.#lists.get(hints);
    if (!ids) throw new Error('a hint list the index was not built with');
    return ids;
  }

  /** The hints `text` holds (ASCII letters in any case), its digits, and what the watches saw. */
  scan(text: string): TextHints {
    const found = new ScannedHints(this.#hints.length, this.#lists, this.#separatorBits);
    scanInto(this.#automaton, text, found);
    return found;
  }
}

/**
 * The Aho–Corasick automaton of `hints`: a trie of the hints, each state's transitions completed
 * by its longest proper suffix that is also a trie state (breadth first), its outputs those of
 * the state and of that suffix. `watchOf` gives the watches of a hint by id.
 */
function buildAutomaton(hints: readonly string[], watchOf: (id: number) => number): Automaton {
  const charTable = new Int32Array(ASCII);
  let columns = 1;
  for (const hint of hints) for (let k = 0; k < hint.length; k++) charTable[hint.charCodeAt(k)] ||= columns++;
  if (columns > 1 << COLUMN_BITS) throw new Error(`hints use ${columns - 1} distinct characters, more than the table holds`);
  for (let c = 65; c <= 90; c++) charTable[c] = charTable[c + 32]!;
  const width = 1 << COLUMN_BITS;
  const goto: number[] = [];
  const own: number[][] = [[]];
  hints.forEach((hint, id) => {
    let s = 0;
    for (let k = 0; k < hint.length; k++) {
      const at = s * width + charTable[hint.charCodeAt(k)]!;
      if (goto[at] === undefined) goto[at] = own.push([]) - 1;
      s = goto[at]!;
    }
    own[s]!.push(id);
  });
  const states = own.length;
  if (states > 0x7fff) throw new Error('too many hint characters for the table');
  const next = new Int32Array(states * width);
  const fail = new Int32Array(states);
  const outputs: number[][] = own.map((ids) => [...ids]);
  const queue: number[] = [];
  for (let col = 0; col < width; col++) {
    const child = goto[col];
    if (child !== undefined) queue.push(child);
    next[col] = child ?? 0;
  }
  // Breadth first: a state's suffix state is shallower, so its row and outputs are complete when read.
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q]!;
    outputs[s]!.push(...outputs[fail[s]!]!);
    for (let col = 0; col < width; col++) {
      const child = goto[s * width + col];
      if (child === undefined) next[s * width + col] = next[fail[s]! * width + col]!;
      else {
        fail[child] = next[fail[s]! * width + col]!;
        next[s * width + col] = child;
        queue.push(child);
      }
    }
  }
  for (let c = 0; c < ASCII; c++) charTable[c]! |= KIND[c]! << COLUMN_BITS;
  const outStart = new Int32Array(states + 1);
  outputs.forEach((ids, s) => (outStart[s + 1] = outStart[s]! + ids.length));
  return {
    charTable,
    next: Int16Array.from(next, (s) => (outputs[s]!.length > 0 ? ~s : s)),
    outStart,
    outIds: Int32Array.from(outputs.flat()),
    watches: Int32Array.from(outputs, (ids) => ids.reduce((bits, id) => bits | watchOf(id), 0)),
  };
}

/**
 * One pass over `text`: the automaton's state after each character, the hints that end there,
 * the digits, and the watches (see TextHints). Its state is in locals, as V8 compiles such a loop
 * to a few instructions a character.
 */
function scanInto(automaton: Automaton, text: string, into: ScannedHints): void {
  const { charTable, next, outStart, outIds, watches } = automaton;
  const columnMask = (1 << COLUMN_BITS) - 1;
  let state = 0;
  let digits = 0;
  // The separatorAfter lists whose watch is on, and those that saw their separator.
  let separatorWatch = 0;
  let separatorSeen = 0;
  // After a valueAfter hint: 1 while inside the run it is in, 2 counting a new run.
  let valueWatch = 0;
  let valueRun = 0;
  let valueSeen = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const entry = c < ASCII ? charTable[c]! : NON_ASCII << COLUMN_BITS;
    const kind = entry >> COLUMN_BITS;
    digits += kind & DIGIT;
    if (separatorWatch !== 0 && (kind & NAME_TAIL) === 0) {
      if (kind & SEPARATOR) separatorSeen |= separatorWatch;
      separatorWatch = 0;
    }
    if (valueWatch !== 0) {
      if (kind & NEWLINE) valueWatch = 0;
      else if ((kind & VALUE) === 0) (valueWatch = 2), (valueRun = 0);
      else if (valueWatch === 2 && ++valueRun >= 20) valueSeen = true;
    }
    // The hints ending at this character, last: what they watch for starts at the next one.
    const to = next[(state << COLUMN_BITS) | (entry & columnMask)]!;
    if (to >= 0) state = to;
    else {
      state = ~to;
      for (let k = outStart[state]!, end = outStart[state + 1]!; k < end; k++) into.add(outIds[k]!);
      const watch = watches[state]!;
      separatorWatch |= watch & ~WATCH_VALUE;
      // A run counted since an earlier name on the line goes on counting (this name may be inside it).
      if (watch & WATCH_VALUE && valueWatch === 0) valueWatch = 1;
    }
  }
  into.digits = digits;
  into.separatorSeen = separatorSeen;
  into.valueAfterName = valueSeen;
}

/** The hints of one text: hint ids as a set of bits and in the order found; digits and watches. */
class ScannedHints implements TextHints {
  readonly #bits: number[] = [];
  readonly found: number[] = [];
  readonly #lists: ListIds;
  readonly #separatorBits: ReadonlyMap<readonly string[], number>;
  digits = 0;
  separatorSeen = 0;
  valueAfterName = false;

  constructor(hints: number, lists: ListIds, separatorBits: ReadonlyMap<readonly string[], number>) {
    // A small plain array: a typed one costs more to make than a short text to scan.
    for (let w = 0; w < hints; w += 32) this.#bits.push(0);
    this.#lists = lists;
    this.#separatorBits = separatorBits;
  }

  add(id: number): void {
    const bit = 1 << (id & 31);
    if ((this.#bits[id >>> 5]! & bit) !== 0) return;
    this.#bits[id >>> 5]! |= bit;
    this.found.push(id);
  }

  any(hints: readonly string[]): boolean {
    const ids = this.#lists.get(hints);
    if (ids === undefined) throw new Error('a hint list the index was not built with');
    for (let k = 0; k < ids.length; k++) if ((this.#bits[ids[k]! >>> 5]! & (1 << (ids[k]! & 31))) !== 0) return true;
    return false;
  }

  separatorAfter(hints: readonly string[]): boolean {
    const bit = this.#separatorBits.get(hints);
    if (bit === undefined) throw new Error('a hint list the index was not built to watch');
    return (this.separatorSeen & bit) !== 0;
  }
}
