import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiteralScanner } from '../../src/compile/literal-scanner.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';

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

  it('tells apart characters the scanner folds together: non-ASCII units whose low 7 bits are ASCII letters', () => {
    // Keys keep 7 bits per UTF-16 unit: á (U+00E1), š (U+0161) and a (U+0061) share a key, and so
    // do the halves of surrogate pairs with other units; startsWith must settle every such collision.
    const unit = fc.constantFrom('a', 'b', 'c', ' ', '\u00e1', '\u0161', '\u00e2', '\u0162', '\u00e3', '\u0131', '\u212a', 'k', '\ud83d', '\ude00', '\u00e9');
    fc.assert(
      fc.property(fc.array(fc.string({ unit, maxLength: 12 }), { maxLength: 40 }), fc.string({ unit, maxLength: 300 }), (literals, text) => {
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
