import { parse, parseFragment, serializeOuter, type DefaultTreeAdapterTypes as T } from 'parse5';

export type Element = T.Element;
export type ChildNode = T.ChildNode;
export type ParentNode = T.ParentNode;

/** Parses a whole page keeping source positions (for line numbers in the report). */
export function parseHtmlDocument(html: string): T.Document {
  return parse(html, { sourceCodeLocationInfo: true });
}

/** Parses a piece of HTML (a Zendesk body, a CSV cell) keeping source positions. */
export function parseHtmlFragment(html: string): T.DocumentFragment {
  return parseFragment(html, { sourceCodeLocationInfo: true });
}

export function isElement(node: T.Node): node is Element {
  return 'tagName' in node;
}

export function isText(node: T.Node): node is T.TextNode {
  return node.nodeName === '#text';
}

export function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

/** Class names and id of an element, lower-cased, for recognising page chrome by its naming. */
export function namesOf(element: Element): string[] {
  return [...(attribute(element, 'class') ?? '').split(/\s+/), attribute(element, 'id') ?? ''].filter(Boolean).map((n) => n.toLowerCase());
}

export function childrenOf(node: T.Node): ChildNode[] {
  return 'childNodes' in node ? (node.childNodes as ChildNode[]) : [];
}

/** Every element under `node`, depth first, in document order. */
export function* elementsUnder(node: T.Node): Generator<Element> {
  for (const child of childrenOf(node)) {
    if (isElement(child)) {
      yield child;
      yield* elementsUnder(child.tagName === 'template' ? (child as T.Template).content : child);
    }
  }
}

export function findElement(node: T.Node, test: (element: Element) => boolean): Element | undefined {
  for (const element of elementsUnder(node)) if (test(element)) return element;
  return undefined;
}

/** The text of a node, whitespace collapsed. */
export function textOf(node: T.Node): string {
  const parts: string[] = [];
  const visit = (n: T.Node) => {
    if (isText(n)) parts.push(n.value);
    else if (!isElement(n) || !['script', 'style', 'template'].includes(n.tagName)) childrenOf(n).forEach(visit);
  };
  visit(node);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

export function startLine(node: T.Node): number | undefined {
  return (node as { sourceCodeLocation?: { startLine: number } | null }).sourceCodeLocation?.startLine;
}

export function outerHtml(node: ChildNode): string {
  return isText(node) ? escapeText(node.value) : serializeOuter(node);
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function removeNode(node: ChildNode): void {
  const parent = node.parentNode;
  if (!parent) return;
  const index = parent.childNodes.indexOf(node);
  if (index >= 0) parent.childNodes.splice(index, 1);
}
