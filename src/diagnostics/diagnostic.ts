import { DIAGNOSTIC_CODES, type DiagnosticCode, type Severity } from './codes.js';

/** One problem in one file, with the position an editor can jump to. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  /** Length of the offending source text, for the caret underline. */
  length: number;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  hint?: string;
}

export interface DiagnosticInput {
  file: string;
  line?: number;
  column?: number;
  length?: number;
  code: DiagnosticCode;
  message: string;
  hint?: string;
}

/** Builds a diagnostic whose severity comes from the code catalogue. */
export function createDiagnostic(input: DiagnosticInput): Diagnostic {
  const diagnostic: Diagnostic = {
    file: input.file,
    line: input.line ?? 1,
    column: input.column ?? 1,
    length: Math.max(1, input.length ?? 1),
    severity: DIAGNOSTIC_CODES[input.code].severity,
    code: input.code,
    message: input.message,
  };
  if (input.hint) diagnostic.hint = input.hint;
  return diagnostic;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable order: by file, then position. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}
