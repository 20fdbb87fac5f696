import { candidatePhrases, GENERIC_WORDS, messageParts, normalizeForContains, type MessageParts, type Phrase } from './message-phrases.js';

/** An article as the rule drafter sees it: its id, the words that describe it and its verbatim messages. */
export interface DraftSubject {
  id: string;
  title: string;
  messages: string[];
  products: string[];
}

export type Condition = string | { code: string | string[] } | { status: number | number[] } | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export interface DraftedRule {
  id: string;
  article: string;
  title: string;
  priority: number;
  /** Only a plain status: a fallback that answers after every specific rule. */
  generic: boolean;
  products: string[];
  /** One alternative per message (duplicates merged). */
  branches: Condition[];
  /** Phrases of look-alikes that this rule must not answer (added while checking the drafts). */
  not: string[];
  match: string[];
  noMatch: string[];
  /** Messages no condition could be drafted from, and why. */
  skipped: { message: string; why: string }[];
}

/** How rare each word is across every article known (imported and already in the knowledge base). */
export class WordRarity {
  private readonly df = new Map<string, number>();
  private readonly texts: { id: string; text: string; codes: Set<string>; statuses: Set<number> }[] = [];

  constructor(subjects: readonly DraftSubject[]) {
    for (const subject of subjects) {
      const text = normalizeForContains([subject.title, ...subject.messages].join('\n'));
      const words = new Set(text.match(/[\p{L}\p{N}_$'’.-]+/gu) ?? []);
      for (const word of words) this.df.set(word, (this.df.get(word) ?? 0) + 1);
      const codes = new Set(subject.messages.flatMap((m) => messageParts(m).codes.map((c) => c.toLowerCase())));
      const statuses = new Set(subject.messages.flatMap((m) => messageParts(m).statuses));
      this.texts.push({ id: subject.id, text: normalizeForContains(subject.messages.join('\n')), codes, statuses });
    }
  }

  /** Weight of a word: generic words count for little, rare ones for much. */
  weight(word: string): number {
    if (GENERIC_WORDS.has(word)) return 0.15;
    return Math.log(1 + (this.texts.length + 1) / (this.df.get(word) ?? 1));
  }

  /** Articles other than `id` whose messages contain the phrase. */
  othersWithPhrase(id: string, phrase: string): string[] {
    const needle = normalizeForContains(phrase);
    return this.texts.filter((t) => t.id !== id && t.text.includes(needle)).map((t) => t.id);
  }

  othersWithStatus(id: string, status: number): string[] {
    return this.texts.filter((t) => t.id !== id && t.statuses.has(status)).map((t) => t.id);
  }

  /** The weight a word has when only one or two articles use it. */
  get rareWeight(): number {
    return Math.log(1 + (this.texts.length + 1) / 2);
  }

  othersWithCode(id: string, code: string): string[] {
    return this.texts.filter((t) => t.id !== id && t.codes.has(code.toLowerCase())).map((t) => t.id);
  }

  /** A phrase's score: the rarity of its words, less for long phrases (less tolerant of rewording) and for phrases other articles share. */
  score(id: string, phrase: Phrase, among?: readonly string[]): number {
    // An exception or error class name (CertificateExpiredException) names the error by itself.
    const className = phrase.words.length === 1 && /(?:error|exception)$/.test(phrase.words[0]!) && phrase.words[0]!.length > 12 ? 1 : 0;
    const base = className + phrase.words.reduce((sum, w) => sum + this.weight(w), 0) - 0.4 * Math.max(0, phrase.words.length - 4);
    const others = this.othersWithPhrase(id, phrase.text).filter((o) => !among || among.includes(o));
    return others.length ? base * 0.3 : base;
  }
}

/** Words of a phrase that carry meaning (not generic). */
function contentWords(phrase: Phrase): number {
  return phrase.words.filter((w) => !GENERIC_WORDS.has(w)).length;
}

/** The best phrases of a message, ranked; `among` limits "shared with others" to those articles. */
function rankedPhrases(rarity: WordRarity, id: string, parts: MessageParts, among?: readonly string[]): { phrase: Phrase; score: number }[] {
  return candidatePhrases(parts)
    .map((phrase) => ({ phrase, score: rarity.score(id, phrase, among) }))
    .sort((a, b) => b.score - a.score || a.phrase.words.length - b.phrase.words.length);
}

/** The condition for one message, or why there is none. */
function branchFor(rarity: WordRarity, id: string, message: string): { condition?: Condition; generic?: boolean; why?: string } {
  const parts = messageParts(message);
  const distinctCodes = parts.codes.filter((c) => !rarity.othersWithCode(id, c).length);
  if (distinctCodes.length) return { condition: { code: distinctCodes.length === 1 ? distinctCodes[0]! : distinctCodes } };
  const sharers = [...new Set(parts.codes.flatMap((c) => rarity.othersWithCode(id, c)))];
  const ranked = rankedPhrases(rarity, id, parts, parts.codes.length ? sharers : undefined);
  const [first] = ranked;
  // A rare error status no other article's messages have (407, 413) names the error as a code does,
  // unless a phrase of the message already does; common ones (401, 403, 500 …) never stand alone.
  const phraseAlone = first && !parts.codes.length && !rarity.othersWithPhrase(id, first.phrase.text).length && strongAlone(rarity, first.phrase);
  const distinctStatuses = parts.statuses.filter((s) => s >= 400 && !COMMON_STATUSES.has(s) && !rarity.othersWithStatus(id, s).length);
  if (!phraseAlone && distinctStatuses.length) return { condition: { status: distinctStatuses.length === 1 ? distinctStatuses[0]! : distinctStatuses } };
  const codeCondition = parts.codes.length ? [{ code: parts.codes.length === 1 ? parts.codes[0]! : parts.codes }] : [];
  if (!first) {
    if (codeCondition.length) return { condition: codeCondition[0]!, why: undefined };
    if (parts.statuses.length) return { condition: { status: parts.statuses.length === 1 ? parts.statuses[0]! : parts.statuses }, generic: true };
    return { why: 'no distinctive words, code or status in it' };
  }
  const chosen = [first.phrase];
  const shared = rarity.othersWithPhrase(id, first.phrase.text).length > 0;
  const status: Condition[] = [];
  // One phrase, not shared, of two meaningful words (or of two words one of which is rare) is enough;
  // otherwise the message's status, else the best phrase elsewhere in the message, is required too.
  if (!codeCondition.length && (shared || !strongAlone(rarity, first.phrase))) {
    const second = ranked.find((r) => !overlaps(r.phrase, first.phrase) && contentWords(r.phrase) > 0);
    if (parts.statuses.length) status.push({ status: parts.statuses.length === 1 ? parts.statuses[0]! : parts.statuses });
    else if (second) chosen.push(second.phrase);
  }
  const conditions: Condition[] = [...codeCondition, ...chosen.map((p) => p.text), ...status];
  return { condition: conditions.length === 1 ? conditions[0]! : { all: conditions } };
}

/** Statuses so many errors have that one alone says nothing about which. */
const COMMON_STATUSES = new Set([400, 401, 403, 404, 405, 409, 422, 429, 500, 502, 503, 504]);

/** Whether a phrase can stand alone: two meaningful words, or two words one of which few articles use. */
function strongAlone(rarity: WordRarity, phrase: Phrase): boolean {
  const content = phrase.words.filter((w) => !GENERIC_WORDS.has(w));
  if (content.length >= 2) return true;
  return phrase.words.length >= 2 && content.some((w) => rarity.weight(w) >= rarity.rareWeight);
}

function overlaps(a: Phrase, b: Phrase): boolean {
  const x = normalizeForContains(a.text);
  const y = normalizeForContains(b.text);
  return x.includes(y) || y.includes(x) || a.words.some((w) => b.words.includes(w) && !GENERIC_WORDS.has(w));
}

/** A rule per article from its error messages, with no_match examples from the nearest other articles. */
export function draftRules(subjects: readonly DraftSubject[], known: readonly DraftSubject[]): DraftedRule[] {
  const rarity = new WordRarity([...subjects, ...known]);
  return subjects.flatMap((subject): DraftedRule[] => {
    const branches: Condition[] = [];
    const generic: Condition[] = [];
    const match: string[] = [];
    const skipped: DraftedRule['skipped'] = [];
    const genericMessages: string[] = [];
    const seen = new Set<string>();
    for (const message of subject.messages) {
      const branch = branchFor(rarity, subject.id, message);
      if (!branch.condition) {
        skipped.push({ message, why: branch.why ?? 'nothing to match' });
        continue;
      }
      const key = JSON.stringify(branch.condition);
      (branch.generic ? generic : branches).push(...(seen.has(key) ? [] : [branch.condition]));
      seen.add(key);
      (branch.generic ? genericMessages : match).push(message);
    }
    // A status alone would catch every error with that status: only a rule with nothing better keeps it, ranked low.
    const onlyGeneric = !branches.length && generic.length > 0;
    if (onlyGeneric) match.push(...genericMessages);
    else for (const message of genericMessages) skipped.push({ message, why: 'only an HTTP status: too generic for this rule' });
    if (!branches.length && !generic.length) return [];
    return [{
      id: subject.id,
      article: subject.id,
      title: `Imported: ${subject.title}`.slice(0, 200),
      priority: onlyGeneric ? -10 : 0,
      generic: onlyGeneric,
      products: subject.products,
      branches: onlyGeneric ? generic : branches,
      not: [],
      match,
      noMatch: nearestMessages(subject, subjects, 3),
      skipped,
    }];
  });
}

/** Messages of the other articles that share most meaningful words with this one's: the look-alikes. */
function nearestMessages(subject: DraftSubject, subjects: readonly DraftSubject[], count: number): string[] {
  const words = (text: string) => new Set((normalizeForContains(text).match(/[\p{L}_]{3,}/gu) ?? []).filter((w) => !GENERIC_WORDS.has(w)));
  const mine = words(subject.messages.join(' '));
  const scored = subjects
    .filter((other) => other.id !== subject.id)
    .flatMap((other) =>
      other.messages.map((message) => {
        const theirs = words(message);
        const shared = [...theirs].filter((w) => mine.has(w)).length;
        return { message, score: shared / Math.max(1, theirs.size + mine.size - shared) };
      }),
    )
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  return [...new Set(scored.map((s) => s.message))].slice(0, count);
}
