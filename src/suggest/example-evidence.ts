import type { ArticleRecord, CompiledRule } from '../compile/types.js';
import { PasteFacts } from '../facts/paste-facts.js';
import { leafHolds } from '../match/leaf-tests.js';
import { SimilarityIndex } from './similarity-index.js';

/** The similarity model of a knowledge base (SimilarityIndex.of), its rules' examples read for their evidence. */
export function similarityIndexOf(articles: ReadonlyMap<string, ArticleRecord>, rules: readonly CompiledRule[]): SimilarityIndex {
  return SimilarityIndex.of(articles, rulesAsEvidence(rules));
}

/** The rules as the similarity model reads them: each specific rule's match examples cut to their evidence. */
export function rulesAsEvidence(rules: readonly CompiledRule[]): CompiledRule[] {
  // The copies carry only the fields the index reads (own fields, not the rule's derived getters).
  return rules.map((rule) => (rule.generic ? rule : { ...rule, examples: { match: evidenceExamples(rule), no_match: rule.examples.no_match } }));
}

/**
 * A rule's match examples as the similarity model should read them: of an example of several
 * lines (a log excerpt, a command and its output, a trace), only the lines on which one of the
 * rule's own tests holds. The other lines are the situation the author pictured (`$ git push
 * origin main`, `ERROR [jira-sync]`, `jane.doe@example.com`), shared by unrelated errors from the
 * same tools and people: kept, they make a git or pip error resemble an article about GitHub
 * tokens or Entra secrets. An example none of whose lines holds a test alone (a JSON body whose
 * fields are tested, a status on one line and a word on another) is kept whole.
 */
function evidenceExamples(rule: CompiledRule): string[] {
  return rule.examples.match.map((example) => evidenceLines(rule, example));
}

function evidenceLines(rule: CompiledRule, example: string): string {
  const lines = example.split('\n');
  if (lines.length === 1) return example;
  const tests = rule.leaves.filter((leaf) => !leaf.negated).map((leaf) => leaf.test);
  const kept = lines.filter((line) => {
    if (!line.trim()) return false;
    const facts = new PasteFacts(line);
    return tests.some((test) => leafHolds(test, facts));
  });
  return kept.length ? kept.join('\n') : example;
}
