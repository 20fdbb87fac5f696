import { parseArgs } from 'node:util';
import { ConfigError, resolveServeConfig, resolveStoreConfig, type ServeConfig, type StoreConfig } from '../config.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import { buildApp } from '../http/build-app.js';
import { onShutdownRequest, releaseWorker, serveWithWorkers, shouldStartWorkers } from '../serve/cluster.js';
import { KnowledgeBaseHolder } from '../serve/knowledge-base-holder.js';
import { watchKnowledgeBase } from '../serve/watch-knowledge-base.js';
import type { LearningStore } from '../store/learning-store.js';
import { openLearningStore } from '../store/open-store.js';
import { suggestionIndexOf } from '../suggest/suggestion-index.js';
import { enableLinearRegexpFallback } from '../util/regexp-linear-fallback.js';
import { EXIT, UsageError, write, type CliIo } from './io.js';

/** How long in-flight requests get to finish after SIGTERM/SIGINT before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/** `kb serve`: serves the HTTP API until SIGTERM or SIGINT; resolves with the exit code once closed. */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' }, kb: { type: 'string' }, watch: { type: 'boolean' }, 'admin-token': { type: 'string' }, data: { type: 'string' }, 'no-store': { type: 'boolean' }, workers: { type: 'string' } } });
  let config;
  let storeConfig;
  try {
    config = resolveServeConfig({ ...values, adminToken: values['admin-token'] }, io.env ?? process.env);
    storeConfig = resolveStoreConfig({ data: values.data, noStore: values['no-store'] }, io.env ?? process.env, io.cwd);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  if (shouldStartWorkers(config.workers)) return serveWithWorkers(config.workers, (line) => write(io.stderr, line));
  // Before the knowledge base loads: its regexes get native twins only with the fallback on.
  enableLinearRegexpFallback();
  return serve(config, storeConfig, io).finally(releaseWorker);
}

/** Serves from this process (alone, or as one cluster worker). */
async function serve(config: ServeConfig, storeConfig: StoreConfig, io: CliIo): Promise<number> {
  const { holder, load } = await KnowledgeBaseHolder.open(config.kbDir);
  if (!holder) {
    write(io.stderr, `kb serve: the knowledge base in ${config.kbDir} has errors; fix them first (\`kb lint\`):\n\n${formatDiagnostics(load.diagnostics.filter((d) => d.severity === 'error'), load.sources)}`);
    return EXIT.usage;
  }
  let store: LearningStore | undefined;
  try {
    store = openLearningStore(storeConfig);
  } catch (error) {
    write(io.stderr, `kb serve: cannot open the learning store in ${storeConfig.dataDir}: ${(error as Error).message}\n(choose another folder with --data, or store nothing with --no-store / KB_STORE=off)`);
    return EXIT.usage;
  }
  if (config.webhook && !store) {
    write(io.stderr, 'kb serve: KB_WEBHOOK_URL needs the learning store (the inbox it announces, and its delivery log): remove --no-store / KB_STORE=off');
    return EXIT.usage;
  }
  if (config.protection.requireApiKey && !store) {
    write(io.stderr, 'kb serve: KB_REQUIRE_API_KEY needs the learning store, where the keys are kept: remove --no-store / KB_STORE=off');
    return EXIT.usage;
  }
  // The suggestion index is built now and after each reload, not on the first unmatched paste.
  suggestionIndexOf(holder.current());
  const warmSuggestions = (kb: Parameters<typeof suggestionIndexOf>[0]) => void suggestionIndexOf(kb);
  holder.on('reloaded', warmSuggestions);
  const app = buildApp({
    knowledgeBase: holder,
    logger: { level: config.logLevel, stream: io.stdout },
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
  });
  app.addHook('onClose', async () => {
    holder.off('reloaded', warmSuggestions);
    await store?.close();
  });
  const watcher = config.watch ? watchKnowledgeBase(holder, config.kbDir, { onError: (error) => app.log.error({ err: error }, 'watching the knowledge base failed') }) : undefined;

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
      watcher?.close();
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
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    watcher?.close();
    await store?.close();
    write(io.stderr, `kb serve: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
    return EXIT.failed;
  }
  // Only a listening server can stop gracefully; before this, a signal simply ends the process.
  stopListening = onShutdownRequest(stop);
  const kb = holder.current();
  app.log.info({ rules: kb.rules.length, articles: kb.articles.length, fingerprint: kb.fingerprint, kbDir: config.kbDir, watching: config.watch, store: store ? storeConfig.dataDir : 'off' }, 'serving the knowledge base; API docs at /docs');
  return stopped;
}
