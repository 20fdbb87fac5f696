import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberJson } from '../../src/present/match-result-json.js';

/** The reference: how JSON.stringify (and so fastify's serializer) writes a number. */
const reference = (n: number) => JSON.stringify(n);

/** Numbers as answers hold them (quarters, thousandths, hundredths), near the fast path's edges, and any double. */
const number = fc.oneof(
  fc.integer({ min: -2e12, max: 2e12 }).map((k) => k / 1000),
  fc.integer({ min: -1e6, max: 1e6 }).map((k) => k / 4),
  fc.integer({ min: -1e7, max: 1e7 }).map((k) => k / 100),
  fc.double({ noNaN: false }),
  fc.double({ min: -1e9, max: 1e9 }),
  fc.constantFrom(0, -0, 0.001, -0.001, 0.005, 0.05, 0.5, 0.996, 0.1 + 0.2, 999_999_999.999, -999_999_999.999, 1e9 + 0.5, 1e12 + 0.25, 1e21, 5e-7, NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE),
);

describe('numberJson', () => {
  it('writes every number as JSON.stringify does', () => {
    fc.assert(
      fc.property(number, (n) => {
        expect(numberJson(n)).toBe(reference(n));
      }),
      { numRuns: 20_000 },
    );
  });

  it('writes every count of thousandths up to a few thousand as JSON.stringify does', () => {
    for (let k = -5000; k <= 5000; k++) expect(numberJson(k / 1000)).toBe(reference(k / 1000));
  });
});
