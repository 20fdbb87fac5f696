/**
 * What a calibration's second-stage thresholds give on the development observations
 * (scripts/simulated-misses.ts): how many unrelated errors get a similar answer or suggestions,
 * and how many simulated misses get their article, as a similar answer or among the suggestions.
 */
import type { Calibration, DevelopmentFigures } from '../src/match/calibration.js';
import { suggestedSimilar } from '../src/match/similar-answer.js';
import type { Observation, Observations } from './simulated-misses.js';

/** Suggestions shown by default (matchPaste's `suggest: true`). */
const SUGGESTIONS_SHOWN = 3;

export function developmentFigures({ inDomain, unrelated }: Observations, calibration: Calibration): DevelopmentFigures {
  const promoted = (o: Observation) => (o.similar[0]?.score ?? 0) >= calibration.similar_answer_min_score;
  // Counted whether or not a rule answers the paste too: an upper bound of the noise matching shows.
  const noisy = (o: Observation) => suggestedSimilar(o.similar, calibration, SUGGESTIONS_SHOWN).length > 0 || promoted(o);
  // A similar answer is the first match; the suggestions are shown beside it, without it.
  const offered = (o: Observation) => {
    const answered = promoted(o) ? o.similar[0]!.article.id : undefined;
    return answered === o.article || suggestedSimilar(o.similar, calibration, SUGGESTIONS_SHOWN, answered).some((s) => s.article.id === o.article);
  };
  const tuningUnrelated = unrelated.filter((o) => o.set === 'tuning');
  const tuningInDomain = inDomain.filter((o) => o.set === 'tuning');
  const similarAnswers = inDomain.filter(promoted);
  return {
    unrelated_with_suggestions: share(unrelated.filter(noisy).length, unrelated.length),
    tuning_unrelated_with_suggestions: share(tuningUnrelated.filter(noisy).length, tuningUnrelated.length),
    unrelated_similar_answers: share(unrelated.filter(promoted).length, unrelated.length),
    simulated_misses: inDomain.length,
    misses_with_right_article_offered: share(inDomain.filter(offered).length, inDomain.length),
    tuning_misses_with_right_article_offered: share(tuningInDomain.filter(offered).length, tuningInDomain.length),
    similar_answers: { right: similarAnswers.filter((o) => o.similar[0]!.article.id === o.article).length, wrong: similarAnswers.filter((o) => o.similar[0]!.article.id !== o.article).length },
  };
}

const share = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : 0);
