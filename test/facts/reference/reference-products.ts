/**
 * FROZEN PRE-OPTIMIZATION REFERENCE — not imported from src/; edited only to change behaviour on purpose.
 *
 * A verbatim copy of src/facts/products.ts at commit 17c1fd3, before it was made cheaper, exported
 * under a reference* name. test/facts/products-agree.test.ts holds the optimized extractProducts
 * to exactly its results: the same products, spans and order. A change meant to alter what is
 * found changes this copy in the same commit, so the difference is reviewed as the behaviour
 * change it is.
 */
import type { Found, PasteContext } from '../../../src/facts/types.js';

/** Words that name a product, and the product they stand for. */
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

/** Products named in the paste, plus the one the request names in its context. */
export function referenceExtractProducts(raw: string, context: PasteContext): Found<string>[] {
  const found: Found<string>[] = [];
  for (const [name, pattern] of PRODUCT_PATTERNS) {
    const m = pattern.exec(raw);
    pattern.lastIndex = 0;
    if (m) found.push({ value: name, span: { start: m.index, end: m.index + m[0].length } });
  }
  const fromContext = context.product?.trim().toLowerCase();
  if (fromContext && !found.some((f) => f.value === fromContext)) found.push({ value: fromContext });
  return found;
}
