import type { Found } from './types.js';

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

/**
 * A pattern, and what each of its matches holds as the paste's normalized text shows it (lower
 * case, whitespace runs one space); none for a pattern that needs only common words. `needs` is
 * literal-led and case-sensitive, a skipping search of the normalized text, where the pattern
 * would try a keyword at every word start of the paste.
 */
interface StatusPattern {
  pattern: RegExp;
  needs?: RegExp;
}

// Each pattern is linear: no nested quantifiers, and no two `\s*` around an optional separator
// (`\s*[:=]?\s*` is quadratic on a long run of spaces); group 1 is the number.
const ANY_STATUS_PATTERNS: StatusPattern[] = [
  { pattern: /\bHTTP(?:\/\d(?:\.\d)?)?"?\s+([1-5]\d\d)\b/gi, needs: /http/ },
  {
    pattern: /\b(?:status|status[_ ]?code|statusCode|http[_ ]?status|response[_ ]?code|httpCode)["']?\s*(?:[:=]\s*)?["']?([1-5]\d\d)\b/gi,
    needs: /status|response|httpcode/,
  },
];
// Numbers read as statuses only when they are errors (4xx, 5xx).
const ERROR_STATUS_PATTERNS: StatusPattern[] = [
  { pattern: /\b(?:code|error|returned|responded with|received|got|failed with|HttpError|HTTPError)["']?\s*(?:[:=]\s*)?(?:an?\s+)?(?:HTTP\s*)?["']?([45]\d\d)\b/gi },
  {
    pattern: /\b([45]\d\d)\s*(?:[:-]\s*)?(?:Bad Request|Unauthorized|Forbidden|Not Found|Conflict|Proxy Authentication Required|Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)\b/gi,
  },
  { pattern: /\(([45]\d\d)\)/g, needs: /\(/ },
];
// Half the pastes hold no three-digit number a status could be: one scan for it spares the five
// numeric scans, each of which costs more (they try a keyword at every word start).
const ANY_STATUS_NUMBER = /[1-5]\d\d/;
const ERROR_STATUS_NUMBER = /[45]\d\d/;

const PHRASE_PATTERN = new RegExp(`\\b(${Object.keys(REASON_PHRASES).map((p) => p.replace(/ /g, '\\s+')).join('|')})\\b`, 'gi');

/**
 * HTTP status codes in the paste: from numbers next to status words and from reason phrases, in
 * the frozen reference's order (test/facts/reference/reference-extractors.ts). `normalized` is the
 * paste's normalized text (normalizeText), searched for what each pattern needs.
 */
export function extractStatusCodes(raw: string, normalized: string): Found<number>[] {
  const found: Found<number>[] = [];
  if (ANY_STATUS_NUMBER.test(raw)) {
    for (const pattern of ANY_STATUS_PATTERNS) collectStatusNumbers(raw, normalized, pattern, found);
    if (ERROR_STATUS_NUMBER.test(raw)) for (const pattern of ERROR_STATUS_PATTERNS) collectStatusNumbers(raw, normalized, pattern, found);
  }
  PHRASE_PATTERN.lastIndex = 0;
  for (let m = PHRASE_PATTERN.exec(raw); m; m = PHRASE_PATTERN.exec(raw)) {
    const value = REASON_PHRASES[m[1]!.toLowerCase().replace(/\s+/g, ' ')];
    if (value) found.push({ value, span: { start: m.index, end: m.index + m[0].length } });
  }
  return dedupeBySpan(found);
}

// exec() loops, not matchAll(): on a short paste the iterator and its regex clone cost more than the scan.
function collectStatusNumbers(raw: string, normalized: string, { pattern, needs }: StatusPattern, into: Found<number>[]): void {
  if (needs && !needs.test(normalized)) return;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(raw); m; m = pattern.exec(raw)) {
    const digits = m[1]!;
    const start = m.index + m[0].lastIndexOf(digits);
    into.push({ value: Number(digits), span: { start, end: start + 3 } });
  }
}

/** `found` without repeats of a value at the same offset, first kept. */
export function dedupeBySpan<T>(found: Found<T>[]): Found<T>[] {
  if (found.length < 2) return found;
  const seen = new Set<string>();
  return found.filter((f) => {
    const key = `${String(f.value)}@${f.span?.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
