import type { Found, PasteContext } from './types.js';

/**
 * Words that name a product, and the product they stand for. No two products' words can match at
 * the same offset (extractProducts relies on it to scan for all of them at once).
 */
const PRODUCT_PATTERNS: [string, RegExp][] = [
  ['okta', /\bokta(?:preview)?\b/gi],
  ['atlassian', /\b(?:atlassian|jira|confluence|bitbucket)\b/gi],
  ['entra', /\b(?:AADSTS\d+|microsoftonline|entra|azure\s+(?:ad|active\s+directory))\b/gi],
  ['github', /\bgithub\b/gi],
  ['slack', /\bslack\b/gi],
  ['salesforce', /\b(?:salesforce|force\.com)\b/gi],
  ['stripe', /\bstripe\b/gi],
  ['google', /\b(?:google|googleapis)\b/gi],
];

/** The products extractProducts recognises: each a vendor with its own articles' errors. */
export const VENDOR_PRODUCTS: ReadonlySet<string> = new Set(PRODUCT_PATTERNS.map(([name]) => name));

/**
 * Every product's words in one pattern, group i + 1 holding product i's: one scan of the paste
 * instead of one per product, which cost more on a short paste.
 */
const ANY_PRODUCT = new RegExp(`\\b(?:${PRODUCT_PATTERNS.map(([, pattern]) => `(${wordsOf(pattern)})`).join('|')})\\b`, 'gi');

/** The pattern between its leading and trailing `\b`. */
function wordsOf(pattern: RegExp): string {
  if (!pattern.source.startsWith('\\b') || !pattern.source.endsWith('\\b')) throw new Error(`products: ${pattern.source} is not between \\b and \\b`);
  return pattern.source.slice(2, -2);
}

/**
 * Matches of ANY_PRODUCT gone through before the products not yet found are looked for one by
 * one: a long log naming one product a thousand times would otherwise cost a match each.
 */
const MAX_SHARED_MATCHES = 16;

/** Products named in the paste (each at its first mention), plus the one the request names in its context. */
export function extractProducts(raw: string, context: PasteContext): Found<string>[] {
  const first: (Found<string> | undefined)[] = new Array(PRODUCT_PATTERNS.length);
  let named = 0;
  let matches = 0;
  let resumeAt = -1;
  ANY_PRODUCT.lastIndex = 0;
  for (let m = ANY_PRODUCT.exec(raw); m; m = ANY_PRODUCT.exec(raw)) {
    let product = 0;
    while (m[product + 1] === undefined) product++;
    if (first[product] === undefined) {
      first[product] = { value: PRODUCT_PATTERNS[product]![0], span: { start: m.index, end: m.index + m[0].length } };
      if (++named === PRODUCT_PATTERNS.length) break;
    }
    // Every offset is tried, as each product's own pattern would from the start of the paste.
    ANY_PRODUCT.lastIndex = m.index + 1;
    if (++matches === MAX_SHARED_MATCHES) {
      resumeAt = m.index + 1;
      break;
    }
  }
  const found: Found<string>[] = [];
  for (let product = 0; product < PRODUCT_PATTERNS.length; product++) {
    let mention = first[product];
    if (mention === undefined && resumeAt !== -1) {
      const [name, pattern] = PRODUCT_PATTERNS[product]!;
      pattern.lastIndex = resumeAt;
      const m = pattern.exec(raw);
      pattern.lastIndex = 0;
      if (m) mention = { value: name, span: { start: m.index, end: m.index + m[0].length } };
    }
    if (mention !== undefined) found.push(mention);
  }
  const fromContext = context.product?.trim().toLowerCase();
  if (fromContext && !found.some((f) => f.value === fromContext)) found.push({ value: fromContext });
  return found;
}
