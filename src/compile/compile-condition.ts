import type { NestedCondition, TopLevelCondition } from 'json-rules-engine';
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { normalizeLiteral } from '../facts/normalize-text.js';
import type { ConditionSpec, JsonTest, Locator, NumberTest, StringTest } from '../load/types.js';
import { phraseWeight } from './weights.js';
import { UNSHARED, type SharedParts } from './shared-parts.js';
import type { CompiledCondition, Leaf, LeafTest } from './types.js';

export interface CompiledWhen {
  condition: CompiledCondition;
  leaves: Leaf[];
  diagnostics: Diagnostic[];
}

/** Names one leaf of one rule inside engine conditions. */
export const leafKey = (ruleId: string, leafId: number) => `${ruleId}#${leafId}`;

/** The rule id and leaf id a `leafKey` names. */
export function parseLeafKey(key: string): { ruleId: string; leafId: number } {
  const hash = key.lastIndexOf('#');
  return { ruleId: key.slice(0, hash), leafId: Number(key.slice(hash + 1)) };
}

/** Operator name per fact, registered on the engine in match/evaluate-rules.ts. */
const OPERATOR_FOR_FACT: Record<LeafTest['fact'], string> = {
  text: 'kbContains',
  regex: 'kbRegex',
  status: 'kbStatus',
  code: 'kbCode',
  host: 'kbStringTest',
  url: 'kbStringTest',
  product: 'kbStringTest',
  json: 'kbJson',
};

/** What a label needs beyond the test: the author's own wording where the test lowercases it. */
type Wording = string | string[] | undefined;

/**
 * One leaf, which is also its own node in the condition tree. Its label depends on the rule alone,
 * so it is written when the rule compiles, not again for every paste the rule explains (the
 * author's wording is needed for nothing else, and is not kept); its weight is a small sum, worked
 * out when read. Equal labels are one string across rules (SharedParts.intern).
 */
class CompiledLeaf implements Leaf {
  constructor(
    readonly id: number,
    readonly test: LeafTest,
    readonly negated: boolean,
    readonly label: string,
  ) {}

  get weight(): number {
    return weightOf(this.test);
  }

  /** As a node of the tree: `{ kind: 'leaf', leaf }` without an object of its own. */
  get kind(): 'leaf' {
    return 'leaf';
  }

  get leaf(): Leaf {
    return this;
  }
}

/** A leaf's label: its test, in the author's wording where the test lower-cases it. */
function describeLeaf(test: LeafTest, wording: Wording): string {
  switch (test.fact) {
    case 'text':
      return `contains ${(typeof wording === 'string' ? [wording] : (wording ?? [])).map((l) => `"${l}"`).join(' or ')}`;
    case 'regex':
      return `matches /${test.pattern}/`;
    case 'status':
      return `status ${test.values ? test.values.join(' or ') : [test.gte !== undefined ? `>= ${test.gte}` : '', test.lte !== undefined ? `<= ${test.lte}` : ''].filter(Boolean).join(' and ')}`;
    case 'code':
      return `error code ${test.values.join(' or ')}`;
    case 'host':
    case 'url':
    case 'product':
      return `${test.fact} ${wording as string}`;
    case 'json':
      return `JSON field ${test.path} ${test.op} ${JSON.stringify(test.op === 'contains' ? wording : test.value)}`;
  }
}

/**
 * Compiles a rule's `when` into our tree (for explanations, scoring and the prefilter) and its
 * numbered leaves. json-rules-engine conditions and required keys are derived from the tree on
 * demand (`engineConditionsOf`, requirements.ts `requirementOf`): a large knowledge base does not keep them.
 * `shared` gives equal literals and codes one string across rules, and equal regexes one SafeRegex
 * (they repeat a lot).
 */
