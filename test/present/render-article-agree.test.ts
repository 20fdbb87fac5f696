import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import type { CompiledRule } from '../../src/compile/types.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import type { Match } from '../../src/match/types.js';
import { articlePath } from '../../src/present/article-url.js';
import { fillPlaceholders, renderArticle, renderSteps } from '../../src/present/render-steps.js';

/**
 * The reference: a rule's answer built anew from its article (or its inline cause and steps) for
 * each paste, every field copied, properties in the schema's order. renderArticle shares what no
 * capture changes between pastes (the unfilled answer, the steps without placeholders, one frame of
 * references and url per answer); what it gives must read the same, key for key and byte for byte.
 */
function plainAnswer(rule: CompiledRule, captures: Record<string, string>): Match['article'] {
  const article = rule.article;
  if (!article) return { id: rule.id, title: rule.title, cause: rule.cause ?? '', steps: renderSteps(rule.steps ?? [], captures) };
  const answer: Match['article'] = { id: article.id, title: article.title, cause: fillPlaceholders(article.cause, captures), steps: renderSteps(article.steps, captures) };
  if (article.summary !== undefined) answer.summary = article.summary;
  if (article.escalation !== undefined) answer.escalation = article.escalation;
  if (article.references !== undefined) answer.references = article.references.map((r) => ({ title: r.title, url: r.url }));
  if (article.related !== undefined) answer.related = article.related;
  if (article.tags !== undefined) answer.tags = article.tags;
  answer.url = articlePath(article.id);
  return answer;
}

const { kb } = await loadKnowledgeBase(BUNDLED_KB_DIR);
if (!kb) throw new Error('the bundled knowledge base does not load');
const withCaptures = kb.rules.filter((r) => r.captures.length > 0);

const value = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', '$&', '{{x}}', '"\\\n', '😀'));

/** Captures as a paste fills them: some of the rule's names, with any text. */
const rulesAndCaptures = fc
  .constantFrom(...kb.rules, ...withCaptures)
  .chain((rule) => fc.tuple(fc.constant(rule), fc.subarray(rule.captures.map((c) => c.name)).chain((names) => fc.tuple(...names.map((name) => value.map((v) => [name, v] as const))))))
  .map(([rule, entries]) => ({ rule, captures: Object.fromEntries(entries) as Record<string, string> }));

describe('renderArticle agrees with an answer built anew', () => {
  it('on every bundled rule, with any captures', () => {
    fc.assert(
      fc.property(rulesAndCaptures, ({ rule, captures }) => {
        const rendered = renderArticle(rule, captures);
        const plain = plainAnswer(rule, captures);
        expect(Object.keys(rendered)).toEqual(Object.keys(plain));
        expect(JSON.stringify(rendered)).toBe(JSON.stringify(plain));
        expect(Object.isFrozen(rendered)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('shares one frame between a rule’s answers, frozen all through', () => {
    const rules = withCaptures.filter((r) => r.article?.references?.length);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const unfilled = renderArticle(rule, {});
      const filled = renderArticle(rule, Object.fromEntries(rule.captures.map((c) => [c.name, 'x'])));
      expect(filled.references).toBe(unfilled.references);
      expect(Object.isFrozen(filled.references)).toBe(true);
      expect(filled.references!.every((r) => Object.isFrozen(r))).toBe(true);
    }
  });
});
