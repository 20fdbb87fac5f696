import { RE2JS } from 're2js';

export interface SafeRegexResult {
  regex?: RE2JS;
  error?: { message: string; hint: string };
}

/**
 * Largest compiled program accepted, in RE2 instructions. RE2 runs in time linear in the text, but
 * the factor is the program size: `(?:[a-z]{1000}){1}` fifty times over (50,000 instructions) took
 * minutes on 100 KiB. Real rules compile to tens of instructions.
 */
export const MAX_REGEX_PROGRAM_SIZE = 500;

const cache = new Map<string, RE2JS>();

/**
 * Compiles an author's regex on RE2 (linear time: no input can make it backtrack), case-insensitive.
 * Compiled once per pattern and shared; matching never compiles.
 */
export function compileSafeRegex(pattern: string): SafeRegexResult {
  const cached = cache.get(pattern);
  if (cached) return { regex: cached };
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    const detail = (error as Error).message.replace(/^error parsing regexp: /, '');
    return { error: { message: `regex not accepted by the linear-time engine (RE2): ${detail}`, hint: regexHint(pattern, detail) } };
  }
  const size = regex.programSize();
  if (size > MAX_REGEX_PROGRAM_SIZE) {
    return {
      error: {
        message: `regex too large for the linear-time engine: it compiles to ${size} instructions, the limit is ${MAX_REGEX_PROGRAM_SIZE}`,
        hint: 'counted repeats such as {500} are expanded into copies: use + or *, or a shorter count, and match the distinctive part only',
      },
    };
  }
  cache.set(pattern, regex);
  return { regex };
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
