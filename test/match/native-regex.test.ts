import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRe2Subset, requiredLiterals, toNativeSource } from '../../src/compile/re2-subset.js';
import { SafeRegex } from '../../src/compile/safe-regex.js';
import { normalizeText } from '../../src/facts/normalize-text.js';
import { regexCapture, regexFinds, regexGroupRange, regexSpans } from '../../src/match/native-regex.js';

// No program-size limit here: the fast path must agree with RE2 on any pattern RE2 runs.
const compile = (pattern: string) => new SafeRegex(pattern);

/** What RE2 itself answers: the reference the fast path must agree with. */
function re2Reference({ re2: regex }: SafeRegex, text: string) {
  const finds = regex.matcher(text).find();
  const spans: { start: number; end: number }[] = [];
  const m = regex.matcher(text);
  while (spans.length < 5 && m.find()) {
    if (m.end() === m.start()) break;
    spans.push({ start: m.start(), end: m.end() });
  }
  const c = regex.matcher(text);
  const capture = c.find() ? ((c.groupCount() >= 1 ? c.group(1) : c.group()) ?? '') : undefined;
  return { finds, spans, capture };
}

const atoms = ['a', 'B', 'k', 's', '0', ' ', '-', '\\.', '\\/', '"', ':', '.', '\\d', '\\w', '\\s', '\\S', '[a-c]', '[^a]', '[A-Z0-9_-]', '\\b'];
const quantifiers = ['', '', '', '*', '+', '?', '{1,2}', '+?', '*?', '{0,40}'];
const patternArb = fc
  .array(
    fc.oneof(
      fc.tuple(fc.constantFrom(...atoms), fc.constantFrom(...quantifiers)).map(([a, q]) => (a === '\\b' ? a : a + q)),
      fc.tuple(fc.constantFrom('(', '(?:'), fc.constantFrom('ab', 'k|s', 'a?b', 'x|'), fc.constantFrom(')', ')?', ')+')).map((parts) => parts.join('')),
      // A literal and a large bounded repeat: V8's linear engine refuses it, RE2 scans slices around the literal.
      fc.constantFrom('sab[^\n]{0,30}k', 'x[^"]{0,50}"?b0', 'a\.b[a-z ]{0,60}(?:ks|sk)'),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(''))
  .chain((p) => fc.constantFrom(p, `${p}|ab`, `^${p}`, `${p}$`, `(?i)${p}`));
const textArb = fc.stringMatching(/^[abkKsS0-9 .\-/":_\n\tx]{0,120}$/);

describe('native regex fast path', () => {
  it('agrees with RE2 on finds, spans and captures', () => {
    fc.assert(
      fc.property(patternArb, textArb, (pattern, text) => {
        const regex = compile(pattern);
        const expected = re2Reference(regex, text);
        expect(regexFinds(regex, text)).toBe(expected.finds);
        const input = { text, normalized: normalizeText(text), hazard: false };
        expect(regexFinds(regex, input)).toBe(expected.finds);
        expect(regexSpans(regex, text, 5)).toEqual(expected.spans);
        expect(regexSpans(regex, input, 5)).toEqual(expected.spans);
        expect(regexCapture(regex, text)).toBe(expected.capture);
      }),
      { numRuns: 400 },
    );
  });

  it('finds the same group with a capture\'s `d` twin made once (at load) as with one made per call, text after text', () => {
    fc.assert(
      fc.property(patternArb, fc.array(textArb, { minLength: 1, maxLength: 4 }), (pattern, texts) => {
        const regex = compile(pattern);
        // As compile-knowledge-base.ts makes it: shared by every paste, so it must hold no state between them.
        const twin = regex.native && new RegExp(regex.native, 'd');
        for (const text of texts) expect(regexGroupRange(regex, text, twin)).toEqual(regexGroupRange(regex, text));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves folding hazards to RE2: the Kelvin sign and the long s fold to k and s', () => {
    expect(regexFinds(compile('kiss'), 'KIſS')).toBe(true);
    expect(regexSpans(compile('k+'), 'a\u212ak', 5)).toEqual([{ start: 1, end: 3 }]);
  });

  it('treats a surrogate pair as one character, as RE2 does', () => {
    expect(regexFinds(compile('a.b'), 'a😀b')).toBe(true);
    expect(regexCapture(compile('a(.)b'), 'a😀b')).toBe('😀');
  });

  it('cannot be made to backtrack for ever', () => {
    // Exponential for a backtracking engine; V8 switches to its linear engine.
    expect(regexFinds(compile('(a+)+$'), `${'a'.repeat(40)}!`)).toBe(false);
    expect(regexFinds(compile('(x+x+)+y'), 'x'.repeat(5000))).toBe(false);
  });

  it('reads a leading (?i) as the case-insensitive matching every rule gets: the pattern keeps its twin and literals', () => {
    expect(parseRe2Subset('(?i)Not valid for (?:this|the) audience', true)).toEqual(parseRe2Subset('Not valid for (?:this|the) audience', true));
    const regex = compile('(?i)not valid for (?:this|the) audience');
    expect(regex.native).toBeDefined();
    expect(regex.requiredLiterals).toEqual(['not valid for']);
  });

  it('rules out most texts for a bounded regex V8 cannot guard with its twin without upper bounds', () => {
    const regex = compile('assertion[^\\n]{0,80}(?:expired|not yet valid)');
    expect(regex.native).toBeUndefined();
    expect(regex.relaxed?.source).toContain('[^\\n]{0,}');
    // Farther apart than 80 characters on one line: the relaxed twin finds it, RE2 does not.
    const far = `assertion ${'x'.repeat(100)} expired`;
    expect(regex.relaxed!.test(far)).toBe(true);
    expect(regexFinds(regex, { text: far, normalized: normalizeText(far), hazard: false })).toBe(false);
  });

  it('scans only around the literals of a bounded regex V8 cannot guard', () => {
    const regex = compile('assertion[^\\n]{0,80}(?:expired|not yet valid)');
    const text = `${'noise line\n'.repeat(500)}SAML Assertion is EXPIRED now\n${'more\n'.repeat(500)}and an assertion that has expired`;
    const input = { text, normalized: normalizeText(text), hazard: false };
    expect(regexFinds(regex, input)).toBe(true);
    expect(regexSpans(regex, input, 5)).toEqual(re2Reference(regex, text).spans);
    expect(regexFinds(regex, { text: 'assertion ok\nexpired', normalized: normalizeText('assertion ok\nexpired'), hazard: false })).toBe(false);
  });

  it('keeps RE2 for syntax outside the subset', () => {
    expect(parseRe2Subset('\\pL+', true)).toBeUndefined();
    expect(parseRe2Subset('a(?i)bc', true)).toBeUndefined();
    expect(parseRe2Subset('(?s)abc', true)).toBeUndefined();
    expect(parseRe2Subset('[[:alpha:]]', true)).toBeUndefined();
    expect(regexFinds(compile('\\pL+'), 'é')).toBe(true);
  });

  it('finds the literals a regex cannot match without', () => {
    const literals = (p: string) => requiredLiterals(parseRe2Subset(p, true)!);
    expect(literals('api\\.atlassian\\.com/scim')).toEqual(['api.atlassian.com/scim']);
    expect(literals('"active"\\s*:\\s*"?false')).toEqual(['"active"']);
    expect(literals('Token (expired|revoked)')).toEqual(['token']);
    expect(literals('expired|revoked')).toEqual(['expired', 'revoked']);
    expect(literals('ab|[0-9]+')).toEqual([]);
    expect(toNativeSource(parseRe2Subset('a.b\\s', true)!)).toBe('[aA][^\\n][bB][\\t\\n\\f\\r ]');
  });
});
