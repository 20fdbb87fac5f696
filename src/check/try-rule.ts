import type { KnowledgeBase } from '../compile/knowledge-base.js';
import { PrefilterIndex } from '../compile/prefilter-index.js';
import type { CompiledRule } from '../compile/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { PasteFacts } from '../facts/paste-facts.js';
import type { FactsSummary } from '../facts/paste-facts.js';
import { matchPaste } from '../match/match-paste.js';
import { Deadline } from '../match/deadline.js';
import { checkedPaste, DEFAULT_PASTE_LIMITS, type PasteLimits } from '../match/paste-input.js';
import type { Match } from '../match/types.js';
import { conditionVerdicts } from './condition-verdicts.js';
import type { ArticleRecord } from '../compile/types.js';
import type { LoadedArticle } from '../load/types.js';
import { previewChange, type ChangePreview, type InboxSample } from './change-preview.js';
import { lintSource } from './lint-source.js';

export interface TryRuleInput {
  /** The rule file's YAML, unsaved. */
  rule: string;
  /** An article file (front matter and body), unsaved and maybe new: the rule may point at it. */
  article?: string;
  /** Stored inbox pastes to preview the change on (see `preview`); undefined: not available to this caller. */
  inbox?: readonly InboxSample[];
  text: string;
  context?: { product?: string };
  /** How many of the ranked matches to return (default 5). */
  limit?: number;
  maxBytes?: number;
  /** Lines, nesting and time, as for a match (the server's one limit configuration). */
  limits?: Partial<Omit<PasteLimits, 'maxBytes'>>;
}

/** One test of the tried rule and whether it held for this paste (null: the engine did not need it). */
interface TriedCondition {
  condition: string;
  fact: string;
  held: boolean | null;
  /** Under a `not`: holding counts against the rule. */
  negated: boolean;
}

export interface TryRuleResult {
  /** The rule (and the article, when one was given) has no errors, and the rule was tried. */
  ok: boolean;
  diagnostics: Diagnostic[];
  /** The given article's diagnostics (its own lines), empty without one. */
  articleDiagnostics: Diagnostic[];
  /** The given article, when it has no errors; `new`: no saved article has its id. */
  article: { id: string; title: string; new: boolean } | null;
  /** What saving the rule would change: stored pastes it would answer, answers it would take over. Null when it was not tried. */
  preview: ChangePreview | null;
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
  /**
   * What kept the rule from matching, in the author's words, from json-rules-engine's per-condition
   * results (as `kb test` reports a failing example): a test that did not hold, or `not …` for one
   * under `not` that did; every branch of a failed `any`. Empty when it matched or was not tried.
   */
  didNotHold: string[];
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
export async function tryRule(served: KnowledgeBase, input: TryRuleInput): Promise<TryRuleResult> {
  const started = performance.now();
  const limits = { ...input.limits, ...(input.maxBytes === undefined ? {} : { maxBytes: input.maxBytes }) };
  const paste = checkedPaste(input.text, limits);
  // The budget covers the whole trial: linting, the ranked match and the tried rule's own tests.
  const deadline = new Deadline(started, limits.timeoutMs ?? DEFAULT_PASTE_LIMITS.timeoutMs);
  const matchLimits = { ...limits, timeoutMs: deadline.budgetMs };
  const { kb, articleDiagnostics, article, articleOk } = withTriedArticle(served, input.article);
  const lint = lintSource(kb, { source: input.rule, kind: 'rule', replacesSaved: true });
  const facts = PasteFacts.ofPaste(paste, input.context ?? {}, limits.maxJsonDepth);
  const trial = articleOk ? lint.rule : undefined;
  const ruleArticle = /^article:[ \t]*["']?([a-z0-9-]+)/m.exec(input.rule)?.[1];
  // A new article no saved rule points at is not an orphan when the tried rule does.
  const articleNotes = articleDiagnostics.filter((d) => !(d.code === 'KB_W_ORPHAN_ARTICLE' && article && ruleArticle === article.id));
  if (!trial) {
    const result = await matchPaste(kb, input.text, { context: input.context, limit: input.limit, ...matchLimits });
    return {
      ok: false,
      // The rule's "unknown article" when that article was given and has errors of its own says nothing new.
      diagnostics: lint.diagnostics.filter((d) => !(d.code === 'KB_E_UNKNOWN_ARTICLE' && !articleOk)),
      articleDiagnostics: articleNotes,
      article,
      preview: null,
      rule: null,
      replaces: null,
      prefilterPassed: false,
      matched: false,
      rank: null,
      wins: false,
      match: null,
      conditions: [],
      didNotHold: [],
      matches: result.matches,
      facts: result.facts,
      candidates: result.candidates,
    };
  }
  const prefilter = new TrialPrefilter(trial, kb.prefilter);
  const rules = [...kb.rules.filter((r) => r.id !== trial.id), trial];
  const trialKb: KnowledgeBase = { ...kb, rules, rulesById: new Map(rules.map((r) => [r.id, r])), prefilter };
  // Rank every match, so the tried rule's position is known however far down it lands.
  deadline.check();
  const ranked = await matchPaste(trialKb, input.text, { context: input.context, limit: rules.length, ...matchLimits, timeoutMs: Math.max(1, deadline.budgetMs - (performance.now() - started)) });
  // A similar answer names the rule of the example it resembles: only the rule's own match counts.
  const position = ranked.matches.findIndex((m) => m.rule.id === trial.id && m.basis === 'rule');
  // json-rules-engine's own per-condition results: what an author reads to see which condition did not hold.
  const verdicts = await conditionVerdicts(trial, input.text, input.context);
  deadline.check();
  return {
    ok: true,
    diagnostics: lint.diagnostics,
    articleDiagnostics: articleNotes,
    article,
    preview: previewChange(kb, trialKb, trial, input.inbox),
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
      held: verdicts.held.get(leaf.id) ?? null,
      negated: leaf.negated,
    })),
    didNotHold: verdicts.against,
    matches: ranked.matches.slice(0, Math.max(1, input.limit ?? 5)),
    facts: ranked.facts,
    candidates: ranked.candidates,
  };
}

/** The served knowledge base with the tried article in it (in place of a saved one with its id). */
function withTriedArticle(
  kb: KnowledgeBase,
  source: string | undefined,
): { kb: KnowledgeBase; articleDiagnostics: Diagnostic[]; article: TryRuleResult['article']; articleOk: boolean } {
  if (!source?.trim()) return { kb, articleDiagnostics: [], article: null, articleOk: true };
  const lint = lintSource(kb, { source, kind: 'article', replacesSaved: true });
  const loaded: LoadedArticle | undefined = lint.article;
  if (!loaded) return { kb, articleDiagnostics: lint.diagnostics, article: null, articleOk: false };
  const record: ArticleRecord = { ...loaded.spec, body: loaded.body, file: loaded.file };
  const articlesById = new Map(kb.articlesById).set(record.id, record);
  const article = { id: record.id, title: record.title, new: !kb.articlesById.has(record.id) };
  return { kb: { ...kb, articlesById, articles: [...articlesById.values()] }, articleDiagnostics: lint.diagnostics, article, articleOk: true };
}
