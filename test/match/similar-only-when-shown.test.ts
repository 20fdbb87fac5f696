// With a generic answer and no suggestions asked for, matchPaste does not look for similar
// articles: nothing would show them. The answers must be those of a match that looks for them
// (asking for suggestions always does): the same matches, on every bundled example and real paste.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import { matchPasteNow } from '../../src/match/match-paste.js';

const realDir = join(import.meta.dirname, '../fixtures/real');
const realPastes = readdirSync(realDir)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => readFileSync(join(realDir, f), 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { text: string }).text));

describe('similar articles looked for only when something shows them', () => {
  it('leave the matches as a match that looks for them gives', async () => {
    const { kb } = await loadKnowledgeBase(BUNDLED_KB_DIR);
    const pastes = [...kb!.rules.flatMap((r) => [...r.examples.match, ...r.examples.no_match]), ...realPastes];
    let generic = 0;
    for (const text of pastes) {
      const plain = matchPasteNow(kb!, text, { limit: 5 });
      const looked = matchPasteNow(kb!, text, { limit: 5, suggest: true });
      expect(plain.matches, text).toEqual(looked.matches);
      if (plain.matches[0]?.generic) generic++;
    }
    // Not vacuous: some pastes are answered by a generic rule alone.
    expect(generic).toBeGreaterThan(5);
  }, 120_000);
});
