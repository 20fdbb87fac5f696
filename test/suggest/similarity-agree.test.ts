// The similarity index prunes (terms numbered at load, the lightest terms' postings left unread,
// passages that cannot reach the least score asked for left unscored). Its answers must be the
// plain model's (test/suggest/reference/reference-similarity-index.ts) cut to that score: the same
// articles, order, scores, passages and shared words, on the bundled knowledge base, the bench's
// synthetic one, and small generated ones whose few words make ties and look-alikes common.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKnowledgeBase } from '../../bench/generate-kb.js';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import type { ArticleRecord, CompiledRule } from '../../src/compile/types.js';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { PasteFacts } from '../../src/facts/paste-facts.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import { DEFAULT_CALIBRATION } from '../../src/match/calibration.js';
import { rulesAsEvidence } from '../../src/suggest/example-evidence.js';
import { keepTerm } from '../../src/suggest/search-terms.js';
import { descriptiveTerms } from '../../src/suggest/descriptive-terms.js';
import { SimilarityIndex, type Similar } from '../../src/suggest/similarity-index.js';
import { fuzzRuns, fuzzTimeout } from '../helpers/fuzz-runs.js';
import { pasteArbitrary } from '../helpers/paste-fragments.js';
import { ReferenceSimilarityIndex, referenceDescriptiveTerms, referenceKeepTerm } from './reference/reference-similarity-index.js';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const { similar_answer_min_score: ANSWER, suggestion_min_score: SUGGEST } = DEFAULT_CALIBRATION;
/** The least scores the engine asks for, none (every article), and a few others around them. */
const MIN_SCORES = [0, ANSWER, SUGGEST, Math.min(ANSWER, SUGGEST), 0.5, 1, 1.2345, 4, 8];
const VENDORS = ['okta', 'github', 'entra', 'slack', 'atlassian', 'salesforce', 'stripe', 'nginx', 'kubernetes'];

interface Models {
  fast: SimilarityIndex;
  reference: ReferenceSimilarityIndex;
}

/** What the plain model answers when only scores of at least `minScore` are shown. */
function expected(models: Models, text: string, codes: Iterable<string>, products: ReadonlySet<string>, limit: number, minScore: number): Similar[] {
  const all = models.reference.similar(text, codes, Number.MAX_SAFE_INTEGER, products);
  return all.filter((s) => s.score >= minScore).slice(0, limit);
}

function agree(models: Models, text: string, options: { limit: number; minScore: number; products: ReadonlySet<string> }): void {
  const codes = new PasteFacts(text).codeSet;
  const got = models.fast.similar({ text, codes, products: () => options.products }, options.limit, options.minScore);
  expect(got).toEqual(expected(models, text, codes, options.products, options.limit, options.minScore));
}

function modelsOf(kb: KnowledgeBase): Models {
  // The index reads the rules' examples cut to their evidence lines (example-evidence.ts): the reference reads the same.
  return { fast: kb.similarity, reference: ReferenceSimilarityIndex.of(kb.articlesById, rulesAsEvidence(kb.rules)) };
}

/** Pastes people sent: held-out pastes and the real-paste corpus. */
function realPastes(): string[] {
  const texts: string[] = [];
  const heldOut = join(FIXTURES, 'held-out');
  for (const dir of readdirSync(heldOut)) {
    if (statSync(join(heldOut, dir)).isDirectory()) for (const file of readdirSync(join(heldOut, dir))) texts.push(readFileSync(join(heldOut, dir, file), 'utf8'));
  }
  const real = join(FIXTURES, 'real');
  for (const file of readdirSync(real).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(real, file), 'utf8').split('\n')) if (line.trim()) texts.push((JSON.parse(line) as { text: string }).text);
  }
  return texts;
}

