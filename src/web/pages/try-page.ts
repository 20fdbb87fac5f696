import type { KnowledgeBase } from '../../compile/knowledge-base.js';
import { html, type SafeHtml } from '../browser/html.js';
import { renderPage } from '../layout.js';

export interface TryInput {
  rule?: string;
  /** An unsaved (maybe new) article the rule may point at; empty: the saved articles only. */
  article?: string;
  text?: string;
  product?: string;
  result?: SafeHtml;
  /** The inbox group the rule was drafted from (the authors' "Draft a rule"). */
  from?: string;
  /** The page is an author's: trying posts the form, so the preview covers the stored pastes. */
  author?: boolean;
}

/** A rule to start from, pointing at an article that exists, with a sample it matches. */
function starterRule(kb: KnowledgeBase): { rule: string; text: string } {
  const article = kb.articlesById.get('http-403-forbidden') ?? kb.articles[0];
  return {
    rule: [
      'id: my-new-rule',
      'title: "Describe the error this rule recognises"',
      `article: ${article?.id ?? 'an-article-id'}`,
      'when:',
      '  all:',
      '    - Forbidden',
      '    - status: 403',
      'examples:',
      '  match:',
      '    - "HTTP/1.1 403 Forbidden"',
      '',
    ].join('\n'),
    text: 'HTTP/1.1 403 Forbidden',
  };
}

/** GET /try and POST /try: a rule, its article and a sample side by side, and what the rule makes of the sample. */
export function renderTryPage(kb: KnowledgeBase, input: TryInput = {}): string {
  const starter = starterRule(kb);
  return renderPage({
    title: 'Rule playground',
    section: input.author ? 'authors' : 'try',
    wide: true,
    main: html`<h1>Rule playground</h1>
${input.from ? html`<p class="card draft-note" role="status">Drafted from inbox group <code>${input.from}</code>: its words, its sample, and a new article to write. Edit them, try, then save the files (<code>kb inbox draft ${input.from}</code> writes them for you).</p>` : ''}
<p class="lead">Write a rule, and its article if it is new, with an error the rule should recognise. Trying lints both and runs the rule with the served rules: whether it matches and why, and what saving it would change. Nothing is saved.</p>
<form id="try-form" class="card try-form" method="post" action="/try"${input.author ? html` data-plain-post="true"` : ''}>
  <div class="try-grid">
    <div class="field">
      <label for="rule">Rule (YAML)</label>
      <textarea id="rule" name="rule" rows="16" class="code" wrap="off" spellcheck="false" autocomplete="off" required>${input.rule ?? starter.rule}</textarea>
    </div>
    <div class="field">
      <label for="article">Article <span class="muted">(optional)</span></label>
      <textarea id="article" name="article" rows="16" class="code" wrap="off" spellcheck="false" autocomplete="off" aria-describedby="article-help">${input.article ?? ''}</textarea>
      <p id="article-help" class="muted field-help">Front matter and Markdown, new or edited. Leave it empty to use the saved articles.</p>
    </div>
  </div>
  <div class="field sample-field">
    <label for="sample">Sample error</label>
    <textarea id="sample" name="text" rows="5" class="code" wrap="off" spellcheck="false" autocomplete="off" required>${input.text ?? starter.text}</textarea>
  </div>
  <div class="form-row">
    <div class="field">
      <label for="product">Product <span class="muted">(optional)</span></label>
      <input id="product" name="product" value="${input.product ?? ''}" autocomplete="off" placeholder="okta, atlassian …">
    </div>
    <div class="actions">
      <button type="submit">Try the rule</button>
      <span class="muted kbd-hint">or press <kbd>Ctrl</kbd>+<kbd>Enter</kbd></span>
    </div>
  </div>
</form>
<div id="result" aria-live="polite">${input.result ?? ''}</div>`,
  });
}
