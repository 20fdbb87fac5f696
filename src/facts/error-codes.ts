import { constants } from 'node:os';
import { dedupeBySpan } from './status-codes.js';
import type { Found } from './types.js';

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
export function extractErrorCodes(raw: string): Found<string>[] {
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
  return dedupeBySpan(found);
}
