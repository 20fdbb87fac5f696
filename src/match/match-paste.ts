import type { KnowledgeBase } from '../compile/knowledge-base.js';
import { PasteFacts } from '../facts/paste-facts.js';
import { evaluateRules } from './evaluate-rules.js';
import { captureValues, explainMatch, summarize } from './explain.js';
import { checkPaste } from './paste-input.js';
import { confidenceOf, rankMatches, round, type Ranked } from './rank.js';
import { fillPlaceholders, renderSteps } from './render-steps.js';
import { suggestArticles } from '../suggest/suggestion-index.js';
import type { Match, MatchOptions, MatchResult } from './types.js';

/**
 * Matches a paste against a knowledge base: prefilter → evaluate candidates → rank → explain the
 * ones returned. Throws PasteInputError for empty, oversized or binary input; an unknown error
 * gives an honest empty list.
 */
export async function matchPaste(kb: KnowledgeBase, text: string, options: MatchOptions = {}): Promise<MatchResult> {
  const started = performance.now();
  checkPaste(text, options.maxBytes);
  const facts = new PasteFacts(text, options.context ?? {});
  const candidates = kb.prefilter.candidates(facts);
  const evaluations = await evaluateRules(candidates, facts);
  const ranked = rankMatches(evaluations, facts).slice(0, Math.max(1, options.limit ?? 5));
  const matches = ranked.map((r) => toMatch(r, facts));
  const result: MatchResult = { matches, facts: facts.summary(), candidates: candidates.length, took_ms: 0 };
  if (options.suggest) {
    const limit = typeof options.suggest === 'object' ? options.suggest.limit : undefined;
    result.suggestions = matches.length ? [] : suggestArticles(kb, text, { limit });
  }
  result.took_ms = round(performance.now() - started);
  return result;
}

function toMatch(ranked: Ranked, facts: PasteFacts): Match {
  const { rule } = ranked.evaluation;
  const captures = captureValues(rule, facts);
  const matched = explainMatch(ranked.support, facts);
  const article = rule.article;
  return {
    rule: { id: rule.id, title: rule.title, file: rule.file },
    article: article
      ? {
          id: article.id,
          title: article.title,
          summary: article.summary,
          cause: fillPlaceholders(article.cause, captures),
          steps: renderSteps(article.steps, captures),
          escalation: article.escalation,
          references: article.references,
          related: article.related,
          tags: article.tags,
        }
      : { id: rule.id, title: rule.title, cause: rule.cause ?? '', steps: renderSteps(rule.steps ?? [], captures) },
    score: ranked.score,
    confidence: confidenceOf(ranked.evidence, ranked.context),
    captures,
    explanation: {
      summary: summarize(rule, matched),
      matched,
      score: { evidence: round(ranked.evidence), priority: round(ranked.priority), context: round(ranked.context) },
    },
  };
}
