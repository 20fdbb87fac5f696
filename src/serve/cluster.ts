import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { formatDiagnostics } from '../diagnostics/format.js';
import { Calls, isKbMessage, type InstallMessage, type RefusedMessage, type ShutdownMessage, type ToPrimary } from './cluster-messages.js';
import type { FailedReload, KnowledgeBaseHolder } from './knowledge-base-holder.js';
import { ServiceMetrics, type MetricsSnapshot } from './metrics.js';
import { RateWindows } from './rate-windows.js';
import { refusalErrors, type ReloadSummary, type ServingProcess } from './service-control.js';
import { watchKnowledgeBase } from './watch-knowledge-base.js';

const isShutdown = (message: unknown): message is ShutdownMessage => (message as ShutdownMessage | null)?.kb === 'shutdown';

/** A shutdown the primary asked for before this worker was ready to serve: honoured once it is. */
let earlyShutdown: NodeJS.Signals | undefined;
if (cluster.isWorker) {
  const remember = (message: unknown) => {
    if (isShutdown(message)) earlyShutdown ??= message.signal;
  };
  process.on('message', remember);
}

/** Least time between two restarts of crashed workers, doubled (up to the max) while replacements die before serving. */
const RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;
/** How long `POST /v1/reload` waits for every worker to take the new knowledge base. */
const RELOAD_ACK_TIMEOUT_MS = 20_000;

/** Whether this process should start workers instead of serving. */
export function shouldStartWorkers(workers: number): boolean {
  return workers > 1 && cluster.isPrimary;
}

/**
 * Calls `stop` on shutdown requests. A single process (or the primary) listens to SIGTERM and
 * SIGINT; a worker listens to its primary only — a terminal's Ctrl-C reaches every process of the
 * group, and the primary forwards each signal once, so a first Ctrl-C stays a graceful stop.
 * Returns a function that removes the listeners.
 */
export function onShutdownRequest(stop: (signal: NodeJS.Signals) => void): () => void {
  if (!cluster.isWorker) {
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    return () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    };
  }
  const ignore = () => {};
  const onMessage = (message: unknown) => {
    if (isShutdown(message)) stop(message.signal);
  };
  process.on('SIGTERM', ignore);
  process.on('SIGINT', ignore);
  process.on('message', onMessage);
  if (earlyShutdown) queueMicrotask(() => stop(earlyShutdown!));
  return () => {
    process.off('SIGTERM', ignore);
    process.off('SIGINT', ignore);
    process.off('message', onMessage);
  };
}

/** Lets a worker that has stopped serving exit: its channel to the primary would keep it alive. */
export function releaseWorker(): void {
  if (cluster.isWorker) cluster.worker?.disconnect();
}

export interface PrimaryOptions {
  count: number;
  /** The knowledge base, loaded and linted by the primary; with `watch`, reloaded from `kbDir` on saves. */
  holder: KnowledgeBaseHolder;
  kbDir: string;
  watch: boolean;
  log: Logger;
}

interface WorkerEntry {
  worker: Worker;
  calls: Calls;
  /** Latest generation the worker applied, and what it serves. */
  generation: number;
  state?: ServingProcess;
  /** Accepting connections: only such workers are listed as serving. */
  listening: boolean;
}

/**
 * Runs `kb serve` in `count` worker processes sharing one listening socket (node's cluster
 * module). The primary owns the knowledge base: it loads and lints it once (and again on every
 * save, with --watch, or POST /v1/reload) and hands the files to every worker, so all workers
 * serve one knowledge base and a replacement worker serves the last good one whatever is on disk.
 * A worker that dies is replaced (with growing delays while replacements die before serving);
 * only a first start that never served (a busy port) stops the service. The primary also keeps
 * the one rate-limit count of the host and adds up the workers' metrics. SIGTERM/SIGINT are
 * forwarded; resolves with the exit code once every worker has exited.
 */
