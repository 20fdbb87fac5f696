import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { misplacedFieldDiagnostic } from './misplaced-field.js';
import type { Locator } from './types.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const SCHEMA_DIR = new URL('../../schemas/', import.meta.url);

function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, SCHEMA_DIR), 'utf8')) as Record<string, unknown>;
}

type Validators = { rule: ValidateFunction; article: ValidateFunction };

let quick: Validators | undefined;
let detailed: Validators | undefined;

function compileValidators(options: { allErrors: boolean; verbose: boolean }): Validators {
  const ajv = new Ajv({ ...options, strict: false });
  addFormats(ajv);
  const article = readSchema('article.schema.json');
  const rule = readSchema('rule.schema.json');
  ajv.addSchema(article);
  ajv.addSchema(rule);
  return { rule: ajv.getSchema(rule.$id as string)!, article: ajv.getSchema(article.$id as string)! };
}

/** The keys a condition object may have, for "did you mean" hints. */
const CONDITION_KEYS = ['all', 'any', 'not', 'contains', 'regex', 'status', 'code', 'host', 'url', 'product', 'json'];

/**
 * Validates a parsed rule or article against its schema; every violation becomes a positioned
 * diagnostic. Every file goes through a validator that stops at the first problem; one that
 * fails is validated again by one that collects every error with its data, compiled when first
 * needed. Whether a file is valid does not depend on which one answers.
 */
export function validateAgainstSchema(kind: 'rule' | 'article', value: unknown, file: string, locate: Locator): Diagnostic[] {
  quick ??= compileValidators({ allErrors: false, verbose: false });
  if (quick[kind](value)) return [];
  detailed ??= compileValidators({ allErrors: true, verbose: true });
  const validate = detailed[kind];
  if (validate(value)) return [];
  const diagnostics = simplifyErrors(validate.errors ?? []).map((error) => toDiagnostic(kind, error, file, locate, value));
  // A field indented into a condition also makes that condition hold two keys: one cause, one message.
  const misplaced = diagnostics.filter((d) => d.code === 'KB_E_MISPLACED_FIELD');
  const explained = (d: Diagnostic) =>
    d.code === 'KB_E_INVALID_VALUE' && d.message.endsWith('must have exactly one key') && misplaced.some((m) => m.column === d.column && m.line > d.line);
  return diagnostics.filter((d) => !explained(d));
}

function pathOf(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function displayPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '') || '(top level)';
}

const VAGUE = new Set(['type', 'anyOf', 'oneOf', 'if', 'minLength', 'pattern']);

/**
 * An `anyOf` in the schema reports a failure for every branch. Keep the precise errors
 * (unknown key, missing field) and drop the vague ones they explain.
 */
