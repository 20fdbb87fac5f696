import { load, Schema, Type, type State } from 'js-yaml';

/**
 * A fast parse of "plain" YAML with js-yaml, ten times faster than the `yaml` package, for the
 * files where both parsers are certain to agree. The `yaml` package stays the source of truth:
 * it reports syntax errors and positions, and it parses every file this one is not sure about.
 * test/load/plain-yaml.test.ts checks the agreement on every bundled file, every fixture and
 * generated rule-like YAML.
 */

/**
 * The plain scalars of the `yaml` package's core schema (its default), with its patterns and
 * conversions, so a plain scalar means the same in both parsers. No explicit tags exist here:
 * a file with `!!str` or `!tag` makes js-yaml throw, and `yaml` parses it.
 */
const CORE_SCALARS: [pattern: RegExp, construct: (text: string) => unknown][] = [
  [/^(?:~|[Nn]ull|NULL)?$/, () => null],
  [/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === 't' || text[0] === 'T'],
  [/^0o[0-7]+$/, (text) => parseInt(text.substring(2), 8)],
  [/^[-+]?[0-9]+$/, (text) => parseInt(text, 10)],
  [/^0x[0-9a-fA-F]+$/, (text) => parseInt(text.substring(2), 16)],
  [/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (text) => (text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY)],
  [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, parseFloat],
  [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, parseFloat],
];
/** Every core-schema scalar but the empty one starts with one of these; most plain text does not. */
const SCALAR_START = /^[~nNtTfF0-9+\-.]/;

/** One implicit type for all of them: js-yaml tries each type on every plain scalar, keys included. */
const coreScalar = new Type('tag:kb.invalid,2026:core-scalar', {
  kind: 'scalar',
  resolve: (text: string) => text === '' || (SCALAR_START.test(text) && CORE_SCALARS.some(([pattern]) => pattern.test(text))),
  construct: (text: string) => CORE_SCALARS.find(([pattern]) => pattern.test(text))![1](text),
});
const CORE_SCHEMA = new Schema({ implicit: [coreScalar], explicit: [] });

/**
 * Text where the parsers may part ways, or where js-yaml has bugs: directives and document
 * markers, tabs, a byte-order mark, a lone CR; a comment glued to a quote or a bracket (`yaml`
 * rejects it, js-yaml does not); explicit keys (`? `), which can make collections keys; an empty
 * block sequence entry (`-` then nothing), which js-yaml can nest under the wrong parent; block
 * scalars with keep chomping or an indentation indicator (`|+`, `>2`), whose blank lines and
 * indentation the parsers can read differently.
 */
const UNSURE_TEXT = /^(?:%|---|\.\.\.)|[\t\ufeff]|\r(?!\n)|["'\]}]#|^[ ]*(?:-[ ]+)*\?(?:[ \r\n]|$)|[[{,][ ]*\?(?:[ \r\n]|$)|^[ ]*(?:-[ ]+)*-[ ]*(?:#.*)?\r?$|[|>](?:[1-9][-+]?|[-+][1-9]|\+)[ ]*(?:#.*)?\r?$/m;

/**
 * A quick test that is true whenever UNSURE_TEXT may match (every alternative of it needs one of
 * these characters, a document marker at a line start, or a line ending in `-`), so most files
 * skip the slower multi-line pattern.
 */
function mayBeUnsure(text: string): boolean {
  return (
    /[\t\ufeff\r\u2028\u2029#?%|>]/.test(text) ||
    /-[ ]*(?:\n|$)/.test(text) ||
    text.startsWith('---') ||
    text.startsWith('...') ||
    text.includes('\n---') ||
    text.includes('\n...')
  );
}

/** A collection followed by `:` is a key: `yaml` and js-yaml write such keys differently. */
const COLON_AFTER = /[ ]*:/y;

/** Thrown from inside js-yaml to give up the fast path. */
const UNSURE = new Error('not plain YAML');

interface NodeState extends State {
  tag: string | null;
  anchor: string | null;
}

/** Where each node being composed starts (before its leading space and comments), outermost first. */
const opened: number[] = [];
/** The text as js-yaml holds it (with a terminator it appends), which every parsed string is a slice of. */
let parsedText = '';

function watchNode(this: State, event: string, state: State): void {
  if (event === 'open') {
    opened.push(state.position);
    parsedText = state.input;
    return;
  }
  const start = opened.pop()!;
  const node = state as NodeState;
  // Anchors and aliases, and the non-specific tag `!`.
  if (node.anchor !== null || node.tag === '!') throw UNSURE;
  if (node.kind !== 'mapping' && node.kind !== 'sequence') return;
  COLON_AFTER.lastIndex = node.position;
  if (COLON_AFTER.test(node.input)) throw UNSURE;
  // A collection in a flow mapping is a key unless a `:` comes before it (`{[a, b]}`, `{[a], b: c}`).
  const parent = opened[opened.length - 1];
  if (parent !== undefined && node.input[contentStart(node.input, parent)] === '{' && charBefore(node.input, contentStart(node.input, start)) !== ':') throw UNSURE;
}

/** The first offset at or after `at` that is neither separation space nor a comment. */
function contentStart(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text[i];
    if (c === ' ' || c === '\n' || c === '\r') i++;
    else if (c === '#') while (i < text.length && text[i] !== '\n') i++;
    else return i;
  }
}

/** The last character before `at` that is not a space or a line break. */
function charBefore(text: string, at: number): string | undefined {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r')) i--;
  return text[i];
}

const throwUnsure = () => {
  throw UNSURE;
};

/**
 * Keys whose text differs between the parsers: an empty or null key (`yaml` writes "", js-yaml
 * "null"), a merge key, a stringified collection, and keys long enough for `yaml`'s limit on
 * implicit keys (1024 characters of source).
 */
function keysAgree(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(keysAgree);
  if (value === null || typeof value !== 'object') return true;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'null' || key === '<<' || key === '[object Object]' || key.length > 100 || !keysAgree(child)) return false;
  }
  return true;
}

/**
 * The value of `text` when it is a plain YAML mapping that parses without error, exactly as the
 * `yaml` package would give it (`parseDocument(text).toJS()`), and the text itself as a string
 * that shares memory with the value's strings; undefined when not sure, including
 * for every text with an error and every document that is not a mapping: the caller then parses
 * with `yaml`.
 */
export function parsePlainYaml(text: string): { value: unknown; source: string } | undefined {
  if (mayBeUnsure(text) && UNSURE_TEXT.test(text)) return undefined;
  let value: unknown;
  opened.length = 0;
  parsedText = '';
  try {
    value = load(text, { schema: CORE_SCHEMA, onWarning: throwUnsure, listener: watchNode });
  } catch {
    return undefined;
  }
  // Only a mapping is a rule or an article: anything else is an error, which `yaml` reports.
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !keysAgree(value)) return undefined;
  // js-yaml parses a copy of the text (it appends a terminator), and the strings of the value
  // are slices of that copy: a source taken from it too means one copy of each file is kept.
  const source = parsedText.slice(0, text.length);
  parsedText = '';
  return { value, source: source === text ? source : text };
}
