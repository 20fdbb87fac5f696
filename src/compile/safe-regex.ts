import { RE2JS } from 're2js';
import { boundedMatchLength, parseRe2Subset, programSizeBound, requiredLiterals, toNativeSource, type Re2Tree } from './re2-subset.js';

/**
 * An author's regex, accepted by RE2 (linear time: no input can make it backtrack) and matched
 * case-insensitively, with everything matching needs planned when it is compiled:
 * - the literals it cannot match without (the prefilter's keys, and a quick rejection);
 * - for a pattern in the plain ASCII subset, an equivalent native RegExp, a thousand times faster
 *   than RE2 in JavaScript, when V8 can run it in linear time (only once `kb serve` has enabled
 *   V8's linear fallback: util/regexp-linear-fallback.ts);
 * - for a pattern without a native twin, the longest match when finite, so RE2 only scans around
 *   its literals.
 * The RE2 program itself (~7 KB) is compiled when first needed and then kept here: a regex with a
 * native twin needs it only for text whose case folding differs between the engines, which most
 * servers never see, so a large knowledge base does not hold one program per regex.
 */
export class SafeRegex {
  readonly pattern: string;
  /** The normalized paste contains one of these whenever the regex matches (hazard-free text). */
  readonly requiredLiterals: readonly string[];
  /**
   * An equivalent native regex, when the pattern allows. Only `test()` is called on it (no state):
   * a caller that needs `g` or `d` makes its own copy, so no paste leaves `lastIndex` behind.
   */
  readonly native: RegExp | undefined;
  /** For a regex without a native twin, the longest match when finite (see match/native-regex.ts windowsOf). */
  readonly bounded: number | undefined;
  /**
   * For a regex without a native twin because of a counted repeat V8's linear engine cannot run
   * (`[^\n]{0,80}`), a native regex of the same pattern without the upper bounds: it matches
   * everything the regex matches and more, so when it finds nothing RE2 need not run (most texts).
   */
  readonly relaxed: RegExp | undefined;
  #re2: RE2JS | undefined;
  /** An upper bound of the RE2 program's size, from the pattern, when it could be read without compiling. */
  readonly #sizeBound: number | undefined;

  constructor(pattern: string, tree: Re2Tree | undefined = parseRe2Subset(pattern, true), re2?: RE2JS) {
    this.pattern = pattern;
    this.#re2 = re2;
    this.requiredLiterals = tree ? requiredLiterals(tree) : [];
    const native = tree && linearNative(toNativeSource(tree));
    this.native = native;
    const bounded = tree && !native && this.requiredLiterals.length ? boundedMatchLength(tree) : undefined;
    this.bounded = bounded;
    this.relaxed = tree && !native ? linearNative(toNativeSource(tree, true)) : undefined;
    this.#sizeBound = tree ? programSizeBound(tree).instructions : undefined;
  }

  /**
   * What one character of text can cost on RE2's slow path (its NFA): the program's size in
   * instructions, or the bound read from the pattern when the program is not compiled yet.
   * A text of n characters costs at most `cost × n` steps.
   */
  get cost(): number {
    return this.#re2?.programSize() ?? this.#sizeBound ?? this.re2.programSize();
  }

  /** The RE2 program. */
  get re2(): RE2JS {
    return (this.#re2 ??= compileRe2(this.pattern));
  }
}

/** A native RegExp of the source when V8 can run it on its linear-time engine (the `l` flag parses only then). */
function linearNative(source: string): RegExp | undefined {
  try {
    new RegExp(source, 'l');
    return new RegExp(source);
  } catch {
    // No linear fallback enabled, or a pattern V8 cannot run in linear time (large bounded repeats).
    return undefined;
  }
}

export interface SafeRegexResult {
  regex?: SafeRegex;
  /** `construct`: the part of the pattern RE2 refused (`(?=`, `\\1`), for the underline. */
  error?: { message: string; hint: string; construct?: string };
}

/** The longest paste a regex can meet: the default paste limit, 256 KiB. */
const WORST_CASE_PASTE_CHARS = 256 * 1024;

/**
 * Most RE2 steps a regex may cost on a worst-case paste. On text the native engine cannot take
 * (folding hazards: an emoji, a long s), RE2 finds spans with its NFA, whose worst case is one step
 * per instruction per character: a program of P instructions costs P × 256 Ki steps on a 256 KiB
 * paste. `x{0,200}q` (403 instructions, 106 M steps) took 8.5 s here; the bound admits at most
 * 256 instructions (64 Mi steps), above every bundled regex, and the time budget is checked
 * before each regex, so one regex is all a paste can overrun it by.
 */
const MAX_REGEX_COST_STEPS = 64 * 1024 * 1024;

/** Largest compiled program accepted, in RE2 instructions: the cost bound on a worst-case paste. */
export const MAX_REGEX_PROGRAM_SIZE = Math.floor(MAX_REGEX_COST_STEPS / WORST_CASE_PASTE_CHARS);

const compileRe2 = (pattern: string) => RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);

