import { stringify } from 'yaml';
import { PasteFacts } from '../facts/paste-facts.js';
import type { InboxGroup } from '../store/learning-store.js';
import { asWritten, cutApplicationNames, distinctiveWords, type DistinctiveWords } from './distinctive-words.js';
import { stableStretches } from './paste-signature.js';

export interface DraftOptions {
  ruleId: string;
  articleId: string;
  /** Articles the sample may be about, listed in a comment to help choose `article`. */
  related?: string[];
  /** {{placeholders}} the article fills from captures: the draft says to add them. */
  placeholders?: string[];
  /**
   * Everything else stored and known (other inbox samples, articles, rule examples): with it the
   * draft requires the sample's most distinctive words rather than its verbatim phrases.
   */
  others?: readonly string[];
}

const MAX_PHRASES = 2;
const MAX_PHRASE_WORDS = 8;
/** Words that make a phrase worth requiring: at least two words of three or more letters. */
const WORD = /\p{L}{3,}/gu;

/**
 * Phrases of the sample that survive the masking of ids, times, numbers and names, most wordy
 * first: a rule requiring them matches every paste of the group. Each is a verbatim piece of one
 * line, so the sample (a match example) always contains it.
 */
function stablePhrases(sample: string, max = MAX_PHRASES): string[] {
  const phrases = new Map<string, number>();
  for (const stretch of stableStretches(sample)) {
    // Quotes, brackets and separators start and end phrases: "open '<path>'" becomes "open".
    for (const piece of stretch.split(/["'`()[\]{}<>|;=]+/)) {
      const phrase = trimPhrase(piece);
      const words = phrase.match(WORD)?.length ?? 0;
      if (words >= 2 && !phrases.has(phrase.toLowerCase())) phrases.set(phrase, words);
    }
  }
  const seen = new Set<string>();
  return [...phrases.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([p]) => p)
    .filter((p) => !seen.has(p.toLowerCase()) && seen.add(p.toLowerCase()))
    .slice(0, max);
}

/** The phrase without edge punctuation, cut to its first MAX_PHRASE_WORDS words. */
function trimPhrase(piece: string): string {
  const words = piece.trim().split(/\s+/).slice(0, MAX_PHRASE_WORDS).join(' ');
  return words.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

/** A rule id from the first phrase: `payment-gateway-handshake-failed`. */
export function ruleIdFor(group: InboxGroup): string {
  const [phrase] = stablePhrases(cutApplicationNames(group.sample).text, 1);
  const slug = (phrase ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .slice(0, 6)
    .join('-');
  return slug.length >= 3 ? slug.slice(0, 80).replace(/-+$/, '') : `inbox-${group.id}`;
}

/**
 * A starting rule for an inbox group: its sample as the `match` example and a `when` that
 * requires the sample's stable phrases, plus its HTTP status and error codes when it has them.
 * Passes `kb lint` as soon as `article` names an existing article (or inline steps replace it).
 */
export function draftRule(group: InboxGroup, options: DraftOptions): string {
  const facts = new PasteFacts(group.sample, {});
  const phrases = stablePhrases(cutApplicationNames(group.sample).text);
  const words = options.others ? distinctiveWords(group.sample, options.others) : undefined;
  const conditions: unknown[] = words?.chosen.length ? words.chosen.map((c) => asWritten(group.sample, c.word)) : [...phrases];
  const statuses = [...facts.statusSet].sort();
  const codes = [...new Set(facts.codes.map((c) => c.value))].sort();
  if (statuses.length) conditions.push({ status: statuses.length === 1 ? statuses[0] : statuses });
  if (codes.length) conditions.push({ code: codes.length === 1 ? codes[0] : codes });
  // A sample with nothing stable: require its first line, and say so.
  const fallback = !conditions.length;
  if (fallback) conditions.push(group.sample.split('\n')[0]!.trim().slice(0, 80));

  const rule = {
    id: options.ruleId,
    title: `Drafted from the inbox: ${phrases[0] ?? group.signature.slice(0, 60)}`.slice(0, 200),
    article: options.articleId,
    priority: 0,
    when: { all: conditions },
    examples: { match: [group.sample] },
  };
  const header = [
    '# yaml-language-server: $schema=../../schemas/rule.schema.json',
    `# Drafted by \`kb inbox draft ${group.id}\`: ${group.count} unmatched paste(s), first ${group.first_seen}, last ${group.last_seen}.`,
    `# Signature: ${group.signature.replace(/\s+/g, ' ').slice(0, 200)}`,
    '# Before committing: give it a real title, keep only the conditions that name this error,',
    '# add no_match examples of look-alikes, then run `kb lint` and `kb test`.',
    ...(words ? explainWords(words) : []),
    ...(fallback ? ['# No stable phrase was found: the condition below is the first line as pasted; narrow it.'] : []),
    ...(options.related?.length ? [`# Possibly related articles: ${options.related.join(', ')}`] : []),
    ...(options.placeholders?.length ? [`# The article fills ${options.placeholders.map((p) => `{{${p}}}`).join(', ')} from captures: add \`captures:\` for them.`] : []),
  ];
  return `${header.join('\n')}\n${stringify(rule, { lineWidth: 0, blockQuote: 'literal' })}`;
}

/** Which words the draft requires and why, and what it left out: comment lines for the author. */
export function explainWords(words: DistinctiveWords): string[] {
  if (!words.chosen.length) return [];
  const chosen = words.chosen.map((c) => `"${c.word}" (in ${c.elsewhere} of them)`).join(', ');
  const lines = [`# when: the words most distinctive of this group, weighed against ${words.documents} other stored pastes, articles and rule examples: ${chosen}.`];
  if (words.skipped.length) lines.push(`# Not used, as they name this application rather than the error: ${words.skipped.slice(0, 8).map((s) => `${s.text} (${s.reason})`).join(', ')}.`);
  return lines;
}
