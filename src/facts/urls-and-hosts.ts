import { dedupeBySpan } from './status-codes.js';
import type { Found } from './types.js';

const URL_PATTERN = /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s"'<>()[\]{}`,]+/gi;
// After a resolver error the "host" is kept as written, so a URL passed as a host name shows up as one.
const RESOLVER_HOST_PATTERN = /\b(?:ENOTFOUND|EAI_AGAIN)\s+([^\s"'`,;()]{1,2048})/g;
const HOST_FIELD_PATTERN = /\bhost(?:name)?["']?\s*[:=]\s*["']?([a-z0-9_](?:[a-z0-9_.-]{0,251}[a-z0-9])?)/gi;

/** URLs in the paste (any scheme), trailing punctuation trimmed. */
export function extractUrls(raw: string): Found<string>[] {
  const found: Found<string>[] = [];
  for (const m of raw.matchAll(URL_PATTERN)) {
    const value = trimTrailingPunctuation(m[0]);
    found.push({ value, span: { start: m.index, end: m.index + value.length } });
  }
  return found;
}

/** Host names: the host part of every URL, and names after ENOTFOUND or `host:`; lower-cased. */
export function extractHosts(raw: string, urls: Found<string>[]): Found<string>[] {
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
