/**
 * The page's only script (served as a file: the CSP allows no inline script). It makes the
 * forms answer in place through the JSON API; every page also works without it.
 */
import { html, type SafeHtml } from './html.js';
import { renderMatchResult, type MatchView } from './result-view.js';
import { renderDiagnostics, renderTryResult, type TryView } from './try-view.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';

interface ApiError {
  message: string;
  code?: string;
}

/** Posts JSON; answers the parsed body, or throws the API's message (and its `code`) for a 4xx/5xx. */
async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  const data = (await response.json().catch(() => ({ message: `the server answered ${response.status}` }))) as T | ApiError;
  if (!response.ok) throw Object.assign(new Error((data as ApiError).message ?? `the server answered ${response.status}`), { code: (data as ApiError).code });
  return data as T;
}

/**
 * A server that requires API keys (KB_REQUIRE_API_KEY) refuses this script's calls to the API; the
 * page's own form posts need no key. Then the form is sent as a page, as without JavaScript, and
 * marked so that its submit handler lets it through. Answers whether it did so.
 */
function postedPlainly(error: unknown, form: HTMLFormElement, submitter?: HTMLElement | null): boolean {
  if ((error as { code?: string }).code !== 'KB_HTTP_API_KEY_MISSING') return false;
  form.dataset.plain = 'true';
  form.requestSubmit(submitter instanceof HTMLButtonElement ? submitter : undefined);
  return true;
}

function renderProblem(message: string): SafeHtml {
  return html`<div class="card problem" role="alert"><h2 id="result-title" tabindex="-1">That did not work</h2><p>${message}</p></div>`;
}

function show(region: HTMLElement, content: SafeHtml, focus = true): void {
  region.innerHTML = content.value;
  revealCopyButtons(region);
  if (focus) region.querySelector<HTMLElement>('h2[tabindex="-1"]')?.focus();
}

/** Runs `work` with the form's submit button disabled, so a double press sends one request. */
async function busy(form: HTMLFormElement, work: () => Promise<void>): Promise<void> {
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  form.setAttribute('aria-busy', 'true');
  if (button) button.disabled = true;
  try {
    await work();
  } finally {
    form.removeAttribute('aria-busy');
    if (button) button.disabled = false;
  }
}

function field(form: HTMLFormElement, name: string): string {
  const element = form.elements.namedItem(name);
  return element instanceof HTMLTextAreaElement || element instanceof HTMLInputElement ? element.value : '';
}

function enhancePasteForm(form: HTMLFormElement, region: HTMLElement): void {
  form.addEventListener('submit', (event) => {
    if (form.dataset.plain) return;
    event.preventDefault();
    const text = field(form, 'text');
    const product = field(form, 'product').trim();
    void busy(form, async () => {
      try {
        const result = await postJson<MatchView>('/v1/match', { text, ...(product ? { context: { product } } : {}) });
        show(region, renderMatchResult(result, text));
      } catch (error) {
        if (!postedPlainly(error, form)) show(region, renderProblem((error as Error).message));
      }
    });
  });
}

