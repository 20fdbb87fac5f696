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
 * One of the numeric status patterns of the frozen reference, as a test of one number of the
 * paste: `at`, a sticky regex tried at the number (`offset` from its first digit), holds when the
 * pattern has a match whose number (its group 1) is those three digits. `errorsOnly` for the
 * patterns that read only 4xx and 5xx. `needs` is what the pattern needs of the paste's normalized
 * text (lower case, whitespace runs one space), literal-led and case-sensitive: without it, the
 * pattern is not tried; none for a pattern that needs only common words.
 */
interface StatusPattern {
  at: RegExp;
  /** Where `at` is tried, from the number's first digit. */
  offset: number;
  errorsOnly: boolean;
  needs?: RegExp;
}

// Each is the reference's pattern tried at a number: the words before the number in a lookbehind,
// or the pattern itself where it must start. Linear: no nested quantifiers, and no two `\s*`
// around an optional separator (`\s*[:=]?\s*` is quadratic on a long run of spaces). The words
// before a number hold no digits but an HTTP version's one or two, and those after it (a reason
// phrase) none, so no other number lies inside a match: each number of the paste is settled on its
// own, in the order of the paste, as a scan would find them.
const STATUS_PATTERNS: StatusPattern[] = [
  {
    at: /(?<=\bHTTP(?:\/\d(?:\.\d)?)?"?\s+)[1-5]\d\d\b/iy,
    offset: 0,
    errorsOnly: false,
    needs: /http/,
  },
  {
    at: /(?<=\b(?:status|status[_ ]?code|statusCode|http[_ ]?status|response[_ ]?code|httpCode)["']?\s*(?:[:=]\s*)?["']?)[1-5]\d\d\b/iy,
    offset: 0,
    errorsOnly: false,
    needs: /status|response|httpcode/,
  },
  // Numbers read as statuses only when they are errors (4xx, 5xx).
  {
    at: /(?<=\b(?:code|error|returned|responded with|received|got|failed with|HttpError|HTTPError)["']?\s*(?:[:=]\s*)?(?:an?\s+)?(?:HTTP\s*)?["']?)[45]\d\d\b/iy,
    offset: 0,
    errorsOnly: true,
  },
  {
    at: /\b[45]\d\d\s*(?:[:-]\s*)?(?:Bad Request|Unauthorized|Forbidden|Not Found|Conflict|Proxy Authentication Required|Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)\b/iy,
    offset: 0,
    errorsOnly: true,
  },
  { at: /\([45]\d\d\)/y, offset: -1, errorsOnly: true, needs: /\(/ },
];

/**
 * The numbers a status pattern can read: three digits, the first 1 to 5, with no digit before or
 * after (every pattern's number has a word boundary or a non-digit on each side).
 */
const STATUS_NUMBER = /[1-5]\d\d(?!\d)/g;

const PHRASE_PATTERN = new RegExp(`\\b(${Object.keys(REASON_PHRASES).map((p) => p.replace(/ /g, '\\s+')).join('|')})\\b`, 'gi');

/**
 * HTTP status codes in the paste: from numbers next to status words and from reason phrases, in
 * the frozen reference's order (test/facts/reference/reference-extractors.ts): each pattern's
 * numbers in the order of the paste, pattern after pattern, then the phrases. `normalized` is the
 * paste's normalized text (normalizeText), searched for what each pattern needs.
 *
 * Shaped for long logs: the paste is scanned once for numbers that could be statuses, and each
 * pattern is tried at those only, where a scan per pattern tried its words at every word start of
 * the paste (five scans, most of the time extracting statuses took on a 2 KiB log). The plain form,
 * a scan per pattern, is the frozen reference (test/facts/extractors-agree.test.ts holds them equal).
 */
export function extractStatusCodes(raw: string, normalized: string): Found<number>[] {
  const found: Found<number>[] = [];
  const numbers = statusNumbers(raw);
  if (numbers.length) for (const pattern of STATUS_PATTERNS) collectStatusNumbers(raw, normalized, numbers, pattern, found);
  PHRASE_PATTERN.lastIndex = 0;
  for (let m = PHRASE_PATTERN.exec(raw); m; m = PHRASE_PATTERN.exec(raw)) {
    const value = REASON_PHRASES[m[1]!.toLowerCase().replace(/\s+/g, ' ')];
    if (value) found.push({ value, span: { start: m.index, end: m.index + m[0].length } });
  }
  return dedupeBySpan(found);
}

/** Offsets of the numbers STATUS_NUMBER finds that no digit precedes, in order. */
function statusNumbers(raw: string): number[] {
  const numbers: number[] = [];
  STATUS_NUMBER.lastIndex = 0;
  for (let m = STATUS_NUMBER.exec(raw); m; m = STATUS_NUMBER.exec(raw)) {
    const before = m.index > 0 ? raw.charCodeAt(m.index - 1) : 0;
    if (before < 48 || before > 57) numbers.push(m.index);
  }
  return numbers;
}

function collectStatusNumbers(raw: string, normalized: string, numbers: readonly number[], { at, offset, errorsOnly, needs }: StatusPattern, into: Found<number>[]): void {
  if (needs && !needs.test(normalized)) return;
  for (let i = 0; i < numbers.length; i++) {
    const start = numbers[i]!;
    const first = raw.charCodeAt(start);
    // 4 and 5: the error patterns read no other number.
    if (errorsOnly && first !== 52 && first !== 53) continue;
    at.lastIndex = start + offset;
    if (at.test(raw)) into.push({ value: Number(raw.slice(start, start + 3)), span: { start, end: start + 3 } });
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