export function serveWithWorkers(options: PrimaryOptions): Promise<number> {
  return new Primary(options).run();
}

/** The primary's state: its workers, the knowledge base it hands them, the host's rate counts. */
class Primary {
  readonly #options: PrimaryOptions;
  readonly #workers = new Map<Worker, WorkerEntry>();
  readonly #metrics = new ServiceMetrics();
  readonly #rates = new RateWindows();
  readonly #ackWaiters = new Set<() => void>();
  #generation = 1;
  #install: InstallMessage;
  #refusal: RefusedMessage | undefined;
  readonly #handlers: Record<string, (args: unknown) => unknown>;

  constructor(options: PrimaryOptions) {
    this.#options = options;
    this.#install = installMessage(options.holder, this.#generation);
    this.#handlers = {
      reload: () => this.#reloadAll(),
      processes: () => this.#serving(),
      rate: (args) => {
        const { key, timeWindowMs } = args as { key: string; timeWindowMs: number };
        return this.#rates.incr(key, timeWindowMs);
      },
      metrics: () => this.#metricsText(),
    };
  }

  readonly #onReloaded = () => {
    this.#install = installMessage(this.#options.holder, ++this.#generation);
    this.#refusal = undefined;
    this.#broadcast(this.#install);
  };

  readonly #onRefused = (failure: FailedReload) => {
    const errors = failure.diagnostics.filter((d) => d.severity === 'error');
    this.#options.log.error(
      { errors: errors.length, diagnostics: errors.slice(0, 20), report: formatDiagnostics(errors, failure.sources), serving: this.#options.holder.current().fingerprint },
      `knowledge base reload refused (${errors.length} error${errors.length === 1 ? '' : 's'}); still serving the last good one`,
    );
    this.#refusal = { kb: 'refused', generation: ++this.#generation, at: failure.at, diagnostics: failure.diagnostics.slice(0, 100) };
    this.#broadcast(this.#refusal);
  };

  #broadcast(message: InstallMessage | RefusedMessage): void {
    for (const { worker } of this.#workers.values()) if (worker.isConnected()) worker.send(message);
  }

  /** The workers that accept connections, with what they serve. */
  #serving(): ServingProcess[] {
    return [...this.#workers.values()].flatMap((e) => (e.state && e.listening ? [e.state] : [])).sort((a, b) => a.pid - b.pid);
  }

  async #reloadAll(): Promise<ReloadSummary> {
    const outcome = await this.#options.holder.reload();
    await this.#allAt(this.#generation);
    const diagnostics = outcome.ok ? [] : refusalErrors(outcome.failure.diagnostics);
    const errors = outcome.ok ? 0 : outcome.failure.diagnostics.filter((d) => d.severity === 'error').length;
    return { ok: outcome.ok, fingerprint: this.#options.holder.current().fingerprint, errors, diagnostics, processes: this.#serving() };
  }

  /** Resolves when every worker has applied `wanted` (or a later generation), or after the timeout. */
  #allAt(wanted: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const check = () => {
        if ([...this.#workers.values()].every((e) => e.generation >= wanted || !e.worker.isConnected())) done();
      };
      const done = () => {
        clearTimeout(timer);
        this.#ackWaiters.delete(check);
        resolve();
      };
      const timer = setTimeout(done, RELOAD_ACK_TIMEOUT_MS);
      this.#ackWaiters.add(check);
      check();
    });
  }

  #acked(): void {
    for (const check of [...this.#ackWaiters]) check();
  }

  /** Every worker's metrics and the primary's own (reloads), added up. */
  async #metricsText(): Promise<string> {
    const snapshots = await Promise.all([...this.#workers.values()].map((e) => e.calls.call<MetricsSnapshot>('metrics', undefined, 5000).catch(() => undefined)));
    return ServiceMetrics.aggregate([await this.#metrics.snapshot(), ...snapshots.filter((s): s is MetricsSnapshot => s !== undefined)]);
  }

  #start(): void {
    const worker = cluster.fork();
    const entry: WorkerEntry = { worker, calls: new Calls((message) => worker.send(message)), generation: 0, listening: false };
    this.#workers.set(worker, entry);
    worker.on('message', (message: unknown) => {
      if (!isKbMessage<ToPrimary>(message)) return;
      if (message.kb === 'hello') {
        worker.send(this.#install);
        if (this.#refusal) worker.send(this.#refusal);
      } else if (message.kb === 'state') {
        entry.generation = message.generation;
        entry.state = message.state;
        this.#acked();
      } else if (message.kb === 'call') entry.calls.answer(message, this.#handlers[message.op]);
      else if (message.kb === 'reply') entry.calls.settle(message);
    });
  }

  /** Starts the workers and supervises them until every one has exited; resolves with the exit code. */
  run(): Promise<number> {
    const { holder, log } = this.#options;
    const stopFollowing = this.#metrics.follow(holder, { countReloads: true, info: false });
    holder.on('reloaded', this.#onReloaded);
    holder.on('reload-failed', this.#onRefused);
    const watcher = this.#options.watch ? watchKnowledgeBase(holder, this.#options.kbDir, { onError: (error) => log.error({ err: error }, 'watching the knowledge base failed') }) : undefined;
    let everServed = false;
    let stopping = false;
    let exitCode: number = 0;
    let restartDelay = RESTART_DELAY_MS;
    return new Promise((resolve) => {
      const stopAll = (signal: NodeJS.Signals) => {
        stopping = true;
        void watcher?.close();
        for (const { worker } of this.#workers.values()) if (worker.isConnected()) worker.send({ kb: 'shutdown', signal } satisfies ShutdownMessage);
      };
      const onListening = (worker: Worker) => {
        const entry = this.#workers.get(worker);
        if (entry) entry.listening = true;
        everServed = true;
        restartDelay = RESTART_DELAY_MS;
      };
      const onExit = (worker: Worker, code: number | null, signal: NodeJS.Signals | null) => {
        const wasListening = this.#workers.get(worker)?.listening ?? false;
        this.#workers.get(worker)?.calls.failAll('the worker exited');
        this.#workers.delete(worker);
        this.#acked();
        const failed = code ?? (signal ? 1 : 0);
        if (!stopping && !everServed) {
          // The first start never served (a busy port, an unusable store): more workers would fail the same way.
          exitCode = failed || 1;
          stopAll('SIGTERM');
        } else if (!stopping) {
          const wait = restartDelay;
          if (!wasListening) restartDelay = Math.min(restartDelay * 2, MAX_RESTART_DELAY_MS);
          log.warn({ worker: worker.process.pid, code, signal, restartInMs: wait }, `worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
          setTimeout(() => (stopping ? undefined : this.#start()), wait);
          return;
        } else exitCode = Math.max(exitCode, failed);
        if (this.#workers.size > 0) return;
        process.off('SIGTERM', stopAll);
        process.off('SIGINT', stopAll);
        cluster.off('listening', onListening);
        cluster.off('exit', onExit);
        holder.off('reloaded', this.#onReloaded);
        holder.off('reload-failed', this.#onRefused);
        stopFollowing();
        this.#rates.close();
        resolve(exitCode);
      };
      process.on('SIGTERM', stopAll);
      process.on('SIGINT', stopAll);
      cluster.on('listening', onListening);
      cluster.on('exit', onExit);
      log.info({ workers: this.#options.count, fingerprint: holder.current().fingerprint, watching: this.#options.watch }, 'starting workers');
      for (let i = 0; i < this.#options.count; i++) this.#start();
    });
  }
}

function installMessage(holder: KnowledgeBaseHolder, generation: number): InstallMessage {
  const sources = holder.currentSources();
  if (!sources) throw new Error('the primary needs the source files of the knowledge base it hands to its workers');
  return { kb: 'install', generation, root: holder.current().root, files: [...sources] };
}
