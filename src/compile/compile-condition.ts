import type { NestedCondition, TopLevelCondition } from 'json-rules-engine';
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { normalizeLiteral } from '../facts/normalize-text.js';
import type { ConditionSpec, JsonTest, Locator, NumberTest, StringTest } from '../load/types.js';
import { phraseWeight } from './weights.js';
import { compileSafeRegex } from './safe-regex.js';
import type { CompiledCondition, Leaf, LeafTest } from './types.js';

export interface CompiledWhen {
  condition: CompiledCondition;
  leaves: Leaf[];
  engineConditions: TopLevelCondition;
  requirement: string[][];
  diagnostics: Diagnostic[];
}

/** Prefilter keys: a literal of the normalized text, an error code, a status. */
export const textKey = (literal: string) => `t:${literal}`;
export const codeKey = (code: string) => `c:${code}`;
export const statusKey = (status: number) => `s:${status}`;

/** Names one leaf of one rule inside engine conditions. */
export const leafKey = (ruleId: string, leafId: number) => `${ruleId}#${leafId}`;

/** The rule id and leaf id a `leafKey` names. */
export function parseLeafKey(key: string): { ruleId: string; leafId: number } {
  const hash = key.lastIndexOf('#');
  return { ruleId: key.slice(0, hash), leafId: Number(key.slice(hash + 1)) };
}

/** Operator name per fact, registered on the engine in match/evaluate-rules.ts. */
export const OPERATOR_FOR_FACT: Record<LeafTest['fact'], string> = {
  text: 'kbContains',
  regex: 'kbRegex',
  status: 'kbStatus',
  code: 'kbCode',
  host: 'kbStringTest',
  url: 'kbStringTest',
  product: 'kbStringTest',
  json: 'kbJson',
};

/**
 * Compiles a rule's `when` into three views of the same logic: our tree (for explanations and
 * scoring), json-rules-engine conditions (for evaluation) and required keys (for the prefilter).
 */
export function compileWhen(spec: ConditionSpec, ruleId: string, file: string, locate: Locator): CompiledWhen {
  const leaves: Leaf[] = [];
  const diagnostics: Diagnostic[] = [];

  const visit = (node: ConditionSpec, path: (string | number)[], negated: boolean): { condition: CompiledCondition; engine: NestedCondition; requirement: string[][] } => {
    if (typeof node === 'string') return leaf({ fact: 'text', literals: [normalizeLiteral(node)] }, `contains "${node}"`, path, negated);
    const [key, value] = Object.entries(node)[0] as [string, unknown];
    const here = [...path, key];
    switch (key) {
      case 'all':
      case 'any': {
        const parts = (value as ConditionSpec[]).map((child, i) => visit(child, [...here, i], negated));
        const condition: CompiledCondition = { kind: key, children: parts.map((p) => p.condition) };
        const engine = { [key]: parts.map((p) => p.engine) } as unknown as NestedCondition;
        return { condition, engine, requirement: key === 'all' ? parts.flatMap((p) => p.requirement) : anyRequirement(parts.map((p) => p.requirement)) };
      }
      case 'not': {
        const part = visit(value as ConditionSpec, here, !negated);
        return { condition: { kind: 'not', child: part.condition }, engine: { not: part.engine } as NestedCondition, requirement: [] };
      }
      case 'contains': {
        const list = Array.isArray(value) ? (value as string[]) : [value as string];
        return leaf({ fact: 'text', literals: list.map(normalizeLiteral) }, `contains ${list.map((l) => `"${l}"`).join(' or ')}`, here, negated);
      }
      case 'regex': {
        const regex = compileRegexAt(value as string, here);
        return leaf(regex ? { fact: 'regex', pattern: value as string, regex } : undefined, `matches /${value as string}/`, here, negated);
      }
      case 'status':
        return leaf(statusTest(value as NumberTest), `status ${describeNumberTest(value as NumberTest)}`, here, negated);
      case 'code': {
        const list = (Array.isArray(value) ? (value as string[]) : [value as string]).map((c) => c.toUpperCase());
        return leaf({ fact: 'code', values: list }, `error code ${list.join(' or ')}`, here, negated);
      }
      case 'host':
      case 'url':
      case 'product':
        return leaf(stringTest(key, value as StringTest, here), `${key} ${describeStringTest(value as StringTest)}`, here, negated);
      case 'json': {
        const test = value as JsonTest;
        const op = (['equals', 'in', 'contains', 'regex', 'exists'] as const).find((o) => o in test)!;
        const regex = op === 'regex' ? compileRegexAt(String(test.regex), [...here, 'regex']) : undefined;
        const broken = op === 'regex' && !regex;
        const jsonValue = op === 'contains' ? String(test.contains).toLowerCase() : test[op];
        return leaf(broken ? undefined : { fact: 'json', path: test.path, op, value: jsonValue, regex }, `JSON field ${test.path} ${op} ${JSON.stringify(test[op])}`, here, negated);
      }
      default:
        // The schema rejects unknown keys before compiling; this is a guard, not a path authors reach.
        throw new Error(`unknown condition key ${key}`);
    }
  };

  const leaf = (test: LeafTest | undefined, label: string, path: (string | number)[], negated: boolean) => {
    const id = leaves.length;
    const resolved: LeafTest = test ?? { fact: 'text', literals: [] };
    leaves.push({ id, test: resolved, label, weight: weightOf(resolved), negated, path });
    // The value is a key, not the test itself: json-rules-engine clones condition values on every run.
    const engine = { fact: resolved.fact, operator: OPERATOR_FOR_FACT[resolved.fact], value: leafKey(ruleId, id), name: String(id) } as unknown as NestedCondition;
    return { condition: { kind: 'leaf', leaf: leaves[id]! } as CompiledCondition, engine, requirement: requirementOf(resolved) };
  };

  const compileRegexAt = (pattern: string, path: (string | number)[]) => {
    const result = compileSafeRegex(pattern);
    if (result.error) diagnostics.push(createDiagnostic({ file, ...locate(path), code: 'KB_E_REGEX_INVALID', ...result.error }));
    return result.regex;
  };

  const stringTest = (fact: 'host' | 'url' | 'product', value: StringTest, path: (string | number)[]): LeafTest | undefined => {
    if (typeof value === 'string' || Array.isArray(value)) return { fact, op: 'in', values: [value].flat().map((v) => v.toLowerCase()) };
    if ('regex' in value) {
      const regex = compileRegexAt(value.regex, [...path, 'regex']);
      return regex ? { fact, op: 'regex', values: [value.regex], regex } : undefined;
    }
    if ('contains' in value) return { fact, op: 'contains', values: [value.contains].flat().map((v) => v.toLowerCase()) };
    if ('equals' in value) return { fact, op: 'in', values: [value.equals.toLowerCase()] };
    return { fact, op: 'in', values: value.in.map((v) => v.toLowerCase()) };
  };

  const root = visit(spec, ['when'], false);
  const engineConditions = ('all' in root.engine || 'any' in root.engine || 'not' in root.engine ? root.engine : { all: [root.engine] }) as TopLevelCondition;
  return { condition: root.condition, leaves, engineConditions, requirement: root.requirement, diagnostics };
}

