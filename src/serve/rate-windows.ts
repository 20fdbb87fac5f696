/** How often expired windows are dropped, so clients seen once do not accumulate. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Fixed-window request counts by key (a client address), the way @fastify/rate-limit's own
 * in-memory store counts: the first request opens a window of `timeWindowMs`; every request in it
 * adds one. Kept by a cluster's primary, so the limit is one for the host, not one per worker.
 */
export class RateWindows {
  readonly #windows = new Map<string, { count: number; startedAt: number }>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.#sweeper = setInterval(() => this.#sweep(), SWEEP_INTERVAL_MS);
    this.#sweeper.unref();
  }

  /** Counts one request of `key`; answers the count in the current window and the ms left in it. */
  incr(key: string, timeWindowMs: number): { current: number; ttl: number } {
    const now = this.now();
    let window = this.#windows.get(key);
    if (!window || window.startedAt + timeWindowMs <= now) {
      window = { count: 0, startedAt: now };
      this.#windows.set(key, window);
    }
    window.count++;
    // Kept for the sweep: the longest window seen decides when an entry is surely expired.
    this.#longest = Math.max(this.#longest, timeWindowMs);
    return { current: window.count, ttl: window.startedAt + timeWindowMs - now };
  }

  #longest = 0;

  #sweep(): void {
    const now = this.now();
    for (const [key, window] of this.#windows) if (window.startedAt + this.#longest <= now) this.#windows.delete(key);
  }

  close(): void {
    clearInterval(this.#sweeper);
  }
}
