import { describe, expect, it } from 'vitest';
import type { CompiledRule } from '../../src/compile/types.js';
import { summarize } from '../../src/match/explain.js';
import type { MatchedCondition } from '../../src/match/types.js';

describe('summarize', () => {
  const rule = { id: 'r' } as CompiledRule;
  const matched = (...conditions: string[]): MatchedCondition[] => conditions.map((condition) => ({ condition, fact: 'text', spans: [] }));

  it('lists the conditions that held: "a", "a and b", "a, b and c"', () => {
    expect(summarize(rule, matched())).toBe('Rule "r" matched because the paste its conditions.');
    expect(summarize(rule, matched('contains "x"'))).toBe('Rule "r" matched because the paste contains "x".');
    expect(summarize(rule, matched('contains "x"', 'status 403'))).toBe('Rule "r" matched because the paste contains "x" and status 403.');
    expect(summarize(rule, matched('a', 'b', 'c', 'd'))).toBe('Rule "r" matched because the paste a, b, c and d.');
  });
});
