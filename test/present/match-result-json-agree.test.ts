import fc from 'fast-check';
import fastJson, { type Schema } from 'fast-json-stringify';
import { describe, expect, it } from 'vitest';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { SHARED_SCHEMAS } from '../../src/http/schemas.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import type { Match, MatchResult, RenderedStep } from '../../src/match/types.js';
import { serializeMatchResult } from '../../src/present/match-result-json.js';

/**
 * The reference: fastify's serializer for the MatchResult schema (fast-json-stringify compiled
 * from the route's `$ref` and the shared schemas, as fastify compiles it). serializeMatchResult
 * writes most of an answer with JSON.stringify instead; generated answers, built as the matcher
 * builds them (objects whose properties are all required in schema order, optional ones anywhere),
 * must come out byte for byte the same. The real matcher's objects are held to it by
 * match-result-json.test.ts on every bundled example.
 */
const fastifyWrites = fastJson({ $ref: 'MatchResult#' } as Schema, { schema: Object.fromEntries(SHARED_SCHEMAS.map((s) => [s.$id, s])) as unknown as Record<string, Schema> }) as (result: MatchResult) => string;

const { kb } = await loadKnowledgeBase(BUNDLED_KB_DIR);
if (!kb) throw new Error('the bundled knowledge base does not load');

/** Text that needs escaping now and then: quotes, backslashes, control characters, line separators, lone surrogates. */
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('"', '\\', '\u2028', '\u0001', '\n', '\ud800', '\udc00', '😀', 'é', 'a', '</script>'), { maxLength: 8 }).map((parts) => parts.join('')) },
);
/** Numbers as the matcher gives them: scores, probabilities, milliseconds (rounded or not). */
const number = fc.oneof(fc.integer({ min: -1000, max: 100000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 0.1, 0.996, 1e21, 5e-7));
const offset = fc.nat({ max: 1 << 20 });
const stringList = fc.array(text, { maxLength: 3 });

/** Optional properties set in any order, each present or not, as spreads and conditional assignments do. */
function withOptional<T extends object>(required: T, optional: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<T> {
  const entries = Object.entries(optional).map(([key, arbitrary]) => fc.option(arbitrary.map((value) => [key, value] as const), { nil: undefined }));
  return fc.tuple(...entries).chain((present) => fc.shuffledSubarray(present.filter((e) => e !== undefined), { minLength: present.filter((e) => e !== undefined).length }).map((ordered) => Object.assign({}, required, Object.fromEntries(ordered)) as T));
}

const step: fc.Arbitrary<RenderedStep> = fc.letrec<{ step: RenderedStep }>((tie) => ({
  step: fc.record({ text }).chain((required) => withOptional(required, { note: text, warning: text, expect: text, substeps: fc.array(tie('step'), { maxLength: 2, depthIdentifier: 'steps' }) })),
})).step;

/** A rule's rendered answer from the bundled knowledge base (its JSON written at compile time), or an article no rule rendered. */
const article: fc.Arbitrary<Match['article']> = fc.oneof(
  fc.tuple(fc.constantFrom(...kb.rules), fc.option(text, { nil: undefined })).map(([rule, value]) => (value === undefined ? rule.answer.unfilled : rule.answer.render(Object.fromEntries(rule.captures.map((c) => [c.name, value]))))),
  fc.record({ id: text, title: text, cause: text, steps: fc.array(step, { maxLength: 3 }) }).chain((required) =>
    withOptional(required, { summary: text, escalation: text, references: fc.array(fc.record({ title: text, url: text }), { maxLength: 2 }), related: stringList, tags: stringList, url: text.map((t) => `/articles/${t}`) }),
  ),
);

const explanation = fc
  .record({
    summary: text,
    matched: fc.array(fc.record({ condition: text, fact: text, spans: fc.array(fc.record({ start: offset, end: offset, text }), { maxLength: 5 }) }), { maxLength: 4 }),
    score: fc.record({ evidence: number, priority: number, context: number }),
  })
  .chain((required) =>
    withOptional(required, {
      resembles: fc.record({ kind: fc.constantFrom('example', 'error_message', 'title', 'cause'), text, shared: stringList }).chain((r) => withOptional(r, { rule: text })),
    }),
  );

const match: fc.Arbitrary<Match> = fc
  .record({
    rule: fc.record({ id: text, title: text, file: text }),
    article,
    score: number,
    confidence: fc.constantFrom('high', 'medium', 'low'),
    probability: number,
    basis: fc.constantFrom('rule', 'similar'),
  })
  .chain((head) => withOptional(head, { generic: fc.boolean() }))
  .chain((head) => fc.record({ captures: fc.dictionary(fc.string({ maxLength: 8 }), text, { maxKeys: 3 }), explanation }).map((tail) => ({ ...head, ...tail }) as Match));

const suggestion = fc
  .record({ article: fc.record({ id: text, title: text, summary: text, url: text }), score: number, terms: stringList })
  .chain((required) => withOptional(required, { probability: number }));

const matchResult: fc.Arbitrary<MatchResult> = fc
  .record({
    matches: fc.array(match, { maxLength: 3 }),
    facts: fc.record({ length: offset, status: fc.array(fc.integer({ min: 100, max: 599 }), { maxLength: 3 }), codes: stringList, urls: stringList, hosts: stringList, products: stringList, json_fields: stringList }),
    candidates: fc.nat(),
    took_ms: number,
  })
  .chain((required) => withOptional(required, { suggestions: fc.array(suggestion, { maxLength: 3 }) }));

describe('serializeMatchResult against fastify’s serializer, on generated answers', () => {
  it('writes the same bytes', () => {
    fc.assert(
      fc.property(matchResult, (result) => {
        expect(serializeMatchResult(result, kb)).toBe(fastifyWrites(result));
      }),
      { numRuns: 400 },
    );
  });
});
