import type { KnowledgeBase } from '../../compile/knowledge-base.js';
import { html, type SafeHtml } from '../browser/html.js';
import { renderPage } from '../layout.js';

export interface HomeInput {
  text?: string;
  product?: string;
  /** The server-rendered answer (a form post without JavaScript). */
  result?: SafeHtml;
}

/** GET / and POST /: the paste form, and below it the answer when there is one. */
export function renderHomePage(kb: KnowledgeBase, input: HomeInput = {}): string {
  const products = [...new Set(kb.rules.flatMap((r) => r.products))].sort();
  return renderPage({
    title: input.result ? 'Your answer' : 'Fix an error',
    section: 'home',
    main: html`<h1>What does this error mean, and how do I fix it?</h1>
<p class="lead">Paste the message your admin console, log or API client showed. You get the article that explains it and the steps to fix it.</p>
<form id="paste-form" class="card paste-form" method="post" action="/">
  <label for="paste">Paste the error message or log</label>
  <textarea id="paste" name="text" rows="8" required spellcheck="false" autocomplete="off"${input.result ? '' : html` autofocus`}
    placeholder="Error authenticating: Forbidden. Errors reported by remote server">${input.text ?? ''}</textarea>
  <div class="form-row">
    <div class="field">
      <label for="product">Product <span class="muted">(optional)</span></label>
      <input id="product" name="product" list="products" value="${input.product ?? ''}" autocomplete="off" placeholder="okta, atlassian …">
      <datalist id="products">${products.map((p) => html`<option value="${p}">`)}</datalist>
    </div>
    <div class="actions">
      <button type="submit">Find the fix</button>
      <span class="muted kbd-hint">or press <kbd>Ctrl</kbd>+<kbd>Enter</kbd></span>
    </div>
  </div>
</form>
<div id="result" aria-live="polite">${input.result ?? ''}</div>`,
  });
}
