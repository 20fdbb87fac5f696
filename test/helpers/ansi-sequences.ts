/** Escape sequences as programs print them, and as people paste them written out. */
export const SEQUENCES = [
  '\u001b[31m', '\u001b[0m', '\u001b[1;31m', '\u001b[38;5;196m', '\u001b[38;2;255;0;0m', '\u001b[39m', '\u001b[22m',
  '\u001b[2K', '\u001b[1G', '\u001b[?25l', '\u001b[?25h', '\u001b[3A', '\u001b[H', '\u001b[J',
  '\u009b31m', '\u009b0m', // the 8-bit CSI
  '\u001b]8;;https://example.com/x\u0007', '\u001b]8;;\u001b\\', '\u001b]0;build: step 3\u0007', // OSC: hyperlinks, window title
  '\u001b(B', '\u001b7', '\u001b8', '\u001bM', '\u001b=', '\u001b>', // two-byte and charset escapes
  '\u001bP+q544e\u001b\\', // DCS
  '^[[31m', '^[[0m', '^[[1;33m', '^[[K', // caret notation
  '\\x1b[31m', '\\x1B[0m', '\\u001b[32m', '\\033[1;34m', '\\e[0m', // written-out escapes
];
