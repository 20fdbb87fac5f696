import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/build-app.js';
import type { KnowledgeBaseHolder } from '../../src/serve/knowledge-base-holder.js';
import { isKnowledgeFile, watchKnowledgeBase, watchKnowledgeFolders, type KnowledgeBaseWatcher } from '../../src/serve/watch-knowledge-base.js';
import { copyKnowledgeBase, eventually, FIXTURE_KB_DIR, logCollector, openHolder } from '../helpers/http-app.js';

const PASTE = 'mkdir /srv/cache: Disk quota exceeded';

/** Saves as editors do (write a temporary file, rename it over the old one), so no reload sees a half-written file. */
async function save(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}

describe('--watch: edits under rules/ and articles/ reload the served knowledge base', () => {
  let kb: { dir: string; remove: () => Promise<void> };
  let holder: KnowledgeBaseHolder;
  let app: FastifyInstance;
  let watcher: KnowledgeBaseWatcher;
  let log: ReturnType<typeof logCollector>;

  beforeEach(async () => {
    kb = await copyKnowledgeBase(FIXTURE_KB_DIR);
    holder = await openHolder(kb.dir);
    log = logCollector();
    app = buildApp({ knowledgeBase: holder, watching: true, logger: { level: 'info', stream: log.stream } });
    watcher = watchKnowledgeBase(holder, kb.dir, { debounceMs: 50 });
    await watcher.ready;
    await app.ready();
  });
  afterEach(async () => {
    await watcher.close();
    await app.close();
    await kb.remove();
  });

  const topRule = async () => (await app.inject({ method: 'POST', url: '/v1/match', headers: { 'content-type': 'text/plain' }, payload: PASTE })).json().matches[0]?.rule.id;
  const status = async () => (await app.inject({ method: 'GET', url: '/v1/status' })).json();
  const ruleFile = () => join(kb.dir, 'rules/demo/disk-full.yaml');

  it('serves an edited rule, keeps the last good one through a broken edit, and recovers', async () => {
    expect(await topRule()).toBeUndefined();
    const before = await status();
    expect(before).toMatchObject({ watching: true, lastReload: null, lastFailedReload: null });

    // A good edit: the rule now also recognises "Disk quota exceeded".
    const original = await readFile(ruleFile(), 'utf8');
    await save(ruleFile(), original.replace('    - No space left on device', '    - any:\n        - No space left on device\n        - Disk quota exceeded'));
    await eventually(async () => (await topRule()) === 'disk-full', 10_000, 'the edited rule to be served');
    const afterGood = await status();
    expect(afterGood.fingerprint).not.toBe(before.fingerprint);
    expect(afterGood.lastReload).toMatchObject({ ok: true });
    expect(log.lines().find((l) => l.msg === 'knowledge base reloaded')).toMatchObject({ rules: 2, fingerprint: afterGood.fingerprint, previous: before.fingerprint });

    // A broken edit (a typo in a fact name) is refused; the good edit keeps serving.
    await save(ruleFile(), (await readFile(ruleFile(), 'utf8')).replace('        - Disk quota exceeded', '        - Disk quota exceeded\n        - stauts: 507'));
    await eventually(async () => (await status()).lastFailedReload?.diagnostics[0]?.code === 'KB_E_UNKNOWN_FACT', 10_000, 'the broken edit to be refused');
    const afterBroken = await status();
    expect(afterBroken.fingerprint).toBe(afterGood.fingerprint);
    expect(afterBroken.lastReload).toMatchObject({ ok: false });
    expect(afterBroken.lastFailedReload).toMatchObject({ errors: 1 });
    expect(afterBroken.lastFailedReload.diagnostics[0]).toMatchObject({ file: 'rules/demo/disk-full.yaml', code: 'KB_E_UNKNOWN_FACT', line: 10, column: 11, hint: 'did you mean "status"?' });
    expect(await topRule()).toBe('disk-full');
    const refused = log.lines().find((l) => String(l.msg).startsWith('knowledge base reload refused'));
    expect(refused).toMatchObject({ level: 50, errors: 1, serving: afterGood.fingerprint });
    expect(String(refused!.report)).toContain('rules/demo/disk-full.yaml:10:11  error  unknown fact "stauts"  KB_E_UNKNOWN_FACT');

    // Fixing it is served again.
    await save(ruleFile(), original);
    await eventually(async () => (await status()).fingerprint === before.fingerprint, 10_000, 'the fixed rule to be served');
    expect(await topRule()).toBeUndefined();
    expect((await status()).lastReload).toMatchObject({ ok: true });
  });

  it('reloads when an article changes or a rule file is deleted', async () => {
    await save(join(kb.dir, 'articles/disk-full.md'), (await readFile(join(kb.dir, 'articles/disk-full.md'), 'utf8')).replace('title: "The disk is full"', 'title: "The disk is completely full"'));
    await eventually(async () => (await app.inject({ method: 'GET', url: '/v1/articles/disk-full' })).json().title === 'The disk is completely full', 10_000, 'the article edit');
    // Deleting the rule leaves its article an orphan: a warning, so the reload is accepted.
    await rm(join(kb.dir, 'rules/demo/permission-denied.yaml'));
    await eventually(async () => (await status()).rules === 1, 10_000, 'the deletion');
    expect((await app.inject({ method: 'GET', url: '/v1/rules/permission-denied' })).statusCode).toBe(404);
    expect((await status()).warnings).toBe(1);
  });

  it('coalesces a burst of reloads into at most one more load', async () => {
    let loads = 0;
    holder.on('reloaded', () => loads++);
    const outcomes = await Promise.all([holder.reload(), holder.reload(), holder.reload(), holder.reload()]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(loads).toBe(2);
  });
});

describe('watchKnowledgeFolders: which saves count', () => {
  it('tells knowledge files from editor swap, backup and temporary files', () => {
    for (const path of ['rules/a/x.yaml', 'rules/a/x.yml', 'articles/x.md']) expect(isKnowledgeFile(path, false), path).toBe(true);
    for (const path of ['rules/a/.x.yaml.swp', 'rules/a/.x.yaml.swx', 'rules/a/x.yaml~', 'rules/a/.#x.yaml', 'rules/a/#x.yaml#', 'rules/a/4913', 'rules/a/x.yaml.tmp', 'articles/.DS_Store']) {
      expect(isKnowledgeFile(path, false), path).toBe(false);
    }
    expect(isKnowledgeFile('rules/new-area', true)).toBe(true);
    expect(isKnowledgeFile('rules/.git', true)).toBe(false);
  });

  it('does not call back for swap files; calls back once for a burst of saves', async () => {
    const kb = await copyKnowledgeBase(FIXTURE_KB_DIR);
    let changes = 0;
    // A debounce a loaded machine cannot outrun between two writes of the burst (at 100 ms, a busy
    // 2-core run once saw the burst as two); the quiet spells below wait well past it.
    const debounceMs = 1000;
    const quiet = () => new Promise((resolve) => setTimeout(resolve, debounceMs * 1.5));
    const watcher = watchKnowledgeFolders(kb.dir, () => changes++, { debounceMs });
    try {
      await watcher.ready;
      for (const name of ['.disk-full.yaml.swp', 'disk-full.yaml~', '4913']) await writeFile(join(kb.dir, 'rules/demo', name), 'swap');
      await rm(join(kb.dir, 'rules/demo/4913'));
      // Well over the debounce: swap files alone are no change.
      await quiet();
      expect(changes).toBe(0);
      // A new folder with a rule in it, and an edit: one burst.
      await mkdir(join(kb.dir, 'rules/extra'));
      await writeFile(join(kb.dir, 'rules/extra/copy.yaml'), await readFile(join(kb.dir, 'rules/demo/disk-full.yaml'), 'utf8'));
      await save(join(kb.dir, 'articles/disk-full.md'), `${await readFile(join(kb.dir, 'articles/disk-full.md'), 'utf8')}\nMore.\n`);
      await eventually(async () => changes > 0, 10_000, 'the burst to be seen');
      // Quiet for well over the debounce: nothing else is reported.
      await quiet();
      expect(changes).toBe(1);
      await rm(join(kb.dir, 'rules/extra'), { recursive: true });
      await eventually(async () => changes === 2, 10_000, 'the deleted folder to be seen');
    } finally {
      await watcher.close();
      await kb.remove();
    }
  });
});
