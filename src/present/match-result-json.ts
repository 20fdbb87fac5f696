import fastJson, { type Schema } from 'fast-json-stringify';
import type { KnowledgeBase } from '../compile/knowledge-base.js';
import { renderedAnswerJson } from '../compile/rule-answer.js';
import { MatchSchema, RenderedStepSchema, SuggestionSchema } from '../http/schemas.js';
import type { Explanation, Match, MatchResult } from '../match/types.js';
import { withPublicUrl } from './article-url.js';

/**
 * The JSON of a MatchResult, byte for byte what fastify writes from the `MatchResult` schema with
 * its serializer (fast-json-stringify: required properties first, then the optional ones, each in
 * schema order; test/present/match-result-json.test.ts holds the two equal). The articles, three
 * quarters of an answer, come as their rules wrote them once (compile/rule-answer.ts).
 *
 * What a paste fills in (rule, facts, captures, the conditions that held and their spans) is
 * written by JSON.stringify, which makes one flat string natively, where fast-json-stringify's
 * code joins hundreds of small pieces that must be flattened again to be sent: that was half the
 * time of an answer. JSON.stringify writes an object's keys in the order they were set, so it is
 * given only objects whose properties the schema all requires and which the matcher builds in the
 * schema's order (match-paste.ts, explain.ts, similar-answer.ts); the two objects with optional
 * properties (a match, its explanation) are laid out below, and the rare parts (an article no rule
 * rendered, `resembles`, suggestions) are left to fast-json-stringify. `_kb`, the knowledge base
 * that produced `result`, stays for callers. `publicUrl` (KB_PUBLIC_URL, no trailing slash) starts
 * every article `url`; '' leaves them relative.
 */
export function serializeMatchResult(result: MatchResult, _kb?: KnowledgeBase, publicUrl = ''): string {
  let json = '{"matches":[';
  for (let i = 0; i < result.matches.length; i++) json += (i === 0 ? '' : ',') + matchJson(result.matches[i]!, publicUrl);
  json += '],"facts":' + JSON.stringify(result.facts) + ',"candidates":' + numberJson(result.candidates) + ',"took_ms":' + numberJson(result.took_ms);
  // Suggestions are few and rare: their urls are made absolute on a copy, as the reference does.
  const suggestions = publicUrl && result.suggestions ? withPublicUrl({ ...result, matches: [] }, publicUrl).suggestions : result.suggestions;
  if (suggestions !== undefined) json += ',"suggestions":' + (suggestions.length ? writeSuggestions(suggestions) : '[]');
  return json + '}';
}

/** A match: its required properties in schema order, then `generic`, the one optional. */
function matchJson(match: Match, publicUrl: string): string {
  const article = publicUrl && match.article.url !== undefined ? withUrlBase(articleJson(match), publicUrl) : articleJson(match);
  return (
    '{"rule":' + JSON.stringify(match.rule) +
    ',"article":' + article +
    ',"score":' + numberJson(match.score) +
    ',"confidence":' + wordJson(match.confidence) +
    ',"probability":' + numberJson(match.probability) +
    ',"basis":' + wordJson(match.basis) +
    ',"captures":' + JSON.stringify(match.captures) +
    ',"explanation":' + explanationJson(match.explanation) +
    (match.generic === undefined ? '' : ',"generic":' + (match.generic ? 'true' : 'false')) +
    '}'
  );
}

/**
 * A number as JSON.stringify writes it (test/present/number-json.test.ts holds the two equal).
 * Scores come in quarters, probabilities in thousandths and timings in hundredths of a millisecond,
 * and an answer holds five or more of them: String() finds the shortest decimal of a fraction in
 * ~100 ns, while one with at most three decimals is written here from its whole count of
 * thousandths (below a billion, no shorter decimal reads back as the same number). Any other number
 * goes to String(), and one that is not finite to JSON.stringify (null).
 */
export function numberJson(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const thousandths = Math.round(n * 1000);
  if (thousandths / 1000 !== n || thousandths <= -1e12 || thousandths >= 1e12) return Number.isFinite(n) ? String(n) : JSON.stringify(n);
  const magnitude = thousandths < 0 ? -thousandths : thousandths;
  const whole = Math.floor(magnitude / 1000);
  const fraction = magnitude - whole * 1000;
  // Three digits without their trailing zeros: .5, .25, .125, .05, .005.
  const digits = fraction % 100 === 0 ? String(fraction / 100) : fraction % 10 === 0 ? (fraction < 100 ? '0' : '') + String(fraction / 10) : (fraction < 10 ? '00' : fraction < 100 ? '0' : '') + String(fraction);
  return (thousandths < 0 ? '-' : '') + String(whole) + '.' + digits;
}

/** The labels a match carries (confidence, basis), quoted once: JSON.stringify writes them so. */
const WORDS = new Map(['high', 'medium', 'low', 'rule', 'similar', 'generic'].map((word) => [word, JSON.stringify(word)]));
const wordJson = (word: string) => WORDS.get(word) ?? JSON.stringify(word);

/** An explanation: its required properties in schema order, then `resembles`, the one optional. */
function explanationJson(explanation: Explanation): string {
  return (
    '{"summary":' + JSON.stringify(explanation.summary) +
    ',"matched":' + JSON.stringify(explanation.matched) +
    ',"score":{"evidence":' + numberJson(explanation.score.evidence) + ',"priority":' + numberJson(explanation.score.priority) + ',"context":' + numberJson(explanation.score.context) + '}' +
    (explanation.resembles === undefined ? '' : ',"resembles":' + writeResembles(explanation.resembles)) +
    '}'
  );
}

/** An article its rule rendered comes with its JSON; any other is written by fastify's serializer. */
function articleJson(match: Match): string {
  return renderedAnswerJson(match.article) ?? writeArticle(match.article);
}

const URL_PROPERTY = ',"url":"';

/**
 * The JSON of an article that has a `url`, with `publicUrl` put in front of it. The url is the
 * schema's last property, so it is the last `,"url":"` of the text (a quote inside a string is
 * escaped, and a reference's url comes before it).
 */
function withUrlBase(json: string, publicUrl: string): string {
  const end = json.lastIndexOf(URL_PROPERTY) + URL_PROPERTY.length;
  return json.slice(0, end) + JSON.stringify(publicUrl).slice(1, -1) + json.slice(end);
}

const externalSchemas = { RenderedStep: RenderedStepSchema, Suggestion: SuggestionSchema } as unknown as Record<string, Schema>;
const explanationProperties = MatchSchema.properties.explanation.properties;

const writeArticle = fastJson(MatchSchema.properties.article as unknown as Schema, { schema: externalSchemas }) as (article: Match['article']) => string;
const writeResembles = fastJson(explanationProperties.resembles as unknown as Schema) as (resembles: NonNullable<Explanation['resembles']>) => string;
const writeSuggestions = fastJson({ type: 'array', items: { $ref: 'Suggestion#' } }, { schema: externalSchemas }) as (suggestions: NonNullable<MatchResult['suggestions']>) => string;
