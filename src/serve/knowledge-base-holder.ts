import { EventEmitter } from 'node:events';
import type { KnowledgeBase } from '../compile/knowledge-base.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadKnowledgeBase, type LoadResult } from '../load-knowledge-base.js';

/** Builds a knowledge base from wherever it lives (a folder, or memory in tests). */
export type KnowledgeBaseLoader = () => Promise<LoadResult>;

/** A reload that did not replace the served knowledge base. */
export interface FailedReload {
  at: string;
  /** Errors and warnings of the attempt; the errors are why it was refused. */
  diagnostics: Diagnostic[];
  /** Source text by file, for code frames in logs. */
  sources: ReadonlyMap<string, string>;
}

export type ReloadOutcome = { ok: true; kb: KnowledgeBase } | { ok: false; failure: FailedReload };

export interface HolderEvents {
  /** A new knowledge base replaced `previous`. */
  reloaded: [kb: KnowledgeBase, previous: KnowledgeBase];
  /** A reload was refused; the last good knowledge base keeps serving. */
  'reload-failed': [failure: FailedReload];
}

/**
 * Holds the knowledge base being served. A reload builds a complete new KnowledgeBase and then
 * swaps one reference, so a request sees either the old one or the new one, never a mix; a
 * reload that fails keeps the last good one serving and records why.
 */
export class KnowledgeBaseHolder extends EventEmitter<HolderEvents> {
  #kb: KnowledgeBase;
  readonly #load: KnowledgeBaseLoader | undefined;
  #lastFailure: FailedReload | undefined;
  #lastAttempt: { at: string; ok: boolean } | undefined;
  #running: Promise<ReloadOutcome> | undefined;
  #queued: Promise<ReloadOutcome> | undefined;
  #sources: ReadonlyMap<string, string> | undefined;

  /**
   * `load` is what `reload()` calls; without it the holder serves `kb` for ever (tests, embedding,
   * a cluster worker that is handed each knowledge base). `sources` are the files `kb` was built from.
   */
  constructor(kb: KnowledgeBase, load?: KnowledgeBaseLoader, sources?: ReadonlyMap<string, string>) {
    super();
    this.#kb = kb;
    this.#load = load;
    this.#sources = sources;
  }

  /** Loads the knowledge base in `dir`; answers the diagnostics instead of a holder when it has errors. */
  static async open(dir: string): Promise<{ holder?: KnowledgeBaseHolder; load: LoadResult }> {
    const loader = () => loadKnowledgeBase(dir);
    const load = await loader();
    return { holder: load.kb ? new KnowledgeBaseHolder(load.kb, loader, load.sources) : undefined, load };
  }

  /** The files (relative path → text) the served knowledge base was built from, when known: what a cluster's primary hands its workers. */
  currentSources(): ReadonlyMap<string, string> | undefined {
    return this.#sources;
  }

  /** The knowledge base to answer the current request with. Read it once per request. */
  current(): KnowledgeBase {
    return this.#kb;
  }

  get canReload(): boolean {
    return this.#load !== undefined;
  }

  /** The most recent refused reload (kept after later successes; compare with `lastAttempt`). */
  get lastFailure(): FailedReload | undefined {
    return this.#lastFailure;
  }

  /** When the latest reload was attempted and whether it replaced the knowledge base. */
  get lastAttempt(): { at: string; ok: boolean } | undefined {
    return this.#lastAttempt;
  }

  /**
   * Rebuilds the knowledge base and swaps it in when it has no errors. Calls made while a reload
   * runs share one follow-up reload, so a burst of file events costs at most two loads and the
   * last one sees the final files.
   */
  reload(): Promise<ReloadOutcome> {
    if (!this.#running) {
      this.#running = this.#reloadOnce().finally(() => (this.#running = undefined));
      return this.#running;
    }
    this.#queued ??= this.#running.then(
      () => {
        this.#queued = undefined;
        return this.reload();
      },
      () => {
        this.#queued = undefined;
        return this.reload();
      },
    );
    return this.#queued;
  }

  async #reloadOnce(): Promise<ReloadOutcome> {
    if (!this.#load) throw new Error('this knowledge base was given without a loader, so it cannot be reloaded');
    return this.install(await this.#load());
  }

  /**
   * Serves the knowledge base of `load` when it has one, or records why not (`reload-failed`).
   * How a cluster worker takes the knowledge base its primary loaded.
   */
  install(load: LoadResult): ReloadOutcome {
    const at = new Date().toISOString();
    if (!load.kb) {
      const failure: FailedReload = { at, diagnostics: load.diagnostics, sources: load.sources };
      this.recordFailure(failure);
      this.emit('reload-failed', failure);
      return { ok: false, failure };
    }
    const previous = this.#kb;
    this.#kb = load.kb;
    this.#sources = load.sources;
    this.#lastAttempt = { at, ok: true };
    this.emit('reloaded', load.kb, previous);
    return { ok: true, kb: load.kb };
  }

  /** Records a reload that was refused elsewhere (by the cluster's primary), without emitting. */
  recordFailure(failure: FailedReload): void {
    this.#lastFailure = failure;
    this.#lastAttempt = { at: failure.at, ok: false };
  }
}
