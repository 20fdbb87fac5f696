import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { parseRe2Subset, programSizeBound } from '../../src/compile/re2-subset.js';
import { compileSafeRegex, MAX_REGEX_PROGRAM_SIZE, surelyAccepted } from '../../src/compile/safe-regex.js';
import { fuzzRuns, fuzzTimeout } from '../helpers/fuzz-runs.js';

describe('compileSafeRegex', () => {
  it('plans a regex when it is compiled: literals, native twin, RE2 program only when there is no twin', () => {
    const plain = compileSafeRegex('job-1 (ok|failed)').regex!;
    expect(plain.requiredLiterals).toEqual(['job-1']);
    expect(plain.native).toBeInstanceOf(RegExp);
    // Unicode classes are outside the plain subset: RE2 only, its program kept from the check.
    const unicode = compileSafeRegex('\\pL+ failed [0-9]+').regex!;
    expect(unicode.native).toBeUndefined();
    expect(unicode.requiredLiterals).toEqual([]);
    expect(unicode.re2).toBe(unicode.re2);
    expect(unicode.re2.test('Ünïcode failed 42')).toBe(true);
  });

  it('answers alike with and without its native twin', () => {
    const regexes = Array.from({ length: 50 }, (_, i) => compileSafeRegex(`job-${i} (ok|failed)`).regex!);
    for (const regex of regexes) {
      expect(regex.re2.test('JOB-1 FAILED')).toBe(regex.pattern.startsWith('job-1 '));
      expect(regex.native!.test('JOB-1 FAILED')).toBe(regex.pattern.startsWith('job-1 '));
    }
  });

  it('still rejects what RE2 cannot run', () => {
    expect(compileSafeRegex('a(?=b)').error?.hint).toMatch(/lookarounds/);
    expect(compileSafeRegex('(?:[a-z]{1000}){1}'.repeat(2)).error?.message).toMatch(/too large/);
  });
});

/** Patterns in and around the plain subset: every construct, counted repeats up to RE2's limit, nesting. */
const pattern: fc.Arbitrary<string> = fc.letrec<{ regex: string; seq: string; item: string }>((tie) => ({
  regex: fc.array(tie('seq'), { minLength: 1, maxLength: 3 }).map((alts) => alts.join('|')),
  seq: fc.array(tie('item'), { minLength: 0, maxLength: 5 }).map((items) => items.join('')),
  item: fc
    .tuple(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('a', 'K', 's', '0', '-', ' ', ':', '/', '\\.', '\\(', '\\d', '\\w', '\\s', '\\S', '.', '[a-z]', '[^a]', '[A-Z0-9_-]', '[a-]', '[\\]x]', '\\b', '\\B', '^', '$', '\\A', '\\z') },
        { weight: 2, arbitrary: fc.tuple(fc.constantFrom('(', '(?:', '(?P<n>', '(?<n>', '(?i)('), tie('regex')).map(([open, inner]) => `${open}${inner})`) },
        // Outside the subset, or not RE2 at all: the subset must never accept what RE2 refuses.
        { weight: 1, arbitrary: fc.constantFrom('(?=a)', '\\1', 'a**', 'a{2}{3}', '{', '}', ']', '[z-a]', '[[:alpha:]]', '\\pL', '(', ')', '*', 'a{1001}', '\\Q', '[]', '\\') },
      ),
      fc.oneof(
        { weight: 4, arbitrary: fc.constant('') },
        { weight: 3, arbitrary: fc.constantFrom('*', '+', '?', '*?', '+?', '??') },
        { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 40 }), fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }), fc.boolean()).map(([n, m, open]) => (m !== undefined ? `{${n},${n + m}}` : open ? `{${n},}` : `{${n}}`)) },
        { weight: 1, arbitrary: fc.constantFrom('{1000}', '{0,1000}', '{999,}', '{100}', '{10,20}') },
      ),
    )
    .map(([atom, quantifier]) => atom + quantifier),
})).regex;

describe('accepting a regex without compiling it', () => {
  const RUNS = fuzzRuns(1000);
  it(
    'only for patterns RE2 accepts, within the size limit, with the bound above RE2’s own count',
    () => {
      let accepted = 0;
      fc.assert(
        fc.property(pattern, (source) => {
          const tree = parseRe2Subset(source, true);
          let size: number | undefined;
          try {
            size = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE).programSize();
          } catch {
            size = undefined;
          }
          if (surelyAccepted(source)) {
            accepted++;
            expect(size, source).toBeDefined();
            expect(size!, source).toBeLessThanOrEqual(MAX_REGEX_PROGRAM_SIZE);
          }
          // The bound holds for every pattern in the subset RE2 compiles, not only small ones.
          if (tree && size !== undefined) expect(programSizeBound(tree).instructions, source).toBeGreaterThanOrEqual(size);
        }),
        { numRuns: RUNS },
      );
      // The property proves something only if many generated patterns take the shortcut.
      expect(accepted / RUNS).toBeGreaterThan(0.1);
    },
    fuzzTimeout(RUNS, 5),
  );

  it('sends RE2 what it has rules of its own for', () => {
    for (const source of ['(?P<n>a)(?P<n>b)', '(?<n>a)', '(?i)abc', '(?:(?:a{40}){40})', `${'(?:'.repeat(200)}a${')'.repeat(200)}`, 'a{1000}b{1000}']) {
      expect(surelyAccepted(source), source).toBe(false);
    }
    expect(surelyAccepted('api\\.example\\.com/scim/v2/users/[a-z0-9-]+')).toBe(true);
  });
});
