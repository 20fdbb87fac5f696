// Held-out pastes: realistic errors written apart from the rules' own examples, one folder per
// article (test/fixtures/held-out/<article-id>/*.txt). They check that rules recognise the error
// as people paste it, not only the examples their author had in mind.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_KB_DIR } from '../src/config.js';
import { loadKnowledgeBase } from '../src/load-knowledge-base.js';
import { matchPaste } from '../src/match/match-paste.js';

const DIR = join(import.meta.dirname, 'fixtures/held-out');
const { kb } = await loadKnowledgeBase(BUNDLED_KB_DIR);
const articles = existsSync(DIR) ? readdirSync(DIR).filter((name) => statSync(join(DIR, name)).isDirectory()).sort() : [];

describe('held-out pastes reach their article first', () => {
  // A missing or emptied folder fails here rather than leaving nothing to test.
  it('has its folder, with pastes for at least 40 articles', () => {
    expect(existsSync(DIR), DIR).toBe(true);
    expect(articles.length).toBeGreaterThanOrEqual(40);
  });

  it('name only articles that exist', () => {
    expect(articles.filter((id) => !kb!.articlesById.has(id))).toEqual([]);
  });

  for (const id of articles) {
    for (const file of readdirSync(join(DIR, id)).filter((f) => f.endsWith('.txt')).sort()) {
      it(`${id} › ${file}`, async () => {
        const text = readFileSync(join(DIR, id, file), 'utf8');
        const { matches } = await matchPaste(kb!, text, { limit: 3 });
        expect(matches.map((m) => m.article.id)[0], `top matches: ${matches.map((m) => `${m.rule.id} (${m.score})`).join(', ') || 'none'}`).toBe(id);
      });
    }
  }
});
