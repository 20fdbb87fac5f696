import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiteralScanner } from '../../src/compile/literal-scanner.js';
import { fuzzRuns } from '../fuzz/fuzz-runs.js';

const naive = (literals: string[], text: string) =>
  literals
    .map((literal, index) => (literal && text.includes(literal) ? index : -1))
    .filter((i) => i >= 0)
    .sort((a, b) => a - b);

describe('LiteralScanner', () => {
  it('finds exactly the literals a text contains: short, long, overlapping, repeated', () => {
    // A small alphabet makes shared windows, overlaps and near misses common.
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.', ' ', 'x'), maxLength: 14 });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.', ' ', 'x', 'y'), maxLength: 300 }), (literals, text) => {
        const found = new LiteralScanner(literals).present(text);
        expect([...found].sort((a, b) => a - b)).toEqual(naive(literals, text));
      }),
      { numRuns: fuzzRuns(500) },
    );
  });

  it('finds literals that share their common windows among many look-alikes', () => {
    const hosts = Array.from({ length: 200 }, (_, i) => `api.tenant${i}.example.com/scim/v2/users/`);
    const text = `GET https://api.tenant17.example.com/scim/v2/users/42 403; retry api.tenant170.example.com/scim/v2/user`;
    expect(new LiteralScanner(hosts).present(text)).toEqual([17]);
  });
});
