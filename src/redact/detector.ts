import type { TextHints } from './hint-scan.js';

/** One secret found in a text: the characters to hide, and what kind of secret they are. */
export interface SecretSpan {
  start: number;
  end: number;
  kind: string;
}

/** A pattern that finds one kind of secret (or personal datum) in a text. */
export interface Detector {
  kind: string;
  /** Global, with `d` when `group` is set. Every pattern is linear: no nested or adjacent unbounded quantifiers. */
  pattern: RegExp;
  /** The capture group(s) holding the secret, first that took part wins; the whole match when absent. */
  group?: number | readonly number[];
  /** Rejects a candidate that is not a secret after all (a word, a placeholder, a hash, a failed checksum). */
  accept?: (secret: string, text: string, start: number) => boolean;
  /**
   * Lower-case fragments of which the text holds one whenever the pattern matches: when it holds
   * none, the pattern is not run (most pastes hold no secret). Absent: the pattern always runs.
   */
  hints?: readonly string[];
  /**
   * A cheaper pattern that finds where the detector's first match could start: its first match in
   * a text is at least `lookBack` characters before any match of the detector (no match: the
   * detector finds nothing), so the detector starts there. Shared by detectors whose patterns
   * share a prefix, it is run once per text for all of them.
   */
  prescreen?: Prescreen;
  /**
   * How many digits every match (that `accept` takes) holds in one stretch of digits and
   * hint-scan.ts DIGIT_RUN (` .()+-`), which every match lies in: a text with fewer in each of its
   * stretches (TextHints.digitRun) is not searched.
   */
  minDigits?: number;
  /**
   * A necessary condition of a match (that `accept` takes) on what the hint scan saw (hint-scan.ts
   * TextHints): a text that fails it is not searched. Each says why.
   */
  gate?: (hints: TextHints) => boolean;
  /**
   * Offsets in the lower-cased text (from the hint scan) of which the line of every match holds
   * one, at most `lookBack` characters after the match's start: only those lines are searched,
   * each on its own from `lookBack` before its first offset (the pattern neither matches nor looks
   * across a line break; `accept` still reads the whole text). Undefined offsets (not known): the
   * whole text is searched, from `prescreen`.
   */
  anchors?: { at: (hints: TextHints) => readonly number[] | undefined; lookBack: number };
  /**
   * The only offsets at which a match can start, in order (found more cheaply than the pattern
   * trying every offset): the pattern is tried at those alone, sticky, on the whole text. Each
   * says why.
   */
  startsAt?: (text: string) => readonly number[];
  /**
   * A match can run across a line break (`\r?\n` or `\s` in the pattern, a tag's text): on a
   * percent-decoded text the detector runs on the whole of it, where the others run only on the
   * lines decoding changed (redact-secrets.ts findSecrets).
   */
  crossesLines?: boolean;
  /** Personal data rather than a credential: answers may keep what `keep` names (an IP address). */
  personal?: boolean;
}

/** See Detector.prescreen. */
export interface Prescreen {
  /** Global. */
  pattern: RegExp;
  lookBack: number;
}

/**
 * Space as pastes have it: besides space and tab, the no-break and other Unicode spaces that a
 * copy from a web page or a chat puts after `Bearer` or `password:`.
 */
export const SP = String.raw`[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]`;

/** Values that sit where a secret could, but are not one. */
const NOT_A_SECRET =
  /^(?:true|false|yes|no|on|off|null|nil|none|undefined|required|missing|invalid|expired|empty|incorrect|wrong|not|is|must|should|cannot|bearer|basic|redacted|hidden|masked|changeme|example|\*+|x+|\.+|-+|<[^>]*>|\$\{[^}]*\}|\$\(?[A-Za-z_]\w*\)?|\{\{[^}]*\}\}|%[a-z_]+%|\[REDACTED[^\]]*\]|\[?(?:filtered|redacted|hidden|masked)\]?)$/i;

/** A value in a secret's place that is not a placeholder, a flag or an already masked value. */
export const looksLikeValue = (s: string) => s.length > 0 && !NOT_A_SECRET.test(s) && !s.includes('[REDACTED');

/** An opaque token, not a word of prose: long enough and holding a digit. */
export const looksLikeToken = (s: string) => s.length >= 16 && /\d/.test(s);

/**
 * A value after `key: ` with nothing around it to say it is one (YAML, log fields): a word of
 * prose such as `token: expired` is not; something with a digit, a symbol or mixed case is.
 */
export const looksLikeBareValue = (s: string) =>
  looksLikeValue(s) && s.length >= 4 && !ERROR_WORD.test(s) && (/\d|[^\w\s]/.test(s) || (/[a-z]/.test(s) && /[A-Z]/.test(s.slice(1))));

/** An error code or name where a value could be: `invalid_grant`, `IDX10503`, `AADSTS50011`, `E0000011`. */
const ERROR_WORD = /^(?:[a-z]+(?:_[a-z]+)+|[A-Z][A-Z_]*\d+|[A-Z]+(?:_[A-Z]+)+)[.,;:]?$/;

/** Shannon entropy of `s` in bits per character. */
export function entropyOf(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** UUID-shaped, hexadecimal or not (documentation writes `a1b2c3d4-FAKE-0000-…`). */
const UUID = /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/i;
const HEX = /^(?:0x)?[0-9a-f]+$/i;

/**
 * A value that identifies an error rather than grants access: a UUID (request and correlation
 * ids), a hexadecimal hash or commit id, a number. Kept, so the answer and the inbox still say
 * which request failed.
 */
export const isIdentifier = (s: string) => UUID.test(s) || HEX.test(s) || /^[\d.:-]+$/.test(s);
