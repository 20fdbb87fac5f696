/** quality/report.html: the figures of a run beside the previous run's, a reliability diagram per set, the confusions and misses. */
import type { SetMetrics } from './quality-metrics.js';

export interface QualityRun {
  at: string;
  commit: string;
  label: string;
  sets: SetMetrics[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pct = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);

const FIGURES: { key: keyof SetMetrics; title: string; better: 'higher' | 'lower' }[] = [
  { key: 'top1', title: 'top-1', better: 'higher' },
  { key: 'top3', title: 'top-3', better: 'higher' },
  { key: 'unrelatedAnswered', title: 'unrelated answered (any answer)', better: 'lower' },
  { key: 'unrelatedAnsweredNotLow', title: 'unrelated answered, not labelled low', better: 'lower' },
  { key: 'suggestionNoise', title: 'suggestion noise (unrelated shown "Possibly related")', better: 'lower' },
  { key: 'missesWithRightSuggestion', title: 'misses with the right article suggested', better: 'higher' },
  { key: 'calibrationError', title: 'calibration error (ECE)', better: 'lower' },
  { key: 'brier', title: 'Brier score', better: 'lower' },
];

export function renderQualityReport(run: QualityRun, previous?: QualityRun): string {
  const sections = run.sets.map((set) => setSection(set, previous?.sets.find((s) => s.name === set.name)));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kb diagnosis quality</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d232a}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.up{color:#106b21}.down{color:#a4161a}
section{border-top:2px solid #333;margin-top:2rem}.muted{color:#667}code{font-size:12px}
.diagram{display:flex;gap:2rem;flex-wrap:wrap}
</style></head><body>
<h1>Diagnosis quality</h1>
<p>This run: ${esc(run.at)} ${esc(run.commit)} ${esc(run.label)}${previous ? `<br>Previous run: ${esc(previous.at)} ${esc(previous.commit)} ${esc(previous.label)}` : '<br>No previous run.'}</p>
<p class="muted">top-1/top-3 over in-domain pastes; "unrelated answered" and "suggestion noise" over unrelated errors;
calibration over every answer given (first match), in-domain and unrelated.</p>
${sections.join('\n')}
</body></html>
`;
}

function setSection(set: SetMetrics, before?: SetMetrics): string {
  const rows = FIGURES.map(({ key, title, better }) => {
    const now = set[key] as number;
    const was = before?.[key] as number | undefined;
    const moved = was === undefined || was === now ? '' : (now > was) === (better === 'higher') ? 'up' : 'down';
    return `<tr><td>${title}</td><td class="n ${moved}">${pct(now)}</td><td class="n">${pct(was)}</td></tr>`;
  });
  return `<section><h2>${esc(set.name)}: ${set.inDomain} in-domain, ${set.unrelated} unrelated</h2>
<table><tr><th>figure</th><th>this run</th><th>previous</th></tr>${rows.join('')}
<tr><td>answers by basis</td><td>${esc(JSON.stringify(set.answersByBasis))}</td><td>${esc(JSON.stringify(before?.answersByBasis ?? {}))}</td></tr></table>
<div class="diagram"><figure>${reliabilitySvg(set)}<figcaption>Reliability, this run</figcaption></figure>
${before ? `<figure>${reliabilitySvg(before)}<figcaption>Reliability, previous run</figcaption></figure>` : ''}</div>
<h3>Look-alike confusion (expected → answered)</h3>
${set.confusion.length ? `<table><tr><th>expected</th><th>answered</th><th>count</th></tr>${set.confusion.map((c) => `<tr><td>${esc(c.expected)}</td><td>${esc(c.got)}</td><td class="n">${c.count}</td></tr>`).join('')}</table>` : '<p>None.</p>'}
<h3>Misses (${set.misses.length})</h3>
${set.misses.length ? `<table><tr><th>paste</th><th>expected</th><th>answered</th><th>suggested</th></tr>${set.misses.map((m) => `<tr><td><code>${esc(m.id)}</code></td><td>${esc(m.expected)}</td><td>${esc(m.got ?? '—')}</td><td>${esc(m.suggested.join(', '))}</td></tr>`).join('')}</table>` : ''}
<h3>Unrelated errors answered (${set.unrelatedAnswers.length})</h3>
${set.unrelatedAnswers.length ? `<table>${set.unrelatedAnswers.map((u) => `<tr><td><code>${esc(u.id)}</code></td><td>${esc(u.got)}</td><td>${esc(u.basis)}</td><td class="n">${u.probability.toFixed(2)}</td></tr>`).join('')}</table>` : ''}
</section>`;
}

/** Stated probability (x) against observed accuracy (y) per bin, dot area by count; the diagonal is perfect calibration. */
function reliabilitySvg(set: SetMetrics): string {
  const size = 220;
  const pad = 30;
  const scale = (v: number) => pad + v * (size - 2 * pad);
  const y = (v: number) => size - scale(v);
  const total = set.reliability.reduce((s, b) => s + b.count, 0) || 1;
  const dots = set.reliability
    .map((b) => `<circle cx="${scale(b.meanProbability).toFixed(1)}" cy="${y(b.accuracy).toFixed(1)}" r="${(3 + 12 * Math.sqrt(b.count / total)).toFixed(1)}" fill="#2b6cb0" fill-opacity=".6"><title>${b.count} answers, stated ${b.meanProbability}, right ${b.accuracy}</title></circle>`)
    .join('');
  const line = set.reliability.map((b) => `${scale(b.meanProbability).toFixed(1)},${y(b.accuracy).toFixed(1)}`).join(' ');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" role="img" aria-label="reliability diagram">
<rect x="${pad}" y="${pad}" width="${size - 2 * pad}" height="${size - 2 * pad}" fill="none" stroke="#999"/>
<line x1="${scale(0)}" y1="${y(0)}" x2="${scale(1)}" y2="${y(1)}" stroke="#bbb" stroke-dasharray="4 3"/>
<polyline points="${line}" fill="none" stroke="#2b6cb0"/>${dots}
<text x="${size / 2}" y="${size - 6}" font-size="10" text-anchor="middle">stated probability</text>
<text x="10" y="${size / 2}" font-size="10" text-anchor="middle" transform="rotate(-90 10 ${size / 2})">observed accuracy</text>
<text x="${pad}" y="${size - pad + 12}" font-size="9">0</text><text x="${size - pad - 4}" y="${size - pad + 12}" font-size="9">1</text>
</svg>`;
}
