import fc from 'fast-check';
import sanitizeHtml from 'sanitize-html';
import { describe, expect, it } from 'vitest';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import type { StepSpec } from '../../src/load/types.js';
import { markdownToPlain, renderInline, renderMarkdownBlock, renderMarkdownText } from '../../src/web/browser/markdown-text.js';

// The body's sanitizer settings (src/web/render-markdown.ts), plus the placeholder marker's attributes.
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: sanitizeHtml.defaults.allowedTags.filter((tag) => !['img', 'figure', 'figcaption'].includes(tag)).concat(['mark']),
  allowedAttributes: { a: ['href', 'title', 'rel'], code: ['class'], mark: ['class', 'title'], span: ['class'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
};

/** The same HTML re-serialised with nothing removed, so entity spelling does not count as a difference. */
const KEEP_ALL: sanitizeHtml.IOptions = { allowedTags: false, allowedAttributes: false, allowVulnerableTags: true };
const unchangedBySanitizer = (out: string) => expect(sanitizeHtml(out, SANITIZE)).toBe(sanitizeHtml(out, KEEP_ALL));

describe('Markdown in short fields', () => {
  it('renders code spans, bold, emphasis and links, escaping the rest', () => {
    expect(renderInline('Run `kb lint --format json` and **then** read *the* [guide](https://example.com/a_b) <b>now</b>').value).toBe(
      'Run <code>kb lint --format json</code> and <strong>then</strong> read <em>the</em> <a href="https://example.com/a_b" rel="noopener noreferrer">guide</a> &lt;b&gt;now&lt;/b&gt;',
    );
  });

  it('keeps identifiers with underscores and stars in text as they are', () => {
    expect(renderInline('set client_id and x*y*z, 2 * 3').value).toBe('set client_id and x*y*z, 2 * 3');
  });

  it('turns a bare URL into a link without its trailing full stop', () => {
    expect(renderInline('See https://example.com/docs.').value).toBe('See <a href="https://example.com/docs" rel="noopener noreferrer">https://example.com/docs</a>.');
  });

  it('never links to script: a javascript: link stays text', () => {
    expect(renderInline('[x](javascript:alert(1))').value).toBe('[x](javascript:alert(1))');
  });

  it('splits a step into its label and the code block under it', () => {
    const { lead, rest } = renderMarkdownText('Test the token:\n\n```sh\ncurl -H "a: <b>" https://api/x\n```\n\nThen compare.');
    expect(lead.value).toBe('Test the token:');
    expect(rest.value).toBe('<pre><code>curl -H &quot;a: &lt;b&gt;&quot; https://api/x</code></pre><p>Then compare.</p>');
  });

  it('marks placeholders as a value from the error when asked, in text and in code', () => {
    expect(renderInline('Search for {{email}} in `GET /users?filter={{email}}`', { markPlaceholders: true }).value).toBe(
      'Search for <mark class="placeholder" title="Filled in from the error you paste">email<span class="placeholder-note"> (value from your error)</span></mark> in <code>GET /users?filter=<mark class="placeholder" title="Filled in from the error you paste">email<span class="placeholder-note"> (value from your error)</span></mark></code>',
    );
    expect(renderInline('Search for {{email}}').value).toBe('Search for {{email}}');
  });

  it('reads as plain text in a terminal', () => {
    expect(markdownToPlain('Run `kb lint` and **then** see [the guide](https://example.com).\n\n```sh\ncurl -sS x\n```')).toBe(
      'Run kb lint and then see the guide (https://example.com).\n\n    curl -sS x',
    );
  });

  it('writes nothing the body sanitizer would remove, for every bundled field', async () => {
    const { kb } = await loadKnowledgeBase(BUNDLED_KB_DIR);
    const texts: string[] = [];
    const stepTexts = (steps: readonly StepSpec[]): string[] =>
      steps.flatMap((s) => (typeof s === 'string' ? [s] : [s.text, s.note ?? '', s.warning ?? '', s.expect ?? '', ...stepTexts(s.substeps ?? [])]));
    for (const a of kb!.articles) texts.push(a.summary, a.cause, a.escalation ?? '', ...stepTexts(a.steps));
    expect(texts.length).toBeGreaterThan(300);
    for (const text of texts) {
      const out = renderMarkdownBlock(text, { markPlaceholders: true }).value;
      unchangedBySanitizer(out);
      expect(out).not.toContain('`');
    }
  });

  it('writes nothing the body sanitizer would remove, whatever the text', () => {
    const pieces = fc.constantFrom('`', '**', '*', '_', '[', ']', '(', ')', 'https://x.y/', 'javascript:', '<script>', '"', "'", '&', '{{a}}', '\n', '\n\n', '```\n', 'a', ' ', 'é');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const out = renderMarkdownBlock(parts.join(''), { markPlaceholders: true }).value;
        unchangedBySanitizer(out);
      }),
      { numRuns: 400 },
    );
  });
});
