import { SEQUENCE_START_CHARACTERS, StrippedPaste, stripAnsiCodes, WRITTEN_CODE_START } from '../facts/ansi-codes.js';
import { REQUEST_ERRORS, requestErrorMessage, type MessageArgs } from '../diagnostics/codes.js';

export type PasteInputErrorCode = 'KB_INPUT_EMPTY' | 'KB_INPUT_BINARY' | 'KB_INPUT_TOO_LARGE' | 'KB_INPUT_TOO_MANY_LINES' | 'KB_INPUT_TOO_DEEP' | 'KB_INPUT_TIMEOUT';

/** Why a paste cannot be matched: the caller's input, not the engine, is at fault. Code, status and message from the catalogue. */
export class PasteInputError extends Error {
  readonly code: PasteInputErrorCode;

  constructor(code: PasteInputErrorCode, message: string) {
    super(message);
    this.name = 'PasteInputError';
    this.code = code;
  }

  /** The HTTP status that answers this error. */
  get statusCode(): number {
    return REQUEST_ERRORS[this.code].status;
  }
}

/** The catalogue's error `code`, its message filled from `args`. */
export function pasteInputError<C extends PasteInputErrorCode>(code: C, ...args: MessageArgs<C>): PasteInputError {
  return new PasteInputError(code, requestErrorMessage(code, ...args));
}

/** How much one paste may ask of the engine. src/config.ts reads them from flags and environment. */
export interface PasteLimits {
  /** Largest paste, in UTF-8 bytes. */
  maxBytes: number;
  /** Most lines in a paste. */
  maxLines: number;
  /** Deepest nesting of `{`/`[` in a paste; also the depth JSON fields are read to. */
  maxJsonDepth: number;
  /** Longest time matching one paste may take, in milliseconds. */
  timeoutMs: number;
}

export const DEFAULT_MAX_PASTE_BYTES = 256 * 1024;

export const DEFAULT_PASTE_LIMITS: Readonly<PasteLimits> = Object.freeze({
  maxBytes: DEFAULT_MAX_PASTE_BYTES,
  maxLines: 10_000,
  maxJsonDepth: 64,
  timeoutMs: 2_000,
});

/**
 * The paste ready to match: its size checked as sent, then its terminal escape sequences stripped
 * and the rest of checkPaste run on what is left (a paste of colour codes only is empty; `ESC [`
 * and `^[[` open no nesting).
 */
export function checkedPaste(text: string, limits: Partial<PasteLimits> = {}): StrippedPaste {
  checkPasteSize(text, limits.maxBytes ?? DEFAULT_PASTE_LIMITS.maxBytes);
  // Nearly every paste holds no escape sequence and no character looksBinary counts: one scan
  // settles both, where stripping and the binary check would each scan the paste. The plain
  // composition it must agree with is test/match/reference/reference-checked-paste.ts.
  if (!UNUSUAL_CHARACTER.test(text)) {
    checkPasteShape(text, limits, false);
    return new StrippedPaste(text, text);
  }
  const paste = stripAnsiCodes(text);
  checkPaste(paste.text, limits);
  return paste;
}

/** What looksBinary counts (SUSPICIOUS_CHARACTER, with ESC) or a terminal escape sequence could start with (ansi-codes.ts). */
const UNUSUAL_CHARACTER = new RegExp(String.raw`[\u0000-\u0008\u000b\u000e-\u001f\ufffd${SEQUENCE_START_CHARACTERS}]|${WRITTEN_CODE_START}`);

function checkPasteSize(text: string, maxBytes: number): void {
  // A UTF-16 unit is at most 3 bytes of UTF-8: most pastes are under the limit without counting.
  const bytes = text.length * 3 <= maxBytes ? 0 : Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    throw pasteInputError('KB_INPUT_TOO_LARGE', bytes, maxBytes);
  }
}

