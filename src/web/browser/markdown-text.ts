/**
 * The Markdown authors write in short fields (summary, cause, steps, notes, escalation): code
 * spans, fenced code blocks, bold, emphasis and links. Runs on the server and in the browser
 * (the in-place answer renders the same fields from /v1/match), so it imports nothing from
 * Node. Safe by construction: every piece of text is escaped, and the only markup it writes is
 * <p>, <pre>, <code>, <strong>, <em>, <a href> (http, https or this site) and the placeholder
 * marker; test/web/markdown-text.test.ts checks that sanitize-html with the body's settings
 * changes nothing in its output.
 */
import { escapeHtml, html, safeHref, SafeHtml } from './html.js';

export interface MarkdownTextOptions {
  /** Show `{{name}}` as a "value from your error" marker (an article read on its own, with no paste). */
  markPlaceholders?: boolean;
}

/** A field as HTML: the first paragraph inline (`lead`, fits in a <p> or a label), the further blocks apart (`rest`). */
export interface RenderedText {
  lead: SafeHtml;
  rest: SafeHtml;
}

const FENCE = /^[ \t]*```[\w+-]*[ \t]*\r?\n([\s\S]*?)\r?\n[ \t]*```[ \t]*$/gm;

/** Splits a field into paragraphs and fenced code blocks, in order. */
function blocks(text: string): { code: boolean; text: string }[] {
  const out: { code: boolean; text: string }[] = [];
  const prose = (piece: string) => {
    for (const para of piece.split(/\r?\n[ \t]*\r?\n/)) if (para.trim()) out.push({ code: false, text: para.trim() });
  };
  let at = 0;
  for (const m of text.matchAll(FENCE)) {
    prose(text.slice(at, m.index));
    out.push({ code: true, text: m[1] ?? '' });
    at = m.index + m[0].length;
  }
  prose(text.slice(at));
  return out;
}

/** A field as HTML, split into its inline lead and the blocks after it. */
export function renderMarkdownText(text: string, options: MarkdownTextOptions = {}): RenderedText {
  const parts = blocks(text);
  const render = (block: { code: boolean; text: string }) =>
    block.code ? html`<pre><code>${codeText(block.text, options)}</code></pre>` : renderInline(block.text, options);
  const [first, ...rest] = parts;
  if (!first) return { lead: html``, rest: html`` };
  if (first.code) return { lead: html``, rest: html`${parts.map((b) => (b.code ? render(b) : html`<p>${render(b)}</p>`))}` };
  return { lead: render(first), rest: html`${rest.map((b) => (b.code ? render(b) : html`<p>${render(b)}</p>`))}` };
}

/** A field as one piece of HTML: its lead and blocks together (for a <div>, not inside a <p>). */
export function renderMarkdownBlock(text: string, options: MarkdownTextOptions = {}): SafeHtml {
  const { lead, rest } = renderMarkdownText(text, options);
  return html`${lead.value ? html`<p>${lead}</p>` : ''}${rest}`;
}

/** Code as written, escaped; placeholders marked when asked. */
function codeText(code: string, options: MarkdownTextOptions): SafeHtml {
  if (!options.markPlaceholders) return html`${code}`;
  return new SafeHtml(code.split(PLACEHOLDER_SPLIT).map((piece, i) => (i % 2 ? placeholderMarker(piece).value : escapeHtml(piece))).join(''));
}

const PLACEHOLDER_SPLIT = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/;

/** The marker for a value the article takes from the pasted error. */
function placeholderMarker(name: string): SafeHtml {
  return html`<mark class="placeholder" title="Filled in from the error you paste">${name}<span class="placeholder-note"> (value from your error)</span></mark>`;
}

/**
 * Inline constructs, first one wins at each place: a code span, a link, bold, emphasis, a bare
 * URL, a placeholder. Each alternative is linear: no nested quantifiers over the same text.
 */
const INLINE =
  /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)|\[([^\]\n]{1,500})\]\((https?:\/\/[^\s()]{1,2000}|\/[^\s()]{0,2000})\)|\*\*(?=\S)([\s\S]*?\S)\*\*|(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])|(?<![\w_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\w_])|\bhttps?:\/\/[^\s<>"'`]*[^\s<>"'`.,:;!?)\]]|\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;

/** One paragraph's inline Markdown as HTML. */
export function renderInline(text: string, options: MarkdownTextOptions = {}): SafeHtml {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(INLINE)) {
    out += escapeHtml(text.slice(at, m.index));
    out += inlineToken(m, options).value;
    at = m.index + m[0].length;
  }
  return new SafeHtml(out + escapeHtml(text.slice(at)));
}

function inlineToken(m: RegExpMatchArray, options: MarkdownTextOptions): SafeHtml {
  const [whole, , code, linkText, href, strong, em, emUnderscore, placeholder] = m;
  // A code span keeps one space of padding on each side out, as CommonMark does.
  if (code !== undefined) return html`<code>${codeText(code.length > 2 && code.startsWith(' ') && code.endsWith(' ') ? code.slice(1, -1) : code, options)}</code>`;
  if (linkText !== undefined) return html`<a href="${safeHref(href!)}" rel="noopener noreferrer">${renderInline(linkText, options)}</a>`;
  if (strong !== undefined) return html`<strong>${renderInline(strong, options)}</strong>`;
  if (em !== undefined || emUnderscore !== undefined) return html`<em>${renderInline((em ?? emUnderscore)!, options)}</em>`;
  if (placeholder !== undefined) return options.markPlaceholders ? placeholderMarker(placeholder) : html`${whole}`;
  return html`<a href="${safeHref(whole)}" rel="noopener noreferrer">${whole}</a>`;
}

/** The same field as plain text for a terminal: markers dropped, links as "text (url)", code blocks indented, `{{name}}` as `<name>`. */
export function markdownToPlain(text: string): string {
  return blocks(text)
    .map((b) =>
      b.code
        ? b.text
            .split(/\r?\n/)
            .map((line) => `    ${line}`)
            .join('\n')
        : b.text.replace(INLINE, (...args: unknown[]) => plainToken(args as unknown as RegExpMatchArray)),
    )
    .join('\n\n');
}

function plainToken(m: RegExpMatchArray): string {
  const [whole, , code, linkText, href, strong, em, emUnderscore, placeholder] = m;
  if (code !== undefined) return code.replace(new RegExp(PLACEHOLDER_SPLIT, 'g'), '<$1>');
  if (linkText !== undefined) return linkText === href ? href : `${markdownToPlain(linkText)} (${href})`;
  if (strong !== undefined) return markdownToPlain(strong);
  if (em !== undefined || emUnderscore !== undefined) return markdownToPlain((em ?? emUnderscore)!);
  // A value the paste would fill in, as the answers show an uncaptured one.
  if (placeholder !== undefined) return `<${placeholder}>`;
  return whole;
}
