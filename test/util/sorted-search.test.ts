import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { includesSorted, lowerBound } from '../../src/util/sorted-search.js';

// The plain forms: the first place at or past `low` whose value is not below `value`, read in order.
const plainLowerBound = (list: readonly number[], value: number, low: number, high: number) => {
  for (let i = low; i < high; i++) if (list[i]! >= value) return i;
  return high;
};

const sortedWithRange = fc
  .array(fc.integer({ min: -50, max: 50 }), { maxLength: 40 })
  .map((list) => list.sort((a, b) => a - b))
  .chain((list) => fc.tuple(fc.constant(list), fc.integer({ min: 0, max: list.length }), fc.integer({ min: 0, max: list.length }), fc.integer({ min: -60, max: 60 })))
  .map(([list, a, b, value]) => ({ list, low: Math.min(a, b), high: Math.max(a, b), value }));

describe('sorted search', () => {
  it('agrees with reading the range in order, on plain and typed arrays', () => {
    fc.assert(
      fc.property(sortedWithRange, ({ list, low, high, value }) => {
        const expected = plainLowerBound(list, value, low, high);
        expect(lowerBound(list, value, low, high)).toBe(expected);
        expect(lowerBound(Int32Array.from(list), value, low, high)).toBe(expected);
        expect(includesSorted(list, value, low, high)).toBe(list.slice(low, high).includes(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('searches the whole list by default', () => {
    expect(lowerBound([1, 3, 3, 5], 3)).toBe(1);
    expect(lowerBound([1, 3, 3, 5], 6)).toBe(4);
    expect(includesSorted(Int32Array.from([2, 4, 8]), 4)).toBe(true);
    expect(includesSorted([2, 4, 8], 5)).toBe(false);
  });
});
