import type { ArticleRecord } from '../compile/types.js';

/**
 * The articles whose id, title, summary, error messages or tags contain every word of `q`
 * (case-insensitive), with tag `tag` when one is given; in their original order. Shared by
 * GET /v1/articles and the /articles page so both filter alike.
 */
export function filterArticles(articles: readonly ArticleRecord[], filter: { q?: string; tag?: string }): ArticleRecord[] {
  const words = (filter.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const tag = filter.tag?.trim().toLowerCase();
  return articles
    .filter((a) => !tag || (a.tags ?? []).some((t) => String(t).toLowerCase() === tag))
    .filter((a) => {
      if (!words.length) return true;
      const text = [a.id, a.title, a.summary, ...(a.error_messages ?? []), ...(a.tags ?? [])].join('\n').toLowerCase();
      return words.every((w) => text.includes(w));
    });
}
