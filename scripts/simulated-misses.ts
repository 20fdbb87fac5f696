/**
 * Development observations of the second stage (similar answers and "Possibly related"), for
 * scripts/fit-calibration.ts and its test. Development data only: the tuning half of the
 * real-paste corpus and the hand-written held-out and out-of-domain fixtures; the reporting half
 * is never read here.
 *
 * The second stage serves pastes no specific rule matches, and the tuning half has almost none of
 * those in-domain, so misses are simulated: each in-domain paste is looked up in a similarity
 * model built as if the rules that match it did not exist. Left out are those rules' match
 * examples and the article's error messages those rules hold for (the paste's phrasing, as far as
 * the knowledge base knows it); kept are the article's title, cause, its other messages and the
 * examples of its other rules (other phrasings of the same error), which is what a real miss, a
 * phrasing no rule knows, finds. Leaving out the examples alone keeps the phrasing in the
 * article's messages and makes misses look easier than real ones (the right article first for
 * 77% of pastes against 50%). A paste no specific rule matches is a real miss and is looked up in
 * the whole model.
 */
import type { KnowledgeBase } from '../src/compile/knowledge-base.js';
import type { ArticleRecord } from '../src/compile/types.js';
import { PasteFacts } from '../src/facts/paste-facts.js';
import { DEFAULT_CALIBRATION, type Calibration } from '../src/match/calibration.js';
import { matchPasteNow } from '../src/match/match-paste.js';
import { checkedPaste } from '../src/match/paste-input.js';
import { similarArticles } from '../src/match/similar-answer.js';
import { similarityIndexOf } from '../src/suggest/example-evidence.js';
import type { Similar } from '../src/suggest/similarity-index.js';
import { fixtureSet, realSet } from './quality-sets.js';

/** Similar articles looked at per paste, as matchPaste does. */
const LOOKED_AT = 6;

export interface Observation {
  id: string;
  /** Where the paste comes from: the tuning half or the hand-written fixtures. */
  set: 'tuning' | 'fixtures';
  /** The article it should reach; none for an unrelated error. */
  article?: string;
  /** The rule or generic answer matching gives it when the second stage is off. */
  ruleAnswer?: { article: string; generic: boolean; support: number };
  /** Specific rules left out of the similarity model for it. */
  leftOut: string[];
  /** The most similar articles, best first. */
  similar: Similar[];
}

export interface Observations {
  inDomain: Observation[];
  unrelated: Observation[];
  /** Counts for the record: tuning in-domain, tuning unrelated, held-out, out-of-domain. */
  counts: { tuningInDomain: number; tuningUnrelated: number; heldOut: number; outOfDomain: number };
}

/** No similar answers and no suggestions: each paste's rule or generic answer is seen. */
const RULES_ONLY: Calibration = { ...DEFAULT_CALIBRATION, similar_answer_min_score: Infinity, suggestion_min_score: Infinity };

/** Every development paste, looked up in the similarity model as a miss would be. */
export function developmentObservations(kb: KnowledgeBase): Observations {
  const tuning = realSet('tuning');
  const fixtures = fixtureSet();
  const leaveOut = leaveOutModels(kb);
  const observe = (id: string, text: string, set: Observation['set'], article?: string): Observation => {
    const { matches } = matchPasteNow(kb, text, { limit: 50, calibration: RULES_ONLY });
    const first = matches[0];
    const ruleAnswer = first && { article: first.article.id, generic: first.generic === true, support: first.explanation.score.evidence + first.explanation.score.context };
    // Unrelated errors are looked up as they are: no rule of theirs to leave out (a rule that holds
    // for one answers it, and no suggestion is shown).
    const leftOut = article ? matches.filter((m) => !m.generic).map((m) => m.rule.id) : [];
    const facts = PasteFacts.ofPaste(checkedPaste(text));
    return { id, set, article, ruleAnswer, leftOut, similar: similarArticles(leaveOut(leftOut), facts, LOOKED_AT) };
  };
  return {
    inDomain: [...tuning.inDomain.map((p) => observe(p.id, p.text, 'tuning', p.article)), ...fixtures.inDomain.map((p) => observe(p.id, p.text, 'fixtures', p.article))],
    unrelated: [...tuning.unrelated.map((p) => observe(p.id, p.text, 'tuning')), ...fixtures.unrelated.map((p) => observe(p.id, p.text, 'fixtures'))],
    counts: { tuningInDomain: tuning.inDomain.length, tuningUnrelated: tuning.unrelated.length, heldOut: fixtures.inDomain.length, outOfDomain: fixtures.unrelated.length },
  };
}

/** The knowledge base with a similarity model that lacks the given rules' phrasings; built once per set of rules. */
function leaveOutModels(kb: KnowledgeBase): (ruleIds: string[]) => KnowledgeBase {
  const built = new Map<string, KnowledgeBase>();
  const heldBy = new Map<string, Set<string>>();
  for (const article of kb.articles) {
    for (const message of article.error_messages ?? []) {
      const { matches } = matchPasteNow(kb, message, { limit: 50, calibration: RULES_ONLY });
      heldBy.set(message, new Set(matches.filter((m) => !m.generic).map((m) => m.rule.id)));
    }
  }
  return (ruleIds) => {
    if (!ruleIds.length) return kb;
    const key = [...ruleIds].sort().join(' ');
    let model = built.get(key);
    if (!model) {
      const left = new Set(ruleIds);
      const heldByLeft = (message: string) => [...(heldBy.get(message) ?? [])].some((r) => left.has(r));
      const articles = new Map<string, ArticleRecord>();
      for (const [id, a] of kb.articlesById) articles.set(id, { ...a, error_messages: a.error_messages?.filter((m) => !heldByLeft(m)) });
      // The rules stay (an article only they reach stays in the model), without their match examples.
      const rules = kb.rules.map((r) => (left.has(r.id) ? { ...r, examples: { match: [], no_match: r.examples.no_match } } : r));
      model = { ...kb, similarity: similarityIndexOf(articles, rules) };
      built.set(key, model);
    }
    return model;
  };
}
