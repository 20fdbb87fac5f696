import type { KnowledgeBase } from '../compile/knowledge-base.js';
import type { CompiledRule } from '../compile/types.js';
import { matchPaste } from '../match/match-paste.js';
import { conditionVerdicts } from './condition-verdicts.js';

export interface ExampleOutcome {
  rule: string;
  file: string;
  kind: 'match' | 'no_match';
  index: number;
  /** Name of the example as a test: `rule-id › match #2`. */
  name: string;
  text: string;
  passed: boolean;
  /** Top match id (or none), for failures. */
  top?: string;
  /** Position of this example in the rule file. */
  line: number;
  column: number;
  message?: string;
}

/** Every example of every rule, run through the real matcher over the whole knowledge base. */
export async function runExamples(kb: KnowledgeBase, filter?: (rule: CompiledRule) => boolean): Promise<ExampleOutcome[]> {
  const outcomes: ExampleOutcome[] = [];
  for (const rule of kb.rules) {
    if (filter && !filter(rule)) continue;
    outcomes.push(...(await runRuleExamples(kb, rule)));
  }
  return outcomes;
}

export async function runRuleExamples(kb: KnowledgeBase, rule: CompiledRule): Promise<ExampleOutcome[]> {
  const outcomes: ExampleOutcome[] = [];
  const lines = exampleLines(rule.source);
  for (const kind of ['match', 'no_match'] as const) {
    const examples = rule.examples[kind];
    for (let index = 0; index < examples.length; index++) {
      const text = examples[index]!;
      const position = lines[kind][index] ?? { line: 1, column: 1 };
      const base = { rule: rule.id, file: rule.file, kind, index, name: `${rule.id} › ${kind} #${index + 1}`, text, ...position };
      let ids: string[];
      try {
        // Rules' answers only: a similar answer to one of the rule's own examples (a passage of the
        // similarity model) would pass it whatever the rule's conditions say.
        ids = (await matchPaste(kb, text, { limit: 50 })).matches.filter((m) => m.basis === 'rule').map((m) => m.rule.id);
      } catch (error) {
        outcomes.push({ ...base, passed: false, message: (error as Error).message });
        continue;
      }
      const top = ids[0];
      if (kind === 'match') {
        const passed = top === rule.id;
        const matched = ids.includes(rule.id);
        const why = passed || matched ? '' : await whyNot(rule, text);
        outcomes.push({
          ...base,
          passed,
          top,
          message: passed ? undefined : top ? `expected "${rule.id}" first, but "${top}" ranked first${matched ? ` ("${rule.id}" was #${ids.indexOf(rule.id) + 1})` : ` and "${rule.id}" did not match${why}`}` : `expected "${rule.id}" to match, but no rule matched${why}`,
        });
      } else {
        const passed = !ids.includes(rule.id);
        outcomes.push({ ...base, passed, top, message: passed ? undefined : `expected "${rule.id}" not to match, but it did (rank #${ids.indexOf(rule.id) + 1})` });
      }
    }
  }
  return outcomes;
}

/** Which of the rule's conditions did not hold, from json-rules-engine's results: `; did not hold: …`. */
async function whyNot(rule: CompiledRule, text: string): Promise<string> {
  const { against } = await conditionVerdicts(rule, text);
  return against.length ? `; did not hold: ${against.join('; ')}` : '';
}

/** Finds the line of each example item in the rule source (list items under `match:` / `no_match:`). */
function exampleLines(source: string): Record<'match' | 'no_match', { line: number; column: number }[]> {
  const result: Record<'match' | 'no_match', { line: number; column: number }[]> = { match: [], no_match: [] };
  const lines = source.split(/\r?\n/);
  let section: 'match' | 'no_match' | undefined;
  let sectionIndent = -1;
  let itemIndent = -1;
  lines.forEach((text, i) => {
    const m = /^(\s*)(match|no_match):\s*$/.exec(text);
    if (m) {
      section = m[2] as 'match' | 'no_match';
      sectionIndent = m[1]!.length;
      itemIndent = -1;
      return;
    }
    if (!section || !text.trim()) return;
    const indent = text.length - text.trimStart().length;
    if (indent <= sectionIndent && !text.trimStart().startsWith('-')) {
      section = undefined;
      return;
    }
    if (text.trimStart().startsWith('- ') || text.trim() === '-') {
      if (itemIndent === -1) itemIndent = indent;
      if (indent === itemIndent) result[section].push({ line: i + 1, column: indent + 1 });
    }
  });
  return result;
}