/** Rejects pastes that are empty, too large, too long, too deeply nested or binary, with a message a person can act on. */
export function checkPaste(text: string, limits: Partial<PasteLimits> | number = {}): void {
  checkPasteShape(text, typeof limits === 'number' ? { maxBytes: limits } : limits, true);
}

/** checkPaste; `mayLookBinary` false when the paste is known to hold none of the characters looksBinary counts. */
function checkPasteShape(text: string, given: Partial<PasteLimits>, mayLookBinary: boolean): void {
  const maxBytes = given.maxBytes ?? DEFAULT_PASTE_LIMITS.maxBytes;
  const maxLines = given.maxLines ?? DEFAULT_PASTE_LIMITS.maxLines;
  const maxJsonDepth = given.maxJsonDepth ?? DEFAULT_PASTE_LIMITS.maxJsonDepth;
  // \s is the set trim() removes: no copy of the paste to learn it is blank.
  if (!/\S/.test(text)) throw pasteInputError('KB_INPUT_EMPTY');
  checkPasteSize(text, maxBytes);
  if (mayLookBinary && looksBinary(text)) throw pasteInputError('KB_INPUT_BINARY');
  const lines = countLines(text, maxLines);
  if (lines > maxLines) {
    throw pasteInputError('KB_INPUT_TOO_MANY_LINES', maxLines);
  }
  if (nestsDeeperThan(text, maxJsonDepth)) {
    throw pasteInputError('KB_INPUT_TOO_DEEP', maxJsonDepth);
  }
}

/** NUL bytes, or many control characters / replacement characters (invalid UTF-8 decoded leniently). */
function looksBinary(text: string): boolean {
  // Most pastes hold none of the characters counted below: one native scan settles them.
  if (!SUSPICIOUS_CHARACTER.test(text)) return false;
  if (text.includes('\u0000')) return true;
  let suspicious = 0;
  const sample = Math.min(text.length, 64 * 1024);
  for (let i = 0; i < sample; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) || c === 0xfffd) suspicious++;
  }
  return suspicious > 8 && suspicious / sample > 0.05;
}

/** What looksBinary counts: control characters other than tab, line feed, form feed, carriage return and escape, and U+FFFD. */
const SUSPICIOUS_CHARACTER = /[\u0000-\u0008\u000b\u000e-\u001a\u001c-\u001f\ufffd]/;

/** Lines in `text` (a line break at the very end ends the last line; it starts none), counting stops once past `limit`. */
export function countLines(text: string, limit: number): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1 && lines <= limit; at = text.indexOf('\n', at + 1)) if (at < text.length - 1) lines++;
  return lines;
}

/**
 * Whether `{` and `[` nest deeper than `limit`. Brackets inside strings count too: telling JSON
 * strings from prose would need a parser, and a legitimate paste is nowhere near the limit.
 */
function nestsDeeperThan(text: string, limit: number): boolean {
  // A paste with no more opening brackets than the limit cannot nest deeper: counting them with
  // indexOf settles most pastes without a loop over every character.
  let openings = 0;
  for (const bracket of ['{', '[']) {
    for (let at = text.indexOf(bracket); at !== -1 && openings <= limit; at = text.indexOf(bracket, at + 1)) if (bracket === '{' || text.charCodeAt(at - 1) !== 27) openings++;
  }
  if (openings <= limit) return false;
  // Only the brackets are visited: the regex's test() steps from one to the next natively and builds
  // no match, where a loop over every character cost a millisecond of a 256 KiB log. The plain loop
  // it must agree with is test/match/reference/reference-nesting.ts.
  let depth = 0;
  BRACKET.lastIndex = 0;
  while (BRACKET.test(text)) {
    const i = BRACKET.lastIndex - 1;
    const c = text.charCodeAt(i);
    // ESC [ opens a terminal colour or cursor sequence (coloured output), not a nesting level.
    if (c === 91 && i > 0 && text.charCodeAt(i - 1) === 27) continue;
    if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (depth > 0) depth--;
  }
  return false;
}

/** The characters nesting is counted from. */
const BRACKET = /[[\]{}]/g;
