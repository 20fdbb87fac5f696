import type { CompiledRule, Leaf } from '../compile/types.js';
import { findLiteralSpans } from '../facts/normalize-text.js';
import type { PasteFacts } from '../facts/paste-facts.js';
import type { Found, Span } from '../facts/types.js';
import type { PasteSecrets } from '../redact/redact-secrets.js';
import type { SupportingLeaf } from './evidence.js';
import { regexFinds, regexGroupRange, regexSpans } from './native-regex.js';
import type { MatchedCondition } from './types.js';

type MatchedSpan = MatchedCondition['spans'][number];

const MAX_SPANS = 5;

/**
 * The conditions that held, each with the places in the paste that satisfied it (their text with
 * secrets redacted; offsets are the paste's as sent, colour codes and all). Computed only for returned matches.
 */
export function explainMatch(support: readonly SupportingLeaf[], facts: PasteFacts, secrets: PasteSecrets, checkTime: () => void = () => {}): MatchedCondition[] {
  const matched: MatchedCondition[] = [];
  for (const { leaf } of support) {
    // Spans of a regex on the slow path cost as much as testing it: each is inside the budget.
    checkTime();
    matched.push({ condition: leaf.label, fact: leaf.test.fact, spans: shownSpans(spansOf(leaf, facts), facts, secrets) });
  }
  return matched;
}

/**
 * The spans as a match shows them: offsets in the paste as sent, text redacted. Properties in the
 * schema's order (JSON.stringify writes them: present/match-result-json.ts), set one by one in a
 * loop: a spread of the original span per span (`{ ...span, text }`) cost more than the rest of it.
 */
export function shownSpans(found: readonly Span[], facts: PasteFacts, secrets: PasteSecrets): MatchedSpan[] {
  const spans: MatchedSpan[] = [];
  for (const { start, end } of found) {
    const original = facts.originalSpan(start, end);
    spans.push({ start: original.start, end: original.end, text: secrets.redact(start, end) });
  }
  return spans;
}

function spansOf(leaf: Leaf, facts: PasteFacts): Span[] {
  const test = leaf.test;
  switch (test.fact) {
    case 'text':
      return literalSpans(test.literals, facts);
    case 'regex':
      return regexSpans(test.regex, facts.regexInput, MAX_SPANS);
    case 'status':
      return withSpans(facts.statuses.filter((s) => (test.values ? test.values.includes(s.value) : s.value >= (test.gte ?? -Infinity) && s.value <= (test.lte ?? Infinity))));
    case 'code':
      return withSpans(facts.codes.filter((c) => test.values.includes(c.value)));
    case 'host':
    case 'url':
    case 'product': {
      const found = test.fact === 'host' ? facts.hosts : test.fact === 'url' ? facts.urls : facts.products;
      return withSpans(found.filter(({ value }) => (test.op === 'regex' ? regexFinds(test.regex!, value) : test.op === 'contains' ? test.values.some((v) => value.toLowerCase().includes(v)) : test.values.includes(value.toLowerCase()))));
    }
    default:
      return [];
  }
}

/**
 * Past this many characters of normalized text, an absent literal is settled by the literal scan
 * (PasteFacts.textIncludes) rather than by a search of the text. On a shorter text the search is
 * the cheaper of the two: looking a literal up among every literal of the knowledge base cost
 * 0.4–1 µs of explaining a bundled example (≈ 250 characters), more than searching it did.
 */
const SCAN_LOOKUP_FROM = 1024;

/**
 * The spans of a text test's literals, in the order of its literals, at most MAX_SPANS. Loops rather
 * than flatMap: this runs for every leaf of every returned match. The plain form, a search for every
 * literal, is in test/match/literal-spans-agree.test.ts, which holds them equal.
 */
export function literalSpans(literals: readonly string[], facts: PasteFacts): Span[] {
  const spans: Span[] = [];
  // An absent literal (a phrase of a list that held by another) on a long log: the scan says so, where a search reads the whole log.
  const lookUp = facts.normalized.text.length > SCAN_LOOKUP_FROM;
  for (const literal of literals) {
    if (spans.length === MAX_SPANS) break;
    if (lookUp && !facts.textIncludes(literal)) continue;
    for (const span of findLiteralSpans(facts.normalized, literal, MAX_SPANS - spans.length)) spans.push(span);
  }
  return spans;
}

function withSpans<T>(found: Found<T>[]): Span[] {
  const spans: Span[] = [];
  for (const f of found) {
    if (spans.length === MAX_SPANS) break;
    if (f.span) spans.push(f.span);
  }
  return spans;
}

/**
 * Capture values for a rule: group 1 of its regex when it has one, else the whole match, secrets
 * redacted (captures fill the article's steps); defaults fill the gaps.
 */
export function captureValues(rule: CompiledRule, facts: PasteFacts, secrets: PasteSecrets, checkTime: () => void = () => {}): Record<string, string> {
  const values: Record<string, string> = {};
  for (const capture of rule.captures) {
    checkTime();
    const range = regexGroupRange(capture.regex, facts.regexInput, capture.withIndices);
    if (range) values[capture.name] = range[0] < 0 ? '' : secrets.redact(range[0], range[1]);
    else if (capture.default !== undefined) values[capture.name] = capture.default;
  }
  return values;
}

export function summarize(rule: CompiledRule, matched: MatchedCondition[]): string {
  // "a", "a and b", "a, b and c": concatenated, no arrays to slice and join for every match.
  let list = matched.length ? matched[0]!.condition : 'its conditions';
  for (let i = 1; i < matched.length; i++) list += (i === matched.length - 1 ? ' and ' : ', ') + matched[i]!.condition;
  return `Rule "${rule.id}" matched because the paste ${list}.`;
}
