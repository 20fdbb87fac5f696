import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import type { ArticleRecord } from '../../src/compile/types.js';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import { searchTerms } from '../../src/suggest/search-terms.js';
import { MIN_SHARED_TERMS, suggestionIndexOf, type Suggestion } from '../../src/suggest/suggestion-index.js';
import { articlePath } from '../../src/present/article-url.js';

/**
 * The suggestion index scores, with its own BM25+, only the articles that can clear the minimum
 * relevance. This is what it stands for, written plainly with MiniSearch (all the paste's query
 * terms, every article scored by MiniSearch, then filtered): both must give the same suggestions,
 * scores and order.
 */
function wholeQuery(articles: readonly ArticleRecord[]) {
  const fields = ['title', 'error_messages', 'summary', 'cause', 'tags'];
  const naming = new Set(['title', 'error_messages', 'tags']);
  const text = (article: ArticleRecord, field: string) => {
    const value = (article as unknown as Record<string, unknown>)[field];
    return Array.isArray(value) ? value.join('\n') : typeof value === 'string' ? value : '';
  };
  const search = new MiniSearch<ArticleRecord>({
    idField: 'id',
    fields,
    extractField: text,
    tokenize: searchTerms,
    processTerm: (term) => term,
    searchOptions: { boost: { title: 2, error_messages: 2, summary: 1, cause: 1, tags: 1.5 }, combineWith: 'OR', prefix: false, fuzzy: false },
  });
  search.addAll(articles);
  const frequency = new Map<string, number>();
  for (const article of articles) for (const term of new Set(fields.flatMap((f) => searchTerms(text(article, f))))) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const distinctive = Math.max(1, articles.length * 0.15);
  return (paste: string, limit = 3): Suggestion[] => {
    const seen = [...new Set(searchTerms(paste.slice(0, 16 * 1024)))].filter((t) => frequency.has(t));
    const terms = seen.sort((a, b) => frequency.get(a)! - frequency.get(b)! || seen.indexOf(a) - seen.indexOf(b)).slice(0, 30);
    if (terms.length < MIN_SHARED_TERMS) return [];
    const results = search.search(terms.join(' ')).filter((r) => {
      const shared = Object.keys(r.match);
      return shared.filter((t) => frequency.get(t)! <= distinctive).length >= MIN_SHARED_TERMS && shared.some((t) => r.match[t]!.some((f) => naming.has(f)));
    });
    const best = results[0]?.score ?? 0;
    return results
      .filter((r) => r.score >= best * 0.35)
      .slice(0, limit)
      .map((r) => {
        const article = articles.find((a) => a.id === r.id)!;
        return { article: { id: article.id, title: article.title, summary: article.summary, url: articlePath(article.id) }, score: Math.round(r.score * 100) / 100, terms: terms.filter((t) => t in r.match) };
      });
  };
}

describe('suggestions scored by the index itself, on the relevant articles only', () => {
  let kb: KnowledgeBase;
  let reference: ReturnType<typeof wholeQuery>;
  let words: string[];
  beforeAll(async () => {
    kb = (await loadKnowledgeBase(BUNDLED_KB_DIR)).kb!;
    reference = wholeQuery(kb.articles);
    words = [...new Set(kb.articles.flatMap((a) => searchTerms([a.title, a.summary, ...(a.tags ?? []), ...(a.error_messages ?? [])].join(' '))))];
  });

  it('agree with the whole query on every bundled example, title and summary', () => {
    const pastes = [...kb.rules.flatMap((r) => [...r.examples.match, ...r.examples.no_match]), ...kb.articles.flatMap((a) => [a.title, a.summary])];
    let suggested = 0;
    for (const paste of pastes) {
      const expected = reference(paste);
      suggested += expected.length;
      expect(suggestionIndexOf(kb).suggest(paste), paste).toEqual(expected);
    }
    // The comparison means something only if many pastes get suggestions.
    expect(suggested).toBeGreaterThan(pastes.length / 2);
  });

  it('agree with the whole query on pastes made of the articles\' own words', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 6 }), (picks, limit) => {
        const paste = picks.map((i) => words[i % words.length]).join(' ');
        expect(suggestionIndexOf(kb).suggest(paste, { limit })).toEqual(reference(paste, limit));
      }),
      { numRuns: 300 },
    );
  });
});
