import { fileURLToPath } from 'node:url';

/** The knowledge base bundled with the package: the folder holding rules/ and articles/ (repo root). */
export const BUNDLED_KB_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Resolves the knowledge-base folder: the flag, then KB_DIR, then the bundled one. */
export function resolveKbDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.KB_DIR ?? BUNDLED_KB_DIR;
}