export function compileWhen(spec: ConditionSpec, file: string, locate: Locator, shared: Pick<SharedParts, 'intern' | 'regex'> = UNSHARED): CompiledWhen {
  const intern = (text: string) => shared.intern(text);
  const leaves: Leaf[] = [];
  const diagnostics: Diagnostic[] = [];

  // `path` is where the condition sits in the file, for diagnostics only.
  const visit = (node: ConditionSpec, path: readonly (string | number)[], negated: boolean): CompiledCondition => {
    if (typeof node === 'string') return leaf({ fact: 'text', literals: [intern(normalizeLiteral(node))] }, node, negated);
    const [key, value] = Object.entries(node)[0] as [string, unknown];
    const here = [...path, key];
    switch (key) {
      case 'all':
      case 'any':
        return { kind: key, children: (value as ConditionSpec[]).map((child, i) => visit(child, [...here, i], negated)) };
      case 'not':
        return { kind: 'not', child: visit(value as ConditionSpec, here, !negated) };
      case 'contains': {
        const list = Array.isArray(value) ? (value as string[]) : [value as string];
        return leaf({ fact: 'text', literals: list.map((l) => intern(normalizeLiteral(l))) }, Array.isArray(value) ? list.slice() : list[0], negated);
      }
      case 'regex': {
        const regex = compileRegexAt(value as string, here);
        return leaf(regex ? { fact: 'regex', pattern: value as string, regex } : undefined, undefined, negated);
      }
      case 'status':
        return leaf(statusTest(value as NumberTest), undefined, negated);
      case 'code': {
        const list = (Array.isArray(value) ? (value as string[]) : [value as string]).map((c) => intern(c.toUpperCase()));
        return leaf({ fact: 'code', values: list }, undefined, negated);
      }
      case 'host':
      case 'url':
      case 'product':
        return leaf(stringTest(key, value as StringTest, here), describeStringTest(value as StringTest), negated);
      case 'json': {
        const test = value as JsonTest;
        const op = (['equals', 'in', 'contains', 'regex', 'exists'] as const).find((o) => o in test)!;
        const regex = op === 'regex' ? compileRegexAt(String(test.regex), [...here, 'regex']) : undefined;
        const broken = op === 'regex' && !regex;
        const jsonValue = op === 'contains' ? String(test.contains).toLowerCase() : op === 'in' ? test.in!.slice() : test[op];
        return leaf(broken ? undefined : { fact: 'json', path: test.path, op, value: jsonValue, regex }, op === 'contains' ? test.contains : undefined, negated);
      }
      default:
        // The schema rejects unknown keys before compiling; this is a guard, not a path authors reach.
        throw new Error(`unknown condition key ${key}`);
    }
  };

  const leaf = (test: LeafTest | undefined, wording: Wording, negated: boolean): CompiledCondition => {
    const tested = test ?? { fact: 'text', literals: [] };
    const compiled = new CompiledLeaf(leaves.length, tested, negated, intern(describeLeaf(tested, wording)));
    leaves.push(compiled);
    return compiled;
  };

  const compileRegexAt = (pattern: string, path: readonly (string | number)[]) => {
    const result = shared.regex(pattern);
    if (result.error) {
      const { construct, ...error } = result.error;
      diagnostics.push(createDiagnostic({ file, ...locate(path, false, construct), code: 'KB_E_REGEX_INVALID', ...error }));
    }
    return result.regex;
  };

  const stringTest = (fact: 'host' | 'url' | 'product', value: StringTest, path: readonly (string | number)[]): LeafTest | undefined => {
    if (typeof value === 'string' || Array.isArray(value)) return { fact, op: 'in', values: [value].flat().map((v) => v.toLowerCase()) };
    if ('regex' in value) {
      const regex = compileRegexAt(value.regex, [...path, 'regex']);
      return regex ? { fact, op: 'regex', values: [value.regex], regex } : undefined;
    }
    if ('contains' in value) return { fact, op: 'contains', values: [value.contains].flat().map((v) => v.toLowerCase()) };
    if ('equals' in value) return { fact, op: 'in', values: [value.equals.toLowerCase()] };
    return { fact, op: 'in', values: value.in.map((v) => v.toLowerCase()) };
  };

  const condition = visit(spec, ['when'], false);
  // Kept for a rule's lifetime: no spare capacity (an array grown by push keeps room for 16 more).
  return { condition, leaves: leaves.slice(), diagnostics };
}

/** The rule as json-rules-engine conditions: each leaf tested by its operator, named by its id. */
export function engineConditionsOf(ruleId: string, condition: CompiledCondition): TopLevelCondition {
  const visit = (node: CompiledCondition): NestedCondition => {
    switch (node.kind) {
      case 'all':
      case 'any':
        return { [node.kind]: node.children.map(visit) } as unknown as NestedCondition;
      case 'not':
        return { not: visit(node.child) } as NestedCondition;
      case 'leaf': {
        const { id, test } = node.leaf;
        // The value is a key, not the test itself: json-rules-engine clones condition values on every run.
        return { fact: test.fact, operator: OPERATOR_FOR_FACT[test.fact], value: leafKey(ruleId, id), name: String(id) } as unknown as NestedCondition;
      }
    }
  };
  const root = visit(condition);
  return ('all' in root || 'any' in root || 'not' in root ? root : { all: [root] }) as TopLevelCondition;
}

function statusTest(value: NumberTest): LeafTest {
  if (typeof value === 'number') return { fact: 'status', values: [value] };
  if (Array.isArray(value)) return { fact: 'status', values: value.slice() };
  return { fact: 'status', gte: value.gte, lte: value.lte };
}

function describeStringTest(value: StringTest): string {
  if (typeof value === 'string') return `is "${value}"`;
  if (Array.isArray(value)) return `is ${value.map((v) => `"${v}"`).join(' or ')}`;
  const [op, operand] = Object.entries(value)[0] as [string, unknown];
  return `${op} ${JSON.stringify(operand)}`;
}

function weightOf(test: LeafTest): number {
  switch (test.fact) {
    case 'text': {
      // The shortest phrase of a list; at match time the phrase actually present counts (match/evidence.ts).
      // A loop, not Math.min(...map()): this is read for every leaf that supports a returned match.
      let lightest = Infinity;
      for (const literal of test.literals) lightest = Math.min(lightest, phraseWeight(literal));
      return lightest;
    }
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

