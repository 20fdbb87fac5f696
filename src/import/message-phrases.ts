import { PasteFacts } from '../facts/paste-facts.js';

/** Words too common to tell one error from another: they count for little in a phrase, and never alone. */
export const GENERIC_WORDS = new Set(
  (
    'a an the and or but of to in on at by for from with without into onto over under as is are was were be been being it its this that these those ' +
    'there here not no nor you your we our they their he she his her i me my can could will would should may might must do does did done has have had ' +
    'error errors err exception exceptions failed fail fails failure warning warn fatal info debug trace message messages code codes status statuses ' +
    'request requests response responses http https server client service api call calls invalid value values type null undefined true false ' +
    'please try again later more information details see check contact support administrator admin user users use used using ' +
    'get post put patch delete head options url uri host port path file line column time date id name key data result results ' +
    'unable cannot could not found occurred an unknown unexpected internal bad ok success successful returned return returns ' +
    'java lang net io org com www node npm python js at caused by stack traceback most recent last forbidden unauthorized conflict already exists exist does did match matched able allowed ' +
    'authentication authenticate authenticated username password login access permission permissions connection connect timeout refused denied'
  ).split(/\s+/),
);
const STOP_EDGE = new Set('a an the and or but of to in on at by for from with as is are was were be this that it its your you our'.split(' '));

/** A token of a message: a word, identifier or dotted name; `.`, `-`, `_` and apostrophes may sit inside. */
const TOKEN = /[\p{L}\p{N}_$](?:[\p{L}\p{N}_$'’.-]*[\p{L}\p{N}_$])?/gu;
/** Spans that vary from one paste to the next: quoted values, placeholders, ellipses. */
const VARIABLE_SPANS = /(?<![\p{L}\p{N}])'[^'\n]*'(?![\p{L}\p{N}])|"[^"\n]*"|`[^`\n]*`|<[^<>\n]*>|\{[^{}\s"':,]*\}|\[[^[\]{}"\n]*\]|\.{3}|…/gu;

export interface Phrase {
  /** The words as they appear in the message (whitespace between them only). */
  text: string;
  words: string[];
}

export interface MessageParts {
  message: string;
  /** Runs of constant words, between the parts that vary (quoted values, ids, numbers, hosts, placeholders). */
  segments: Phrase[];
  codes: string[];
  statuses: number[];
}

/** Whether a token is a value that differs between pastes: numbers, ids, hosts, e-mail addresses, paths. */
function isVariableToken(token: string): boolean {
  const digits = token.replace(/\D/g, '').length;
  if (/^[\d.:_-]+$/.test(token)) return true;
  // Dates and times vary too: "Sat Nov 28 23:59:59 UTC 2026".
  if (/^(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|am|pm|utc|gmt)$/i.test(token)) return true;
  if (digits >= 4) return true;
  if (/^[0-9a-f-]{8,}$/i.test(token) && digits > 0) return true;
  if (token.includes('@') || token.includes('/')) return true;
  // A host name: lower-case labels ending in a top-level domain.
  if (/^(?:[a-z0-9-]+\.)+[a-z]{2,6}$/.test(token)) return true;
  return false;
}

/** A message cut into its constant stretches of words, with its error codes and HTTP statuses. */
export function messageParts(message: string): MessageParts {
  const facts = new PasteFacts(message, {});
  const codes = [...new Set(facts.codes.map((c) => c.value))];
  const codeSet = new Set(codes.map((c) => c.toLowerCase()));
  // A quoted run of plain words is the message's own text ("Bad credentials" in a JSON body); a quoted single token or value varies.
  const masked = message.replace(VARIABLE_SPANS, (span) => {
    const inner = span.slice(1, -1);
    const constant = /^["'`]/.test(span) && /\s/.test(inner.trim()) && !(inner.match(TOKEN) ?? []).some(isVariableToken);
    return constant ? `\u0000${inner}\u0000` : '\u0000'.repeat(span.length);
  });
  const segments: Phrase[] = [];
  let current: { start: number; end: number; words: string[] } | undefined;
  let lastEnd = -1;
  const flush = () => {
    if (current?.words.length) segments.push({ text: message.slice(current.start, current.end), words: current.words });
    current = undefined;
  };
  for (const match of masked.matchAll(TOKEN)) {
    const token = match[0];
    const start = match.index;
    const gap = lastEnd < 0 ? '' : masked.slice(lastEnd, start);
    lastEnd = start + token.length;
    if (isVariableToken(token) || codeSet.has(token.toLowerCase()) || /^\d/.test(token)) {
      flush();
      continue;
    }
    if (current && !/^\s+$/.test(gap)) flush();
    current ??= { start, end: start, words: [] };
    current.words.push(token.toLowerCase());
    current.end = start + token.length;
  }
  flush();
  return { message, segments, codes, statuses: [...facts.statusSet].sort() };
}

/** Every run of 1 to `max` words inside a segment, that neither starts nor ends with a little word. */
export function candidatePhrases(parts: MessageParts, max = 6): Phrase[] {
  const result: Phrase[] = [];
  for (const segment of parts.segments) {
    const spans = tokenSpans(segment.text);
    for (let i = 0; i < spans.length; i++) {
      for (let j = i; j < Math.min(spans.length, i + max); j++) {
        const words = segment.words.slice(i, j + 1);
        if (STOP_EDGE.has(words[0]!) || STOP_EDGE.has(words[words.length - 1]!)) continue;
        if (words.every((w) => GENERIC_WORDS.has(w))) continue;
        if (words.length === 1 && !strongSingleWord(segment.text.slice(spans[i]!.start, spans[i]!.end))) continue;
        result.push({ text: segment.text.slice(spans[i]!.start, spans[j]!.end), words });
      }
    }
  }
  return result;
}

function tokenSpans(text: string): { start: number; end: number }[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** One word that is a phrase by itself: an identifier (camelCase, dotted, snake) or a long rare word. */
function strongSingleWord(word: string): boolean {
  if (GENERIC_WORDS.has(word.toLowerCase())) return false;
  if (word.length >= 8 && (/[a-z][A-Z]/.test(word) || /[._-]/.test(word.slice(1, -1)))) return true;
  return word.length >= 11;
}

/** Lower-case, whitespace collapsed: how the engine compares a phrase with a paste. */
export function normalizeForContains(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}
