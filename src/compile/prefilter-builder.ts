import { clausesOf, needOf, type Need } from './requirements.js';
import type { CompiledRule } from './types.js';

/** Opcodes of the encoded formulas: `[op, length, ...]`, where length counts the whole node. */
const MAYBE_OP = 0;
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
  /**
   * Literals of text tests that are no key (under `not`, or beside a test the prefilter cannot
   * decide): scanned too, so every text test of a paste reads the scan (PasteFacts.textIncludes).
   */
  readonly otherLiterals = new Set<string>();
  ruleCount = 0;

  /** Frees the buffers once the index has copied what it keeps. */
  release(): void {
    for (const buffer of [this.formulas, this.formulaStart, this.clauses, this.clauseStart]) buffer.release();
    this.otherLiterals.clear();
  }

  /** Takes the next rule, in the order of the rules the index will hold. */
  add(rule: CompiledRule): void {
    const need = needOf(rule.condition);
    this.formulaStart.push(this.formulas.length);
    encode(need, this.formulas, this.ranges, this.keys);
    const list = clausesOf(need);
    this.clauseStart.push(this.clauses.length);
    this.clauses.push(list.length);
    for (const clause of list) {
      this.clauses.push(clause.fromRegex ? 1 : 0);
      this.clauses.push(clause.keys.length);
      for (const name of clause.keys) {
        const key = this.keys.key(name);
        this.clauses.push(key);
        while (this.frequency.length <= key) this.frequency.push(0);
        this.frequency[key]!++;
      }
    }
    for (const leaf of rule.leaves) {
      if (leaf.test.fact !== 'text') continue;
      for (const literal of leaf.test.literals) if (literal && !this.keys.hasLiteral(literal)) this.otherLiterals.add(literal);
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
class KeyTable {
  count = 0;
  readonly #literalIds = new Map<string, number>();
  readonly literals: string[] = [];
  readonly literalKeys: number[] = [];
  readonly codes = new Map<string, number>();
  readonly statuses = new Map<number, number>();
  readonly isStatus: boolean[] = [];

  /** The id of a key named as requirements.ts names it (`t:` literal, `c:` code, `s:` status). */
  key(name: string): number {
    const value = name.slice(2);
    if (name.startsWith('t:')) return this.literal(value);
    if (name.startsWith('c:')) return this.code(value);
    return this.status(Number(value));
  }

  hasLiteral(text: string): boolean {
    return this.#literalIds.has(text);
  }

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
function encode(need: Need, code: IntBuffer, ranges: number[], keys: KeyTable): void {
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
      for (const name of need.keys) code.push(keys.key(name));
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
      for (const part of need.parts) encode(part, code, ranges, keys);
      code.set(at + 1, code.length - at);
  }
}
