import type { ChangePreview } from '../../check/change-preview.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Match } from '../../match/types.js';
import { highlightPaste } from './highlight.js';
import { html, type SafeHtml } from './html.js';

/** What the playground shows of a /v1/try answer. */
export interface TryView {
  ok: boolean;
  diagnostics: Diagnostic[];
  articleDiagnostics?: Diagnostic[];
  article?: { id: string; title: string; new: boolean } | null;
  preview?: ChangePreview | null;
  rule: { id: string; title: string } | null;
  matched: boolean;
  rank: number | null;
  wins: boolean;
  match: Match | null;
  conditions: { condition: string; held: boolean | null; negated: boolean }[];
  matches: Match[];
}

/** Lint diagnostics of the rule, each with its line and the source line under it. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], source: string, what: 'rule' | 'article' = 'rule'): SafeHtml {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity !== 'error');
  if (!diagnostics.length) return html`<p class="lint-ok" role="status">No problems found in the ${what}.</p>`;
  const lines = source.split(/\r?\n/);
  const list = (items: readonly Diagnostic[]) => html`<ul class="diagnostics">${items.map(
    (d) => html`<li class="diagnostic diagnostic-${d.severity}">
      <p><span class="where">Line ${d.line}, column ${d.column}</span> <span class="severity">${d.severity}</span>
        <span class="message">${d.message}</span> <code class="code">${d.code}</code></p>
      ${lines[d.line - 1] !== undefined ? html`<pre class="frame">${codeFrame(lines[d.line - 1]!, d)}</pre>` : ''}
      ${d.hint ? html`<p class="hint">Hint: ${d.hint}</p>` : ''}
    </li>`,
  )}</ul>`;
  // Many warnings (a fresh scaffold has a dozen) would push the outcome out of sight: they fold away.
  const folded = warnings.length > MAX_OPEN_WARNINGS;
  return html`<h3 class="lint-title">The ${what}: ${plural(errors.length, 'error')}, ${plural(warnings.length, 'warning')}</h3>
  ${errors.length ? list(errors) : ''}
  ${warnings.length ? (folded ? html`<details class="warnings"><summary>Show the ${warnings.length} warnings</summary>${list(warnings)}</details>` : list(warnings)) : ''}`;
}

const MAX_OPEN_WARNINGS = 3;

function codeFrame(line: string, d: Diagnostic): string {
  const number = String(d.line);
  const caret = ' '.repeat(Math.max(0, d.column - 1)) + '^'.repeat(Math.max(1, Math.min(d.length, line.length - d.column + 1)));
  return `${number} | ${line}\n${' '.repeat(number.length)} | ${caret}`;
}

/** The playground's answer: diagnostics, then whether the rule matches the sample, why, and where it ranks. */
export function renderTryResult(result: TryView, source: string, sample: string, articleSource = ''): SafeHtml {
  return html`<section class="result" aria-labelledby="try-title">
  <div class="card">
    <h2 id="try-title" tabindex="-1">${verdict(result)}</h2>
    ${renderDiagnostics(result.diagnostics, source)}
    ${articleSource.trim() ? renderDiagnostics(result.articleDiagnostics ?? [], articleSource, 'article') : ''}
    ${result.article?.new ? html`<p class="muted">The rule is tried with the new article <code>${result.article.id}</code>, which is not saved yet.</p>` : ''}
    ${result.ok ? renderOutcome(result, sample) : html`<p>Fix the errors to try the rule on the sample.</p>`}
  </div>
  ${result.ok && result.preview ? renderPreview(result.preview) : ''}
</section>`;
}

