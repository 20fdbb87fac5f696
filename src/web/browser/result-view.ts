import type { FactsSummary } from '../../facts/paste-facts.js';
import type { Confidence, Match, RenderedStep } from '../../match/types.js';
import type { Suggestion } from '../../suggest/suggestion-index.js';
import { highlightPaste, type LabelledSpan } from './highlight.js';
import { html, type SafeHtml } from './html.js';
import { markdownToPlain, renderInline, renderMarkdownBlock, renderMarkdownText, type MarkdownTextOptions } from './markdown-text.js';

/** What the result view needs of a /v1/match answer. */
export interface MatchView {
  matches: Match[];
  facts: FactsSummary;
  /** Articles possibly related to a paste no rule matched: guesses, shown apart from answers. */
  suggestions?: Suggestion[];
}

/** The article's page as the answer gives it (absolute with KB_PUBLIC_URL); an inline answer has none, so its id's page is tried. */
function articleHref(article: { id: string; url?: string }): string {
  return article.url ?? `/articles/${encodeURIComponent(article.id)}`;
}

const CONFIDENCE_WORDS: Record<Confidence, string> = { high: 'High confidence', medium: 'Medium confidence', low: 'Low confidence' };

/** The answer to a paste: the best article with its steps, why it matched, other matches; or what to do when nothing matched. */
export function renderMatchResult(result: MatchView, paste: string): SafeHtml {
  const [best, ...others] = result.matches;
  if (!best) return renderNoMatch(result.facts, paste, result.suggestions ?? []);
  return html`<section class="result" aria-labelledby="result-title">
  <article class="answer card">
    ${best.basis === 'similar'
      ? html`<p class="eyebrow likely">Likely ${confidenceBadge(best.confidence)} <span class="muted">No rule matched this error; it resembles this article's ${RESEMBLES[best.explanation.resembles?.kind ?? 'example']}.</span></p>`
      : html`<p class="eyebrow">Best match ${confidenceBadge(best.confidence)}${best.generic ? html` <span class="muted">(a general article: nothing more specific matched)</span>` : ''}</p>`}
    <h2 id="result-title" tabindex="-1">${best.article.title}</h2>
    ${best.article.summary ? html`<p class="lead">${renderInline(best.article.summary)}</p>` : ''}
    <h3>Cause</h3>
    <div class="prose">${renderMarkdownBlock(best.article.cause)}</div>
    ${renderStepsBlock(best.article.steps)}
    ${best.article.escalation ? html`<h3>If this does not fix it</h3><div class="prose">${renderMarkdownBlock(best.article.escalation)}</div>` : ''}
    <p class="more"><a href="${articleHref(best.article)}">Read the full article</a></p>
  </article>
  ${renderFeedback(best)}
  ${renderWhy(best)}
  <section class="card" aria-labelledby="paste-title">
    <h3 id="paste-title">Your paste</h3>
    <p class="muted">${best.basis === 'similar' ? 'The highlighted words are what it shares with the article.' : 'The highlighted parts are what the rule recognised.'}</p>
    <pre class="paste-text">${highlightPaste(paste, spansOf(best))}</pre>
  </section>
  ${others.length ? renderOthers(others) : ''}
  ${result.suggestions?.length ? renderSuggestions(result.suggestions) : ''}
