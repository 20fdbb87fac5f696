import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/http/build-app.js';
import { copyKnowledgeBase, FIXTURE_KB_DIR, openHolder } from '../../helpers/http-app.js';

// A rule and its article: an answer carries both titles, so it shows which version of each it came from.
const FILES = ['rules/demo/disk-full.yaml', 'articles/disk-full.md'];
const PASTE = 'write /var/lib/app/data.db: No space left on device';

describe('reloading under load', () => {
  it('answers every request from the old or the new knowledge base, never an error or a mixture', async () => {
    const copy = await copyKnowledgeBase(FIXTURE_KB_DIR);
    const app = buildApp({ knowledgeBase: await openHolder(copy.dir) });
    try {
      const original = await Promise.all(FILES.map((f) => readFile(join(copy.dir, f), 'utf8')));
      const writeVersion = (version: number) =>
        Promise.all(FILES.map((f, i) => writeFile(join(copy.dir, f), original[i]!.replace(/^title: "?([^"\n]*)"?$/m, `title: "$1 (v${version})"`))));
      await writeVersion(0);
      await app.kb.reload();

      const seen = new Set<string>();
      let stop = false;
      const hammer = async () => {
        const answers: string[][] = [];
        while (!stop) {
          const r = await app.inject({ method: 'POST', url: '/v1/match', headers: { 'content-type': 'text/plain' }, payload: PASTE });
          expect(r.statusCode).toBe(200);
          const [match] = r.json().matches as { rule: { title: string }; article: { title: string } }[];
          answers.push([match!.rule.title, match!.article.title]);
        }
        return answers;
      };
      const clients = Array.from({ length: 8 }, hammer);
      for (let version = 1; version <= 6; version++) {
        await writeVersion(version);
        const outcome = await app.kb.reload();
        expect(outcome.ok).toBe(true);
        await new Promise((r) => setTimeout(r, 20));
      }
      stop = true;
      const answers = (await Promise.all(clients)).flat();

      expect(answers.length).toBeGreaterThan(20);
      for (const titles of answers) {
        expect(titles).toHaveLength(2);
        const versions = new Set(titles.map((t) => /\(v(\d)\)/.exec(t)?.[1]));
        expect(versions.size, titles.join(' | ')).toBe(1);
        seen.add([...versions][0]!);
      }
      // The hammering spanned several reloads, so the test saw knowledge bases swap under it.
      expect(seen.size).toBeGreaterThan(1);
    } finally {
      await app.close();
      await copy.remove();
    }
  });
});
