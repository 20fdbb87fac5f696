import { parseLooseDate } from './dates.js';
import { readHtmlFragment } from './read-html-page.js';
import type { ImportNote, SourceDocument } from './types.js';

/** The fields of a Help Center article (GET /api/v2/help_center/articles.json) that the importer reads. */
interface ZendeskArticle {
  id?: number | string;
  title?: string;
  name?: string;
  body?: string | null;
  html_url?: string;
  label_names?: string[];
  updated_at?: string;
  edited_at?: string;
  draft?: boolean;
  outdated?: boolean;
}

/** The articles of an export: `{ "articles": [...] }` (a list page), `{ "article": {...} }` (one), or a bare array of pages' articles. */
export function zendeskArticles(json: unknown): ZendeskArticle[] | undefined {
  const isArticle = (a: unknown): a is ZendeskArticle => typeof a === 'object' && a !== null && ('body' in a || 'html_url' in a) && ('title' in a || 'name' in a);
  const list = Array.isArray(json) ? json.flatMap((page) => (isArticle(page) ? [page] : ((page as { articles?: unknown[] })?.articles ?? []))) : ((json as { articles?: unknown[] })?.articles ?? ((json as { article?: unknown })?.article ? [(json as { article: unknown }).article] : undefined));
  return list && list.length && list.every(isArticle) ? list : undefined;
}

/** One source document per article of a Zendesk Help Center export. */
export function readZendesk(text: string, json: unknown, file: string): SourceDocument[] {
  const articles = zendeskArticles(json) ?? [];
  let searchFrom = 0;
  return articles.map((article, index) => {
    const notes: ImportNote[] = [];
    // The report points at the article's "body" line in the export.
    const at = text.indexOf('"body"', searchFrom);
    if (at >= 0) searchFrom = at + 6;
    const bodyLine = at >= 0 ? text.slice(0, at).split('\n').length : undefined;
    const key = article.id ?? article.html_url ?? index + 1;
    if (article.draft) notes.push({ file, line: bodyLine, kind: 'warning', message: `Zendesk article ${key} is a draft` });
    if (article.outdated) notes.push({ file, line: bodyLine, kind: 'warning', message: `Zendesk article ${key} is marked outdated` });
    const { markdown, lineMap } = readHtmlFragment(article.body ?? '', { file, source: '', lineOffset: (bodyLine ?? 1) - 1 }, notes);
    return {
      source: `zendesk:${key}`,
      file,
      format: 'zendesk-json',
      title: article.title ?? article.name,
      markdown,
      lineMap: lineMap.map((line) => (line === undefined ? bodyLine : bodyLine)),
      url: article.html_url,
      labels: article.label_names ?? [],
      updated: parseLooseDate(article.edited_at ?? article.updated_at),
      notes,
    };
  });
}
