import type { KnowledgeBase } from '../compile/knowledge-base.js';
import { PasteFacts, type FactsSummary } from '../facts/paste-facts.js';
import type { Found } from '../facts/types.js';
import { PasteSecrets, redactSecrets } from '../redact/redact-secrets.js';
import { Deadline } from './deadline.js';
import { evaluateRules } from './evaluate-rules.js';
import { captureValues, explainMatch, summarize } from './explain.js';
import { checkedPaste, DEFAULT_PASTE_LIMITS, type PasteLimits } from './paste-input.js';
import { rankMatches, round, type Ranked } from './rank.js';
import { renderArticle } from '../present/render-steps.js';
import type { Similar } from '../suggest/similarity-index.js';
import type { CompiledRule } from '../compile/types.js';
import { namesOwnAccessModel } from '../facts/named-products.js';
import { DEFAULT_CALIBRATION, labelOf, probabilityOf, type Calibration } from './calibration.js';
import { similarArticles, similarMatch, similarSuggestion, suggestedSimilar, suggestionFloor } from './similar-answer.js';
import type { Match, MatchOptions, MatchResult } from './types.js';

/**
 * Matches a paste against a knowledge base: prefilter → evaluate candidates → rank → explain the
 * ones returned. Throws PasteInputError for empty, oversized, binary or too deeply nested input,
 * and when matching exceeds its time budget. Text of the paste in the result (highlighted spans,
 * captures, URLs) has its secrets redacted.
 */
export async function matchPaste(kb: KnowledgeBase, text: string, options: MatchOptions = {}): Promise<MatchResult> {
  return matchPasteNow(kb, text, options);
}

/**
 * matchPaste without the promise, for callers that answer synchronously (the API's route): the
 * work is synchronous anyway, and a promise per paste is one more turn of the event loop.
 */
export function matchPasteNow(kb: KnowledgeBase, text: string, options: MatchOptions = {}): MatchResult {
  const started = performance.now();
  const limits = pasteLimitsOf(options);
  const paste = checkedPaste(text, limits);
  const deadline = new Deadline(started, limits.timeoutMs);
  // Matching reads the paste without its colour codes; spans are mapped back to the paste as sent.
  const facts = PasteFacts.ofPaste(paste, options.context ?? {}, limits.maxJsonDepth);
  const candidates = kb.prefilter.candidates(facts);
  deadline.check();
  const leafCheckStride = text.length <= SHORT_PASTE ? SHORT_PASTE_LEAF_CHECK_STRIDE : 1;
  // Spans and captures of a returned match are leaf tests again (a regex run over the paste): the same stride.
  const checkTime = () => deadline.checkOften(leafCheckStride);
  const evaluations = evaluateRules(candidates, facts, checkTime);
  const limit = Math.max(1, options.limit ?? 5);
  const calibration = options.calibration ?? DEFAULT_CALIBRATION;
  const ranked = rankMatches(evaluations, facts);
  // An answer may show an IP address the article needs (a per-IP rate limit); stored text never does.
  const secrets = new PasteSecrets(facts.raw, { keepIpAddresses: true });
  const matches: Match[] = [];
  // Specific rules answer first; generic ones only after them, whatever their score.
  for (const r of ranked) {
    if (matches.length === limit) break;
    if (r.evaluation.rule.generic) continue;
    deadline.check();
    matches.push(toMatch(r, facts, secrets, calibration, kb, checkTime));
  }
  let similar: Similar[] = [];
  const specific = matches.length > 0;
  if (!specific) {
    deadline.check();
    similar = addSimilarAndGeneric(kb, ranked, matches, options, { facts, secrets, calibration, limit, deadline });
  } else if (matches.length < limit) {
    const stepAside = stepsAsideOf(facts);
    for (const r of ranked) if (r.evaluation.rule.generic && matches.length < limit && !stepAside(r.evaluation.rule)) matches.push(toMatch(r, facts, secrets, calibration, kb));
  }
  shareTheRest(matches, calibration);
  const summary = redactSummary(facts, secrets);
  deadline.check();
  const result: MatchResult = { matches, facts: summary, candidates: candidates.length, took_ms: 0 };
  if (options.suggest) {
    // Beside a similar ("Likely") answer too: it is right little more often than not, so the articles after it stay in sight.
    result.suggestions = specific ? [] : suggestedSimilar(similar, calibration, suggestLimitOf(options), matches[0]?.article.id).map((s) => similarSuggestion(s, calibration));
  }
  result.took_ms = round(performance.now() - started);
  return result;
}

/**
 * One article explains a paste, so the answers after the first share what the first leaves:
 * each is at most 1 − the first's probability, however well its own rule held.
 */
function shareTheRest(matches: Match[], calibration: Calibration): void {
  const rest = 1 - (matches[0]?.probability ?? 1);
  for (let i = 1; i < matches.length; i++) {
    const m = matches[i]!;
    if (m.probability <= rest) continue;
    m.probability = round(rest);
    m.confidence = labelOf(calibration, m.probability);
  }
}

