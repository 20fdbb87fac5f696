import type { KnowledgeBase } from '../compile/knowledge-base.js';
import type { CompiledRule } from '../compile/types.js';
import { PasteFacts } from '../facts/paste-facts.js';
import { evaluateRules } from '../match/evaluate-rules.js';
import { matchPasteNow } from '../match/match-paste.js';
import type { LearningStore } from '../store/learning-store.js';

/** A stored paste the playground weighs a rule against. */
export interface InboxSample {
  group: string;
  count: number;
  sample: string;
  /** Some of its pastes were answered by a generic rule or by similarity (the preview then names that answer). */
  generic?: boolean;
}

/** What saving the tried rule would change, before anything is saved. */
export interface ChangePreview {
  /** Stored inbox pastes it would now answer first; `included`: they were available to check (an author's request). */
  inbox: { included: boolean; checked: number; answered: { group: string; count: number; sample: string; was: string | null }[] };
  /** Bundled examples of other rules whose first answer it would take over. */
  takes_over: { checked: number; examples: { rule: string; example: string }[] };
  /** Its own `match` examples it would not answer first, and its `no_match` examples it would match. */
  own_examples: { checked: number; failing: { kind: 'match' | 'no_match'; example: string; first: string | null }[] };
}

const MAX_LISTED = 50;

/** Whether the rule alone matches a text (cheap: no ranking, no other rule). */
function matchesAlone(rule: CompiledRule, text: string): boolean {
  try {
    return evaluateRules([rule], new PasteFacts(text, {}))[0]?.matched ?? false;
  } catch {
    return false;
  }
}

function firstAnswer(kb: KnowledgeBase, text: string): string | null {
  try {
    return matchPasteNow(kb, text, { limit: 1 }).matches[0]?.rule.id ?? null;
  } catch {
    // An example or a sample the paste limits refuse answers nothing, before and after.
    return null;
  }
}

/**
 * Runs the tried rule, inside `trialKb` (the served rules with it in place of its saved
 * version), over every stored inbox paste and every bundled example, and reports what would
 * change. A text the rule does not match on its own cannot change: only the others are ranked.
 */
export function previewChange(kb: KnowledgeBase, trialKb: KnowledgeBase, trial: CompiledRule, inbox: readonly InboxSample[] | undefined): ChangePreview {
  const answered: ChangePreview['inbox']['answered'] = [];
  for (const item of inbox ?? []) {
    if (!matchesAlone(trial, item.sample) || firstAnswer(trialKb, item.sample) !== trial.id) continue;
    answered.push({ group: item.group, count: item.count, sample: item.sample, was: item.generic ? firstAnswer(kb, item.sample) : null });
  }
  const others = kb.rules.filter((r) => r.id !== trial.id);
  const takenOver: ChangePreview['takes_over']['examples'] = [];
  let checked = 0;
  for (const rule of others) {
    for (const example of rule.examples.match) {
      checked++;
      if (!matchesAlone(trial, example)) continue;
      if (firstAnswer(kb, example) === rule.id && firstAnswer(trialKb, example) === trial.id) takenOver.push({ rule: rule.id, example });
    }
  }
  const failing: ChangePreview['own_examples']['failing'] = [];
  for (const example of trial.examples.match) {
    const first = firstAnswer(trialKb, example);
    if (first !== trial.id) failing.push({ kind: 'match', example, first });
  }
  for (const example of trial.examples.no_match) if (matchesAlone(trial, example)) failing.push({ kind: 'no_match', example, first: firstAnswer(trialKb, example) });
  return {
    inbox: { included: inbox !== undefined, checked: inbox?.length ?? 0, answered: answered.sort((a, b) => b.count - a.count).slice(0, MAX_LISTED) },
    takes_over: { checked, examples: takenOver.slice(0, MAX_LISTED) },
    own_examples: { checked: trial.examples.match.length + trial.examples.no_match.length, failing },
  };
}

/** Every stored inbox group, for the playground's preview (undefined without a store: nothing to check). */
export async function storedInboxSamples(store: LearningStore | undefined): Promise<InboxSample[] | undefined> {
  if (!store) return undefined;
  return (await store.listInbox({ limit: 1000 })).map((g) => ({ group: g.id, count: g.count, sample: g.sample, ...(g.generic + g.similar > 0 ? { generic: true } : {}) }));
}
