import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { trustedHtml, type SafeHtml } from './browser/html.js';

const marked = new Marked({ gfm: true, async: false });

// No images, iframes, forms or styles: an article is text, lists, tables, code and links.
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: sanitizeHtml.defaults.allowedTags.filter((tag) => !['img', 'figure', 'figcaption'].includes(tag)),
  allowedAttributes: { a: ['href', 'title', 'rel'], code: ['class'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) },
};

/** An article's Markdown body as HTML, sanitized: whatever an author writes, no script or handler survives. */
export function renderMarkdown(markdown: string): SafeHtml {
  const unsafe = marked.parse(markdown) as string;
  return trustedHtml(sanitizeHtml(unsafe, SANITIZE));
}
