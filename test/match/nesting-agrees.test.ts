import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPaste } from '../../src/match/paste-input.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';
import { referenceNestsDeeperThan } from './reference/reference-nesting.js';

// The nesting check visits only the brackets (a regex steps from one to the next): whether a paste
// is refused as too deeply nested must be exactly what the plain loop over every character says.

const unit = fc.constantFrom('{', '[', ']', '}', '{[', ']}', '\u001b', '\u001b[', '\u001b[31m', '\u001b\u001b[', 'a', ' ', '\n', '"[', 'é', '\ud83d\ude00');
const bracketHeavy = fc.array(unit, { minLength: 1, maxLength: 120 }).map((parts) => `x${parts.join('')}`);

function refusedAsTooDeep(text: string, maxJsonDepth: number): boolean {
  try {
    checkPaste(text, { maxBytes: 1 << 20, maxLines: 1 << 20, maxJsonDepth });
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'KB_INPUT_TOO_DEEP') return true;
    throw error;
  }
}

describe('the nesting check and its plain loop', () => {
  it('refuse the same pastes, coloured or not, at every depth limit', () => {
    fc.assert(
      fc.property(bracketHeavy, fc.integer({ min: 0, max: 8 }), (text, limit) => {
        expect(refusedAsTooDeep(text, limit)).toBe(referenceNestsDeeperThan(text, limit));
      }),
      { numRuns: fuzzRuns(4000) },
    );
  });

  it('are not vacuously alike: both refused and accepted pastes are generated, past the count of openings', () => {
    const samples = fc.sample(fc.tuple(bracketHeavy, fc.integer({ min: 0, max: 8 })), { numRuns: 1000, seed: 3 });
    const refused = samples.filter(([text, limit]) => referenceNestsDeeperThan(text, limit)).length;
    expect(refused).toBeGreaterThan(100);
    expect(samples.length - refused).toBeGreaterThan(100);
    // Pastes with more openings than the limit that are still accepted: the loop, not the count, decides them.
    const opened = (text: string) => (text.match(/[{[]/g) ?? []).length;
    expect(samples.filter(([text, limit]) => opened(text) > limit && !referenceNestsDeeperThan(text, limit)).length).toBeGreaterThan(50);
  });
});
