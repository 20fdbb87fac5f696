import type { KnowledgeBase } from '../../compile/knowledge-base.js';
import type { ArticleRecord } from '../../compile/types.js';
import type { StepSpec } from '../../load/types.js';
import type { RenderedStep } from '../../match/types.js';
import { filterArticles } from '../../present/filter-articles.js';
import { html, safeHref } from '../browser/html.js';
import { renderStepsBlock } from '../browser/result-view.js';
import { renderPage } from '../layout.js';
import { renderMarkdown } from '../render-markdown.js';
import { renderInline, renderMarkdownBlock } from '../browser/markdown-text.js';

/** Read on its own, an article has no paste to fill its placeholders from: they are shown as markers. */
const MARKED = { markPlaceholders: true };

/** Steps as written, placeholders left in place for the markers. */
function stepsAsWritten(steps: readonly StepSpec[]): RenderedStep[] {
  return steps.map((step) => {
    if (typeof step === 'string') return { text: step };
    const { substeps, ...rest } = step;
    return substeps ? { ...rest, substeps: stepsAsWritten(substeps) } : { ...rest };
  });
}

function tagLink(tag: string) {
  return html`<a class="tag" href="/articles?tag=${encodeURIComponent(tag)}">${tag}</a>`;
}

/** GET /articles: every article, filtered by words and a tag (a GET form, so it works without JavaScript). */
export function renderArticleList(kb: KnowledgeBase, q = '', tag = ''): string {
  const articles = filterArticles(kb.articles, { q, tag }).sort((a, b) => a.title.localeCompare(b.title));
  const tags = [...new Set(kb.articles.flatMap((a) => (a.tags ?? []).map(String)))].sort();
  const filtered = q.trim() !== '' || tag !== '';
  return renderPage({
    title: 'Articles',
    section: 'articles',
    main: html`<h1>Articles</h1>
<form class="card filter-form" method="get" action="/articles" role="search">
  <div class="field grow">
    <label for="q">Words</label>
    <input id="q" name="q" type="search" value="${q}" placeholder="forbidden, scim, token …">
  </div>
  <div class="field">
    <label for="tag">Tag</label>
    <select id="tag" name="tag">
      <option value="">Any tag</option>
      ${tags.map((t) => html`<option value="${t}"${t.toLowerCase() === tag.toLowerCase() ? html` selected` : ''}>${t}</option>`)}
    </select>
  </div>
  <div class="actions"><button type="submit">Filter</button>${filtered ? html` <a href="/articles">Clear</a>` : ''}</div>
</form>
<p class="muted" role="status">${articles.length} of ${kb.articles.length} articles</p>
<ul class="article-list">${articles.map(
      (a) => html`<li class="card">
    <h2><a href="/articles/${encodeURIComponent(a.id)}">${a.title}</a></h2>
    <p>${renderInline(a.summary)}</p>
    ${a.tags?.length ? html`<p class="tags">${a.tags.map((t) => tagLink(String(t)))}</p>` : ''}
  </li>`,
    )}</ul>
${articles.length ? '' : html`<p>No article fits this filter. <a href="/articles">Show all articles</a>.</p>`}`,
  });
}

/**
 * GET /articles/:id: the article with its Markdown body rendered and sanitized. With `feedbackRule`
 * (a rule that answers with it: a chat answer links here to ask "did this fix it?"), the
 * question's form follows the article.
 */
export function renderArticlePage(kb: KnowledgeBase, article: ArticleRecord, feedbackRule?: string): string {
  const related = (article.related ?? []).map((id) => kb.articlesById.get(id)).filter((a): a is ArticleRecord => a !== undefined);
  return renderPage({
    title: article.title,
    section: 'articles',
    main: html`<p class="breadcrumb"><a href="/articles">Articles</a></p>
<article class="article">
  <h1>${article.title}</h1>
  <p class="lead">${renderInline(article.summary, MARKED)}</p>
  ${article.tags?.length ? html`<p class="tags">${article.tags.map((t) => tagLink(String(t)))}</p>` : ''}
  ${article.error_messages?.length ? html`<h2>The error looks like</h2>${article.error_messages.map((m) => html`<pre class="paste-text">${m}</pre>`)}` : ''}
  <h2>Cause</h2>
  <div class="prose">${renderMarkdownBlock(article.cause, MARKED)}</div>
  <section class="card">${renderStepsBlock(stepsAsWritten(article.steps), 'h2', MARKED)}</section>
  ${article.escalation ? html`<h2>If this does not fix it</h2><div class="prose">${renderMarkdownBlock(article.escalation, MARKED)}</div>` : ''}
  <div class="markdown">${renderMarkdown(article.body)}</div>
  ${article.references?.length ? html`<h2>References</h2><ul>${article.references.map((r) => html`<li><a href="${safeHref(r.url)}" rel="noopener noreferrer">${r.title}</a></li>`)}</ul>` : ''}
  ${related.length ? html`<h2>Related articles</h2><ul>${related.map((r) => html`<li><a href="/articles/${encodeURIComponent(r.id)}">${r.title}</a></li>`)}</ul>` : ''}
  ${article.updated ? html`<p class="muted">Updated ${article.updated}</p>` : ''}
</article>
${feedbackRule ? feedbackForm(feedbackRule, article.id) : ''}`,
  });
}

function feedbackForm(rule: string, article: string) {
  return html`<form id="feedback" class="card feedback" method="post" action="/feedback" aria-labelledby="feedback-title">
    <h2 id="feedback-title">Did this fix it?</h2>
    <input type="hidden" name="rule" value="${rule}">
    <input type="hidden" name="article" value="${article}">
    <div class="feedback-buttons">
      <button type="submit" name="helpful" value="yes">Yes, it did</button>
      <button type="submit" name="helpful" value="no" class="button-secondary">No, it did not</button>
    </div>
  </form>`;
}

/** An unknown article id: a page that says so and offers the list. */
export function renderArticleNotFound(id: string): string {
  return renderPage({
    title: 'No such article',
    section: 'articles',
    main: html`<h1>No such article</h1><p>There is no article <code>${id}</code>. It may have been renamed: <a href="/articles">browse the articles</a>.</p>`,
  });
}
