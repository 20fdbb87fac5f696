import type { LeafTest } from '../compile/types.js';
import type { JsonFields } from '../facts/json-fields.js';
import type { PasteFacts } from '../facts/paste-facts.js';
import type { Found, NormalizedText } from '../facts/types.js';
import { regexFinds, type RegexInput } from './native-regex.js';

/**
 * The test of one leaf, on the fact it reads. One definition serves both evaluators: the direct
 * one (evaluate-rules.ts) and json-rules-engine's operators (engine-evaluation.ts), so they can
 * differ only in how they combine leaves.
 */
export function leafHolds(test: LeafTest, facts: PasteFacts): boolean {
  switch (test.fact) {
    case 'text':
      return scannedTextHolds(test, facts);
    case 'regex':
      return regexHolds(test, facts.regexInput);
    case 'status':
      return statusHolds(test, facts.statusSet);
    case 'code':
      return codeHolds(test, facts.codeSet);
    case 'host':
      return stringHolds(test, facts.hosts);
    case 'url':
      return stringHolds(test, facts.urls);
    case 'product':
      return stringHolds(test, facts.products);
    case 'json':
      return jsonHolds(test, facts.json);
  }
}

type TestOf<F extends LeafTest['fact']> = Extract<LeafTest, { fact: F }>;

export function textHolds(test: TestOf<'text'>, text: NormalizedText): boolean {
  return test.literals.some((literal) => literal !== '' && text.text.includes(literal));
}

/** textHolds, each literal looked up in what the prefilter's scan found (PasteFacts.textIncludes). */
function scannedTextHolds(test: TestOf<'text'>, facts: PasteFacts): boolean {
  for (const literal of test.literals) if (literal !== '' && facts.textIncludes(literal)) return true;
  return false;
}

export function regexHolds(test: TestOf<'regex'>, paste: RegexInput): boolean {
  return regexFinds(test.regex, paste);
}

export function statusHolds(test: TestOf<'status'>, statuses: Set<number>): boolean {
  if (test.values) return test.values.some((v) => statuses.has(v));
  for (const s of statuses) if (s >= (test.gte ?? -Infinity) && s <= (test.lte ?? Infinity)) return true;
  return false;
}

export function codeHolds(test: TestOf<'code'>, codes: Set<string>): boolean {
  return test.values.some((v) => codes.has(v));
}

export function stringHolds(test: TestOf<'host' | 'url' | 'product'>, found: Found<string>[]): boolean {
  return found.some(({ value }) => {
    const lower = value.toLowerCase();
    if (test.op === 'regex') return regexFinds(test.regex!, value);
    if (test.op === 'contains') return test.values.some((v) => lower.includes(v));
    return test.values.includes(lower);
  });
}

export function jsonHolds(test: TestOf<'json'>, fields: JsonFields): boolean {
  const values = fields.get(test.path);
  if (test.op === 'exists') return (values !== undefined) === test.value;
  if (!values) return false;
  return values.some((value) => {
    switch (test.op) {
      case 'equals':
        return value === test.value || String(value) === String(test.value);
      case 'in':
        return (test.value as unknown[]).some((v) => String(v) === String(value));
      case 'contains':
        return String(value).toLowerCase().includes(test.value as string);
      case 'regex':
        return regexFinds(test.regex!, String(value));
    }
  });
}
