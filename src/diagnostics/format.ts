import type { Diagnostic } from './diagnostic.js';

/** Renders a diagnostic as `file:line:col  severity  message  CODE`, a code frame with a caret, and the hint. */
export function formatDiagnostic(diagnostic: Diagnostic, source?: string): string {
  const head = `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}  ${diagnostic.severity}  ${diagnostic.message}  ${diagnostic.code}`;
  const lines = [head];
  const sourceLine = source?.split(/\r?\n/)[diagnostic.line - 1];
  if (sourceLine !== undefined) {
    const gutter = String(diagnostic.line).padStart(4);
    const caretWidth = Math.max(1, Math.min(diagnostic.length, sourceLine.length - diagnostic.column + 1));
    lines.push(`${gutter} | ${sourceLine}`);
    lines.push(`${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, diagnostic.column - 1))}${'^'.repeat(caretWidth)}`);
  }
  if (diagnostic.hint) lines.push(`  hint: ${diagnostic.hint}`);
  return lines.join('\n');
}

/** Text report for a whole run: every diagnostic, then a one-line count. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const body = diagnostics.map((d) => formatDiagnostic(d, sources.get(d.file))).join('\n\n');
  const summary = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  return body ? `${body}\n\n${summary}\n` : `${summary}\n`;
}
