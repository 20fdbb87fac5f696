import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/kb.js');
const FIXTURE_KB_DIR = join(ROOT, 'test/fixtures/http-kb');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kb-workers-'));
  await cp(FIXTURE_KB_DIR, dir, { recursive: true });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const status = async (url: string) => (await (await fetch(`${url}/v1/status`)).json()) as { fingerprint: string };

describe('kb serve --workers', () => {
  it('serves from several processes on one port, reloads in every one, and stops them all on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--workers', '2', '--port', '0', '--kb', dir, '--watch'], { cwd: ROOT, env: { PATH: process.env.PATH, KB_STORE: 'off' } });
    let out = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.stderr.on('data', (c) => (out += String(c)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const pidsServing = () => new Set([...out.matchAll(/"pid":(\d+)[^\n]*serving the knowledge base/g)].map((m) => m[1]));
      await expect.poll(() => pidsServing().size, { timeout: 30_000, interval: 100 }).toBe(2);
      const url = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(out)![1]!;
      expect(pidsServing().has(String(child.pid))).toBe(false);

      const before = (await status(url)).fingerprint;
      const ruleFile = join(dir, 'rules/demo/disk-full.yaml');
      await writeFile(ruleFile, `${await readFile(ruleFile, 'utf8')}\n# edited\n`);
      // Connections are spread over the workers: every answer must show the new knowledge base.
      await expect
        .poll(async () => new Set(await Promise.all(Array.from({ length: 12 }, async () => (await status(url)).fingerprint))), { timeout: 20_000, interval: 200 })
        .toEqual(new Set([expect.not.stringMatching(before)]));

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out.match(/"msg":"stopped"/g)).toHaveLength(2);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses a worker count that is not a positive number', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--workers', 'many'], { cwd: ROOT, env: { PATH: process.env.PATH, KB_STORE: 'off' } });
    let err = '';
    child.stderr.on('data', (c) => (err += String(c)));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(2);
    expect(err).toContain('--workers must be a whole number from 1 to 256');
  });
});
