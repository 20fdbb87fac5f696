import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import { matchPaste } from '../../src/match/match-paste.js';
import { knowledgeBaseOf, ruleSource } from '../helpers/knowledge-base.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/unsafe-regex', import.meta.url));

describe('lint rejects regexes the linear-time engine cannot run', () => {
  // In the loader's order: by file, then position. The column is the construct RE2 refused, not the whole pattern.
  const expected: [file: string, line: number, column: number, hint: RegExp][] = [
    ['rules/regex/atomic-group.yaml', 8, 23, /atomic groups are not supported/],
    ['rules/regex/atomic-group.yaml', 9, 31, /possessive quantifiers/],
    ['rules/regex/backreference.yaml', 8, 50, /backreferences are not supported/],
    ['rules/regex/huge-repeat.yaml', 8, 18, /may not exceed 1000/],
    ['rules/regex/lookahead.yaml', 8, 20, /lookarounds .* not supported/],
    ['rules/regex/lookbehind.yaml', 10, 13, /lookarounds .* not supported/],
    ['rules/regex/too-large.yaml', 8, 14, /use \+ or \*/],
  ];

  it('reports each one at its position, with a hint', async () => {
    const { kb, diagnostics } = await loadKnowledgeBase(FIXTURE);
    expect(kb).toBeUndefined();
    const regexErrors = diagnostics.filter((d) => d.code === 'KB_E_REGEX_INVALID');
    expect(regexErrors.map((d) => [d.file, d.line, d.column])).toEqual(expected.map(([file, line, column]) => [file, line, column]));
    regexErrors.forEach((d, i) => {
      expect(d.severity).toBe('error');
      expect(d.hint).toMatch(expected[i]![3]);
    });
  });

  it('fails `kb lint` with a code frame and the hint', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (chunk) => (err += String(chunk)));
    const code = await main({ argv: ['lint', '--kb', FIXTURE], stdout, stderr, env: {} });
    expect(code).toBe(1);
    expect(err).toContain('rules/regex/lookahead.yaml:8:20');
    // The caret underlines `(?=` only.
    expect(err).toContain("   8 |     - regex: 'token(?=expired)'\n     |                    ^^^\n");
    expect(err).toContain('KB_E_REGEX_INVALID');
    expect(err).toMatch(/hint: lookarounds/);
  });
});

describe('catastrophic patterns cannot hang the matcher', () => {
  // Each pattern backtracks exponentially on a backtracking engine; on RE2 it is linear.
  const kb = knowledgeBaseOf({
    'rules/redos/nested-plus.yaml': ruleSource('nested-plus', "regex: '(a+)+$'", "captures:\n  tail:\n    regex: '(a+)+$'"),
    'rules/redos/repeated-dot-star.yaml': ruleSource('repeated-dot-star', "regex: '(.*a){20}'", "captures:\n  head:\n    regex: '(.*a){20}'"),
    'rules/redos/alternation.yaml': ruleSource('alternation', "json: { path: message, regex: '^(a|aa)+$' }"),
  });
  const KIB_100 = 100 * 1024;

  it('answers on 100 KiB that makes a backtracking engine give up', async () => {
    const started = performance.now();
    // "a…a!" defeats (a+)+$ and (a|aa)+$; (.*a){20} matches it, so its spans and capture are computed too.
    const result = await matchPaste(kb, `${'a'.repeat(KIB_100)}!`, { timeoutMs: 60_000 });
    expect(result.matches.map((m) => m.rule.id)).toEqual(['repeated-dot-star']);
    // Fewer than 20 a's: (.*a){20} must fail, which is where backtracking explodes; (a+)+$ holds at the end.
    const sparse = `${'b'.repeat(KIB_100)}${'a'.repeat(19)}`;
    expect((await matchPaste(kb, sparse, { timeoutMs: 60_000 })).matches.map((m) => m.rule.id)).toEqual(['nested-plus']);
    const json = `{"message":"${'a'.repeat(KIB_100)}!"}`;
    expect((await matchPaste(kb, json, { timeoutMs: 60_000 })).matches.map((m) => m.rule.id)).toEqual(['repeated-dot-star']);
    // A generous bound: a backtracking engine would not finish this in our lifetime.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
