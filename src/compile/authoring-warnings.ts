import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ConditionSpec, LoadedArticle, LoadedRule } from '../load/types.js';

/**
 * The sentences `kb new` (and the playground's starter rule) write for the author to replace.
 * Left in place they pass the schema, so lint says so. test/load/author-errors.test.ts checks that
 * each appears in a template.
 */
export const SCAFFOLD_TEXTS: readonly string[] = [
  'Describe the error this rule recognises',
  'a phrase the error always contains',
  'a look-alike error this rule must not answer',
  'Describe the problem in a sentence',
  'What the person sees, in their words.',
  'The error message, verbatim',
  'Why it happens.',
  'The first thing to do.',
  'What the person sees when it worked.',
  'How to verify the fix.',
  'Who to contact, with what, if the steps do not help.',
  'https://example.com/docs',
];

const SCAFFOLD_LOWER = SCAFFOLD_TEXTS.map((s) => s.toLowerCase());

/**
 * Calls `visit` with every string of a parsed file and its path, depth first. The path is one
 * array the walk keeps changing (every rule of a large knowledge base is walked at load): copy it
 * to keep it.
 */
function forEachString(value: unknown, visit: (text: string, path: readonly (string | number)[]) => void, path: (string | number)[] = []): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      forEachString(value[i], visit, path);
      path.pop();
    }
  } else if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      path.push(key);
      forEachString((value as Record<string, unknown>)[key], visit, path);
      path.pop();
    }
  }
}

/** A warning for each scaffold sentence still in a rule or an article. */
export function scaffoldTextDiagnostics(loaded: LoadedRule | LoadedArticle): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  forEachString(loaded.spec, (text, path) => {
    const lower = text.toLowerCase();
    const at = SCAFFOLD_LOWER.findIndex((s) => lower.includes(s));
    if (at < 0) return;
    const left = SCAFFOLD_TEXTS[at]!;
    diagnostics.push(
      createDiagnostic({
        file: loaded.file,
        ...loaded.locate([...path], false, left),
        code: 'KB_W_SCAFFOLD_TEXT',
        message: `"${left}" is the scaffold's example text, left in place`,
        hint: `replace it with ${describe(path)}`,
      }),
    );
  });
  return diagnostics;
}

function describe(path: readonly (string | number)[]): string {
  const field = path.filter((s) => typeof s === 'string').join('.');
  if (field === 'title') return 'a title that names this error';
  if (field.startsWith('when')) return 'a phrase the real error message contains';
  if (field === 'examples.match') return 'a real error message this rule must recognise';
  if (field === 'examples.no_match') return 'a real look-alike error this rule must not answer';
  if (field.startsWith('references')) return "the documentation's real title and address";
  return `the ${field.replace(/\./g, ' ')} of this problem, in your own words`;
}

const WORD = /[\p{L}\p{N}]{3,}/gu;
/** Words too common to count as shared. */
const COMMON = new Set(['the', 'and', 'for', 'not', 'with', 'was', 'are', 'this', 'that', 'from', 'you', 'your', 'has', 'have', 'error', 'failed']);
const wordsOf = (text: string) => (text.toLowerCase().match(WORD) ?? []).filter((w) => !COMMON.has(w));

/** The words of a rule: its title, and what its conditions test for (phrases, codes, statuses, hosts, the letters of its regexes). */
function ruleWords(title: string, when: ConditionSpec): Set<string> {
  const words = new Set(wordsOf(title));
  forEachString(when, (text) => {
    for (const w of wordsOf(text)) words.add(w);
  });
  numbers(when, words);
  return words;
}

function numbers(value: unknown, into: Set<string>): void {
  if (typeof value === 'number') into.add(String(value));
  else if (Array.isArray(value)) value.forEach((v) => numbers(v, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => numbers(v, into));
}

/**
 * A `no_match` example that shares no word with the rule's conditions proves nothing: no rule
 * would match it anyway. Useful ones are look-alikes: the same words, a different error.
 */
export function unrelatedNoMatchDiagnostics(loaded: LoadedRule): Diagnostic[] {
  if (!loaded.spec.examples.no_match?.length) return [];
  const words = ruleWords(loaded.spec.title, loaded.spec.when);
  if (!words.size) return [];
  return (loaded.spec.examples.no_match ?? []).flatMap((example, i) => {
    const shared = wordsOf(example).some((w) => words.has(w));
    if (shared) return [];
    return [
      createDiagnostic({
        file: loaded.file,
        ...loaded.locate(['examples', 'no_match', i]),
        code: 'KB_W_NO_MATCH_UNRELATED',
        message: 'this no_match example shares no word with its rule, so it proves nothing',
        hint: 'use a look-alike: an error with some of the same words (or status, or code) that this rule must not answer',
      }),
    ];
  });
}
