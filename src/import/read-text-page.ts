import { childrenOf, isElement, isText, parseHtmlFragment, textOf } from './html-tree.js';
import { clip } from './read-html-page.js';
import { sectionKind } from './sections.js';
import type { ImportNote, SourceDocument } from './types.js';

/** Lines that are a help center's page chrome when a page is saved as text. */
const CHROME_LINE = /^(?:loading\W*|skip to .*|back to top|print(?: this)?(?: article| page)?|share|sign in|log ?in|search|menu|was this (?:article|page|information) helpful\??|yes\s*no|thank you for your feedback!?|cookie (?:settings|preferences)|accept (?:all )?cookies)$/i;
const NUMBERED = /^(\s*)(\d{1,3})[.)]\s+(.*)$/;
const BULLET = /^(\s*)[•◦▪‣∙·*-]\s+(.*)$/;

interface Item {
  /** Indentation of the item's marker in the input: lines indented further belong to it. */
  indent: number;
  ordered: boolean;
  /** Column of the item's text in the Markdown written (where its further paragraphs and sub-lists go). */
  column: number;
}

/**
 * The text of a saved KB page (as the seed page): section names become headings, numbered and
 * bulleted lines lists, indented lines under an item stay in that item; tracking frames,
 * "Loading" and navigation lines go, and so does the title repeated at the bottom of the page.
 */
export function readTextPage(text: string, options: { file: string; source: string }): SourceDocument {
  const notes: ImportNote[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  const lineMap: (number | undefined)[] = [];
  const emit = (markdown: string, line: number | undefined) => {
    out.push(markdown);
    lineMap.push(line);
  };
  const drop = (line: number, message: string) => notes.push({ file: options.file, line, kind: 'dropped', message });
  let title: string | undefined;
  let stack: Item[] = [];
  let blank = true;
  for (let i = 0; i < lines.length; i++) {
    // Saved pages keep no-break spaces (&nbsp;) where the page had them: plain spaces in the article.
    const raw = lines[i]!.replace(/[\u00a0\u2007\u202f]/g, ' ').replace(/\s+$/, '');
    const trimmed = raw.trim();
    const lineNo = i + 1;
    if (!trimmed) {
      if (!blank) emit('', undefined);
      blank = true;
      continue;
    }
    if (trimmed.startsWith('<')) {
      const markup = markupLine(trimmed);
      if (markup !== undefined) {
        drop(lineNo, `markup line ${markup}`);
        continue;
      }
    }
    if (CHROME_LINE.test(trimmed)) {
      drop(lineNo, `page chrome "${clip(trimmed)}"`);
      continue;
    }
    if (title === undefined) {
      title = trimmed;
      continue;
    }
    if (trimmed === title) {
      drop(lineNo, 'the title, repeated by the page');
      continue;
    }
    const heading = trimmed.replace(/:$/, '');
    if (sectionKind(heading) && !NUMBERED.test(raw) && !BULLET.test(raw)) {
      stack = [];
      if (!blank) emit('', undefined);
      emit(`## ${heading}`, lineNo);
      emit('', undefined);
      blank = true;
      continue;
    }
    const numbered = NUMBERED.exec(raw);
    const bullet = numbered ? undefined : BULLET.exec(raw);
    const indent = raw.length - raw.trimStart().length;
    if (numbered || bullet) {
      while (stack.length && stack[stack.length - 1]!.indent > indent) stack.pop();
      const top = stack[stack.length - 1];
      if (top && top.indent === indent && top.ordered !== Boolean(numbered)) stack.pop();
      const marker = numbered ? `${numbered[2]}. ` : '- ';
      const pad = stack.length && stack[stack.length - 1]!.indent < indent ? stack[stack.length - 1]!.column : (stack[stack.length - 2]?.column ?? 0);
      if (!stack.length || stack[stack.length - 1]!.indent < indent) stack.push({ indent, ordered: Boolean(numbered), column: 0 });
      stack[stack.length - 1]!.column = pad + marker.length;
      emit(`${' '.repeat(pad)}${marker}${numbered ? numbered[3] : bullet![2]}`, lineNo);
      blank = false;
      continue;
    }
    // Indented under an item: a further paragraph of that item. Otherwise the lists end here.
    const inList = stack.length > 0;
    while (stack.length && indent <= stack[stack.length - 1]!.indent) stack.pop();
    if (inList && !stack.length && !blank) emit('', undefined);
    emit(`${' '.repeat(stack[stack.length - 1]?.column ?? 0)}${trimmed}`, lineNo);
    blank = false;
  }
  return { source: options.source, file: options.file, format: 'text-page', title, markdown: out.join('\n'), lineMap, notes };
}

/**
 * A line that is only HTML markup with no text (a tracking <iframe>, a pixel <img>): parsed with
 * parse5, never pattern-matched. Returns its description, or undefined when the line has text.
 */
function markupLine(line: string): string | undefined {
  const fragment = parseHtmlFragment(line);
  const elements = childrenOf(fragment).filter(isElement);
  if (!elements.length) return undefined;
  // An unclosed <iframe> swallows the rest of the line as its raw text; that text is not content.
  const onlyMarkup = childrenOf(fragment).every((n) => (isText(n) ? !n.value.trim() : isElement(n) && (['iframe', 'script', 'noscript', 'img', 'link', 'meta', 'style'].includes(n.tagName) || !textOf(n))));
  return onlyMarkup ? `<${elements.map((e) => e.tagName).join('>, <')}>` : undefined;
}
