/**
 * Measures a knowledge base on an evaluation set: how often the right article comes first or in
 * the first three, how often an unrelated error gets an answer or "Possibly related" articles,
 * whether the stated probabilities hold, and which look-alike articles are taken for each other.
 */
import type { KnowledgeBase } from '../src/compile/knowledge-base.js';
import { matchPasteNow } from '../src/match/match-paste.js';
import type { Match, MatchResult } from '../src/match/types.js';
import type { EvaluationSet } from './quality-sets.js';

/** One answer given (the first match of a paste), and whether it was right. */
export interface AnswerRow {
  id: string;
  expected?: string;
  got: string;
  basis: string;
  probability: number;
  correct: boolean;
}

export interface Miss {
  id: string;
  expected: string;
  got?: string;
  suggested: string[];
}

export interface SetMetrics {
  name: string;
  inDomain: number;
  unrelated: number;
  top1: number;
  top3: number;
  /** In-domain pastes answered with a wrong article first. */
  wrongFirst: number;
  /** In-domain pastes with no answer at all. */
  unanswered: number;
  /** Of the in-domain pastes not right first, the share whose article is among the suggestions or later matches. */
  missesWithRightSuggestion: number;
  /** Share of unrelated errors that got an answer. */
  unrelatedAnswered: number;
  /** Share of unrelated errors that got an answer not labelled low (a generic answer to an nginx or S3 403 is labelled low). */
  unrelatedAnsweredNotLow: number;
  /** Share of unrelated errors shown "Possibly related" articles. */
  suggestionNoise: number;
  /** Share of answers by basis: rule, similar, generic. */
  answersByBasis: Record<string, number>;
  /** Expected calibration error and Brier score over all answers given. */
  calibrationError: number;
  brier: number;
  reliability: { from: number; to: number; count: number; meanProbability: number; accuracy: number }[];
  /** Expected → answered instead, with counts, most frequent first. */
  confusion: { expected: string; got: string; count: number }[];
  misses: Miss[];
  unrelatedAnswers: { id: string; got: string; basis: string; probability: number }[];
  answers: AnswerRow[];
}

/** Probability carried by an answer; before calibration existed, the nominal value of its label. */
export function probabilityOf(match: Match): number {
  const carried = (match as Match & { probability?: number }).probability;
  if (typeof carried === 'number') return carried;
  return { high: 0.95, medium: 0.75, low: 0.4 }[match.confidence];
}

export function basisOf(match: Match): string {
  const m = match as Match & { basis?: string; generic?: boolean };
  return m.generic ? 'generic' : (m.basis ?? 'rule');
}

const BINS = 10;

/** Runs every paste of the set through the engine as the API does (suggestions on, five matches). */
export function evaluateSet(kb: KnowledgeBase, set: EvaluationSet): SetMetrics {
  const answers: AnswerRow[] = [];
  const misses: Miss[] = [];
  const unrelatedAnswers: SetMetrics['unrelatedAnswers'] = [];
  let top1 = 0;
  let top3 = 0;
  let wrongFirst = 0;
  let unanswered = 0;
  let rightSuggested = 0;
  for (const paste of set.inDomain) {
    const result = run(kb, paste.text);
    const ids = result.matches.map((m) => m.article.id);
    const first = result.matches[0];
    if (first) answers.push(row(paste.id, paste.article, first));
    if (ids[0] === paste.article) top1++;
    if (ids.slice(0, 3).includes(paste.article)) top3++;
    if (ids[0] === paste.article) continue;
    if (first) wrongFirst++;
    else unanswered++;
    const suggested = (result.suggestions ?? []).map((s) => s.article.id);
    if (suggested.includes(paste.article) || ids.slice(1).includes(paste.article)) rightSuggested++;
    misses.push({ id: paste.id, expected: paste.article, got: ids[0], suggested });
  }
  let unrelatedAnswered = 0;
  let unrelatedNotLow = 0;
  let noisy = 0;
  for (const paste of set.unrelated) {
    const result = run(kb, paste.text);
    const first = result.matches[0];
    if (first) {
      unrelatedAnswered++;
      if (first.confidence !== 'low') unrelatedNotLow++;
      answers.push(row(paste.id, undefined, first));
      unrelatedAnswers.push({ id: paste.id, got: first.article.id, basis: basisOf(first), probability: probabilityOf(first) });
    } else if (result.suggestions?.length) noisy++;
  }
  const missed = set.inDomain.length - top1;
  return {
    name: set.name,
    inDomain: set.inDomain.length,
    unrelated: set.unrelated.length,
    top1: share(top1, set.inDomain.length),
    top3: share(top3, set.inDomain.length),
    wrongFirst,
    unanswered,
    missesWithRightSuggestion: share(rightSuggested, missed),
    unrelatedAnswered: share(unrelatedAnswered, set.unrelated.length),
    unrelatedAnsweredNotLow: share(unrelatedNotLow, set.unrelated.length),
    suggestionNoise: share(noisy, set.unrelated.length),
    answersByBasis: countBy(answers.map((a) => a.basis)),
    ...calibrationOf(answers),
    confusion: confusionOf(answers),
    misses,
    unrelatedAnswers,
    answers,
  };
}

function run(kb: KnowledgeBase, text: string): MatchResult {
  return matchPasteNow(kb, text, { limit: 5, suggest: true });
}

function row(id: string, expected: string | undefined, match: Match): AnswerRow {
  return { id, expected, got: match.article.id, basis: basisOf(match), probability: probabilityOf(match), correct: match.article.id === expected };
}

function share(part: number, whole: number): number {
  return whole ? Math.round((part / whole) * 1000) / 1000 : 0;
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

function calibrationOf(answers: AnswerRow[]): Pick<SetMetrics, 'calibrationError' | 'brier' | 'reliability'> {
  const reliability: SetMetrics['reliability'] = [];
  let error = 0;
  let brier = 0;
  for (let b = 0; b < BINS; b++) {
    const from = b / BINS;
    const to = (b + 1) / BINS;
    const inBin = answers.filter((a) => a.probability >= from && (a.probability < to || (b === BINS - 1 && a.probability <= to)));
    if (!inBin.length) continue;
    const meanProbability = inBin.reduce((s, a) => s + a.probability, 0) / inBin.length;
    const accuracy = inBin.filter((a) => a.correct).length / inBin.length;
    reliability.push({ from, to, count: inBin.length, meanProbability: round3(meanProbability), accuracy: round3(accuracy) });
    error += (inBin.length / answers.length) * Math.abs(meanProbability - accuracy);
  }
  for (const a of answers) brier += (a.probability - (a.correct ? 1 : 0)) ** 2;
  return { calibrationError: round3(error), brier: round3(answers.length ? brier / answers.length : 0), reliability };
}

function confusionOf(answers: AnswerRow[]): SetMetrics['confusion'] {
  const counts = new Map<string, number>();
  for (const a of answers) if (!a.correct) counts.set(`${a.expected ?? '(unrelated)'}\u0000${a.got}`, (counts.get(`${a.expected ?? '(unrelated)'}\u0000${a.got}`) ?? 0) + 1);
  return [...counts]
    .map(([key, count]) => {
      const [expected, got] = key.split('\u0000') as [string, string];
      return { expected, got, count };
    })
    .sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected));
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;
