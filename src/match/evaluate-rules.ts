import { Engine, Fact, type RuleProperties } from 'json-rules-engine';
import { parseLeafKey } from '../compile/compile-condition.js';
import type { CompiledRule, LeafTest } from '../compile/types.js';
import type { JsonFields } from '../facts/json-fields.js';
import type { PasteFacts } from '../facts/paste-facts.js';
import type { Found, NormalizedText } from '../facts/types.js';
import { regexFinds, type RegexInput } from './native-regex.js';

/** What json-rules-engine decided for one candidate rule: matched or not, and which leaves held. */
export interface RuleEvaluation {
  rule: CompiledRule;
  matched: boolean;
  /** Leaf id → whether it held (leaves the engine did not need are absent). */
  leafResults: Map<number, boolean>;
}

export interface EvaluatedNode {
  all?: EvaluatedNode[];
  any?: EvaluatedNode[];
  not?: EvaluatedNode;
  name?: string;
  result?: boolean;
}

/**
 * Evaluates candidate rules with json-rules-engine. A fresh engine per paste holds only the
 * candidates (concurrent runs on a shared engine can skip rules), and facts are lazy: a fact no
 * candidate asks for is never computed. Regex tests go through match/native-regex.ts (native
 * RegExp when equivalent, else re2js's `test()`); positions are computed only for returned matches.
 * `checkTime` runs before every test and may throw to abandon the paste.
 */
export async function evaluateRules(candidates: readonly CompiledRule[], facts: PasteFacts, checkTime: () => void = () => {}): Promise<RuleEvaluation[]> {
  if (!candidates.length) return [];
  const byId = new Map(candidates.map((r) => [r.id, r]));
  const testOf = (key: string): LeafTest => {
    checkTime();
    const { ruleId, leafId } = parseLeafKey(key);
    return byId.get(ruleId)!.leaves[leafId]!.test;
  };
  const engine = new Engine([], { allowUndefinedFacts: true });
  addKbOperators(engine, testOf);

  for (const rule of candidates) {
    engine.addRule({ name: rule.id, conditions: rule.engineConditions, event: { type: 'match', params: { rule: rule.id } } } as RuleProperties);
  }
  const { results, failureResults } = await engine.run(engineFacts(facts));
  const evaluations: RuleEvaluation[] = [];
  for (const [list, matched] of [[results, true], [failureResults, false]] as const) {
    for (const result of list) {
      const leafResults = new Map<number, boolean>();
      collectLeafResults(result.conditions as unknown as EvaluatedNode, leafResults);
      evaluations.push({ rule: byId.get(result.name as string)!, matched, leafResults });
    }
  }
  return evaluations;
}

/**
 * Registers the operators that test one leaf each; `testOf` resolves a leaf key (`rule#leaf`) to
 * its compiled test. Exported for the benchmark's naive baseline, which must use the same tests.
 */
export function addKbOperators(engine: Engine, testOf: (key: string) => LeafTest): void {
  engine.addOperator<NormalizedText, string>('kbContains', (text, key) => {
    const test = testOf(key) as Extract<LeafTest, { fact: 'text' }>;
    return test.literals.some((literal) => literal !== '' && text.text.includes(literal));
  });
  engine.addOperator<RegexInput, string>('kbRegex', (paste, key) => regexFinds((testOf(key) as Extract<LeafTest, { fact: 'regex' }>).regex, paste));
  engine.addOperator<Set<number>, string>('kbStatus', (statuses, key) => {
    const test = testOf(key) as Extract<LeafTest, { fact: 'status' }>;
    if (test.values) return test.values.some((v) => statuses.has(v));
    for (const s of statuses) if (s >= (test.gte ?? -Infinity) && s <= (test.lte ?? Infinity)) return true;
    return false;
  });
  engine.addOperator<Set<string>, string>('kbCode', (codes, key) => (testOf(key) as Extract<LeafTest, { fact: 'code' }>).values.some((v) => codes.has(v)));
  engine.addOperator<Found<string>[], string>('kbStringTest', (found, key) => {
    const test = testOf(key) as Extract<LeafTest, { fact: 'host' | 'url' | 'product' }>;
    return found.some(({ value }) => {
      const lower = value.toLowerCase();
      if (test.op === 'regex') return regexFinds(test.regex!, value);
      if (test.op === 'contains') return test.values.some((v) => lower.includes(v));
      return test.values.includes(lower);
    });
  });
  engine.addOperator<JsonFields, string>('kbJson', (fields, key) => jsonTestHolds(testOf(key) as Extract<LeafTest, { fact: 'json' }>, fields));
}

/**
 * The paste's facts as json-rules-engine facts. PasteFacts computes each on first use and keeps
 * it, so the engine's own cache (which hashes parameters on every lookup) is switched off.
 */
export function engineFacts(facts: PasteFacts): Record<string, Fact> {
  const fact = (id: string, value: () => unknown) => new Fact(id, value, { cache: false });
  return {
    text: fact('text', () => facts.normalized),
    regex: fact('regex', (): RegexInput => facts.regexInput),
    status: fact('status', () => facts.statusSet),
    code: fact('code', () => facts.codeSet),
    host: fact('host', () => facts.hosts),
    url: fact('url', () => facts.urls),
    product: fact('product', () => facts.products),
    json: fact('json', () => facts.json),
  };
}

export function collectLeafResults(node: EvaluatedNode, into: Map<number, boolean>): void {
  if (node.all) node.all.forEach((n) => collectLeafResults(n, into));
  else if (node.any) node.any.forEach((n) => collectLeafResults(n, into));
  else if (node.not) collectLeafResults(node.not, into);
  else if (node.name !== undefined && node.result !== undefined) into.set(Number(node.name), node.result);
}

function jsonTestHolds(test: Extract<LeafTest, { fact: 'json' }>, fields: JsonFields): boolean {
  const values = fields.get(test.path);
  if (test.op === 'exists') return (values !== undefined) === test.value;
  if (!values) return false;
  return values.some((value) => {
    switch (test.op) {
      case 'equals':
        return value === test.value || String(value) === String(test.value);
      case 'in':
        return (test.value as unknown[]).some((v) => String(v) === String(value));
      case 'contains':
        return String(value).toLowerCase().includes(test.value as string);
      case 'regex':
        return regexFinds(test.regex!, String(value));
    }
  });
}
