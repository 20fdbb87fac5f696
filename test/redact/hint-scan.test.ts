import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SP } from '../../src/redact/detector.js';
import { HintIndex, eitherHints } from '../../src/redact/hint-scan.js';
import { DETECTORS } from '../../src/redact/redact-secrets.js';
import { PERSONAL_GATE_HINT_LISTS } from '../../src/redact/personal-data.js';
import { GATE_HINT_LISTS, NAMED_VALUE_HINTS, SCANNER_HINTS, SECRET_NAME_HINTS } from '../../src/redact/paste-detectors.js';
import { SECRETLINT_HINT_LISTS } from '../../src/redact/secretlint-rules.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';

// The hint scan is the fast form of `lower.includes(hint)` for every hint, of counting digits,
// and of the plain regular expressions below for what it watches for after some hints.

const LISTS = [...DETECTORS.flatMap((d) => (d.hints ? [d.hints] : [])), ...SCANNER_HINTS.values(), ...SECRETLINT_HINT_LISTS, ...GATE_HINT_LISTS, ...PERSONAL_GATE_HINT_LISTS];
const SEPARATED = [SECRET_NAME_HINTS];
const HINTS = [...new Set([...LISTS, ...SEPARATED].flat())];
/** Each hint also as a list of its own, so the test can ask for one hint at a time. */
const ALONE = new Map(HINTS.map((hint) => [hint, [hint]]));
const index = new HintIndex([...LISTS, ...ALONE.values()], { separatorAfter: SEPARATED, valueAfter: NAMED_VALUE_HINTS });
const ID_OF = new Map(HINTS.map((hint) => [hint, index.idsOf(ALONE.get(hint)!)[0]]));

/** Where each of `hints` ends in `lower`: the index after its last character. */
function endsOf(lower: string, hints: readonly string[]): number[] {
  return hints.flatMap((hint) => {
    const ends: number[] = [];
    for (let at = lower.indexOf(hint); at !== -1; at = lower.indexOf(hint, at + 1)) ends.push(at + hint.length);
    return ends;
  });
}

/** What findNamedHighEntropy could take as a value: a digit, and not hexadecimal alone nor a UUID of hexadecimal digits. */
const couldBeValue = (run: string) => /\d/.test(run) && !/^[0-9a-f]+$/i.test(run) && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(run);

/**
 * On the hint's line in the text as sent (the hint found with ASCII letters in any case, as the
 * patterns find it), after a character outside the value's set, a run of 20 or more of it that
 * could be a value.
 */
function plainValueAfter(text: string, hints: readonly string[]): boolean {
  const asciiLower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return endsOf(asciiLower, hints).some((end) => {
    const line = text.slice(end).split('\n')[0]!;
    return [...line.matchAll(/(?<=[^A-Za-z0-9+/=_~.-])[A-Za-z0-9+/=_~.-]{20,}/g)].some(([run]) => couldBeValue(run));
  });
}

/** Name characters, a quote or none, spaces (detector.ts SP), then `:` or `=`. */
const AFTER_NAME = new RegExp(String.raw`^[\w.-]*["']?${SP}*[:=]`);
const plainSeparatorAfter = (lower: string, hints: readonly string[]) => endsOf(lower, hints).some((end) => AFTER_NAME.test(lower.slice(end)));
/** For each of those separators, in order, where the first of `hints` in the name characters before it starts. */
function plainHintsBeforeSeparator(lower: string, hints: readonly string[]): number[] {
  const first = new Map<number, number>();
  for (const hint of hints) {
    for (let at = lower.indexOf(hint); at !== -1; at = lower.indexOf(hint, at + 1)) {
      const m = AFTER_NAME.exec(lower.slice(at + hint.length));
      if (!m) continue;
      const separator = at + hint.length + m[0].length - 1;
      first.set(separator, Math.min(first.get(separator) ?? at, at));
    }
  }
  return [...first].sort((a, b) => a[0] - b[0]).map(([, at]) => at);
}

