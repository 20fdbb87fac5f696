import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractJsonFields } from '../../src/facts/json-fields.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';
import { pasteArbitrary, splicedExampleArbitrary } from '../helpers/paste-fragments.js';
import { referenceExtractJsonFields } from './reference/reference-json-fields.js';
import { bundledExamples } from '../helpers/knowledge-base.js';

// extractJsonFields was made cheaper; the fields it finds, their values and their order must not
// change (the API's facts summary lists the field names in order).

/** Braces followed by what may or may not start a JSON object, to exercise the pre-check. */
const OPENINGS = [
  '{', '{ ', '{\n', '{\t', '{\r', '{\n\t\r ', '{}', '{ }', '{"', '{ "a": 1 }', '{\t"a":1}', '{\r\n"a":1}', "{'a': 1}", '{a: 1}', '{\u00a0"a": 1}',
  '{\v"a":1}', '{\f}', '{\u2028}', '{{"a":1}}', '[{"a":1}]', '{ "a": {', '}',
];
/** The rest of an object, to close an opening above. */
const CLOSINGS = ['"a": 1}', '"b":[1,{"c":2}]}', '}', ' }', '"x":"}"}', '"y":{}}'];
const openingPasteArbitrary = fc
  .array(fc.oneof(fc.constantFrom(...OPENINGS), fc.string({ maxLength: 6 }), fc.constantFrom(' ', '\n', '"', ':', ',', '1')), { maxLength: 20 })
  .map((parts) => parts.join(''));

function expectSameFields(paste: string, maxDepth?: number): void {
  const limits = maxDepth === undefined ? undefined : { maxObjects: 20, maxObjectLength: 64 * 1024, maxDepth };
  const actual = extractJsonFields(paste, limits);
  const expected = referenceExtractJsonFields(paste, limits);
  expect([...actual], paste).toStrictEqual([...expected]);
}

describe('extractJsonFields and its frozen reference', () => {
  let examples: string[] = [];
  beforeAll(async () => {
    examples = await bundledExamples();
  }, 60_000);

  it('find the same fields in every bundled example, and in all of them as one text', () => {
    for (const paste of [...examples, examples.join('\n')]) expectSameFields(paste);
  });

  it('find the same fields in generated pastes, at any depth limit', () => {
    fc.assert(
      fc.property(pasteArbitrary, fc.integer({ min: 0, max: 4 }), (paste, depth) => {
        expectSameFields(paste);
        expectSameFields(paste, depth);
      }),
      { numRuns: fuzzRuns(3000) },
    );
  });

  it('find the same fields behind braces that may or may not open an object', () => {
    fc.assert(
      fc.property(openingPasteArbitrary, (paste) => expectSameFields(paste)),
      { numRuns: fuzzRuns(3000) },
    );
  });

  it('find the same fields in pastes spliced from bundled examples', () => {
    fc.assert(
      fc.property(splicedExampleArbitrary(examples), (paste) => expectSameFields(paste)),
      { numRuns: fuzzRuns(1500) },
    );
  });

  it('count empty objects and skipped braces against the same limits', () => {
    // 20 objects are parsed at most, and 60 braces tried: an empty `{}` counts as parsed, a brace that cannot open an object as tried.
    expectSameFields(`${'{} '.repeat(20)}{"a":1}`);
    expectSameFields(`${'{ } '.repeat(19)}{"a":1}`);
    expectSameFields(`${'{x} '.repeat(60)}{"a":1}`);
    expectSameFields(`${'{x} '.repeat(59)}{"a":1}`);
  });

  it('are not vacuously alike: generated pastes hold JSON fields', () => {
    const samples = fc.sample(openingPasteArbitrary, { numRuns: 500, seed: 42 });
    expect(samples.filter((p) => referenceExtractJsonFields(p).size > 0).length).toBeGreaterThan(50);
  });
});
