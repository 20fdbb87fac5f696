import { describe, expect, it } from 'vitest';
import { matchPaste } from '../../src/match/match-paste.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';

// Pastes share the knowledge base and what it keeps between them (regex plans, RE2 programs, the
// prefilter's marks, the scanner's scratch array, the shared offsets buffer); matched together and in
// another order, pastes must get exactly the answers they get one at a time.
describe('matching pastes concurrently', () => {
  it('gives every paste the answer it gets alone', async () => {
    const { kb } = await loadKnowledgeBase('.');
    const pastes = kb!.rules.flatMap((r) => [...r.examples.match, ...r.examples.no_match]);
    const answer = async (text: string) => {
      const result = await matchPaste(kb!, text);
      return result.matches.map((m) => [m.rule.id, m.score, m.explanation.matched.map((c) => c.condition)]);
    };
    const alone: unknown[] = [];
    for (const text of pastes) alone.push(await answer(text));
    const together = await Promise.all([...pastes].reverse().map(answer));
    expect(together.reverse()).toEqual(alone);
    expect(alone.filter((a) => (a as unknown[]).length).length).toBeGreaterThan(pastes.length / 2);
  });
});
