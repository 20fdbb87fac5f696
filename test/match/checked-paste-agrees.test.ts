import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StrippedPaste } from '../../src/facts/ansi-codes.js';
import { checkedPaste, type PasteLimits } from '../../src/match/paste-input.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';
import { referenceCheckedPaste } from './reference/reference-checked-paste.js';

// checkedPaste settles most pastes with one scan for anything unusual (a control character, U+FFFD,
// ESC or a C1 control, a written-out colour code): what it returns or throws must be exactly what
// stripping then checking every paste gives.

type Outcome = { text: string; original: string; spans: { start: number; end: number }[] } | { error: string; message: string };

function outcome(check: (text: string, limits: Partial<PasteLimits>) => StrippedPaste, text: string, limits: Partial<PasteLimits>): Outcome {
  try {
    const paste = check(text, limits);
    const spans = [];
    for (let at = 0; at <= paste.text.length; at += 3) spans.push(paste.toOriginal(at, Math.min(paste.text.length, at + 5)));
    return { text: paste.text, original: paste.original, spans };
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { error: code, message };
  }
}

// Plain text, non-ASCII text, the characters the one scan looks for, and the texts around them.
const unit = fc.constantFrom(
  'a', 'Z', ' ', '\n', '\t', '\r', '{', '[', ']', '}', 'é', 'ключ', '\u212a', '\u0130', '\ud83d\ude00', '\\', '^', 'x1b', 'e[', '033[', '31m', '0K', ';',
  '\u0000', '\u0001', '\u0007', '\u000b', '\u000c', '\u001a', '\u001b', '\u001b[', '\u001b]8;;', '\u001c', '\u007f', '\u0085', '\u0090', '\u009b', '\u009c', '\u009f', '\u00a0', '\ufffd',
  '^[[', '\\x1b[', '\\X1B[', '\\u001b[', '\\u001B[', '\\033[', '\\e[', '\u001b[31m', '\\x1b[0m',
);
const text = fc.array(unit, { maxLength: 60 }).map((parts) => parts.join(''));
const limits = fc.record({ maxBytes: fc.integer({ min: 1, max: 400 }), maxLines: fc.integer({ min: 1, max: 12 }), maxJsonDepth: fc.integer({ min: 1, max: 6 }) }, { requiredKeys: [] });

describe('checkedPaste and its plain composition', () => {
  it('return the same paste or throw the same error, for plain, non-ASCII, binary and coloured pastes', () => {
    fc.assert(
      fc.property(text, limits, (paste, given) => {
        expect(outcome(checkedPaste, paste, given)).toStrictEqual(outcome(referenceCheckedPaste, paste, given));
      }),
      { numRuns: fuzzRuns(3000) },
    );
  });

  it('are not vacuously alike: the generated pastes are accepted, stripped and refused', () => {
    const samples = fc.sample(fc.tuple(text, limits), { numRuns: 1000, seed: 7 }).map(([p, l]) => outcome(referenceCheckedPaste, p, l));
    expect(samples.filter((o) => 'text' in o && o.text === o.original).length).toBeGreaterThan(50);
    expect(samples.filter((o) => 'text' in o && o.text !== o.original).length).toBeGreaterThan(50);
    for (const code of ['KB_INPUT_EMPTY', 'KB_INPUT_BINARY', 'KB_INPUT_TOO_LARGE', 'KB_INPUT_TOO_MANY_LINES', 'KB_INPUT_TOO_DEEP']) {
      expect(samples.filter((o) => 'error' in o && o.error === code).length, code).toBeGreaterThan(5);
    }
  });
});
