/** One edit of a source file: what an author's slip, a bad merge or a truncated save does. */
export type SourceEdit =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'swap-lines'; at: number; with: number }
  | { kind: 'indent'; at: number; by: number }
  | { kind: 'truncate'; at: number };

/** `source` with the edits applied in turn; positions wrap around the text (or its lines). */
export function mutate(source: string, edits: readonly SourceEdit[]): string {
  let text = source;
  for (const edit of edits) {
    const at = text.length ? edit.at % text.length : 0;
    const lines = text.split('\n');
    const line = lines.length ? edit.at % lines.length : 0;
    switch (edit.kind) {
      case 'delete':
        text = text.slice(0, at) + text.slice(at + edit.length);
        break;
      case 'insert':
        text = text.slice(0, at) + edit.text + text.slice(at);
        break;
      case 'duplicate-line':
        lines.splice(line, 0, lines[line] ?? '');
        text = lines.join('\n');
        break;
      case 'swap-lines': {
        const other = edit.with % lines.length;
        [lines[line], lines[other]] = [lines[other]!, lines[line]!];
        text = lines.join('\n');
        break;
      }
      case 'indent':
        lines[line] = edit.by >= 0 ? ' '.repeat(edit.by) + lines[line] : lines[line]!.replace(new RegExp(`^ {0,${-edit.by}}`), '');
        text = lines.join('\n');
        break;
      case 'truncate':
        text = text.slice(0, at);
        break;
    }
  }
  return text;
}
