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
  /** For each character code, the id of the one-character hint it is, or -1. */
  readonly #single = new Int32Array(ASCII).fill(-1);
  /**
   * The ids of the longer hints by the pair of characters they start with: those of pair `p` are
   * `#pairIds[#pairStart[p]]` up to `#pairIds[#pairStart[p + 1]]` (a dense table: a map lookup at
   * every position of the text cost a third of the scan).
   */
  readonly #pairStart = new Int32Array(ASCII * ASCII + 1);
  readonly #pairIds: Int32Array;
  readonly #lists = new Map<readonly string[], Int32Array>();

  /** An index of every hint in `lists`; each list can then be checked against a scanned text. */
  constructor(lists: Iterable<readonly string[]>) {
    const ids = new Map<string, number>();
    const byPair = new Map<number, number[]>();
    for (const list of lists) {
      const listIds = list.map((hint) => {
        if (!/^[\x00-\x7f]+$/.test(hint) || hint !== hint.toLowerCase()) throw new Error(`hint ${JSON.stringify(hint)} is not lower-case ASCII`);
        let id = ids.get(hint);
        if (id === undefined) {
          id = this.#hints.push(hint) - 1;
          ids.set(hint, id);
          if (hint.length === 1) this.#single[hint.charCodeAt(0)] = id;
          else byPair.set(pairOf(hint, 0), [...(byPair.get(pairOf(hint, 0)) ?? []), id]);
        }
        return id;
      });
      this.#lists.set(list, Int32Array.from(listIds));
    }
    const flat: number[] = [];
    for (let pair = 0; pair < ASCII * ASCII; pair++) {
      this.#pairStart[pair] = flat.length;
      flat.push(...(byPair.get(pair) ?? []));
    }
    this.#pairStart[ASCII * ASCII] = flat.length;
    this.#pairIds = Int32Array.from(flat);
  }

  /** The ids of a list of hints the index was built with. */
  idsOf(hints: readonly string[]): Int32Array {
    const ids = this.#lists.get(hints);
    if (!ids) throw new Error('a hint list the index was not built with');
    return ids;
  }

  /** The hints `lower` (a lower-cased text) holds. */
  scan(lower: string): TextHints {
    const hints = this.#hints;
    const single = this.#single;
    const pairStart = this.#pairStart;
    const pairIds = this.#pairIds;
    const present = new Uint8Array(hints.length);
    const found: number[] = [];
    const mark = (id: number) => {
      if (present[id] === 1) return;
      present[id] = 1;
      found.push(id);
    };
    let digits = 0;
    const last = lower.length - 1;
    for (let i = 0; i <= last; i++) {
      const c = lower.charCodeAt(i);
      if (c >= ASCII) continue;
      if (c - 48 >>> 0 < 10) digits++;
      if (single[c]! >= 0) mark(single[c]!);
      const next = i < last ? lower.charCodeAt(i + 1) : ASCII;
      if (next >= ASCII) continue;
      const pair = c * ASCII + next;
      for (let k = pairStart[pair]!, end = pairStart[pair + 1]!; k < end; k++) {
        const id = pairIds[k]!;
        if (present[id] === 0 && holdsAt(lower, i, hints[id]!)) mark(id);
      }
    }
    return new ScannedHints(present, found, digits, this.#lists, lower);
  }
}

/** Whether `text` holds `hint` at `at`, its first two characters known to be there (cheaper than startsWith for short hints). */
function holdsAt(text: string, at: number, hint: string): boolean {
  if (at + hint.length > text.length) return false;
  for (let k = 2; k < hint.length; k++) if (text.charCodeAt(at + k) !== hint.charCodeAt(k)) return false;
  return true;
}

/** The key of the two characters of `text` at `at`. */
const pairOf = (text: string, at: number) => text.charCodeAt(at) * ASCII + text.charCodeAt(at + 1);

class ScannedHints implements TextHints {
  readonly #present: Uint8Array;
  readonly found: readonly number[];
  readonly digits: number;
  readonly #lists: ListIds;
  readonly #lower: string;

  constructor(present: Uint8Array, found: readonly number[], digits: number, lists: ListIds, lower: string) {
    this.#present = present;
    this.found = found;
    this.digits = digits;
    this.#lists = lists;
    this.#lower = lower;
  }

  any(hints: readonly string[]): boolean {
    const ids = this.#lists.get(hints);
    // A list the index was not built with is checked the plain way.
    if (ids === undefined) return hints.some((hint) => this.#lower.includes(hint));
    for (let k = 0; k < ids.length; k++) if (this.#present[ids[k]!] === 1) return true;
    return false;
  }
}