/** Whole pastes, cuts of them, and mixes of pieces with the index's own words and random fragments. */
function pasteOf(pool: readonly string[], words: readonly string[]): fc.Arbitrary<string> {
  const whole = fc.constantFrom(...pool);
  const cut = fc.tuple(whole, fc.nat(), fc.nat()).map(([text, a, b]) => {
    const [from, to] = [a % (text.length + 1), b % (text.length + 1)].sort((x, y) => x - y);
    return text.slice(from, to);
  });
  const word = fc.constantFrom(...words);
  const separator = fc.constantFrom(' ', ' ', '\n', ': ', '\n    at Sync.run (/srv/app/sync.js:10:5)\n', ' https://x.example.com/a ', ' 10.0.0.1:443 ');
  const piece = fc.oneof(cut, word, word, pasteArbitrary);
  const mix = fc.array(fc.tuple(piece, separator), { minLength: 1, maxLength: 12 }).map((parts) => parts.map(([p, s]) => p + s).join(''));
  return fc.oneof(whole, cut, mix);
}

const optionsArbitrary = fc.record({
  limit: fc.integer({ min: 1, max: 8 }),
  minScore: fc.oneof(fc.constantFrom(...MIN_SCORES), fc.double({ min: 0, max: 6, noNaN: true })),
  products: fc.subarray(VENDORS, { maxLength: 3 }).map((p) => new Set(p)),
});

function wordsOf(models: Models): string[] {
  return [...new Set(models.reference.passages.flatMap((p) => p.terms))].sort();
}

describe('the pruned similarity index agrees with the plain model', () => {
  let bundled: Models;
  let synthetic: Models;
  let examples: string[];
  let real: string[];
  beforeAll(async () => {
    const { kb } = await loadKnowledgeBase(BUNDLED_KB_DIR);
    bundled = modelsOf(kb!);
    examples = kb!.rules.flatMap((r) => [...r.examples.match, ...r.examples.no_match]);
    real = realPastes();
    const generated = generateKnowledgeBase(2000, 16);
    const loaded = await loadKnowledgeBase(generated.dir);
    synthetic = modelsOf(loaded.kb!);
  }, 120_000);

  it('on every bundled example, held-out and real paste, at every least score the engine uses', () => {
    for (const text of [...examples, ...real]) {
      for (const minScore of [0, ANSWER, SUGGEST]) agree(bundled, text, { limit: 6, minScore, products: new Set() });
      agree(bundled, text, { limit: 1, minScore: ANSWER, products: new Set(['okta']) });
    }
  });

  it('on generated pastes, bundled knowledge base', () => {
    const runs = fuzzRuns(300);
    fc.assert(
      fc.property(pasteOf([...examples, ...real], wordsOf(bundled)), optionsArbitrary, (text, options) => agree(bundled, text, options)),
      { numRuns: runs },
    );
  }, fuzzTimeout(fuzzRuns(300), 50));

  it('on the synthetic knowledge base of the bench, its signatures and the bundled pastes', () => {
    const signatures = synthetic.reference.passages.map((p) => p.text);
    for (const text of [...signatures, ...examples]) agree(synthetic, text, { limit: 6, minScore: 0, products: new Set() });
    const runs = fuzzRuns(200);
    fc.assert(
      fc.property(pasteOf([...signatures, ...examples], wordsOf(synthetic)), optionsArbitrary, (text, options) => agree(synthetic, text, options)),
      { numRuns: runs },
    );
  }, 120_000);

  it('on generated knowledge bases of few words, where passages tie and look-alikes win', () => {
    const runs = fuzzRuns(150);
    fc.assert(
      fc.property(smallKnowledgeBase, fc.array(fc.constantFrom(...SMALL_WORDS, ...SMALL_WORDS.map((w) => `${w}s`), 'E0000011', '403', 'okta'), { maxLength: 16 }), optionsArbitrary, ({ articles, rules }, words, options) => {
        const models = { fast: new SimilarityIndex(articles, rules), reference: new ReferenceSimilarityIndex(articles, rules) };
        agree(models, words.join(' '), options);
      }),
      { numRuns: runs },
    );
  }, fuzzTimeout(fuzzRuns(150), 50));

  // firstRuleOf is found at load; the plain way is a look along every rule of the knowledge base.
  it('names, for each article, the first specific rule reaching it, as a look along the rules does', async () => {
    const plainFirstRule = (rules: readonly CompiledRule[], id: string) => rules.find((r) => !r.generic && r.article?.id === id)?.id;
    for (const dir of [BUNDLED_KB_DIR, generateKnowledgeBase(2000, 16).dir]) {
      const { kb } = await loadKnowledgeBase(dir);
      for (const article of kb!.similarity.articles) expect(kb!.similarity.firstRuleOf(article.id)).toBe(plainFirstRule(kb!.rules, article.id));
    }
    fc.assert(
      fc.property(smallKnowledgeBase, fc.array(fc.boolean(), { maxLength: 10 }), ({ articles, rules }, generic) => {
        const marked = rules.map((r, i) => ({ ...r, generic: generic[i] ?? false }));
        const index = new SimilarityIndex(articles, marked);
        for (const article of articles) expect(index.firstRuleOf(article.id)).toBe(plainFirstRule(marked, article.id));
      }),
      { numRuns: fuzzRuns(200) },
    );
  }, 120_000);

  it('keeps the same tokens as search terms as the plain model', () => {
    const token = fc.string({ unit: fc.constantFrom('a', 'e', 'z', 's', '0', '4', '9', '_', 'é', '٣', '²', 'ß'), maxLength: 26 });
    fc.assert(
      fc.property(fc.oneof(token, fc.constantFrom('403', '4031', 'e0000011', 'aadsts50105', 'abc123def456', 'the', 'others')), (raw) => {
        expect(keepTerm(raw)).toBe(referenceKeepTerm(raw));
      }),
      { numRuns: fuzzRuns(2000) },
    );
  });

  it('takes the same terms from a text at load as the plain model', () => {
    fc.assert(fc.property(pasteOf([...examples, ...real], wordsOf(bundled)), (text) => {
      expect(descriptiveTerms(text)).toEqual(referenceDescriptiveTerms(text));
    }), { numRuns: fuzzRuns(300) });
  });
});

