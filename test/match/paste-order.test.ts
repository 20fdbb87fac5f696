import { describe, expect, it } from 'vitest';
import { matchPaste } from '../../src/match/match-paste.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';

// Matching is synchronous, so pastes never overlap inside one process; what could leak between
// them is state kept from one paste to the next. The compiled knowledge base keeps none (a paste
// owns its scratch, RE2 programs are the regex's own): matched in the reverse order, right after
// one another, every paste must get exactly the answer it got before.
describe('matching pastes in another order', () => {
  it('gives every paste the answer it gets in the first order', async () => {
    const { kb } = await loadKnowledgeBase('.');
    const pastes = kb!.rules.flatMap((r) => [...r.examples.match, ...r.examples.no_match]);
    const answer = async (text: string) => {
      const result = await matchPaste(kb!, text);
      return result.matches.map((m) => [m.rule.id, m.score, m.explanation.matched.map((c) => c.condition)]);
    };
    const alone: unknown[] = [];
    for (const text of pastes) alone.push(await answer(text));
    const reversed: unknown[] = [];
    for (const text of [...pastes].reverse()) reversed.push(await answer(text));
    expect(reversed.reverse()).toEqual(alone);
    expect(alone.filter((a) => (a as unknown[]).length).length).toBeGreaterThan(pastes.length / 2);
  });
});
