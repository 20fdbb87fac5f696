/** One secret found in a text: the characters to hide, and what kind of secret they are. */
export interface SecretSpan {
  start: number;
  end: number;
  kind: string;
}

interface Detector {
  kind: string;
  /** Global, with `d` when `group` is set. Every pattern is linear: no nested or adjacent unbounded quantifiers. */
  pattern: RegExp;
  /** The capture group(s) holding the secret, first that took part wins; the whole match when absent. */
  group?: number | number[];
  /** Rejects a candidate that is not a secret after all (a word, a placeholder, an already masked value). */
  accept?: (secret: string) => boolean;
  /**
   * Lower-case fragments of which the text holds one whenever the pattern matches: when it holds
   * none, the pattern is not run. Most pastes hold no secret, and running every pattern over every
   * paste was a fifth of the cost of matching it.
   */
  hints: string[];
  /**
   * What the text must hold just before a match, as a pattern ending in `$` and the characters it
   * reads (one more than it can match, so a leading `\b` sees the character before): a lookbehind
   * checked only where the pattern matched. A real lookbehind at the start of a pattern makes V8
   * try it at every offset, several times slower than the scan it was to spare.
   */
  preceded?: { pattern: RegExp; reach: number };
}

/** Values that sit where a secret could, but are not one. */
const NOT_A_SECRET = /^(?:true|false|yes|no|on|off|null|nil|none|undefined|required|missing|invalid|expired|empty|incorrect|wrong|not|is|must|should|cannot|bearer|basic|\*+|x+|\.+|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|%[a-z_]+%|\[REDACTED[^\]]*\])$/i;
const looksLikeValue = (s: string) => s.length > 0 && !NOT_A_SECRET.test(s);
/** An opaque token, not a word of prose: long enough and holding a digit. */
const looksLikeToken = (s: string) => s.length >= 16 && /\d/.test(s);

// Key names whose value is a secret. `[\w.-]{0,30}` lets suffixes through (password_hash, client_secret_value).
const SECRET_KEY = String.raw`(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?|signature|\bsig)[\w.-]{0,30}`;
/** Every key SECRET_KEY (and PASSWORD_KEY) accepts contains one of these. */
const SECRET_KEY_HINTS = ['pass', 'pwd', 'secret', 'token', 'key', 'credential', 'sig'];
// Keys whose unquoted `key: value` form (YAML, log fields) is also a secret; `token: expired` is too often prose.
const PASSWORD_KEY = String.raw`(?:password|passwd|\bpwd|secret|api[_-]?key|access[_-]?key)[\w.-]{0,30}`;

/** Key/value detectors: the secret is named after its key, `password` or `secret`. */
const KEYED = 'keyed';

/**
 * Most specific first: where two detectors find the same secret, the earlier one names it.
 * Apart from private keys, no pattern matches across more than one line break (PasteSecrets
 * relies on it to scan only the lines around what it shows).
 * Formats from the vendors' documentation; generic key/value and header forms catch the rest.
 * Exported for the test that checks the hints.
 */
