import type { KnowledgeBase } from '../../compile/knowledge-base.js';
import { html, type SafeHtml } from '../browser/html.js';
import { renderPage } from '../layout.js';

export interface TryInput {
  rule?: string;
  text?: string;
  product?: string;
  result?: SafeHtml;
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

/** GET /try and POST /try: a rule and a sample side by side, and what the rule makes of the sample. */
export function renderTryPage(kb: KnowledgeBase, input: TryInput = {}): string {
  const starter = starterRule(kb);
  return renderPage({
    title: 'Rule playground',
    section: 'try',
    wide: true,
    main: html`<h1>Rule playground</h1>
<p class="lead">Write a rule and an error it should recognise. Trying it lints the rule and runs it with the served rules, so you see whether it matches, why, and whether it would be the first answer. Nothing is saved.</p>
<form id="try-form" class="card try-form" method="post" action="/try">
  <div class="try-grid">
    <div class="field">
      <label for="rule">Rule (YAML)</label>
      <textarea id="rule" name="rule" rows="14" class="code" wrap="off" spellcheck="false" autocomplete="off" required>${input.rule ?? starter.rule}</textarea>
    </div>
    <div class="field">
      <label for="sample">Sample error</label>
      <textarea id="sample" name="text" rows="14" class="code" wrap="off" spellcheck="false" autocomplete="off" required>${input.text ?? starter.text}</textarea>
    </div>
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
