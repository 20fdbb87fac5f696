import { Engine, Fact, type RuleProperties } from 'json-rules-engine';
import { parseLeafKey } from '../compile/compile-condition.js';
import type { CompiledRule, LeafTest } from '../compile/types.js';
import type { PasteFacts } from '../facts/paste-facts.js';
import type { RuleEvaluation } from './evaluate-rules.js';
import { codeHolds, jsonHolds, regexHolds, statusHolds, stringHolds, textHolds } from './leaf-tests.js';

/**
 * Candidate rules evaluated by json-rules-engine, from the conditions each compiled rule derives
 * for it (`engineConditions`). The matcher evaluates our compiled trees directly (evaluate-rules.ts:
 * json-rules-engine's fixed cost per rule, ≈ 60 µs, was most of a request); this is the reference
 * it is tested against, and the evaluator of the benchmark's naive baseline. Same leaf tests
 * (leaf-tests.ts), so the two can differ only in how they combine leaves.
 */
export async function evaluateRulesWithEngine(candidates: readonly CompiledRule[], facts: PasteFacts, checkTime: () => void = () => {}): Promise<RuleEvaluation[]> {
  if (!candidates.length) return [];
  const byId = new Map(candidates.map((rule) => [rule.id, rule]));
  const engine = new Engine([], { allowUndefinedFacts: true });
  addKbOperators(engine, (key) => {
    const { ruleId, leafId } = parseLeafKey(key);
    return byId.get(ruleId)!.leaves[leafId]!.test;
  });
  for (const rule of candidates) engine.addRule({ name: rule.id, conditions: rule.engineConditions, event: { type: 'match' } } as RuleProperties);
  const { results, failureResults } = await engine.run(engineFacts(facts, checkTime));
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

interface EvaluatedNode {
  all?: EvaluatedNode[];
  any?: EvaluatedNode[];
  not?: EvaluatedNode;
  name?: string;
  result?: boolean;
}

/** Registers the operators that test one leaf each; `testOf` resolves a leaf key (`rule#leaf`) to its compiled test. */
export function addKbOperators(engine: Engine, testOf: (key: string) => LeafTest): void {
  const operator = <F extends LeafTest['fact'], V>(name: string, holds: (test: Extract<LeafTest, { fact: F }>, value: V) => boolean) =>
    engine.addOperator<V, string>(name, (value, key) => holds(testOf(key) as Extract<LeafTest, { fact: F }>, value));
  operator('kbContains', textHolds);
  operator('kbRegex', regexHolds);
  operator('kbStatus', statusHolds);
  operator('kbCode', codeHolds);
  operator('kbStringTest', stringHolds);
  operator('kbJson', jsonHolds);
}

/**
 * The paste's facts as json-rules-engine facts. PasteFacts computes each on first use and keeps
 * it, so the engine's own cache (which hashes parameters on every lookup) is switched off; the
 * engine then asks for the fact before every test, which is where `checkTime` runs.
 */
export function engineFacts(facts: PasteFacts, checkTime: () => void = () => {}): Record<string, Fact> {
  const fact = (id: string, value: () => unknown) =>
    new Fact(
      id,
      () => {
        checkTime();
        return value();
      },
      { cache: false },
    );
  return {
    text: fact('text', () => facts.normalized),
    regex: fact('regex', () => facts.regexInput),
    status: fact('status', () => facts.statusSet),
    code: fact('code', () => facts.codeSet),
    host: fact('host', () => facts.hosts),
    url: fact('url', () => facts.urls),
    product: fact('product', () => facts.products),
    json: fact('json', () => facts.json),
  };
}

function collectLeafResults(node: EvaluatedNode, into: Map<number, boolean>): void {
  if (node.all) node.all.forEach((n) => collectLeafResults(n, into));
  else if (node.any) node.any.forEach((n) => collectLeafResults(n, into));
  else if (node.not) collectLeafResults(node.not, into);
  else if (node.name !== undefined && node.result !== undefined) into.set(Number(node.name), node.result);
}
