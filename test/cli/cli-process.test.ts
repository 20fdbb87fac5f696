import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemp, writeTempKb } from '../helpers/temp-kb.js';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/kb.js');
const SEED = 'Error authenticating: Forbidden. Errors reported by remote server';

function kb(args: string[], input?: string | Buffer, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { input, env: { ...process.env, KB_DIR: '', ...env }, timeout: 30_000 });
  return { code: result.status, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
}

const temps: string[] = [];
afterAll(() => temps.forEach(removeTemp));

describe('kb as a process', () => {
  it('requires a build (npm test builds first)', () => {
    expect(existsSync(join(ROOT, 'dist/cli/main.js'))).toBe(true);
  });

  it('kb match answers the seed error with its article, human-readable', () => {
    const { code, stdout } = kb(['match', SEED]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Okta cannot provision to Atlassian Cloud/);
    expect(stdout).toContain('Steps:\n  1. ');
    expect(stdout).toContain('Why it matched:');
  });

  it('kb match --json prints the API object, seed article first', () => {
    const { code, stdout } = kb(['match', '--json', SEED]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.matches[0].rule.id).toBe('atlassian-cloud-scim-api-key-invalid');
    expect(result.matches[0].article.steps.length).toBeGreaterThan(3);
    expect(result).toHaveProperty('facts');
    expect(typeof result.took_ms).toBe('number');
  });

  it('kb match reads stdin when TEXT is omitted or "-"', () => {
    for (const args of [['match', '--json'], ['match', '--json', '-']]) {
      const { code, stdout } = kb(args, `2026-11-28T09:14:03Z WARN ${SEED}\n`);
      expect(code).toBe(0);
      expect(JSON.parse(stdout).matches[0].rule.id).toBe('atlassian-cloud-scim-api-key-invalid');
    }
  });

  it('kb match exits 1 with a plain message when nothing matches', () => {
    const { code, stdout } = kb(['match', 'segmentation fault (core dumped)']);
    expect(code).toBe(1);
    expect(stdout).toContain('No article matches this error yet.');
  });

  it('kb match exits 2 on empty, binary or non-UTF-8 input', () => {
    expect(kb(['match'], '   \n').code).toBe(2);
    const binary = kb(['match'], Buffer.from([0x00, 0x01, 0x02, 0x41, 0x00]));
    expect(binary.code).toBe(2);
    expect(binary.stderr).toContain('binary');
    const latin1 = kb(['match'], Buffer.from([0x45, 0x72, 0x72, 0xe9, 0x72]));
    expect(latin1.code).toBe(2);
    expect(latin1.stderr).toContain('not valid UTF-8');
  });

  it('kb match exits 2 on a bad flag', () => {
    const { code, stderr } = kb(['match', '--context', 'colour=red', SEED]);
    expect(code).toBe(2);
    expect(stderr).toContain('product=NAME');
  });

  it('kb lint exits 0 on the bundled knowledge base', () => {
    const { code, stdout } = kb(['lint']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/0 errors/);
  });

  it('kb lint exits 1 with file:line:col and a code frame on a broken knowledge base', () => {
    const fixture = join(ROOT, 'test/fixtures/diagnostics/kb-e-unknown-fact');
    const { code, stderr } = kb(['lint', '--kb', fixture]);
    expect(code).toBe(1);
    expect(stderr).toContain('rules/demo/demo-error.yaml:7:7  error  unknown fact "stauts"  KB_E_UNKNOWN_FACT');
    expect(stderr).toContain('   7 |     - stauts: 403');
    expect(stderr).toContain('hint: did you mean "status"?');
  });

  it('kb lint --format json gives the same diagnostics as data', () => {
    const { code, stdout } = kb(['lint', '--format', 'json', '--kb', join(ROOT, 'test/fixtures/diagnostics/kb-e-unknown-fact')]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(false);
    expect(report.diagnostics[0]).toMatchObject({ file: 'rules/demo/demo-error.yaml', line: 7, column: 7, code: 'KB_E_UNKNOWN_FACT', severity: 'error' });
  });

  it('kb test passes on the bundled knowledge base and fails with positions when an example fails', () => {
    const ok = kb(['test']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/examples: \d+ passed, 0 failed/);

    const root = writeTempKb({
      'articles/demo.md': '---\nid: demo\ntitle: Demo article\nsummary: s\ncause: c\nsteps:\n  - do it\n---\n',
      'rules/x/demo.yaml': 'id: demo\ntitle: Demo rule\narticle: demo\nwhen: demo failure\nexamples:\n  match:\n    - "demo failure"\n    - "something else"\n  no_match:\n    - "a demo failure look-alike"\n',
    });
    temps.push(root);
    const failing = kb(['test', '--kb', root, '--report']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('rules/x/demo.yaml:8:5  FAIL  demo › match #2');
    expect(failing.stdout).toContain('rules/x/demo.yaml:10:5  FAIL  demo › no_match #1');
    expect(failing.stdout).toContain('1 passed, 2 failed');
    expect(failing.stdout).toContain('coverage: 1/1 articles have rules; 0/1 rules have enough examples');
  });

  it('kb new scaffolds a rule and an article that lint accepts, and never overwrites', () => {
    const root = writeTempKb({});
    temps.push(root);
    expect(kb(['new', 'article', 'my-error', '--kb', root]).code).toBe(0);
    expect(kb(['new', 'rule', 'my-error', '--area', 'demo', '--kb', root]).code).toBe(0);
    const rule = readFileSync(join(root, 'rules/demo/my-error.yaml'), 'utf8');
    expect(rule.startsWith('# yaml-language-server: $schema=../../schemas/rule.schema.json')).toBe(true);
    const lint = kb(['lint', '--kb', root]);
    expect(lint.stdout + lint.stderr).toMatch(/0 errors/);
    expect(lint.code).toBe(0);
    expect(kb(['new', 'rule', 'my-error', '--area', 'demo', '--kb', root]).code).toBe(1);
    expect(kb(['new', 'rule', 'Bad_Id', '--kb', root]).code).toBe(2);
  });

  it('kb with an unknown command prints usage and exits 2', () => {
    const { code, stderr } = kb(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toContain('Usage:');
  });
});
