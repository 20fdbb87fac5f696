import type { PasteFacts } from '../facts/paste-facts.js';
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

/** Opcodes of the encoded formulas: `[op, length, ...]`, where length counts the whole node. */
const MAYBE_OP = 0;
/** `[KEY_OP, length, fromRegex, key…]`: one of the keys is present. */
const KEY_OP = 1;
/** `[RANGE_OP, 3, range index]`: a status within a range (bounds in #ranges). */
const RANGE_OP = 2;
/** `[ALL_OP | ANY_OP, length, child…]`. */
const ALL_OP = 3;
const ANY_OP = 4;

/**
 * Picks the rules a paste could match before any rule is evaluated. One pass of a literal scanner finds
 * which literals occur (rule literals, and the literal part of rule regexes); each rule is indexed
 * under its rarest required clause, so a paste only touches rules anchored on what it contains,
 * and a touched rule is a candidate only when its whole formula holds. A paste therefore costs
 * what it contains, not what the knowledge base holds.
 *
 * Built once per knowledge base and kept compact: every rule's formula is encoded in one Int32Array,
 * the rules under each anchor in another, so the index costs a few hundred bytes per rule.
 */
export class PrefilterIndex {
  readonly #rules: readonly CompiledRule[];
  /** Key ids of error codes and of statuses; literals are found by the scanner. */
  readonly #codeKeys: ReadonlyMap<string, number>;
  readonly #statusKeys: ReadonlyMap<number, number>;
  /** Key id of each scanned literal. */
  readonly #literalKeys: Int32Array;
  readonly #scanner: LiteralScanner;
  /** Every rule's formula, encoded (see the opcodes), and where each rule's starts. */
  readonly #formulas: Int32Array;
  readonly #formulaStart: Int32Array;
  /** Bounds of status ranges too wide to list as keys: [gte, lte] pairs. */
  readonly #ranges: readonly number[];
  /** Rule indexes by anchor key id: those of key k are #anchored[#anchorStart[k] … #anchorStart[k + 1]]. */
  readonly #anchorStart: Int32Array;
  readonly #anchored: Int32Array;
  readonly #unanchored: Int32Array;
  /** Rules anchored on a regex literal: touched on every paste with folding hazards, where those literals prove nothing. */
  readonly #regexAnchored: Int32Array;
  /** How many rules have no formula at all (evaluated for every paste). */
  readonly #maybeCount: number;
  /** Scratch marks of present keys, reset after each paste (candidates() is synchronous). */
  readonly #present: Uint8Array;

