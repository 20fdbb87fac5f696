// Out-of-domain guard: pastes of errors that this knowledge base does not cover (compilers,
// package managers, databases, containers, git, OS limits, runtimes, web server config).
// No rule may match any of them, or the engine would answer with a wrong article.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase, matchPaste } from '../src/index.js';

const fixturesDir = path.resolve('test/fixtures/out-of-domain');
const fixtures = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.txt'))
  .sort();

type Kb = NonNullable<Awaited<ReturnType<typeof loadKnowledgeBase>>['kb']>;

describe('out-of-domain pastes match no rule', () => {
  let kb: Kb;

  beforeAll(async () => {
    const { kb: loaded, diagnostics } = await loadKnowledgeBase(path.resolve('.'));
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors, 'the bundled knowledge base must load without errors').toEqual([]);
    expect(loaded).toBeDefined();
    kb = loaded!;
  });

  it('has at least 45 fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(45);
  });

  for (const name of fixtures) {
    it(name, async () => {
      const text = readFileSync(path.join(fixturesDir, name), 'utf8');
      const result = await matchPaste(kb, text, { limit: 10 });
      const matched = result.matches.map((m) => m.rule.id);
      expect(matched, `rules that matched ${name}`).toEqual([]);
    });
  }
});
