import { LineCounter, parseDocument, isMap, isNode, isPair, isScalar, visit, type Document, type Node } from 'yaml';
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { listIndentDiagnostic } from './list-indent.js';
import { parsePlainYaml } from './plain-yaml.js';
import type { Locator, SourcePosition } from './types.js';

export interface ParsedYaml {
  value: unknown;
  /** The text, as a string that shares memory with the strings of `value` where it can: keep this one. */
  source: string;
  locate: Locator;
  diagnostics: Diagnostic[];
}

/**
 * Parses YAML keeping positions. `lineOffset` shifts reported lines, for YAML that starts
 * below the top of its file (article front matter).
 *
 * Plain YAML takes the fast path (load/plain-yaml.ts); everything else, and every file with an
 * error, is parsed by the `yaml` package, which reports exactly what it reports on its own.
 * Positions are found lazily: `locate` keeps only the text and parses it with `yaml` when a
 * diagnostic first asks, so no syntax tree outlives the parse of a file that needs none.
 */
export function parseYamlWithPositions(file: string, text: string, lineOffset = 0): ParsedYaml {
  const plain = parsePlainYaml(text);
  if (plain) return { value: plain.value, source: plain.source, locate: lazyLocator(plain.source, lineOffset), diagnostics: [] };
  const { doc, lineCounter } = parseWithYaml(text);
  const diagnostics: Diagnostic[] = [];
  // A YAML syntax error over [from, to) of the text.
  const syntaxError = (from: number, to: number, message: string, hint: string | undefined): Diagnostic => {
    const start = lineCounter.linePos(from);
    const end = lineCounter.linePos(to);
    const length = end.line === start.line ? end.col - start.col : 1;
    return createDiagnostic({ file, line: start.line + lineOffset, column: start.col, length, code: 'KB_E_YAML_SYNTAX', message: firstSentence(message), hint });
  };
  for (const error of doc.errors) diagnostics.push(syntaxError(error.pos[0], error.pos[1], error.message, yamlHint(error.code, error.message)));
  // A list item out of line explains the parser's errors after it: say that, at the line to fix.
  const misaligned = diagnostics.length ? listIndentDiagnostic(file, text, Math.min(...diagnostics.map((d) => d.line)), lineOffset) : undefined;
  if (misaligned) diagnostics.splice(0, diagnostics.length, misaligned);
  if (diagnostics.length) return { value: undefined, source: text, locate: lazyLocator(text, lineOffset), diagnostics };
  try {
    return { value: doc.toJS(), source: text, locate: lazyLocator(text, lineOffset), diagnostics };
  } catch (error) {
    // yaml reports no error for an alias to no anchor (`*x`), then throws when building the value.
    const alias = firstAlias(doc);
    diagnostics.push(
      syntaxError(
        alias?.range?.[0] ?? 0,
        alias?.range?.[1] ?? 0,
        (error as Error).message,
        'an unquoted value starting with * is an alias: quote the value, or define the anchor (&name) before using it',
      ),
    );
    return { value: undefined, source: text, locate: lazyLocator(text, lineOffset), diagnostics };
  }
}

function firstAlias(doc: Document): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Alias(_, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

function parseWithYaml(text: string): { doc: Document; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  return { doc: parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true }), lineCounter };
}

/** A locator that parses the text on its first call and keeps that parse for the next ones. */
function lazyLocator(text: string, lineOffset: number): Locator {
  let parsed: ReturnType<typeof parseWithYaml> | undefined;
  return (path, key = false, within) => {
    parsed ??= parseWithYaml(text);
    const { doc, lineCounter } = parsed;
    const toPosition = (offset: number, end: number): SourcePosition => {
      const { line, col } = lineCounter.linePos(offset);
      const endPos = lineCounter.linePos(end);
      return { line: line + lineOffset, column: col, length: endPos.line === line ? Math.max(1, endPos.col - col) : 1 };
    };
    // The part of a scalar (an unsupported regex construct) where it is written as is.
    const narrow = (start: number, end: number): SourcePosition => {
      // In double quotes a backslash is written twice: the construct is not there as is.
      const escaped = text[start] === '"' && within!.includes('\\');
      const at = within && !escaped ? text.slice(start, end).indexOf(within) : -1;
      return at >= 0 ? toPosition(start + at, start + at + within!.length) : toPosition(start, end);
    };
    return locateInDocument(doc, path, key, within ? narrow : toPosition);
  };
}

function locateInDocument(
  doc: Document,
  path: readonly (string | number)[],
  key: boolean,
  toPosition: (start: number, end: number) => SourcePosition,
): SourcePosition {
  // Walk down as far as the path exists, so a missing field points at its parent.
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const segment of path) {
    if (!isNode(node)) break;
    const child = (node as { items?: unknown[] }).items;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (Array.isArray(child) && typeof segment === 'number' && child[segment] !== undefined) {
      keyNode = undefined;
      node = child[segment];
    } else break;
  }
  const target = key && keyNode ? keyNode : isNode(node) ? node : keyNode;
  const range = target?.range;
  if (!range) return { line: 1, column: 1, length: 1 };
  return toPosition(range[0], isScalar(target) || key ? range[1] : range[0] + 1);
}

function firstSentence(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

function yamlHint(code: string, message: string): string | undefined {
  if (/quote/i.test(message)) return 'close the quoted string on the same line, or use a block scalar (|) for text over several lines';
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'remove or rename one of the two keys';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation: nested items use two more spaces than their parent';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'quote the value, or put a space after the colon of the key';
    default:
      return 'quote strings that contain ": ", "#", or start with a special character';
  }
}
