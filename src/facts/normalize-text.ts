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

/** The characters isSpace() accepts, as a regex class (kept in step with it). */
const SPACE_RUN = /[\t\n\v\f\r \u00a0\u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;
const EDGE_SPACE = /^[\t\n\v\f\r \u00a0\u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+|[\t\n\v\f\r \u00a0\u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+$/g;

/** Lower-cases the paste and folds whitespace, keeping a map back to original offsets for highlighting. */
export function normalizeText(raw: string): NormalizedText {
  const lower = raw.toLowerCase();
  // Lower-casing can change length for a few characters; then map character by character.
  if (lower.length !== raw.length) return normalizeCharByChar(raw);
  // Common case: the text comes from native replaces, and one tight loop maps offsets.
  const text = lower.replace(EDGE_SPACE, '').replace(SPACE_RUN, ' ');
  const offsets = new Int32Array(text.length);
  let n = 0;
  let pendingSpace = false;
  for (let i = 0; i < lower.length; i++) {
    if (isSpace(lower.charCodeAt(i))) {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace && n > 0) offsets[n++] = i - 1;
    pendingSpace = false;
    offsets[n++] = i;
  }
  return { text, offsets, originalLength: raw.length };
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
  return { text, offsets: offsets.slice(0, n), originalLength: raw.length };
}

/** Normalizes an author's literal the same way as the paste, so `includes` compares like with like. */
export function normalizeLiteral(literal: string): string {
  return literal.toLowerCase().replace(/[\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/g, ' ').trim();
}

/** Maps a range of the normalized text back to the original paste. */
export function toOriginalSpan(normalized: NormalizedText, start: number, end: number): Span {
  const from = normalized.offsets[start] ?? 0;
  const last = normalized.offsets[end - 1] ?? from;
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
