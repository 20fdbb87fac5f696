import type { CompiledCondition, LeafTest } from './types.js';

/**
 * What a paste must contain for a rule to have any chance of holding: a monotone formula over keys
 * (literals of the normalized text, error codes, statuses), derived from the rule's condition with
 * every test that cannot be decided from keys (negations, hosts, JSON …) taken as "maybe". It is
 * necessary, never sufficient: evaluating the rule still decides.
 *
 * The one model of what a rule requires: the prefilter index encodes it, lint's KB_W_NO_PREFILTER
 * and `rule.requirement` read its clauses, the index's counts follow from them.
 */
export type Need =
  | { kind: 'maybe' }
  | { kind: 'key'; keys: string[]; fromRegex: boolean }
  | { kind: 'range'; gte: number; lte: number }
  | { kind: 'all' | 'any'; parts: Need[] };

/** One clause of a requirement: the paste holds at least one of the keys. */
export interface Clause {
  keys: string[];
  /** The keys are literals of a regex (not to be trusted on text whose case folding differs between engines). */
  fromRegex: boolean;
}

/** Keys: a literal of the normalized text, an error code, a status. */
const textKey = (literal: string) => `t:${literal}`;
const codeKey = (code: string) => `c:${code}`;
const statusKey = (status: number) => `s:${status}`;

/** The statuses the facts can hold (facts/status-codes.ts reads three digits from 1xx to 5xx). */
const LOWEST_STATUS = 100;
const HIGHEST_STATUS = 599;

/** A range of statuses is listed as keys (and can anchor a rule) only when it is this small. */
const MAX_STATUS_KEYS = 100;

const MAYBE: Need = { kind: 'maybe' };

/** The requirement of a condition, with "maybe" folded away (`all` drops it, `any` becomes it). */
export function needOf(condition: CompiledCondition): Need {
  switch (condition.kind) {
    case 'all':
    case 'any': {
      const parts = condition.children.map(needOf);
      if (condition.kind === 'any' && parts.some((p) => p.kind === 'maybe')) return MAYBE;
      const kept = parts.filter((p) => p.kind !== 'maybe');
      if (!kept.length) return MAYBE;
      return kept.length === 1 ? kept[0]! : { kind: condition.kind, parts: kept };
    }
    case 'not':
      return MAYBE;
    case 'leaf':
      return leafNeed(condition.leaf.test);
  }
}

/** Mirrors the tests in match/leaf-tests.ts: what each cannot hold without. */
function leafNeed(test: LeafTest): Need {
  switch (test.fact) {
    case 'text': {
      // An empty literal is what a broken leaf compiles to: it decides nothing.
      if (!test.literals.length || !test.literals.every(Boolean)) return MAYBE;
      return { kind: 'key', keys: test.literals.map(textKey), fromRegex: false };
    }
    case 'code':
      return { kind: 'key', keys: test.values.map(codeKey), fromRegex: false };
    case 'status': {
      if (test.values) return { kind: 'key', keys: test.values.map(statusKey), fromRegex: false };
      const gte = Math.max(test.gte ?? LOWEST_STATUS, LOWEST_STATUS);
      const lte = Math.min(test.lte ?? HIGHEST_STATUS, HIGHEST_STATUS);
      // An empty range holds for no paste: no key at all.
      if (lte - gte < MAX_STATUS_KEYS) return { kind: 'key', keys: Array.from({ length: Math.max(0, lte - gte + 1) }, (_, i) => statusKey(gte + i)), fromRegex: false };
      return { kind: 'range', gte, lte };
    }
    case 'regex': {
      const literals = test.regex.requiredLiterals;
      return literals.length ? { kind: 'key', keys: literals.map(textKey), fromRegex: true } : MAYBE;
    }
    default:
      return MAYBE;
  }
}

/**
 * Clauses the paste must each satisfy: what a rule can be indexed under. None when the requirement
 * has no key every matching paste holds (only "maybe", or a status range too wide to list).
 */
export function clausesOf(need: Need): Clause[] {
  switch (need.kind) {
    case 'maybe':
    case 'range':
      return [];
    case 'key':
      return [{ keys: need.keys, fromRegex: need.fromRegex }];
    case 'all':
      return need.parts.flatMap(clausesOf);
    case 'any': {
      // `any` can only require what every branch requires: the union of one clause from each branch.
      const branches = need.parts.map(clausesOf);
      if (branches.some((b) => !b.length)) return [];
      const keys = new Set<string>();
      let fromRegex = false;
      for (const branch of branches) {
        const smallest = branch.reduce((a, b) => (b.keys.length < a.keys.length ? b : a));
        for (const key of smallest.keys) keys.add(key);
        fromRegex ||= smallest.fromRegex;
      }
      return [{ keys: [...keys], fromRegex }];
    }
  }
}

/** Clauses of required keys: the rule cannot match unless each clause has a key present in the paste. */
export function requirementOf(condition: CompiledCondition): string[][] {
  return clausesOf(needOf(condition)).map((clause) => clause.keys);
}

/**
 * Whether the prefilter can index the rule under a clause; a rule it cannot is considered for
 * every paste (KB_W_NO_PREFILTER, and the index's `unanchoredCount`).
 */
export function isAnchored(condition: CompiledCondition): boolean {
  return clausesOf(needOf(condition)).length > 0;
}
