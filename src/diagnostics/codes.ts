/** Every diagnostic the loader and compiler can report. docs/errors.md documents each code; a test keeps them in step. */
export const DIAGNOSTIC_CODES = {
  KB_E_READ: { severity: 'error', title: 'File cannot be read' },
  KB_E_EMPTY_FILE: { severity: 'error', title: 'File is empty' },
  KB_E_YAML_SYNTAX: { severity: 'error', title: 'YAML syntax error' },
  KB_E_YAML_INDENT: { severity: 'error', title: 'List item out of line with its list' },
  KB_E_MISPLACED_FIELD: { severity: 'error', title: 'Field indented to the wrong level' },
  KB_E_FRONT_MATTER: { severity: 'error', title: 'Article has no YAML front matter' },
  KB_E_MISSING_FIELD: { severity: 'error', title: 'Required field missing' },
  KB_E_UNKNOWN_FIELD: { severity: 'error', title: 'Unknown field' },
  KB_E_UNKNOWN_FACT: { severity: 'error', title: 'Unknown fact or operator in a condition' },
  KB_E_INVALID_VALUE: { severity: 'error', title: 'Value has the wrong type or form' },
  KB_E_NO_MATCH_EXAMPLE: { severity: 'error', title: 'Rule has no match example' },
  KB_E_ID_FILENAME_MISMATCH: { severity: 'error', title: 'Id differs from the file name' },
  KB_E_DUPLICATE_ID: { severity: 'error', title: 'Id used twice' },
  KB_E_UNKNOWN_ARTICLE: { severity: 'error', title: 'Rule points at a missing article' },
  KB_E_REGEX_INVALID: { severity: 'error', title: 'Regex not accepted by the linear-time engine' },
  KB_W_ORPHAN_ARTICLE: { severity: 'warning', title: 'No rule points at this article' },
  KB_W_UNKNOWN_RELATED: { severity: 'warning', title: 'Related article does not exist' },
  KB_W_UNKNOWN_PLACEHOLDER: { severity: 'warning', title: 'Step placeholder never captured' },
  KB_W_NO_PREFILTER: { severity: 'warning', title: 'Rule has no required literal' },
  KB_W_SCAFFOLD_TEXT: { severity: 'warning', title: 'Scaffold text left in place' },
  KB_W_NO_MATCH_UNRELATED: { severity: 'warning', title: 'no_match example shares no word with its rule' },
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
export type Severity = 'error' | 'warning';
