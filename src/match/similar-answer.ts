import type { KnowledgeBase } from '../compile/knowledge-base.js';
import type { CompiledRule } from '../compile/types.js';
import { findLiteralSpans } from '../facts/normalize-text.js';
import type { PasteFacts } from '../facts/paste-facts.js';
import type { Span } from '../facts/types.js';
import { articlePath } from '../present/article-url.js';
import { renderArticle } from '../present/render-steps.js';
import type { PasteSecrets } from '../redact/redact-secrets.js';
import type { Similar } from '../suggest/similarity-index.js';
import { platformsNamed } from '../facts/named-products.js';
import type { Suggestion } from '../suggest/suggestion-index.js';
import { labelOf, probabilityOf, type Calibration } from './calibration.js';
import { captureValues, shownSpans } from './explain.js';
import type { Match } from './types.js';

/** Places in the paste highlighted for the shared words of a similar answer. */
const MAX_SHARED_SPANS = 12;
/** Shared words named in the summary. */
const SUMMARY_WORDS = 6;

const KIND_WORDS = { example: 'an example of rule', error_message: 'an error message of article', title: 'the title of article', cause: 'the cause of article' } as const;

/**
 * An answer from the second stage: the article whose example or message the paste resembles most,
 * explained by that passage and the words they share (highlighted in the paste). It is rendered
 * through the rule of that example, or the article's first specific rule, so its captures fill
 * the steps as a rule's answer would.
 */
export function similarMatch(kb: KnowledgeBase, similar: Similar, facts: PasteFacts, secrets: PasteSecrets, calibration: Calibration): Match {
  const rule = ruleOf(kb, similar);
  const captures = captureValues(rule, facts, secrets);
  const { passage, shared } = similar;
  const probability = probabilityOf(calibration, 'similar', similar.score);
  const owner = passage.rule ?? similar.article.id;
  const words = shared.slice(0, SUMMARY_WORDS).map((w) => `"${w}"`).join(', ');
  // Rule, score and matched conditions in the schema's order, as toMatch's (present/match-result-json.ts).
  return {
    rule: { id: rule.id, title: rule.title, file: rule.file },
    article: renderArticle(rule, captures),
    score: similar.score,
    confidence: labelOf(calibration, probability),
    probability,
    basis: 'similar',
    captures,
    explanation: {
      summary: `No rule matched exactly; the paste resembles ${KIND_WORDS[passage.kind]} "${owner}" (shared words: ${words}).`,
      matched: [{ condition: `shares ${words}`, fact: 'similar', spans: sharedSpans(shared, facts, secrets) }],
      score: { evidence: similar.score, priority: 0, context: 0 },
      resembles: { kind: passage.kind, text: passage.text, ...(passage.rule ? { rule: passage.rule } : {}), shared },
    },
  };
}

/**
 * The articles most like the paste, best first: its words, the codes its facts found and the
 * products it names; only those whose score reaches `minScore` (the least a caller shows), which
 * spares scoring the many that cannot.
 */
export function similarArticles(kb: KnowledgeBase, facts: PasteFacts, limit: number, minScore = 0): Similar[] {
  const products = () => {
    const named = new Set(platformsNamed(facts.namedProducts));
    for (const p of facts.products) named.add(p.value);
    return named;
  };
  return kb.similarity.similar({ text: facts.raw, codes: facts.codeSet, products }, limit, minScore);
}

/**
 * A most similar article less similar than the calibrated threshold still names an article, but
 * so do most unrelated errors; once the best one clears the threshold, the articles after it are
 * offered when at least this share of the threshold: a right article ranked second or third is
 * then not hidden, and articles sharing a word or two with the paste stay out.
 */
const COMPANION_SHARE = 0.5;

/**
 * The articles offered under "Possibly related", best first: none unless the most similar one
 * clears the calibrated suggestion threshold (few unrelated errors reach it), then those at least
 * COMPANION_SHARE of it, other than `answered`.
 */
export function suggestedSimilar(similar: readonly Similar[], calibration: Calibration, limit: number, answered?: string): Similar[] {
  const best = similar[0];
  if (!best || best.score < calibration.suggestion_min_score) return [];
  const floor = suggestionFloor(calibration);
  return similar.filter((s) => s.score >= floor && s.article.id !== answered).slice(0, limit);
}

/** The least score of an article suggested beside a better one. */
export function suggestionFloor(calibration: Calibration): number {
  return calibration.suggestion_min_score * COMPANION_SHARE;
}

/** Similar articles as "Possibly related" suggestions, with their probability. */
export function similarSuggestion(similar: Similar, calibration: Calibration): Suggestion {
  const { article } = similar;
  return {
    article: { id: article.id, title: article.title, summary: article.summary, url: articlePath(article.id) },
    score: similar.score,
    terms: similar.sharedWithArticle,
    probability: probabilityOf(calibration, 'similar', similar.score),
  };
}

function ruleOf(kb: KnowledgeBase, similar: Similar): CompiledRule {
  const own = similar.passage.rule && kb.rulesById.get(similar.passage.rule);
  if (own) return own;
  // SimilarityIndex.of keeps only articles some specific rule reaches: the first of them, in the rules' order.
  return kb.rulesById.get(kb.similarity.firstRuleOf(similar.article.id)!)!;
}

/** Where the shared words occur in the paste, whole words only, in paste order. */
function sharedSpans(shared: readonly string[], facts: PasteFacts, secrets: PasteSecrets): (Span & { text: string })[] {
  const spans: Span[] = [];
  for (const word of shared) {
    for (const span of findLiteralSpans(facts.normalized, word, 3)) {
      if (isWholeWord(facts.raw, span)) spans.push(span);
      if (spans.length === MAX_SHARED_SPANS) break;
    }
    if (spans.length === MAX_SHARED_SPANS) break;
  }
  return shownSpans(spans.sort((a, b) => a.start - b.start), facts, secrets);
}

const WORD = /[\p{L}\p{N}]/u;

function isWholeWord(raw: string, span: Span): boolean {
  return !WORD.test(raw[span.start - 1] ?? ' ') && !WORD.test(raw[span.end] ?? ' ');
}