function simplifyErrors(all: ErrorObject[]): ErrorObject[] {
  // `required` inside an anyOf branch (a rule needs `article` or `steps`) is said once by the anyOf itself.
  const errors = all.filter((e) => !(e.keyword === 'required' && e.schemaPath.startsWith('#/anyOf/')));
  const precise = errors.filter((e) => !VAGUE.has(e.keyword));
  const explained = (e: ErrorObject) =>
    precise.some((p) => p.instancePath === e.instancePath || p.instancePath.startsWith(`${e.instancePath}/`)) ||
    errors.some((p) => p.instancePath.startsWith(`${e.instancePath}/`));
  const kept: ErrorObject[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (VAGUE.has(error.keyword) && explained(error)) continue;
    if (error.keyword === 'type' || error.keyword === 'anyOf') {
      // One message per place for a value of the wrong shape.
      const key = `shape:${error.instancePath}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const anyOf = errors.find((e) => e.keyword === 'anyOf' && e.instancePath === error.instancePath);
      kept.push(anyOf ?? error);
      continue;
    }
    const key = `${error.keyword}:${error.instancePath}:${JSON.stringify(error.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(error);
  }
  return kept;
}

function isInsideCondition(path: readonly (string | number)[]): boolean {
  return path[0] === 'when';
}

/** What one schema error is about. */
interface SchemaProblem {
  kind: 'rule' | 'article';
  /** The whole parsed file, and where it is, for diagnostics that look beyond the error (a misplaced field). */
  value: unknown;
  file: string;
  locate: Locator;
  error: ErrorObject;
  path: (string | number)[];
  /** The path as the author reads it. */
  where: string;
}

/** A diagnostic, pointed at a path of the file (at its key when `key`). */
interface Finding {
  at: (string | number)[];
  key?: boolean;
  code: DiagnosticCode;
  message: string;
  hint?: string;
}

function toDiagnostic(kind: 'rule' | 'article', error: ErrorObject, file: string, locate: Locator, value: unknown): Diagnostic {
  const path = pathOf(error.instancePath);
  const problem: SchemaProblem = { kind, value, file, locate, error, path, where: displayPath(path) };
  if (error.keyword === 'additionalProperties') {
    const misplaced = misplacedFieldDiagnostic(kind, value, path, String((error.params as { additionalProperty: string }).additionalProperty), file, locate);
    if (misplaced) return misplaced;
  }
  const finding = BY_KEYWORD[error.keyword]?.(problem) ?? otherProblem(problem);
  return createDiagnostic({ file, ...locate(finding.at, finding.key), code: finding.code, message: finding.message, hint: finding.hint });
}

/** The errors authors make most, each in its own words; any other keyword gets `otherProblem`. */
const BY_KEYWORD: Record<string, (problem: SchemaProblem) => Finding | undefined> = {
  additionalProperties: unknownProperty,
  required: missingProperty,
  minItems: ({ kind, path }) =>
    kind === 'rule' && path[0] === 'examples' && path[1] === 'match'
      ? { at: path, code: 'KB_E_NO_MATCH_EXAMPLE', message: 'the rule has no `match` example', hint: 'list at least one error text under `examples.match`' }
      : undefined,
  maxProperties: conditionKeyCount,
  minProperties: conditionKeyCount,
  anyOf: ({ kind, path, where }) =>
    path.length === 0 && kind === 'rule'
      ? { at: [], code: 'KB_E_MISSING_FIELD', message: 'the rule has neither `article` nor inline `steps`', hint: 'add `article: <article id>` (or `steps:` for a rule that answers by itself)' }
      : { at: path, code: 'KB_E_INVALID_VALUE', message: `${where} has the wrong form`, hint: shapeHint(path) },
  pattern: ({ error, path, where }) => ({
    at: path,
    code: 'KB_E_INVALID_VALUE',
    message: `${where} must match ${(error.params as { pattern: string }).pattern}`,
    hint: path[path.length - 1] === 'url' ? 'use an absolute http(s) URL' : 'ids use lower-case letters, digits and single hyphens (okta-api-token-invalid)',
  }),
  format: ({ error, path, where }) => {
    const { format } = error.params as { format: string };
    return { at: path, code: 'KB_E_INVALID_VALUE', message: `${where} must be a valid ${format}`, hint: format === 'date' ? 'write dates as YYYY-MM-DD' : undefined };
  },
};

function unknownProperty({ kind, error, path, where }: SchemaProblem): Finding {
  const name = String((error.params as { additionalProperty: string }).additionalProperty);
  const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  if (kind === 'rule' && isInsideCondition(path) && allowed.includes('contains') && allowed.includes('all')) {
    return { at: [...path, name], key: true, code: 'KB_E_UNKNOWN_FACT', message: `unknown fact "${name}"`, hint: didYouMean(name, CONDITION_KEYS) ?? `a condition is one of: ${CONDITION_KEYS.join(', ')}` };
  }
  return {
    at: [...path, name],
    key: true,
    code: 'KB_E_UNKNOWN_FIELD',
    message: `unknown field "${name}" in ${where === '(top level)' ? `the ${kind}` : where}`,
    hint: didYouMean(name, allowed) ?? `allowed fields: ${allowed.join(', ')}`,
  };
}

function missingProperty({ kind, error, path, where }: SchemaProblem): Finding {
  const missing = String((error.params as { missingProperty: string }).missingProperty);
  if (kind === 'rule' && (missing === 'examples' || (missing === 'match' && path[0] === 'examples'))) {
    return { at: path, code: 'KB_E_NO_MATCH_EXAMPLE', message: 'the rule has no `match` example', hint: 'add `examples: { match: ["<an error text this rule must recognise>"] }`' };
  }
  return { at: path, code: 'KB_E_MISSING_FIELD', message: `${where === '(top level)' ? `the ${kind}` : where} is missing the required field "${missing}"`, hint: `add \`${missing}:\`` };
}

function conditionKeyCount({ path, where }: SchemaProblem): Finding | undefined {
  if (!isInsideCondition(path)) return undefined;
  return {
    at: path,
    code: 'KB_E_INVALID_VALUE',
    message: `a condition at ${where} must have exactly one key`,
    hint: 'combine several tests with `all:` (every one holds) or `any:` (one holds), one test per list item',
  };
}

function otherProblem({ kind, error, path, where }: SchemaProblem): Finding {
  const typeHint = error.keyword === 'type' ? (shapeHint(path) ?? `write ${where} as a ${String((error.params as { type: string }).type)}`) : undefined;
  return { at: path, code: 'KB_E_INVALID_VALUE', message: `${where} ${error.message ?? 'is invalid'}`, hint: typeHint ?? `see schemas/${kind}.schema.json for what ${where} accepts` };
}

function shapeHint(path: readonly (string | number)[]): string | undefined {
  const last = path[path.length - 1];
  if (last === 'status') return 'write `status: 403`, `status: [401, 403]` or `status: { gte: 500, lte: 599 }`';
  if (last === 'code') return 'write `code: AADSTS50011` or `code: [E0000011, E0000006]`';
  if (last === 'host' || last === 'url' || last === 'product') return 'give a value, a list, or one of `equals`, `in`, `contains`, `regex`';
  if (path[0] === 'when') return 'a condition is a string, or an object with one key: all, any, not, contains, regex, status, code, host, url, product, json';
  if (path.includes('steps')) return 'a step is a string, or an object with `text` and optional note, warning, expect, substeps';
  return undefined;
}
