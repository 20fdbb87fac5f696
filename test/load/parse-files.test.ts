import { describe, expect, it } from 'vitest';
import { parseArticleSource, parseRuleSource } from '../../src/load/parse-files.js';
import { readKnowledgeBase } from '../../src/load/read-knowledge-base.js';
import { compileKnowledgeBase } from '../../src/compile/compile-knowledge-base.js';
import { removeTemp, writeTempKb } from '../helpers/temp-kb.js';

const at = (d: { file: string; line: number; column: number }) => `${d.file}:${d.line}:${d.column}`;

describe('parseRuleSource', () => {
  it('accepts a one-line `when` and fills defaults', () => {
    const { value, diagnostics } = parseRuleSource('r.yaml', 'id: r\ntitle: A rule\narticle: a\nwhen: some error\nexamples:\n  match: ["some error"]\n', { checkFileName: false });
    expect(diagnostics).toEqual([]);
    expect(value!.spec.when).toBe('some error');
  });

  it('reports a condition with two keys as one precise error', () => {
    const src = 'id: r\ntitle: A rule\narticle: a\nwhen:\n  all:\n    - contains: x\n      status: 403\nexamples:\n  match: ["x"]\n';
    const { diagnostics } = parseRuleSource('r.yaml', src, { checkFileName: false });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'KB_E_INVALID_VALUE', line: 6, column: 7 });
    expect(diagnostics[0]!.hint).toContain('all:');
  });

  it('reports a wrongly shaped status with the forms it accepts', () => {
    const src = 'id: r\ntitle: A rule\narticle: a\nwhen:\n  status: forbidden\nexamples:\n  match: ["x"]\n';
    const { diagnostics } = parseRuleSource('r.yaml', src, { checkFileName: false });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'KB_E_INVALID_VALUE', line: 5, column: 11 });
    expect(diagnostics[0]!.hint).toContain('status: [401, 403]');
  });

  it('asks for `article` or inline `steps`', () => {
    const { diagnostics } = parseRuleSource('r.yaml', 'id: r\ntitle: A rule\nwhen: x\nexamples:\n  match: ["x"]\n', { checkFileName: false });
    expect(diagnostics.map((d) => d.message)).toEqual(['the rule has neither `article` nor inline `steps`']);
  });

  it('reports an alias to no anchor as a YAML error at the alias, not an exception', () => {
    const { value, diagnostics } = parseRuleSource('r.yaml', 'id: r\ntitle: *x\n', { checkFileName: false });
    expect(value).toBeUndefined();
    expect(diagnostics.map((d) => `${at(d)} ${d.code}`)).toEqual(['r.yaml:2:8 KB_E_YAML_SYNTAX']);
    expect(diagnostics[0]!.message).toMatch(/^Unresolved alias/);
  });

  it('rejects a file that is not a mapping', () => {
    expect(parseRuleSource('r.yaml', '- just\n- a list\n').diagnostics[0]!.code).toBe('KB_E_INVALID_VALUE');
  });
});

describe('parseArticleSource', () => {
  it('reports front-matter positions as lines of the whole file', () => {
    const src = '---\nid: a\ntitle: An article\nsummary: s\ncause: c\nsteps:\n  - text: x\n    expectt: y\n---\nbody\n';
    const { diagnostics } = parseArticleSource('a.md', src, { checkFileName: false });
    expect(diagnostics.map(at)).toEqual(['a.md:8:5']);
    expect(diagnostics[0]!.hint).toBe('did you mean "expect"?');
  });

  it('keeps the Markdown body', () => {
    const { value } = parseArticleSource('a.md', '---\nid: a\ntitle: An article\nsummary: s\ncause: c\nsteps: [x]\n---\n# Body\n', { checkFileName: false });
    expect(value!.body).toBe('# Body\n');
  });
});

describe('a whole knowledge base', () => {
  it('reports every problem of every file in one run', async () => {
    const root = writeTempKb({
      'articles/a.md': '---\nid: a\ntitle: An article\nsummary: s\ncause: c\nsteps: [x]\nupdated: yesterday\n---\n',
      'rules/x/one.yaml': 'id: one\ntitle: Rule one\narticle: b\nwhen: x\nexamples:\n  match: ["x"]\n',
      'rules/x/two.yaml': 'id: two\ntitle: Rule two\narticle: a\nwhen:\n  regex: "(a)\\\\1"\nexamples:\n  match: ["x"]\n',
      'rules/x/three.yaml': 'id: three\ntitle: [unclosed\n',
    });
    try {
      const { diagnostics, kb } = compileKnowledgeBase(await readKnowledgeBase(root));
      expect(kb).toBeUndefined();
      expect(diagnostics.filter((d) => d.severity === 'error').map((d) => `${at(d)} ${d.code}`)).toEqual([
        'articles/a.md:7:10 KB_E_INVALID_VALUE',
        'rules/x/one.yaml:3:10 KB_E_UNKNOWN_ARTICLE',
        'rules/x/three.yaml:3:1 KB_E_YAML_SYNTAX',
        'rules/x/two.yaml:5:10 KB_E_REGEX_INVALID',
      ]);
    } finally {
      removeTemp(root);
    }
  });
});

describe('loading file by file', () => {
  it('reports what reading everything first and compiling after reports', async () => {
    const { loadKnowledgeBase } = await import('../../src/load-knowledge-base.js');
    const root = writeTempKb({
      'articles/a.md': '---\nid: a\ntitle: An article\nsummary: s\ncause: c\nsteps: [x]\n---\n',
      'articles/b.md': '---\nid: b\ntitle: [unclosed\n---\n',
      'rules/x/one.yaml': 'id: one\ntitle: Rule one\narticle: a\nwhen: x\nexamples:\n  match: ["x"]\n',
      'rules/y/one.yaml': 'id: one\ntitle: Rule one again\narticle: a\nwhen: y\nexamples:\n  match: ["y"]\n',
      'rules/x/two.yaml': 'id: two\ntitle: Rule two\narticle: b\nwhen:\n  not: z\nexamples:\n  match: ["x"]\n',
    });
    try {
      const streamed = await loadKnowledgeBase(root);
      const whole = compileKnowledgeBase(await readKnowledgeBase(root));
      expect(streamed.diagnostics.map((d) => `${at(d)} ${d.code}`)).toEqual([
        'articles/b.md:3:17 KB_E_YAML_SYNTAX',
        'rules/x/two.yaml:4:1 KB_W_NO_PREFILTER',
        'rules/y/one.yaml:1:5 KB_E_DUPLICATE_ID',
      ]);
      expect(streamed.diagnostics).toEqual(whole.diagnostics);
      expect([...streamed.sources.keys()].sort()).toEqual(['articles/a.md', 'articles/b.md', 'rules/x/one.yaml', 'rules/x/two.yaml', 'rules/y/one.yaml']);
    } finally {
      removeTemp(root);
    }
  });
});
