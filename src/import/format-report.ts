import type { ImportResult, PlannedFile } from './import-knowledge-base.js';

const VERB: Record<PlannedFile['action'], [string, string]> = {
  create: ['created', 'would create'],
  update: ['updated', 'would update'],
  unchanged: ['unchanged', 'unchanged'],
  'kept-edited': ['kept (edited by hand since it was imported; --force overwrites)', 'would keep (edited by hand since it was imported; --force overwrites)'],
  'kept-not-imported': ['kept (not written by kb import; --force overwrites)', 'would keep (not written by kb import; --force overwrites)'],
};

/** The import as text: each article and its files, then every note as `file:line  kind  message`, then look-alikes. */
export function formatImportReport(result: ImportResult, dryRun: boolean): string {
  const out: string[] = [];
  for (const article of result.articles) {
    out.push(`${article.file} (${article.format}) → ${article.id}: ${article.steps} step${article.steps === 1 ? '' : 's'}, ${article.errorMessages} error message${article.errorMessages === 1 ? '' : 's'}${article.rule ? '' : ', no rule'}`);
  }
  out.push('');
  for (const file of result.files) {
    out.push(`  ${VERB[file.action][dryRun ? 1 : 0]} ${file.path}`);
    if (dryRun && file.action === 'update' && file.previous) out.push(...lineChanges(file.previous, file.text).map((l) => `      ${l}`));
  }
  if (result.notes.length) {
    out.push('', 'Not mapped, dropped or missing:');
    for (const note of result.notes) out.push(`  ${note.file}${note.line ? `:${note.line}` : ''}  ${note.kind}  ${note.message}`);
  }
  if (result.ambiguities.length) {
    out.push('', 'Drafted rules that cannot tell articles apart:');
    for (const a of result.ambiguities) {
      const where = a.existing ? `${a.other} (already in the knowledge base: the imported article may duplicate it)` : a.other;
      out.push(`  ${a.article} vs ${where}: "${a.message.replace(/\s+/g, ' ').slice(0, 100)}" ranks ${a.other} first`);
      out.push(`    words only in ${a.article}: ${a.onlyHere.join(', ') || '(none)'}; only in ${a.other}: ${a.onlyThere.join(', ') || '(none)'} — add them to the error messages or a rule's when`);
    }
  }
  const count = (action: PlannedFile['action']) => result.files.filter((f) => f.action === action).length;
  out.push('', `${result.articles.length} article(s) imported: ${count('create')} file(s) ${dryRun ? 'to create' : 'created'}, ${count('update')} ${dryRun ? 'to update' : 'updated'}, ${count('unchanged')} unchanged, ${count('kept-edited') + count('kept-not-imported')} kept.${dryRun ? ' Dry run: nothing was written.' : ''}`);
  return out.join('\n');
}

/** Lines removed and added between two versions (a short summary, not a full diff). */
function lineChanges(before: string, after: string, max = 12): string[] {
  const old = new Set(before.split('\n'));
  const next = new Set(after.split('\n'));
  const removed = [...old].filter((l) => !next.has(l) && !l.startsWith('# kb import:')).map((l) => `- ${l}`);
  const added = [...next].filter((l) => !old.has(l) && !l.startsWith('# kb import:')).map((l) => `+ ${l}`);
  const lines = [...removed, ...added];
  return lines.length > max ? [...lines.slice(0, max), `… ${lines.length - max} more changed lines`] : lines;
}
