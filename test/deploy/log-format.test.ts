import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/serve-process.js';

describe('LOG_FORMAT', () => {
  it('pretty prints readable lines for a person (pino-pretty) from the primary and the workers', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--workers', '2', '--kb', join(ROOT, 'test/fixtures/http-kb')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, KB_STORE: 'off', LOG_FORMAT: 'pretty' },
    });
    let out = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.stderr.on('data', (c) => (out += String(c)));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await expect.poll(() => out.match(/INFO[^\n]*serving the knowledge base/g)?.length ?? 0, { timeout: 60_000, interval: 100 }).toBe(2);
      expect(out).toMatch(/INFO \(\d+\): starting workers/);
      // Not one JSON line: each is "[time] LEVEL (pid): message" with fields indented below.
      expect(out.split('\n').filter((l) => l.startsWith('{'))).toEqual([]);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);

  it('refuses a format it does not know', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: ROOT, env: { PATH: process.env.PATH, LOG_FORMAT: 'xml' } });
    let err = '';
    child.stderr.on('data', (c) => (err += String(c)));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(2);
    expect(err).toContain('LOG_FORMAT must be json or pretty, not "xml"');
  });
});
