import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HintIndex } from '../../src/redact/hint-scan.js';
import { DETECTORS } from '../../src/redact/redact-secrets.js';
import { NAMED_VALUE_HINTS, SCANNER_HINTS, SECRET_NAME_HINTS } from '../../src/redact/paste-detectors.js';
import { AWS_ACCOUNT_HINTS, SECRETLINT_HINT_LISTS } from '../../src/redact/secretlint-rules.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';

// The hint scan is the fast form of `asciiLower(text).includes(hint)` for every hint, of counting
// digits, and of the plain regular expressions below for what it watches for after some hints.

const LISTS = [...DETECTORS.flatMap((d) => (d.hints ? [d.hints] : [])), ...SCANNER_HINTS.values(), ...SECRETLINT_HINT_LISTS];
const SEPARATED = [SECRET_NAME_HINTS, AWS_ACCOUNT_HINTS];
const HINTS = [...new Set([...LISTS, ...SEPARATED, NAMED_VALUE_HINTS].flat())];
/** Each hint also as a list of its own, so the test can ask for one hint at a time. */
const ALONE = new Map(HINTS.map((hint) => [hint, [hint]]));
const index = new HintIndex([...LISTS, ...ALONE.values()], { separatorAfter: SEPARATED, valueAfter: NAMED_VALUE_HINTS });
const ID_OF = new Map(HINTS.map((hint) => [hint, index.idsOf(ALONE.get(hint)!)[0]]));

/** Lower case for ASCII letters only, as the patterns (none has the `u` flag) fold case. */
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Where each of `hints` ends in `text` (ASCII letters in any case): the index after its last character. */
function endsOf(text: string, hints: readonly string[]): number[] {
  const lower = asciiLower(text);
  return hints.flatMap((hint) => {
    const ends: number[] = [];
    for (let at = lower.indexOf(hint); at !== -1; at = lower.indexOf(hint, at + 1)) ends.push(at + hint.length);
    return ends;
  });
}

/** Name characters, white space or non-ASCII ones, then `:` or `=`. */
const plainSeparatorAfter = (text: string, hints: readonly string[]) => endsOf(text, hints).some((end) => /^[\w.\-"'\s\u0080-\uffff]*[:=]/.test(text.slice(end)));
/** On the hint's line, a character outside the value's set, then 20 of it. */
const plainValueAfter = (text: string, hints: readonly string[]) => endsOf(text, hints).some((end) => /^[^\n]*?[^A-Za-z0-9+/=_~.\n-][A-Za-z0-9+/=_~.-]{20}/.test(text.slice(end)));

/** Pieces that make hints in any case, near misses of them (cut, split, at the end), what watches look for, and characters outside ASCII. */
const hint = fc.constantFrom(...HINTS);
const piece = fc.oneof(
  hint,
  hint.map((h) => h.toUpperCase()),
  hint.map((h) => h.slice(0, -1)),
  hint.map((h) => h.slice(1)),
  fc.string({ maxLength: 6 }),
  fc.constantFrom(':', '=', ' ', '\n', '"', "'", '_id', '\t', '\u00a0', '(', 'aB3+/xYz09_~.-Qw8=Lm5K', 'abcdefghij', '0123456789'),
  fc.constantFrom('é', 'İ', 'K', 'ſ', '😀', '\u0000', '9', '0'),
);
const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));

function expectLikePlain(text: string): void {
  const found = index.scan(text);
  const lower = asciiLower(text);
  // One comparison per text (an expect per hint made the test take half a minute).
  expect(HINTS.filter((hint) => found.any(ALONE.get(hint)!)), JSON.stringify(text)).toEqual(HINTS.filter((hint) => lower.includes(hint)));
  expect(LISTS.map((list) => found.any(list))).toEqual(LISTS.map((list) => list.some((hint) => lower.includes(hint))));
  expect(new Set(found.found)).toEqual(new Set(HINTS.filter((hint) => lower.includes(hint)).map((hint) => ID_OF.get(hint))));
  expect(found.digits).toBe(text.replace(/[^0-9]/g, '').length);
  expect(SEPARATED.map((list) => found.separatorAfter(list)), JSON.stringify(text)).toEqual(SEPARATED.map((list) => plainSeparatorAfter(text, list)));
  expect(found.valueAfterName, JSON.stringify(text)).toBe(plainValueAfter(text, NAMED_VALUE_HINTS));
}

describe('the hint scan', () => {
  it('finds what includes() and the plain expressions find, for every hint, on generated texts', () => {
    fc.assert(fc.property(text, expectLikePlain), { numRuns: fuzzRuns(2000) });
  });

  it('finds hints at the very start and end of a text, and in texts of one or no character', () => {
    for (const hint of HINTS) for (const t of [hint, `x${hint}`, `${hint}x`, hint.toUpperCase(), hint.slice(0, -1), '', 'x']) expectLikePlain(t);
  });

  it('watches after names as the gates need, and is not vacuously alike', () => {
    const cases: [string, boolean, boolean][] = [
      ['db_password = "x"', true, false],
      ['"API_KEY"\u00a0: x', true, false],
      ['token expired, please sign in', false, false],
      ['aws_account_id:\n 1234-5678-9012', true, false],
      ['secret key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', false, true],
      ['secret\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', false, false],
      ['mysecretwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', false, false],
    ];
    for (const [t, separator, value] of cases) {
      const found = index.scan(t);
      expect(found.separatorAfter(SECRET_NAME_HINTS) || found.separatorAfter(AWS_ACCOUNT_HINTS), t).toBe(separator);
      expect(found.valueAfterName, t).toBe(value);
      expectLikePlain(t);
    }
    const samples = fc.sample(text, { numRuns: 2000, seed: 7 });
    expect(samples.filter((t) => plainSeparatorAfter(t, SECRET_NAME_HINTS)).length).toBeGreaterThan(100);
    expect(samples.filter((t) => plainValueAfter(t, NAMED_VALUE_HINTS)).length).toBeGreaterThan(20);
  });

  it('reports each hint found once, by the id its list has', () => {
    const found = index.scan('token: GHP_ and Token again; key-');
    expect(new Set(found.found).size).toBe(found.found.length);
    for (const hint of ['token', 'ghp_', 'key-']) expect(found.found).toContain(index.idsOf(ALONE.get(hint)!)[0]);
  });

  it('does not fold non-ASCII characters to ASCII (the patterns do not)', () => {
    // The Kelvin sign lower-cases to `k`, and `İ` to `i` and a combining dot.
    expect(index.scan('\u212Aey: x').any(ALONE.get('key')!)).toBe(false);
    expect(index.scan('\u0130mp').any(ALONE.get('imp')!)).toBe(false);
  });

  it('refuses hints it cannot look up (upper case, outside ASCII), and lists it was not built with', () => {
    expect(() => new HintIndex([['Token']])).toThrow(/lower-case ASCII/);
    expect(() => new HintIndex([['tökén']])).toThrow(/lower-case ASCII/);
    expect(() => index.scan('x').any(['token'])).toThrow(/not built with/);
  });
});
