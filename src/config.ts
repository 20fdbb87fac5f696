import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The knowledge base bundled with the package: the folder holding rules/ and articles/ (repo root). */
export const BUNDLED_KB_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Resolves the knowledge-base folder: the flag, then KB_DIR, then the bundled one. */
export function resolveKbDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.KB_DIR ?? BUNDLED_KB_DIR;
}

/** Where the learning loop keeps its SQLite file when nothing else is said. */
export const DEFAULT_DATA_DIR = 'data';

/** The learning store's settings: its folder, and whether anything is stored at all. */
export interface StoreConfig {
  /** Absolute path of the data folder (created on first use). */
  dataDir: string;
  /** Off with `--no-store` or KB_STORE=off: no paste, count or feedback is written. */
  enabled: boolean;
}

/** Resolves the data folder (--data, then KB_DATA_DIR, then ./data/ under `cwd`) and the store switch. */
export function resolveStoreConfig(flags: { data?: string; noStore?: boolean }, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): StoreConfig {
  const off = flags.noStore === true || /^(off|0|false|no)$/i.test(env.KB_STORE?.trim() ?? '');
  return { dataDir: resolve(cwd, flags.data || env.KB_DATA_DIR || DEFAULT_DATA_DIR), enabled: !off };
}
