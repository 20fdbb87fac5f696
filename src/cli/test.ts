import { parseArgs } from 'node:util';
import { buildReport, formatReport } from '../check/report.js';
import { runExamples } from '../check/run-examples.js';
import { EXIT, UsageError, write, type CliIo } from './io.js';
import { loadOrReport } from './load-or-report.js';

/** `kb test`: runs every rule's examples through the real matcher; exit 1 on any failure. */
export async function testCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { kb: { type: 'string' }, report: { type: 'boolean', default: false }, format: { type: 'string', default: 'text' } } });
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format takes text or json');
  const loaded = await loadOrReport(values.kb, io);
  if (!loaded) return EXIT.failed;
  const outcomes = await runExamples(loaded.kb);
  const report = buildReport(loaded.kb, outcomes);
  if (values.format === 'json') {
    write(io.stdout, JSON.stringify({ ...report, failures: outcomes.filter((o) => !o.passed) }, null, 2));
    return report.failed ? EXIT.failed : EXIT.ok;
  }
  for (const failure of outcomes.filter((o) => !o.passed)) {
    write(io.stdout, `${failure.file}:${failure.line}:${failure.column}  FAIL  ${failure.name}: ${failure.message}`);
  }
  if (values.report) write(io.stdout, `\n${formatReport(report)}`);
  write(io.stdout, `\n${loaded.kb.rules.length} rules, ${outcomes.length} examples: ${report.passed} passed, ${report.failed} failed`);
  return report.failed ? EXIT.failed : EXIT.ok;
}
