import type { CompiledRule } from '../compile/types.js';
import type { Match } from '../match/types.js';

export { fillPlaceholders, renderSteps } from '../compile/rule-answer.js';

/**
 * A rule's answer as a match shows it: its article (or its inline cause and steps) with placeholders
 * filled from the paste's captures. With no captures it is the same frozen object for every paste,
 * compiled with the rule (`rule.answer.unfilled`); steps a capture does not change are shared, frozen, too.
 */
export function renderArticle(rule: CompiledRule, captures: Readonly<Record<string, string>>): Match['article'] {
  return rule.answer.render(captures);
}
