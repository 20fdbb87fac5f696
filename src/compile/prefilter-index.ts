import type { PasteFacts } from '../facts/paste-facts.js';
import { LiteralScanner } from './literal-scanner.js';
import { ALL_OP, ANY_OP, KEY_OP, PrefilterBuilder, RANGE_OP } from './prefilter-builder.js';
import type { CompiledRule } from './types.js';
import { includesSorted } from '../util/sorted-search.js';

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
  /** Key id of each scanned literal; -1 for a literal of a text test that is no key. */
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

  /** `built` is a builder that was given exactly `rules`, in order (the loader fills one as it compiles). */
  constructor(rules: readonly CompiledRule[], built?: PrefilterBuilder) {
    const builder = built ?? new PrefilterBuilder();
    if (!built) for (const rule of rules) builder.add(rule);
    if (builder.ruleCount !== rules.length) throw new Error('the prefilter builder was given other rules');
    this.#rules = rules;
    const { keys } = builder;
    this.#codeKeys = keys.codes;
    this.#statusKeys = keys.statuses;
    // The keys' literals, then the other literals of text tests (no key: -1), which a later rule may have made keys.
    const scanned = keys.literals.slice();
    const literalKeys = keys.literalKeys.slice();
    for (const literal of builder.otherLiterals) {
      if (keys.hasLiteral(literal)) continue;
      scanned.push(literal);
      literalKeys.push(-1);
    }
    this.#literalKeys = Int32Array.from(literalKeys);
    this.#scanner = new LiteralScanner(scanned);
    this.#formulas = builder.formulas.toArray();
    this.#formulaStart = builder.formulaStart.toArray();
    this.#ranges = builder.ranges.slice();

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
    // The keys of a rule's anchor clause are clauses[from … to).
    const forAnchorKeys = (index: number, visit: (key: number) => void) => {
      const at = anchorOf[index]!;
      for (let i = at + 2, end = at + 2 + clauses.at(at + 1); i < end; i++) visit(clauses.at(i));
    };

    // Rules under each anchor key, counted then filled (compressed rows).
    const anchorStart = new Int32Array(keys.count + 1);
    for (let index = 0; index < rules.length; index++) if (anchorOf[index]! >= 0) forAnchorKeys(index, (key) => anchorStart[key + 1]!++);
    for (let key = 0; key < keys.count; key++) anchorStart[key + 1]! += anchorStart[key]!;
    const anchored = new Int32Array(anchorStart[keys.count]!);
    const fill = anchorStart.slice(0, keys.count);
    const unanchored: number[] = [];
    const regexAnchored: number[] = [];
    for (let index = 0; index < rules.length; index++) {
      if (anchorOf[index]! < 0) unanchored.push(index);
      else {
        forAnchorKeys(index, (key) => (anchored[fill[key]!++] = index));
        if (clauses.at(anchorOf[index]!)) regexAnchored.push(index);
      }
    }
    this.#anchorStart = anchorStart;
    this.#anchored = anchored;
    this.#unanchored = Int32Array.from(unanchored);
    this.#regexAnchored = Int32Array.from(regexAnchored);
    builder.release();
  }

  /** Number of rules with no clause to be indexed under (requirements.ts isAnchored): they are considered for every paste. */
  get unanchoredCount(): number {
    return this.#unanchored.length;
  }

  /**
   * Rules whose required keys the paste contains, in knowledge-base order.
   *
   * Shaped for a short paste, which holds a few keys and touches a few rules: the keys present and
   * the rules touched are plain lists the paste owns, sorted (a sorted list of keys answers "is it
   * present" by binary search; the rules touched, sorted, come out in order and with repeats side by
   * side). Sets for them cost more to build than the rest of the prefilter, and marks kept in the
   * index would be state every paste touches. The plain model it must agree with is
   * test/compile/reference/reference-candidates.ts.
   */
  candidates(facts: PasteFacts): CompiledRule[] {
    const present = this.#presentKeys(facts);
    const hazard = facts.foldingHazard;
    const touched: number[] = [];
    const anchorStart = this.#anchorStart;
    const anchored = this.#anchored;
    for (let k = 0; k < present.length; k++) {
      const key = present[k]!;
      for (let at = anchorStart[key]!, end = anchorStart[key + 1]!; at < end; at++) touched.push(anchored[at]!);
    }
    for (let i = 0; i < this.#unanchored.length; i++) touched.push(this.#unanchored[i]!);
    if (hazard) for (let i = 0; i < this.#regexAnchored.length; i++) touched.push(this.#regexAnchored[i]!);
    sortNumbers(touched);
    const rules: CompiledRule[] = [];
    for (let i = 0; i < touched.length; i++) {
      const index = touched[i]!;
      if (i > 0 && index === touched[i - 1]) continue;
      if (this.#holds(this.#formulaStart[index]!, facts, present, hazard)) rules.push(this.#rules[index]!);
    }
    return rules;
  }

  /** The ids of the keys present in the paste, sorted, each once. */
  #presentKeys(facts: PasteFacts): number[] {
    const present: number[] = [];
    // Kept with the facts: rule tests of text read it rather than the text again (PasteFacts.textIncludes).
    const literals = facts.literalScan(this.#scanner).found.list;
    // A literal has a key of its own, or none: the ids of the literals found are distinct.
    for (let i = 0; i < literals.length; i++) {
      const key = this.#literalKeys[literals[i]!]!;
      if (key >= 0) present.push(key);
    }
    // Codes and statuses as found (a value can repeat): repeats are dropped after the sort.
    const codes = facts.codes;
    for (let i = 0; i < codes.length; i++) {
      const id = this.#codeKeys.get(codes[i]!.value);
      if (id !== undefined) present.push(id);
    }
    const statuses = facts.statuses;
    for (let i = 0; i < statuses.length; i++) {
      const id = this.#statusKeys.get(statuses[i]!.value);
      if (id !== undefined) present.push(id);
    }
    sortNumbers(present);
    let kept = 0;
    for (let i = 0; i < present.length; i++) if (i === 0 || present[i] !== present[i - 1]) present[kept++] = present[i]!;
    // Setting the length is a call into the runtime: made only when there were repeats.
    if (kept < present.length) present.length = kept;
    return present;
  }

  /** Whether the formula encoded at `at` holds. */
  #holds(at: number, facts: PasteFacts, present: readonly number[], hazard: boolean): boolean {
    const code = this.#formulas;
    const end = at + code[at + 1]!;
    switch (code[at]) {
      case KEY_OP:
        if (hazard && code[at + 2]) return true;
        for (let i = at + 3; i < end; i++) if (includesSorted(present, code[i]!)) return true;
        return false;
      case RANGE_OP: {
        const gte = this.#ranges[2 * code[at + 2]!]!;
        const lte = this.#ranges[2 * code[at + 2]! + 1]!;
        const statuses = facts.statuses;
        for (let i = 0; i < statuses.length; i++) if (statuses[i]!.value >= gte && statuses[i]!.value <= lte) return true;
        return false;
      }
      case ALL_OP:
        for (let child = at + 2; child < end; child += code[child + 1]!) if (!this.#holds(child, facts, present, hazard)) return false;
        return true;
      case ANY_OP:
        for (let child = at + 2; child < end; child += code[child + 1]!) if (this.#holds(child, facts, present, hazard)) return true;
        return false;
      default:
        return true;
    }
  }
}


/** Sorts a list of integers in place, ascending: by insertion while short (no comparator calls), else by Array#sort. */
function sortNumbers(list: number[]): void {
  if (list.length > 32) {
    list.sort((a, b) => a - b);
    return;
  }
  for (let i = 1; i < list.length; i++) {
    const value = list[i]!;
    let j = i - 1;
    for (; j >= 0 && list[j]! > value; j--) list[j + 1] = list[j]!;
    list[j + 1] = value;
  }
}

