import { attribute, elementsUnder, namesOf, parseHtmlDocument } from './html-tree.js';
import { looksLikeCsv } from './read-csv.js';
import { zendeskArticles } from './read-zendesk.js';
import type { InputFormat } from './types.js';

const BLOCK_TAGS = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'li', 'ul', 'ol', 'table', 'article', 'main', 'section', 'pre']);

/** What kind of input a text is, from its content (the file name only breaks a tie for CSV). */
export function detectFormat(text: string, fileName = ''): { format: InputFormat; json?: unknown } | { error: string } {
  const trimmed = text.trimStart();
  if (!trimmed) return { error: 'the input is empty' };
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      return { error: `it looks like JSON but does not parse: ${(error as Error).message}` };
    }
    if (zendeskArticles(json)) return { format: 'zendesk-json', json };
    return { error: 'JSON, but not a Zendesk Help Center articles export (no "articles" with "title" and "body")' };
  }
  if (trimmed.startsWith('<')) {
    const document = parseHtmlDocument(text);
    let blocks = 0;
    for (const element of elementsUnder(document)) {
      if (attribute(element, 'id') === 'main-content' || attribute(element, 'id') === 'title-text' || namesOf(element).includes('wiki-content') || (element.tagName === 'meta' && /confluence/i.test(`${attribute(element, 'name')} ${attribute(element, 'content')}`))) return { format: 'confluence-html' };
      if (BLOCK_TAGS.has(element.tagName)) blocks++;
    }
    // A page saved as text can start with a stray tracking <iframe>: without block elements it is text.
    if (blocks >= 2) return { format: 'html-page' };
  }
  if (/\.csv$/i.test(fileName) || looksLikeCsv(text)) return { format: 'csv' };
  if (/^#{1,3} \S/m.test(text) || /^---\n[^]*?\n---\n/.test(text.replace(/\r\n?/g, '\n'))) return { format: 'markdown' };
  return { format: 'text-page' };
}
