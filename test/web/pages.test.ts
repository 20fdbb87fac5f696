import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/build-app.js';
import { KnowledgeBaseHolder } from '../../src/serve/knowledge-base-holder.js';
import { article, loadValidKb, removeTemp, rule, writeTempKb } from '../helpers/temp-kb.js';

// The pages as fastify answers them (no browser): headers, form posts, escaping, sanitizing.
const HOSTILE_BODY = [
  '## Details',
  '',
  'Text with <script>alert(1)</script> and <img src=x onerror=alert(2)> and <a href="javascript:alert(3)">a link</a>.',
  '',
  '[markdown link](javascript:alert(4)) and [fine link](https://example.com/doc).',
  '',
  '<iframe src="https://example.com"></iframe><form action="https://evil.example"><button>go</button></form>',
  '',
].join('\n');

let root: string;
let app: FastifyInstance;

beforeAll(async () => {
  root = writeTempKb({
    'articles/widget-exploded.md': article('widget-exploded', 'tags: [widgets, "<b>bold</b>"]\nrelated: [gadget-failed]\n').replace('Body of widget-exploded.\n', HOSTILE_BODY),
    'articles/gadget-failed.md': article('gadget-failed', 'tags: [gadgets]\n').replace('cause: Cause of gadget-failed.', 'cause: "Run `gadget --reset` **first**."'),
    'rules/widget-exploded.yaml': rule('widget-exploded', '  all:\n    - widget exploded\n', { match: ['widget exploded'] }),
    'rules/gadget-failed.yaml': rule('gadget-failed', '  all:\n    - gadget failed\n', { match: ['gadget failed'] }),
  });
  app = buildApp({ knowledgeBase: new KnowledgeBaseHolder(await loadValidKb(root)) });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  removeTemp(root);
});

function postForm(url: string, fields: Record<string, string>) {
  return app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
}

