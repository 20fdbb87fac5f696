import type { NormalizedText, Span } from './types.js';

function isSpace(code: number): boolean {
  // Printable ASCII first: almost every character of a paste, settled by one range test.
  if (code > 32 && code < 0x85) return false;
  return (
    code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0x85 || code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f ||
    code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/**
 * Whitespace runs that folding changes, as a regex (its classes kept in step with isSpace()): a run
 * holding any space but U+0020, or more than one character. A lone ` ` between words, most of the
 * runs in a paste, is left as it is and costs nothing. Linear: each alternative ends in its one
 * unbounded class, and a match takes its whole run.
 */
const FOLDED_SPACE_RUN = /[\t\n\v\f\r\u00a0\u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff][\t\n\v\f\r \u00a0\u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*| [\t\n\v\f\r \u00a0\u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;

/** Lower-cases the paste and folds whitespace, keeping a map back to original offsets for highlighting. */
export function normalizeText(raw: string): NormalizedText {
  const lower = raw.toLowerCase();
  // Lower-casing can change length for a few characters; then map character by character.
  if (lower.length !== raw.length) return normalizeCharByChar(raw);
  // Common case: between the runs that fold, the text is the lower-cased paste unchanged. A leading
  // and a trailing run are folded like the others, then their space is cut off. The pieces are
  // joined once at the end: a string built by `+=` and cut with slice() is a chain of references V8
  // follows on every character read, and the literal scan reads them all.
  const runs: number[] = [];
  const parts: string[] = [];
  let stretchStart = 0;
  // Characters the runs folded so far took out: where the next run's space lands in the folded text.
  let folded = 0;
  FOLDED_SPACE_RUN.lastIndex = 0;
  for (let m = FOLDED_SPACE_RUN.exec(lower); m; m = FOLDED_SPACE_RUN.exec(lower)) {
    parts.push(lower.slice(stretchStart, m.index), ' ');
    stretchStart = m.index + m[0].length;
    runs.push(m.index - folded, stretchStart);
    folded += m[0].length - 1;
  }
  parts.push(runs.length ? lower.slice(stretchStart) : lower);
  let length = 0;
  for (const part of parts) length += part.length;
  const from = edgeCode(parts, true) === 32 ? 1 : 0;
  const to = length > from && edgeCode(parts, false) === 32 ? length - 1 : length;
  if (from === 1) cutEdge(parts, true);
  if (to < length) cutEdge(parts, false);
  const text = parts.length === 1 ? parts[0]! : parts.join('');
  return new FoldedText(text, raw.length, runs, from);
}

/**
 * The folded text of the common case. A span is mapped back to the paste from the runs folded
 * (a few per line), not from a table of every character's offset: building that table cost more
 * than normalizing the paste (2.5 ms of a 256 KiB log), for the handful of offsets an explanation
 * reads. The plain form is the table (test/facts/reference/reference-extractors.ts referenceNormalizeText).
 */
class FoldedText implements NormalizedText {
  constructor(
    readonly text: string,
    readonly originalLength: number,
    /** Per run folded: where its space stands in the untrimmed folded text, and where the run ends in the paste. */
    private readonly runs: readonly number[],
    /** 1 when a leading space was cut from the folded text. */
    private readonly from: number,
  ) {}

  offsetOf(at: number): number {
    const position = at + this.from;
    const runs = this.runs;
    // The last run whose space stands at or before `position` (binary search over the pairs).
    let low = 0;
    let high = runs.length / 2;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (runs[2 * mid]! <= position) low = mid + 1;
      else high = mid;
    }
    if (low === 0) return position;
    const space = runs[2 * (low - 1)]!;
    const end = runs[2 * (low - 1) + 1]!;
    // A run's space maps to the run's last character; the stretch after it, one to one from its end.
    return position === space ? end - 1 : end + (position - space - 1);
  }
}

/** The first (or last) character of the pieces joined, or -1 when they are all empty. */
function edgeCode(parts: readonly string[], first: boolean): number {
  for (let k = 0; k < parts.length; k++) {
    const part = parts[first ? k : parts.length - 1 - k]!;
    if (part.length) return part.charCodeAt(first ? 0 : part.length - 1);
  }
  return -1;
}

/** Drops the first (or last) character of the pieces joined. */
function cutEdge(parts: string[], first: boolean): void {
  for (let k = 0; k < parts.length; k++) {
    const at = first ? k : parts.length - 1 - k;
    const part = parts[at]!;
    if (!part.length) continue;
    parts[at] = first ? part.slice(1) : part.slice(0, -1);
    return;
  }
}

function normalizeCharByChar(raw: string): NormalizedText {
  const codes = new Uint16Array(raw.length * 3);
  const offsets = new Int32Array(codes.length);
  let n = 0;
  let pendingSpace = false;
  const emit = (code: number, at: number) => {
    if (pendingSpace && n > 0) {
      codes[n] = 32;
      offsets[n] = at - 1;
      n++;
    }
    pendingSpace = false;
    codes[n] = code;
    offsets[n] = at;
    n++;
  };
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (isSpace(code)) {
      pendingSpace = true;
      continue;
    }
    const folded = raw[i]!.toLowerCase();
    for (let k = 0; k < folded.length; k++) emit(folded.charCodeAt(k), i);
  }
  let text = '';
  const CHUNK = 8192;
  for (let i = 0; i < n; i += CHUNK) text += String.fromCharCode(...codes.subarray(i, Math.min(n, i + CHUNK)));
  return new TabledText(text, raw.length, offsets.slice(0, n));
}

/** A folded text whose characters' offsets are tabled: lower-casing changed the length of some, so runs cannot say. */
class TabledText implements NormalizedText {
  constructor(
    readonly text: string,
    readonly originalLength: number,
    private readonly offsets: Int32Array,
  ) {}

  offsetOf(at: number): number {
    return this.offsets[at]!;
  }
}

/** Normalizes an author's literal the same way as the paste, so `includes` compares like with like. */
export function normalizeLiteral(literal: string): string {
  return literal.toLowerCase().replace(/[\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/g, ' ').trim();
}

/** Maps a range of the normalized text back to the original paste. */
function toOriginalSpan(normalized: NormalizedText, start: number, end: number): Span {
  const from = normalized.offsetOf(start);
  const last = normalized.offsetOf(end - 1);
  return { start: from, end: Math.min(normalized.originalLength, last + 1) };
}

/** Every occurrence of a normalized literal, as original spans (at most `limit`). */
export function findLiteralSpans(normalized: NormalizedText, literal: string, limit = 5): Span[] {
  const spans: Span[] = [];
  if (!literal) return spans;
  let at = normalized.text.indexOf(literal);
  while (at !== -1 && spans.length < limit) {
    spans.push(toOriginalSpan(normalized, at, at + literal.length));
    at = normalized.text.indexOf(literal, at + literal.length);
  }
  return spans;
}
