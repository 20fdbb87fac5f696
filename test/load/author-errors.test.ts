import { describe, expect, it } from 'vitest';
import { articleTemplate, ruleTemplate } from '../../src/cli/new.js';
import { SCAFFOLD_TEXTS } from '../../src/compile/authoring-warnings.js';
import { formatDiagnostic } from '../../src/diagnostics/format.js';
import { lintSource } from '../../src/check/lint-source.js';
import { knowledgeBaseOf, ruleSource } from '../helpers/knowledge-base.js';

// What an author reads for the usual indentation mistakes: one message at the line to fix, saying how.
const kb = knowledgeBaseOf({ 'rules/base.yaml': ruleSource('base', 'all:\n  - base error') });

function lint(source: string, kind: 'rule' | 'article' = 'rule'): string {
  return lintSource(kb, { source, kind })
    .diagnostics.map((d) => formatDiagnostic(d, source))
    .join('\n\n');
}

const RULE_HEAD = 'id: demo-forbidden\ntitle: Demo service answers 403 Forbidden\ncause: The demo token lacks a role.\nsteps:\n  - Give the token the role.\n';

describe('YAML structure mistakes, in the author\'s terms', () => {
  it('a list item one space short', () => {
    const source = `${RULE_HEAD}when:\n  all:\n    - Forbidden\n   - status: 403\nexamples:\n  match:\n    - "HTTP 403 Forbidden"\n`;
    expect(lint(source)).toBe(
      [
        'rules/untitled.yaml:9:1  error  this list item is 1 space short of the item above it — indent it to line up with the `-` on line 8  KB_E_YAML_INDENT',
        '   9 |    - status: 403',
        '     | ^^^^',
        '  hint: items of one list start in the same column: put the `-` in column 5 (add 1 space)',
      ].join('\n'),
    );
  });

  it('a list item one space too far in, before the item the parser trips on', () => {
    const source = `${RULE_HEAD}when:\n  all:\n    - Forbidden\nexamples:\n  match:\n     - "HTTP 403 Forbidden"\n    - "403 Forbidden"\n`;
    expect(lint(source)).toBe(
      [
        'rules/untitled.yaml:11:1  error  this list item is 1 space further in than the item below it — move it left to line up with the `-` on line 12  KB_E_YAML_INDENT',
        '  11 |      - "HTTP 403 Forbidden"',
        '     | ^^^^^^',
        '  hint: items of one list start in the same column: put the `-` in column 5 (remove 1 space)',
      ].join('\n'),
    );
  });

  it('`no_match:` dedented out of `examples:`', () => {
    const source = `${RULE_HEAD}when:\n  all:\n    - Forbidden\nexamples:\n  match:\n    - "HTTP 403 Forbidden"\nno_match:\n  - "HTTP 404 Not Found"\n`;
    expect(lint(source)).toBe(
      [
        'rules/untitled.yaml:12:1  error  `no_match` belongs under `examples:` — indent it to line up with `match:`  KB_E_MISPLACED_FIELD',
        '  12 | no_match:',
        '     | ^^^^^^^^',
        '  hint: add 2 spaces before `no_match:` (and as many before each line under it)',
      ].join('\n'),
    );
  });

  it('`captures:` indented into `when:`', () => {
    const source = `${RULE_HEAD}when:\n  all:\n    - Forbidden\n  captures:\n    user:\n      regex: 'user (\\w+)'\nexamples:\n  match:\n    - "HTTP 403 Forbidden"\n`;
    expect(lint(source)).toBe(
      [
        'rules/untitled.yaml:9:3  error  `captures` belongs at the top level of the rule, not inside `when:` — move it left to line up with `when:`  KB_E_MISPLACED_FIELD',
        '   9 |   captures:',
        '     |   ^^^^^^^^',
        '  hint: remove 2 spaces before `captures:` (and as many before each line under it)',
      ].join('\n'),
    );
  });

  it('a regex underlined at the construct RE2 refuses', () => {
    const source = `${RULE_HEAD}when:\n  all:\n    - Forbidden\n    - regex: 'token(?!expired)'\nexamples:\n  match:\n    - "HTTP 403 Forbidden token"\n`;
    expect(lint(source)).toContain("   9 |     - regex: 'token(?!expired)'\n     |                    ^^^\n");
  });
});

describe('lint warnings for rules that prove less than they seem', () => {
  it('warns for every scaffold sentence `kb new` writes, at the sentence', () => {
    const rule = lintSource(kb, { source: ruleTemplate('base-two').replace('article: base-two', 'cause: c\nsteps: [s]'), kind: 'rule' }).diagnostics;
    const article = lintSource(kb, { source: articleTemplate('base'), kind: 'article', replacesSaved: true }).diagnostics;
    const left = [...rule, ...article].filter((d) => d.code === 'KB_W_SCAFFOLD_TEXT').map((d) => /^"(.*)" is the scaffold/.exec(d.message)?.[1]);
    expect([...new Set(left)].sort()).toEqual([...SCAFFOLD_TEXTS].sort());
    const title = rule.find((d) => d.code === 'KB_W_SCAFFOLD_TEXT')!;
    expect(formatDiagnostic(title, ruleTemplate('base-two'))).toBe(
      [
        'rules/untitled.yaml:3:8  warning  "Describe the error this rule recognises" is the scaffold\'s example text, left in place  KB_W_SCAFFOLD_TEXT',
        '   3 | title: Describe the error this rule recognises',
        '     |        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
        '  hint: replace it with a title that names this error',
      ].join('\n'),
    );
  });

  it('warns for a no_match example that shares no word with its rule, not for a look-alike', () => {
    const source = `${RULE_HEAD}when:\n  all:\n    - Forbidden\n    - status: 403\nexamples:\n  match:\n    - "HTTP 403 Forbidden"\n  no_match:\n    - "Proxy answered Forbidden to CONNECT"\n    - "connection reset by peer"\n`;
    expect(lint(source)).toBe(
      [
        'rules/untitled.yaml:15:7  warning  this no_match example shares no word with its rule, so it proves nothing  KB_W_NO_MATCH_UNRELATED',
        '  15 |     - "connection reset by peer"',
        '     |       ^^^^^^^^^^^^^^^^^^^^^^^^^^',
        '  hint: use a look-alike: an error with some of the same words (or status, or code) that this rule must not answer',
      ].join('\n'),
    );
  });
});
