import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { MatchResult } from '../match/types.js';
import type { LearningStore } from '../store/learning-store.js';
import type { KnowledgeBaseHolder } from './knowledge-base-holder.js';

/** The content type of the Prometheus text format prom-client writes. */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** Latency buckets of one match, in seconds: a typical paste takes 0.05–0.3 ms, a 256 KiB log up to 100 ms, the budget is 2 s. */
const MATCH_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export type MetricsSnapshot = MetricObjectWithValues<MetricValue<string>>[];

/**
 * The service's Prometheus metrics, one registry per process. In a cluster each worker counts
 * what it serves and the primary what it reloads; `aggregate` adds them up (prom-client's
 * AggregatorRegistry) so a scrape sees the service, not the worker that happened to answer.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  // The per-request counters are tallied in plain maps and handed to prom-client when it collects
  // (a scrape, or a worker's snapshot for its primary): prom-client hashes a label set on every
  // inc(), which cost more than the rest of counting a request. Tallies keep the order label sets
  // first appeared in, so the exposition lists them as counting each inc() at once would.
  readonly #requestTally = new Tally<{ method: string; route: string; status_code: number }>();
  readonly #answerTally = new Tally<{ outcome: string }>();
  readonly #ruleTally = new Tally<{ rule: string }>();
  readonly #apiKeyTally = new Tally<{ api_key: string; status_code: string }>();
  readonly #requests = new Counter({ name: 'kb_http_requests_total', help: 'HTTP requests answered, by method, route and status code.', labelNames: ['method', 'route', 'status_code'], registers: [this.registry], collect: flushInto(this.#requestTally) });
  readonly #matchSeconds = new Histogram({ name: 'kb_match_duration_seconds', help: 'Time to match one paste (facts, prefilter, evaluation, ranking).', buckets: MATCH_BUCKETS, registers: [this.registry] });
  readonly #answers = new Counter({ name: 'kb_answers_total', help: 'Pastes answered, by outcome: rule (a specific rule), generic (a generic rule only), similar (a similar article, no rule), none.', labelNames: ['outcome'], registers: [this.registry], collect: flushInto(this.#answerTally) });
  readonly #answersByRule = new Counter({ name: 'kb_answers_by_rule_total', help: 'Pastes answered by each rule (the top match).', labelNames: ['rule'], registers: [this.registry], collect: flushInto(this.#ruleTally) });
  readonly #reloads = new Counter({ name: 'kb_reloads_total', help: 'Knowledge-base reloads, by result: ok (swapped in) or refused (lint errors; the last good one kept serving).', labelNames: ['result'], registers: [this.registry] });
  readonly #info = new Gauge({ name: 'kb_knowledge_base_info', help: 'The knowledge base served (1 per fingerprint being served; two during a rollout).', labelNames: ['fingerprint'], aggregator: 'max', registers: [this.registry] });
  readonly #rules = new Gauge({ name: 'kb_knowledge_base_rules', help: 'Rules in the knowledge base served.', aggregator: 'max', registers: [this.registry] });
  readonly #apiKeyRequests = new Counter({ name: 'kb_api_key_requests_total', help: 'Requests made with an API key, by key name (kb keys list) and status code.', labelNames: ['api_key', 'status_code'], registers: [this.registry], collect: flushInto(this.#apiKeyTally) });
  readonly #storeErrors = new Counter({ name: 'kb_store_errors_total', help: 'Learning-store operations that failed (the request was still answered).', labelNames: ['operation'], registers: [this.registry] });

  /** Adds process metrics (CPU, memory, event-loop lag, GC): for a served process, not for every test app. */
  withProcessMetrics(): this {
    collectDefaultMetrics({ register: this.registry });
    return this;
  }

  request(method: string, route: string, statusCode: number): void {
    const key = `${method} ${statusCode} ${route}`;
    if (!this.#requestTally.counted(key)) this.#requestTally.first(key, { method, route, status_code: statusCode });
  }

  answered(result: MatchResult): void {
    this.#matchSeconds.observe(result.took_ms / 1000);
    const top = result.matches[0];
    const outcome = !top ? 'none' : top.basis === 'similar' ? 'similar' : top.generic ? 'generic' : 'rule';
    if (!this.#answerTally.counted(outcome)) this.#answerTally.first(outcome, { outcome });
    if (top?.basis === 'rule') {
      const rule = top.rule.id;
      if (!this.#ruleTally.counted(rule)) this.#ruleTally.first(rule, { rule });
    }
  }

  reloaded(ok: boolean): void {
    this.#reloads.inc({ result: ok ? 'ok' : 'refused' });
  }

  serving(fingerprint: string, rules: number): void {
    this.#info.reset();
    this.#info.set({ fingerprint }, 1);
    this.#rules.set(rules);
  }

  /** One request of an integration, under its key's name: a handful of keys, so few labels. */
  apiKeyRequest(name: string, statusCode: number): void {
    const key = `${statusCode} ${name}`;
    if (!this.#apiKeyTally.counted(key)) this.#apiKeyTally.first(key, { api_key: name, status_code: String(statusCode) });
  }

  storeError(operation: string): void {
    this.#storeErrors.inc({ operation });
  }

  /**
   * Follows a holder: what it serves, and (when `countReloads`, i.e. in the process that loads
   * from disk) its reloads. Returns a function that stops following.
   */
  follow(holder: KnowledgeBaseHolder, options: { countReloads: boolean; info: boolean }): () => void {
    const show = () => {
      const kb = holder.current();
      if (options.info) this.serving(kb.fingerprint, kb.rules.length);
    };
    const onReloaded = () => {
      if (options.countReloads) this.reloaded(true);
      show();
    };
    const onFailed = () => {
      if (options.countReloads) this.reloaded(false);
    };
    show();
    holder.on('reloaded', onReloaded);
    holder.on('reload-failed', onFailed);
    return () => {
      holder.off('reloaded', onReloaded);
      holder.off('reload-failed', onFailed);
    };
  }

  /** This process's metrics as JSON, for the primary to aggregate. */
  snapshot(): Promise<MetricsSnapshot> {
    return this.registry.getMetricsAsJSON() as Promise<MetricsSnapshot>;
  }

  /** This process's metrics in the Prometheus text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** Metrics of several processes added up (counters and histograms summed; info gauges by their max). */
  static aggregate(snapshots: MetricsSnapshot[]): Promise<string> {
    return AggregatorRegistry.aggregate(snapshots).metrics();
  }
}

/**
 * Counts by label set, between two collections of a prom-client counter. A key (a string, cheap to
 * build) names each label set; the set itself is made only the first time it is counted.
 */
class Tally<Labels extends Record<string, string | number>> {
  readonly #counts = new Map<string, { labels: Labels; n: number }>();

  /** Counts one more under `key`; false when the key is new since the last flush (then call `first`). */
  counted(key: string): boolean {
    const seen = this.#counts.get(key);
    if (seen) seen.n++;
    return seen !== undefined;
  }

  first(key: string, labels: Labels): void {
    this.#counts.set(key, { labels, n: 1 });
  }

  /** Adds the counts to `counter`, in the order their label sets first appeared, and starts again. */
  flush(counter: Counter): void {
    for (const { labels, n } of this.#counts.values()) counter.inc(labels, n);
    this.#counts.clear();
  }
}

/** A counter's `collect`: prom-client calls it, with the counter as `this`, before reading the values. */
function flushInto(tally: Tally<Record<string, string | number>>): (this: Counter) => void {
  return function (this: Counter) {
    tally.flush(this);
  };
}

/**
 * The store, counting each failed operation in `metrics` (the error still reaches the caller).
 * A Proxy rather than a list of methods, so methods added to the store later are counted too.
 */
export function countingStoreErrors(store: LearningStore, metrics: ServiceMetrics): LearningStore {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) =>
        (value as (...a: unknown[]) => Promise<unknown>).apply(target, args).catch((error: unknown) => {
          metrics.storeError(String(property));
          throw error;
        });
    },
  });
}
