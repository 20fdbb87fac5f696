import { runExamples } from '../check/run-examples.js';
import { KnowledgeBaseCompiler } from '../compile/compile-knowledge-base.js';
import type { KnowledgeBase } from '../compile/knowledge-base.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { parseArticleSource, parseRuleSource } from '../load/parse-files.js';
import { candidatePhrases, GENERIC_WORDS, messageParts, normalizeForContains } from './message-phrases.js';
import type { DraftedRule, DraftSubject, WordRarity } from './draft-rules.js';
import { renderRule } from './render-files.js';

/** Two articles a drafted rule cannot tell apart, with the words that would. */
export interface Ambiguity {
  article: string;
  other: string;
  message: string;
  /** The other article was already in the knowledge base (the import may duplicate it). */
  existing: boolean;
  /** Words only this article's messages have, then words only the other's have. */
  onlyHere: string[];
  onlyThere: string[];
}

/** Compiles a knowledge base from file texts (relative path → text) without touching the disk. */
export function compileFiles(root: string, files: ReadonlyMap<string, string>): { kb?: KnowledgeBase; diagnostics: Diagnostic[] } {
  const compiler = new KnowledgeBaseCompiler(root);
  const paths = [...files.keys()].sort();
  for (const kind of ['articles/', 'rules/'] as const) {
    for (const file of paths.filter((p) => p.startsWith(kind))) {
      const text = files.get(file)!;
      const parsed = kind === 'articles/' ? parseArticleSource(file, text) : parseRuleSource(file, text);
      compiler.addSource(file, kind === 'rules/' ? ((parsed.value as { source?: string } | undefined)?.source ?? text) : text);
      compiler.addLoadDiagnostics(parsed.diagnostics);
      if (parsed.value) kind === 'articles/' ? compiler.addArticle(parsed.value as never) : compiler.addRule(parsed.value as never);
    }
  }
  return compiler.finish();
}

const MAX_ROUNDS = 5;
const MAX_NOTS = 6;

/**
 * Runs every example of the knowledge base with the drafts in it, as `kb test` does, and mends
 * the drafts until all pass: a draft that takes another rule's example gets a `not:` with that
 * example's distinctive phrase; an example no change can win goes, and the pair is reported.
 */
export async function verifyDrafts(options: {
  root: string;
  files: Map<string, string>;
  drafts: DraftedRule[];
  subjects: readonly DraftSubject[];
  rarity: WordRarity;
  rulePath: (rule: DraftedRule) => string;
}): Promise<{ drafts: DraftedRule[]; ambiguities: Ambiguity[]; dropped: { rule: string; why: string }[] }> {
  const { files, rarity, subjects } = options;
  let drafts = options.drafts;
  const byId = () => new Map(drafts.map((d) => [d.id, d]));
  const ambiguities: Ambiguity[] = [];
  const dropped: { rule: string; why: string }[] = [];
  const messagesOf = new Map(subjects.map((s) => [s.id, s.messages]));
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const all = new Map(files);
    for (const draft of drafts) all.set(options.rulePath(draft), renderRule(draft));
    const { kb, diagnostics } = compileFiles(options.root, all);
    if (!kb) throw new Error(`kb import: drafted files do not compile:\n${diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join('\n')}`);
    const failures = (await runExamples(kb)).filter((o) => !o.passed);
    if (!failures.length) break;
    const drafted = byId();
    let changed = false;
    for (const failure of failures) {
      const victim = drafted.get(failure.rule);
      const culprit = failure.top ? drafted.get(failure.top) : undefined;
      if (failure.kind === 'no_match') {
        if (victim) victim.noMatch = victim.noMatch.filter((t) => t !== failure.text);
        changed ||= Boolean(victim);
        continue;
      }
      const phrase = culprit && culprit !== victim && culprit.not.length < MAX_NOTS && round < MAX_ROUNDS - 2 ? separatingPhrase(failure.text, messagesOf.get(culprit.id) ?? culprit.match, rarity, failure.rule) : undefined;
      if (culprit && phrase && !culprit.not.includes(phrase)) {
        culprit.not.push(phrase);
        changed = true;
      } else if (victim) {
        victim.match = victim.match.filter((t) => t !== failure.text);
        if (failure.top) ambiguities.push(ambiguity(victim.id, failure.top, failure.text, messagesOf, rarity, kb));
        changed = true;
      }
    }
    drafts = drafts.filter((d) => {
      if (d.match.length) return true;
      dropped.push({ rule: d.id, why: 'none of its messages ranks it first' });
      return false;
    });
    if (!changed) break;
  }
  return { drafts, ambiguities, dropped };
}

/** The most distinctive phrase of `text` that none of `theirs` contains: a `not:` that spares the culprit's own messages. */
function separatingPhrase(text: string, theirs: readonly string[], rarity: WordRarity, owner: string): string | undefined {
  const haystack = normalizeForContains(theirs.join('\n'));
  const candidates = candidatePhrases(messageParts(text), 4)
    .filter((p) => !haystack.includes(normalizeForContains(p.text)))
    .map((p) => ({ text: p.text, score: rarity.score(owner, p) - 0.2 * p.words.length }))
    .sort((a, b) => b.score - a.score);
  return candidates[0]?.text;
}

function ambiguity(article: string, top: string, message: string, messagesOf: Map<string, string[]>, rarity: WordRarity, kb: KnowledgeBase): Ambiguity {
  const other = kb.rulesById.get(top)?.article?.id ?? top;
  const words = (texts: readonly string[]) => new Set(texts.flatMap((t) => normalizeForContains(t).match(/[\p{L}_]{3,}/gu) ?? []).filter((w) => !GENERIC_WORDS.has(w)));
  const here = words(messagesOf.get(article) ?? [message]);
  const there = words(messagesOf.get(other) ?? [kb.articlesById.get(other)?.title ?? '', ...(kb.articlesById.get(other)?.error_messages ?? [])]);
  const rank = (set: Set<string>, not: Set<string>) => [...set].filter((w) => !not.has(w)).sort((a, b) => rarity.weight(b) - rarity.weight(a)).slice(0, 4);
  return { article, other, message, existing: !messagesOf.has(other), onlyHere: rank(here, there), onlyThere: rank(there, here) };
}
