/**
 * Which of many short lower-case fragments ("hints") a text holds, found in one pass over the
 * lower-cased text. Each detector, scanner and secretlint rule names the hints of which a text
 * holds one whenever it can find something; most pastes hold few of them. Asking
 * `lower.includes(hint)` for each of ~300 hints cost more than the detectors that then run on a
 * 200-character paste, and one regex alternation of them all nearly as much. Here each position
 * of the text is looked up once: a one-character hint by its character, a longer one among the
 * few hints starting with the same two characters. The reference is `lower.includes(hint)`, which
 * test/redact/hint-scan.test.ts holds equal on generated texts.
 */

/** Characters looked up by code: hints are ASCII, so a position holding any other starts none. */
const ASCII = 128;

/** The hints a text holds, for checking lists of hints given when the index was built. */
export interface TextHints {
  /** Whether the text holds one of `hints`. */
  any(hints: readonly string[]): boolean;
  /** The ids (HintIndex.idsOf) of the hints the text holds, each once. */
  readonly found: readonly number[];
  /** How many ASCII digits the text holds. */
  readonly digits: number;
}

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
  readonly #lists = new Map<readonly string[], Int32Array>();

  /** An index of every hint in `lists`; each list can then be checked against a scanned text. */
  constructor(lists: Iterable<readonly string[]>) {
    const ids = new Map<string, number>();
    for (const list of lists) {
      const listIds = list.map((hint) => {
        if (!/^[\x01-\x7f]+$/.test(hint) || hint !== hint.toLowerCase()) throw new Error(`hint ${JSON.stringify(hint)} is not lower-case ASCII`);
        let id = ids.get(hint);
        if (id === undefined) ids.set(hint, (id = this.#hints.push(hint) - 1));
        return id;
      });
      this.#lists.set(list, Int32Array.from(listIds));
    }
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
    this.#longStart = Int32Array.from([0, ...longs.map((l, k) => longs.slice(0, k + 1).reduce((n, x) => n + x.length, 0))]);
    this.#longIds = Int32Array.from(longs.flat());
  }

  /** The ids of a list of hints the index was built with. */
  idsOf(hints: readonly string[]): Int32Array {
    const ids = this.#lists.get(hints);
    if (!ids) throw new Error('a hint list the index was not built with');
    return ids;
  }

  /** The hints `lower` (a lower-cased text) holds, and its digits. */
  scan(lower: string): TextHints {
    // The tables in locals: read from private fields at every position, the loop took half again as long.
    const [classOf, single, pairs, thirds, longStart, longIds, hints, width] = [this.#classOf, this.#single, this.#pair, this.#third, this.#longStart, this.#longIds, this.#hints, this.#width];
    const found = new FoundHints(hints.length);
    const n = lower.length;
    let digits = 0;
    let c = n > 0 ? lower.charCodeAt(0) : 0;
    let next = n > 1 ? lower.charCodeAt(1) : 0;
    for (let i = 0; i < n; i++) {
      const after = i + 2 < n ? lower.charCodeAt(i + 2) : 0;
      const a = c < ASCII ? classOf[c]! : 0;
      if ((c - 48) >>> 0 < 10) digits++;
      if (a !== 0) {
        if (single[a]! >= 0) found.add(single[a]!);
        const b = next < ASCII ? classOf[next]! : 0;
        const pair = a * width + b;
        if (b !== 0 && pairs[pair]! >= 0) found.add(pairs[pair]!);
        // Longer hints are looked at only where the third character is one of theirs.
        if (b !== 0 && after < ASCII && (thirds[pair * 4 + (after >>> 5)]! & (1 << (after & 31))) !== 0) {
          for (let k = longStart[pair]!, end = longStart[pair + 1]!; k < end; k++) {
            const id = longIds[k]!;
            if (!found.has(id) && holdsAt(lower, i, hints[id]!)) found.add(id);
          }
        }
      }
      c = next;
      next = after;
    }
    return new ScannedHints(found, digits, this.#lists, lower);
  }
}

/** Whether `text` holds `hint` at `at`, its first two characters known to be there (cheaper than startsWith for short hints). */
function holdsAt(text: string, at: number, hint: string): boolean {
  if (at + hint.length > text.length) return false;
  for (let k = 2; k < hint.length; k++) if (text.charCodeAt(at + k) !== hint.charCodeAt(k)) return false;
  return true;
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
  readonly #lists: ListIds;
  readonly #lower: string;

  constructor(found: FoundHints, digits: number, lists: ListIds, lower: string) {
    this.#found = found;
    this.found = found.ids;
    this.digits = digits;
    this.#lists = lists;
    this.#lower = lower;
  }

  any(hints: readonly string[]): boolean {
    const ids = this.#lists.get(hints);
    // A list the index was not built with is checked the plain way.
    if (ids === undefined) return hints.some((hint) => this.#lower.includes(hint));
    for (let k = 0; k < ids.length; k++) if (this.#found.has(ids[k]!)) return true;
    return false;
  }
}