describe('security headers', () => {
  it('sends a strict CSP and the usual helmet headers with pages and scripts', async () => {
    for (const url of ['/', '/articles', '/try', '/assets/style.css', '/scripts/app.js']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      const csp = String(response.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'none'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).not.toContain('unsafe-inline');
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('SAMEORIGIN');
    }
  });

  it('loads nothing from elsewhere and has no inline script or style', async () => {
    const page = (await app.inject({ url: '/' })).body;
    expect(page).toContain('<script type="module" src="/scripts/app.js"></script>');
    expect(page).not.toMatch(/<script>|<script type="module">|\sstyle=|\son[a-z]+=|<link[^>]+href="(?!\/)|src="(?!\/)/);
  });

  it('serves the browser modules and stylesheet with their types, and nothing else from those folders', async () => {
    expect((await app.inject({ url: '/scripts/app.js' })).headers['content-type']).toMatch(/javascript/);
    expect((await app.inject({ url: '/scripts/html.js' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/assets/style.css' })).headers['content-type']).toMatch(/text\/css/);
    expect((await app.inject({ url: '/scripts/app.d.ts' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/scripts/app.js.map' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/scripts/../../package.json' })).statusCode).toBe(404);
  });
});

describe('POST / (the paste form without JavaScript)', () => {
  it('renders the best article, its numbered steps as a checklist and the paste with the match marked', async () => {
    const response = await postForm('/', { text: 'Oh no: the WIDGET exploded again', product: '' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<h2 id="result-title" tabindex="-1">Article widget-exploded</h2>');
    expect(response.body).toMatch(/<ol class="steps"><li>\s*<label class="step"><input type="checkbox"><span class="step-text">First step of widget-exploded.<\/span>/);
    expect(response.body).toContain('<mark title="contains &quot;widget exploded&quot;">WIDGET exploded</mark>');
    expect(response.body).toContain('href="/articles/widget-exploded"');
    expect(response.body).toContain('>Oh no: the WIDGET exploded again</textarea>');
  });

  it('escapes everything pasted, in the text area and in the result', async () => {
    const text = 'widget exploded </textarea><script>alert(1)</script><img src=x onerror=alert(2)>';
    const response = await postForm('/', { text });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('<script>alert');
    expect(response.body).not.toContain('<img');
    expect(response.body).not.toContain('</textarea><script>');
    expect(response.body).toContain('&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
  });

  it('says when nothing matches and keeps the paste', async () => {
    const response = await postForm('/', { text: 'a sprocket squeaked' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('No article matches this error yet');
    expect(response.body).toContain('>a sprocket squeaked</textarea>');
    expect(response.body).toContain('href="/try"');
  });

  it('answers an empty paste with 400 and the reason, as a page', async () => {
    const response = await postForm('/', { text: '   ' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('role="alert"');
  });

  it('answers a malformed form (a field given twice) with a 400 page, not JSON or a 500', async () => {
    const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'text=a&text=b' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  });
});

describe('article pages', () => {
  it('lists articles filtered by words and by tag', async () => {
    const all = await app.inject({ url: '/articles' });
    expect(all.body).toContain('2 of 2 articles');
    const byTag = await app.inject({ url: '/articles?tag=gadgets' });
    expect(byTag.body).toContain('1 of 2 articles');
    expect(byTag.body).toContain('href="/articles/gadget-failed"');
    expect(byTag.body).not.toContain('href="/articles/widget-exploded"');
    const byWords = await app.inject({ url: '/articles?q=WIDGET+summary' });
    expect(byWords.body).toContain('1 of 2 articles');
    expect(byWords.body).toContain('href="/articles/widget-exploded"');
    expect((await app.inject({ url: '/articles?q=nothing-like-this' })).body).toContain('No article fits this filter.');
  });

  it('renders the Markdown body sanitized: no script, handler, image, frame, form or javascript: link survives', async () => {
    const response = await app.inject({ url: '/articles/widget-exploded' });
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain('<h2>Details</h2>');
    expect(body).toContain('<a href="https://example.com/doc" rel="noopener noreferrer">fine link</a>');
    expect(body).not.toMatch(/<script>alert|<img|onerror|javascript:|<iframe|<form action="https/);
    expect(body).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(body).toContain('href="/articles/gadget-failed">Article gadget-failed</a>');
    expect(body).toMatch(/<ol class="steps">/);
  });

  it('renders Markdown in the cause and steps, and an uncaptured placeholder as a "value from your error" marker', async () => {
    const body = (await app.inject({ url: '/articles/gadget-failed' })).body;
    expect(body).toContain('<div class="prose"><p>Run <code>gadget --reset</code> <strong>first</strong>.</p></div>');
    expect(body).toContain('Check <mark class="placeholder" title="Filled in from the error you paste">thing<span class="placeholder-note"> (value from your error)</span></mark> for gadget-failed.');
    expect(body).not.toContain('{{thing}}');
    // The copy button gives the steps as plain text, the value to fill in shown as <thing>.
    expect(body).toContain('2. Check &lt;thing&gt; for gadget-failed.');
  });

  it('answers an unknown article with a 404 page', async () => {
    const response = await app.inject({ url: '/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E' });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('No such article');
    expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('POST /try (the playground without JavaScript)', () => {
  it('shows a broken rule\'s diagnostics with their line', async () => {
    const broken = ['id: broken', 'title: Broken', 'article: widget-exploded', 'when:', '  all:', '    - stauts: 403', 'examples:', '  match:', '    - "x"', ''].join('\n');
    const response = await postForm('/try', { rule: broken, text: 'HTTP 403' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('The rule has errors');
    expect(response.body).toMatch(/<span class="where">Line 6, column \d+<\/span>/);
    expect(response.body).toContain('6 |     - stauts: 403');
  });

  it('shows that a working rule matches and which conditions held', async () => {
    const good = rule('gadget-new', '  all:\n    - gadget\n    - failed\n', { match: ['gadget failed'] });
    const response = await postForm('/try', { rule: good.replace('article: gadget-new', 'article: gadget-failed'), text: 'the gadget failed' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('The rule matches this sample');
    expect(response.body).toMatch(/<li class="held">[\s\S]*?<code>contains &quot;gadget&quot;<\/code>/);
  });
});
