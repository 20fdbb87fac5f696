/** Why a paste cannot be matched: the caller's input, not the engine, is at fault. */
export class PasteInputError extends Error {
  constructor(
    readonly code: 'KB_INPUT_EMPTY' | 'KB_INPUT_TOO_LARGE' | 'KB_INPUT_BINARY',
    message: string,
  ) {
    super(message);
    this.name = 'PasteInputError';
  }
}

export const DEFAULT_MAX_PASTE_BYTES = 256 * 1024;

/** Rejects pastes that are empty, too large or binary, with a message a person can act on. */
export function checkPaste(text: string, maxBytes = DEFAULT_MAX_PASTE_BYTES): void {
  if (!text.trim()) throw new PasteInputError('KB_INPUT_EMPTY', 'the paste is empty: paste the error message or log text');
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    throw new PasteInputError('KB_INPUT_TOO_LARGE', `the paste is ${bytes} bytes; the limit is ${maxBytes} bytes: paste the lines around the error, not the whole log`);
  }
  if (looksBinary(text)) throw new PasteInputError('KB_INPUT_BINARY', 'the paste looks like binary data, not text: paste the error message as text');
}

/** NUL bytes, or many control characters / replacement characters (invalid UTF-8 decoded leniently). */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  let suspicious = 0;
  const sample = Math.min(text.length, 64 * 1024);
  for (let i = 0; i < sample; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) || c === 0xfffd) suspicious++;
  }
  return suspicious > 8 && suspicious / sample > 0.05;
}
