import { basename, extname } from 'node:path';
import { createDiagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ArticleSpec, LoadedArticle, LoadedRule, RuleSpec } from './types.js';
import { validateAgainstSchema } from './validate.js';
import { parseYamlWithPositions } from './yaml-source.js';

export interface Parsed<T> {
  /** Present when the file has no errors. */
  value?: T;
  diagnostics: Diagnostic[];
}

/** Parses and validates one rule file. `file` is used in diagnostics and to check that the id equals the file name. */
export function parseRuleSource(file: string, text: string, options: { checkFileName?: boolean } = {}): Parsed<LoadedRule> {
  if (!text.trim()) {
    return { diagnostics: [createDiagnostic({ file, code: 'KB_E_EMPTY_FILE', message: 'the rule file is empty', hint: 'run `kb new rule <id>` to scaffold one' })] };
  }
  const parsed = parseYamlWithPositions(file, text);
  if (parsed.diagnostics.length) return { diagnostics: parsed.diagnostics };
  if (!isObject(parsed.value)) {
    return { diagnostics: [createDiagnostic({ file, code: 'KB_E_INVALID_VALUE', message: 'a rule file must be a YAML mapping (id:, title:, when: ...)', hint: 'run `kb new rule <id>` to see the expected shape' })] };
  }
  const diagnostics = validateAgainstSchema('rule', parsed.value, file, parsed.locate);
  const spec = parsed.value as unknown as RuleSpec;
  if (options.checkFileName !== false) diagnostics.push(...checkFileName(file, spec.id, '.yaml', parsed.locate));
  if (hasErrors(diagnostics)) return { diagnostics };
  return { value: { spec, file, source: parsed.source, locate: parsed.locate }, diagnostics };
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Parses and validates one article: YAML front matter, then a Markdown body. */
export function parseArticleSource(file: string, text: string, options: { checkFileName?: boolean } = {}): Parsed<LoadedArticle> {
  if (!text.trim()) {
    return { diagnostics: [createDiagnostic({ file, code: 'KB_E_EMPTY_FILE', message: 'the article file is empty', hint: 'run `kb new article <id>` to scaffold one' })] };
  }
  const match = FRONT_MATTER.exec(text);
  if (!match) {
    return {
      diagnostics: [
        createDiagnostic({
          file,
          code: 'KB_E_FRONT_MATTER',
          message: 'the article has no YAML front matter',
          hint: 'start the file with a line `---`, the fields (id, title, summary, cause, steps), then a closing `---`',
        }),
      ],
    };
  }
  const yamlText = match[1] ?? '';
  const parsed = parseYamlWithPositions(file, yamlText, 1);
  if (parsed.diagnostics.length) return { diagnostics: parsed.diagnostics };
  if (!isObject(parsed.value)) {
    return { diagnostics: [createDiagnostic({ file, line: 2, code: 'KB_E_INVALID_VALUE', message: 'the front matter must be a YAML mapping', hint: 'write fields as `key: value` lines' })] };
  }
  const diagnostics = validateAgainstSchema('article', parsed.value, file, parsed.locate);
  const spec = normalizeDates(parsed.value) as unknown as ArticleSpec;
  if (options.checkFileName !== false) diagnostics.push(...checkFileName(file, spec.id, '.md', parsed.locate));
  if (hasErrors(diagnostics)) return { diagnostics };
  return { value: { spec, body: text.slice(match[0].length), file, source: text, locate: parsed.locate }, diagnostics };
}

function checkFileName(file: string, id: unknown, expectedExt: string, locate: LoadedRule['locate']): Diagnostic[] {
  if (typeof id !== 'string') return [];
  const ext = extname(file);
  const name = basename(file, ext);
  if (name === id) return [];
  return [
    createDiagnostic({
      file,
      ...locate(['id']),
      code: 'KB_E_ID_FILENAME_MISMATCH',
      message: `id "${id}" differs from the file name "${name}${ext}"`,
      hint: `rename the file to ${id}${expectedExt}, or set \`id: ${name}\``,
    }),
  ];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** YAML may turn `updated: 2026-11-29` into a Date; keep it as the string the author wrote. */
function normalizeDates(value: Record<string, unknown>): Record<string, unknown> {
  if (value.updated instanceof Date) return { ...value, updated: value.updated.toISOString().slice(0, 10) };
  return value;
}
