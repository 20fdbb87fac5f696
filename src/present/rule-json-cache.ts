import type { KnowledgeBase } from '../compile/knowledge-base.js';
import { LruCache } from '../util/lru-cache.js';
import { renderArticle } from './render-steps.js';
import type { Match, RenderedStep } from '../match/types.js';
import { jsonList, jsonScalarList, jsonString } from './json-values.js';

type MatchedArticle = Match['article'];

/**
 * What an answer holds that depends on the rule alone, as JSON written once: the rule; its article
 * when no capture fills a placeholder, whole and also cut where captures can change it (the cause
 * and each step apart, everything else in a head and a tail); the start of each condition it
 * explains; and its explanation summaries.
 */
interface CachedRule {
  rule: Match['rule'];
  /** `{"rule":{"id":…,"title":…,"file":…},"article":` */
  matchHead: string;
  article: MatchedArticle;
  /** `{"id":…,"title":…,"cause":` */
  articleHead: string;
  cause: string;
  steps: string[];
  /** The optional properties and the closing brace. */
  articleTail: string;
  /** The whole article when nothing in it was filled in: what most answers hold. */
  wholeArticle: string;
  /** Explanation summaries as JSON strings, by summary: a rule has a few, one per set of conditions that held. */
  summaries: Map<string, string>;
  /** `{"condition":…,"fact":…,"spans":` by condition label, written when first explained. */
  conditions: Map<string, { fact: string; head: string }>;
}

/**
 * Rules cached per knowledge base at most, one of the least recently served dropped first: a knowledge
 * base of 50,000 rules should not end up holding the JSON of every rule it ever served.
 */
const MAX_CACHED_RULES = 1024;

/**
 * By knowledge base, so a reload drops the cache with the knowledge base it replaced; then by the
 * public URL article links start with (one per server, '' for relative links); then by rule id.
 */
const cachedRules = new WeakMap<KnowledgeBase, Map<string, LruCache<string, CachedRule>>>();

/** Summaries kept per rule at most (a rule with many `any` branches could hold many sets of conditions). */
const MAX_SUMMARIES_PER_RULE = 16;

const NO_CAPTURES: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The JSON of a match's rule, article and explained conditions, most of which is the same for
 * every paste the rule answers: written once per rule and reused. A piece is reused only when the
 * match holds exactly what it was written from, so the answer never depends on the cache being
 * right: a step a capture filled is written anew, and so is a whole article that differs in
 * anything but its cause and steps.
 */
export class RuleJson {
  readonly #cached: CachedRule | undefined;

  readonly #publicUrl: string;

  /** `publicUrl` starts the article links (`url`); '' leaves them relative. */
  constructor(kb: KnowledgeBase, ruleId: string, publicUrl = '') {
    this.#publicUrl = publicUrl;
    this.#cached = cachedRuleOf(kb, ruleId, publicUrl);
  }

  /** `{"rule":…,"article":` */
  matchHead(rule: Match['rule']): string {
    const cached = this.#cached;
    if (cached && rule.id === cached.rule.id && rule.title === cached.rule.title && rule.file === cached.rule.file) return cached.matchHead;
    return matchHeadOf(rule);
  }

