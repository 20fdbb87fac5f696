/**
 * `npm run quality`: measures the bundled knowledge base on the real-paste corpus (tuning and
 * reporting halves, test/fixtures/real) and on the hand-written fixtures (held-out and
 * out-of-domain), prints the table, and writes quality/run.json and quality/report.html with the
 * previous run (quality/previous-run.json) beside it.
 *
 *   npm run quality
 *   npm run quality -- --label "after generic step-aside"
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { BUNDLED_KB_DIR } from '../src/config.js';
import { loadKnowledgeBase } from '../src/load-knowledge-base.js';
import { evaluateSet, type SetMetrics } from './quality-metrics.js';
import { fixtureSet, realSet } from './quality-sets.js';
import { renderQualityReport, type QualityRun } from './quality-report.js';

const OUT = join(import.meta.dirname, '../quality');
const labelAt = process.argv.indexOf('--label');
const label = labelAt > 0 ? (process.argv[labelAt + 1] ?? '') : '';

const { kb, diagnostics } = await loadKnowledgeBase(BUNDLED_KB_DIR);
if (!kb) {
  console.error(diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n'));
  process.exit(1);
}

const sets = [realSet('tuning'), realSet('reporting'), fixtureSet()].filter((s) => s.inDomain.length || s.unrelated.length);
const metrics: SetMetrics[] = sets.map((set) => evaluateSet(kb, set));
const run: QualityRun = { at: new Date().toISOString(), commit: currentCommit(), label, sets: metrics };

mkdirSync(OUT, { recursive: true });
const runFile = join(OUT, 'run.json');
const previousFile = join(OUT, 'previous-run.json');
if (existsSync(runFile)) renameSync(runFile, previousFile);
const previous = existsSync(previousFile) ? (JSON.parse(readFileSync(previousFile, 'utf8')) as QualityRun) : undefined;
writeFileSync(runFile, JSON.stringify(run, null, 1) + '\n');
writeFileSync(join(OUT, 'report.html'), renderQualityReport(run, previous));

console.log(table(run, previous));
console.log(`\nwrote quality/report.html, quality/run.json${previous ? ' (previous run: quality/previous-run.json)' : ''}`);

function currentCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function table(now: QualityRun, before?: QualityRun): string {
  const rows = ['set            pastes  top-1           top-3           unrel.answered  unrel.not-low   sugg.noise      ECE             misses-with-right-sugg'];
  for (const m of now.sets) {
    const was = before?.sets.find((s) => s.name === m.name);
    const cell = (v: number, old?: number) => `${v.toFixed(3)}${old === undefined || old === v ? '' : ` (${old.toFixed(3)})`}`;
    rows.push(
      [
        m.name.padEnd(14),
        `${m.inDomain}+${m.unrelated}`.padEnd(7),
        cell(m.top1, was?.top1).padEnd(15),
        cell(m.top3, was?.top3).padEnd(15),
        cell(m.unrelatedAnswered, was?.unrelatedAnswered).padEnd(15),
        cell(m.unrelatedAnsweredNotLow ?? NaN, was?.unrelatedAnsweredNotLow).padEnd(15),
        cell(m.suggestionNoise, was?.suggestionNoise).padEnd(15),
        cell(m.calibrationError, was?.calibrationError).padEnd(15),
        cell(m.missesWithRightSuggestion, was?.missesWithRightSuggestion),
      ].join(' '),
    );
  }
  return rows.join('\n');
}
