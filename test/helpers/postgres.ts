/**
 * A real, throwaway PostgreSQL server for tests, started from the machine's binaries
 * (/usr/lib/postgresql/<version>/bin; Debian's `postgresql` package) into a temporary folder on
 * a free port. initdb refuses to run as root, so as root the server runs as the `postgres` user
 * (runuser). Use:
 *
 *   let pg: TestPostgres;
 *   beforeAll(async () => { pg = await startPostgres(); }, 60_000);
 *   afterAll(() => pg?.stop());
 *   const url = await pg.createDatabase('my_test');   // postgres://kb@127.0.0.1:PORT/my_test
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface TestPostgres {
  /** URL of the `postgres` database (superuser `kb`, no password: trust on 127.0.0.1 only). */
  url: string;
  port: number;
  /** Creates a fresh database and answers its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown) and removes its folder. */
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL's bin folder, or undefined when none is installed. */
function findPostgresBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary, as the `postgres` user when we are root. */
async function runAsOwner(bin: string, args: string[], asPostgres: boolean): Promise<void> {
  if (asPostgres) await run('runuser', ['-u', 'postgres', '--', bin, ...args], { cwd: '/' });
  else await run(bin, args);
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (.ci/run does this)');
  const asPostgres = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'kb-pg-'));
  if (asPostgres) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  await runAsOwner(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'kb', '--no-sync', '-E', 'UTF8', '--locale=C'], asPostgres);
  // A port can be taken between our probe and the server's bind: try a few.
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await runAsOwner(
        join(bin, 'pg_ctl'),
        ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, 'start'],
        asPostgres,
      );
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  const url = `postgres://kb@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    port,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return `postgres://kb@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await runAsOwner(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], asPostgres);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
