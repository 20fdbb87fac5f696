import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/serve-process.js';

const run = promisify(execFile);

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  name?: string;
  from: string;
  instructions: Instruction[];
}

/** The Dockerfile's stages and instructions (continued lines joined, comments dropped). */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const logical = text.replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  for (const line of logical) {
    const [, op, args] = /^(\w+)\s+(.*)$/.exec(line)!;
    if (op!.toUpperCase() === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args!)!;
      stages.push({ from: m[1]!, name: m[2], instructions: [] });
    } else stages.at(-1)!.instructions.push({ op: op!.toUpperCase(), args: args! });
  }
  return stages;
}

const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const runtime = dockerfile.at(-1)!;
const all = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op).map((i) => i.args);
const env = Object.fromEntries(all(runtime, 'ENV').flatMap((a) => [...a.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!])));
const volumes = all(runtime, 'VOLUME').flatMap((a) => JSON.parse(a) as string[]);
const exposed = all(runtime, 'EXPOSE').map(Number);
const command = JSON.parse(all(runtime, 'CMD')[0]!) as string[];
const healthcheck = JSON.parse(/CMD\s+(\[.*\])$/.exec(all(runtime, 'HEALTHCHECK')[0]!)![1]!) as string[];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let root: string;
afterAll(() => root && rmSync(root, { recursive: true, force: true }));

describe('the Dockerfile', () => {
  it('is multi-stage, installs production dependencies only, runs as a non-root user, checks /healthz, and keeps /kb and /data as volumes', () => {
    expect(dockerfile.map((s) => s.name)).toEqual(['deps', 'build', undefined]);
    expect(all(dockerfile[0]!, 'RUN').some((r) => /npm ci --omit=dev/.test(r))).toBe(true);
    expect(all(dockerfile[1]!, 'RUN').some((r) => /npm run build/.test(r))).toBe(true);
    expect(all(runtime, 'RUN').some((r) => /npm (ci|install)(?! --omit=dev)/.test(r))).toBe(false);
    expect(all(runtime, 'USER')).toEqual(['node']);
    expect(volumes.sort()).toEqual(['/data', '/kb']);
    expect(env).toMatchObject({ KB_DIR: '/kb', KB_DATA_DIR: '/data', NODE_ENV: 'production' });
    expect(healthcheck.join(' ')).toContain('/healthz');
  });

  it('says what README says: the commands, the port and the volumes', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const deploy = readFileSync(join(ROOT, 'docs/deploy.md'), 'utf8');
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const port of exposed) expect(readme).toContain(`-p ${port}:${port}`);
    for (const volume of volumes) expect(readme).toMatch(new RegExp(`-v \\S+:${volume}\\b`));
    expect(readme).toContain('docker build -t kb .');
    expect(readme).toContain(command.join(' '));
    expect(readme).toContain('npm ci --omit=dev');
    // Every npm script the image runs exists.
    for (const r of dockerfile.flatMap((s) => all(s, 'RUN'))) for (const m of r.matchAll(/npm run (\S+)/g)) expect(scripts, m[1]).toHaveProperty(m[1]!);
    // Every variable the image sets is documented for operators.
    for (const name of Object.keys(env)) expect(deploy, name).toContain(name);
  });

  it('serves when only what it copies is installed, with production dependencies only', async () => {
    root = mkdtempSync(join(tmpdir(), 'kb-image-'));
    const stageDirs: Record<string, string> = {};
    /** Replays a stage's COPY lines (from the repository or an earlier stage) into `dir`, mapping absolute paths under `root`. */
    const copyInto = (stage: Stage, dir: string) => {
      for (const args of all(stage, 'COPY')) {
        const parts = args.split(/\s+/);
        const from = parts[0]!.startsWith('--from=') ? parts.shift()!.slice('--from='.length) : undefined;
        const dest = parts.pop()!;
        for (const source of parts) {
          const origin = from ? join(from === 'build' ? ROOT : stageDirs[from]!, source.replace(/^\/app\/?/, '')) : join(ROOT, source);
          const target = dest.startsWith('/') ? join(root, dest) : join(dir, dest === './' ? source : dest);
          cpSync(origin, target, { recursive: true });
        }
      }
    };
    // The deps stage: its files, then its npm commands (from the npm cache, as offline as the registry allows).
    const deps = join(root, 'deps');
    mkdirSync(deps);
    stageDirs.deps = deps;
    copyInto(dockerfile[0]!, deps);
    for (const command of all(dockerfile[0]!, 'RUN').filter((r) => r.startsWith('npm '))) {
      await run('sh', ['-c', `${command} --prefer-offline`], { cwd: deps, env: { PATH: process.env.PATH, HOME: process.env.HOME }, maxBuffer: 64 * 1024 * 1024 });
    }
    // The build stage's output is dist/, which `npm run build` (npm test runs it first) made from the same sources.
    expect(existsSync(join(ROOT, 'dist/cli/main.js'))).toBe(true);
    const app = join(root, 'app');
    mkdirSync(app);
    copyInto(runtime, app);
    expect(existsSync(join(app, 'node_modules/better-sqlite3'))).toBe(true);
    for (const dev of ['typescript', 'vitest', 'tsx', 'playwright-core']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(app, 'src'))).toBe(false);

    const port = await freePort();
    const mapped = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.startsWith('/') ? join(root, v) : v]));
    const childEnv = { PATH: process.env.PATH, ...mapped, HOST: '127.0.0.1', PORT: String(port), KB_WORKERS: '2' };
    const child = spawn(command[0] === 'node' ? process.execPath : command[0]!, command.slice(1), { cwd: app, env: childEnv });
    let out = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.stderr.on('data', (c) => (out += String(c)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const deadline = Date.now() + 60_000;
      while ([...out.matchAll(/serving the knowledge base/g)].length < 2) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the image's command did not start:\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // The HEALTHCHECK command itself, as the container runtime would run it.
      await run(process.execPath, healthcheck.slice(1), { cwd: app, env: childEnv });
      const res = await fetch(`http://127.0.0.1:${port}/v1/match`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'Error authenticating: Forbidden. Errors reported by remote server' });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { matches: unknown[] }).matches.length).toBeGreaterThan(0);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect(existsSync(join(root, 'data/kb.sqlite'))).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 1_200_000);
});
