import { createHash } from 'node:crypto';
import { PasteFacts } from '../facts/paste-facts.js';

/** What look-alike pastes have in common: the text with its changing values masked. */
export interface PasteSignature {
  /** Short stable id of the signature (hex), used to name a group: `kb inbox draft 3fa0c1d2e4b5`. */
  id: string;
  /** The masked text (first 300 characters), for people to read. */
  text: string;
}

// Error codes are written in capitals (E0000011, AADSTS50011); lower-case letters-then-digits is usually hex.
const ERROR_CODE = /^[A-Z]{1,12}\d{2,12}$/;
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}';
const DAY = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}';

/**
 * Masks applied in order: a value is masked before its parts can be (a URL before the path and
 * numbers in it). Every pattern is linear: bounded repeats, no nested quantifiers.
 */
const MASKS: [RegExp, string | ((m: string, ...groups: string[]) => string)][] = [
  [/\[REDACTED:[a-z-]{1,40}\]/gi, '<secret>'],
  [/\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s"'<>()[\]{}`]{1,2048}/gi, '<url>'],
  [/[\w.+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8}/gi, '<email>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  // 2026-11-29T13:37:00.120Z, 2026-11-29 09:41:22,123 +0100
  [/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?: ?(?:Z|[+-]\d{2}:?\d{2}))?)?\b/gi, '<time>'],
  // Sun, 29 Nov 2026 02:56:32 GMT · Nov 29 13:37:00 · 29/11/2026
  [new RegExp(String.raw`\b(?:${DAY},? )?\d{1,2} ${MONTH} \d{4}(?: \d{2}:\d{2}(?::\d{2})?(?: [a-z]{2,4})?)?\b`, 'gi'), '<time>'],
  [new RegExp(String.raw`\b${MONTH} {1,2}\d{1,2}(?:,? \d{4})?(?: \d{2}:\d{2}:\d{2})?\b`, 'gi'), '<time>'],
  [/\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b/g, '<time>'],
  [/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,9})?\b/g, '<time>'],
  // DOMAIN\user, C:\Users\name\file.txt, /home/name/app/file.js, ./relative/path
  [/\b[a-z]:\\(?:[^\\\s"'<>|:*?]{1,255}\\){0,64}[^\\\s"'<>|:*?]{0,255}/gi, '<path>'],
  [/\b[A-Z][A-Z0-9-]{1,15}\\[\w.-]{1,64}/g, '<user>'],
  [/(?<![\w.<>/])(?:~|\.{1,2})?(?:\/[\w.@%+~-]{1,255}){2,64}\/?/g, '<path>'],
  // user "jdoe", username=jdoe, login: jdoe, for user 'root'
  [/\b(user(?:[ _-]?name)?|login|account|principal|owner|uid)(["']?[ \t]{0,3}[:=][ \t]{0,3}|[ \t]{1,3})(["'])[^"'\r\n]{1,100}\3/gi, (_m, key: string, sep: string) => `${key}${sep}<user>`],
  [/\b(user(?:[ _-]?name)?|login|account|principal|owner|uid)(["']?[ \t]{0,3}[:=][ \t]{0,3})[^\s"',;)\]}]{1,100}/gi, (_m, key: string, sep: string) => `${key}${sep}<user>`],
  // Hashes, request ids and other opaque tokens (letters and digits mixed, or long hex); error
  // codes, which are letters then digits (E0000011, AADSTS50011), name the error and stay.
  [/\b(?:0x)?[0-9a-f]{6,}\b/gi, (m) => (/^0x/i.test(m) || (/\d/.test(m) && /[a-f]/i.test(m))) && !ERROR_CODE.test(m) ? '<hex>' : m],
  [/\b[A-Za-z0-9_-]{12,}\b/g, (m) => (/\d/.test(m) && /[a-z]/i.test(m) && !ERROR_CODE.test(m) ? '<id>' : m)],
  // Digits glued to a word or a word and a hyphen are part of a name (oauth2, ORA-00942); the rest are values.
  [/(?<![a-z0-9])(?<![a-z]-)\d+/gi, '<n>'],
];

/**
 * The stretches of `text` between its changing values, as written (case and spacing kept): what
 * a rule can safely require of every paste of the group.
 */
export function stableStretches(text: string): string[] {
  const CUT = '\u0000';
  let cut = text;
  for (const [pattern, replacement] of MASKS) {
    cut = cut.replace(pattern, (...args: string[]) => {
      const out = typeof replacement === 'string' ? replacement : replacement(...(args as [string, ...string[]]));
      return out === args[0] ? out : CUT;
    });
  }
  return cut.split(/[\u0000\r\n]+/);
}

/** Masks the values that change between occurrences of one error: numbers, ids, times, places, people. */
export function maskVolatile(text: string): string {
  let masked = text;
  for (const [pattern, replacement] of MASKS) masked = masked.replace(pattern, replacement as string);
  return masked.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The signature of a paste whose secrets are already redacted. HTTP statuses and error codes are
 * kept beside the masked text, since masking numbers would merge a 401 with a 503 or ORA-00942
 * with ORA-01017.
 */
export function pasteSignature(redacted: string): PasteSignature {
  const masked = maskVolatile(redacted);
  const facts = new PasteFacts(redacted, {});
  const keys = [...[...facts.statusSet].sort().map(String), ...[...facts.codeSet].map((c) => c.toUpperCase()).sort()];
  const full = keys.length ? `${masked} [${keys.join(' ')}]` : masked;
  return { id: createHash('sha256').update(full).digest('hex').slice(0, 12), text: full.length > 300 ? `${full.slice(0, 297)}...` : full };
}
