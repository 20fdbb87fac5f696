import { RE2JS } from 're2js';
import { LruCache } from '../util/lru-cache.js';
import { parseRe2Subset, programSizeBound } from './re2-subset.js';

/**
 * An author's regex, accepted by RE2 (linear time: no input can make it backtrack) and matched
 * case-insensitively. Only the pattern is kept: the RE2 program (~7 KB) is compiled on demand
 * through a bounded cache, so a large knowledge base does not hold one program per regex, and a
 * reload does not add to what the last one left. Most matching never needs the program
 * (match/native-regex.ts runs an equivalent native regex).
 */
export class SafeRegex {
  constructor(readonly pattern: string) {}

  /** The compiled RE2 program, from the cache of recently used programs. */
  get re2(): RE2JS {
    let program = programs.get(this.pattern);
    if (!program) {
      program = compileRe2(this.pattern);
      programs.set(this.pattern, program);
    }
    return program;
  }
}

export interface SafeRegexResult {
  regex?: SafeRegex;
  error?: { message: string; hint: string };
}

/** The longest paste a regex can meet: the default paste limit, 256 KiB. */
export const WORST_CASE_PASTE_CHARS = 256 * 1024;

/**
 * Most RE2 steps a regex may cost on a worst-case paste. On text the native engine cannot take
 * (folding hazards: an emoji, a long s), RE2 finds spans with its NFA, whose worst case is one step
 * per instruction per character: a program of P instructions costs P × 256 Ki steps on a 256 KiB
 * paste. `x{0,200}q` (403 instructions, 106 M steps) took 8.5 s here; the bound admits at most
 * 256 instructions (64 Mi steps), above every bundled regex, and the time budget is checked
 * before each regex, so one regex is all a paste can overrun it by.
 */
export const MAX_REGEX_COST_STEPS = 64 * 1024 * 1024;

/** Largest compiled program accepted, in RE2 instructions: the cost bound on a worst-case paste. */
export const MAX_REGEX_PROGRAM_SIZE = Math.floor(MAX_REGEX_COST_STEPS / WORST_CASE_PASTE_CHARS);

/** Programs kept for matching: enough for every regex a burst of pastes touches, a few MB at most. */
const programs = new LruCache<string, RE2JS>(256);

const compileRe2 = (pattern: string) => RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);

/** How many RE2 programs are held now (at most the cache's capacity). */
export function cachedRegexPrograms(): number {
  return programs.size;
}

/**
 * Checks an author's regex on RE2: that RE2 accepts it, and that its program is small enough to
 * run fast. The program itself is dropped; SafeRegex compiles it again when a match needs it.
 * A pattern in the plain subset with a small bound is accepted without compiling (compiling is
 * about 0.1 ms, a sixth of loading a rule with a regex); every other pattern is compiled, and
 * every rejection comes from RE2 itself.
 */
export function compileSafeRegex(pattern: string): SafeRegexResult {
  if (surelyAccepted(pattern)) return { regex: new SafeRegex(pattern) };
  let size: number;
  try {
    size = (programs.get(pattern) ?? compileRe2(pattern)).programSize();
  } catch (error) {
    const detail = (error as Error).message.replace(/^error parsing regexp: /, '');
    return { error: { message: `regex not accepted by the linear-time engine (RE2): ${detail}`, hint: regexHint(pattern, detail) } };
  }
  if (size > MAX_REGEX_PROGRAM_SIZE) {
    return {
      error: {
        message: `regex too costly: it compiles to ${size} RE2 instructions, so a 256 KiB paste can cost ${size} × 262,144 = ${(size * WORST_CASE_PASTE_CHARS).toLocaleString('en')} steps; the limit is ${MAX_REGEX_PROGRAM_SIZE} instructions (${MAX_REGEX_COST_STEPS.toLocaleString('en')} steps)`,
        hint: 'counted repeats such as {500} are expanded into copies: use + or *, or a shorter count, and match the distinctive part only',
      },
    };
  }
  return { regex: new SafeRegex(pattern) };
}

/** RE2 accepts the pattern and compiles it to at most MAX_REGEX_PROGRAM_SIZE instructions (test/compile/safe-regex.test.ts checks the bound against RE2). */
export function surelyAccepted(pattern: string): boolean {
  // Group names and flags: RE2 has rules of its own for them (duplicates, `(?<name>`).
  if (/\(\?(?!:)/.test(pattern)) return false;
  const tree = parseRe2Subset(pattern, true);
  if (!tree) return false;
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
