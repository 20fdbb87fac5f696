import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { KnowledgeBaseHolder } from './knowledge-base-holder.js';
import type { ServiceMetrics } from './metrics.js';

/** One process that serves requests: what it serves and how its latest reload went. */
export interface ServingProcess {
  pid: number;
  fingerprint: string;
  loadedAt: string;
  /** The latest reload attempt; null before the first. A later good reload replaces an earlier refusal. */
  lastReload: { at: string; ok: boolean; errors: number } | null;
}

/** What `POST /v1/reload` answers once every serving process has taken the result. */
export interface ReloadSummary {
  ok: boolean;
  /** Of the knowledge base served after the reload. */
  fingerprint: string;
  errors: number;
  /** The errors that refused the reload (at most 100). */
  diagnostics: Diagnostic[];
  processes: ServingProcess[];
}

/** A rate-limit counter shared by the processes of one service (see @fastify/rate-limit's store option). */
export interface SharedRateLimit {
  incr(key: string, timeWindowMs: number): Promise<{ current: number; ttl: number }>;
}

/**
 * What the HTTP app asks of the service as a whole rather than of its own process. A single
 * process answers by itself (`localControl`); a cluster worker asks its primary (cluster.ts).
 */
export interface ServiceControl {
  /** Reloads the knowledge base from its files in every serving process. */
  reloadAll(): Promise<ReloadSummary>;
  /** Every serving process with its fingerprint and last reload. */
  processes(): Promise<ServingProcess[]>;
  /** The service's metrics in the Prometheus text format. */
  metricsText(): Promise<string>;
  /** One rate limit across processes; absent: each process counts alone (a single process). */
  rateLimit?: SharedRateLimit;
}

const MAX_DIAGNOSTICS = 100;

/** The state of the process serving from `holder`. */
export function processState(holder: KnowledgeBaseHolder, pid = process.pid): ServingProcess {
  const kb = holder.current();
  const attempt = holder.lastAttempt;
  const errors = attempt && !attempt.ok ? (holder.lastFailure?.diagnostics.filter((d) => d.severity === 'error').length ?? 0) : 0;
  return { pid, fingerprint: kb.fingerprint, loadedAt: kb.loadedAt, lastReload: attempt ? { ...attempt, errors } : null };
}

/** The errors of a refused reload, as reported to clients. */
export function refusalErrors(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error').slice(0, MAX_DIAGNOSTICS);
}

/** The service is this one process. */
export function localControl(holder: KnowledgeBaseHolder, metrics: ServiceMetrics): ServiceControl {
  return {
    async reloadAll() {
      const outcome = await holder.reload();
      const diagnostics = outcome.ok ? [] : refusalErrors(outcome.failure.diagnostics);
      const errors = outcome.ok ? 0 : outcome.failure.diagnostics.filter((d) => d.severity === 'error').length;
      return { ok: outcome.ok, fingerprint: holder.current().fingerprint, errors, diagnostics, processes: [processState(holder)] };
    },
    async processes() {
      return [processState(holder)];
    },
    metricsText: () => metrics.text(),
  };
}
