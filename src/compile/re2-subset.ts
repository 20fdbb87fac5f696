import { normalizeLiteral } from '../facts/normalize-text.js';

/**
 * A parser for the plain, ASCII part of RE2 syntax that authors actually write (literals,
 * classes, groups, alternation, quantifiers, anchors). It serves two speed-ups that must never
 * change a result: the literals a regex cannot match without (for the prefilter), and an
 * equivalent native RegExp source (RE2 is linear but slow in JavaScript). A pattern outside the
 * subset gives `undefined`, and callers keep using RE2 for it.
 */
type Re2Node =
  | { t: 'char'; c: string }
  | { t: 'atom'; src: string }
  | { t: 'assert'; src: string }
  | { t: 'group'; capture: boolean; alts: Re2Node[][] }
  | { t: 'repeat'; node: Re2Node; min: number; max: number; src: string };

export interface Re2Tree {
  alts: Re2Node[][];
  caseInsensitive: boolean;
}

/** Characters that need a backslash to stand for themselves in a JavaScript regex. */
const JS_SYNTAX = new Set('\\^$.|?*+()[]{}/'.split(''));
/** RE2's \s is [\t\n\f\r ], narrower than JavaScript's. */
const RE2_SPACE = '\\t\\n\\f\\r ';
const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string) => c >= '0' && c <= '9';
const isPunct = (c: string) => c.charCodeAt(0) > 32 && c.charCodeAt(0) < 127 && !isLetter(c) && !isDigit(c);

class Unsupported extends Error {}

