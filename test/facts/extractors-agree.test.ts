import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractErrorCodes } from '../../src/facts/error-codes.js';
import { normalizeText } from '../../src/facts/normalize-text.js';
import { extractStatusCodes } from '../../src/facts/status-codes.js';
import { extractHosts, extractUrls } from '../../src/facts/urls-and-hosts.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';
import { pasteArbitrary, splicedExampleArbitrary } from '../helpers/paste-fragments.js';
import { bundledExamples } from '../helpers/knowledge-base.js';
import {
  referenceExtractErrorCodes,
  referenceExtractHosts,
  referenceExtractStatusCodes,
  referenceExtractUrls,
  referenceNormalizeText,
} from './reference/reference-extractors.js';

// The extractors were made cheaper; what they find must not change, down to the spans and the
// order of each list (ranking, explanations and the API's facts summary read them in order).
// The frozen copies in reference/ are the behaviour they are held to.

function expectSameFacts(paste: string): void {
  // The normalized text settles which patterns can match: the extractors are given it, as PasteFacts gives it.
  const folded = normalizeText(paste).text;
  expect(extractStatusCodes(paste, folded), 'status codes').toStrictEqual(referenceExtractStatusCodes(paste));
  expect(extractErrorCodes(paste, folded), 'error codes').toStrictEqual(referenceExtractErrorCodes(paste));
  const urls = referenceExtractUrls(paste);
  expect(extractUrls(paste), 'urls').toStrictEqual(urls);
  expect(extractHosts(paste, urls), 'hosts').toStrictEqual(referenceExtractHosts(paste, urls));
  // The offsets compared character by character: the common case works each out from the runs folded.
  const normalized = normalizeText(paste);
  const reference = referenceNormalizeText(paste);
  expect(normalized.text, 'normalized text').toBe(reference.text);
  expect(Array.from({ length: normalized.text.length }, (_, at) => normalized.offsetOf(at)), 'normalized offsets').toStrictEqual(Array.from(reference.offsets));
  expect(normalized.originalLength).toBe(reference.originalLength);
}

/**
 * Pastes dense in what the status patterns read: numbers of every length beside the words, separators and
 * brackets around them, in any case, with whitespace of every kind. extractStatusCodes tries each pattern at
 * the numbers only (a lookbehind for the words before): these hold it to the reference's scans, which find
 * each pattern's matches left to right without overlap.
 */
const STATUS_WORDS = ['HTTP', 'http/1.1', 'HTTP/2', 'Http/1.0"', 'status', 'Status_Code', 'statusCode', 'http status', 'response code', 'httpCode', 'code', 'error', 'returned', 'responded with', 'received', 'got', 'failed with', 'HttpError', 'HTTPError', 'an', 'x', '_', '', '\u0130', '\u212a', 'ß'];
const STATUS_SEPARATORS = ['', ' ', '  ', '\t', '\n', '\u00a0', '\u0085', ':', '=', ': ', ' = ', '-', ' - ', '"', "'", '(', ')', '.', '/', ' an ', ' a ', ' HTTP '];
const STATUS_TAILS = ['', 'ms', 'x', ')', '.', ' Bad Request', ': Not  Found', '-Unauthorized', 'FORBIDDEN', ' Conflict', ' Too Many\nRequests', ' gateway timeout', 'Bad gateway', ' Internal Server Error', ' Not\u2028Found', ' bad\u0085request', ' bad \u00a0 request', 'forb\u0130dden', ' bad gateway timeout', 'Unauthorizedx', ' too many requests\ufeff'];
const statusNumber = fc.oneof(fc.integer({ min: 100, max: 599 }), fc.integer({ min: 0, max: 99999 })).map(String);
const statusDenseArbitrary = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...STATUS_WORDS), fc.constantFrom(...STATUS_SEPARATORS), statusNumber, fc.constantFrom(...STATUS_TAILS)).map((parts) => parts.join('')) },
      { weight: 1, arbitrary: fc.constantFrom(...STATUS_SEPARATORS, ...STATUS_WORDS, ...STATUS_TAILS) },
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

describe('the extractors and their frozen references', () => {
  let examples: string[] = [];
  beforeAll(async () => {
    examples = await bundledExamples();
  }, 60_000);

  it('find the same facts in every bundled example', () => {
    expect(examples.length).toBeGreaterThan(100);
    for (const paste of examples) expectSameFacts(paste);
  });

  it('find the same facts in all bundled examples pasted as one long text', () => {
    expectSameFacts(examples.join('\n'));
  });

  it('find the same facts in generated pastes', () => {
    fc.assert(
      fc.property(pasteArbitrary, (paste) => expectSameFacts(paste)),
      { numRuns: fuzzRuns(3000) },
    );
  });

  it('find the same facts in pastes spliced from bundled examples', () => {
    fc.assert(
      fc.property(splicedExampleArbitrary(examples), (paste) => expectSameFacts(paste)),
      { numRuns: fuzzRuns(1500) },
    );
  });

  it('find the same statuses in pastes dense in numbers and status words', () => {
    fc.assert(
      fc.property(statusDenseArbitrary, (paste) => {
        expect(extractStatusCodes(paste, normalizeText(paste).text)).toStrictEqual(referenceExtractStatusCodes(paste));
      }),
      { numRuns: fuzzRuns(4000) },
    );
    // Not vacuous: most of these pastes hold a status, many hold several.
    const samples = fc.sample(statusDenseArbitrary, { numRuns: 500, seed: 7 });
    expect(samples.filter((p) => extractStatusCodes(p, normalizeText(p).text).length > 1).length).toBeGreaterThan(100);
  });

  it('are not vacuously alike: the generated pastes hold every kind of fact', () => {
    const samples = fc.sample(pasteArbitrary, { numRuns: 500, seed: 42 });
    const count = (f: (p: string) => { length?: number; size?: number }) => samples.filter((p) => (f(p).length ?? f(p).size ?? 0) > 0).length;
    expect(count((p) => extractStatusCodes(p, normalizeText(p).text))).toBeGreaterThan(50);
    const codes = (p: string) => extractErrorCodes(p, normalizeText(p).text);
    expect(count(codes)).toBeGreaterThan(50);
    // Prefix-less codes (AADSTS50105 from "Sign-in error code: 50105" beside an Entra host).
    expect(count((p) => codes(p).filter((c) => /^(?:AADSTS|E)\d+$/.test(c.value) && !p.includes(c.value)))).toBeGreaterThan(5);
    expect(count((p) => extractHosts(p, extractUrls(p)))).toBeGreaterThan(50);
    expect(samples.filter((p) => p.toLowerCase().length !== p.length).length).toBeGreaterThan(10);
  });
});
