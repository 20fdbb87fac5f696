import { describe, expect, it } from 'vitest';
import { runRuleExamples } from '../../src/check/run-examples.js';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';

// Every example of every bundled rule is its own named test: `rule-id › match #2`.
const { kb, diagnostics } = await loadKnowledgeBase(BUNDLED_KB_DIR);

describe('bundled knowledge base', () => {
  it('loads without errors', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  for (const rule of kb?.rules ?? []) {
    describe(rule.id, () => {
      const outcomes = runRuleExamples(kb!, rule);
      const all = [...rule.examples.match.map((_, i) => `match #${i + 1}`), ...rule.examples.no_match.map((_, i) => `no_match #${i + 1}`)];
      for (const name of all) {
        it(name, async () => {
          const outcome = (await outcomes).find((o) => o.name === `${rule.id} › ${name}`)!;
          expect(outcome.passed, `${outcome.file}:${outcome.line}:${outcome.column} ${outcome.message}`).toBe(true);
        });
      }
    });
  }
});