function statusTest(value: NumberTest): LeafTest {
  if (typeof value === 'number') return { fact: 'status', values: [value] };
  if (Array.isArray(value)) return { fact: 'status', values: value };
  return { fact: 'status', gte: value.gte, lte: value.lte };
}

function describeNumberTest(value: NumberTest): string {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.join(' or ');
  return [value.gte !== undefined ? `>= ${value.gte}` : '', value.lte !== undefined ? `<= ${value.lte}` : ''].filter(Boolean).join(' and ');
}

function describeStringTest(value: StringTest): string {
  if (typeof value === 'string') return `is "${value}"`;
  if (Array.isArray(value)) return `is ${value.map((v) => `"${v}"`).join(' or ')}`;
  const [op, operand] = Object.entries(value)[0] as [string, unknown];
  return `${op} ${JSON.stringify(operand)}`;
}

/** A range of statuses is only a prefilter key when it is small enough to list. */
const MAX_STATUS_KEYS = 100;

function requirementOf(test: LeafTest): string[][] {
  switch (test.fact) {
    case 'text':
      return test.literals.length && test.literals.every(Boolean) ? [test.literals.map(textKey)] : [];
    case 'code':
      return [test.values.map(codeKey)];
    case 'status': {
      if (test.values) return [test.values.map(statusKey)];
      const from = test.gte ?? 100;
      const to = test.lte ?? 599;
      if (to - from >= MAX_STATUS_KEYS || to < from) return [];
      return [Array.from({ length: to - from + 1 }, (_, i) => statusKey(from + i))];
    }
    default:
      return [];
  }
}

/** `any` can only require what every branch requires: the union of one clause from each branch. */
function anyRequirement(branches: string[][][]): string[][] {
  if (branches.some((b) => b.length === 0)) return [];
  const clause = new Set<string>();
  for (const branch of branches) {
    const smallest = branch.reduce((a, b) => (b.length < a.length ? b : a));
    for (const key of smallest) clause.add(key);
  }
  return [[...clause]];
}

function weightOf(test: LeafTest): number {
  switch (test.fact) {
    case 'text':
      // The shortest phrase of a list; at match time the phrase actually present counts (match/evidence.ts).
      return Math.min(...test.literals.map(phraseWeight));
    case 'code':
      return 2;
    case 'regex':
      return 1.5;
    case 'status':
      return test.values && test.values.length === 1 ? 1 : 0.75;
    case 'json':
      return 1.5;
    case 'product':
      return 0.5;
    default:
      return 1.25;
  }
}

