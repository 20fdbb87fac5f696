import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Match } from '../../match/types.js';
import { highlightPaste } from './highlight.js';
import { html, type SafeHtml } from './html.js';

/** What the playground shows of a /v1/try answer. */
export interface TryView {
  ok: boolean;
  diagnostics: Diagnostic[];
  rule: { id: string; title: string } | null;
  matched: boolean;
  rank: number | null;
  wins: boolean;
  match: Match | null;
  conditions: { condition: string; held: boolean | null; negated: boolean }[];
  matches: Match[];
}

/** Lint diagnostics of the rule, each with its line and the source line under it. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], source: string): SafeHtml {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (!diagnostics.length) return html`<p class="lint-ok" role="status">No problems found in the rule.</p>`;
  const lines = source.split(/\r?\n/);
  return html`<h3 class="lint-title">${plural(errors, 'error')}, ${plural(warnings, 'warning')}</h3>
  <ul class="diagnostics">${diagnostics.map(
    (d) => html`<li class="diagnostic diagnostic-${d.severity}">
      <p><span class="where">Line ${d.line}, column ${d.column}</span> <span class="severity">${d.severity}</span>
        <span class="message">${d.message}</span> <code class="code">${d.code}</code></p>
      ${lines[d.line - 1] !== undefined ? html`<pre class="frame">${codeFrame(lines[d.line - 1]!, d)}</pre>` : ''}
      ${d.hint ? html`<p class="hint">Hint: ${d.hint}</p>` : ''}
    </li>`,
  )}</ul>`;
}

function codeFrame(line: string, d: Diagnostic): string {
  const number = String(d.line);
  const caret = ' '.repeat(Math.max(0, d.column - 1)) + '^'.repeat(Math.max(1, Math.min(d.length, line.length - d.column + 1)));
  return `${number} | ${line}\n${' '.repeat(number.length)} | ${caret}`;
}

/** The playground's answer: diagnostics, then whether the rule matches the sample, why, and where it ranks. */
export function renderTryResult(result: TryView, source: string, sample: string): SafeHtml {
  return html`<section class="result" aria-labelledby="try-title">
  <div class="card">
    <h2 id="try-title" tabindex="-1">${verdict(result)}</h2>
    ${renderDiagnostics(result.diagnostics, source)}
    ${result.ok ? renderOutcome(result, sample) : html`<p>Fix the errors to try the rule on the sample.</p>`}
  </div>
</section>`;
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
