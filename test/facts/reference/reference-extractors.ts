/**
 * FROZEN PRE-OPTIMIZATION REFERENCE — not imported from src/; edited only to change behaviour on purpose.
 *
 * Verbatim copies of the fact extractors as they were before they were made cheaper
 * (src/facts/status-codes.ts, error-codes.ts, urls-and-hosts.ts, normalize-text.ts at commit
 * 76522c1; json-fields.ts was left as it was), exported under reference* names. The property tests in
 * test/facts/extractors-agree.test.ts hold the optimized extractors to exactly these results:
 * same values, same spans, same order. A change meant to alter what is found changes this copy in
 * the same commit, so the difference is reviewed as the behaviour change it is.
 */
import { constants } from 'node:os';
import type { Found } from '../../../src/facts/types.js';

/** The normalized text with every character's offset in the paste tabled (the plain form of NormalizedText.offsetOf). */
interface NormalizedText {
  text: string;
  offsets: Int32Array;
  originalLength: number;
}

// ---- src/facts/status-codes.ts ----
/** Reason phrases that stand for a status code even when the number is absent. */
const REASON_PHRASES: Record<string, number> = {
  'bad request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not found': 404,
  conflict: 409,
  'proxy authentication required': 407,
  'too many requests': 429,
  'internal server error': 500,
  'bad gateway': 502,
  'service unavailable': 503,
  'gateway timeout': 504,
};

