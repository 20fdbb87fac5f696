import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/serve-process.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start', () => {
  it('serves without rebuilding a current build, and SIGTERM to npm stops every process it started', async () => {
    const stamp = join(ROOT, 'dist/.build-stamp');
    const builtAt = statSync(stamp).mtimeMs;
    const npm = spawn('npm', ['start'], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', KB_WORKERS: '2', KB_STORE: 'off' } });
    let out = '';
    npm.stdout.on('data', (c) => (out += String(c)));
    npm.stderr.on('data', (c) => (out += String(c)));
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    try {
      await expect.poll(() => [...out.matchAll(/serving the knowledge base/g)].length, { timeout: 90_000, interval: 100 }).toBe(2);
      const pids = [...out.matchAll(/"pid":(\d+)/g)].map((m) => Number(m[1]));
      const processes = [...new Set(pids)];
      expect(processes).toHaveLength(3); // the primary and two workers
      expect(statSync(stamp).mtimeMs).toBe(builtAt);
      const url = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(out)![1]!;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);

      npm.kill('SIGTERM');
      await exited;
      await expect.poll(() => processes.filter(alive), { timeout: 30_000, interval: 100 }).toEqual([]);
      expect(out.match(/"msg":"stopped"/g)).toHaveLength(2);
    } finally {
      npm.kill('SIGKILL');
      for (const pid of [...out.matchAll(/"pid":(\d+)/g)].map((m) => Number(m[1]))) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 150_000);
});
