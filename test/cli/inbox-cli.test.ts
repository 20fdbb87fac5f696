import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRuleExamples } from '../../src/check/run-examples.js';
import { main } from '../../src/cli/main.js';
import { prepareFeedback, prepareUnmatched } from '../../src/learn/prepare-records.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { article, loadValidKb, removeTemp, rule, writeTempKb } from '../helpers/temp-kb.js';

const ROOT = join(import.meta.dirname, '../..');

async function kb(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (append(String(chunk)), done()) });
  const code = await main({ argv, stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env: { KB_DIR: '', ...env } });
  return { code, stdout, stderr };
}

const UNKNOWN = (id: string, at: string, n: number) => `${at} ERROR [ledger] reconciliation batch ${n} aborted: ledger snapshot ${id} is locked by another writer`;

describe('kb inbox, kb inbox draft, kb stats', () => {
  let data: string;
  let kbDir: string;
  let group: string;
  beforeAll(async () => {
    data = join(mkdtempSync(join(tmpdir(), 'kb-inbox-')), 'data');
    kbDir = writeTempKb({
      'articles/disk-full.md': article('disk-full'),
      'articles/ledger-locks.md': '---\nid: ledger-locks\ntitle: Ledger snapshot locked\nsummary: A batch cannot lock the ledger.\ncause: Another writer holds the lock.\nsteps:\n  - Wait for the other writer.\n---\n',
      'rules/storage/disk-full.yaml': rule('disk-full', '  all:\n    - "no space left on device"', { match: ['write failed: no space left on device'] }),
    });
    const store = new SqliteStore(data);
    group = (await store.recordUnmatched(prepareUnmatched(UNKNOWN('9f8e7d6c5b4a', '2026-11-29T10:00:00Z', 17)))).id;
    await store.recordUnmatched(prepareUnmatched(UNKNOWN('0123abcd4567', '2026-11-30T12:34:56Z', 18)));
    await store.recordUnmatched(prepareUnmatched('panic: runtime error: index out of range [3] with length 3'));
    await store.recordServed(['disk-full']);
    await store.recordFeedback(prepareFeedback({ rule: 'disk-full', article: 'disk-full', helpful: true }));
    await store.close();
  });
  afterAll(() => {
    removeTemp(join(data, '..'));
    removeTemp(kbDir);
  });

  it('lists groups most frequent first, as text and as JSON', async () => {
    const text = await kb(['inbox', '--data', data]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`1\\. ${group}  ×2 `));
    expect(text.stdout).toContain('2 groups');
    const json = JSON.parse((await kb(['inbox', '--json', '--top', '1'], { KB_DATA_DIR: data })).stdout);
    expect(json.groups).toHaveLength(1);
    expect(json.groups[0]).toMatchObject({ id: group, count: 2 });
  });

  it('says the inbox is empty without creating a database', async () => {
    const empty = join(mkdtempSync(join(tmpdir(), 'kb-inbox-')), 'none');
    const { code, stdout } = await kb(['inbox', '--data', empty]);
    expect(code).toBe(0);
    expect(stdout).toContain('The inbox is empty');
    expect(() => readdirSync(empty)).toThrow();
  });

  it('drafts a rule against an existing article that passes lint, and whose example passes kb test', async () => {
    const { code, stdout } = await kb(['inbox', 'draft', group.slice(0, 6), '--data', data, '--kb', kbDir, '--article', 'ledger-locks', '--area', 'ledger']);
    expect(code, stdout).toBe(0);
    // The id comes from the sample's most wordy stable phrase.
    const ruleId = /created rules\/ledger\/([a-z0-9-]+)\.yaml/.exec(stdout)?.[1];
    expect(ruleId).toMatch(/ledger-snapshot|locked-by-another-writer/);
    // It says which words the rule requires and why, and what it left out.
    expect(stdout).toMatch(/^when: the words most distinctive of this group, weighed against \d+ other stored pastes, articles and rule examples: "[a-z]+" \(in 0 of them\)/m);
    expect(stdout).toContain('Not used, as they name this application rather than the error: ');
    const yaml = readFileSync(join(kbDir, `rules/ledger/${ruleId}.yaml`), 'utf8');
    expect(yaml).toContain('article: ledger-locks');
    expect(yaml).toContain('9f8e7d6c5b4a is locked by another writer');
    const lint = await kb(['lint', '--kb', kbDir, '--format', 'json']);
    expect(lint.code, lint.stdout).toBe(0);
    expect(JSON.parse(lint.stdout).diagnostics.filter((d: { file: string }) => d.file.includes('ledger'))).toEqual([]);
    const loaded = await loadValidKb(kbDir);
    const outcomes = await runRuleExamples(loaded, loaded.rulesById.get(ruleId!)!);
    expect(outcomes.map((o) => o.passed)).toEqual([true]);
    // The second paste of the group, with other ids and times, is answered by the drafted rule too.
    const other = await kb(['match', '--json', '--kb', kbDir, UNKNOWN('ffffeeee0000', '2027-01-01T00:00:00Z', 99)]);
    expect(JSON.parse(other.stdout).matches[0].rule.id).toBe(ruleId);
    // Never overwrites.
    expect((await kb(['inbox', 'draft', group, '--data', data, '--kb', kbDir, '--article', 'ledger-locks', '--area', 'ledger', '--id', ruleId!])).code).toBe(1);
  });

  it('drafts against a new article by starting that article too, still lint-clean', async () => {
    const { code, stdout } = await kb(['inbox', 'draft', group, '--data', data, '--kb', kbDir, '--id', 'ledger-snapshot-locked']);
    expect(code, stdout).toBe(0);
    expect(stdout).toContain('created articles/ledger-snapshot-locked.md');
    const lint = await kb(['lint', '--kb', kbDir]);
    expect(lint.code, lint.stderr).toBe(0);
    expect(lint.stdout).toContain('0 errors');
  });

  it('says which placeholders the chosen article needs captured', async () => {
    const printed = await kb(['inbox', 'draft', group, '--data', data, '--kb', kbDir, '--article', 'disk-full', '--stdout']);
    expect(printed.stdout).toContain('# The article fills {{thing}} from captures');
  });

  it('prints the draft with --stdout and refuses an unknown group', async () => {
    const printed = await kb(['inbox', 'draft', group, '--data', data, '--kb', kbDir, '--stdout']);
    expect(printed.stdout).toMatch(/^# yaml-language-server/);
    expect(printed.stderr).toContain('does not exist yet');
    const unknown = await kb(['inbox', 'draft', 'abcdef000000', '--data', data, '--kb', kbDir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no inbox group');
    expect((await kb(['inbox', 'draft', group, '--id', 'Not An Id', '--data', data])).code).toBe(2);
  });

  it('kb stats shows served matches and feedback per rule', async () => {
    const text = await kb(['stats', '--data', data]);
    expect(text.stdout).toMatch(/disk-full\s+1\s+1\s+0/);
    expect(JSON.parse((await kb(['stats', '--json', '--data', data])).stdout).rules).toEqual([expect.objectContaining({ rule: 'disk-full', served: 1, helpful: 1, not_helpful: 0 })]);
  });

  it('kb match shows possibly related articles, apart from answers, for a paste no rule matches', async () => {
    // Near the Slack username article without any rule's phrase (as in test/web/feedback.test.ts).
    const paste = 'Slack SCIM provisioning fails: the userName is too long for Slack';
    const run = spawnSync(process.execPath, [join(ROOT, 'bin/kb.js'), 'match', paste], { env: { ...process.env, KB_DIR: '' } });
    expect(run.status).toBe(1);
    const stdout = run.stdout.toString();
    expect(stdout).toMatch(/^No article matches this error yet\.\n\nPossibly related \(shares words with this error; not a confirmed answer\):\n {2}1\. /);
    expect(stdout).toContain('article slack-scim-username-rejected');
    const json = JSON.parse((await kb(['match', '--json', paste])).stdout);
    expect(json.matches).toEqual([]);
    expect(json.suggestions.map((s: { article: { id: string } }) => s.article.id)).toContain('slack-scim-username-rejected');
  });
});