const SMALL_WORDS = ['token', 'expired', 'signature', 'invalid', 'tenant', 'quota', 'proxy', 'denied', 'saml', 'assertion', 'e0000011', 'aadsts50105', '403'];

/** Just what SimilarityIndex reads of an article and a rule. */
const smallKnowledgeBase = fc
  .record({
    articles: fc.array(fc.record({ title: fc.array(fc.constantFrom(...SMALL_WORDS), { minLength: 1, maxLength: 4 }), messages: fc.array(fc.array(fc.constantFrom(...SMALL_WORDS), { maxLength: 5 }), { maxLength: 2 }), vendor: fc.constantFrom(undefined, 'okta', 'github') }), { minLength: 1, maxLength: 8 }),
    rules: fc.array(fc.record({ article: fc.nat(), match: fc.array(fc.array(fc.constantFrom(...SMALL_WORDS), { maxLength: 6 }), { maxLength: 3 }), noMatch: fc.array(fc.array(fc.constantFrom(...SMALL_WORDS), { maxLength: 6 }), { maxLength: 2 }) }), { maxLength: 10 }),
  })
  .map(({ articles, rules }) => {
    const records = articles.map((a, i) => ({ id: `a${i}`, title: a.title.join(' '), error_messages: a.messages.map((m) => m.join(' ')), cause: a.title.slice(0, 2).join(' '), applies_to: a.vendor ? { products: [a.vendor] } : undefined }) as unknown as ArticleRecord);
    const compiled = rules.map((r, i) => ({ id: `r${i}`, article: records[r.article % records.length], examples: { match: r.match.map((m) => m.join(' ')), no_match: r.noMatch.map((m) => m.join(' ')) } }) as unknown as CompiledRule);
    return { articles: records, rules: compiled };
  });
