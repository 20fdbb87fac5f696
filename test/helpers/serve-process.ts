import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin/kb.js');

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  /** http://127.0.0.1:PORT once the first worker listens. */
  url: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Pids of the processes that logged "serving the knowledge base". */
  servingPids(): Set<string>;
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Starts `kb serve` (dist/, so run `npm run build` first) on a random port and resolves once
 * `serving` processes log that they serve. The environment is PATH plus `env`; `nodeArgs` go to node
 * itself (V8 flags), before the script.
 */
export async function startServe(args: string[], options: { env?: NodeJS.ProcessEnv; serving?: number; timeoutMs?: number; nodeArgs?: string[] } = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, 'serve', '--port', '0', ...args], { cwd: ROOT, env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...options.env } });
  let out = '';
  child.stdout.on('data', (c) => (out += String(c)));
  child.stderr.on('data', (c) => (out += String(c)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const servingPids = () => new Set([...out.matchAll(/"pid":(\d+)[^\n]*serving the knowledge base/g)].map((m) => m[1]!));
  const stop = async (graceMs = 20_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (servingPids().size < (options.serving ?? 1)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`kb serve ${child.exitCode !== null ? `exited with ${child.exitCode}` : 'did not start in time'}:\n${out}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(out)![1]!;
  return { child, url, output: () => out, servingPids, exited, stop };
}