/** Pieces that make hints in any case, near misses of them (cut, split, at the end), what watches look for, and characters outside ASCII. */
const hint = fc.constantFrom(...HINTS);
const piece = fc.oneof(
  hint,
  hint.map((h) => h.toUpperCase()),
  hint.map((h) => h.slice(0, -1)),
  hint.map((h) => h.slice(1)),
  fc.string({ maxLength: 6 }),
  fc.constantFrom(':', '=', ' ', '\n', '"', "'", '_id', '\u2003', '"\u00a0:', '\t', '\u00a0', '(', '=>', ': ', 'aB3+/xYz09_~.-Qw8=Lm5', 'abcdefghij', 'Kk'),
  fc.constantFrom('MTk4NjIyNDgzNDcxOTI1MjQ4.', 'abc.', '_-.', '3ce379e4-0000-4eae-9730-fc0220183001', '3CE379E4-0000-4EAE-9730-FC0220183001', '0123456789abcdef0123', 'abcdef0123456789abcd-ef', '3ce379e4-0000-4eae-9730-fc022018300', '-0', 'z'),
  fc.constantFrom('é', 'İ', 'K', 'ſ', '😀', '\u0000', '9', '0'),
  fc.constantFrom('123', '4567 ', '(555) ', '+1-', '2026-11-28 10:31:07.118', '.', '7'),
);
/** A text as sent, and lower-cased as the scan reads it. */
const sent = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));
const text = sent.map((t) => t.toLowerCase());

function expectLikePlain(lower: string): void {
  const found = index.scan(lower);
  // One comparison per text (an expect per hint made the test take half a minute).
  expect(HINTS.filter((hint) => found.any(ALONE.get(hint)!)), JSON.stringify(lower)).toEqual(HINTS.filter((hint) => lower.includes(hint)));
  expect(LISTS.map((list) => found.any(list))).toEqual(LISTS.map((list) => list.some((hint) => lower.includes(hint))));
  expect(new Set(found.found)).toEqual(new Set(HINTS.filter((hint) => lower.includes(hint)).map((hint) => ID_OF.get(hint))));
  expect(found.digitRun).toBe(Math.max(0, ...(lower.match(/[\d .()+-]+/g) ?? []).map((run) => run.replace(/\D/g, '').length)));
  expect(SEPARATED.map((list) => found.separatorAfter(list)), JSON.stringify(lower)).toEqual(SEPARATED.map((list) => plainSeparatorAfter(lower, list)));
  expect(SEPARATED.map((list) => found.hintsBeforeSeparator(list)), JSON.stringify(lower)).toEqual(SEPARATED.map((list) => plainHintsBeforeSeparator(lower, list)));
  for (const [char, length] of [['.', 24], ['.', 3], [':', 1]] as const) expect(found.tokenBefore(char, length), `${char} ${length} ${JSON.stringify(lower)}`).toBe(new RegExp(`[a-z0-9_-]{${length}}\\${char}`).test(lower));
}

