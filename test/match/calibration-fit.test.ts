// The shipped second-stage thresholds (src/match/calibration.json, `npm run fit-calibration`) give
// the figures stated beside them on development data: simulated misses (each tuning-half and
// held-out paste looked up as if the rules matching it did not exist, scripts/simulated-misses.ts)
// and the unrelated errors of the tuning half and the out-of-domain fixtures.
import { describe, expect, it } from 'vitest';
import { developmentFigures } from '../../scripts/calibration-figures.js';
import { developmentObservations } from '../../scripts/simulated-misses.js';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import { DEFAULT_CALIBRATION } from '../../src/match/calibration.js';

const { kb } = await loadKnowledgeBase(BUNDLED_KB_DIR);
const observations = developmentObservations(kb!);
const stated = DEFAULT_CALIBRATION.development_figures!;

describe('the fitted suggestion and similar-answer thresholds on development data', () => {
  it('give the figures stated in calibration.json', () => {
    expect(developmentFigures(observations, DEFAULT_CALIBRATION)).toEqual(stated);
    expect(stated.simulated_misses).toBeGreaterThanOrEqual(300);
  });

  it('show "Possibly related" to at most 10% of unrelated errors, and answer none of them', () => {
    expect(stated.tuning_unrelated_with_suggestions).toBeLessThanOrEqual(0.1);
    expect(stated.unrelated_with_suggestions).toBeLessThanOrEqual(0.1);
    expect(stated.unrelated_similar_answers).toBeLessThanOrEqual(0.025);
  });

  it('offer the right article for about half of the simulated misses', () => {
    expect(stated.misses_with_right_article_offered).toBeGreaterThanOrEqual(0.5);
  });

  it('sit just above an unrelated error: a lower suggestion threshold only adds noise', () => {
    const unrelatedBest = observations.unrelated.map((o) => o.similar[0]?.score ?? 0);
    const nextBelow = Math.max(...unrelatedBest.filter((s) => s < DEFAULT_CALIBRATION.suggestion_min_score));
    const lower = developmentFigures(observations, { ...DEFAULT_CALIBRATION, suggestion_min_score: nextBelow });
    expect(lower.unrelated_with_suggestions).toBeGreaterThan(stated.unrelated_with_suggestions);
  });
});
