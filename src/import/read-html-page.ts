import { attribute, elementsUnder, findElement, namesOf, parseHtmlDocument, parseHtmlFragment, removeNode, startLine, textOf, type Element, type ParentNode } from './html-tree.js';
import { blocksToMarkdown } from './html-to-markdown.js';
import { parseLooseDate } from './dates.js';
import { sectionKind } from './sections.js';
import type { ImportNote, InputFormat, SourceDocument } from './types.js';

/** Elements that are never content. */
const CHROME_TAGS = new Set(['script', 'style', 'noscript', 'iframe', 'template', 'nav', 'form', 'button', 'input', 'select', 'textarea', 'header', 'footer', 'aside', 'dialog', 'object', 'embed', 'canvas', 'link', 'meta']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search', 'complementary', 'dialog', 'alert', 'status']);
/** Class or id words that name page chrome in help-center themes (and Confluence's export). */
const CHROME_NAMES = /breadcrumb|navbar|navigation|sidebar|cookie|skip|feedback|vote|comments?-|share|social|subscribe|pagesection|page-metadata|footer|attachments|search-box|toc-macro|print/;
/** Whole texts of elements that are loading placeholders. */
const PLACEHOLDER = /^(loading|please wait)\W*$/i;
const UPDATED_LINE = /^(?:last\s+)?(?:updated|modified|edited)(?:\s+on)?:?\s+(.{6,40})$/i;

export interface ReadOptions {
  file: string;
  source: string;
  /** Added to the parsed lines, for HTML embedded in another file. */
  lineOffset?: number;
}

/** A saved web page of a knowledge base (or our own /articles/:id page), or a Confluence page export. */
export function readHtmlPage(html: string, options: ReadOptions, format: InputFormat = 'html-page'): SourceDocument {
  const document = parseHtmlDocument(html);
  const notes: ImportNote[] = [];
  const confluence = format === 'confluence-html';
  const title = confluence ? confluenceTitle(document) : (pageTitle(document) ?? leadingHeading(contentRoot(document, false)) ?? documentTitle(document));
  const url = metaContent(document, (e) => e.tagName === 'link' && attribute(e, 'rel') === 'canonical', 'href') ?? metaContent(document, (e) => e.tagName === 'meta' && attribute(e, 'property') === 'og:url', 'content');
  let updated = parseLooseDate(metaContent(document, (e) => e.tagName === 'meta' && /modified_time|last-modified|updated/i.test(`${attribute(e, 'property')}${attribute(e, 'name')}`), 'content'));
  if (confluence) updated ??= confluenceUpdated(document);
  const root = contentRoot(document, confluence);
  const labels = takeLabels(root);
  updated = dropChrome(root, options, notes) ?? updated;
  const { markdown, lineMap } = blocksToMarkdown(root, options.lineOffset ?? 0);
  return { source: options.source, file: options.file, format, title, markdown, lineMap, url, labels, updated, notes };
}

/** A piece of HTML without page around it: a Zendesk article body, a CSV cell. */
export function readHtmlFragment(html: string, options: ReadOptions, notes: ImportNote[]): { markdown: string; lineMap: (number | undefined)[] } {
  const fragment = parseHtmlFragment(html);
  dropChrome(fragment, options, notes);
  return blocksToMarkdown(fragment, options.lineOffset ?? 0);
}

function pageTitle(document: ParentNode): string | undefined {
  const h1 = findElement(document, (e) => e.tagName === 'h1');
  return h1 && textOf(h1) ? textOf(h1) : undefined;
}

/** Without an <h1>, a heading that opens the content and names no section is the title ("<h2>Git push refused …</h2>"). */
function leadingHeading(root: ParentNode): string | undefined {
  for (const element of elementsUnder(root)) {
    if (/^h[2-4]$/.test(element.tagName)) return sectionKind(textOf(element)) ? undefined : textOf(element) || undefined;
    if (['p', 'pre', 'ul', 'ol', 'table', 'blockquote'].includes(element.tagName) && textOf(element)) return undefined;
  }
  return undefined;
}

function documentTitle(document: ParentNode): string | undefined {
  const title = findElement(document, (e) => e.tagName === 'title');
  // "Title · Site", "Title | Site", "Title - Site Help Center": the site's name goes.
  return title ? textOf(title).split(/\s+[·|–—]\s+|\s+-\s+(?=[^-]*$)/)[0]?.trim() || undefined : undefined;
}

function confluenceTitle(document: ParentNode): string | undefined {
  const element = findElement(document, (e) => attribute(e, 'id') === 'title-text') ?? findElement(document, (e) => e.tagName === 'title');
  // The export writes "Space name : Page title".
  const text = element ? textOf(element) : undefined;
  return text?.includes(' : ') ? text.slice(text.indexOf(' : ') + 3).trim() : text;
}

function confluenceUpdated(document: ParentNode): string | undefined {
  const metadata = findElement(document, (e) => namesOf(e).includes('page-metadata'));
  const text = metadata ? textOf(metadata) : '';
  const on = /(?:modified|updated|created)[^]*?\bon\s+(.+?)(?:\s*$|\s+by\b)/i.exec(text);
  return on ? parseLooseDate(on[1]) : undefined;
}

function metaContent(document: ParentNode, test: (e: Element) => boolean, name: string): string | undefined {
  const element = findElement(document, test);
  return element ? attribute(element, name) : undefined;
}

function contentRoot(document: ParentNode, confluence: boolean): ParentNode {
  const byId = (id: string) => findElement(document, (e) => attribute(e, 'id') === id);
  if (confluence) return byId('main-content') ?? byId('content') ?? document;
  return (
    findElement(document, (e) => e.tagName === 'main' || attribute(e, 'role') === 'main') ??
    findElement(document, (e) => e.tagName === 'article') ??
    byId('content') ??
    findElement(document, (e) => e.tagName === 'body') ??
    document
  );
}

/** Tag links (`rel=tag`, a `.tags` or `.labels` list) become labels; the links themselves are chrome. */
function takeLabels(root: ParentNode): string[] {
  const labels: string[] = [];
  for (const element of [...elementsUnder(root)]) {
    const names = namesOf(element);
    if (attribute(element, 'rel') === 'tag' || (element.tagName === 'a' && names.includes('tag'))) labels.push(textOf(element));
    else if (names.some((n) => n === 'tags' || n === 'labels' || n === 'label-list' || n.endsWith('-labels'))) {
      for (const link of elementsUnder(element)) if (link.tagName === 'a' || link.tagName === 'li') labels.push(textOf(link));
      removeNode(element);
    }
  }
  return [...new Set(labels.filter(Boolean))];
}

/** Removes chrome and images from the tree, noting each with its line; returns a date found in an "Updated …" line. */
function dropChrome(root: ParentNode, options: ReadOptions, notes: ImportNote[]): string | undefined {
  let updated: string | undefined;
  const lineOf = (e: Element) => {
    const line = startLine(e);
    return line === undefined ? undefined : line + (options.lineOffset ?? 0);
  };
  for (const element of [...elementsUnder(root)]) {
    if (!element.parentNode) continue;
    const text = textOf(element);
    const role = attribute(element, 'role') ?? '';
    if (element.tagName === 'img') {
      const alt = attribute(element, 'alt');
      notes.push({ file: options.file, line: lineOf(element), kind: 'dropped', message: alt ? `image (alt text "${alt}")` : 'image' });
      removeNode(element);
    } else if (CHROME_TAGS.has(element.tagName) || CHROME_ROLES.has(role) || namesOf(element).some((n) => CHROME_NAMES.test(n)) || attribute(element, 'hidden') !== undefined || /display:\s*none/.test(attribute(element, 'style') ?? '')) {
      if (text || element.tagName === 'iframe') notes.push({ file: options.file, line: lineOf(element), kind: 'dropped', message: `page chrome <${element.tagName}${namesOf(element).length ? ` ${namesOf(element)[0]}` : ''}>${text ? `: "${clip(text)}"` : ''}` });
      removeNode(element);
    } else if (PLACEHOLDER.test(text) && !hasElementChildren(element, ['pre', 'code'])) {
      notes.push({ file: options.file, line: lineOf(element), kind: 'dropped', message: `placeholder "${text}"` });
      removeNode(element);
    } else if (['p', 'div', 'span', 'time'].includes(element.tagName) && UPDATED_LINE.test(text)) {
      updated = parseLooseDate(UPDATED_LINE.exec(text)![1]) ?? parseLooseDate(attribute(element, 'datetime'));
      if (updated) removeNode(element);
    }
  }
  return updated;
}

function hasElementChildren(element: Element, tags: string[]): boolean {
  for (const e of elementsUnder(element)) if (tags.includes(e.tagName)) return true;
  return false;
}

export function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
