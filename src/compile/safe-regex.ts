import { RE2JS } from 're2js';

export interface SafeRegexResult {
  regex?: RE2JS;
  error?: { message: string; hint: string };
}

const cache = new Map<string, RE2JS>();

/**
 * Compiles an author's regex on RE2 (linear time: no input can make it backtrack), case-insensitive.
 * Compiled once per pattern and shared; matching never compiles.
 */
export function compileSafeRegex(pattern: string): SafeRegexResult {
  const cached = cache.get(pattern);
  if (cached) return { regex: cached };
  try {
    const regex = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    cache.set(pattern, regex);
    return { regex };
  } catch (error) {
    const detail = (error as Error).message.replace(/^error parsing regexp: /, '');
    return { error: { message: `regex not accepted by the linear-time engine: ${detail}`, hint: regexHint(pattern, detail) } };
  }
}

function regexHint(pattern: string, detail: string): string {
  if (/\(\?[=!<]/.test(pattern)) return 'lookarounds are not supported: match the text itself, or split the test into `all:` with a `not:` condition';
  if (/\\[1-9]/.test(pattern)) return 'backreferences are not supported: spell out the repeated text, or use two conditions';
  if (/\(\?P?<[^>]*>/.test(pattern) && detail.includes('group name')) return 'name groups as (?P<name>...)';
  return 'rules use RE2 syntax (https://github.com/google/re2/wiki/Syntax); escape literal characters such as . ( ) [ ] with a backslash';
}
