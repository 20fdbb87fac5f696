import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { renderArticle } from '../../src/present/render-steps.js';
import { buildApp } from '../../src/http/build-app.js';
import { KnowledgeBaseHolder } from '../../src/serve/knowledge-base-holder.js';
import { serializeMatchResult } from '../../src/present/match-result-json.js';
import { withPublicUrl } from '../../src/present/article-url.js';
import { SHARED_SCHEMAS } from '../../src/http/schemas.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import { matchPaste } from '../../src/match/match-paste.js';
import type { Match, MatchResult } from '../../src/match/types.js';
import { knowledgeBaseOf } from '../helpers/knowledge-base.js';

const { kb: bundled } = await loadKnowledgeBase(BUNDLED_KB_DIR);
if (!bundled) throw new Error('the bundled knowledge base does not load');

/**
 * Fastify's own serializer for the MatchResult schema, reached through a route of a real app that
 * answers whatever MatchResult it is given (as /v1/match did before it serialized by itself).
 */
async function fastifySerializerFor(kb: KnowledgeBase): Promise<{ app: FastifyInstance; serialize: (result: MatchResult) => Promise<string> }> {
  const app = buildApp({ knowledgeBase: new KnowledgeBaseHolder(kb) });
  let answer: MatchResult | undefined;
  app.get('/test/fastify-serialized', { schema: { hide: true, response: { 200: { $ref: 'MatchResult#' } } } }, async () => answer);
  await app.ready();
  const serialize = async (result: MatchResult) => {
    answer = result;
    const res = await app.inject({ method: 'GET', url: '/test/fastify-serialized' });
    expect(res.statusCode, res.body).toBe(200);
    return res.body;
  };
  return { app, serialize };
}

/** Checks our JSON against fastify's: equal once parsed (a readable diff), then byte for byte. */
async function expectFastifyBytes(result: MatchResult, kb: KnowledgeBase, fastify: (result: MatchResult) => Promise<string>): Promise<void> {
  const expected = await fastify(result);
  const ours = serializeMatchResult(result, kb);
  expect(JSON.parse(ours)).toEqual(JSON.parse(expected));
  expect(ours).toBe(expected);
}

describe('serializeMatchResult on every example of every bundled rule: the bytes fastify writes', () => {
  let fastify: Awaited<ReturnType<typeof fastifySerializerFor>>;
  beforeAll(async () => {
    fastify = await fastifySerializerFor(bundled);
  });
  afterAll(() => fastify.app.close());

  for (const rule of bundled.rules) {
    describe(rule.id, () => {
      const examples = [...rule.examples.match.map((paste, i) => [`match #${i + 1}`, paste] as const), ...rule.examples.no_match.map((paste, i) => [`no_match #${i + 1}`, paste] as const)];
      for (const [name, paste] of examples) {
        it(name, async () => {
          const result = await matchPaste(bundled, paste, { limit: 5, suggest: true });
          // Twice: the first answer of a rule may be the one that fills the cache.
          await expectFastifyBytes(result, bundled, fastify.serialize);
          await expectFastifyBytes(result, bundled, fastify.serialize);
        });
      }
    });
  }

  it('writes every bundled rule’s unfilled answer, at compile time, as fastify writes it', async () => {
    for (const rule of bundled.rules) {
      const result: MatchResult = { matches: [], facts: { length: 0, status: [], codes: [], urls: [], hosts: [], products: [], json_fields: [] }, candidates: 0, took_ms: 0 };
      const match = { rule: { id: rule.id, title: rule.title, file: rule.file }, article: { ...rule.answer.unfilled }, score: 1, confidence: 'high', probability: 1, basis: 'rule', captures: {}, explanation: { summary: '', matched: [], score: { evidence: 1, priority: 0, context: 0 } } } as Match;
      const expected = await fastify.serialize({ ...result, matches: [match] });
      expect(expected, rule.id).toContain(`"article":${rule.answer.json},"score"`);
    }
  });

  it('caches the article matchPaste serves: the same but for captures filled into the cause or steps', async () => {
    let unfilledMatches = 0;
    for (const rule of bundled.rules) {
      for (const paste of rule.examples.match) {
        for (const match of (await matchPaste(bundled, paste)).matches) {
          const cached = renderArticle(bundled.rulesById.get(match.rule.id)!, {});
          const { cause: _cause, steps: _steps, ...frame } = match.article;
          const { cause: _cachedCause, steps: _cachedSteps, ...cachedFrame } = cached;
          expect(frame, match.rule.id).toEqual(cachedFrame);
          if (Object.keys(match.captures).length > 0) continue;
          expect(match.article, match.rule.id).toEqual(cached);
          unfilledMatches++;
        }
      }
    }
    expect(unfilledMatches).toBeGreaterThan(20);
  });
});

// An article with every optional property, a placeholder in its cause and one in a sub-step.
const FULL_ARTICLE = `---
id: full
title: "Full \\"article\\""
summary: Every property.
cause: "The {{what}} is off."
steps:
  - Plain step.
  - text: "Check {{what}}."
    note: A note.
    warning: A warning.
    expect: It works.
    substeps:
      - "Sub-step on {{what}}."
      - text: Deeper.
        substeps: [Deepest.]
escalation: Call someone.
references:
  - { title: Docs, url: "https://example.com/docs" }
related: [other]
tags: [one, two]
---
Body.
`;
const OTHER_ARTICLE = '---\nid: other\ntitle: Other article\nsummary: Other.\ncause: Other cause.\nsteps: [Other step.]\n---\nBody.\n';
const FULL_RULE = [
  'id: full-rule',
  'title: Full rule',
  'article: full',
  'when:',
  '  all:',
  '    - everything broke',
  'captures:',
  '  what:',
  "    regex: 'broke at (\\S+)'",
  'examples:',
  '  match:',
  '    - "everything broke at the-switch"',
  '',
].join('\n');