export const DETECTORS: readonly Detector[] = [
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, hints: ['eyj'] },
  { kind: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})/g, hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'] },
  { kind: 'gitlab-token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g, hints: ['glpat-'] },
  { kind: 'slack-token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, hints: ['xox'] },
  { kind: 'slack-webhook', pattern: /(?<=hooks\.slack\.com\/services\/)[A-Za-z0-9/]{20,}/g, hints: ['hooks.slack.com/services/'] },
  { kind: 'stripe-key', pattern: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{10,}/g, hints: ['k_live_', 'k_test_'] },
  { kind: 'stripe-webhook-secret', pattern: /\bwhsec_[A-Za-z0-9+/=]{16,}/g, hints: ['whsec_'] },
  { kind: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g, hints: ['akia', 'asia', 'abia', 'acca'] },
  { kind: 'google-api-key', pattern: /\bAIza[A-Za-z0-9_-]{35}/g, hints: ['aiza'] },
  { kind: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{36}/g, hints: ['npm_'] },
  { kind: 'atlassian-api-token', pattern: /\bAT[AC]TT[A-Za-z0-9_=+/-]{20,}/g, hints: ['atatt', 'atctt'] },
  { kind: 'okta-api-token', pattern: /\bSSWS(?=\s)[ \t]*\r?\n?[ \t]*([A-Za-z0-9_-]{20,})/dg, group: 1, hints: ['ssws'] },
  { kind: 'bearer-token', pattern: /\bbearer(?=\s)[ \t]*\r?\n?[ \t]*([A-Za-z0-9._~+/-]{8,}=*)(?![A-Za-z0-9._~+/="-])/dgi, group: 1, accept: looksLikeToken, hints: ['bearer'] },
  {
    // Authorization: Basic dXNlcjpwYXNz / Authorization: token abc… / "authorization": "…"; the scheme stays visible.
    kind: 'authorization',
    pattern: /\b(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?(?:(?:bearer|basic|ssws|token|digest|negotiate|ntlm|apikey|sso-key)[ \t]+)?([^\s"']+)/dgi,
    group: 1,
    accept: looksLikeValue,
    hints: ['authorization'],
  },
  { kind: 'cookie', pattern: /\b(?:set-)?cookie["']?[ \t]*:[ \t]*["']?([^\r\n"']+)/dgi, group: 1, hints: ['cookie'] },
  { kind: 'api-key', pattern: /\bx-(?:api-key|auth-token|access-token)["']?[ \t]*:[ \t]*["']?([^\s"']+)/dgi, group: 1, accept: looksLikeValue, hints: ['x-api-key', 'x-auth-token', 'x-access-token'] },
  // scheme://user:password@host — also redis://:password@host. The pattern starts at the `://`, so
  // the scan does not read every word as a possible scheme; the scheme is checked where it matched.
  // The same matches: a scheme holds no `:` or `@`, so it ends at the `://` and cannot reach back
  // into the previous match, which ends with `@`.
  {
    kind: 'url-password',
    pattern: /:\/\/[^\s:/?#@"'<>]{0,256}:([^\s/?#@"'<>]{1,256})@/dgi,
    preceded: { pattern: /\b[a-z][a-z0-9+.-]{1,15}$/i, reach: 17 },
    group: 1,
    accept: looksLikeValue,
    hints: ['://'],
  },
  { kind: 'private-key', pattern: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----/g, hints: ['-----begin '] },
  // "password": "…" and password: "…" (JSON, YAML, logfmt with quotes).
  {
    kind: KEYED,
    pattern: new RegExp(String.raw`${SECRET_KEY}["']?[ \t]*[:=][ \t]*(?:"((?:[^"\\\r\n]|\\.){1,512})"|'((?:[^'\\\r\n]|\\.){1,512})')`, 'dgi'),
    group: [1, 2],
    accept: looksLikeValue,
    hints: SECRET_KEY_HINTS,
  },
  // password=… pairs: query strings, connection strings (Password=…;), env files.
  { kind: KEYED, pattern: new RegExp(String.raw`${SECRET_KEY}["']?[ \t]*=[ \t]*([^\s"'&;,<>]{1,512})`, 'dgi'), group: 1, accept: looksLikeValue, hints: SECRET_KEY_HINTS },
  { kind: KEYED, pattern: new RegExp(String.raw`${PASSWORD_KEY}[ \t]*:[ \t]+([^\s"',;()]{1,512})`, 'dgi'), group: 1, accept: looksLikeValue, hints: SECRET_KEY_HINTS },
];

/** Every distinct hint, longest first: where two start at one offset, ANY_HINT finds the longer. */
const HINTS = [...new Set(DETECTORS.flatMap((d) => d.hints))].sort((a, b) => b.length - a.length);

/**
 * Each hint's detectors, as a bit mask over DETECTORS: those that list it, and those that list a
 * hint it starts with, since ANY_HINT reports only one hint per offset and that hint is then present too.
 */
const DETECTORS_OF_HINT = new Map(
  HINTS.map((hint) => [hint, DETECTORS.reduce((mask, d, i) => (d.hints.some((h) => hint.startsWith(h)) ? mask | (1 << i) : mask), 0)]),
);
const ALL_DETECTORS = 2 ** DETECTORS.length - 1;
// A mask is a small integer only up to 31 detectors; past that, bits would wrap and secrets go unseen.
if (DETECTORS.length > 31) throw new Error('redact-secrets: more detectors than bits in a detector mask');

/**
 * Any detector's hint: one scan finds every hint present, where a search per hint and detector
 * took longer than the detectors themselves; most texts (a short error, a JSON field name) hold
 * none. Matched case-insensitively like the patterns, so a pattern's match always holds one of its
 * detector's hints in a form this finds. Restarted one character after each hint it finds, so
 * hints that overlap ("passig") are all found.
 */
const ANY_HINT = new RegExp(HINTS.map((h) => h.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'), 'gi');

/** The detectors, as a bit mask over DETECTORS, one of whose hints `text` holds. */
function detectorsHinted(text: string): number {
  let wanted = 0;
  ANY_HINT.lastIndex = 0;
  for (let m = ANY_HINT.exec(text); m && wanted !== ALL_DETECTORS; m = ANY_HINT.exec(text)) {
    wanted |= DETECTORS_OF_HINT.get(m[0].toLowerCase())!;
    ANY_HINT.lastIndex = m.index + 1;
  }
  return wanted;
}

/** Each detector's capture groups as a list, made once rather than on every scan. */
const GROUPS_OF_DETECTOR: readonly (readonly number[])[] = DETECTORS.map((d) => (d.group === undefined ? [] : typeof d.group === 'number' ? [d.group] : d.group));

/** The range of the first of `groups` that took part in the match. */
function firstGroupRange(m: RegExpExecArray, groups: readonly number[]): readonly [number, number] | undefined {
  for (const group of groups) {
    const range = m.indices?.[group];
    if (range) return range;
  }
  return undefined;
}

/** Every secret in `text`, sorted by position, overlapping finds merged. */
export function findSecrets(text: string): SecretSpan[] {
  const wanted = detectorsHinted(text);
  if (wanted === 0) return [];
  const found: (SecretSpan & { priority: number })[] = [];
  for (let priority = 0; priority < DETECTORS.length; priority++) {
    if (!(wanted & (1 << priority))) continue;
    const detector = DETECTORS[priority]!;
    const { pattern, preceded } = detector;
    const groups = GROUPS_OF_DETECTOR[priority]!;
    // exec() loops, not matchAll(): the iterator and its regex clone cost more than a scan that finds nothing.
    pattern.lastIndex = 0;
    for (;;) {
      const m = pattern.exec(text);
      if (!m) break;
      if (preceded && !preceded.pattern.test(text.slice(Math.max(0, m.index - preceded.reach), m.index))) {
        pattern.lastIndex = m.index + 1;
        continue;
      }
      if (detector.kind === 'private-key') {
        const body = privateKeyBody(text, m.index + m[0].length);
        found.push({ start: body.start, end: body.end, kind: detector.kind, priority });
        continue;
      }
      let start = m.index;
      let end = m.index + m[0].length;
      if (groups.length) {
        const range = firstGroupRange(m, groups);
        if (!range) continue;
        [start, end] = range;
      }
      if (end <= start || (detector.accept && !detector.accept(text.slice(start, end)))) continue;
      const kind = detector.kind === KEYED ? (/pass|pwd/i.test(text.slice(m.index, start)) ? 'password' : 'secret') : detector.kind;
      found.push({ start, end, kind, priority });
    }
  }
  found.sort((a, b) => a.start - b.start || a.priority - b.priority || b.end - a.end);
  const merged: SecretSpan[] = [];
  for (const { start, end, kind } of found) {
    const last = merged[merged.length - 1];
    if (last && start < last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end, kind });
  }
  return merged;
}

/** The key material between a BEGIN line and its END line; a key cut off by the paste runs to the end. */
function privateKeyBody(text: string, headerEnd: number): { start: number; end: number } {
  const endMarker = text.indexOf('-----END ', headerEnd);
  const stop = endMarker === -1 ? text.length : endMarker;
  let start = headerEnd;
  let end = stop;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end: end > start ? end : stop };
}

function redactionMarker(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/** `text` with every secret replaced by `[REDACTED:kind]`; everything else unchanged. */
export function redactSecrets(text: string): string {
  return redactRange(text, findSecrets(text), 0, text.length);
}

/**
 * The slice [start, end) of `text` with the given secrets hidden. A secret cut by the slice's edge
 * is hidden too, so a highlighted span never leaks part of a token.
 */
export function redactRange(text: string, secrets: readonly SecretSpan[], start: number, end: number): string {
  let out = '';
  let at = start;
  for (const secret of secrets) {
    if (secret.end <= start) continue;
    if (secret.start >= end) break;
    out += text.slice(at, Math.max(at, secret.start));
    out += redactionMarker(secret.kind);
    at = Math.max(at, secret.end);
  }
  return at < end ? out + text.slice(at, end) : out;
}

/** Whether the range [start, end) touches a secret. */
function overlapsSecret(secrets: readonly SecretSpan[], start: number, end: number): boolean {
  return secrets.some((s) => s.start < end && s.end > start);
}

/**
 * The secrets of one paste, looked for only where the paste is about to be shown: each range asked
 * about is scanned with the line before and the line after it (no detector but the private-key one
 * matches across more than one line break), and a paste holding a private key is scanned whole.
 * On a long log this scans a few lines instead of the whole paste.
 */
export class PasteSecrets {
  readonly #text: string;
  readonly #scanWhole: boolean;
  /** The secrets of the whole paste, once scanned whole. */
  #whole?: SecretSpan[];
  /** The secrets of each window scanned, by `from:to` (a long paste's). */
  #windows?: Map<string, SecretSpan[]>;

  constructor(text: string) {
    this.#text = text;
    this.#scanWhole = text.length < WHOLE_SCAN_BELOW || /-----begin /i.test(text);
  }

  /** The secrets that could touch [start, end), in the paste's offsets. */
  near(start: number, end: number): SecretSpan[] {
    // A short paste, most of them, is scanned once, on first use: no window to work out or look up.
    if (this.#scanWhole) return (this.#whole ??= findSecrets(this.#text));
    const from = lineStart(this.#text, lineStart(this.#text, start) - 1);
    const to = lineEnd(this.#text, lineEnd(this.#text, end) + 1);
    const key = `${from}:${to}`;
    this.#windows ??= new Map();
    let secrets = this.#windows.get(key);
    if (!secrets) {
      secrets = findSecrets(this.#text.slice(from, to)).map((s) => ({ start: s.start + from, end: s.end + from, kind: s.kind }));
      this.#windows.set(key, secrets);
    }
    return secrets;
  }

  /** The slice [start, end) of the paste with its secrets hidden (see redactRange). */
  redact(start: number, end: number): string {
    return redactRange(this.#text, this.near(start, end), start, end);
  }

  /** Whether [start, end) touches a secret. */
  overlaps(start: number, end: number): boolean {
    return overlapsSecret(this.near(start, end), start, end);
  }
}

/** Below this length a paste is scanned whole: windows would not save anything. */
const WHOLE_SCAN_BELOW = 4096;

/** Offset where the line holding `at` starts (0 for a negative `at`). */
function lineStart(text: string, at: number): number {
  if (at <= 0) return 0;
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** Offset just past the line holding `at` (its line break included), at most the text's length. */
function lineEnd(text: string, at: number): number {
  if (at >= text.length) return text.length;
  const newline = text.indexOf('\n', at);
  return newline === -1 ? text.length : newline + 1;
}