/** Similar articles looked at: the one promoted, and the suggestions. */
const SIMILAR_LOOKED_AT = 6;

/**
 * What of the similar articles this paste can use: the first when it clears the answer threshold,
 * and with suggestions asked for, those that can be suggested (suggestedSimilar: down to the
 * suggestion floor; one more than shown, as the answered article is not suggested). Articles
 * below are not scored at all.
 */
function similarLookedAt(options: MatchOptions, calibration: Calibration): { limit: number; minScore: number } {
  if (!options.suggest) return { limit: 1, minScore: calibration.similar_answer_min_score };
  // Written so that a limit that is not a number (NaN) looks at all of them, as the slice of the suggestions does.
  const wanted = suggestLimitOf(options) + 1;
  return { limit: wanted < SIMILAR_LOOKED_AT ? wanted : SIMILAR_LOOKED_AT, minScore: Math.min(calibration.similar_answer_min_score, suggestionFloor(calibration)) };
}

function suggestLimitOf(options: MatchOptions): number {
  return Math.max(1, (typeof options.suggest === 'object' ? options.suggest.limit : undefined) ?? 3);
}

interface PasteScratch {
  facts: PasteFacts;
  secrets: PasteSecrets;
  calibration: Calibration;
  limit: number;
  deadline: Deadline;
}

/**
 * No specific rule matched: a generic rule that holds answers (its article explains the plain
 * condition the paste shows, and similar articles are offered beside it as suggestions);
 * otherwise the most similar article answers ("Likely") when its score clears the calibrated
 * threshold. A similar article never displaces a generic answer: the generic articles are not in
 * the similarity model, so a refinement of them (ECONNREFUSED on ::1) would be promoted for
 * pastes that are the plain case (ECONNREFUSED on 127.0.0.1).
 *
 * Returns the similar articles looked at, for the suggestions. With a generic answer and no
 * suggestions asked for, nothing would show them: none are looked for (on a 2 KiB log the
 * similarity stage costs more than the rest of matching it).
 */
function addSimilarAndGeneric(kb: KnowledgeBase, ranked: readonly Ranked[], matches: Match[], options: MatchOptions, scratch: PasteScratch): Similar[] {
  const { facts, secrets, calibration, limit, deadline } = scratch;
  const generic: Match[] = [];
  const stepAside = stepsAsideOf(facts);
  for (const r of ranked) {
    if (generic.length === limit) break;
    if (stepAside(r.evaluation.rule)) continue;
    deadline.check();
    generic.push(toMatch(r, facts, secrets, calibration, kb));
  }
  let similar: Similar[] = [];
  if (!generic.length || options.suggest) {
    deadline.check();
    const looked = similarLookedAt(options, calibration);
    similar = similarArticles(kb, facts, looked.limit, looked.minScore);
  }
  const best = similar[0];
  let promoted: Match | undefined;
  if (best && !generic.length && best.score >= calibration.similar_answer_min_score) {
    promoted = similarMatch(kb, best, facts, secrets, calibration);
    matches.push(promoted);
  }
  for (const m of generic) if (matches.length < limit && m.article.id !== promoted?.article.id) matches.push(m);
  return similar;
}

/** Areas of the generic articles about access: a plain 401 or 403. */
const ACCESS_AREAS = new Set(['authentication', 'authorization']);

/**
 * Whether a rule steps aside for the paste: a generic rule about access (its article's area is authentication or authorization) does
 * for a paste naming a product with its own access model (Kubernetes RBAC, Vault, a package
 * repository, AWS IAM, a database or mail login): no specific rule held, so no article explains
 * that product's refusal, and a plain-HTTP 401/403 article would answer it wrongly. The paste
 * goes to the inbox as unmatched, a gap for authors.
 */
function stepsAsideOf(facts: PasteFacts): (rule: CompiledRule) => boolean {
  // Asked of every generic rule that held: what it asks of the paste is worked out once, for the first generic rule about access.
  let namesOwnModel: boolean | undefined;
  return (rule) => isGenericAccessRule(rule) && (namesOwnModel ??= namesOwnAccessModel(facts.namedProducts, () => facts.urls.length > 0));
}

function isGenericAccessRule(rule: CompiledRule): boolean {
  return rule.generic && (rule.article?.applies_to?.areas?.some((area) => ACCESS_AREAS.has(area)) ?? false);
}

/**
 * On a paste this short a leaf test takes about as long as reading the clock (a text test ≈ 0.2 µs),
 * so the clock is read before every few leaf tests only: a few slow ones (an RE2 regex ≈ 2 ms here)
 * overrun the budget by milliseconds at most. A longer paste has the clock read before every test.
 */
const SHORT_PASTE = 4096;
const SHORT_PASTE_LEAF_CHECK_STRIDE = 8;

function pasteLimitsOf(options: MatchOptions): PasteLimits {
  return {
    maxBytes: options.maxBytes ?? DEFAULT_PASTE_LIMITS.maxBytes,
    maxLines: options.maxLines ?? DEFAULT_PASTE_LIMITS.maxLines,
    maxJsonDepth: options.maxJsonDepth ?? DEFAULT_PASTE_LIMITS.maxJsonDepth,
    timeoutMs: options.timeoutMs ?? DEFAULT_PASTE_LIMITS.timeoutMs,
  };
}

