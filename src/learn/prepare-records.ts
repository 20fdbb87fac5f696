import { stripAnsiCodes } from '../facts/ansi-codes.js';
import { redactSecrets } from '../redact/redact-secrets.js';
import type { FeedbackRecord, UnmatchedRecord } from '../store/learning-store.js';
import { wellFormed } from '../util/well-formed.js';
import { pasteSignature } from './paste-signature.js';

/** The sample kept per group: enough to write a rule from, small enough to list. */
const MAX_SAMPLE_CHARS = 4000;
/** Grouping reads the start of a paste; past this, two pastes of one error rarely differ only in values. */
const MAX_SIGNED_CHARS = 16 * 1024;
export const MAX_COMMENT_CHARS = 1000;

/**
 * Redacts a paste no specific rule matched (`answered`: how it was answered all the same), then
 * signs and caps it for storage. Secrets go first, so nothing derived from them is kept; the paste
 * is redacted beyond the part kept, so a secret is not cut in two by the cap and half of it kept.
 * Terminal colour codes go before that, as matching drops them: a secret split by a colour code is
 * found, and an author drafts a rule from the text the matcher reads. Lone surrogates become
 * U+FFFD (they have no UTF-8 form).
 */
export function prepareUnmatched(text: string, answered?: UnmatchedRecord['answered']): UnmatchedRecord {
  const plain = stripAnsiCodes(text.slice(0, 2 * MAX_SIGNED_CHARS)).text;
  const redacted = redactSecrets(wellFormed(plain)).slice(0, MAX_SIGNED_CHARS);
  const signature = pasteSignature(redacted);
  return { group: signature.id, signature: signature.text, sample: cap(redacted.trim(), MAX_SAMPLE_CHARS), ...(answered ? { answered } : {}) };
}

/** Feedback with its comment redacted and capped; an empty comment is none. */
export function prepareFeedback(input: { rule: string; article: string; helpful: boolean; comment?: string }): FeedbackRecord {
  const comment = input.comment === undefined ? '' : cap(redactSecrets(wellFormed(stripAnsiCodes(input.comment).text)).trim(), MAX_COMMENT_CHARS);
  return { rule: input.rule, article: input.article, helpful: input.helpful, ...(comment ? { comment } : {}) };
}

function cap(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
