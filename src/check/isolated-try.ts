import { Worker } from 'node:worker_threads';
import type { KnowledgeBase } from '../compile/knowledge-base.js';
import { PasteInputError, pasteInputError, type PasteInputErrorCode } from '../match/paste-input.js';
import type { MatchOptions, MatchResult } from '../match/types.js';
import type { TryRuleInput, TryRuleResult } from './try-rule.js';
import type { TryReply, TryRequest } from './try-rule-worker.js';

/** The worker's compiled module: workers run JavaScript, so tests and the server both use dist/. */
const WORKER_FILE = new URL('../../dist/check/try-rule-worker.js', import.meta.url);

/** Longest a thread may take to load the knowledge base before its first trial. */
const LOAD_TIMEOUT_MS = 30_000;

/** Threads kept to try rules at once; a request beyond them waits, its deadline running. */
const POOL_SIZE = 2;

interface Idle {
  worker: Worker;
}

/**
 * Tries rules in worker threads with a hard deadline: the tried rule's regexes (or a paste that
 * makes them slow) cannot hold the server's event loop, and a trial still running at the
 * deadline is stopped by terminating its thread, so the request ends with KB_INPUT_TIMEOUT and
 * nothing keeps running after it. Threads are reused (each keeps the knowledge base loaded).
 */
export class IsolatedTryRunner {
  readonly #idle: Idle[] = [];
  #busy = 0;
  readonly #waiting: (() => void)[] = [];
  /** Threads loading the knowledge base, to be idle soon: a trial waits for one rather than start a cold one. */
  readonly #warming = new Set<Promise<void>>();
  #closed = false;

  /**
   * Tries `input` against `kb` within `timeoutMs` of the trial's start (a thread's first trial
   * loads the knowledge base first, within LOAD_TIMEOUT_MS).
   */
  async run(kb: KnowledgeBase, input: TryRuleInput, timeoutMs: number): Promise<TryRuleResult> {
    return (await this.runAndEcho(kb, input, timeoutMs, false)).result;
  }

  /**
   * `run`, and with `echo` the paste redacted as a page shows it, the result's spans moved to the
   * redacted text (done in the thread: redacting 256 KiB is work too).
   */
  async runAndEcho(kb: KnowledgeBase, input: TryRuleInput, timeoutMs: number, echo = true): Promise<{ result: TryRuleResult; echo?: string }> {
    const reply = await this.#exchange(kb, () => ({ root: kb.root, fingerprint: kb.fingerprint, input, echo }), timeoutMs, () => trialTimedOut(timeoutMs));
    if (!('result' in reply)) throw new Error('the trial thread answered a trial with something else');
    return reply;
  }

  /**
   * Matches a paste against `kb` in a thread, stopped `timeoutMs` from now (the paste's budget:
   * matching in the thread checks what is left of it too, and answers KB_INPUT_TIMEOUT itself
   * unless one regex runs past it).
   */
  async match(kb: KnowledgeBase, text: string, options: MatchOptions, timeoutMs: number): Promise<MatchResult> {
    const request = (leftMs: number): TryRequest => ({ root: kb.root, fingerprint: kb.fingerprint, input: { rule: '', text: '' }, match: { text, options: { ...options, timeoutMs: leftMs } } });
    const reply = await this.#exchange(kb, request, timeoutMs, () => pasteInputError('KB_INPUT_TIMEOUT', timeoutMs));
    if (!('matched' in reply)) throw new Error('the trial thread answered a match with something else');
    return reply.matched;
  }

  /**
   * Sends one request (made with the time left once a thread is free) to a thread and waits for
   * its answer until the deadline, when the thread is stopped. Waiting for a free thread counts;
   * a thread's first load of the knowledge base does not.
   */
  async #exchange(kb: KnowledgeBase, request: (leftMs: number) => TryRequest, timeoutMs: number, timedOut: () => PasteInputError): Promise<Exclude<TryReply, { started: true } | { refused: unknown } | { failed: string }>> {
    const deadline = performance.now() + timeoutMs;
    const worker = await this.#take(deadline, timedOut);
    const leftMs = Math.max(1, Math.round(deadline - performance.now()));
    let settled = false;
    try {
      const reply = await new Promise<Exclude<TryReply, { started: true }>>((resolve, reject) => {
        let timer = setTimeout(() => reject(timedOut()), LOAD_TIMEOUT_MS);
        worker.on('message', (message: TryReply) => {
          clearTimeout(timer);
          if ('started' in message) timer = setTimeout(() => reject(timedOut()), leftMs);
          else resolve(message);
        });
        worker.once('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        worker.postMessage(request(leftMs));
      });
      settled = true;
      if ('refused' in reply) throw new PasteInputError(reply.refused.code as PasteInputErrorCode, reply.refused.message);
      if ('failed' in reply) throw new Error(`the trial thread failed: ${reply.failed}`);
      return reply;
    } finally {
      this.#give(worker, settled);
      // A stopped thread is replaced at once, loaded, so the next request does not wait for a load.
      if (!settled && !this.#closed) void this.#warmOne(kb);
    }
  }

  /**
   * Starts a thread and has it load `kb` now, so the first trial does not wait for the load
   * (`kb serve` calls it at start: it fills the pool, or `threads` of it, so a stopped thread leaves another ready).
   */
  async warm(kb: KnowledgeBase, threads = POOL_SIZE): Promise<void> {
    const missing = Math.min(threads, POOL_SIZE) - this.#idle.length - this.#busy - this.#warming.size;
    await Promise.all(Array.from({ length: Math.max(1, missing) }, () => this.#warmOne(kb)));
  }

  async #warmOne(kb: KnowledgeBase): Promise<void> {
    const worker = new Worker(WORKER_FILE);
    worker.unref();
    const loaded = new Promise<void>((resolve) => {
      const done = () => {
        worker.removeAllListeners('message');
        worker.removeAllListeners('error');
        resolve();
      };
      worker.on('message', (message: TryReply) => {
        if ('started' in message) return;
        done();
        if (this.#closed) void worker.terminate();
        else this.#idle.push({ worker });
      });
      worker.once('error', () => {
        done();
        void worker.terminate();
      });
      const request: TryRequest = { root: kb.root, fingerprint: kb.fingerprint, input: { rule: '', text: 'warm-up' } };
      worker.postMessage(request);
    });
    this.#warming.add(loaded);
    await loaded;
    this.#warming.delete(loaded);
  }

  /** Stops every thread. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#idle.splice(0).map(({ worker }) => worker.terminate()));
  }

  async #take(deadline: number, timedOut: () => PasteInputError): Promise<Worker> {
    while (this.#busy >= POOL_SIZE) {
      const wait = deadline - performance.now();
      if (wait <= 0) throw timedOut();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.#waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.#busy++;
    if (!this.#idle.length && this.#warming.size) await Promise.race(this.#warming);
    const idle = this.#idle.pop();
    if (idle) return idle.worker;
    const worker = new Worker(WORKER_FILE);
    worker.unref();
    return worker;
  }

  /** Puts a thread back; one still working (its trial ran past the deadline) is terminated instead. */
  #give(worker: Worker, settled: boolean): void {
    this.#busy--;
    worker.removeAllListeners('message');
    worker.removeAllListeners('error');
    if (!settled || this.#closed) void worker.terminate();
    else this.#idle.push({ worker });
    this.#waiting.shift()?.();
  }
}

function trialTimedOut(timeoutMs: number): PasteInputError {
  return new PasteInputError('KB_INPUT_TIMEOUT', `trying the rule took longer than ${timeoutMs} ms: try it on the lines around the error, not the whole log, and keep its regexes simple`);
}
