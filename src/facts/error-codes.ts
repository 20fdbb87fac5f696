import { constants } from 'node:os';
import { dedupeBySpan } from './status-codes.js';
import type { Found } from './types.js';

const ERRNO_NAMES = new Set([...Object.keys(constants.errno), 'ENOTFOUND', 'ESOCKETTIMEDOUT', 'EPROTO']);

const AADSTS_PATTERN = /\bAADSTS\d{4,}\b/g; // Microsoft Entra
/**
 * Okta's E0000… codes and errno names (ECONNREFUSED) in one scan: both start with a capital E at a
 * word start, and a match of one cannot overlap a match of the other (digits or letters follow the
 * E), so one pass finds exactly what the two did; group 1 tells them apart. Most pastes hold an E,
 * so this saves a whole scan of nearly every paste.
 */
const E_PATTERN = /\bE(?:(\d{7})|[A-Z]{2,})\b/g;
const IDX_PATTERN = /\bIDX\d{5}\b/g; // Microsoft.IdentityModel
const SNAKE_PATTERN = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g; // INVALID_SESSION_ID, CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID
// lower_snake codes only count as the value of an error field: "error":"invalid_grant", error=invalid_client.
const FIELD_CODE_PATTERN = /(?:error|code|reason|occurred)["']?\s*[:=]\s*["']?([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b/gi;

/**
 * Codes written without their prefix, and the context that gives it back: an Entra sign-in page or
 * log says "Sign-in error code: 50105" or "Error code 50105" (AADSTS50105), and the token endpoint
 * lists `"error_codes":[7000215]`; Okta's `errorCode` field holds the code, at times without its E.
 * The context must name the product, so a bare "error code: 50105" from anything else stays a number.
 */
const BARE_CODES: { product: RegExp; pattern: RegExp; prefix: string }[] = [
  {
    product: /microsoftonline|\bentra\b|\bazure\s+(?:ad|active directory)\b|\bsign-in\b|\baadsts/i,
    pattern: /(?:sign-in error code|error\s*code|error_codes)["']?\s*[:=]?\s*\[?\s*(\d{5,7})\b/gi,
    prefix: 'AADSTS',
  },
  { product: /\bokta\b/i, pattern: /errorCode["']?\s*[:=]\s*["']?(\d{7})\b/g, prefix: 'E' },
];

/**
 * Error codes in the paste, upper-cased: AADSTS…, E000…, IDX…, UPPER_SNAKE codes, errno names,
 * error-field values and prefix-less codes, in that order (the frozen reference's,
 * test/facts/reference/reference-extractors.ts). exec() loops, not matchAll(): on a short paste
 * the iterator and its regex clone cost more than the scan. Each scan is skipped where a fragment
 * its matches contain is absent (the snake-case ones are the costly ones, and most pastes hold no
 * underscore). `normalized` is the paste's normalized text (normalizeText): plain searches of it
 * settle whether a prefix-less code can be there.
 */
export function extractErrorCodes(raw: string, normalized: string): Found<string>[] {
  const found: Found<string>[] = [];
  if (raw.includes('AADSTS')) collectCodes(raw, AADSTS_PATTERN, found);
  const errnos: Found<string>[] = [];
  E_PATTERN.lastIndex = 0;
  for (let m = E_PATTERN.exec(raw); m; m = E_PATTERN.exec(raw)) {
    const code = { value: m[0], span: { start: m.index, end: m.index + m[0].length } };
    if (m[1] !== undefined) found.push(code);
    else if (ERRNO_NAMES.has(m[0])) errnos.push(code);
  }
  if (raw.includes('IDX')) collectCodes(raw, IDX_PATTERN, found);
  const snake = raw.includes('_');
  if (snake) collectCodes(raw, SNAKE_PATTERN, found);
  for (let i = 0; i < errnos.length; i++) found.push(errnos[i]!);
  if (snake) {
    FIELD_CODE_PATTERN.lastIndex = 0;
    for (let m = FIELD_CODE_PATTERN.exec(raw); m; m = FIELD_CODE_PATTERN.exec(raw)) {
      const value = m[1]!;
      const start = m.index + m[0].length - value.length;
      found.push({ value: value.toUpperCase(), span: { start, end: start + value.length } });
    }
  }
  collectBareCodes(raw, normalized, found);
  return dedupeBySpan(found);
}

/** Every match of an upper-case code pattern. */
function collectCodes(raw: string, pattern: RegExp, into: Found<string>[]): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(raw); m; m = pattern.exec(raw)) into.push({ value: m[0], span: { start: m.index, end: m.index + m[0].length } });
}

/**
 * What every match of a BARE_CODES pattern holds, as the paste's normalized text shows it (lower
 * case, each whitespace run one space): `error\s*code`, `error_codes` and `errorCode` become
 * "error code", "errorcode" or "error_code". Literal-led and case-sensitive, its test of the
 * normalized text is a skipping search, where a product's case-insensitive alternation is tried at
 * every character of the paste: most pastes are settled by it. (A regex, not String#includes:
 * includes of several multi-character words cost more than one such test.)
 */
const BARE_CODE_NEEDS = /error[ _]?code/;

/** Codes written without their prefix (BARE_CODES). */
function collectBareCodes(raw: string, normalized: string, into: Found<string>[]): void {
  if (!BARE_CODE_NEEDS.test(normalized)) return;
  for (const { product, pattern, prefix } of BARE_CODES) {
    if (!product.test(raw)) continue;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(raw); m; m = pattern.exec(raw)) {
      const code = m[1]!;
      const start = m.index + m[0].length - code.length;
      into.push({ value: prefix + code, span: { start, end: start + code.length } });
    }
  }
}
