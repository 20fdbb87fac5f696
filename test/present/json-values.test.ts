import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonInteger, jsonNumber, jsonScalarList, jsonString } from '../../src/present/json-values.js';

// Any UTF-16 code unit, lone surrogates included, with the characters JSON treats specially drawn often.
const codeUnit = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), weight: 3 },
  { arbitrary: fc.constantFrom('"', '\\', '/', '\u2028', '\u2029', '\u0000', '\u001f', '\u007f', '\ud800', '\udfff', '\ud83d\ude00'), weight: 2 },
  { arbitrary: fc.constantFrom('a', 'Z', ' ', '<', '>'), weight: 3 },
);

describe('jsonString', () => {
  it('writes exactly what JSON.stringify writes, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: codeUnit, maxLength: 60 }), (text) => {
        expect(jsonString(text)).toBe(JSON.stringify(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('numbers and lists', () => {
  it('writes numbers as JSON does, and never a token JSON lacks', () => {
    for (const n of [0, -0, 7, -3.25, 0.1 + 0.2, 1e21, 5e-7, Number.MAX_SAFE_INTEGER, Infinity, -Infinity, NaN]) {
      expect(jsonNumber(n)).toBe(JSON.stringify(n));
    }
  });

  it('writes hundredths (scores, timings) and any other number exactly as JSON does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2e9, max: 2e9 }), (n) => {
        expect(jsonNumber(n / 100)).toBe(JSON.stringify(n / 100));
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (n) => {
        expect(jsonNumber(n)).toBe(JSON.stringify(n));
      }),
      { numRuns: 20_000 },
    );
    for (let n = -1000; n <= 1000; n++) expect(jsonNumber(n / 100)).toBe(JSON.stringify(n / 100));
  });

  it('truncates a fraction given for an integer, as fastify does', () => {
    expect([3, 3.7, -3.7, -0.5].map(jsonInteger)).toEqual(['3', '3', '-3', '0']);
    expect(jsonInteger(NaN)).toBe('null');
  });

  it('writes lists of strings and of integers as JSON does', () => {
    for (const list of [[], ['a', 'b"c', '\u2028'], [401, 403]]) expect(jsonScalarList(list)).toBe(JSON.stringify(list));
  });
});