// Each pattern is linear: no nested quantifiers, and no two `\s*` around an optional separator
// (`\s*[:=]?\s*` is quadratic on a long run of spaces); group 1 is the number.
const NUMERIC_PATTERNS: RegExp[] = [
  /\bHTTP(?:\/\d(?:\.\d)?)?"?\s+([1-5]\d\d)\b/gi,
  /\b(?:status|status[_ ]?code|statusCode|http[_ ]?status|response[_ ]?code|httpCode)["']?\s*(?:[:=]\s*)?["']?([1-5]\d\d)\b/gi,
  /\b(?:code|error|returned|responded with|received|got|failed with|HttpError|HTTPError)["']?\s*(?:[:=]\s*)?(?:an?\s+)?(?:HTTP\s*)?["']?([45]\d\d)\b/gi,
  /\b([45]\d\d)\s*(?:[:-]\s*)?(?:Bad Request|Unauthorized|Forbidden|Not Found|Conflict|Proxy Authentication Required|Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)\b/gi,
  /\(([45]\d\d)\)/g,
];

const PHRASE_PATTERN = new RegExp(`\\b(${Object.keys(REASON_PHRASES).map((p) => p.replace(/ /g, '\\s+')).join('|')})\\b`, 'gi');

/** HTTP status codes in the paste: from numbers next to status words and from reason phrases. */
export function referenceExtractStatusCodes(raw: string): Found<number>[] {
  const found: Found<number>[] = [];
  for (const pattern of NUMERIC_PATTERNS) {
    pattern.lastIndex = 0;
    for (const m of raw.matchAll(pattern)) {
      const digits = m[1]!;
      const start = m.index + m[0].lastIndexOf(digits);
      found.push({ value: Number(digits), span: { start, end: start + 3 } });
    }
  }
  for (const m of raw.matchAll(PHRASE_PATTERN)) {
    const value = REASON_PHRASES[m[1]!.toLowerCase().replace(/\s+/g, ' ')];
    if (value) found.push({ value, span: { start: m.index, end: m.index + m[0].length } });
  }
  return dedupeBySpan(found);
}

function dedupeBySpan<T>(found: Found<T>[]): Found<T>[] {
  const seen = new Set<string>();
  return found.filter((f) => {
    const key = `${String(f.value)}@${f.span?.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---- src/facts/error-codes.ts ----
const ERRNO_NAMES = new Set([...Object.keys(constants.errno), 'ENOTFOUND', 'ESOCKETTIMEDOUT', 'EPROTO']);

const CODE_PATTERNS: RegExp[] = [
  /\bAADSTS\d{4,}\b/g, // Microsoft Entra
  /\bE\d{7}\b/g, // Okta
  /\bIDX\d{5}\b/g, // Microsoft.IdentityModel
  /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, // INVALID_SESSION_ID, CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID
];
const ERRNO_PATTERN = /\bE[A-Z]{2,}\b/g;
// lower_snake codes only count as the value of an error field: "error":"invalid_grant", error=invalid_client.
const FIELD_CODE_PATTERN = /(?:error|code|reason|occurred)["']?\s*[:=]\s*["']?([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b/gi;

/** Error codes in the paste, upper-cased: AADSTS…, E000…, IDX…, errno names, UPPER_SNAKE codes and error-field values. */
export function referenceExtractErrorCodes(raw: string): Found<string>[] {
  const found: Found<string>[] = [];
  for (const pattern of CODE_PATTERNS) {
    for (const m of raw.matchAll(pattern)) found.push({ value: m[0].toUpperCase(), span: { start: m.index, end: m.index + m[0].length } });
  }
  for (const m of raw.matchAll(ERRNO_PATTERN)) {
    if (ERRNO_NAMES.has(m[0])) found.push({ value: m[0], span: { start: m.index, end: m.index + m[0].length } });
  }
  for (const m of raw.matchAll(FIELD_CODE_PATTERN)) {
    const value = m[1]!;
    const start = m.index + m[0].length - value.length;
    found.push({ value: value.toUpperCase(), span: { start, end: start + value.length } });
  }
  // Issue 16: codes without their prefix where the paste names the product (Entra, Okta).
  for (const { product, pattern, prefix } of BARE_CODES) {
    if (!product.test(raw)) continue;
    for (const m of raw.matchAll(pattern)) {
      const start = m.index + m[0].length - m[1]!.length;
      found.push({ value: prefix + m[1]!, span: { start, end: start + m[1]!.length } });
    }
  }
  return dedupeBySpan(found);
}

const BARE_CODES = [
  {
    product: /microsoftonline|\bentra\b|\bazure\s+(?:ad|active directory)\b|\bsign-in\b|\baadsts/i,
    pattern: /(?:sign-in error code|error\s*code|error_codes)["']?\s*[:=]?\s*\[?\s*(\d{5,7})\b/gi,
    prefix: 'AADSTS',
  },
  { product: /\bokta\b/i, pattern: /errorCode["']?\s*[:=]\s*["']?(\d{7})\b/g, prefix: 'E' },
];

// ---- src/facts/urls-and-hosts.ts ----
const URL_PATTERN = /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s"'<>()[\]{}`,]+/gi;
// After a resolver error the "host" is kept as written, so a URL passed as a host name shows up as one.
const RESOLVER_HOST_PATTERN = /\b(?:ENOTFOUND|EAI_AGAIN)\s+([^\s"'`,;()]{1,2048})/g;
const HOST_FIELD_PATTERN = /\bhost(?:name)?["']?\s*[:=]\s*["']?([a-z0-9_](?:[a-z0-9_.-]{0,251}[a-z0-9])?)/gi;

/** URLs in the paste (any scheme), trailing punctuation trimmed. */
export function referenceExtractUrls(raw: string): Found<string>[] {
  const found: Found<string>[] = [];
  for (const m of raw.matchAll(URL_PATTERN)) {
    const value = trimTrailingPunctuation(m[0]);
    found.push({ value, span: { start: m.index, end: m.index + value.length } });
  }
  return found;
}

/** Host names: the host part of every URL, and names after ENOTFOUND or `host:`; lower-cased. */
export function referenceExtractHosts(raw: string, urls: Found<string>[]): Found<string>[] {
  const found: Found<string>[] = [];
  for (const url of urls) {
    const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]+)/i.exec(url.value);
    if (!m) continue;
    const start = (url.span?.start ?? 0) + m[0].length - m[1]!.length;
    found.push({ value: m[1]!.toLowerCase(), span: { start, end: start + m[1]!.length } });
  }
  for (const pattern of [RESOLVER_HOST_PATTERN, HOST_FIELD_PATTERN]) {
    for (const m of raw.matchAll(pattern)) {
      const value = m[1]!.replace(/[.:]+$/, '');
      const start = m.index + m[0].length - m[1]!.length;
      found.push({ value: value.toLowerCase(), span: { start, end: start + value.length } });
    }
  }
  return dedupeBySpan(found);
}

// A loop, not /[.;:!?]+$/: that regex retries from every dot of a long dotted run (quadratic).
function trimTrailingPunctuation(url: string): string {
  let end = url.length;
  while (end > 0 && '.;:!?'.includes(url[end - 1]!)) end--;
  return url.slice(0, end);
}

// ---- src/facts/normalize-text.ts ----
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
export function referenceNormalizeText(raw: string): NormalizedText {
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

