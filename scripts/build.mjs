#!/usr/bin/env node
// Builds dist/ from src/ with tsc (`npm run build`). With --if-needed (`npm start`, `prepare`),
// only when dist/ is older than a source file: a start after a build then costs nothing, and a
// production install (`npm ci --omit=dev`, no TypeScript, dist/ copied in) never tries to build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Written after each successful build: its time is the build's. */
const STAMP = join(ROOT, 'dist', '.build-stamp');
/** What the build reads besides src/. */
const INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestSourceTime() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  visit(join(ROOT, 'src'));
  for (const file of INPUTS) if (existsSync(join(ROOT, file))) newest = Math.max(newest, statSync(join(ROOT, file)).mtimeMs);
  return newest;
}

/** Whether dist/ is as new as every source (true when there are no sources to build from). */
export function buildIsCurrent() {
  if (!existsSync(join(ROOT, 'src'))) return true;
  if (!existsSync(STAMP)) return false;
  return statSync(STAMP).mtimeMs >= newestSourceTime();
}

/** Runs tsc; exits the process with tsc's status when it fails. */
export function build() {
  let tsc;
  try {
    tsc = createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    if (existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
      console.error('kb: TypeScript is not installed (a production install); serving the dist/ that is there.');
      return;
    }
    console.error('kb: dist/ is missing and TypeScript is not installed: run `npm ci` (with dev dependencies), then `npm run build`.');
    process.exit(1);
  }
  // The stamp is taken before compiling: a source saved during the build makes the next start build again.
  const startedAt = new Date();
  const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit', cwd: ROOT });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(STAMP, `${startedAt.toISOString()}\n`);
  utimesSync(STAMP, startedAt, startedAt);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--if-needed') || !buildIsCurrent()) build();
}
