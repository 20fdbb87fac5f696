import { Engine, Fact, Rule, type RuleProperties } from 'json-rules-engine';
import type { KnowledgeBase } from '../compile/knowledge-base.js';
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
 *
 * Given the knowledge base the candidates come from, the engine's Rule objects are built once per
 * rule and reused (see EngineRules); without it (a rule tried on its own) they are built for this run.
 */
export async function evaluateRules(
  candidates: readonly CompiledRule[],
  facts: PasteFacts,
  checkTime: () => void = () => {},
  kb?: KnowledgeBase,
): Promise<RuleEvaluation[]> {
  if (!candidates.length) return [];
  const rules = kb ? engineRulesOf(kb) : new EngineRules(new Map(candidates.map((r) => [r.id, r])));
  const engine = rules.engineFor(candidates);
  const { results, failureResults } = await engine.run(engineFacts(facts, checkTime));
  const evaluations: RuleEvaluation[] = [];
  for (const [list, matched] of [[results, true], [failureResults, false]] as const) {
    for (const result of list) {
      const leafResults = new Map<number, boolean>();
      collectLeafResults(result.conditions as unknown as EvaluatedNode, leafResults);
      evaluations.push({ rule: rules.rule(result.name as string), matched, leafResults });
    }
  }
  return evaluations;
}

/** Rule objects kept per knowledge base at most; the least recently evaluated go first. */
const MAX_CACHED_RULES = 4096;

/**
 * json-rules-engine Rule objects for the rules of one knowledge base. Building a Rule parses its
 * conditions into Condition objects, a fifth of the engine's cost per paste, so each is built when
 * its rule first becomes a candidate and then reused. Sharing is safe: a Rule keeps no state of a
 * run (each run works on a copy of its conditions), and the only thing it takes from the engine it
 * was last added to is the operators, which are the same for every engine built here.
 */
class EngineRules {
  readonly #byId: ReadonlyMap<string, CompiledRule>;
  readonly #built = new Map<CompiledRule, Rule>();
  readonly #testOf: (key: string) => LeafTest;

  constructor(byId: ReadonlyMap<string, CompiledRule>) {
    this.#byId = byId;
    this.#testOf = (key) => {
      const { ruleId, leafId } = parseLeafKey(key);
      return this.#byId.get(ruleId)!.leaves[leafId]!.test;
    };
  }

  rule(id: string): CompiledRule {
    return this.#byId.get(id)!;
  }

  engineFor(candidates: readonly CompiledRule[]): Engine {
    const engine = new Engine([], { allowUndefinedFacts: true });
    addKbOperators(engine, this.#testOf);
    for (const rule of candidates) engine.addRule(this.#ruleOf(rule));
    return engine;
  }

  #ruleOf(compiled: CompiledRule): Rule {
    let rule = this.#built.get(compiled);
    if (rule) {
      this.#built.delete(compiled);
    } else {
      rule = new Rule({ name: compiled.id, conditions: compiled.engineConditions, event: { type: 'match' } } as RuleProperties);
      if (this.#built.size >= MAX_CACHED_RULES) this.#built.delete(this.#built.keys().next().value!);
    }
    this.#built.set(compiled, rule);
    return rule;
  }
}

const engineRules = new WeakMap<KnowledgeBase, EngineRules>();

function engineRulesOf(kb: KnowledgeBase): EngineRules {
  let rules = engineRules.get(kb);
  if (!rules) engineRules.set(kb, (rules = new EngineRules(kb.rulesById)));
  return rules;
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