describe('the hint scan', () => {
  it('finds what includes() and the plain expression find, for every hint, on generated texts', () => {
    fc.assert(fc.property(text, expectLikePlain), { numRuns: fuzzRuns(2000) });
  });

  it('finds hints at the very start and end of a text, and in texts of one or no character', () => {
    for (const hint of HINTS) for (const t of [hint, `x${hint}`, `${hint}x`, hint.slice(0, -1), '', 'x']) expectLikePlain(t);
  });

  it('watches after names for a separator as the gates need, and is not vacuously alike', () => {
    const cases: [string, boolean][] = [
      ['db_password = "x"', true],
      ['"api_key"\u00a0: x', true],
      ['token expired, please sign in', false],
      ['aws_account_id:\n 1234-5678-9012', false],
      ['db_password\n= "x"', false],
      ["session_id'\u2003\t= x", true],
      ['the token is "x": y', false],
      ['secret key wjalrxutnfemi/k7mdeng', false],
    ];
    for (const [t, separator] of cases) {
      const found = index.scan(t);
      expect(found.separatorAfter(SECRET_NAME_HINTS), t).toBe(separator);
      expectLikePlain(t);
    }
    const samples = fc.sample(text, { numRuns: 2000, seed: 7 });
    expect(samples.filter((t) => plainSeparatorAfter(t, SECRET_NAME_HINTS)).length).toBeGreaterThan(100);
  });

  it('sees every value after a name that the text as sent has, and no other in texts without k, i or non-ASCII', () => {
    fc.assert(
      fc.property(sent, (t) => {
        const seen = index.scan(t.toLowerCase()).valueAfterName;
        if (plainValueAfter(t, NAMED_VALUE_HINTS)) expect(seen, JSON.stringify(t)).toBe(true);
        if (!/[ki\u0080-\uffff]/i.test(t)) expect(seen, JSON.stringify(t)).toBe(plainValueAfter(t, NAMED_VALUE_HINTS));
      }),
      { numRuns: fuzzRuns(3000) },
    );
    // The Kelvin sign ends a run in the text as sent; lower-cased it is a `k`.
    const kelvin = 'token\u212Aabcdefghijlmnopqrstuvwxyz0123';
    expect(plainValueAfter(kelvin, NAMED_VALUE_HINTS)).toBe(true);
    expect(index.scan(kelvin.toLowerCase()).valueAfterName).toBe(true);
    const cases = [
      ['secret key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', true],
      ['secret\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', false],
      ['mysecretwJa1rXUtnFEMP/O7MDENG/bPxRfCYEXAMPLE0EY', false],
      ['client secret for app 3ce379e4-0000-4eae-9730-fc0220183001 is', false],
      ['client secret for app 3ce379e4-0000-4eae-9730-fc0220183001.', true],
      ['client secret for app 3ce379e4-0000-4eae-9730-fc02201830011', true],
      ['token: 0123456789abcdef0123456789abcdef', false],
      ['token: https://aka.ms/NewClientSecretValue', false],
    ] as const;
    for (const [t, value] of cases) {
      expect(index.scan(t.toLowerCase()).valueAfterName, t).toBe(value);
    }
    // Texts without k, i or non-ASCII characters: the watch sees exactly what the text as sent has.
    const plainer = fc
      .array(fc.constantFrom('secret', 'pass', 'SECRET', 'Pass', ' ', '\n', ':', '=', '"', 'aB3+/xYz09_~.-Qw8=Lm5', 'abcdefgh', 'ZZ9', '3ce379e4-0000-4eae-9730-fc0220183001', '0123456789abcdef0123', '-', '0', 'g'), { maxLength: 12 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(plainer, (t) => {
        expect(index.scan(t.toLowerCase()).valueAfterName, JSON.stringify(t)).toBe(plainValueAfter(t, NAMED_VALUE_HINTS));
      }),
      { numRuns: fuzzRuns(2000) },
    );
    const samples = fc.sample(plainer, { numRuns: 1000, seed: 8 });
    expect(samples.filter((t) => plainValueAfter(t, NAMED_VALUE_HINTS)).length).toBeGreaterThan(20);
  });

  it('sees together, for two texts, all that a scan of them as lines of one text sees', () => {
    fc.assert(
      fc.property(text, text, fc.constantFrom('\n', '\r\n'), (a, b, eol) => {
        const joined = index.scan(`${a}${eol}${b}`);
        const either = eitherHints(index.scan(a), index.scan(b));
        for (const list of [...LISTS, ...ALONE.values()]) if (joined.any(list)) expect(either.any(list)).toBe(true);
        expect(either.digitRun).toBeGreaterThanOrEqual(joined.digitRun);
        if (joined.separatorAfter(SECRET_NAME_HINTS)) expect(either.separatorAfter(SECRET_NAME_HINTS)).toBe(true);
        if (joined.valueAfterName) expect(either.valueAfterName).toBe(true);
        if (joined.tokenBefore('.', 5)) expect(either.tokenBefore('.', 5)).toBe(true);
      }),
      { numRuns: fuzzRuns(1000) },
    );
  });

  it('reports each hint found once, by the id its list has', () => {
    const found = index.scan('token: ghp_ and token again; key-');
    expect(new Set(found.found).size).toBe(found.found.length);
    for (const hint of ['token', 'ghp_', 'key-']) expect(found.found).toContain(index.idsOf(ALONE.get(hint)!)[0]);
  });

  it('refuses hints it cannot look up (upper case, outside ASCII), and lists it was not built with', () => {
    expect(() => new HintIndex([['Token']])).toThrow(/lower-case ASCII/);
    expect(() => new HintIndex([['tökén']])).toThrow(/lower-case ASCII/);
    expect(() => index.scan('x').any(['token'])).toThrow(/not built with/);
  });
});