describe('serializeMatchResult on every property the MatchResult schema declares', () => {
  const kb = knowledgeBaseOf({ 'rules/full-rule.yaml': FULL_RULE }, { 'articles/full.md': FULL_ARTICLE, 'articles/other.md': OTHER_ARTICLE });
  let fastify: Awaited<ReturnType<typeof fastifySerializerFor>>;
  beforeAll(async () => {
    fastify = await fastifySerializerFor(kb);
  });
  afterAll(() => fastify.app.close());

  // Every property of every schema present (in schema order, not fastify's), so a property added to the
  // schema and not to the serializer shows up as a difference.
  const sample = sampleOf({ $ref: 'MatchResult#' }) as MatchResult;
  const withArticle = (article: Match['article']): MatchResult => ({
    ...sample,
    matches: sample.matches.map((m) => ({ ...m, rule: { ...m.rule, id: 'full-rule' }, article })),
  });
  const unfilled = renderArticle(kb.rulesById.get('full-rule')!, {});

  it('has a sample with every optional property', () => {
    const text = JSON.stringify(sample);
    for (const key of ['suggestions', 'generic', 'resembles', 'summary', 'escalation', 'references', 'related', 'tags', 'note', 'warning', 'expect', 'substeps']) expect(text).toContain(`"${key}"`);
  });

  it('writes an article of no known rule from nothing', async () => {
    await expectFastifyBytes(sample, kb, fastify.serialize);
  });

  it('writes a known rule’s article from its cached JSON', async () => {
    expect(JSON.stringify(unfilled)).toContain('<what>');
    await expectFastifyBytes(withArticle(unfilled), kb, fastify.serialize);
  });

  it('writes anew what captures filled, and only that', async () => {
    const filled = await matchPaste(kb, 'everything broke at the-switch');
    const article = filled.matches[0]!.article;
    expect(article.cause).toBe('The the-switch is off.');
    expect(article.steps[1]!.substeps![0]!.text).toBe('Sub-step on the-switch.');
    await expectFastifyBytes(filled, kb, fastify.serialize);
    expect(serializeMatchResult(filled, kb)).not.toContain('<what>');
    await expectFastifyBytes(withArticle({ ...unfilled, steps: [...unfilled.steps, { text: 'A step the cache lacks.' }] }), kb, fastify.serialize);
    await expectFastifyBytes(withArticle({ ...unfilled, tags: ['other', 'tags'] }), kb, fastify.serialize);
  });

  it('starts every article url with the public URL: what fastify writes of withPublicUrl’s answer', async () => {
    const base = 'https://kb.example.com/help';
    for (const result of [await matchPaste(kb, 'everything broke at the-switch'), await matchPaste(kb, 'everything broke'), withArticle(unfilled), sample]) {
      const expected = await fastify.serialize(withPublicUrl(result, base));
      // Twice: once filling the cache of this public URL, once from it; then the relative links are still relative.
      expect(serializeMatchResult(result, kb, base)).toBe(expected);
      expect(serializeMatchResult(result, kb, base)).toBe(expected);
      expect(serializeMatchResult(result, kb)).toBe(await fastify.serialize(result));
    }
    const answer = JSON.parse(serializeMatchResult(await matchPaste(kb, 'everything broke'), kb, base)) as MatchResult;
    expect(answer.matches[0]!.article.url).toBe('https://kb.example.com/help/articles/full');
  });
});

const schemasById = new Map<string, JsonSchema>(SHARED_SCHEMAS.map((s) => [s.$id, s as JsonSchema]));

interface JsonSchema {
  $ref?: string;
  type?: string;
  enum?: readonly string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
}

let sampleCount = 0;

/** A value of the schema with every property present; strings alternate between plain and needing escapes. */
function sampleOf(schema: JsonSchema, depth = 0): unknown {
  if (schema.$ref) return sampleOf(schemasById.get(schema.$ref.replace(/#$/, ''))!, depth);
  switch (schema.type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) value[key] = sampleOf(property, depth + 1);
      if (typeof schema.additionalProperties === 'object') value['a "key"'] = sampleOf(schema.additionalProperties, depth + 1);
      return value;
    }
    case 'array':
      // Deep enough for sub-steps of sub-steps; recursive schemas stop there.
      return depth > 8 ? [] : [sampleOf(schema.items!, depth + 1), sampleOf(schema.items!, depth + 1)];
    case 'string':
      return schema.enum?.[0] ?? (++sampleCount % 2 ? `plain ${sampleCount}` : `"${sampleCount}" \\ </script> \u2028 \u0001\t`);
    case 'integer':
      return ++sampleCount;
    case 'number':
      return ++sampleCount + 0.25;
    case 'boolean':
      return true;
    default:
      throw new Error(`no sample for schema ${JSON.stringify(schema)}`);
  }
}
