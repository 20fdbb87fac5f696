import cluster from 'node:cluster';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import pretty from 'pino-pretty';
import { ConfigError, resolveServeConfig, resolveStoreConfig, type ServeConfig, type StoreConfig } from '../config.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import { buildApp } from '../http/build-app.js';
import { onShutdownRequest, releaseWorker, serveWithWorkers, shouldStartWorkers } from '../serve/cluster.js';
import { PrimaryLink } from '../serve/cluster-worker.js';
import { KnowledgeBaseHolder } from '../serve/knowledge-base-holder.js';
import { ServiceMetrics } from '../serve/metrics.js';
import type { ServiceControl } from '../serve/service-control.js';
import { watchKnowledgeBase } from '../serve/watch-knowledge-base.js';
import type { LearningStore } from '../store/learning-store.js';
import { describeStore, openLearningStore } from '../store/open-store.js';
import { enableLinearRegexpFallback } from '../util/regexp-linear-fallback.js';
import { EXIT, UsageError, write, type CliIo } from './io.js';

/** How long in-flight requests get to finish after SIGTERM/SIGINT before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/** `kb serve`: serves the HTTP API until SIGTERM or SIGINT; resolves with the exit code once closed. */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      kb: { type: 'string' },
      watch: { type: 'boolean' },
      'admin-token': { type: 'string' },
      data: { type: 'string' },
      store: { type: 'string' },
      'no-store': { type: 'boolean' },
      workers: { type: 'string' },
    },
  });
  let config;
  let storeConfig;
  try {
    config = resolveServeConfig({ ...values, adminToken: values['admin-token'] }, io.env ?? process.env);
    storeConfig = resolveStoreConfig({ data: values.data, store: values.store, noStore: values['no-store'] }, io.env ?? process.env, io.cwd);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  // Before any knowledge base loads (the primary's, and each worker's copy): its regexes get native twins only with the fallback on.
  enableLinearRegexpFallback();
  if (cluster.isWorker) return serveAsWorker(config, storeConfig, io).finally(releaseWorker);

  // Alone or as the primary: the knowledge base is loaded and linted here, once.
  const { holder, load } = await KnowledgeBaseHolder.open(config.kbDir);
  if (!holder) {
    write(io.stderr, `kb serve: the knowledge base in ${config.kbDir} has errors; fix them first (\`kb lint\`):\n\n${formatDiagnostics(load.diagnostics.filter((d) => d.severity === 'error'), load.sources)}`);
    return EXIT.usage;
  }
  const store = await openStoreOrReport(storeConfig, io);
  if (store === false || needsStore(config, store, io)) return EXIT.usage;
  if (shouldStartWorkers(config.workers)) {
    // The store is created and migrated above, before any worker opens it: workers never race to create it.
    await store?.close();
    return serveWithWorkers({ count: config.workers, holder, kbDir: config.kbDir, watch: config.watch, log: pino({ level: config.logLevel, base: { pid: process.pid, role: 'primary' } }, logDestination(config, io)) });
  }
  return serveHere({ config, storeConfig, io, holder, store, metrics: new ServiceMetrics().withProcessMetrics(), watchHere: config.watch });
}

/** A cluster worker: serves the knowledge base its primary hands it, and asks the primary about the service as a whole. */
async function serveAsWorker(config: ServeConfig, storeConfig: StoreConfig, io: CliIo): Promise<number> {
  const link = new PrimaryLink();
  try {
    const holder = await link.knowledgeBase();
    const store = await openStoreOrReport(storeConfig, io);
    if (store === false) return EXIT.usage;
    const metrics = new ServiceMetrics().withProcessMetrics();
    return await serveHere({ config, storeConfig, io, holder, store, metrics, service: link.control(metrics), watchHere: false });
  } finally {
    link.close();
  }
}

/** The store, undefined when storing is off, or false (reported) when it cannot be opened. */
async function openStoreOrReport(storeConfig: StoreConfig, io: CliIo): Promise<LearningStore | undefined | false> {
  try {
    return await openLearningStore(storeConfig);
  } catch (error) {
    write(io.stderr, `kb serve: cannot open the learning store ${describeStore(storeConfig)}: ${(error as Error).message}\n(choose another with --data or --store, or store nothing with --no-store / KB_STORE=off)`);
    return false;
  }
}

/** Where log lines go: JSON lines on stdout, or with LOG_FORMAT=pretty lines for a person (pino-pretty). */
function logDestination(config: ServeConfig, io: CliIo): Writable {
  return config.logFormat === 'pretty' ? pretty({ destination: io.stdout, colorize: (io.stdout as { isTTY?: boolean }).isTTY === true, sync: true }) : io.stdout;
}

