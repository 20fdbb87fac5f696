import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HintIndex } from '../../src/redact/hint-scan.js';
import { DETECTORS } from '../../src/redact/redact-secrets.js';
import { SCANNER_HINTS } from '../../src/redact/paste-detectors.js';
import { SECRETLINT_HINT_LISTS } from '../../src/redact/secretlint-rules.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';

// The hint scan is the fast form of `lower.includes(hint)` for every hint, and of counting digits.

const LISTS = [...DETECTORS.flatMap((d) => (d.hints ? [d.hints] : [])), ...SCANNER_HINTS.values(), ...SECRETLINT_HINT_LISTS];
const HINTS = [...new Set(LISTS.flat())];
/** Each hint also as a list of its own, so the test can ask for one hint at a time. */
const ALONE = new Map(HINTS.map((hint) => [hint, [hint]]));
const index = new HintIndex([...LISTS, ...ALONE.values()]);
const ID_OF = new Map(HINTS.map((hint) => [hint, index.idsOf(ALONE.get(hint)!)[0]]));

/** Pieces that make hints, near misses of them (cut, split, at the end), and characters outside ASCII. */
const piece = fc.oneof(
  fc.constantFrom(...HINTS),
  fc.constantFrom(...HINTS).map((h) => h.slice(0, -1)),
  fc.constantFrom(...HINTS).map((h) => h.slice(1)),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('é', 'İ', 'K', 'ſ', '😀', '\u0000', '9', '0'),
);
const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join('').toLowerCase());

function expectLikeIncludes(lower: string): void {
  const found = index.scan(lower);
  // One comparison per text (an expect per hint made the test take half a minute).
  expect(HINTS.filter((hint) => found.any(ALONE.get(hint)!)), JSON.stringify(lower)).toEqual(HINTS.filter((hint) => lower.includes(hint)));
  expect(LISTS.map((list) => found.any(list))).toEqual(LISTS.map((list) => list.some((hint) => lower.includes(hint))));
  expect(new Set(found.found)).toEqual(new Set(HINTS.filter((hint) => lower.includes(hint)).map((hint) => ID_OF.get(hint))));
  expect(found.digits).toBe(lower.replace(/[^0-9]/g, '').length);
}

describe('the hint scan', () => {
  it('finds what includes() finds, for every hint, on generated texts', () => {
    fc.assert(fc.property(text, expectLikeIncludes), { numRuns: fuzzRuns(2000) });
  });

  it('finds hints at the very start and end of a text, and in texts of one or no character', () => {
    for (const hint of HINTS) for (const t of [hint, `x${hint}`, `${hint}x`, hint.slice(0, -1), '', 'x']) expectLikeIncludes(t);
  });

  it('reports each hint found once, by the id its list has', () => {
    const found = index.scan('token: ghp_ and token again; key-');
    expect(new Set(found.found).size).toBe(found.found.length);
    for (const hint of ['token', 'ghp_', 'key-']) expect(found.found).toContain(index.idsOf(ALONE.get(hint)!)[0]);
  });

  it('refuses hints it cannot look up (upper case, outside ASCII)', () => {
    expect(() => new HintIndex([['Token']])).toThrow(/lower-case ASCII/);
    expect(() => new HintIndex([['tökén']])).toThrow(/lower-case ASCII/);
  });
});