/** Occurrences of URLs and hosts looked at for the summary: a long log can hold thousands. */
const SUMMARY_OCCURRENCES = 50;
/** Distinct URLs and hosts shown, and JSON fields. */
const SUMMARY_VALUES = 20;
const SUMMARY_JSON_FIELDS = 50;

/**
 * The facts summary with secrets out: URLs and hosts redacted where they occur, codes found only
 * inside a secret dropped. Only the first occurrences are redacted, each in its own context, so a
 * long log costs no more than a short one.
 */
function redactSummary(facts: PasteFacts, secrets: PasteSecrets): FactsSummary {
  const codes = new Set<string>();
  for (const code of facts.codes) {
    if (!codes.has(code.value) && (!code.span || !secrets.overlaps(code.span.start, code.span.end))) codes.add(code.value);
  }
  const jsonFields: string[] = [];
  for (const path of facts.json.keys()) {
    if (jsonFields.length === SUMMARY_JSON_FIELDS) break;
    jsonFields.push(redactSecrets(path));
  }
  // In the schema's order: JSON.stringify writes it (present/match-result-json.ts).
  return {
    length: facts.paste.original.length,
    status: uniqueValues(facts.statuses),
    codes: [...codes],
    urls: shownValues(facts.urls, secrets, redactedUrl),
    hosts: shownValues(facts.hosts, secrets, redactedHost),
    products: uniqueValues(facts.products),
    json_fields: jsonFields,
  };
}

/** The distinct values shown for the first occurrences, in order. */
function shownValues(found: readonly Found<string>[], secrets: PasteSecrets, show: (f: Found<string>, secrets: PasteSecrets) => string): string[] {
  if (found.length < 2) return found.length ? [show(found[0]!, secrets)] : [];
  const shown = new Set<string>();
  const occurrences = Math.min(found.length, SUMMARY_OCCURRENCES);
  for (let i = 0; i < occurrences && shown.size < SUMMARY_VALUES; i++) shown.add(show(found[i]!, secrets));
  return [...shown];
}

const redactedUrl = (u: Found<string>, secrets: PasteSecrets) => (u.span ? secrets.redact(u.span.start, u.span.end) : redactSecrets(u.value, { keepIpAddresses: true }));
const redactedHost = (h: Found<string>, secrets: PasteSecrets) => (h.span ? secrets.redact(h.span.start, h.span.end).toLowerCase() : h.value);

/** The distinct values, in order. Most pastes hold none or one of each kind: those need no Set. */
function uniqueValues<T>(found: readonly Found<T>[]): T[] {
  if (found.length < 2) return found.length ? [found[0]!.value] : [];
  const values = new Set<T>();
  for (const f of found) values.add(f.value);
  return [...values];
}

/**
 * The calibrated probability of a rule's answer, from its support (evidence and product fit:
 * priority is an author's preference, not evidence). A generic answer to a paste naming a product
 * no article covers (nginx, Kubernetes, S3) is capped: the generic article explains it loosely.
 */
function answerProbability(rule: CompiledRule, ranked: Ranked, facts: PasteFacts, calibration: Calibration, kb: KnowledgeBase): number {
  const probability = probabilityOf(calibration, rule.generic ? 'generic' : 'rule', ranked.evidence + ranked.context);
  if (!rule.generic) return probability;
  const foreign = facts.namedProducts.some((p) => !kb.products.has(p));
  return foreign ? Math.min(probability, calibration.foreign_product_cap) : probability;
}

/** `checkTime` before each regex of spans and captures: on the RE2 slow path they cost as much as the tests. */
function toMatch(ranked: Ranked, facts: PasteFacts, secrets: PasteSecrets, calibration: Calibration, kb: KnowledgeBase, checkTime: () => void = () => {}): Match {
  const { rule } = ranked.evaluation;
  const captures = captureValues(rule, facts, secrets, checkTime);
  const matched = explainMatch(ranked.support, facts, secrets, checkTime);
  const probability = answerProbability(rule, ranked, facts, calibration, kb);
  const ruleRef = { id: rule.id, title: rule.title, file: rule.file };
  const article = renderArticle(rule, captures);
  const confidence = labelOf(calibration, probability);
  const explanation = {
    summary: summarize(rule, matched),
    matched,
    score: { evidence: round(ranked.evidence), priority: round(ranked.priority), context: round(ranked.context) },
  };
  // The rule, the explanation's score and matched conditions are written by JSON.stringify
  // (present/match-result-json.ts): their properties stay in the schema's order. Two literals, not
  // `...(rule.generic ? { generic: true } : {})`: a spread in the middle of a literal copies it by hand.
  if (!rule.generic) return { rule: ruleRef, article, score: ranked.score, confidence, probability, basis: 'rule', captures, explanation };
  return { rule: ruleRef, article, score: ranked.score, confidence, probability, basis: 'rule', generic: true, captures, explanation };
}
