import fastJson, { type Schema } from 'fast-json-stringify';
import type { KnowledgeBase } from '../compile/knowledge-base.js';
import { renderedAnswerJson } from '../compile/rule-answer.js';
import { MatchResultSchema, MatchSchema, RenderedStepSchema, SuggestionSchema } from '../http/schemas.js';
import type { Match, MatchResult } from '../match/types.js';
import { withPublicUrl } from './article-url.js';

/**
 * The JSON of a MatchResult, byte for byte what fastify writes from the `MatchResult` schema, with
 * fastify's own serializer (fast-json-stringify) compiled from the same schemas, except for the
 * articles: three quarters of an answer and the same for every paste that fills no placeholder,
 * each is written once, when its rule is compiled (compile/rule-answer.ts), and only what a
 * paste's captures filled in is written anew. `_kb`, the knowledge base that produced `result`,
 * is no longer needed (each article knows its rule); it stays for callers. `publicUrl`
 * (KB_PUBLIC_URL, no trailing slash) starts every article `url`; '' leaves them relative.
 */
export function serializeMatchResult(result: MatchResult, _kb?: KnowledgeBase, publicUrl = ''): string {
  let matches = '';
  for (let i = 0; i < result.matches.length; i++) matches += (i === 0 ? '' : ',') + matchJson(result.matches[i]!, publicUrl);
  // Suggestions are few and rare: their urls are made absolute on a copy, as the reference does.
  const rest = publicUrl && result.suggestions ? withPublicUrl({ ...result, matches: [] }, publicUrl) : result;
  // The rest of the answer, its first property left out, then the matches put in its place.
  return '{"matches":[' + matches + '],' + writeResultWithoutMatches(rest).slice(1);
}

function matchJson(match: Match, publicUrl: string): string {
  const rest = writeMatchWithoutArticle(match);
  // The article goes right after the rule, the first property.
  const at = '{"rule":'.length + writeRule(match.rule).length;
  return rest.slice(0, at) + ',"article":' + (publicUrl && match.article.url !== undefined ? withUrlBase(articleJson(match), publicUrl) : articleJson(match)) + rest.slice(at);
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

const externalSchemas = { RenderedStep: RenderedStepSchema, Match: MatchSchema, Suggestion: SuggestionSchema } as unknown as Record<string, Schema>;

/** The first two properties fastify writes: required, and first in `properties` (it writes required ones first). */
function assertLeading(schema: { required: readonly string[]; properties: object }, keys: string[]): void {
  const leading = Object.keys(schema.properties).slice(0, keys.length);
  if (leading.join() !== keys.join() || !keys.every((k) => schema.required.includes(k))) throw new Error(`the schema no longer starts with the required ${keys.join(', ')}`);
}

/** The MatchResult schema without `matches`, its first property. */
function resultWithoutMatches(): Schema {
  assertLeading(MatchResultSchema, ['matches']);
  const { matches: _matches, ...properties } = MatchResultSchema.properties;
  return { type: 'object', required: MatchResultSchema.required.filter((k) => k !== 'matches'), properties } as unknown as Schema;
}

/** The Match schema without `article`, which comes right after `rule`, the first property. */
function matchWithoutArticle(): Schema {
  assertLeading(MatchSchema, ['rule', 'article']);
  const { article: _article, ...properties } = MatchSchema.properties;
  return { type: 'object', required: MatchSchema.required.filter((k) => k !== 'article'), properties } as unknown as Schema;
}

const writeResultWithoutMatches = fastJson(resultWithoutMatches(), { schema: externalSchemas }) as (result: MatchResult) => string;
const writeMatchWithoutArticle = fastJson(matchWithoutArticle(), { schema: externalSchemas }) as (match: Match) => string;
const writeRule = fastJson(MatchSchema.properties.rule as unknown as Schema) as (rule: Match['rule']) => string;
const writeArticle = fastJson(MatchSchema.properties.article as unknown as Schema, { schema: externalSchemas }) as (article: Match['article']) => string;
