import type { Confidence } from './types.js';
import fitted from './calibration.json' with { type: 'json' };

/** How an answer was reached: a specific rule, an article similar to the paste, or a generic fallback rule. */
export type AnswerBasis = 'rule' | 'similar' | 'generic';

/**
 * A step function from a score to the share of answers with that score that were right: `[score,
 * probability]` points in ascending score order, each holding from its score up to the next one's.
 */
export type ScoreCurve = [number, number][];

/**
 * Scores mapped to probabilities of being right, fitted on the tuning half of the real-paste corpus
 * (scripts/fit-calibration.ts writes calibration.json), and the thresholds derived from them.
 */
export interface Calibration {
  /** Where and when it was fitted, for people reading the data. */
  fitted_on: string;
  /** By basis, over the rule's support (evidence + product fit) or the similarity score. */
  curves: Record<AnswerBasis, ScoreCurve>;
  /** Least similarity score promoted to an answer ("Likely"): few enough unrelated errors reach it. */
  similar_answer_min_score: number;
  /** Least similarity score shown under "Possibly related". */
  suggestion_min_score: number;
  /** A generic answer to a paste naming a product no article covers (nginx, Kubernetes, S3) is worth no more than this. */
  foreign_product_cap: number;
  /** Least probability of each label. */
  labels: { high: number; medium: number };
  /** What the second-stage thresholds gave on the development data when fitted, for people reading the data. */
  development_figures?: DevelopmentFigures;
}

/**
 * Shares of development pastes (scripts/simulated-misses.ts): unrelated errors given suggestions
 * or a similar answer, and simulated misses offered their article (a similar answer or a suggestion).
 */
export interface DevelopmentFigures {
  unrelated_with_suggestions: number;
  tuning_unrelated_with_suggestions: number;
  unrelated_similar_answers: number;
  simulated_misses: number;
  misses_with_right_article_offered: number;
  tuning_misses_with_right_article_offered: number;
  similar_answers: { right: number; wrong: number };
}

/** The calibration shipped with kb. */
export const DEFAULT_CALIBRATION: Calibration = fitted as Calibration;

/** The probability that an answer of this basis and score is right. */
export function probabilityOf(calibration: Calibration, basis: AnswerBasis, score: number): number {
  const curve = calibration.curves[basis];
  let probability = curve[0]?.[1] ?? 0.5;
  // Indexed, not `for (const [from, p] of curve)`: every returned answer asks, and the iterator and destructuring cost more than the search.
  for (let i = 0; i < curve.length; i++) {
    const point = curve[i]!;
    if (score < point[0]) break;
    probability = point[1];
  }
  return probability;
}

/** The label people read: high, medium or low, from the probability. */
export function labelOf(calibration: Calibration, probability: number): Confidence {
  if (probability >= calibration.labels.high) return 'high';
  if (probability >= calibration.labels.medium) return 'medium';
  return 'low';
}

/**
 * Isotonic regression (pool adjacent violators) of outcomes on scores, as a step curve. Each
 * block's probability is smoothed towards one half by one right and one wrong pseudo-answer, so a
 * block of three right answers says 0.8, not certainty; blocks are pooled on the smoothed value,
 * so the curve rises strictly from step to step.
 */
export function fitIsotonic(points: readonly { score: number; correct: boolean }[]): ScoreCurve {
  const sorted = points.map((p) => ({ score: round(p.score), correct: p.correct })).sort((a, b) => a.score - b.score);
  const blocks: { from: number; right: number; count: number }[] = [];
  const smoothed = (b: { right: number; count: number }) => (b.right + 1) / (b.count + 2);
  for (const p of sorted) {
    blocks.push({ from: p.score, right: p.correct ? 1 : 0, count: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1]!;
      const before = blocks[blocks.length - 2]!;
      if (last.from !== before.from && round(smoothed(before)) < round(smoothed(last))) break;
      blocks.pop();
      before.right += last.right;
      before.count += last.count;
    }
  }
  return blocks.map((b) => [b.from, round(smoothed(b))]);
}

const round = (n: number) => Math.round(n * 1000) / 1000;
