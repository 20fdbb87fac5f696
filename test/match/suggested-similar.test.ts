import { describe, expect, it } from 'vitest';
import { DEFAULT_CALIBRATION, type Calibration } from '../../src/match/calibration.js';
import { suggestedSimilar } from '../../src/match/similar-answer.js';
import type { Similar } from '../../src/suggest/similarity-index.js';

const calibration: Calibration = { ...DEFAULT_CALIBRATION, suggestion_min_score: 2 };
const similar = (pairs: [string, number][]) => pairs.map(([id, score]) => ({ article: { id }, score }) as unknown as Similar);
const ids = (list: Similar[]) => list.map((s) => s.article.id);

describe('"Possibly related" from the similar articles', () => {
  it('offers nothing when the most similar article is under the threshold, however many are close to it', () => {
    expect(suggestedSimilar(similar([['a', 1.9], ['b', 1.8], ['c', 1.7]]), calibration, 3)).toEqual([]);
  });

  it('once the best clears it, offers the next ones down to half the threshold, within the limit', () => {
    const list = similar([['a', 5], ['b', 1.2], ['c', 1], ['d', 0.99]]);
    expect(ids(suggestedSimilar(list, calibration, 3))).toEqual(['a', 'b', 'c']);
    expect(ids(suggestedSimilar(list, calibration, 2))).toEqual(['a', 'b']);
  });

  it('leaves out the article already answered (a similar answer), keeping the others beside it', () => {
    expect(ids(suggestedSimilar(similar([['a', 5], ['b', 3], ['c', 0.5]]), calibration, 3, 'a'))).toEqual(['b']);
  });
});
