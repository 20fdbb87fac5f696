import { basename, join } from 'node:path';
import { watch } from 'chokidar';
import type { KnowledgeBaseHolder } from './knowledge-base-holder.js';

export interface KnowledgeBaseWatcher {
  /** Resolves once the folders are being watched (edits before that may be missed). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface WatchOptions {
  /** Quiet time after the last event before reloading (an editor's save is several events; a `git checkout` hundreds). */
  debounceMs?: number;
  onError?: (error: Error) => void;
}

/** The files the loader reads; anything else (editor swap and backup files, `.tmp` files of a safe-write) is no change. */
const KNOWLEDGE_FILE = /\.(ya?ml|md)$/;

/**
 * Whether a path under rules/ or articles/ can change the knowledge base. Hidden names (vim's
 * `.x.yaml.swp`, emacs's `.#x.yaml` lock), backups (`x.yaml~`, `#x.yaml#`) and other extensions
 * are skipped; folders are kept (a deleted folder removes its files).
 */
export function isKnowledgeFile(path: string, isDirectory: boolean): boolean {
  const name = basename(path);
  if (name.startsWith('.') || name.startsWith('#')) return false;
  return isDirectory || KNOWLEDGE_FILE.test(name);
}

/**
 * Calls `onChange` (debounced) after any save under `rules/` or `articles/` of `dir`: a save by
 * rename (sed -i, editors' safe-write), an in-place write, a new or deleted file or folder.
 * chokidar watches the folders rather than each file, so a file replaced by a rename stays
 * watched. Only those two folders: the bundled knowledge base sits next to node_modules/.
 */
export function watchKnowledgeFolders(dir: string, onChange: () => void, options: WatchOptions = {}): KnowledgeBaseWatcher {
  const debounceMs = options.debounceMs ?? 100;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const watcher = watch([join(dir, 'rules'), join(dir, 'articles')], {
    ignoreInitial: true,
    // Ignore what cannot be knowledge; a path chokidar has not stat'ed yet is let through to be decided by its event.
    ignored: (path, stats) => stats !== undefined && path !== join(dir, 'rules') && path !== join(dir, 'articles') && !isKnowledgeFile(path, stats.isDirectory()),
  });
  watcher.on('all', (event, path) => {
    const isDirectory = event === 'addDir' || event === 'unlinkDir';
    if (isKnowledgeFile(path, isDirectory)) schedule();
  });
  watcher.on('error', (error) => options.onError?.(error as Error));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}

/** Reloads `holder` after any save under rules/ or articles/ of `dir`; the holder coalesces overlapping reloads. */
export function watchKnowledgeBase(holder: KnowledgeBaseHolder, dir: string, options: WatchOptions = {}): KnowledgeBaseWatcher {
  return watchKnowledgeFolders(dir, () => void holder.reload().catch((error: Error) => options.onError?.(error)), options);
}
