import { parseArgs } from 'node:util';
import { ConfigError, resolveServeConfig } from '../config.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import { buildApp } from '../http/build-app.js';
import { KnowledgeBaseHolder } from '../http/knowledge-base-holder.js';
import { watchKnowledgeBase } from '../http/watch-knowledge-base.js';
import { EXIT, UsageError, write, type CliIo } from './io.js';

/** How long in-flight requests get to finish after SIGTERM/SIGINT before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/** `kb serve`: serves the HTTP API until SIGTERM or SIGINT; resolves with the exit code once closed. */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' }, kb: { type: 'string' }, watch: { type: 'boolean' }, 'admin-token': { type: 'string' } } });
  let config;
  try {
    config = resolveServeConfig({ ...values, adminToken: values['admin-token'] }, io.env ?? process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const { holder, load } = await KnowledgeBaseHolder.open(config.kbDir);
  if (!holder) {
    write(io.stderr, `kb serve: the knowledge base in ${config.kbDir} has errors; fix them first (\`kb lint\`):\n\n${formatDiagnostics(load.diagnostics.filter((d) => d.severity === 'error'), load.sources)}`);
    return EXIT.usage;
  }
  const app = buildApp({
    knowledgeBase: holder,
    logger: { level: config.logLevel, stream: io.stdout },
    limits: { bodyLimit: config.bodyLimit, maxPasteBytes: config.maxPasteBytes },
    watching: config.watch,
    pasteLimits: config.pasteLimits,
    protection: config.protection,
  });
  const watcher = config.watch ? watchKnowledgeBase(holder, config.kbDir, { onError: (error) => app.log.error({ err: error }, 'watching the knowledge base failed') }) : undefined;

  const stopped = new Promise<number>((resolve) => {
    let stopping = false;
    let exitCode: number = EXIT.ok;
    // Past the grace period, or on a second signal, open connections are cut so close() can finish.
    const cutConnections = (why: string) => {
      app.log.warn(why);
      exitCode = EXIT.failed;
      app.server.closeAllConnections();
    };
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return cutConnections(`${signal} again: closing open connections now`);
      stopping = true;
      app.log.info({ signal }, 'shutting down: finishing in-flight requests');
      watcher?.close();
      const grace = setTimeout(() => cutConnections('in-flight requests did not finish in time: closing them'), SHUTDOWN_GRACE_MS);
      grace.unref();
      app.close().then(
        () => {
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
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    app.addHook('onClose', async () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    });
  });

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    watcher?.close();
    write(io.stderr, `kb serve: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
    return EXIT.failed;
  }
  const kb = holder.current();
  app.log.info({ rules: kb.rules.length, articles: kb.articles.length, fingerprint: kb.fingerprint, kbDir: config.kbDir, watching: config.watch }, 'serving the knowledge base; API docs at /docs');
  return stopped;
}
