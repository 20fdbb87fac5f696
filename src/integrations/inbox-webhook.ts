import { createHmac, randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { redactSecrets } from '../redact/redact-secrets.js';
import type { InboxGroup, LearningStore, WebhookDelivery } from '../store/learning-store.js';

/** The events the webhook sends: a new inbox group, and a group reaching one of the configured counts. */
type InboxEvent = 'inbox.group_created' | 'inbox.group_count';

export interface InboxWebhookOptions {
  /** Where events are POSTed (KB_WEBHOOK_URL). */
  url: string;
  /** Signs every request (KB_WEBHOOK_SECRET). */
  secret: string;
  /** Counts at which a group is announced again (KB_WEBHOOK_COUNTS, default 10, 100, 1000). */
  counts: readonly number[];
  /** Where the delivery log is kept. */
  store: LearningStore;
  log: FastifyBaseLogger;
  /** Attempts per delivery, the first included (default 6). */
  attempts?: number;
  /** Wait before the first retry, doubled for each next one up to maxDelayMs (defaults 1 s and 5 min). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** One attempt's time limit (default 10 s). */
  timeoutMs?: number;
  /** Says which kb sent it, e.g. `kb/0.1.0`. */
  userAgent?: string;
}

/**
 * The signature header's value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The
 * timestamp is signed with the body, so a receiver can refuse a replayed delivery.
 */
function webhookSignature(secret: string, body: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

/** Statuses worth another attempt: the receiver is down, overloaded or asks to wait. Any other 4xx will not change by retrying. */
function retryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * Tells a helpdesk or chat about unmatched errors: POSTs a signed JSON event when a new inbox
 * group appears or a group reaches one of the counts, retrying with exponential backoff and
 * keeping every delivery, with its attempts and outcome, in the store's delivery log. Sending
 * never delays or fails the request that caused it.
 */
export class InboxWebhook {
  readonly #options: Required<Omit<InboxWebhookOptions, 'userAgent'>> & { userAgent: string };
  readonly #pending = new Set<Promise<void>>();
  readonly #stop = new AbortController();

  constructor(options: InboxWebhookOptions) {
    this.#options = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 5 * 60_000, timeoutMs: 10_000, userAgent: 'kb', ...options };
  }

  /** The event this group's new count calls for, if any. */
  eventFor(group: InboxGroup): InboxEvent | undefined {
    if (group.count === 1) return 'inbox.group_created';
    return this.#options.counts.includes(group.count) ? 'inbox.group_count' : undefined;
  }

  /** Called with a group after a paste was added to it; sends in the background when an event is due. */
  notice(group: InboxGroup): void {
    const event = this.eventFor(group);
    if (!event || this.#stop.signal.aborted) return;
    const delivery = this.#deliver(event, group).catch((error: unknown) => this.#options.log.error({ err: error }, 'webhook delivery failed unexpectedly'));
    this.#pending.add(delivery);
    void delivery.finally(() => this.#pending.delete(delivery));
  }

  /** Resolves once every delivery under way has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#pending.size) await Promise.all([...this.#pending]);
  }

  /** Stops waiting to retry: deliveries still pending are logged as failed. */
  async close(): Promise<void> {
    this.#stop.abort();
    await this.settled();
  }

  async #deliver(event: InboxEvent, group: InboxGroup): Promise<void> {
    const { url, store, log } = this.#options;
    const now = () => new Date().toISOString();
    const id = randomUUID();
    // The store redacts its sample already; once more here, since this leaves the building.
    const body = JSON.stringify({
      id,
      event,
      created_at: now(),
      group: { id: group.id, count: group.count, first_seen: group.first_seen, last_seen: group.last_seen, signature: redactSecrets(group.signature), sample: redactSecrets(group.sample) },
    });
    const record: WebhookDelivery = { id, event, group_id: group.id, url: logUrl(url), status: 'pending', attempts: 0, created_at: now(), updated_at: now() };
    await store.recordDelivery(record);
    for (let attempt = 1; attempt <= this.#options.attempts; attempt++) {
      const outcome = await this.#attempt(id, event, body);
      Object.assign(record, { attempts: attempt, updated_at: now(), last_status_code: outcome.status, last_error: outcome.error });
      const done = outcome.ok || !outcome.retry || attempt === this.#options.attempts || this.#stop.signal.aborted;
      if (done) record.status = outcome.ok ? 'delivered' : 'failed';
      await store.recordDelivery(record);
      log.info({ delivery: id, event, group: group.id, attempt, status: outcome.status, ok: outcome.ok }, outcome.ok ? 'webhook delivered' : 'webhook attempt failed');
      if (done) return;
      if (!(await this.#wait(this.#delayBefore(attempt + 1, outcome.retryAfterMs)))) {
        record.status = 'failed';
        record.last_error = `${record.last_error ?? 'not delivered'}; the server stopped before the next attempt`;
        await store.recordDelivery(record);
        return;
      }
    }
  }

  async #attempt(id: string, event: InboxEvent, body: string): Promise<{ ok: boolean; retry: boolean; status?: number; error?: string; retryAfterMs?: number }> {
    try {
      const response = await fetch(this.#options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': this.#options.userAgent,
          'x-kb-event': event,
          'x-kb-delivery': id,
          // Signed again on every attempt: the timestamp is when this attempt was sent.
          'x-kb-signature': webhookSignature(this.#options.secret, body, Math.floor(Date.now() / 1000)),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.any([AbortSignal.timeout(this.#options.timeoutMs), this.#stop.signal]),
      });
      await response.body?.cancel();
      if (response.ok) return { ok: true, retry: false, status: response.status };
      const retryAfter = Number(response.headers.get('retry-after'));
      return { ok: false, retry: retryable(response.status), status: response.status, error: `the receiver answered ${response.status}`, retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { ok: false, retry: true, error: `no answer: ${cause ?? (error as Error).name}` };
    }
  }

  /** base · 2^(n-2) before attempt n, at most maxDelayMs, with jitter so many kb servers do not retry in step; a Retry-After asking longer wins. */
  #delayBefore(attempt: number, retryAfterMs: number | undefined): number {
    const { baseDelayMs, maxDelayMs } = this.#options;
    const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 2));
    const jittered = exponential * (0.75 + Math.random() * 0.25);
    return Math.min(maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
  }

  /** Waits, or answers false at once when the webhook is closed meanwhile. */
  #wait(ms: number): Promise<boolean> {
    const signal = this.#stop.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', stop);
        resolve(true);
      }, ms);
      const stop = () => {
        clearTimeout(timer);
        resolve(false);
      };
      signal.addEventListener('abort', stop, { once: true });
    });
  }
}

/** The URL as the log keeps it: without credentials or query, where receivers often put a token. */
function logUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}