</section>`;
}

const RESEMBLES = { example: 'rule examples', error_message: 'error messages', title: 'title', cause: 'cause' } as const;

function confidenceBadge(confidence: Confidence): SafeHtml {
  return html`<span class="badge badge-${confidence}">${CONFIDENCE_WORDS[confidence]}</span>`;
}

/** The numbered steps as a checklist, with a button that copies them as plain text. */
export function renderStepsBlock(steps: readonly RenderedStep[], heading: 'h2' | 'h3' = 'h3', options: MarkdownTextOptions = {}): SafeHtml {
  return html`<div class="steps-head">
      ${heading === 'h2' ? html`<h2>Steps</h2>` : html`<h3>Steps</h3>`}
      <button type="button" class="button-secondary copy-steps" data-copy-text="${stepsAsText(steps)}" hidden>Copy steps</button>
    </div>
    ${renderSteps(steps, options)}`;
}

function renderSteps(steps: readonly RenderedStep[], options: MarkdownTextOptions): SafeHtml {
  const inline = (text: string) => renderInline(text, options);
  return html`<ol class="steps">${steps.map((step) => {
    // A step's first paragraph is the checklist label; its code blocks and further paragraphs follow it.
    const text = renderMarkdownText(step.text, options);
    return html`<li>
      <label class="step"><input type="checkbox"><span class="step-text">${text.lead}</span></label>
      ${text.rest.value ? html`<div class="step-more">${text.rest}</div>` : ''}
      ${step.warning ? html`<p class="step-warning"><strong>Warning:</strong> ${inline(step.warning)}</p>` : ''}
      ${step.note ? html`<p class="step-note">${inline(step.note)}</p>` : ''}
      ${step.expect ? html`<p class="step-expect"><strong>Expected:</strong> ${inline(step.expect)}</p>` : ''}
      ${step.substeps?.length ? renderSteps(step.substeps, options) : ''}
    </li>`;
  })}</ol>`;
}

/** Steps as numbered plain text, for the clipboard. */
export function stepsAsText(steps: readonly RenderedStep[], prefix = ''): string {
  return steps
    .map((step, i) => {
      const number = `${prefix}${i + 1}.`;
      const indent = ' '.repeat(number.length + 1);
      const lines = [`${number} ${markdownToPlain(step.text).replace(/\n/g, `\n${indent}`)}`];
      if (step.warning) lines.push(`${indent}Warning: ${markdownToPlain(step.warning)}`);
      if (step.note) lines.push(`${indent}${markdownToPlain(step.note)}`);
      if (step.expect) lines.push(`${indent}Expected: ${markdownToPlain(step.expect)}`);
      if (step.substeps?.length) lines.push(stepsAsText(step.substeps, `${indent}${prefix}${i + 1}.`));
      return lines.join('\n');
    })
    .join('\n');
}

function renderWhy(match: Match): SafeHtml {
  const resembles = match.explanation.resembles;
  return html`<section class="card why" aria-labelledby="why-title">
    <h3 id="why-title">${resembles ? 'Why it is likely' : 'Why it matched'}</h3>
    <p>${match.explanation.summary}</p>
    ${resembles ? html`<blockquote class="resembles">${markShared(resembles.text, resembles.shared)}</blockquote>` : ''}
    <ul class="conditions">${distinctConditions(match).map(
      (m) => html`<li><code>${m.condition}</code>${
        m.spans.length ? html` — found ${m.spans.map((s, i) => html`${i ? ', ' : ''}<q>${clip(s.text)}</q>`)}` : ''
      }</li>`,
    )}</ul>
  </section>`;
}

/** The passage a similar answer resembles, the words it shares with the paste marked. */
function markShared(text: string, shared: readonly string[]): SafeHtml[] {
  const words = new Set(shared);
  return text.split(/([\p{L}\p{N}]+)/u).map((part) => (words.has(part.toLowerCase()) ? html`<mark>${part}</mark>` : html`${part}`));
}

/** A condition written twice in a rule (in two branches) is listed once, with the places found by either. */
function distinctConditions(match: Match): { condition: string; spans: { text: string }[] }[] {
  const byLabel = new Map<string, { condition: string; spans: { text: string }[] }>();
  for (const m of match.explanation.matched) {
    const entry = byLabel.get(m.condition) ?? byLabel.set(m.condition, { condition: m.condition, spans: [] }).get(m.condition)!;
    for (const span of m.spans) if (!entry.spans.some((s) => s.text === span.text)) entry.spans.push(span);
  }
  return [...byLabel.values()];
}

function renderOthers(others: readonly Match[]): SafeHtml {
  return html`<section class="card" aria-labelledby="others-title">
    <h3 id="others-title">Other matches</h3>
    <ul class="others">${others.map(
      (m) => html`<li><a href="${articleHref(m.article)}">${m.article.title}</a>
        <p class="muted">${confidenceBadge(m.confidence)} ${renderInline(m.article.summary ?? '')}</p></li>`,
    )}</ul>
  </section>`;
}

/**
 * "Did this fix it?": a form of two buttons, so it works as a plain post (POST /feedback); the
 * page script sends it to /v1/feedback in place.
 */
function renderFeedback(best: Match): SafeHtml {
  return html`<form class="card feedback" method="post" action="/feedback" aria-labelledby="feedback-title">
    <h3 id="feedback-title">Did this fix it?</h3>
    <input type="hidden" name="rule" value="${best.rule.id}">
    <input type="hidden" name="article" value="${best.article.id}">
    <div class="feedback-buttons">
      <button type="submit" name="helpful" value="yes">Yes, it did</button>
      <button type="submit" name="helpful" value="no" class="button-secondary">No, it did not</button>
    </div>
    <p class="feedback-status muted" role="status"></p>
  </form>`;
}

/** Articles that share words with a paste no rule matched, labelled as guesses. */
function renderSuggestions(suggestions: readonly Suggestion[]): SafeHtml {
  return html`<section class="card suggestions" aria-labelledby="suggestions-title">
    <h3 id="suggestions-title">Possibly related</h3>
    <p class="muted">No rule recognised this error. These articles share words with it; they are guesses, not answers.</p>
    <ul class="others">${suggestions.map(
      (s) => html`<li><a href="${articleHref(s.article)}">${s.article.title}</a>
        <p class="muted">${renderInline(s.article.summary)}</p></li>`,
    )}</ul>
  </section>`;
}

function renderNoMatch(facts: FactsSummary, paste: string, suggestions: readonly Suggestion[]): SafeHtml {
  const recognised = [
    ...facts.status.map((s) => `status ${s}`),
    ...facts.codes.map((c) => `code ${c}`),
    ...facts.hosts.map((h) => `host ${h}`),
    ...facts.products.map((p) => `product ${p}`),
  ].slice(0, 12);
  return html`<section class="result" aria-labelledby="result-title">
  <div class="card no-match">
    <h2 id="result-title" tabindex="-1">No article matches this error yet</h2>
    <p>Your paste is still in the box above, so you can add to it and try again.</p>
    <h3>What to do next</h3>
    <ul>
      <li>Paste a few more lines around the error: they often name the product, the HTTP status or an error code.</li>
      <li>Fill in the product field (for example <code>okta</code> or <code>atlassian</code>).</li>
      <li>Search the <a href="/articles">articles</a> by a word from the message.</li>
      <li>Know the fix? Write a rule for this error in the <a href="/try">rule playground</a>.</li>
    </ul>
    ${recognised.length ? html`<p class="muted">Recognised in your paste: ${recognised.join(', ')}.</p>` : ''}
  </div>
  ${suggestions.length ? renderSuggestions(suggestions) : ''}
  <section class="card" aria-labelledby="paste-title">
    <h3 id="paste-title">Your paste</h3>
    <pre class="paste-text">${paste}</pre>
  </section>
</section>`;
}

function spansOf(match: Match): LabelledSpan[] {
  return match.explanation.matched.flatMap((m) => m.spans.map((s) => ({ start: s.start, end: s.end, label: m.condition })));
}

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
