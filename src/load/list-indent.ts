import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';

const ITEM = /^( *)-(?: |$)/;
const indentOf = (line: string) => line.length - line.trimStart().length;
const isBlank = (line: string) => line.trim() === '' || line.trimStart().startsWith('#');

interface Pair {
  /** 0-based index of the item that is out of line, and of the item it should line up with. */
  wrong: number;
  reference: number;
}

/**
 * Two items of one list that start at different columns (one or two spaces apart), the usual
 * cause of YAML's "implicit map key" and "block sequence" errors: the first such pair in the
 * text, with the item that is out of line (the one not where its parent key puts items).
 */
function firstMisalignedItems(lines: readonly string[]): Pair | undefined {
  for (let k = 1; k < lines.length; k++) {
    const item = ITEM.exec(lines[k]!);
    if (!item) continue;
    const i = item[1]!.length;
    let previous = k - 1;
    while (previous >= 0 && isBlank(lines[previous]!)) previous--;
    // A key that opens a block (`- any:`): this item is its child, not its sibling.
    if (previous < 0 || /:\s*(?:#.*)?$/.test(lines[previous]!)) continue;
    for (let q = previous; q >= 0; q--) {
      const line = lines[q]!;
      if (isBlank(line)) continue;
      const j = indentOf(line);
      if (j < i - 2) break;
      const other = ITEM.exec(line);
      if (!other || j === i) {
        if (other) break;
        continue;
      }
      if (Math.abs(j - i) > 2) continue;
      return { ...whichIsWrong(lines, q, k, j, i) };
    }
  }
  return undefined;
}

/** Items go two spaces under their parent key (or level with it): the one that is not is wrong; else the later one. */
function whichIsWrong(lines: readonly string[], earlier: number, later: number, j: number, i: number): Pair {
  let parent = earlier - 1;
  while (parent >= 0 && (isBlank(lines[parent]!) || indentOf(lines[parent]!) >= Math.min(i, j))) parent--;
  const expected = parent >= 0 ? [indentOf(lines[parent]!), indentOf(lines[parent]!) + 2] : [0, 2];
  if (expected.includes(i) && !expected.includes(j)) return { wrong: earlier, reference: later };
  return { wrong: later, reference: earlier };
}

/**
 * A YAML file that does not parse because a list item is out of line with its list: one message
 * in the author's terms at the first wrong line, instead of the parser's errors about keys (which
 * point past the mistake). `lineOffset` shifts lines, as for article front matter. Undefined when
 * no misaligned list item comes at or before the parser's first error.
 */
export function listIndentDiagnostic(file: string, text: string, firstErrorLine: number, lineOffset = 0): Diagnostic | undefined {
  const lines = text.split(/\r?\n/);
  const pair = firstMisalignedItems(lines);
  if (!pair || pair.wrong + 1 + lineOffset > firstErrorLine) return undefined;
  const wrongAt = indentOf(lines[pair.wrong]!);
  const target = indentOf(lines[pair.reference]!);
  const n = Math.abs(target - wrongAt);
  const spaces = `${n} space${n === 1 ? '' : 's'}`;
  const side = pair.reference < pair.wrong ? 'above' : 'below';
  const short = wrongAt < target;
  return createDiagnostic({
    file,
    line: pair.wrong + 1 + lineOffset,
    column: 1,
    length: wrongAt + 1,
    code: 'KB_E_YAML_INDENT',
    message: `this list item is ${spaces} ${short ? 'short of' : 'further in than'} the item ${side} it — ${short ? 'indent it' : 'move it left'} to line up with the \`-\` on line ${pair.reference + 1 + lineOffset}`,
    hint: `items of one list start in the same column: put the \`-\` in column ${target + 1} (${short ? 'add' : 'remove'} ${spaces})`,
  });
}