  /** `built` is a builder that was given exactly `rules`, in order (the loader fills one as it compiles). */
  constructor(rules: readonly CompiledRule[], built?: PrefilterBuilder) {
    const builder = built ?? new PrefilterBuilder();
    if (!built) for (const rule of rules) builder.add(rule);
    if (builder.ruleCount !== rules.length) throw new Error('the prefilter builder was given other rules');
    this.#rules = rules;
    const { keys } = builder;
    this.#codeKeys = keys.codes;
    this.#statusKeys = keys.statuses;
    this.#literalKeys = Int32Array.from(keys.literalKeys);
    this.#scanner = new LiteralScanner(keys.literals.slice());
    this.#present = new Uint8Array(keys.count);
    this.#formulas = builder.formulas.toArray();
    this.#formulaStart = builder.formulaStart.toArray();
    this.#ranges = builder.ranges.slice();
    this.#maybeCount = builder.maybeCount;

    // Each rule is anchored on its cheapest clause: the rarest keys, statuses counting four times.
    const { clauses, clauseStart, frequency } = builder;
    const cost = (at: number) => {
      let sum = 0;
      for (let i = at + 2, end = at + 2 + clauses.at(at + 1); i < end; i++) sum += frequency[clauses.at(i)]! * (keys.isStatus[clauses.at(i)] ? 4 : 1);
      return sum;
    };
    const anchorOf = new Int32Array(rules.length).fill(-1);
    for (let index = 0; index < rules.length; index++) {
      let best = -1;
      let bestCost = Infinity;
      for (let at = clauseStart.at(index) + 1, n = clauses.at(clauseStart.at(index)); n > 0; n--, at += 2 + clauses.at(at + 1)) {
        const c = cost(at);
        if (c < bestCost) [best, bestCost] = [at, c];
      }
      anchorOf[index] = best;
    }
    const anchorKeys = (index: number) => clauses.view(anchorOf[index]! + 2, clauses.at(anchorOf[index]! + 1));

    // Rules under each anchor key, counted then filled (compressed rows).
    const anchorStart = new Int32Array(keys.count + 1);
    for (let index = 0; index < rules.length; index++) if (anchorOf[index]! >= 0) for (const key of anchorKeys(index)) anchorStart[key + 1]!++;
    for (let key = 0; key < keys.count; key++) anchorStart[key + 1]! += anchorStart[key]!;
    const anchored = new Int32Array(anchorStart[keys.count]!);
    const fill = anchorStart.slice(0, keys.count);
    const unanchored: number[] = [];
    const regexAnchored: number[] = [];
    for (let index = 0; index < rules.length; index++) {
      if (anchorOf[index]! < 0) unanchored.push(index);
      else {
        for (const key of anchorKeys(index)) anchored[fill[key]!++] = index;
        if (clauses.at(anchorOf[index]!)) regexAnchored.push(index);
      }
    }
    this.#anchorStart = anchorStart;
    this.#anchored = anchored;
    this.#unanchored = Int32Array.from(unanchored);
    this.#regexAnchored = Int32Array.from(regexAnchored);
    builder.release();
  }

  /** Number of rules the prefilter cannot exclude (no required literal); they are evaluated for every paste. */
  get unanchoredCount(): number {
    return this.#maybeCount;
  }

  /** Rules whose required keys the paste contains, in knowledge-base order. */
  candidates(facts: PasteFacts): CompiledRule[] {
    const touched = this.#mark(facts);
    const hazard = facts.foldingHazard;
    const picked = new Set<number>();
    const consider = (index: number) => {
      if (!picked.has(index) && this.#holds(this.#formulaStart[index]!, facts, hazard)) picked.add(index);
    };
    try {
      for (const key of touched) for (let at = this.#anchorStart[key]!, end = this.#anchorStart[key + 1]!; at < end; at++) consider(this.#anchored[at]!);
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
    for (const code of facts.codeSet) mark(this.#codeKeys.get(code));
    for (const status of facts.statusSet) mark(this.#statusKeys.get(status));
    return touched;
  }

  #unmark(touched: number[]): void {
    for (const id of touched) this.#present[id] = 0;
  }

  /** Whether the formula encoded at `at` holds. */
  #holds(at: number, facts: PasteFacts, hazard: boolean): boolean {
    const code = this.#formulas;
    const end = at + code[at + 1]!;
    switch (code[at]) {
      case KEY_OP:
        if (hazard && code[at + 2]) return true;
        for (let i = at + 3; i < end; i++) if (this.#present[code[i]!]) return true;
        return false;
      case RANGE_OP: {
        const gte = this.#ranges[2 * code[at + 2]!]!;
        const lte = this.#ranges[2 * code[at + 2]! + 1]!;
        for (const status of facts.statusSet) if (status >= gte && status <= lte) return true;
        return false;
      }
      case ALL_OP:
        for (let child = at + 2; child < end; child += code[child + 1]!) if (!this.#holds(child, facts, hazard)) return false;
        return true;
      case ANY_OP:
        for (let child = at + 2; child < end; child += code[child + 1]!) if (this.#holds(child, facts, hazard)) return true;
        return false;
      default:
        return true;
    }
  }
}

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

  view(from: number, count: number): Int32Array {
    return this.#data.subarray(from, from + count);
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
class KeyTable {
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
