import { html, type SafeHtml } from './browser/html.js';

export type Section = 'home' | 'articles' | 'try' | 'authors';

const NAV: { section: Section; href: string; label: string }[] = [
  { section: 'home', href: '/', label: 'Fix an error' },
  { section: 'articles', href: '/articles', label: 'Articles' },
  { section: 'try', href: '/try', label: 'Rule playground' },
];

/** A whole page: everything it loads comes from this server (the CSP allows nothing else). */
export function renderPage(options: { title: string; section?: Section; main: SafeHtml; wide?: boolean }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Troubleshooter</title>
<link rel="stylesheet" href="/assets/style.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<script type="module" src="/scripts/app.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site-header">
  <div class="bar">
    <a class="brand" href="/">Troubleshooter</a>
    <nav aria-label="Main">
      <ul>${NAV.map(
        (item) => html`<li><a href="${item.href}"${item.section === options.section ? html` aria-current="page"` : ''}>${item.label}</a></li>`,
      )}${options.section === 'authors' ? html`<li><a href="/authors" aria-current="page">Authors</a></li>` : ''}<li><a href="/docs">API</a></li></ul>
    </nav>
  </div>
</header>
<main id="main" class="${options.wide ? 'wide' : 'narrow'}">
${options.main}
</main>
<footer class="site-footer"><p>Answers come from the knowledge base served here; nothing you paste leaves this server. A paste no article answers may be kept, with its secrets removed, so the knowledge authors can write the missing article.</p></footer>
</body>
</html>
`.value;
}