/** Parses a pattern, or returns undefined when it uses anything outside the subset. */
export function parseRe2Subset(pattern: string, caseInsensitive: boolean): Re2Tree | undefined {
  if (!/^[\x20-\x7e]*$/.test(pattern)) return undefined;
  // A leading `(?i)` says what matching case-insensitively already does.
  const body = caseInsensitive && pattern.startsWith('(?i)') ? pattern.slice(4) : pattern;
  try {
    return { alts: new SubsetParser(body, caseInsensitive).parseAlts(false), caseInsensitive };
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

const fail = (): never => {
  throw new Unsupported();
};

/** A recursive-descent parser over one pattern; `at` is the position of the next character. */
class SubsetParser {
  at = 0;

  constructor(
    readonly pattern: string,
    readonly caseInsensitive: boolean,
  ) {}

  peek(): string | undefined {
    return this.pattern[this.at];
  }

  next(): string {
    return this.pattern[this.at++] ?? fail();
  }

  parseAlts(nested: boolean): Re2Node[][] {
    const alts: Re2Node[][] = [[]];
    while (this.at < this.pattern.length) {
      const c = this.pattern[this.at]!;
      if (c === ')') {
        if (!nested) fail();
        return alts;
      }
      this.at++;
      if (c === '|') {
        alts.push([]);
        continue;
      }
      alts[alts.length - 1]!.push(this.parseRepeat(this.parseAtom(c)));
    }
    if (nested) fail();
    return alts;
  }

  /** The item that starts with `c` (already consumed). */
  parseAtom(c: string): Re2Node {
    if (c === '(') return this.parseGroup();
    if (c === '[') return this.parseClass();
    if (c === '\\') return this.parseEscape();
    if (c === '.') return { t: 'atom', src: '[^\\n]' };
    if (c === '^' || c === '$') return { t: 'assert', src: c };
    if (c === '*' || c === '+' || c === '?' || c === '{' || c === ']' || c === '}') return fail();
    return { t: 'char', c };
  }

  /** After `(`: a plain, non-capturing or named group. */
  parseGroup(): Re2Node {
    const { pattern } = this;
    let capture = true;
    if (pattern.startsWith('?:', this.at)) {
      capture = false;
      this.at += 2;
    } else if (pattern.startsWith('?P<', this.at) || pattern.startsWith('?<', this.at)) {
      const m = /^\?P?<[A-Za-z_][A-Za-z0-9_]*>/.exec(pattern.slice(this.at)) ?? fail();
      this.at += m[0].length;
    } else if (this.peek() === '?') fail();
    const inner = this.parseAlts(true);
    if (this.peek() !== ')') fail();
    this.at++;
    return { t: 'group', capture, alts: inner };
  }

  classEscape(c: string): string {
    if ('dwDW'.includes(c)) return `\\${c}`;
    if (c === 's') return RE2_SPACE;
    if ('ntfr'.includes(c)) return `\\${c}`;
    if (isPunct(c)) return `\\${c}`;
    return fail();
  }

  /** After `[`. */
  parseClass(): Re2Node {
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.at++;
    }
    if (this.peek() === ']' || this.pattern.startsWith('[:', this.at)) fail();
    const parts: string[] = [];
    while (this.peek() !== ']') {
      if (this.at >= this.pattern.length) fail();
      this.parseClassItem(parts);
    }
    this.at++;
    return { t: 'atom', src: `[${negated ? '^' : ''}${parts.join('')}]` };
  }

  /** One character, escape or range of a class, its JavaScript form added to `parts`. */
  parseClassItem(parts: string[]): void {
    const { pattern } = this;
    let c = this.next();
    if (c === '\\') {
      const e = this.next();
      if (!isPunct(e)) {
        parts.push(this.classEscape(e));
        return;
      }
      c = e;
    } else if (c === '[') fail();
    if (this.peek() === '-' && pattern[this.at + 1] !== ']' && this.at + 1 < pattern.length) {
      this.at++;
      let end = this.next();
      if (end === '\\') {
        end = this.next();
        if (!isPunct(end)) fail();
      } else if (end === '[') fail();
      if (end < c) fail();
      parts.push(`${escapeInClass(c)}-${escapeInClass(end)}`);
      if (this.caseInsensitive) parts.push(...foldedRanges(c, end));
    } else parts.push(escapeInClass(c), ...(this.caseInsensitive && isLetter(c) ? [c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()] : []));
  }

  /** After `\\`. */
  parseEscape(): Re2Node {
    const c = this.next();
    if ('dwDW'.includes(c)) return { t: 'atom', src: `\\${c}` };
    if (c === 's') return { t: 'atom', src: `[${RE2_SPACE}]` };
    if (c === 'S') return { t: 'atom', src: `[^${RE2_SPACE}]` };
    if (c === 'b' || c === 'B') return { t: 'assert', src: `\\${c}` };
    if (c === 'A') return { t: 'assert', src: '^' };
    if (c === 'z') return { t: 'assert', src: '$' };
    if ('ntfr'.includes(c)) return { t: 'atom', src: `\\${c}` };
    if (isPunct(c)) return { t: 'char', c };
    return fail();
  }

  /** A quantifier after `node`, if one follows. */
  parseRepeat(node: Re2Node): Re2Node {
    const c = this.peek();
    let min: number;
    let max: number;
    let src: string;
    if (c === '*' || c === '+' || c === '?') {
      this.at++;
      min = c === '+' ? 1 : 0;
      max = c === '?' ? 1 : Infinity;
      src = c;
    } else if (c === '{') {
      const m = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(this.pattern.slice(this.at));
      if (!m) return fail();
      min = Number(m[1]);
      max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
      if (min > 1000 || (max !== Infinity && (max < min || max > 1000))) fail();
      this.at += m[0].length;
      src = m[0];
    } else return node;
    if (this.peek() === '?') {
      this.at++;
      src += '?';
    }
    const next = this.peek();
    if (next !== undefined && '*+?{'.includes(next)) fail();
    if (node.t === 'assert') fail();
    return { t: 'repeat', node, min, max, src };
  }
}

function escapeInClass(c: string): string {
  return c === ']' || c === '\\' || c === '^' || c === '-' || c === '[' ? `\\${c}` : c;
}

/** The other-case counterparts of the letters inside a range. */
function foldedRanges(from: string, to: string): string[] {
  const out: string[] = [];
  for (const [lo, hi, shift] of [['a', 'z', -32], ['A', 'Z', 32]] as const) {
    const start = from > lo ? from : lo;
    const end = to < hi ? to : hi;
    if (start <= end) out.push(`${String.fromCharCode(start.charCodeAt(0) + shift)}-${String.fromCharCode(end.charCodeAt(0) + shift)}`);
  }
  return out;
}

/**
 * JavaScript source equivalent to the tree on text free of folding hazards (see PasteFacts.foldingHazard).
 * With `relaxBounds`, counted repeats lose their upper bound (`{0,80}` → `{0,}`): the source then
 * matches every text the tree matches, and more — a test that can only say "no" for certain.
 */
export function toNativeSource(tree: Re2Tree, relaxBounds = false): string {
  const node = (n: Re2Node): string => {
    switch (n.t) {
      case 'char':
        if (tree.caseInsensitive && isLetter(n.c)) return `[${n.c.toLowerCase()}${n.c.toUpperCase()}]`;
        return JS_SYNTAX.has(n.c) || n.c === '-' ? `\\${n.c}` : n.c;
      case 'atom':
      case 'assert':
        return n.src;
      case 'group':
        return `(${n.capture ? '' : '?:'}${alts(n.alts)})`;
      case 'repeat':
        return `${node(n.node)}${relaxBounds && n.src.startsWith('{') ? `{${n.min},}` : n.src}`;
    }
  };
  const alts = (list: Re2Node[][]) => list.map((seq) => seq.map(node).join('')).join('|');
  return alts(tree.alts);
}

const MIN_LITERAL = 3;

/**
 * Literals the regex cannot match without, one per top-level alternative, normalized like the
 * paste: the regex can only match if the normalized paste contains one of them. Empty when some
 * alternative has no literal of useful length.
 */
export function requiredLiterals(tree: Re2Tree): string[] {
  const literals: string[] = [];
  for (const seq of tree.alts) {
    const runs: string[] = [];
    let run = '';
    const end = () => {
      runs.push(run);
      run = '';
    };
    const walk = (nodes: Re2Node[]) => {
      for (const n of nodes) {
        if (n.t === 'char') run += n.c;
        else if (n.t === 'assert') continue;
        else if (n.t === 'group' && n.alts.length === 1) walk(n.alts[0]!);
        else if (n.t === 'repeat' && n.min >= 1 && n.node.t === 'char') {
          run += n.node.c;
          end();
          run = n.node.c;
        } else end();
      }
    };
    walk(seq);
    end();
    const best = runs.map(normalizeLiteral).reduce((a, b) => (b.length > a.length ? b : a), '');
    if (best.length < MIN_LITERAL) return [];
    literals.push(best);
  }
  return [...new Set(literals)];
}

/**
 * The longest text the regex can match, when that is finite and the regex has no assertions
 * (^, $, \b …): then a match found in a slice of the text is a match in the whole text, and every
 * match lies within that many characters of the literal it contains.
 */
export function boundedMatchLength(tree: Re2Tree): number | undefined {
  const node = (n: Re2Node): number => {
    switch (n.t) {
      case 'char':
      case 'atom':
        return 1;
      case 'assert':
        return Infinity;
      case 'group':
        return alts(n.alts);
      case 'repeat':
        return n.max === 0 ? 0 : node(n.node) * n.max;
    }
  };
  const alts = (list: Re2Node[][]) => Math.max(...list.map((seq) => seq.reduce((sum, n) => sum + node(n), 0)));
  const length = alts(tree.alts);
  return Number.isFinite(length) ? length : undefined;
}

/**
 * An upper bound of the size of RE2's program for the tree, in instructions, and the largest
 * product of nested counted repeats (RE2 refuses over 1000). Every construct is counted at
 * least as RE2 compiles it: a character, class or assertion is one instruction, a capture two,
 * each alternative after the first one, `+` and `?` one, `*` two, `x{n,m}` n copies of x then m−n
 * optional copies; RE2's own simplifications (factoring alternatives, merging classes) only
 * make its program smaller. Also the deepest nesting of groups and repeats.
 */
export function programSizeBound(tree: Re2Tree): { instructions: number; repeatProduct: number; depth: number } {
  let repeatProduct = 1;
  let depth = 0;
  const node = (n: Re2Node, product: number, level: number): number => {
    depth = Math.max(depth, level);
    switch (n.t) {
      case 'char':
      case 'atom':
      case 'assert':
        return 1;
      case 'group':
        return alts(n.alts, product, level + 1) + (n.capture ? 2 : 0);
      case 'repeat': {
        const counted = n.src.startsWith('{') ? Math.max(n.min, Number.isFinite(n.max) ? n.max : 0) : 1;
        const inner = product * Math.max(1, counted);
        repeatProduct = Math.max(repeatProduct, inner);
        const size = node(n.node, inner, level + 1);
        // x* is (x+)? when x can match empty: two instructions; x{n,} is n−1 copies and x+.
        if (!Number.isFinite(n.max)) return n.min === 0 ? size + 2 : n.min * size + 1;
        return n.max === 0 ? 1 : n.min * size + (n.max - n.min) * (size + 1);
      }
    }
  };
  const alts = (list: Re2Node[][], product: number, level: number) =>
    list.reduce((sum, seq) => sum + Math.max(1, seq.reduce((total, n) => total + node(n, product, level), 0)), 0) + list.length - 1;
  // The fail and match instructions, and the implicit capture of the whole match.
  return { instructions: alts(tree.alts, 1, 0) + 4, repeatProduct, depth };
}
