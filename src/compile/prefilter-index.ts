import AhoCorasick from 'modern-ahocorasick';
import type { PasteFacts } from '../facts/paste-facts.js';
import { codeKey, statusKey } from './compile-condition.js';
import type { CompiledRule } from './types.js';

/** Above this size a paste is scanned by counting per literal instead of listing every hit. */
const COUNT_THRESHOLD = 16 * 1024;

/**
 * Picks the rules a paste could match before any rule is evaluated: one Aho–Corasick pass finds
 * which rule literals occur, and a rule is a candidate only when each of its required clauses has
 * a key present. Each rule is indexed under one clause (its rarest), so a paste touches only the
 * rules anchored on what it contains.
 */
export class PrefilterIndex {
  readonly #literals: string[];
  readonly #automaton: AhoCorasick | undefined;
  readonly #anchored = new Map<string, number[]>();
  readonly #unanchored: number[] = [];
  readonly #rules: readonly CompiledRule[];

  constructor(rules: readonly CompiledRule[]) {
    this.#rules = rules;
    const frequency = new Map<string, number>();
    const literals = new Set<string>();
    for (const rule of rules) {
      for (const clause of rule.requirement) {
        for (const key of clause) {
          frequency.set(key, (frequency.get(key) ?? 0) + 1);
          if (key.startsWith('t:')) literals.add(key.slice(2));
        }
      }
    }
    this.#literals = [...literals];
    this.#automaton = this.#literals.length ? new AhoCorasick(this.#literals) : undefined;
    rules.forEach((rule, index) => {
      if (!rule.requirement.length) {
        this.#unanchored.push(index);
        return;
      }
      const cost = (clause: string[]) => clause.reduce((sum, key) => sum + (frequency.get(key) ?? 0) * (key.startsWith('s:') ? 4 : 1), 0);
      const anchor = rule.requirement.reduce((best, clause) => (cost(clause) < cost(best) ? clause : best));
      for (const key of anchor) {
        const list = this.#anchored.get(key);
        if (list) list.push(index);
        else this.#anchored.set(key, [index]);
      }
    });
  }

  /** Number of rules the prefilter cannot exclude (no required literal); they are evaluated for every paste. */
  get unanchoredCount(): number {
    return this.#unanchored.length;
  }

  /** The keys (literals, codes, statuses) present in a paste. */
  presentKeys(facts: PasteFacts): Set<string> {
    const present = new Set<string>();
    const text = facts.normalized.text;
    if (this.#automaton && text) {
      if (text.length > COUNT_THRESHOLD) {
        const counts = this.#automaton.countByPattern(text);
        for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) present.add(`t:${this.#literals[i]!}`);
      } else {
        for (const hit of this.#automaton.iterate(text)) present.add(`t:${hit.pattern}`);
      }
    }
    for (const code of facts.codeSet) present.add(codeKey(code));
    for (const status of facts.statusSet) present.add(statusKey(status));
    return present;
  }

  /** Rules whose every required clause is satisfied by the paste. */
  candidates(facts: PasteFacts): CompiledRule[] {
    const present = this.presentKeys(facts);
    const picked = new Set<number>();
    for (const key of present) {
      const anchored = this.#anchored.get(key);
      if (!anchored) continue;
      for (const index of anchored) {
        if (picked.has(index)) continue;
        const rule = this.#rules[index]!;
        if (rule.requirement.every((clause) => clause.some((k) => present.has(k)))) picked.add(index);
      }
    }
    for (const index of this.#unanchored) picked.add(index);
    return [...picked].sort((a, b) => a - b).map((i) => this.#rules[i]!);
  }
}
