import ansiRegex from 'ansi-regex';
import type { Span } from './types.js';
import { lowerBound } from '../util/sorted-search.js';

/**
 * Colour codes written out as text, the way people paste them from a program's source or a
 * logged string: caret notation (`^[[31m`, what `cat -v` and some terminals show) and escapes
 * (`\x1b[31m`, `\u001b[0m`, `\033[1;32m`, `\e[0m`). Only SGR (colour, `…m`) and erase-line
 * (`…K`) sequences: with any other final letter the text is not clearly a terminal code.
 */
const WRITTEN_CODE = String.raw`(?:\^\[|\\(?:[xX]1[bB]|[uU]001[bB]|033|e))\[[0-9;:]*[mK]`;

/**
 * Terminal escape sequences, as chalk's `ansi-regex` knows them (CSI `ESC [ … final` with SGR
 * colours, the 8-bit CSI U+009B, OSC `ESC ] … BEL|ST` such as hyperlinks, DCS/APC strings, two-byte
 * escapes), and the written-out colour codes. Linear: every alternative ends at a bounded class
 * or at the first control character.
 */
const SEQUENCE = new RegExp(`${ansiRegex().source}|${WRITTEN_CODE}`, 'g');

/**
 * What every sequence starts with: ESC or a C1 control (a class's inside), or the start of a
 * written-out colour code (alternatives). match/paste-input.ts folds them into its one scan of a paste.
 */
export const SEQUENCE_START_CHARACTERS = String.raw`\u001b\u0090-\u009f`;
export const WRITTEN_CODE_START = String.raw`\^\[\[|\\(?:[xX]1[bB]|[uU]001[bB]|033|e)\[`;

/** Whether a paste could hold a sequence at all: one native scan, so a plain paste pays nothing more. */
const MAY_HOLD_SEQUENCE = new RegExp(`[${SEQUENCE_START_CHARACTERS}]|${WRITTEN_CODE_START}`);

/**
 * The marks of a paste with nothing removed, shared: a typed array costs an allocation outside the
 * heap (more than the rest of checking a short paste), and one of length 0 holds nothing to change.
 */
const NONE_REMOVED = new Int32Array(0);

/** A paste with its terminal escape sequences removed, and the way back to the paste's offsets. */
export class StrippedPaste {
  /** For each sequence removed, in order: its offset in `text` (where it stood)… */
  readonly #at: Int32Array;
  /** …and the characters removed up to and including it. */
  readonly #removed: Int32Array;

  constructor(
    /** The paste without escape sequences: what matching reads. */
    readonly text: string,
    /** The paste as sent. */
    readonly original: string,
    at: Int32Array = NONE_REMOVED,
    removed: Int32Array = NONE_REMOVED,
  ) {
    this.#at = at;
    this.#removed = removed;
  }

  /** Whether anything was removed. */
  get stripped(): boolean {
    return this.#at.length > 0;
  }

  /**
   * The span of the original paste that shows `text`'s [start, end): it starts at the first
   * visible character and ends after the last one, so codes just before or after are left out and
   * codes inside are kept. Stripping the original slice gives back `text.slice(start, end)`.
   */
  toOriginal(start: number, end: number): Span {
    if (!this.stripped) return { start, end };
    const from = start + this.#removedBefore(start, true);
    if (end <= start) return { start: from, end: from };
    return { start: from, end: end + this.#removedBefore(end, false) };
  }

  /**
   * Characters removed before offset `at` of `text`: with `inclusive`, codes standing right at
   * `at` count (they come before the character there); without, they do not (they come after the
   * character before `at`).
   */
  #removedBefore(at: number, inclusive: boolean): number {
    // Offsets are whole numbers: "at or before `at`" is "before `at` + 1".
    const count = lowerBound(this.#at, inclusive ? at + 1 : at);
    return count === 0 ? 0 : this.#removed[count - 1]!;
  }
}

/** The paste without terminal escape sequences (colour, cursor, hyperlinks, written-out colour codes). */
export function stripAnsiCodes(paste: string): StrippedPaste {
  if (!MAY_HOLD_SEQUENCE.test(paste)) return new StrippedPaste(paste, paste);
  const parts: string[] = [];
  const at: number[] = [];
  const removed: number[] = [];
  let kept = 0;
  let total = 0;
  let last = 0;
  SEQUENCE.lastIndex = 0;
  for (let m = SEQUENCE.exec(paste); m; m = SEQUENCE.exec(paste)) {
    if (!m[0].length) {
      SEQUENCE.lastIndex++;
      continue;
    }
    parts.push(paste.slice(last, m.index));
    kept += m.index - last;
    total += m[0].length;
    at.push(kept);
    removed.push(total);
    last = m.index + m[0].length;
  }
  if (!at.length) return new StrippedPaste(paste, paste);
  parts.push(paste.slice(last));
  return new StrippedPaste(parts.join(''), paste, Int32Array.from(at), Int32Array.from(removed));
}