interface ServeHere {
  config: ServeConfig;
  storeConfig: StoreConfig;
  io: CliIo;
  holder: KnowledgeBaseHolder;
  store: LearningStore | undefined;
  metrics: ServiceMetrics;
  /** The service as a whole when this process is a cluster worker; alone, the app answers for itself. */
  service?: ServiceControl;
  /** Whether this process watches the files (alone); a worker's primary watches for it. */
  watchHere: boolean;
}

/** What needs the learning store but would run without one: said before anything starts. */
function needsStore(config: ServeConfig, store: LearningStore | undefined, io: CliIo): boolean {
  if (store) return false;
  if (config.webhook) write(io.stderr, 'kb serve: KB_WEBHOOK_URL needs the learning store (the inbox it announces, and its delivery log): remove --no-store / KB_STORE=off');
  else if (config.protection.requireApiKey) write(io.stderr, 'kb serve: KB_REQUIRE_API_KEY needs the learning store, where the keys are kept: remove --no-store / KB_STORE=off');
  else return false;
  return true;
}

/** Serves from this process (alone, or as one cluster worker). */
async function serveHere({ config, storeConfig, io, holder, store, metrics, service, watchHere }: ServeHere): Promise<number> {
  const app = buildApp({
    knowledgeBase: holder,
    logger: { level: config.logLevel, stream: logDestination(config, io) },
    limits: { bodyLimit: config.bodyLimit, maxPasteBytes: config.maxPasteBytes },
    watching: config.watch,
    pasteLimits: config.pasteLimits,
    protection: config.protection,
    store,
    publicUrl: config.publicUrl,
    corsOrigins: config.corsOrigins,
    slack: config.slackSigningSecret ? { signingSecret: config.slackSigningSecret } : undefined,
    teams: config.teamsSecurityToken ? { securityToken: config.teamsSecurityToken } : undefined,
    webhook: config.webhook,
    metrics,
    service,
    privateMetrics: config.privateMetrics,
    trustProxy: config.trustProxy,
  });
  app.addHook('onClose', async () => {
    await store?.close();
  });
  const watcher = watchHere ? watchKnowledgeBase(holder, config.kbDir, { onError: (error) => app.log.error({ err: error }, 'watching the knowledge base failed') }) : undefined;

  let stop!: (signal: NodeJS.Signals) => void;
  let stopListening = () => {};
  const stopped = new Promise<number>((resolve) => {
    let stopping = false;
    let exitCode: number = EXIT.ok;
    // Past the grace period, or on a second signal, open connections are cut so close() can finish.
    const cutConnections = (why: string) => {
      app.log.warn(why);
      exitCode = EXIT.failed;
      app.server.closeAllConnections();
    };
    stop = (signal: NodeJS.Signals) => {
      if (stopping) return cutConnections(`${signal} again: closing open connections now`);
      stopping = true;
      app.log.info({ signal }, 'shutting down: finishing in-flight requests');
      void watcher?.close();
      const grace = setTimeout(() => cutConnections('in-flight requests did not finish in time: closing them'), SHUTDOWN_GRACE_MS);
      grace.unref();
      app.close().then(
        () => {
          stopListening();
          clearTimeout(grace);
          app.log.info('stopped');
          resolve(exitCode);
        },
        (error: Error) => {
          app.log.error({ err: error }, 'shutdown failed');
          resolve(EXIT.failed);
        },
      );
    };
  });

  try {
    await watcher?.ready;
    await app.listen({ port: config.port, host: config.host });
    // The playground's threads and one for long pastes load the knowledge base now, not on the first
    // request (each holds a copy, ~60 MiB bundled; a second long-paste thread starts when needed).
    void app.tryRunner.warm(app.kb.current());
    void app.matchRunner.warm(app.kb.current(), 1);
  } catch (error) {
    await watcher?.close();
    await store?.close();
    write(io.stderr, `kb serve: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
    return EXIT.failed;
  }
  // Only a listening server can stop gracefully; before this, a signal simply ends the process.
  stopListening = onShutdownRequest(stop);
  const kb = holder.current();
  app.log.info(
    { rules: kb.rules.length, articles: kb.articles.length, fingerprint: kb.fingerprint, kbDir: config.kbDir, watching: config.watch, store: describeStore(storeConfig) },
    'serving the knowledge base; API docs at /docs',
  );
  return stopped;
}