/** What saving the rule would change, in sentences an author can act on. */
export function renderPreview(preview: ChangePreview): SafeHtml {
  const { inbox, takes_over: takes, own_examples: own } = preview;
  const inboxPart = !inbox.included
    ? html`<p class="muted">Which stored pastes it would answer is shown to signed-in authors only.</p>`
    : inbox.answered.length
      ? html`<p class="outcome outcome-yes">It would now answer ${plural(inbox.answered.length, 'group')} of the ${plural(inbox.checked, 'stored paste group')} nothing answered.</p>
        <ul class="preview-list">${inbox.answered.map(
          (g) => html`<li><code>${g.group}</code> ${plural(g.count, 'paste')}${g.was ? html` (answered only generically by <code>${g.was}</code>)` : ''}<pre class="paste-text">${clip(g.sample, 300)}</pre></li>`,
        )}</ul>`
      : html`<p>It would answer none of the ${plural(inbox.checked, 'stored paste group')} nothing answered.</p>`;
  const takesPart = takes.examples.length
    ? html`<p class="outcome outcome-warn">It would take over ${plural(takes.examples.length, 'answer')} of other rules, in their examples:</p>
      <ul class="preview-list">${takes.examples.map((e) => html`<li><code>${e.rule}</code> answers today: <q>${clip(e.example, 200)}</q></li>`)}</ul>`
    : html`<p>It takes over no answer of another rule (${plural(takes.checked, 'example')} of the served rules checked).</p>`;
  const ownPart = own.failing.length
    ? html`<p class="outcome outcome-no">${own.failing.length === 1 ? '1 of its own examples does not' : `${own.failing.length} of its own examples do not`} behave:</p>
      <ul class="preview-list">${own.failing.map(
        (f) => html`<li>${f.kind === 'match' ? html`match example not answered first${f.first ? html` (the first answer is <code>${f.first}</code>)` : ' (nothing answers it)'}` : 'no_match example matched'}: <q>${clip(f.example, 200)}</q></li>`,
      )}</ul>`
    : html`<p>${own.checked === 1 ? 'Its one example behaves' : `All ${own.checked} of its examples behave`}: each match example is answered first by it, and no no_match example matches.</p>`;
  return html`<div class="card preview" aria-labelledby="preview-title">
    <h2 id="preview-title">If you save it</h2>
    <p class="muted">A preview: nothing is saved.</p>
    ${inboxPart}
    ${takesPart}
    ${ownPart}
  </div>`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function verdict(result: TryView): string {
  if (!result.ok) return 'The rule has errors';
  return result.matched ? 'The rule matches this sample' : 'The rule does not match this sample';
}

function renderOutcome(result: TryView, sample: string): SafeHtml {
  const first = result.matches[0];
  const ranking = result.matched
    ? result.wins
      ? html`<p class="outcome outcome-yes">It would be the first answer.</p>`
      : html`<p class="outcome outcome-warn">It ranks number ${result.rank ?? '?'}; the first answer would be <a href="/articles/${encodeURIComponent(first?.article.id ?? '')}">${first?.article.title ?? 'another article'}</a>.</p>`
    : html`<p class="outcome outcome-no">It does not match: see which conditions did not hold.</p>`;
  const spans = result.match?.explanation.matched.flatMap((m) => m.spans.map((s) => ({ start: s.start, end: s.end, label: m.condition }))) ?? [];
  return html`${ranking}
    ${result.match ? html`<p>${result.match.explanation.summary}</p>` : ''}
    <h3>Conditions</h3>
    <ul class="conditions tried">${result.conditions.map((c) => {
      // As written: a test under `not` is satisfied when it does not hold.
      const satisfied = c.held === null ? null : c.held !== c.negated;
      return html`<li class="${satisfied === null ? 'skipped' : satisfied ? 'held' : 'failed'}">
        <span class="mark-symbol" aria-hidden="true">${satisfied === null ? '–' : satisfied ? '✓' : '✗'}</span>
        ${c.negated ? 'not ' : ''}<code>${c.condition}</code>
        <span class="visually-hidden">${satisfied === null ? '(not evaluated)' : satisfied ? '(satisfied)' : '(not satisfied)'}</span>
      </li>`;
    })}</ul>
    <h3>Sample</h3>
    <pre class="paste-text">${highlightPaste(sample, spans)}</pre>`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
