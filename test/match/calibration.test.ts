import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALIBRATION, fitIsotonic, labelOf, probabilityOf, type Calibration } from '../../src/match/calibration.js';

describe('calibration', () => {
  it('fits a curve that never falls as the score rises, each step smoothed away from 0 and 1', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ score: fc.double({ min: -5, max: 30, noNaN: true }), correct: fc.boolean() }), { minLength: 1, maxLength: 200 }), (points) => {
        const curve = fitIsotonic(points);
        for (let i = 1; i < curve.length; i++) {
          expect(curve[i]![0]).toBeGreaterThan(curve[i - 1]![0]);
          expect(curve[i]![1]).toBeGreaterThan(curve[i - 1]![1]);
        }
        for (const [, p] of curve) expect(p > 0 && p < 1).toBe(true);
      }),
    );
  });

  it('pools scores where right answers thin out, and reads a step from its score on', () => {
    const curve = fitIsotonic([
      { score: 1, correct: false },
      { score: 2, correct: true },
      { score: 3, correct: false },
      { score: 4, correct: true },
      { score: 5, correct: true },
    ]);
    expect(curve).toEqual([
      [1, 0.333],
      [2, 0.5],
      [4, 0.75],
    ]);
    const calibration: Calibration = { ...DEFAULT_CALIBRATION, curves: { ...DEFAULT_CALIBRATION.curves, rule: curve } };
    expect(probabilityOf(calibration, 'rule', 0)).toBe(0.333);
    expect(probabilityOf(calibration, 'rule', 3.9)).toBe(0.5);
    expect(probabilityOf(calibration, 'rule', 40)).toBe(0.75);
  });

  it('labels come from the probability alone', () => {
    expect(labelOf(DEFAULT_CALIBRATION, 0.95)).toBe('high');
    expect(labelOf(DEFAULT_CALIBRATION, 0.9)).toBe('high');
    expect(labelOf(DEFAULT_CALIBRATION, 0.7)).toBe('medium');
    expect(labelOf(DEFAULT_CALIBRATION, 0.59)).toBe('low');
  });

  it('ships curves for every basis and thresholds fitted on the tuning half', () => {
    expect(DEFAULT_CALIBRATION.fitted_on).toMatch(/tuning half/);
    for (const basis of ['rule', 'generic', 'similar'] as const) expect(DEFAULT_CALIBRATION.curves[basis].length).toBeGreaterThan(0);
    expect(Number.isFinite(DEFAULT_CALIBRATION.similar_answer_min_score)).toBe(true);
    expect(Number.isFinite(DEFAULT_CALIBRATION.suggestion_min_score)).toBe(true);
  });
});
