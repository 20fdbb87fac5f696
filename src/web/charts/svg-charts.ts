import { html, type SafeHtml } from '../browser/html.js';

/**
 * Small charts drawn by the server as inline SVG: no script, no style attribute (the CSP allows
 * neither inline), colours from the stylesheet by class. Each has a text alternative.
 */

const SPARK_WIDTH = 120;
const SPARK_HEIGHT = 24;

/** One bar per day; the label says the total, the busiest day and the last day. `what`: [one, many] ("paste", "pastes"). */
export function sparkline(counts: readonly number[], days: readonly string[], what: readonly [string, string]): SafeHtml {
  const total = counts.reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...counts);
  const busiest = counts.indexOf(Math.max(...counts));
  const label =
    total === 0
      ? `No ${what[1]} in the last ${counts.length} days`
      : `${total} ${total === 1 ? what[0] : what[1]} in the last ${counts.length} days; most on ${days[busiest]} (${counts[busiest]}); ${counts[counts.length - 1]} today`;
  const step = SPARK_WIDTH / Math.max(1, counts.length);
  const bars = counts.map((n, i) => {
    const h = n === 0 ? 1 : Math.max(2, Math.round((n / max) * (SPARK_HEIGHT - 2)));
    return html`<rect class="${n === 0 ? 'spark-zero' : 'spark-bar'}" x="${(i * step).toFixed(1)}" y="${SPARK_HEIGHT - h}" width="${Math.max(1, step - 1).toFixed(1)}" height="${h}"></rect>`;
  });
  return html`<svg class="sparkline" viewBox="0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}" width="${SPARK_WIDTH}" height="${SPARK_HEIGHT}" role="img" aria-label="${label}"><title>${label}</title>${bars}</svg>`;
}

/** "Did this fix it?": a bar split into yes and no, with the counts as its label. */
export function helpfulBar(yes: number, no: number): SafeHtml {
  const total = yes + no;
  const label = total === 0 ? 'No answers yet' : `${yes} said it fixed it, ${no} said it did not`;
  const width = 80;
  const yesWidth = total ? Math.round((yes / total) * width) : 0;
  return html`<svg class="helpful-bar" viewBox="0 0 ${width} 10" width="${width}" height="10" role="img" aria-label="${label}"><title>${label}</title>${
    total
      ? html`<rect class="bar-yes" x="0" y="0" width="${yesWidth}" height="10"></rect><rect class="bar-no" x="${yesWidth}" y="0" width="${width - yesWidth}" height="10"></rect>`
      : html`<rect class="bar-none" x="0" y="0" width="${width}" height="10"></rect>`
  }</svg>`;
}
