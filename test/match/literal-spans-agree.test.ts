import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PasteFacts } from '../../src/facts/paste-facts.js';
import { findLiteralSpans } from '../../src/facts/normalize-text.js';
import type { Span } from '../../src/facts/types.js';
import { literalSpans } from '../../src/match/explain.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';
import { knowledgeBaseOfConditions } from '../helpers/knowledge-base.js';

// The spans an explanation shows for a text test: on a long paste an absent literal is settled by the
// prefilter's literal scan, on a short one by searching the text (the cheaper there). Either way they
// must be what searching for every literal gives: the plain form below.

const MAX_SPANS = 5;

function literalSpansPlainly(literals: readonly string[], facts: PasteFacts): Span[] {
  return literals.flatMap((literal) => findLiteralSpans(facts.normalized, literal)).slice(0, MAX_SPANS);
}

const words = ['forbidden', 'token expired', 'denied', 'café refusé', 'straße', 'ab', 'x'];
// The scan looks for the knowledge base's literals; the others ('quota', 'not in the kb') it cannot answer.
const kb = knowledgeBaseOfConditions([`any: [${words.map((w) => JSON.stringify(w)).join(', ')}]`]);
const literal = fc.constantFrom(...words, 'quota', 'not in the kb', '');
const piece = fc.constantFrom(...words, 'TOKEN\u00a0expired', 'token   EXPIRED', 'CAFÉ REFUSÉ', 'ſtraße', 'abc', 'Forbidden', 'quota', 'ok', 'the');
// Short pastes, and pastes padded past the length where the scan is read.
const paste = fc.tuple(fc.array(piece, { maxLength: 12 }), fc.constantFrom(0, 400, 1200), fc.array(piece, { maxLength: 4 })).map(([head, pad, tail]) => [...head, 'filler '.repeat(pad / 7), ...tail].join(' '));

describe('literalSpans', () => {
  it('gives what searching for every literal gives, on short and long pastes, scanned or not', () => {
    fc.assert(
      fc.property(fc.array(literal, { maxLength: 6 }), paste, fc.boolean(), (literals, text, scanned) => {
        const facts = new PasteFacts(text);
        if (scanned) kb.prefilter.candidates(facts);
        expect(literalSpans(literals, facts)).toEqual(literalSpansPlainly(literals, new PasteFacts(text)));
      }),
      { numRuns: fuzzRuns(500) },
    );
  });
});
