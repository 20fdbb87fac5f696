import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { buildApp, type BuildAppOptions } from '../../src/http/build-app.js';
import { KnowledgeBaseHolder } from '../../src/serve/knowledge-base-holder.js';

/** A small knowledge base of two rules and two articles (disk-full, permission-denied). */
export const FIXTURE_KB_DIR = fileURLToPath(new URL('../fixtures/http-kb', import.meta.url));
export { BUNDLED_KB_DIR };

export async function openHolder(dir: string): Promise<KnowledgeBaseHolder> {
  const { holder, load } = await KnowledgeBaseHolder.open(dir);
  if (!holder) throw new Error(`fixture knowledge base ${dir} has errors: ${JSON.stringify(load.diagnostics)}`);
  return holder;
}

/** Builds the app over a knowledge-base folder; close it in afterAll. */
export async function appFor(dir: string, options: Omit<BuildAppOptions, 'knowledgeBase'> = {}): Promise<FastifyInstance> {
  const app = buildApp({ knowledgeBase: await openHolder(dir), ...options });
  await app.ready();
  return app;
}

/** A temporary copy of a knowledge base that a test may edit. */
export async function copyKnowledgeBase(dir: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const copy = await mkdtemp(join(tmpdir(), 'kb-http-'));
  await cp(join(dir, 'rules'), join(copy, 'rules'), { recursive: true });
  await cp(join(dir, 'articles'), join(copy, 'articles'), { recursive: true });
  return { dir: copy, remove: () => rm(copy, { recursive: true, force: true }) };
}

/** A stream that keeps every pino line written to it, parsed. */
export function logCollector(): { stream: Writable; lines: () => Record<string, unknown>[]; text: () => string } {
  let raw = '';
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      raw += String(chunk);
      callback();
    },
  });
  return {
    stream,
    text: () => raw,
    lines: () =>
      raw
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** Polls `check` until it returns true or `timeoutMs` passes (for effects of file watching). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const SCIM_PASTE = 'Error authenticating: Forbidden. Errors reported by remote server';
