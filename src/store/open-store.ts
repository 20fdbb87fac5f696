import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StoreConfig } from '../config.js';
import type { LearningStore } from './learning-store.js';
import { describeUrl, PostgresStore } from './postgres-store.js';
import { DATABASE_FILE, SqliteStore } from './sqlite-store.js';

/**
 * Opens the store for these settings (creating and migrating it on first use; retrying while
 * the SQLite file is locked or PostgreSQL is not up yet), or undefined when storing is off.
 */
export async function openLearningStore(config: StoreConfig): Promise<LearningStore | undefined> {
  if (!config.enabled) return undefined;
  const { location } = config;
  return location.kind === 'postgres' ? PostgresStore.open(location.url) : SqliteStore.open(location.dataDir);
}

/** Where the store is, for messages and logs (a PostgreSQL password is masked). */
export function describeStore(config: StoreConfig): string {
  if (!config.enabled) return 'off';
  return config.location.kind === 'postgres' ? describeUrl(config.location.url) : config.location.dataDir;
}

/** The store for reading (`kb inbox`, `kb stats`): an SQLite file that does not exist yet is not created. */
export async function openExistingStore(config: StoreConfig): Promise<LearningStore | undefined> {
  if (config.location.kind === 'sqlite' && !existsSync(join(config.location.dataDir, DATABASE_FILE))) return undefined;
  return openLearningStore({ ...config, enabled: true });
}
