import { compileKnowledgeBase } from '../../src/compile/compile-knowledge-base.js';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import { parseArticleSource, parseRuleSource } from '../../src/load/parse-files.js';
import type { LoadedFiles } from '../../src/load/read-knowledge-base.js';

/** Compiles a knowledge base from rule sources held in memory (path → YAML); fails the test on any error. */
export function knowledgeBaseOf(rules: Record<string, string>, articles: Record<string, string> = {}): KnowledgeBase {
  const files: LoadedFiles = { root: '/in-memory', rules: [], articles: [], diagnostics: [], sources: new Map() };
  for (const [file, text] of Object.entries(rules)) {
    const parsed = parseRuleSource(file, text);
    files.diagnostics.push(...parsed.diagnostics);
    if (parsed.value) files.rules.push(parsed.value);
    files.sources.set(file, text);
  }
  for (const [file, text] of Object.entries(articles)) {
    const parsed = parseArticleSource(file, text);
    files.diagnostics.push(...parsed.diagnostics);
    if (parsed.value) files.articles.push(parsed.value);
    files.sources.set(file, text);
  }
  const { kb, diagnostics } = compileKnowledgeBase(files);
  if (!kb) throw new Error(`test knowledge base does not compile:\n${JSON.stringify(diagnostics, null, 2)}`);
  return kb;
}

/** A knowledge base of one rule per condition (generated ones, from condition-arbitraries): rule `r<i>` holds when all of condition i does. */
export function knowledgeBaseOfConditions(conditions: readonly string[]): KnowledgeBase {
  return knowledgeBaseOf(Object.fromEntries(conditions.map((when, i) => [`rules/x/r${i}.yaml`, ruleSource(`r${i}`, `all: [${when}]`)])));
}

/** A rule with inline cause and steps: `when` is YAML indented by four spaces under `when:`. */
export function ruleSource(id: string, when: string, extra = ''): string {
  return [
    `id: ${id}`,
    `title: Test rule ${id}`,
    'cause: a test cause',
    'steps:',
    '  - do the thing',
    'when:',
    when.replace(/^/gm, '  '),
    extra,
    'examples:',
    '  match:',
    '    - "placeholder"',
    '',
  ].join('\n');
}

/** Every match and no_match example of every bundled rule: the pastes the agreement tests start from. */
export async function bundledExamples(): Promise<string[]> {
  const { kb } = await loadKnowledgeBase(BUNDLED_KB_DIR);
  if (!kb) throw new Error('the bundled knowledge base does not load');
  return kb.rules.flatMap((r) => [...r.examples.match, ...r.examples.no_match]);
}
