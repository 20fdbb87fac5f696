import type { PasteFacts } from '../facts/paste-facts.js';
import { codeKey, statusKey, textKey } from './compile-condition.js';
import { LiteralScanner } from './literal-scanner.js';
import { parseRe2Subset, requiredLiterals } from './re2-subset.js';
import type { CompiledCondition, CompiledRule, LeafTest } from './types.js';

/** A range of statuses is listed as keys (and can anchor a rule) only when it is this small. */
const MAX_STATUS_KEYS = 100;

/**
 * What a paste must contain for a rule to have any chance: a monotone formula over keys
 * (literals of the normalized text, error codes, statuses), derived from the rule's condition with
 * every test the index cannot decide (negations, hosts, JSON …) taken as "maybe". It is a
 * necessary condition, never a sufficient one: json-rules-engine still decides.
 */
type Need =
  | { kind: 'maybe' }
  | { kind: 'key'; keys: number[]; fromRegex: boolean }
  | { kind: 'range'; gte: number; lte: number }
  | { kind: 'all' | 'any'; parts: Need[] };

const MAYBE: Need = { kind: 'maybe' };

/**
 * Picks the rules a paste could match before any rule is evaluated. One pass of a literal scanner finds
 * which literals occur (rule literals, and the literal part of rule regexes); each rule is indexed
 * under its rarest required clause, so a paste only touches rules anchored on what it contains,
 * and a touched rule is a candidate only when its whole formula holds. A paste therefore costs
 * what it contains, not what the knowledge base holds.
 */
export class PrefilterIndex {
  readonly #rules: readonly CompiledRule[];
  readonly #keyIds = new Map<string, number>();
  readonly #keyNames: string[] = [];
  /** Key id of each scanned literal. */
  readonly #literalKeys: number[] = [];
  readonly #scanner: LiteralScanner;
  readonly #needs: Need[] = [];
  /** Rule indexes by anchor key id. */
  readonly #anchored: number[][] = [];
  readonly #unanchored: number[] = [];
  /** Rules anchored on a regex literal: touched on every paste with folding hazards, where those literals prove nothing. */
  readonly #regexAnchored: number[] = [];
  /** Scratch marks of present keys, reset after each paste (candidates() is synchronous). */
  readonly #present: Uint8Array;

