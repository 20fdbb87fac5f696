/**
 * FROZEN PRE-OPTIMIZATION REFERENCE — not imported from src/; edited only to change behaviour on purpose.
 *
 * A verbatim copy of findSecrets and its detectors (src/redact/redact-secrets.ts at commit 76522c1),
 * exported as referenceFindSecrets. test/redact/find-secrets-agrees.test.ts holds the optimized
 * findSecrets to exactly these results. A change meant to alter what is found changes this copy in
 * the same commit, so the difference is reviewed as the behaviour change it is.
 */
/** One secret found in a text: the characters to hide, and what kind of secret they are. */
interface SecretSpan {
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
const DETECTORS: readonly Detector[] = [
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
  // scheme://user:password@host — also redis://:password@host.
  { kind: 'url-password', pattern: /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s:/?#@"'<>]{0,256}:([^\s/?#@"'<>]{1,256})@/dgi, group: 1, accept: looksLikeValue, hints: ['://'] },
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

const PRIORITY = new Map(DETECTORS.map((d, i) => [d, i]));

/**
 * Any detector's hint, in one pattern: most texts (a short error, a JSON field name) hold none,
 * and one scan rejects them where a search per hint took longer than the detectors themselves.
 */
const ANY_HINT = new RegExp([...new Set(DETECTORS.flatMap((d) => d.hints))].map((h) => h.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'), 'i');

/** Every secret in `text`, sorted by position, overlapping finds merged. */
export function referenceFindSecrets(text: string): SecretSpan[] {
  if (!ANY_HINT.test(text)) return [];
  const found: (SecretSpan & { priority: number })[] = [];
  const lower = text.toLowerCase();
  for (const detector of DETECTORS) {
    if (!detector.hints.some((hint) => lower.includes(hint))) continue;
    detector.pattern.lastIndex = 0;
    for (const m of text.matchAll(detector.pattern)) {
      if (detector.kind === 'private-key') {
        found.push({ ...privateKeyBody(text, m.index + m[0].length), kind: detector.kind, priority: PRIORITY.get(detector)! });
        continue;
      }
      const groups = detector.group === undefined ? [] : [detector.group].flat();
      const range: readonly [number, number] | undefined = groups.length ? groups.map((g) => m.indices?.[g]).find(Boolean) : [m.index, m.index + m[0].length];
      if (!range) continue;
      const [start, end] = range;
      if (end <= start || (detector.accept && !detector.accept(text.slice(start, end)))) continue;
      const kind = detector.kind === KEYED ? (/pass|pwd/i.test(text.slice(m.index, start)) ? 'password' : 'secret') : detector.kind;
      found.push({ start, end, kind, priority: PRIORITY.get(detector)! });
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