  article(article: MatchedArticle): string {
    const cached = this.#cached;
    // With no captures, matchPaste hands out the very article the cache was written from.
    if (cached && article === cached.article) return cached.wholeArticle;
    if (!cached || !sameFrame(article, cached.article)) return serializeArticle(article, this.#publicUrl);
    const unfilled = cached.article;
    let json = cached.articleHead + (article.cause === unfilled.cause ? cached.cause : jsonString(article.cause)) + ',"steps":[';
    for (let i = 0; i < article.steps.length; i++) {
      const step = article.steps[i]!;
      const known = unfilled.steps[i];
      json += (i === 0 ? '' : ',') + (known && sameStep(step, known) ? cached.steps[i]! : stepJson(step));
    }
    return json + ']' + cached.articleTail;
  }

  /** The summary as a JSON string (it quotes the conditions, so it always needs escaping). */
  summary(summary: string): string {
    const summaries = this.#cached?.summaries;
    const known = summaries?.get(summary);
    if (known !== undefined) return known;
    const json = jsonString(summary);
    // Bounded like the conditions: a rule's summaries differ only in which of its conditions held.
    if (summaries && summaries.size < MAX_SUMMARIES_PER_RULE) summaries.set(summary, json);
    return json;
  }

  /** `{"condition":…,"fact":…,"spans":` */
  conditionHead(condition: string, fact: string): string {
    const conditions = this.#cached?.conditions;
    const known = conditions?.get(condition);
    if (known && known.fact === fact) return known.head;
    const head = flattened('{"condition":' + jsonString(condition) + ',"fact":' + jsonString(fact) + ',"spans":');
    // A rule has a handful of conditions: the map stays as small as the rule.
    if (conditions && !known) conditions.set(condition, { fact, head });
    return head;
  }
}

/**
 * The same string, its characters stored in one piece. V8 keeps a string built by concatenation
 * as a tree of its parts, and walks that tree again whenever the string is copied: a cached piece
 * is copied into every answer, so it is flattened once, here. Converting a string to a number
 * makes V8 flatten it in place (the number itself is not used).
 */
function flattened(value: string): string {
  void Number(value);
  return value;
}

/** The JSON of an article, from nothing (properties required by the schema first, as fastify orders them). */
function serializeArticle(article: MatchedArticle, publicUrl: string): string {
  return articleHeadOf(article) + jsonString(article.cause) + ',"steps":' + jsonList(article.steps, stepJson) + articleTailOf(article, publicUrl);
}

function matchHeadOf(rule: Match['rule']): string {
  return '{"rule":{"id":' + jsonString(rule.id) + ',"title":' + jsonString(rule.title) + ',"file":' + jsonString(rule.file) + '},"article":';
}

function cachedRuleOf(kb: KnowledgeBase, ruleId: string, publicUrl: string): CachedRule | undefined {
  let byUrl = cachedRules.get(kb);
  if (!byUrl) cachedRules.set(kb, (byUrl = new Map()));
  let rules = byUrl.get(publicUrl);
  if (!rules) byUrl.set(publicUrl, (rules = new LruCache(MAX_CACHED_RULES)));
  const known = rules.get(ruleId);
  if (known) return known;
  const compiled = kb.rulesById.get(ruleId);
  if (!compiled) return undefined;
  const rule = { id: compiled.id, title: compiled.title, file: compiled.file };
  const article = renderArticle(compiled, NO_CAPTURES);
  const cached: CachedRule = {
    rule,
    matchHead: flattened(matchHeadOf(rule)),
    article,
    articleHead: flattened(articleHeadOf(article)),
    cause: flattened(jsonString(article.cause)),
    steps: article.steps.map((step) => flattened(stepJson(step))),
    articleTail: flattened(articleTailOf(article, publicUrl)),
    wholeArticle: flattened(serializeArticle(article, publicUrl)),
    summaries: new Map(),
    conditions: new Map(),
  };
  rules.set(ruleId, cached);
  return cached;
}

function articleHeadOf(article: MatchedArticle): string {
  return '{"id":' + jsonString(article.id) + ',"title":' + jsonString(article.title) + ',"cause":';
}

function articleTailOf(article: MatchedArticle, publicUrl: string): string {
  let json = '';
  if (article.summary !== undefined) json += ',"summary":' + jsonString(article.summary);
  if (article.escalation !== undefined) json += ',"escalation":' + jsonString(article.escalation);
  if (article.references !== undefined) json += ',"references":' + jsonList(article.references, (r) => '{"title":' + jsonString(r.title) + ',"url":' + jsonString(r.url) + '}');
  if (article.related !== undefined) json += ',"related":' + jsonScalarList(article.related);
  if (article.tags !== undefined) json += ',"tags":' + jsonScalarList(article.tags);
  if (article.url !== undefined) json += ',"url":' + jsonString(publicUrl + article.url);
  return json + '}';
}

function stepJson(step: RenderedStep): string {
  let json = '{"text":' + jsonString(step.text);
  if (step.note !== undefined) json += ',"note":' + jsonString(step.note);
  if (step.warning !== undefined) json += ',"warning":' + jsonString(step.warning);
  if (step.expect !== undefined) json += ',"expect":' + jsonString(step.expect);
  if (step.substeps !== undefined) json += ',"substeps":' + jsonList(step.substeps, stepJson);
  return json + '}';
}

/** Whether two articles agree on everything but the cause and the steps. */
function sameFrame(a: MatchedArticle, b: MatchedArticle): boolean {
  if (a === b) return true;
  return (
    a.id === b.id &&
    a.title === b.title &&
    a.summary === b.summary &&
    a.escalation === b.escalation &&
    a.url === b.url &&
    sameList(a.references, b.references, (x, y) => x.title === y.title && x.url === y.url) &&
    sameList(a.related, b.related, (x, y) => x === y) &&
    sameList(a.tags, b.tags, (x, y) => x === y)
  );
}

function sameStep(a: RenderedStep, b: RenderedStep): boolean {
  if (a === b) return true;
  return a.text === b.text && a.note === b.note && a.warning === b.warning && a.expect === b.expect && sameList(a.substeps, b.substeps, sameStep);
}

function sameList<T>(a: readonly T[] | undefined, b: readonly T[] | undefined, same: (x: T, y: T) => boolean): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  return a.every((x, i) => same(x, b[i]!));
}
