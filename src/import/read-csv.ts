import { parse } from 'csv-parse/sync';
import { parseLooseDate } from './dates.js';
import { childrenOf, isElement, parseHtmlFragment } from './html-tree.js';
import { readHtmlFragment } from './read-html-page.js';
import type { ImportNote, SourceDocument } from './types.js';

/** Column names that exports (Salesforce Knowledge, ServiceNow, spreadsheets) give each field. */
const COLUMNS = {
  title: ['title', 'name', 'subject', 'short_description', 'article title', 'question'],
  body: ['body', 'content', 'article body', 'article_body', 'text', 'answer__c', 'answer', 'solution', 'description', 'details', 'kb_article_body'],
  labels: ['labels', 'tags', 'keywords', 'categories', 'category', 'label_names'],
  url: ['url', 'link', 'permalink', 'html_url', 'article url', 'urlname'],
  updated: ['updated', 'updated_at', 'last_modified', 'lastmodifieddate', 'sys_updated_on', 'last updated', 'modified'],
};

function column(headers: string[], names: string[]): string | undefined {
  return headers.find((h) => names.includes(h.trim().toLowerCase()));
}

/** Whether the text's first line names a title column and a body column. */
export function looksLikeCsv(text: string): boolean {
  try {
    const [header] = parse(text.split(/\r?\n/, 1)[0] ?? '', { bom: true }) as string[][];
    return Boolean(header && column(header, COLUMNS.title) && column(header, COLUMNS.body));
  } catch {
    return false;
  }
}

/** One source document per row of a CSV export (`title,body[,labels,url]`); HTML bodies are converted, others read as Markdown. */
export function readCsv(text: string, file: string): SourceDocument[] {
  const records = parse(text, { bom: true, columns: true, skip_empty_lines: true, relax_column_count: true, info: true }) as { record: Record<string, string>; info: { lines: number } }[];
  if (!records.length) return [];
  const headers = Object.keys(records[0]!.record);
  const col = Object.fromEntries(Object.entries(COLUMNS).map(([field, names]) => [field, column(headers, names)])) as Record<keyof typeof COLUMNS, string | undefined>;
  return records.map(({ record, info }, index) => {
    const notes: ImportNote[] = [];
    const body = (col.body ? record[col.body] : '') ?? '';
    // csv-parse reports the line a record ends on; its body starts a few lines before when it spans several.
    const firstLine = info.lines - (body.match(/\n/g)?.length ?? 0);
    const unused = headers.filter((h) => !Object.values(col).includes(h) && record[h]?.trim());
    if (unused.length) notes.push({ file, line: firstLine, kind: 'unmapped', message: `columns with no field: ${unused.join(', ')}` });
    const html = childrenOf(parseHtmlFragment(body)).some(isElement);
    const converted = html ? readHtmlFragment(body, { file, source: '', lineOffset: firstLine - 1 }, notes) : { markdown: body, lineMap: body.split('\n').map((_, i) => firstLine + i) };
    const url = col.url ? record[col.url]?.trim() : undefined;
    return {
      source: url ? `csv:${url}` : `${file}#row-${index + 1}`,
      file,
      format: 'csv',
      title: col.title ? record[col.title]?.trim() : undefined,
      markdown: converted.markdown,
      lineMap: converted.lineMap,
      url: url || undefined,
      labels: col.labels ? (record[col.labels] ?? '').split(/[,;|]/).map((l) => l.trim()).filter(Boolean) : [],
      updated: parseLooseDate(col.updated ? record[col.updated] : undefined),
      notes,
    };
  });
}
