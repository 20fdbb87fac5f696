import type { KnowledgeBase } from '../compile/knowledge-base.js';
import { PrefilterIndex } from '../compile/prefilter-index.js';
import type { CompiledRule } from '../compile/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { PasteFacts } from '../facts/paste-facts.js';
import type { FactsSummary } from '../facts/paste-facts.js';
import { evaluateRules } from '../match/evaluate-rules.js';
import { matchPaste } from '../match/match-paste.js';
import { checkPaste } from '../match/paste-input.js';
import type { Match } from '../match/types.js';
import { lintSource } from './lint-source.js';

export interface TryRuleInput {
  /** The rule file's YAML, unsaved. */
  rule: string;
  text: string;
  context?: { product?: string };
  /** How many of the ranked matches to return (default 5). */
  limit?: number;
  maxBytes?: number;
}

/** One test of the tried rule and whether it held for this paste (null: the engine did not need it). */
export interface TriedCondition {
  condition: string;
  fact: string;
  held: boolean | null;
  /** Under a `not`: holding counts against the rule. */
  negated: boolean;
}

export interface TryRuleResult {
  /** The rule has no errors and was tried. */
  ok: boolean;
  diagnostics: Diagnostic[];
  rule: { id: string; title: string; article?: string } | null;
  /** Id of the loaded rule this one stands in for (same id), if any. */
  replaces: string | null;
  /** Its required literals, codes or statuses are in the paste, so the prefilter lets it through. */
  prefilterPassed: boolean;
  matched: boolean;
  /** 1-based position among every rule that matched, the tried one included; null when it did not match. */
  rank: number | null;
  /** The tried rule would be the first answer. */
  wins: boolean;
  /** The tried rule's own match, with the explanation; null when it did not match. */
  match: Match | null;
  conditions: TriedCondition[];
  /** The top matches of the whole knowledge base with the tried rule in it. */
  matches: Match[];
  facts: FactsSummary;
  candidates: number;
}

/** The loaded prefilter, with the tried rule added (and the saved rule of the same id left out). */
class TrialPrefilter extends PrefilterIndex {
  constructor(
    private readonly trial: CompiledRule,
    private readonly loaded: PrefilterIndex,
  ) {
    super([trial]);
  }

  override candidates(facts: PasteFacts): CompiledRule[] {
    return [...this.loaded.candidates(facts).filter((r) => r.id !== this.trial.id), ...super.candidates(facts)];
  }

  /** Whether the tried rule alone gets past the prefilter. */
  admitsTrial(facts: PasteFacts): boolean {
    return super.candidates(facts).length > 0;
  }
}

/**
 * Tries an unsaved rule on a paste: lints it against the loaded knowledge base, then ranks it
 * with the loaded rules (in place of the saved rule with the same id), so an author sees
 * whether it matches, why, and whether it would win. Throws PasteInputError for a bad paste.
 */
export async function tryRule(kb: KnowledgeBase, input: TryRuleInput): Promise<TryRuleResult> {
  checkPaste(input.text, input.maxBytes);
  const lint = lintSource(kb, { source: input.rule, kind: 'rule', replacesSaved: true });
  const facts = new PasteFacts(input.text, input.context ?? {});
  const trial = lint.rule;
  if (!trial) {
    const result = await matchPaste(kb, input.text, { context: input.context, limit: input.limit, maxBytes: input.maxBytes });
    return {
      ok: false,
      diagnostics: lint.diagnostics,
      rule: null,
      replaces: null,
      prefilterPassed: false,
      matched: false,
      rank: null,
      wins: false,
      match: null,
      conditions: [],
      matches: result.matches,
      facts: result.facts,
      candidates: result.candidates,
    };
  }
  const prefilter = new TrialPrefilter(trial, kb.prefilter);
  const rules = [...kb.rules.filter((r) => r.id !== trial.id), trial];
  const trialKb: KnowledgeBase = { ...kb, rules, rulesById: new Map(rules.map((r) => [r.id, r])), prefilter };
  // Rank every match, so the tried rule's position is known however far down it lands.
  const ranked = await matchPaste(trialKb, input.text, { context: input.context, limit: rules.length, maxBytes: input.maxBytes });
  // A similar answer names the rule of the example it resembles: only the rule's own match counts.
  const position = ranked.matches.findIndex((m) => m.rule.id === trial.id && m.basis === 'rule');
  const [evaluation] = evaluateRules([trial], facts);
  return {
    ok: true,
    diagnostics: lint.diagnostics,
    rule: { id: trial.id, title: trial.title, article: trial.article?.id },
    replaces: kb.rulesById.has(trial.id) ? trial.id : null,
    prefilterPassed: prefilter.admitsTrial(facts),
    matched: position >= 0,
    rank: position >= 0 ? position + 1 : null,
    wins: position === 0,
    match: ranked.matches[position] ?? null,
    conditions: trial.leaves.map((leaf) => ({
      condition: leaf.label,
      fact: leaf.test.fact,
      held: evaluation?.leafResults.get(leaf.id) ?? null,
      negated: leaf.negated,
    })),
    matches: ranked.matches.slice(0, Math.max(1, input.limit ?? 5)),
    facts: ranked.facts,
    candidates: ranked.candidates,
  };
}
