import { stringify } from 'yaml';
import type { Condition, DraftedRule } from './draft-rules.js';
import type { MappedArticle } from './types.js';

const YAML_OPTIONS = { lineWidth: 0, blockQuote: 'literal' } as const;

/** The article file: front matter in the order of docs/authoring.md, then the body. */
export function renderArticle(article: MappedArticle): string {
  const front = stringify(article.spec, YAML_OPTIONS);
  const body = article.body ? `\n${article.body.trim()}\n` : '';
  return `---\n# yaml-language-server: $schema=../schemas/article.schema.json\n${front}---\n${body}`;
}

/** The `when` of a drafted rule: one message's condition, or any of them, minus the look-alikes' phrases. */
function whenOf(rule: DraftedRule): Condition {
  const matches: Condition = rule.branches.length === 1 ? rule.branches[0]! : { any: rule.branches };
  if (!rule.not.length) return matches;
  return { all: [matches, ...rule.not.map((phrase): Condition => ({ not: phrase }))] };
}

export function renderRule(rule: DraftedRule): string {
  const spec = {
    id: rule.id,
    title: rule.title,
    article: rule.article,
    priority: rule.priority,
    ...(rule.generic ? { generic: true } : {}),
    ...(rule.products.length ? { context: { products: rule.products } } : {}),
    when: whenOf(rule),
    examples: { match: rule.match, ...(rule.noMatch.length ? { no_match: rule.noMatch } : {}) },
  };
  const header = [
    '# yaml-language-server: $schema=../../schemas/rule.schema.json',
    '# Drafted by `kb import` from the article\'s error messages: check the phrases, add match',
    '# examples the way people paste them, then run `kb lint` and `kb test`.',
  ];
  return `${header.join('\n')}\n${stringify(spec, YAML_OPTIONS)}`;
}