function enhanceTryForm(form: HTMLFormElement, region: HTMLElement): void {
  const ruleField = form.elements.namedItem('rule');
  const articleField = form.elements.namedItem('article');
  // An author's playground posts the form: the server's preview then covers the stored pastes.
  const plainPost = form.dataset.plainPost === 'true';
  // Lint as the author types (after a pause); a try or a newer lint makes an older lint answer stale.
  let lintTimer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  form.addEventListener('submit', (event) => {
    clearTimeout(lintTimer);
    ++generation;
    if (plainPost || form.dataset.plain) return;
    event.preventDefault();
    const asked = generation;
    const rule = field(form, 'rule');
    const article = field(form, 'article');
    const text = field(form, 'text');
    const product = field(form, 'product').trim();
    void busy(form, async () => {
      try {
        const result = await postJson<TryView>('/v1/try', { rule, text, ...(article.trim() ? { article } : {}), ...(product ? { context: { product } } : {}) });
        if (asked === generation) show(region, renderTryResult(result, rule, text, article));
      } catch (error) {
        if (asked === generation && !postedPlainly(error, form)) show(region, renderProblem((error as Error).message));
      }
    });
  });

  const lintAsTyped = (textarea: HTMLTextAreaElement, kind: 'rule' | 'article') => {
    textarea.addEventListener('input', () => {
      clearTimeout(lintTimer);
      lintTimer = setTimeout(() => {
        const source = textarea.value;
        const asked = ++generation;
        if (!source.trim()) return;
        postJson<{ diagnostics: Diagnostic[] }>('/v1/lint', { source, kind })
          .then((lint) => {
            if (asked !== generation) return;
            // The rule beside it may point at this (unsaved) article: then it is no orphan.
            const ruleArticle = /^article:[ \t]*["']?([a-z0-9-]+)/m.exec(field(form, 'rule'))?.[1];
            const articleId = /^id:[ \t]*["']?([a-z0-9-]+)/m.exec(source)?.[1];
            const diagnostics = lint.diagnostics.filter((d) => !(kind === 'article' && d.code === 'KB_W_ORPHAN_ARTICLE' && ruleArticle !== undefined && ruleArticle === articleId));
            show(region, html`<section class="result"><div class="card"><h2 id="try-title">Checked as you type</h2>${renderDiagnostics(diagnostics, source, kind)}<p class="muted">Press “Try the rule” to run it on the sample.</p></div></section>`, false);
          })
          .catch(() => undefined);
      }, 500);
    });
  };
  if (ruleField instanceof HTMLTextAreaElement) lintAsTyped(ruleField, 'rule');
  if (articleField instanceof HTMLTextAreaElement) lintAsTyped(articleField, 'article');
}

/** Copy buttons need the clipboard, so they stay hidden until this script runs. */
function revealCopyButtons(root: ParentNode): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-copy-text]')) button.hidden = false;
}

async function copy(text: string): Promise<void> {
  if (navigator.clipboard) return navigator.clipboard.writeText(text);
  const area = document.createElement('textarea');
  area.value = text;
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

document.addEventListener('click', (event) => {
  const button = (event.target as Element | null)?.closest?.('button[data-copy-text]');
  if (!(button instanceof HTMLButtonElement)) return;
  const label = button.textContent;
  copy(button.dataset.copyText ?? '').then(
    () => (button.textContent = 'Copied'),
    () => (button.textContent = 'Copy failed: select the steps instead'),
  );
  setTimeout(() => (button.textContent = label), 2000);
});

// "Did this fix it?" answers in place through the API; the form posts to /feedback without script.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains('feedback') || form.dataset.plain) return;
  event.preventDefault();
  const submitter = (event as SubmitEvent).submitter;
  const helpful = submitter?.getAttribute('value') === 'yes';
  const status = form.querySelector<HTMLElement>('.feedback-status');
  const buttons = [...form.querySelectorAll<HTMLButtonElement>('button')];
  buttons.forEach((b) => (b.disabled = true));
  postJson<{ recorded: boolean }>('/v1/feedback', { rule: field(form, 'rule'), article: field(form, 'article'), helpful }).then(
    () => {
      buttons.forEach((b) => (b.hidden = true));
      if (status) status.textContent = helpful ? 'Thank you: glad it worked.' : 'Thank you: the knowledge authors will see that this article did not help.';
    },
    (error: Error) => {
      buttons.forEach((b) => (b.disabled = false));
      if (postedPlainly(error, form, submitter)) return;
      if (status) status.textContent = `Your answer was not sent: ${error.message}`;
    },
  );
});

// Ctrl+Enter (Cmd+Enter on a Mac) in a text area submits its form.
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
  const target = event.target;
  if (target instanceof HTMLTextAreaElement && target.form) {
    event.preventDefault();
    target.form.requestSubmit();
  }
});

revealCopyButtons(document);
const pasteForm = document.querySelector<HTMLFormElement>('#paste-form');
const tryForm = document.querySelector<HTMLFormElement>('#try-form');
const region = document.querySelector<HTMLElement>('#result');
if (pasteForm && region) enhancePasteForm(pasteForm, region);
if (tryForm && region) enhanceTryForm(tryForm, region);
