import { parseArgs } from 'node:util';
import { resolveKbDir } from '../config.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import { loadKnowledgeBase } from '../load-knowledge-base.js';
import { EXIT, UsageError, write, type CliIo } from './io.js';

/** `kb lint`: every problem of every file, with file:line:col; exit 1 on any error. */
export async function lintCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { kb: { type: 'string' }, format: { type: 'string', default: 'text' } } });
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format takes text or json');
  const load = await loadKnowledgeBase(resolveKbDir(values.kb, io.env ?? process.env));
  const failed = hasErrors(load.diagnostics);
  if (values.format === 'json') {
    write(io.stdout, JSON.stringify({ ok: !failed, rules: load.kb?.rules.length ?? 0, articles: load.kb?.articles.length ?? 0, diagnostics: load.diagnostics }, null, 2));
  } else {
    const counts = load.kb ? `${load.kb.rules.length} rules, ${load.kb.articles.length} articles: ` : '';
    write(failed ? io.stderr : io.stdout, `${formatDiagnostics(load.diagnostics, load.sources).trimEnd().replace(/([^\n]*)$/, `${counts}$1`)}`);
  }
  return failed ? EXIT.failed : EXIT.ok;
}
