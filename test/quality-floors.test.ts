// Issue 16's floors, measured on the reporting half of the real-paste corpus (test/fixtures/real),
// which rules and calibration are never tuned on: the right article first for ≥ 95% of in-domain
// pastes, any answer (generic ones included) for ≤ 2.5% of unrelated errors, and "Possibly related" for
// ≤ 10% of them. The same figures, and more, come from `npm run quality` (scripts/quality.ts).
import { describe, expect, it } from 'vitest';
import { evaluateSet } from '../scripts/quality-metrics.js';
import { realSet } from '../scripts/quality-sets.js';
import { BUNDLED_KB_DIR } from '../src/config.js';
import { loadKnowledgeBase } from '../src/load-knowledge-base.js';

const { kb } = await loadKnowledgeBase(BUNDLED_KB_DIR);
const reporting = realSet('reporting');
const metrics = evaluateSet(kb!, reporting);
const misses = () => metrics.misses.map((m) => `${m.id}: ${m.expected} → ${m.got ?? 'none'}`).join('\n');

describe('diagnosis quality on the reporting half of the real-paste corpus', () => {
  it('is measured on a corpus of the size issue 16 asks for', () => {
    expect(reporting.inDomain.length).toBeGreaterThanOrEqual(150);
    expect(reporting.unrelated.length).toBeGreaterThanOrEqual(75);
  });

  it('puts the right article first for at least 95% of in-domain pastes', () => {
    expect(metrics.top1, misses()).toBeGreaterThanOrEqual(0.95);
  });

  it('answers at most 2.5% of unrelated errors, counting every answer, generic and low-labelled ones too', () => {
    expect(metrics.unrelatedAnswered, JSON.stringify(metrics.unrelatedAnswers)).toBeLessThanOrEqual(0.025);
  });

  it('answers at most 2.5% of unrelated errors with an answer not labelled low', () => {
    expect(metrics.unrelatedAnsweredNotLow, JSON.stringify(metrics.unrelatedAnswers.filter((u) => u.probability >= 0.6))).toBeLessThanOrEqual(0.025);
  });

  it('shows "Possibly related" for at most 10% of unrelated errors', () => {
    expect(metrics.suggestionNoise).toBeLessThanOrEqual(0.1);
  });

  it('labels an answer high only when answers so labelled are right at least nine times in ten', () => {
    const high = metrics.answers.filter((a) => a.probability >= 0.9);
    expect(high.length).toBeGreaterThan(0);
    expect(high.filter((a) => a.correct).length / high.length).toBeGreaterThanOrEqual(0.9);
  });
});
