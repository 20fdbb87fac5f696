import { parseRe2Subset, requiredLiterals } from './re2-subset.js';
import type { CompiledCondition, CompiledRule, LeafTest } from './types.js';

/** A range of statuses is listed as keys (and can anchor a rule) only when it is this small. */
const MAX_STATUS_KEYS = 100;

/**
 * What a paste must contain for a rule to have any chance: a monotone formula over keys
 * (literals of the normalized text, error codes, statuses), derived from the rule's condition with
 * every test the index cannot decide (negations, hosts, JSON …) taken as "maybe". It is a
 * necessary condition, never a sufficient one: evaluating the rule still decides.
 */
type Need =
  | { kind: 'maybe' }
  | { kind: 'key'; keys: number[]; fromRegex: boolean }
  | { kind: 'range'; gte: number; lte: number }
  | { kind: 'all' | 'any'; parts: Need[] };

const MAYBE: Need = { kind: 'maybe' };

/** Opcodes of the encoded formulas: `[op, length, ...]`, where length counts the whole node. */
export const MAYBE_OP = 0;
/** `[KEY_OP, length, fromRegex, key…]`: one of the keys is present. */
export const KEY_OP = 1;
/** `[RANGE_OP, 3, range index]`: a status within a range (bounds in the index's ranges). */
export const RANGE_OP = 2;
/** `[ALL_OP | ANY_OP, length, child…]`. */
export const ALL_OP = 3;
export const ANY_OP = 4;

/**
 * Collects what the index needs from each rule as the rule is compiled: its formula, encoded, and
 * its clauses, flat. Nothing per rule outlives `add`, so a loader that compiles rule by rule
 * leaves no per-rule garbage to the end of the load.
 */
export class PrefilterBuilder {
  readonly keys = new KeyTable();
  readonly formulas = new IntBuffer();
  readonly formulaStart = new IntBuffer();
  readonly ranges: number[] = [];
  /** Per rule: a clause count, then per clause [fromRegex, key count, key…]. */
  readonly clauses = new IntBuffer();
  readonly clauseStart = new IntBuffer();
  /** Clauses each key appears in, over every rule. */
  readonly frequency: number[] = [];
  maybeCount = 0;
  ruleCount = 0;

  /** Frees the buffers once the index has copied what it keeps. */
  release(): void {
    for (const buffer of [this.formulas, this.formulaStart, this.clauses, this.clauseStart]) buffer.release();
  }

  /** Takes the next rule, in the order of the rules the index will hold. */
  add(rule: CompiledRule): void {
    const need = simplify(needOf(rule.condition, this.keys));
    this.formulaStart.push(this.formulas.length);
    encode(need, this.formulas, this.ranges);
    if (need.kind === 'maybe') this.maybeCount++;
    const list = clauses(need);
    this.clauseStart.push(this.clauses.length);
    this.clauses.push(list.length);
    for (const clause of list) {
      this.clauses.push(clause.fromRegex ? 1 : 0);
      this.clauses.push(clause.keys.length);
      for (const key of clause.keys) {
        this.clauses.push(key);
        while (this.frequency.length <= key) this.frequency.push(0);
        this.frequency[key]!++;
      }
    }
    this.ruleCount++;
  }
}

/** `new ArrayBuffer(length, { maxByteLength })` (ES2024, in Node 20): a buffer that grows and shrinks in place. */
const ResizableArrayBuffer = ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => ArrayBuffer & { resize(length: number): void };
/** Address space reserved per buffer; memory is committed only as the buffer grows. */
const MAX_BUFFER_BYTES = 2 ** 30;

/**
 * A growable array of 32-bit integers on a resizable buffer: growing does not copy, and `release`
 * returns the memory at once, without waiting for a collection (the load would otherwise end with
 * megabytes of dead buffers in its resident memory).
 */
class IntBuffer {
  readonly #buffer = new ResizableArrayBuffer(0, { maxByteLength: MAX_BUFFER_BYTES });
  #data = new Int32Array(this.#buffer);
  length = 0;

  push(value: number): void {
    if (this.length === this.#data.length) {
      this.#buffer.resize(Math.min(MAX_BUFFER_BYTES, Math.max(4096, this.#buffer.byteLength * 2)));
      this.#data = new Int32Array(this.#buffer);
    }
    this.#data[this.length++] = value;
  }

