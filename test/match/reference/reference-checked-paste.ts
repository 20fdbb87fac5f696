/**
 * FROZEN REFERENCE — not imported from src/; edited only to change behaviour on purpose.
 *
 * checkedPaste (src/match/paste-input.ts) as the plain composition it was before one scan was made
 * to settle both stripping and the binary check: the size checked as sent, escape sequences
 * stripped, then every check of checkPaste run on what is left.
 */
import { stripAnsiCodes, type StrippedPaste } from '../../../src/facts/ansi-codes.js';
import { checkPaste, DEFAULT_PASTE_LIMITS, pasteInputError, type PasteLimits } from '../../../src/match/paste-input.js';

export function referenceCheckedPaste(text: string, limits: Partial<PasteLimits> = {}): StrippedPaste {
  const maxBytes = limits.maxBytes ?? DEFAULT_PASTE_LIMITS.maxBytes;
  const bytes = text.length * 3 <= maxBytes ? 0 : Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) throw pasteInputError('KB_INPUT_TOO_LARGE', bytes, maxBytes);
  const paste = stripAnsiCodes(text);
  checkPaste(paste.text, limits);
  return paste;
}
