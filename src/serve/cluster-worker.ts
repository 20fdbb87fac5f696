import { loadKnowledgeBaseFromSources } from '../load-knowledge-base.js';
import { Calls, isKbMessage, type InstallMessage, type RefusedMessage, type StateMessage, type ToPrimary, type ToWorker } from './cluster-messages.js';
import { KnowledgeBaseHolder } from './knowledge-base-holder.js';
import type { ServiceMetrics } from './metrics.js';
import { processState, type ReloadSummary, type ServiceControl, type ServingProcess } from './service-control.js';

/**
 * A cluster worker's side of the channel to its primary. The primary loads and lints the
 * knowledge base once and hands every worker the same files (`install`), so all workers serve
 * the same knowledge base, and a replacement worker serves the last good one even when the files
 * on disk are broken by then. Reloads, /v1/status, /metrics and the rate limit go to the primary.
 */
export class PrimaryLink {
  readonly #calls = new Calls((message) => this.#send(message));
  #holder: KnowledgeBaseHolder | undefined;
  #generation = 0;
  /** Messages not yet applied, in order: installs are compiled one at a time, and one followed by a newer install is skipped. */
  readonly #queue: (InstallMessage | RefusedMessage)[] = [];
  #applying: Promise<void> = Promise.resolve();
  #first: ((holder: KnowledgeBaseHolder) => void) | undefined;
  #firstFailed: ((error: Error) => void) | undefined;
  readonly #onMessage = (message: unknown) => this.#receive(message);
  #metricsSnapshot: () => Promise<unknown> = async () => [];

  constructor() {
    process.on('message', this.#onMessage);
    process.once('disconnect', () => this.#calls.failAll('the primary process is gone'));
  }

  /** Asks the primary for the knowledge base and resolves with a holder serving it. */
  knowledgeBase(): Promise<KnowledgeBaseHolder> {
    return new Promise((resolve, reject) => {
      this.#first = resolve;
      this.#firstFailed = reject;
      this.#send({ kb: 'hello' });
    });
  }

  /** What the app asks of the whole service, answered by the primary. */
  control(metrics: ServiceMetrics): ServiceControl {
    this.#metricsSnapshot = () => metrics.snapshot();
    return {
      reloadAll: () => this.#calls.call<ReloadSummary>('reload', undefined, 60_000),
      processes: () => this.#calls.call<ServingProcess[]>('processes', undefined, 10_000),
      metricsText: () => this.#calls.call<string>('metrics', undefined, 10_000),
      rateLimit: { incr: (key, timeWindowMs) => this.#calls.call<{ current: number; ttl: number }>('rate', { key, timeWindowMs }, 10_000) },
    };
  }

  close(): void {
    process.off('message', this.#onMessage);
    this.#calls.failAll('the worker is stopping');
  }

  #send(message: ToPrimary): void {
    process.send?.(message);
  }

  #receive(message: unknown): void {
    if (!isKbMessage<ToWorker>(message)) return;
    switch (message.kb) {
      case 'install':
      case 'refused':
        this.#queue.push(message);
        this.#applying = this.#applying.then(() => this.#applyNext());
        return;
      case 'call':
        this.#calls.answer(message, message.op === 'metrics' ? () => this.#metricsSnapshot() : undefined);
        return;
      case 'reply':
        this.#calls.settle(message);
        return;
    }
  }

  async #applyNext(): Promise<void> {
    const message = this.#queue.shift();
    if (!message || message.generation < this.#generation) return;
    if (message.kb === 'install' && this.#queue.some((m) => m.kb === 'install')) return;
    if (message.kb === 'refused') {
      if (!this.#holder) return;
      this.#holder.recordFailure({ at: message.at, diagnostics: message.diagnostics, sources: new Map() });
    } else {
      const load = await loadKnowledgeBaseFromSources(message.root, message.files);
      if (!this.#holder) {
        if (!load.kb) return this.#firstFailed?.(new Error(`the knowledge base handed over by the primary does not compile (${load.diagnostics.length} diagnostics)`));
        this.#holder = new KnowledgeBaseHolder(load.kb, undefined, load.sources);
        this.#first?.(this.#holder);
      } else this.#holder.install(load);
    }
    this.#generation = message.generation;
    this.#send({ kb: 'state', generation: this.#generation, state: processState(this.#holder!) } satisfies StateMessage);
  }
}
