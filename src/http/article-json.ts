import type { KnowledgeBase } from '../compile/knowledge-base.js';
import { renderArticle } from '../match/render-steps.js';
import type { Match, RenderedStep } from '../match/types.js';
import { jsonList, jsonScalarList, jsonString } from './json-values.js';

type MatchedArticle = Match['article'];

/**
 * A rule's article as served when no capture fills a placeholder, with its JSON cut where captures
 * can change it: the cause and each step apart, everything else in a head and a tail.
 */
interface CachedArticle {
  article: MatchedArticle;
  /** `{"id":…,"title":…,"cause":` */
  head: string;
  cause: string;
  steps: string[];
  /** The optional properties and the closing brace. */
  tail: string;
}

/**
 * Articles cached per knowledge base at most, the least recently served dropped first: a knowledge
 * base of 50,000 rules should not end up holding the JSON of every article it ever served.
 */
const MAX_CACHED_ARTICLES = 1024;

/** By knowledge base, so a reload drops the cache with the knowledge base it replaced; then by rule id. */
const cachedArticles = new WeakMap<KnowledgeBase, Map<string, CachedArticle>>();

const NO_CAPTURES: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The JSON of a match's article. Most of it is the same for every paste the rule answers, so it is
 * written once per rule and reused. A piece is reused only when the article holds exactly what it
 * was written from, so the answer never depends on the cache being right: a step a capture filled
 * is written anew, and so is a whole article that differs in anything but its cause and steps.
 */
export function articleJson(article: MatchedArticle, kb: KnowledgeBase, ruleId: string): string {
  const cached = cachedArticleOf(kb, ruleId);
  if (!cached || !sameFrame(article, cached.article)) return serializeArticle(article);
  const unfilled = cached.article;
  let json = cached.head + (article.cause === unfilled.cause ? cached.cause : jsonString(article.cause)) + ',"steps":[';
  for (let i = 0; i < article.steps.length; i++) {
    const step = article.steps[i]!;
    const known = unfilled.steps[i];
    json += (i === 0 ? '' : ',') + (known && sameStep(step, known) ? cached.steps[i]! : stepJson(step));
  }
  return json + ']' + cached.tail;
}

/** The JSON of an article, from nothing (properties required by the schema first, as fastify orders them). */
export function serializeArticle(article: MatchedArticle): string {
  return articleHead(article) + jsonString(article.cause) + ',"steps":' + jsonList(article.steps, stepJson) + articleTail(article);
}

function cachedArticleOf(kb: KnowledgeBase, ruleId: string): CachedArticle | undefined {
  let articles = cachedArticles.get(kb);
  if (!articles) cachedArticles.set(kb, (articles = new Map()));
  let cached = articles.get(ruleId);
  if (cached) {
    // Map keeps insertion order: re-inserting makes this entry the most recent.
    articles.delete(ruleId);
  } else {
    const rule = kb.rulesById.get(ruleId);
    if (!rule) return undefined;
    const article = renderArticle(rule, NO_CAPTURES);
    cached = { article, head: articleHead(article), cause: jsonString(article.cause), steps: article.steps.map(stepJson), tail: articleTail(article) };
    if (articles.size >= MAX_CACHED_ARTICLES) articles.delete(articles.keys().next().value!);
  }
  articles.set(ruleId, cached);
  return cached;
}

function articleHead(article: MatchedArticle): string {
  return '{"id":' + jsonString(article.id) + ',"title":' + jsonString(article.title) + ',"cause":';
}

function articleTail(article: MatchedArticle): string {
  let json = '';
  if (article.summary !== undefined) json += ',"summary":' + jsonString(article.summary);
  if (article.escalation !== undefined) json += ',"escalation":' + jsonString(article.escalation);
  if (article.references !== undefined) json += ',"references":' + jsonList(article.references, (r) => '{"title":' + jsonString(r.title) + ',"url":' + jsonString(r.url) + '}');
  if (article.related !== undefined) json += ',"related":' + jsonScalarList(article.related);
  if (article.tags !== undefined) json += ',"tags":' + jsonScalarList(article.tags);
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
  return (
    a.id === b.id &&
    a.title === b.title &&
    a.summary === b.summary &&
    a.escalation === b.escalation &&
    sameList(a.references, b.references, (x, y) => x.title === y.title && x.url === y.url) &&
    sameList(a.related, b.related, (x, y) => x === y) &&
    sameList(a.tags, b.tags, (x, y) => x === y)
  );
}

function sameStep(a: RenderedStep, b: RenderedStep): boolean {
  return a.text === b.text && a.note === b.note && a.warning === b.warning && a.expect === b.expect && sameList(a.substeps, b.substeps, sameStep);
}

function sameList<T>(a: readonly T[] | undefined, b: readonly T[] | undefined, same: (x: T, y: T) => boolean): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  return a.every((x, i) => same(x, b[i]!));
}
