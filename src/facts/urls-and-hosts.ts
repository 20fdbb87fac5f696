import { dedupeBySpan } from './status-codes.js';
import type { Found } from './types.js';

const URL_PATTERN = /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s"'<>()[\]{}`,]+/gi;
/** The longest scheme URL_PATTERN accepts: a URL starts at most this far before its `://`. */
const MAX_SCHEME_LENGTH = 16;
const URL_HOST_PATTERN = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]+)/i;
// After a resolver error the "host" is kept as written, so a URL passed as a host name shows up as one.
const RESOLVER_HOST_PATTERN = /\b(?:ENOTFOUND|EAI_AGAIN)\s+([^\s"'`,;()]{1,2048})/g;
const HOST_FIELD_PATTERN = /\bhost(?:name)?["']?\s*[:=]\s*["']?([a-z0-9_](?:[a-z0-9_.-]{0,251}[a-z0-9])?)/gi;

/** URLs in the paste (any scheme), trailing punctuation trimmed. */
export function extractUrls(raw: string): Found<string>[] {
  const found: Found<string>[] = [];
  // Most pastes hold no `://`, and a long log holds it on few lines: the scan starts just before
  // the next `://` (no URL starts earlier) instead of trying a scheme at every word.
  URL_PATTERN.lastIndex = 0;
  for (let separator = raw.indexOf('://'); separator !== -1; separator = raw.indexOf('://', URL_PATTERN.lastIndex)) {
    URL_PATTERN.lastIndex = Math.max(URL_PATTERN.lastIndex, separator - MAX_SCHEME_LENGTH);
    const m = URL_PATTERN.exec(raw);
    if (!m) break;
    const value = trimTrailing(m[0], URL_TRAILING_PUNCTUATION);
    found.push({ value, span: { start: m.index, end: m.index + value.length } });
  }
  return found;
}

/** Host names: the host part of every URL, and names after ENOTFOUND or `host:`; lower-cased. */
export function extractHosts(raw: string, urls: Found<string>[]): Found<string>[] {
  const found: Found<string>[] = [];
  for (const url of urls) {
    const m = URL_HOST_PATTERN.exec(url.value);
    if (!m) continue;
    const start = (url.span?.start ?? 0) + m[0].length - m[1]!.length;
    found.push({ value: m[1]!.toLowerCase(), span: { start, end: start + m[1]!.length } });
  }
  if (raw.includes('ENOTFOUND') || raw.includes('EAI_AGAIN')) collectHostValues(raw, RESOLVER_HOST_PATTERN, found);
  collectHostValues(raw, HOST_FIELD_PATTERN, found);
  return dedupeBySpan(found);
}

// exec() loops, not matchAll(): on a short paste the iterator and its regex clone cost more than the scan.
function collectHostValues(raw: string, pattern: RegExp, into: Found<string>[]): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(raw); m; m = pattern.exec(raw)) {
    const value = trimTrailing(m[1]!, '.:');
    const start = m.index + m[0].length - m[1]!.length;
    into.push({ value: value.toLowerCase(), span: { start, end: start + value.length } });
  }
}

/** Punctuation that ends a sentence around a URL rather than the URL. */
const URL_TRAILING_PUNCTUATION = '.;:!?';

// A loop, not a regex like /[.:]+$/: that retries from every dot of a long dotted run (quadratic:
// a paste of `ENOTFOUND ....` lines took 0.6 s).
/** `text` without the run of `characters` at its end. */
function trimTrailing(text: string, characters: string): string {
  let end = text.length;
  while (end > 0 && characters.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}
