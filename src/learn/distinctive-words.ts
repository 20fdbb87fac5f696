import { PasteFacts } from '../facts/paste-facts.js';
import { stableStretches } from './paste-signature.js';

/** A word a drafted rule requires, and why it was chosen. */
interface ChosenWord {
  word: string;
  /** In how many of the other documents (stored pastes, articles, rule examples) it occurs. */
  elsewhere: number;
}

/** A piece of the sample a draft must not key on, and what it is. */
export interface SkippedPiece {
  text: string;
  reason: 'logger or class name' | 'host name' | 'id or number' | 'email address';
}

export interface DistinctiveWords {
  chosen: ChosenWord[];
  skipped: SkippedPiece[];
  /** How many other documents the words were weighed against. */
  documents: number;
}

const MAX_WORDS = 3;
const WORD = /\p{L}[\p{L}\p{N}_'-]*\p{L}|\p{L}{3,}/gu;
/** Dotted names: a.b.C, com.example.Foo$Bar, idp.example.com. */
const DOTTED = /(?<![\w.$/-])[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)+(?![\w$])/g;
/** A logger or component in brackets, or right after a log level: `ERROR [ledger]`, `WARN  c.a.Foo`. */
const LOGGER_AFTER_LEVEL = /\b(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|SEVERE)\b[ \t]+\[?([\w.$-]{2,120})\]?/g;
const BRACKETED = /\[([A-Za-z][\w.$:-]{1,80})\]/g;
const EMAIL = /[\w.+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8}/gi;
/** Tokens with letters and digits mixed (request ids, tokens, build numbers). */
const MIXED_ID = /\b(?=[A-Za-z_-]*\d)(?=\d*[A-Za-z])[A-Za-z0-9_-]{6,}\b/g;

/** Words that name no error: log levels, glue, and words every error has. */
const COMMON = new Set(
  'trace debug info warn warning error errors fatal severe exception failed failure the and for not with was were are this that from you your has have had but can could cannot should would will into onto when then than there their they them our its it\'s while which what who why how all any expected received unable trying some been being also only just via per out over under after before again request response message code status true false null none undefined'.split(
    ' ',
  ),
);

/** The sample with the pieces a rule must not key on cut out, and those pieces. */
export function cutApplicationNames(sample: string): { text: string; skipped: SkippedPiece[] } {
  const facts = new PasteFacts(sample, {});
  const hosts = new Set(facts.hosts.map((h) => h.value.toLowerCase()));
  const skipped = new Map<string, SkippedPiece>();
  const skip = (text: string, reason: SkippedPiece['reason']) => {
    if (!skipped.has(text)) skipped.set(text, { text, reason });
    return ' ';
  };
  let text = sample.replace(EMAIL, (email) => skip(email, 'email address'));
  text = text.replace(LOGGER_AFTER_LEVEL, (whole, name: string) => whole.replace(name, /\./.test(name) && hosts.has(name.toLowerCase()) ? skip(name, 'host name') : skip(name, 'logger or class name')));
  text = text.replace(BRACKETED, (_whole, name: string) => skip(name, 'logger or class name'));
  text = text.replace(DOTTED, (name) => skip(name, hosts.has(name.toLowerCase()) || /^[a-z0-9.-]+\.[a-z]{2,}$/.test(name) ? 'host name' : 'logger or class name'));
  text = text.replace(MIXED_ID, (id) => skip(id, 'id or number'));
  return { text, skipped: [...skipped.values()] };
}

/** The distinct lower-case words of a text that could name an error. */
function wordsOf(text: string): Set<string> {
  const words = new Set<string>();
  for (const w of text.match(WORD) ?? []) {
    const word = w.toLowerCase();
    if (word.length >= 3 && !COMMON.has(word)) words.add(word);
  }
  return words;
}

/**
 * The words of an inbox group's sample most distinctive of it: those that occur in the fewest
 * of `others` (the other stored pastes, the articles and the rule examples), longer first among
 * equals. Only words every paste of the group shares (outside the masked values) count, and
 * never logger or class names, host names or ids.
 */
export function distinctiveWords(sample: string, others: readonly string[], max = MAX_WORDS): DistinctiveWords {
  const { text, skipped } = cutApplicationNames(sample);
  const stable = stableStretches(text).join('\n');
  const candidates = [...wordsOf(stable)];
  const otherWords = others.map((o) => wordsOf(o));
  const order = new Map(candidates.map((w, i) => [w, i]));
  const chosen = candidates
    .map((word) => ({ word, elsewhere: otherWords.filter((set) => set.has(word)).length }))
    .sort((a, b) => a.elsewhere - b.elsewhere || b.word.length - a.word.length || order.get(a.word)! - order.get(b.word)!)
    .slice(0, max)
    // In the order they appear in the sample: the conditions read like the error.
    .sort((a, b) => order.get(a.word)! - order.get(b.word)!);
  // A word cut as a logger name in one place may still be chosen from another ("[ledger] … ledger snapshot").
  const picked = new Set(chosen.map((c) => c.word));
  return { chosen, skipped: skipped.filter((s) => !picked.has(s.text.toLowerCase())), documents: others.length };
}

/** The words as the sample writes them (case kept), for the rule's conditions. */
export function asWritten(sample: string, word: string): string {
  const at = sample.toLowerCase().indexOf(word);
  return at >= 0 ? sample.slice(at, at + word.length) : word;
}