  at(index: number): number {
    return this.#data[index]!;
  }

  set(index: number, value: number): void {
    this.#data[index] = value;
  }

  /** An exact copy of the contents (a plain buffer, as fast to read as any). */
  toArray(): Int32Array {
    return this.#data.slice(0, this.length);
  }

  /** Gives the memory back now; the buffer is empty after. */
  release(): void {
    this.#buffer.resize(0);
    this.#data = new Int32Array(this.#buffer);
    this.length = 0;
  }
}

/** Numbers the keys while the index is built: literals, error codes and statuses share one id space. */
export class KeyTable {
  count = 0;
  readonly #literalIds = new Map<string, number>();
  readonly literals: string[] = [];
  readonly literalKeys: number[] = [];
  readonly codes = new Map<string, number>();
  readonly statuses = new Map<number, number>();
  readonly isStatus: boolean[] = [];

  literal(text: string): number {
    let id = this.#literalIds.get(text);
    if (id === undefined) {
      id = this.#next(false);
      this.#literalIds.set(text, id);
      this.literals.push(text);
      this.literalKeys.push(id);
    }
    return id;
  }

  code(value: string): number {
    let id = this.codes.get(value);
    if (id === undefined) this.codes.set(value, (id = this.#next(false)));
    return id;
  }

  status(value: number): number {
    let id = this.statuses.get(value);
    if (id === undefined) this.statuses.set(value, (id = this.#next(true)));
    return id;
  }

  #next(isStatus: boolean): number {
    this.isStatus.push(isStatus);
    return this.count++;
  }
}

/** Appends the encoding of a formula to `code` (status ranges go to `ranges`). */
function encode(need: Need, code: IntBuffer, ranges: number[]): void {
  const at = code.length;
  switch (need.kind) {
    case 'maybe':
      code.push(MAYBE_OP);
      code.push(2);
      return;
    case 'key':
      code.push(KEY_OP);
      code.push(3 + need.keys.length);
      code.push(need.fromRegex ? 1 : 0);
      for (const key of need.keys) code.push(key);
      return;
    case 'range':
      code.push(RANGE_OP);
      code.push(3);
      code.push(ranges.length / 2);
      ranges.push(need.gte, need.lte);
      return;
    case 'all':
    case 'any':
      code.push(need.kind === 'all' ? ALL_OP : ANY_OP);
      code.push(0);
      for (const part of need.parts) encode(part, code, ranges);
      code.set(at + 1, code.length - at);
  }
}

function needOf(condition: CompiledCondition, keys: KeyTable): Need {
  switch (condition.kind) {
    case 'all':
    case 'any':
      return { kind: condition.kind, parts: condition.children.map((child) => needOf(child, keys)) };
    case 'not':
      return MAYBE;
    case 'leaf':
      return leafNeed(condition.leaf.test, keys);
  }
}

/** Mirrors the operators in match/evaluate-rules.ts: what each test cannot hold without. */
function leafNeed(test: LeafTest, keys: KeyTable): Need {
  switch (test.fact) {
    case 'text': {
      const literals = test.literals.filter(Boolean);
      return literals.length ? { kind: 'key', keys: literals.map((l) => keys.literal(l)), fromRegex: false } : MAYBE;
    }
    case 'code':
      return { kind: 'key', keys: test.values.map((c) => keys.code(c)), fromRegex: false };
    case 'status': {
      if (test.values) return { kind: 'key', keys: test.values.map((s) => keys.status(s)), fromRegex: false };
      const gte = test.gte ?? -Infinity;
      const lte = test.lte ?? Infinity;
      if (lte - gte < MAX_STATUS_KEYS && lte >= gte) return { kind: 'key', keys: Array.from({ length: lte - gte + 1 }, (_, i) => keys.status(gte + i)), fromRegex: false };
      return { kind: 'range', gte, lte };
    }
    case 'regex': {
      const tree = parseRe2Subset(test.regex.pattern, true);
      const literals = tree ? requiredLiterals(tree) : [];
      return literals.length ? { kind: 'key', keys: literals.map((l) => keys.literal(l)), fromRegex: true } : MAYBE;
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
