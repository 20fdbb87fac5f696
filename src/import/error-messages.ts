import { PasteFacts } from '../facts/paste-facts.js';

/** Words that errors are made of; a line with one of them (or an error code or status) may be an error message. */
const ERROR_WORD = /\b(?:errors?|exception|fail(?:s|ed|ure)?|denied|invalid|refused|unauthori[sz]ed|forbidden|expired|timed? ?out|not found|mismatch(?:ed)?|rejected|unable|cannot|can't|couldn't|could not|not (?:valid|allowed|authorized|supported)|missing|exceeded|unknown|malformed|reset|unreachable|already exists|conflict)\b/i;
/** Openings of prose that talks about an error rather than quoting it. */
const PROSE_OPENING = /^(?:when|if|this|these|the following|you|your|in |after|while|to |for |we |our |it |there |once |before |note\b|see |check |make sure|please|as |because|an? (?:error|message))/i;
const QUOTED = /["“”«»]([^"“”«»]{8,300})["“”«»]/g;

/** Whether a line reads like an error as a program prints it, not like a sentence about one. */
export function looksLikeError(line: string): boolean {
  const text = line.trim();
  if (text.length < 8 || text.length > 600) return false;
  const facts = new PasteFacts(text, {});
  const evidence = ERROR_WORD.test(text) || /[a-z](?:Error|Exception)\b/.test(text) || facts.codes.length > 0 || facts.statusSet.size > 0;
  if (!evidence) return false;
  if (PROSE_OPENING.test(text) && !/^[\w.$]+(?:Error|Exception)\b/.test(text)) return false;
  // A plain sentence (no code, status, colon, quote or bracket) of eight words or more describes an error rather than prints one.
  const words = text.split(/\s+/).length;
  const plainSentence = !/[:"'`(){}[\]=<>]/.test(text) && /\.$/.test(text);
  if (plainSentence && words >= 8 && !facts.codes.length && !facts.statusSet.size) return false;
  // A long sentence that mentions a status or code ("… fails with 403 Forbidden although …") is prose too,
  // unless it opens with a code and a colon as programs print them ("AADSTS50105: Your administrator …").
  const lowerWords = text.split(/\s+/).filter((w) => /^[a-z][a-z'’,.]*$/.test(w)).length;
  const printed = /^[\w.$-]+:/.test(text) && (facts.codes.length > 0 || /^[\w.$]+(?:Error|Exception)\b/.test(text));
  if (words >= 12 && lowerWords / words >= 0.6 && !printed) return false;
  return true;
}

/** Quoted text in a title that reads like an error: `Atlassian Cloud "Error authenticating: Forbidden…"`. */
export function quotedErrors(title: string): string[] {
  return [...title.matchAll(QUOTED)].map((m) => m[1]!.trim()).filter((q) => q.split(/\s+/).length >= 2 && looksLikeError(q));
}

/** The message as a rule example: trailing colons and whitespace trimmed. */
export function cleanMessage(text: string): string {
  return text
    .trim()
    .replace(/[\s:]+$/, '')
    .trim();
}

/** Messages without repeats (ignoring case, spacing and a trailing colon), first seen first. */
export function uniqueMessages(messages: string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const message of messages.map(cleanMessage)) {
    const key = message.toLowerCase().replace(/\s+/g, ' ');
    if (!message || seen.has(key)) continue;
    seen.add(key);
    result.push(message);
  }
  return result;
}
