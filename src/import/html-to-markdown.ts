import TurndownService from 'turndown';
import { type ChildNode, childrenOf, isElement, isText, outerHtml, startLine, textOf, type Element, type ParentNode } from './html-tree.js';

/** Elements that only hold other blocks: their children are converted one by one, each with its own line. */
const CONTAINERS = new Set(['div', 'section', 'article', 'main', 'body', 'center']);
const BLOCKS = new Set(['p', 'div', 'section', 'article', 'ul', 'ol', 'pre', 'table', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dl', 'hr', 'figure', 'details']);

/** turndown, set up for our articles: ATX headings, fenced code, images dropped (they are reported by the reader). */
function createTurndown(): TurndownService {
  const service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*' });
  service.addRule('drop-images', { filter: ['img', 'picture', 'svg' as keyof HTMLElementTagNameMap], replacement: () => '' });
  service.addRule('any-pre-is-code', {
    filter: (node) => node.nodeName === 'PRE',
    replacement: (_content, node) => `\n\n\`\`\`\n${(node.textContent ?? '').replace(/\n+$/, '')}\n\`\`\`\n\n`,
  });
  service.remove(['script', 'style', 'noscript', 'iframe', 'button', 'input', 'select', 'textarea', 'form', 'nav']);
  return service;
}

const turndown = createTurndown();

export interface MarkdownBlocks {
  markdown: string;
  /** Input line of each Markdown line. */
  lineMap: (number | undefined)[];
}

/**
 * Converts the content under `root` to Markdown one block at a time, so each Markdown line knows
 * the input line it came from (`lineOffset` is added to parse5's lines, for HTML inside another file).
 */
export function blocksToMarkdown(root: ParentNode, lineOffset = 0): MarkdownBlocks {
  const chunks: { text: string; line: number | undefined }[] = [];
  const visit = (node: ChildNode) => {
    if (isText(node)) {
      if (node.value.trim()) chunks.push({ text: turndown.turndown(`<p>${outerHtml(node)}</p>`), line: at(node) });
      return;
    }
    if (!isElement(node)) return;
    if (CONTAINERS.has(node.tagName) && hasBlockChild(node)) {
      collapseInline(node).forEach(visit);
      return;
    }
    const text = turndown.turndown(outerHtml(node));
    if (text.trim()) chunks.push({ text, line: at(node) });
  };
  const at = (node: ChildNode) => {
    const line = startLine(node);
    return line === undefined ? undefined : line + lineOffset;
  };
  childrenOf(root).forEach(visit);
  const lines: string[] = [];
  const lineMap: (number | undefined)[] = [];
  for (const chunk of chunks) {
    if (lines.length) {
      lines.push('');
      lineMap.push(undefined);
    }
    for (const line of chunk.text.split('\n')) {
      lines.push(line);
      lineMap.push(chunk.line);
    }
  }
  return { markdown: lines.join('\n'), lineMap };
}

function hasBlockChild(element: Element): boolean {
  return childrenOf(element).some((child) => isElement(child) && BLOCKS.has(child.tagName));
}

/**
 * Children of a container, with runs of inline content (text, links, emphasis) between its
 * blocks wrapped as one paragraph each, so a sentence is not split at its links.
 */
function collapseInline(element: Element): ChildNode[] {
  const result: ChildNode[] = [];
  let run: ChildNode[] = [];
  const flush = () => {
    if (run.some((n) => textOf(n))) {
      const paragraph = { nodeName: 'p', tagName: 'p', attrs: [], namespaceURI: 'http://www.w3.org/1999/xhtml', childNodes: run, parentNode: element, sourceCodeLocation: (run[0] as { sourceCodeLocation?: unknown }).sourceCodeLocation } as unknown as Element;
      result.push(paragraph);
    }
    run = [];
  };
  for (const child of childrenOf(element)) {
    if (isElement(child) && BLOCKS.has(child.tagName)) {
      flush();
      result.push(child);
    } else run.push(child);
  }
  flush();
  return result;
}
