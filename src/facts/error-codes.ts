import { constants } from 'node:os';
import { dedupeBySpan } from './status-codes.js';
import type { Found } from './types.js';

const ERRNO_NAMES = new Set([...Object.keys(constants.errno), 'ENOTFOUND', 'ESOCKETTIMEDOUT', 'EPROTO']);

/** A code pattern, and a fragment every match of it contains: where the fragment is absent the pattern is not run. */
interface CodePattern {
  pattern: RegExp;
  needs: string;
}

const CODE_PATTERNS: CodePattern[] = [
  { pattern: /\bAADSTS\d{4,}\b/g, needs: 'AADSTS' }, // Microsoft Entra
  { pattern: /\bE\d{7}\b/g, needs: 'E' }, // Okta
  { pattern: /\bIDX\d{5}\b/g, needs: 'IDX' }, // Microsoft.IdentityModel
  { pattern: /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, needs: '_' }, // INVALID_SESSION_ID, CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID
];
const ERRNO_PATTERN = /\bE[A-Z]{2,}\b/g;
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

/** Error codes in the paste, upper-cased: AADSTS…, E000…, IDX…, errno names, UPPER_SNAKE codes and error-field values. */
export function extractErrorCodes(raw: string): Found<string>[] {
  const found: Found<string>[] = [];
  // exec() loops, not matchAll(): on a short paste the iterator and its regex clone cost more than
  // the scan. The snake-case patterns are the costly ones, and most pastes hold no underscore.
  for (const { pattern, needs } of CODE_PATTERNS) {
    if (!raw.includes(needs)) continue;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(raw); m; m = pattern.exec(raw)) found.push({ value: m[0].toUpperCase(), span: { start: m.index, end: m.index + m[0].length } });
  }
  ERRNO_PATTERN.lastIndex = 0;
  for (let m = ERRNO_PATTERN.exec(raw); m; m = ERRNO_PATTERN.exec(raw)) {
    if (ERRNO_NAMES.has(m[0])) found.push({ value: m[0], span: { start: m.index, end: m.index + m[0].length } });
  }
  if (raw.includes('_')) {
    FIELD_CODE_PATTERN.lastIndex = 0;
    for (let m = FIELD_CODE_PATTERN.exec(raw); m; m = FIELD_CODE_PATTERN.exec(raw)) {
      const value = m[1]!;
      const start = m.index + m[0].length - value.length;
      found.push({ value: value.toUpperCase(), span: { start, end: start + value.length } });
    }
  }
  for (const { product, pattern, prefix } of BARE_CODES) {
    if (!/\d{5}/.test(raw) || !product.test(raw)) continue;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(raw); m; m = pattern.exec(raw)) {
      const digits = m[1]!;
      const start = m.index + m[0].length - digits.length;
      found.push({ value: prefix + digits, span: { start, end: start + digits.length } });
    }
  }
  return dedupeBySpan(found);
}
