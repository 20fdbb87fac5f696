/**
 * ANSI escape sequences (colours, bold, cursor moves) as terminals print them: CSI `ESC [ … final`
 * and OSC `ESC ] … BEL|ESC \`. Linear: each alternative is bounded by its final character.
 */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/**
 * The paste with each ANSI escape sequence replaced by as many spaces: "Proxy ␛[33mAuthentication"
 * reads as "Proxy Authentication" once whitespace is folded, and every offset still points at the
 * same character of the paste, so highlights land where they should.
 */
export function blankAnsiCodes(text: string): string {
  if (!text.includes('\u001b')) return text;
  return text.replace(ANSI, (code) => ' '.repeat(code.length));
}
