import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/kb.js');
const FIXTURE_KB_DIR = join(ROOT, 'test/fixtures/http-kb');

interface Running {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `kb serve` as a real process and waits for the address it listens on. */
async function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Running> {
  // Storing is off unless a test turns it on, so no test writes into the repository's ./data/; load
  // shedding is off because a busy CI machine (2 cores running the suite) lags past its 1 s threshold.
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, env: { PATH: process.env.PATH, KB_STORE: 'off', KB_MAX_EVENT_LOOP_DELAY_MS: '0', KB_WORKERS: '1', ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += String(c)));
  child.stderr.on('data', (c) => (err += String(c)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kb serve did not start:\n${out}\n${err}`)), 20_000);
    const look = () => {
      const m = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', look);
    void exited.then(() => reject(new Error(`kb serve exited early:\n${out}\n${err}`)));
  });
  return { child, url, stdout: () => out, exited };
}

function runToExit(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, env: { PATH: process.env.PATH, KB_STORE: 'off', KB_MAX_EVENT_LOOP_DELAY_MS: '0', KB_WORKERS: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += String(c)));
    child.stderr.on('data', (c) => (stderr += String(c)));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('kb serve as a process', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('run `npm run build` first (npm test does it)');
  });

  it('answers /healthz and the API, and stops cleanly on SIGTERM', async () => {
    const server = await startServe(['--port', '0', '--kb', FIXTURE_KB_DIR]);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const match = await fetch(`${server.url}/v1/match`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'No space left on device' });
    expect((await match.json()).matches[0].rule.id).toBe('disk-full');
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.stdout()).toContain('"msg":"stopped"');
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('takes its settings from PORT, HOST and KB_DIR, and stops on SIGINT', async () => {
    const server = await startServe([], { PORT: '0', HOST: '127.0.0.1', KB_DIR: FIXTURE_KB_DIR });
    const status = await (await fetch(`${server.url}/v1/status`)).json();
    expect(status).toMatchObject({ rules: 2, articles: 2, watching: false });
    server.child.kill('SIGINT');
    expect((await server.exited).code).toBe(0);
  });

  it('keeps unknown errors in the inbox of its --data folder: two look-alikes are one group of 2 in `kb inbox`', async () => {
    const data = await mkdtemp(join(tmpdir(), 'kb-serve-data-'));
    try {
      const server = await startServe(['--port', '0', '--kb', FIXTURE_KB_DIR, '--data', data], { KB_STORE: '' });
      for (const [id, at] of [['c0ffee01', '2026-11-29T10:00:00Z'], ['deadbeef42', '2026-11-30T18:30:05Z']]) {
        const body = `${at} ERROR [scheduler] lease ${id} lost: coordinator rejected heartbeat from worker`;
        const res = await fetch(`${server.url}/v1/match`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
        expect((await res.json()).matches).toEqual([]);
      }
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
      const inbox = spawnSync(process.execPath, [BIN, 'inbox', '--data', data], { encoding: 'utf8' });
      expect(inbox.status).toBe(0);
      expect(inbox.stdout).toMatch(/ 1\. [0-9a-f]{12}  ×2 /);
      expect(inbox.stdout).toContain('lease <hex> lost: coordinator rejected heartbeat from worker');
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });

  it('refuses to start on a knowledge base with errors, and says why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kb-serve-'));
    try {
      await mkdir(join(dir, 'rules'));
      await writeFile(join(dir, 'rules/broken.yaml'), 'id: broken\ntitle: [unclosed\n');
      const result = await runToExit(['--port', '0', '--kb', dir]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('kb serve: the knowledge base');
      expect(result.stderr).toContain('rules/broken.yaml:');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a port that is not a number, with exit code 2', async () => {
    const result = await runToExit(['--port', 'eighty']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port must be a whole number from 0 to 65535');
  });
});
