import type { Blockquote, Code, Heading, List, ListItem, Nodes, Paragraph, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { extractProducts } from '../facts/products.js';
import { redactSecrets } from '../redact/redact-secrets.js';
import { today } from './dates.js';
import { cleanMessage, looksLikeError, quotedErrors, uniqueMessages } from './error-messages.js';
import { clip } from './read-html-page.js';
import { sectionKind, type SectionKind } from './sections.js';
import { slugify } from './slug.js';
import type { ArticleStep, ImportNote, MappedArticle, SourceDocument } from './types.js';

interface Section {
  heading?: string;
  kind?: SectionKind;
  depth: number;
  nodes: RootContent[];
  line?: number;
}

const ESCALATION = /^(?:if (?:the|this|that|your) (?:issue|problem|error)\b.*\b(?:persists?|continues?|remains?|still)|if (?:none of (?:this|these|the above)|this does not|that does not|the steps? above)|if you (?:still|continue)|still (?:not working|failing|having)|contact\b.*\bsupport)/i;
const WARNING = /^(?:warning|caution|important|attention)\s*[:!-]\s*/i;
const EXPECT = /^(?:expected(?: result)?|result|verify|you should see)\s*[:-]\s*/i;
const NOTE = /^(?:note|tip|info)\s*[:-]\s*/i;

const parser = unified().use(remarkParse).use(remarkGfm);

type MappedDraft = Omit<MappedArticle, 'spec'> & { spec: Omit<MappedArticle['spec'], 'id'> & { id?: string } };

/** What the sections of one document filled in, before the article is assembled. */
interface Fields {
  title: string;
  messages: string[];
  summaries: string[];
  cause?: string;
  steps: (string | ArticleStep)[];
  escalation?: string;
  references: { title: string; url: string }[];
  applies: string[];
  labels: string[];
  body: string[];
}

/** Turns one source document into an article in our format; what fits no field goes to the body and the report. */
export function mapArticle(doc: SourceDocument): MappedDraft {
  const notes: ImportNote[] = [...doc.notes];
  const lineOf = (node: Nodes | undefined) => {
    const line = node?.position?.start.line;
    return line === undefined ? undefined : (doc.lineMap[line - 1] ?? undefined);
  };
  const note: NoteFn = (node, kind, message) => notes.push({ file: doc.file, line: lineOf(node), kind, message });
  const { title, children } = titleAndContent(parser.parse(doc.markdown) as Root, doc);
  const fields: Fields = {
    title,
    messages: quotedErrors(title),
    summaries: [],
    steps: [],
    references: doc.url ? [{ title: clip(`Source: ${title}`, 200), url: doc.url }] : [],
    applies: [],
    labels: [...(doc.labels ?? [])],
    body: [],
  };
  for (const section of splitSections(children)) fillFromSection(fields, section, doc, note);
  return assembleArticle(fields, doc, note, notes);
}

/** The page's title, and its content without the title's own heading (an <h1>, or the <h2> that opens a page without one). */
function titleAndContent(tree: Root, doc: SourceDocument): { title: string; children: RootContent[] } {
  let title = doc.title?.trim();
  let titleSeen = false;
  const children = tree.children.filter((node) => {
    if (node.type !== 'heading' || titleSeen) return true;
    const text = plain(node);
    if (node.depth === 1 && !title) title = text;
    if (text === title || (node.depth === 1 && title!.includes(text))) {
      titleSeen = true;
      return false;
    }
    return true;
  });
  return { title: title || doc.file, children };
}

/** Adds what one section holds to the fields; what fits none is kept in the body and reported. */
function fillFromSection(fields: Fields, section: Section, doc: SourceDocument, note: NoteFn): void {
  const where = section.heading ? `section "${section.heading}"` : 'text before the first heading';
  const keep = (nodes: RootContent[], why: string) => {
    if (!nodes.length) return;
    fields.body.push(`${section.heading ? `## ${section.heading}\n\n` : ''}${nodes.map((n) => markdownOf(doc.markdown, n)).join('\n\n')}`);
    note(nodes[0], 'unmapped', `${why}; kept in the article body`);
  };
  switch (section.kind) {
    case 'summary':
    case undefined: {
      if (section.kind === undefined && section.heading) {
        keep(section.nodes, `${where} has no field in our format`);
        break;
      }
      const { summary, rest, found } = summaryOf(section.nodes);
      if (summary) fields.summaries.push(summary);
      fields.messages.push(...found);
      const leftover = rest.filter((n) => !(n.type === 'paragraph' && isLabelLine(plain(n)) && section.kind === undefined && fields.labels.push(plain(n))));
      keep(leftover, `${where}: text other than the summary and the error`);
      break;
    }
    case 'error':
      for (const node of section.nodes) fields.messages.push(...messagesOf(node));
      if (!section.nodes.some((n) => plain(n))) note(undefined, 'warning', `${where} is empty in the source (the message may have been an image)`);
      break;
    case 'applies':
      for (const node of section.nodes) fields.applies.push(...itemsOf(node));
      break;
    case 'cause':
      fields.cause = [fields.cause, ...section.nodes.map(plain)].filter(Boolean).join('\n\n');
      break;
    case 'steps': {
      const mapped = stepsOf(section, note);
      fields.steps.push(...mapped.steps);
      fields.escalation ??= mapped.escalation;
      keep(mapped.rest, `${where}: text around the numbered steps`);
      break;
    }
    case 'escalation':
      fields.escalation = [fields.escalation, ...section.nodes.map(plain)].filter(Boolean).join(' ');
      break;
    case 'references': {
      const { links, rest } = linksOf(section.nodes, note);
      fields.references.push(...links);
      if (rest.length) keep(rest, `${where}: entries without a web address`);
      break;
    }
    case 'chrome':
      note(section.nodes[0], 'dropped', `${where} (page chrome)`);
      break;
  }
}

/** The article from the filled fields: defaults where the source had nothing, secrets redacted, tags derived. */
function assembleArticle(fields: Fields, doc: SourceDocument, note: NoteFn, notes: ImportNote[]): MappedDraft {
  const { title, applies, labels, references } = fields;
  let steps = fields.steps;
  if (!steps.length) {
    note(undefined, 'warning', 'no numbered steps found: the article has one step pointing at the source');
    steps = [doc.url ? `Follow the steps of the source page: ${doc.url}` : `Follow the steps of the source page "${title}".`];
  }
  if (!fields.cause) note(undefined, 'warning', 'no cause section found: the summary stands in for the cause');
  // Messages become rule examples: a live credential quoted on a page must not travel into them.
  const errorMessages = uniqueMessages(fields.messages.map(redactSecrets));
  const redacted = errorMessages.filter((m) => m.includes('[REDACTED:')).length;
  if (redacted) note(undefined, 'warning', `${redacted} error message(s) quoted what looks like a secret; it was replaced with [REDACTED:kind]`);
  const summary = fields.summaries[0] ?? errorMessages[0] ?? title;
  const products = productsOf([title, ...applies, ...labels].join('\n'));
  const areas = applies.filter((item) => !productsOf(item).length).map((text) => slugify(text)).filter(Boolean);
  const tags = [...new Set([...labels.map((text) => slugify(text)), ...products, ...areas].filter(Boolean))].slice(0, 12);
  const seenUrls = new Set<string>();
  return {
    spec: {
      title: clip(title, 200),
      summary,
      ...(errorMessages.length ? { error_messages: errorMessages } : {}),
      ...(products.length || areas.length ? { applies_to: { ...(products.length ? { products } : {}), ...(areas.length ? { areas } : {}) } } : {}),
      cause: redactSecrets(fields.cause ?? summary),
      steps: redactStrings(steps),
      ...(fields.escalation ? { escalation: fields.escalation } : {}),
      ...(references.length ? { references: references.filter((r) => !seenUrls.has(r.url) && seenUrls.add(r.url)) } : {}),
      ...(tags.length ? { tags } : {}),
      updated: doc.updated ?? today(),
    },
    body: redactSecrets(fields.body.join('\n\n')),
    source: doc.source,
    file: doc.file,
    format: doc.format,
    notes,
  };
}

/** Top-level nodes cut into sections at headings; an unknown deeper heading stays inside the section above it. */
function splitSections(nodes: RootContent[]): Section[] {
  const sections: Section[] = [{ depth: 0, nodes: [] }];
  for (const node of nodes) {
    const current = sections[sections.length - 1]!;
    if (node.type === 'heading') {
      const heading = plain(node);
      const kind = sectionKind(heading);
      if (kind || current.depth === 0 || (node as Heading).depth <= current.depth || current.kind === undefined) {
        sections.push({ heading, kind, depth: (node as Heading).depth, nodes: [], line: node.position?.start.line });
        continue;
      }
    }
    current.nodes.push(node);
  }
  return sections.filter((s) => s.heading || s.nodes.length);
}

/** The first paragraph (with the one after it when it ends in a colon), the errors quoted in the section, and what is left. */
function summaryOf(nodes: RootContent[]): { summary?: string; rest: RootContent[]; found: string[] } {
  const found: string[] = [];
  const rest: RootContent[] = [];
  let summary: string | undefined;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    const text = plain(node);
    const code = node.type === 'paragraph' ? inlineCode(node as Paragraph).filter(looksLikeError) : [];
    const quoted = node.type === 'paragraph' ? (code.length ? code : quotedErrors(text)) : [];
    // A sentence that quotes the error is prose: the quote is the message, the sentence may be the summary.
    if (quoted.length && text.split(/\s+/).length > quoted.join(' ').split(/\s+/).length + 4) {
      found.push(...quoted);
      if (summary === undefined) summary = text;
      else rest.push(node);
      continue;
    }
    if (node.type === 'code' || (node.type === 'paragraph' && looksLikeError(text)) || node.type === 'blockquote') {
      const messages = messagesOf(node).filter((m) => node.type === 'code' || looksLikeError(m));
      found.push(...messages);
      if (summary?.endsWith(':') && messages[0]) summary = `${summary} ${cleanMessage(messages[0])}`;
      if (messages.length) continue;
    }
    if (node.type === 'paragraph') {
      for (const inline of inlineCode(node)) if (looksLikeError(inline)) found.push(inline);
      if (summary === undefined && !isLabelLine(text)) {
        summary = text;
        continue;
      }
    }
    rest.push(node);
  }
  return { summary: summary?.replace(/:$/, '.'), rest, found };
}

/** Error messages in a node: a code block is one message, a list one per item, a paragraph one per line. */
function messagesOf(node: RootContent): string[] {
  if (node.type === 'code') return (node as Code).value.trim() ? [(node as Code).value.trim()] : [];
  if (node.type === 'list') return (node as List).children.map((item) => plain(item)).filter(Boolean);
  if (node.type === 'blockquote') return (node as Blockquote).children.flatMap(messagesOf);
  if (node.type === 'paragraph') {
    const code = inlineCode(node as Paragraph);
    if (code.length && code.join('').length >= plain(node).length * 0.6) return code;
    return plain(node)
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  }
  return plain(node) ? [plain(node)] : [];
}

function inlineCode(paragraph: Paragraph): string[] {
  return paragraph.children.filter((c) => c.type === 'inlineCode').map((c) => (c as { value: string }).value.trim());
}

function itemsOf(node: RootContent): string[] {
  if (node.type === 'list') return (node as List).children.map((item) => plain(item)).filter(Boolean);
  return plain(node)
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

type NoteFn = (node: Nodes | undefined, kind: ImportNote['kind'], message: string) => void;

/** The numbered steps of a section; text after them that reads as escalation becomes the escalation. */
function stepsOf(section: Section, note: NoteFn): { steps: (string | ArticleStep)[]; escalation?: string; rest: RootContent[] } {
  const lists = section.nodes.filter((n): n is List => n.type === 'list');
  const chosen = lists.some((l) => l.ordered) ? lists.filter((l) => l.ordered) : lists;
  const rest: RootContent[] = [];
  let escalation: string | undefined;
  if (!chosen.length) {
    const paragraphs = section.nodes.filter((n) => n.type === 'paragraph' && !ESCALATION.test(plain(n)));
    if (paragraphs.length) note(paragraphs[0], 'warning', `section "${section.heading}" has no numbered list: each paragraph became a step`);
    for (const node of section.nodes) if (node.type === 'paragraph' && ESCALATION.test(plain(node))) escalation = plain(node);
    return { steps: paragraphs.map((p) => plain(p)), escalation, rest: section.nodes.filter((n) => n.type !== 'paragraph') };
  }
  const last = section.nodes.indexOf(chosen[chosen.length - 1]!);
  section.nodes.forEach((node, index) => {
    if (chosen.includes(node as List)) return;
    if (index > last && node.type === 'paragraph' && ESCALATION.test(plain(node)) && !escalation) escalation = plain(node);
    else rest.push(node);
  });
  return { steps: chosen.flatMap((list) => list.children.map((item) => stepOf(item, note))), escalation, rest };
}

/** One list item as a step: its first paragraph the text, later ones its note, warning or expected result, a nested list its sub-steps. */
function stepOf(item: ListItem, note: NoteFn): string | ArticleStep {
  const step: ArticleStep = { text: '' };
  const notes: string[] = [];
  const substeps: (string | ArticleStep)[] = [];
  for (const child of splitLines(item.children)) {
    for (const image of imagesIn(child)) note(image.node, 'dropped', `screenshot${image.alt ? ` (alt text "${image.alt}")` : ''}`);
    const text = plain(child);
    if (child.type === 'list') substeps.push(...(child as List).children.map((sub) => stepOf(sub, note)));
    else if (child.type === 'code') substeps.push((child as Code).value.trim());
    else if (!text) continue;
    else if (!step.text) step.text = text;
    else if (WARNING.test(text)) step.warning = text.replace(WARNING, '');
    else if (EXPECT.test(text)) step.expect = text.replace(EXPECT, '');
    else if (isCaption(text)) note(child, 'dropped', `screenshot caption "${clip(text)}" (no image in the text)`);
    else notes.push(text.replace(NOTE, ''));
  }
  if (!step.text) step.text = substeps.length ? 'Do the following:' : '(empty step in the source)';
  if (notes.length) step.note = notes.join(' ');
  if (substeps.length) step.substeps = substeps;
  return Object.keys(step).length === 1 ? step.text : step;
}

/** Lines of one paragraph ("Do this.\nWarning: …") as paragraphs of their own. */
function splitLines(children: ListItem['children']): ListItem['children'] {
  return children.flatMap((child) => {
    const lines = child.type === 'paragraph' ? plain(child).split('\n') : [];
    if (lines.length < 2) return [child];
    return lines.map((line): Paragraph => ({ type: 'paragraph', children: [{ type: 'text', value: line }], position: child.position }));
  });
}

function linksOf(nodes: RootContent[], note: NoteFn): { links: { title: string; url: string }[]; rest: RootContent[] } {
  const links: { title: string; url: string }[] = [];
  const rest: RootContent[] = [];
  for (const node of nodes) {
    const found = linkNodes(node);
    for (const link of found) {
      if (/^https?:\/\//i.test(link.url)) links.push({ title: clip(plain(link) || link.url, 200), url: link.url });
      else note(link, 'dropped', `reference "${clip(plain(link))}" has no web address (${clip(link.url, 60)})`);
    }
    if (!found.length && plain(node)) rest.push(node);
  }
  return { links, rest };
}

function linkNodes(node: Nodes): (Nodes & { type: 'link'; url: string })[] {
  if (node.type === 'link') return [node as Nodes & { type: 'link'; url: string }];
  return 'children' in node ? (node.children as Nodes[]).flatMap(linkNodes) : [];
}

function imagesIn(node: Nodes): { node: Nodes; alt?: string }[] {
  if (node.type === 'image') return [{ node, alt: (node as { alt?: string }).alt ?? undefined }];
  if (node.type === 'list') return [];
  return 'children' in node ? (node.children as Nodes[]).flatMap(imagesIn) : [];
}

/** Plain text of a node, images' alt text left out, spacing collapsed. */
function plain(node: Nodes): string {
  return toString(node, { includeImageAlt: false })
    .replace(/[ \t\u00a0\u2007\u202f]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

function markdownOf(source: string, node: Nodes): string {
  const { start, end } = node.position ?? {};
  return start?.offset !== undefined && end?.offset !== undefined ? source.slice(start.offset, end.offset) : plain(node);
}

/** A short line with no sentence punctuation: a caption under a screenshot or a category label. */
function isCaption(text: string): boolean {
  return text.split(/\s+/).length <= 8 && !/[.!?:;,]$/.test(text) && !/[`'"]/.test(text);
}

/** A category or breadcrumb line above the article ("Okta Integration Network"). */
function isLabelLine(text: string): boolean {
  return isCaption(text) && text.split(/\s+/).length <= 5 && !looksLikeError(text);
}

/** Every string of the steps with secrets hidden (a step may quote a command with a live token). */
function redactStrings<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map(redactStrings) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v)])) as T;
  return value;
}

function productsOf(text: string): string[] {
  return [...new Set(extractProducts(text, {}).map((p) => p.value))];
}