  constructor(rules: readonly CompiledRule[]) {
    this.#rules = rules;
    const literals: string[] = [];
    const keyOf = (name: string): number => {
      let id = this.#keyIds.get(name);
      if (id === undefined) {
        id = this.#keyNames.length;
        this.#keyIds.set(name, id);
        this.#keyNames.push(name);
        if (name.startsWith('t:')) {
          literals.push(name.slice(2));
          this.#literalKeys.push(id);
        }
      }
      return id;
    };
    for (const rule of rules) this.#needs.push(simplify(needOf(rule.condition, keyOf)));
    this.#scanner = new LiteralScanner(literals);
    this.#present = new Uint8Array(this.#keyNames.length);

    const clausesOf = this.#needs.map((need) => clauses(need));
    const frequency = new Uint32Array(this.#keyNames.length);
    for (const list of clausesOf) for (const clause of list) for (const key of clause.keys) frequency[key]!++;
    const cost = (clause: Clause) => clause.keys.reduce((sum, key) => sum + frequency[key]! * (this.#keyNames[key]!.startsWith('s:') ? 4 : 1), 0);
    clausesOf.forEach((list, index) => {
      if (!list.length) {
        this.#unanchored.push(index);
        return;
      }
      const anchor = list.reduce((best, clause) => (cost(clause) < cost(best) ? clause : best));
      for (const key of anchor.keys) (this.#anchored[key] ??= []).push(index);
      if (anchor.fromRegex) this.#regexAnchored.push(index);
    });
  }

  /** Number of rules the prefilter cannot exclude (no required literal); they are evaluated for every paste. */
  get unanchoredCount(): number {
    return this.#unanchored.filter((index) => this.#needs[index]!.kind === 'maybe').length;
  }

  /** Rules whose required keys the paste contains, in knowledge-base order. */
  candidates(facts: PasteFacts): CompiledRule[] {
    const touched = this.#mark(facts);
    const hazard = facts.foldingHazard;
    const picked = new Set<number>();
    const consider = (index: number) => {
      if (!picked.has(index) && this.#holds(this.#needs[index]!, facts, hazard)) picked.add(index);
    };
    try {
      for (const key of touched) for (const index of this.#anchored[key] ?? []) consider(index);
      for (const index of this.#unanchored) consider(index);
      if (hazard) for (const index of this.#regexAnchored) consider(index);
    } finally {
      this.#unmark(touched);
    }
    return [...picked].sort((a, b) => a - b).map((i) => this.#rules[i]!);
  }

  /** Marks the keys present in the paste; returns them so they can be unmarked. */
  #mark(facts: PasteFacts): number[] {
    const touched: number[] = [];
    const mark = (id: number | undefined) => {
      if (id === undefined || this.#present[id]) return;
      this.#present[id] = 1;
      touched.push(id);
    };
    for (const index of this.#scanner.present(facts.normalized.text)) mark(this.#literalKeys[index]);
    for (const code of facts.codeSet) mark(this.#keyIds.get(codeKey(code)));
    for (const status of facts.statusSet) mark(this.#keyIds.get(statusKey(status)));
    return touched;
  }

  #unmark(touched: number[]): void {
    for (const id of touched) this.#present[id] = 0;
  }

  #holds(need: Need, facts: PasteFacts, hazard: boolean): boolean {
    switch (need.kind) {
      case 'maybe':
        return true;
      case 'key':
        if (hazard && need.fromRegex) return true;
        for (const key of need.keys) if (this.#present[key]) return true;
        return false;
      case 'range':
        for (const status of facts.statusSet) if (status >= need.gte && status <= need.lte) return true;
        return false;
      case 'all':
        return need.parts.every((part) => this.#holds(part, facts, hazard));
      case 'any':
        return need.parts.some((part) => this.#holds(part, facts, hazard));
    }
  }
}

function needOf(condition: CompiledCondition, keyOf: (name: string) => number): Need {
  switch (condition.kind) {
    case 'all':
    case 'any':
      return { kind: condition.kind, parts: condition.children.map((child) => needOf(child, keyOf)) };
    case 'not':
      return MAYBE;
    case 'leaf':
      return leafNeed(condition.leaf.test, keyOf);
  }
}

/** Mirrors the operators in match/evaluate-rules.ts: what each test cannot hold without. */
function leafNeed(test: LeafTest, keyOf: (name: string) => number): Need {
  switch (test.fact) {
    case 'text': {
      const literals = test.literals.filter(Boolean);
      return literals.length ? { kind: 'key', keys: literals.map((l) => keyOf(textKey(l))), fromRegex: false } : MAYBE;
    }
    case 'code':
      return { kind: 'key', keys: test.values.map((c) => keyOf(codeKey(c))), fromRegex: false };
    case 'status': {
      if (test.values) return { kind: 'key', keys: test.values.map((s) => keyOf(statusKey(s))), fromRegex: false };
      const gte = test.gte ?? -Infinity;
      const lte = test.lte ?? Infinity;
      if (lte - gte < MAX_STATUS_KEYS && lte >= gte) return { kind: 'key', keys: Array.from({ length: lte - gte + 1 }, (_, i) => keyOf(statusKey(gte + i))), fromRegex: false };
      return { kind: 'range', gte, lte };
    }
    case 'regex': {
      const tree = parseRe2Subset(test.regex.pattern, true);
      const literals = tree ? requiredLiterals(tree) : [];
      return literals.length ? { kind: 'key', keys: literals.map((l) => keyOf(textKey(l))), fromRegex: true } : MAYBE;
    }
    default:
      return MAYBE;
  }
}

/** Folds "maybe" away: `all` drops it, `any` becomes it. */
function simplify(need: Need): Need {
  if (need.kind !== 'all' && need.kind !== 'any') return need;
  const parts = need.parts.map(simplify);
  if (need.kind === 'any' && parts.some((p) => p.kind === 'maybe')) return MAYBE;
  const kept = parts.filter((p) => p.kind !== 'maybe');
  if (!kept.length) return MAYBE;
  return kept.length === 1 ? kept[0]! : { kind: need.kind, parts: kept };
}

interface Clause {
  keys: number[];
  fromRegex: boolean;
}

/** Clauses the paste must each satisfy (one key of each present): the candidates for an anchor. */
function clauses(need: Need): Clause[] {
  switch (need.kind) {
    case 'maybe':
    case 'range':
      return [];
    case 'key':
      return [{ keys: need.keys, fromRegex: need.fromRegex }];
    case 'all':
      return need.parts.flatMap(clauses);
    case 'any': {
      const branches = need.parts.map(clauses);
      if (branches.some((b) => !b.length)) return [];
      const keys = new Set<number>();
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
