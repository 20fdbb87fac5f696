import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { KnowledgeBaseHolder } from './knowledge-base-holder.js';

export interface KnowledgeBaseWatcher {
  close(): void;
}

/**
 * Reloads the knowledge base when a file under `rules/` or `articles/` of `dir` changes. Events
 * are debounced (an editor's save is several events; a `git checkout` is hundreds), and the
 * holder coalesces reloads that overlap, so the last reload always sees the final files.
 * Only those two folders are watched: the bundled knowledge base sits next to node_modules/.
 */
export function watchKnowledgeBase(holder: KnowledgeBaseHolder, dir: string, options: { debounceMs?: number; onError?: (error: Error) => void } = {}): KnowledgeBaseWatcher {
  const debounceMs = options.debounceMs ?? 150;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      holder.reload().catch((error: Error) => options.onError?.(error));
    }, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  for (const folder of ['rules', 'articles']) {
    try {
      const watcher = watch(join(dir, folder), { recursive: true }, schedule);
      watcher.on('error', (error) => options.onError?.(error));
      watchers.push(watcher);
    } catch (error) {
      // A knowledge base may have only one of the two folders.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return {
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
