import { html, type SafeHtml } from './html.js';

/** A stretch of the paste that satisfied a condition (UTF-16 offsets, end exclusive). */
export interface LabelledSpan {
  start: number;
  end: number;
  label: string;
}

/**
 * The paste as escaped text with the given spans wrapped in <mark>. Overlapping or touching
 * spans merge into one mark whose title lists every condition that held there.
 */
export function highlightPaste(text: string, spans: readonly LabelledSpan[]): SafeHtml {
  const merged: LabelledSpan[] = [];
  const sorted = spans
    .filter((s) => s.start >= 0 && s.end > s.start && s.start < text.length)
    .map((s) => ({ ...s, end: Math.min(s.end, text.length) }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) {
      last.end = Math.max(last.end, span.end);
      if (!last.label.split('; ').includes(span.label)) last.label += `; ${span.label}`;
    } else {
      merged.push({ ...span });
    }
  }
  const parts: SafeHtml[] = [];
  let at = 0;
  for (const span of merged) {
    parts.push(html`${text.slice(at, span.start)}<mark title="${span.label}">${text.slice(span.start, span.end)}</mark>`);
    at = span.end;
  }
  parts.push(html`${text.slice(at)}`);
  return html`${parts}`;
}
