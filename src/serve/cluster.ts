import cluster, { type Worker } from 'node:cluster';

/** A message from the primary asking a worker to shut down as if it had received `signal`. */
interface ShutdownMessage {
  kb: 'shutdown';
  signal: NodeJS.Signals;
}

const isShutdown = (message: unknown): message is ShutdownMessage => (message as ShutdownMessage | null)?.kb === 'shutdown';

/** A shutdown the primary asked for before this worker was ready to serve: honoured once it is. */
let earlyShutdown: NodeJS.Signals | undefined;
if (cluster.isWorker) {
  const remember = (message: unknown) => {
    if (isShutdown(message)) earlyShutdown ??= message.signal;
  };
  process.on('message', remember);
}

/** Least time between two restarts of crashed workers, so a worker that dies on start cannot spin. */
const RESTART_DELAY_MS = 1000;

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
/** Process exit codes, as the CLI's (cli/io.ts EXIT). */
const EXIT_OK = 0;
const EXIT_FAILED = 1;

export function releaseWorker(): void {
  if (cluster.isWorker) cluster.worker?.disconnect();
}

/**
 * Runs `kb serve` in `count` worker processes sharing one listening socket (node's cluster
 * module), so every core answers requests. Each worker loads and, with --watch, reloads the
 * knowledge base itself, so hot reload works in all of them. A worker that crashes while serving
 * is replaced; one that fails before listening (a broken knowledge base, a busy port) stops them
 * all with its exit code. SIGTERM/SIGINT are forwarded; resolves once every worker has exited,
 * with the exit code (0, or a failed worker's). `report` takes a line for the operator.
 */
export function serveWithWorkers(count: number, report: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const workers = new Set<Worker>();
    const listening = new WeakSet<Worker>();
    let stopping = false;
    let exitCode = EXIT_OK;
    let lastRestart = 0;

    const start = () => workers.add(cluster.fork());
    const stopAll = (signal: NodeJS.Signals) => {
      stopping = true;
      for (const worker of workers) if (worker.isConnected()) worker.send({ kb: 'shutdown', signal } satisfies ShutdownMessage);
    };
    const onSignal = (signal: NodeJS.Signals) => stopAll(signal);
    const onListening = (worker: Worker) => listening.add(worker);
    const onExit = (worker: Worker, code: number | null, signal: NodeJS.Signals | null) => {
      workers.delete(worker);
      const failed = code ?? (signal ? EXIT_FAILED : EXIT_OK);
      if (!stopping && !listening.has(worker)) {
        // It never served: starting more would fail the same way.
        exitCode = failed || EXIT_FAILED;
        stopAll('SIGTERM');
      } else if (!stopping) {
        report(`kb serve: worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
        const wait = Math.max(0, lastRestart + RESTART_DELAY_MS - Date.now());
        lastRestart = Date.now() + wait;
        setTimeout(() => (stopping ? undefined : start()), wait);
        return;
      } else exitCode = Math.max(exitCode, failed);
      if (workers.size === 0) {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        cluster.off('listening', onListening);
        cluster.off('exit', onExit);
        resolve(exitCode);
      }
    };

    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    cluster.on('listening', onListening);
    cluster.on('exit', onExit);
    for (let i = 0; i < count; i++) start();
  });
}