/**
 * Checks an author's regex on RE2 (that RE2 accepts it, and that its program is small enough to
 * run fast) and plans it. A pattern in the plain subset with a small bound is accepted without
 * compiling (compiling is about a sixth of loading a rule with a regex); every other pattern is
 * compiled, its program kept, and every rejection comes from RE2 itself.
 */
export function compileSafeRegex(pattern: string): SafeRegexResult {
  const tree = parseRe2Subset(pattern, true);
  if (tree && surelyAcceptedTree(pattern, tree)) return { regex: new SafeRegex(pattern, tree) };
  let program: RE2JS;
  try {
    program = compileRe2(pattern);
  } catch (error) {
    const detail = (error as Error).message.replace(/^error parsing regexp: /, '');
    const input = (error as { input?: unknown }).input;
    // RE2 reads a lookbehind as a bad group name and quotes the rest of the pattern: the construct is its opening.
    const construct = typeof input === 'string' && /^\(\?<[=!]/.test(input) ? input.slice(0, 4) : input;
    return {
      error: {
        message: `regex not accepted by the linear-time engine (RE2): ${detail}`,
        hint: regexHint(pattern, detail),
        ...(typeof construct === 'string' && construct && construct !== pattern ? { construct } : {}),
      },
    };
  }
  const size = program.programSize();
  if (size > MAX_REGEX_PROGRAM_SIZE) {
    return {
      error: {
        message: `regex too costly: it compiles to ${size} RE2 instructions, so a 256 KiB paste can cost ${size} × 262,144 = ${(size * WORST_CASE_PASTE_CHARS).toLocaleString('en')} steps; the limit is ${MAX_REGEX_PROGRAM_SIZE} instructions (${MAX_REGEX_COST_STEPS.toLocaleString('en')} steps)`,
        hint: 'counted repeats such as {500} are expanded into copies: use + or *, or a shorter count, and match the distinctive part only',
      },
    };
  }
  return { regex: new SafeRegex(pattern, tree, program) };
}

/** RE2 accepts the pattern and compiles it to at most MAX_REGEX_PROGRAM_SIZE instructions (test/compile/safe-regex.test.ts checks the bound against RE2). */
export function surelyAccepted(pattern: string): boolean {
  const tree = parseRe2Subset(pattern, true);
  return tree !== undefined && surelyAcceptedTree(pattern, tree);
}

function surelyAcceptedTree(pattern: string, tree: Re2Tree): boolean {
  // Group names and flags: RE2 has rules of its own for them (duplicates, `(?<name>`).
  if (/\(\?(?!:)/.test(pattern)) return false;
  const bound = programSizeBound(tree);
  return bound.instructions <= MAX_REGEX_PROGRAM_SIZE && bound.repeatProduct <= 1000 && bound.depth <= 100;
}

function regexHint(pattern: string, detail: string): string {
  if (/\(\?<?[=!]/.test(pattern)) return 'lookarounds ((?=, (?!, (?<=, (?<!) are not supported: match the text itself, or split the test into `all:` with a `not:` condition';
  if (/\\[1-9]/.test(pattern)) return 'backreferences are not supported: spell out the repeated text, or use two conditions';
  if (pattern.includes('(?>')) return 'atomic groups are not supported, nor needed (RE2 never backtracks): use a plain group (?:...)';
  if (/[+*?}]\+/.test(pattern) && detail.includes('repetition')) return 'possessive quantifiers (++, *+, ?+) are not supported, nor needed (RE2 never backtracks): drop the second +';
  if (detail.includes('repeat count')) return 'a counted repeat may not exceed 1000, nested repeats included ({100} inside {100} counts as 10,000): use + or *';
  if (/\(\?P?<[^>]*>/.test(pattern) && detail.includes('group name')) return 'name groups as (?P<name>...)';
  return 'rules use RE2 syntax (https://github.com/google/re2/wiki/Syntax); escape literal characters such as . ( ) [ ] with a backslash';
}
