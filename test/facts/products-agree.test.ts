import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractProducts } from '../../src/facts/products.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';
import { pasteArbitrary, splicedExampleArbitrary } from '../helpers/paste-fragments.js';
import { referenceExtractProducts } from './reference/reference-products.js';
import { bundledExamples } from '../helpers/knowledge-base.js';

// extractProducts was made cheaper (one scan for every product); the products it finds, their
// spans and their order must not change.

/** Product words, near misses and what sits next to them. */
const PRODUCT_WORDS = [
  'okta', 'Okta', 'oktapreview', 'oktapreviewx', 'xokta', 'atlassian', 'JIRA', 'confluence', 'bitbucket', 'AADSTS50126', 'AADSTS', 'aadsts1x',
  'microsoftonline', 'entra', 'Entra ID', 'Azure AD', 'azure  active\ndirectory', 'azure\tad', 'azure', 'azure adx', 'github', 'GitHub', 'github_',
  'slack', 'salesforce', 'force.com', 'Force.COM', 'forcexcom', 'stripe', 'google', 'googleapis', 'googles', 'GoogleAPIs',
  ' ', '\n', '.', '-', '_', '/', '1', 'x',
];
const productPasteArbitrary = fc.array(fc.constantFrom(...PRODUCT_WORDS), { maxLength: 30 }).map((parts) => parts.join(''));
const contextArbitrary = fc.constantFrom<{ product?: string }>({}, { product: 'okta' }, { product: ' Slack ' }, { product: 'zendesk' }, { product: '' });

function expectSameProducts(paste: string, context: { product?: string } = {}): void {
  expect(extractProducts(paste, context), paste).toStrictEqual(referenceExtractProducts(paste, context));
}

describe('extractProducts and its frozen reference', () => {
  let examples: string[] = [];
  beforeAll(async () => {
    examples = await bundledExamples();
  }, 60_000);

  it('find the same products in every bundled example, and in all of them as one text', () => {
    for (const paste of [...examples, examples.join('\n')]) expectSameProducts(paste);
  });

  it('find the same products in pastes made of product words', () => {
    fc.assert(
      fc.property(productPasteArbitrary, contextArbitrary, (paste, context) => expectSameProducts(paste, context)),
      { numRuns: fuzzRuns(3000) },
    );
  });

  it('find the same products in generated and spliced pastes', () => {
    fc.assert(
      fc.property(fc.oneof(pasteArbitrary, splicedExampleArbitrary(examples)), (paste) => expectSameProducts(paste)),
      { numRuns: fuzzRuns(1500) },
    );
  });

  it('find the same products where one product is named many times before the others', () => {
    for (const times of [14, 15, 16, 17, 40]) {
      expectSameProducts(`${'okta '.repeat(times)}jira github okta slack`);
      expectSameProducts(`${'oktapreview.okta '.repeat(times)}AADSTS700 google googleapis Azure AD`);
      expectSameProducts(`slack ${'GitHub/'.repeat(times)}stripe force.com`);
    }
  });
});
