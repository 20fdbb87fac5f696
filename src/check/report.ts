import type { KnowledgeBase } from '../compile/knowledge-base.js';
import type { ExampleOutcome } from './run-examples.js';

const MIN_MATCH_EXAMPLES = 3;
const MIN_NO_MATCH_EXAMPLES = 2;

interface RuleReport {
  rule: string;
  file: string;
  match: { passed: number; total: number };
  no_match: { passed: number; total: number };
  /** Match examples whose top match was another rule: example name → that rule. */
  taken_by: { example: string; top: string }[];
  enough_examples: boolean;
}

export interface TestReport {
  passed: number;
  failed: number;
  rules: RuleReport[];
  coverage: { articles: number; articles_with_rules: number; rules: number; rules_with_enough_examples: number };
}

/** Per-rule results and coverage, for `kb test --report`. */
export function buildReport(kb: KnowledgeBase, outcomes: readonly ExampleOutcome[]): TestReport {
  const rules: RuleReport[] = kb.rules.map((rule) => {
    const mine = outcomes.filter((o) => o.rule === rule.id);
    const tally = (kind: 'match' | 'no_match') => ({ passed: mine.filter((o) => o.kind === kind && o.passed).length, total: mine.filter((o) => o.kind === kind).length });
    return {
      rule: rule.id,
      file: rule.file,
      match: tally('match'),
      no_match: tally('no_match'),
      taken_by: mine.filter((o) => o.kind === 'match' && !o.passed && o.top && o.top !== rule.id).map((o) => ({ example: o.name, top: o.top! })),
      enough_examples: rule.examples.match.length >= MIN_MATCH_EXAMPLES && rule.examples.no_match.length >= MIN_NO_MATCH_EXAMPLES,
    };
  });
  const withRules = new Set(kb.rules.map((r) => r.article?.id).filter(Boolean));
  return {
    passed: outcomes.filter((o) => o.passed).length,
    failed: outcomes.filter((o) => !o.passed).length,
    rules,
    coverage: {
      articles: kb.articles.length,
      articles_with_rules: kb.articles.filter((a) => withRules.has(a.id)).length,
      rules: kb.rules.length,
      rules_with_enough_examples: rules.filter((r) => r.enough_examples).length,
    },
  };
}

export function formatReport(report: TestReport): string {
  const width = Math.max(10, ...report.rules.map((r) => r.rule.length));
  const lines = report.rules.map((r) => {
    const flag = r.match.passed === r.match.total && r.no_match.passed === r.no_match.total ? 'ok  ' : 'FAIL';
    const taken = r.taken_by.length ? `  taken by: ${r.taken_by.map((t) => t.top).join(', ')}` : '';
    const few = r.enough_examples ? '' : `  (needs ≥${MIN_MATCH_EXAMPLES} match and ≥${MIN_NO_MATCH_EXAMPLES} no_match examples)`;
    return `${flag} ${r.rule.padEnd(width)}  match ${r.match.passed}/${r.match.total}  no_match ${r.no_match.passed}/${r.no_match.total}${taken}${few}`;
  });
  const c = report.coverage;
  lines.push('', `coverage: ${c.articles_with_rules}/${c.articles} articles have rules; ${c.rules_with_enough_examples}/${c.rules} rules have enough examples`);
  return lines.join('\n');
}
