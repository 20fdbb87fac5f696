import type { StoreConfig } from '../config.js';
import type { LearningStore } from './learning-store.js';
import { SqliteStore } from './sqlite-store.js';

/** The store for these settings, or undefined when storing is switched off. */
export function openLearningStore(config: StoreConfig): LearningStore | undefined {
  return config.enabled ? new SqliteStore(config.dataDir) : undefined;
}
