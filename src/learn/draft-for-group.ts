import type { KnowledgeBase } from '../compile/knowledge-base.js';
import type { InboxGroup } from '../store/learning-store.js';
import { suggestArticles } from '../suggest/suggestion-index.js';
import { distinctiveWords, type DistinctiveWords } from './distinctive-words.js';
import { draftRule, ruleIdFor } from './draft-rule.js';
import { articleTemplate } from './scaffold-templates.js';

export interface GroupDraft {
  ruleId: string;
  articleId: string;
  /** The article exists in the knowledge base; else `article` is a new one to write. */
  articleExists: boolean;
  /** Articles the sample may be about. */
  related: string[];
  words: DistinctiveWords;
  /** The rule's YAML. */
  rule: string;
  /** A new article's file to start from, when `articleExists` is false. */
  article?: string;
}

/**
 * The draft of a rule for an inbox group, as `kb inbox draft` writes it and the authors' page
 * opens it in the playground: its `when` from the words most distinctive of the group against
 * the other stored pastes (`stored`), the articles and the rule examples.
 */
export function draftForGroup(kb: KnowledgeBase, group: InboxGroup, stored: readonly InboxGroup[], options: { ruleId?: string; articleId?: string } = {}): GroupDraft {
  let ruleId = options.ruleId ?? ruleIdFor(group);
  if (!options.ruleId && kb.rulesById.has(ruleId)) ruleId = `${ruleId}-${group.id.slice(0, 6)}`;
  const articleId = options.articleId ?? ruleId;
  const related = suggestArticles(kb, group.sample, { limit: 3 }).map((s) => s.article.id);
  const existing = kb.articlesById.get(articleId);
  const placeholders = existing ? [...new Set([...JSON.stringify([existing.cause, existing.steps]).matchAll(/\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g)].map((m) => m[1]!))] : [];
  // What the drafted rule should not also catch: every other stored paste, article and rule example.
  const others = [
    ...stored.filter((g) => g.id !== group.id).map((g) => g.sample),
    ...kb.articles.map((a) => [a.title, a.summary, a.cause, ...(a.error_messages ?? [])].join('\n')),
    ...kb.rules.flatMap((r) => r.examples.match),
  ];
  const words = distinctiveWords(group.sample, others);
  const rule = draftRule(group, { ruleId, articleId, related, placeholders, others });
  return { ruleId, articleId, articleExists: existing !== undefined, related, words, rule, ...(existing ? {} : { article: articleTemplate(articleId) }) };
}
