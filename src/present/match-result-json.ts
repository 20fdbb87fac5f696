import type { KnowledgeBase } from '../compile/knowledge-base.js';
import type { FactsSummary } from '../facts/paste-facts.js';
import type { Match, MatchedCondition, MatchResult, Resemblance } from '../match/types.js';
import type { Suggestion } from '../suggest/suggestion-index.js';
import { jsonInteger, jsonList, jsonNumber, jsonString, jsonScalarList } from './json-values.js';
import { RuleJson } from './rule-json-cache.js';

/**
 * The JSON of a MatchResult, byte for byte what fastify's serializer writes from the `MatchResult`
 * schema: the same properties in its order (required ones first, then optional ones, each in
 * schema order). Articles, three quarters of an answer and the same for every paste a rule
 * answers, come from JSON written once per knowledge base (see RuleJson); what comes from the
 * paste (captures, spans, facts) is escaped anew on every call. `kb` is the knowledge base that
 * produced `result`; `publicUrl` starts every article `url` ('' leaves them relative).
 */
export function serializeMatchResult(result: MatchResult, kb: KnowledgeBase, publicUrl = ''): string {
  let json = '{"matches":' + jsonList(result.matches, (match) => matchJson(match, kb, publicUrl));
  json += ',"facts":' + factsJson(result.facts);
  json += ',"candidates":' + jsonInteger(result.candidates);
  json += ',"took_ms":' + jsonNumber(result.took_ms);
  if (result.suggestions !== undefined) json += ',"suggestions":' + jsonList(result.suggestions, (s) => suggestionJson(s, publicUrl));
  return json + '}';
}

function matchJson(match: Match, kb: KnowledgeBase, publicUrl: string): string {
  const { rule, explanation } = match;
  const { score } = explanation;
  const ruleJson = new RuleJson(kb, rule.id, publicUrl);
  let matched = '[';
  for (let i = 0; i < explanation.matched.length; i++) {
    const condition = explanation.matched[i]!;
    matched += (i === 0 ? '' : ',') + ruleJson.conditionHead(condition.condition, condition.fact) + jsonList(condition.spans, spanJson) + '}';
  }
  return (
    ruleJson.matchHead(rule) +
    ruleJson.article(match.article) +
    ',"score":' + jsonNumber(match.score) +
    ',"confidence":' + jsonString(match.confidence) +
    ',"probability":' + jsonNumber(match.probability) +
    ',"basis":' + jsonString(match.basis) +
    // Own enumerable keys in Object.keys order, undefined values left out: as fastify writes a map.
    ',"captures":' + JSON.stringify(match.captures) +
    ',"explanation":{"summary":' + ruleJson.summary(explanation.summary) +
    ',"matched":' + matched + ']' +
    ',"score":{"evidence":' + jsonNumber(score.evidence) + ',"priority":' + jsonNumber(score.priority) + ',"context":' + jsonNumber(score.context) + '}' +
    (explanation.resembles ? ',"resembles":' + resemblesJson(explanation.resembles) : '') +
    '}' +
    (match.generic === undefined ? '' : ',"generic":' + (match.generic ? 'true' : 'false')) +
    '}'
  );
}

function resemblesJson(resembles: Resemblance): string {
  return (
    '{"kind":' + jsonString(resembles.kind) +
    ',"text":' + jsonString(resembles.text) +
    ',"shared":' + jsonScalarList(resembles.shared) +
    (resembles.rule === undefined ? '' : ',"rule":' + jsonString(resembles.rule)) + '}'
  );
}

function spanJson(span: MatchedCondition['spans'][number]): string {
  return '{"start":' + jsonInteger(span.start) + ',"end":' + jsonInteger(span.end) + ',"text":' + jsonString(span.text) + '}';
}

function factsJson(facts: FactsSummary): string {
  return (
    '{"length":' + jsonInteger(facts.length) +
    ',"status":' + jsonScalarList(facts.status) +
    ',"codes":' + jsonScalarList(facts.codes) +
    ',"urls":' + jsonScalarList(facts.urls) +
    ',"hosts":' + jsonScalarList(facts.hosts) +
    ',"products":' + jsonScalarList(facts.products) +
    ',"json_fields":' + jsonScalarList(facts.json_fields) + '}'
  );
}

function suggestionJson(suggestion: Suggestion, publicUrl: string): string {
  const { article } = suggestion;
  return (
    '{"article":{"id":' + jsonString(article.id) + ',"title":' + jsonString(article.title) + ',"summary":' + jsonString(article.summary) + ',"url":' + jsonString(publicUrl + article.url) + '}' +
    ',"score":' + jsonNumber(suggestion.score) +
    ',"terms":' + jsonScalarList(suggestion.terms) +
    (suggestion.probability === undefined ? '' : ',"probability":' + jsonNumber(suggestion.probability)) + '}'
  );
}
