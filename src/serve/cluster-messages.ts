import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ServingProcess } from './service-control.js';

/**
 * Messages between a cluster's primary and its workers (node's IPC channel, JSON). Every message
 * carries `kb` so messages of other libraries on the same channel are left alone.
 */

/** The knowledge base to serve: the files the primary loaded and linted, by relative path. */
export interface InstallMessage {
  kb: 'install';
  generation: number;
  root: string;
  files: [string, string][];
}

/** A reload the primary refused: the workers keep serving, and report it in /v1/status. */
export interface RefusedMessage {
  kb: 'refused';
  generation: number;
  at: string;
  diagnostics: Diagnostic[];
}

export interface ShutdownMessage {
  kb: 'shutdown';
  signal: NodeJS.Signals;
}

/** A worker is ready for its knowledge base. */
interface HelloMessage {
  kb: 'hello';
}

/** What a worker serves now; `generation` is that of the latest install or refusal it applied. */
export interface StateMessage {
  kb: 'state';
  generation: number;
  state: ServingProcess;
}

/** A request answered by a `reply` with the same id (either direction). */
export interface CallMessage {
  kb: 'call';
  id: number;
  op: string;
  args?: unknown;
}

export interface ReplyMessage {
  kb: 'reply';
  id: number;
  value?: unknown;
  error?: string;
}

export type ToWorker = InstallMessage | RefusedMessage | ShutdownMessage | CallMessage | ReplyMessage;
export type ToPrimary = HelloMessage | StateMessage | CallMessage | ReplyMessage;

export function isKbMessage<T extends { kb: string }>(message: unknown): message is T {
  return typeof message === 'object' && message !== null && typeof (message as { kb?: unknown }).kb === 'string';
}

/**
 * Calls over one IPC channel: `call` sends and resolves with the reply, `answer` runs a handler
 * for an incoming call and sends its result back.
 */
export class Calls {
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();

  constructor(private readonly send: (message: CallMessage | ReplyMessage) => void) {}

  call<T>(op: string, args?: unknown, timeoutMs = 30_000): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`no answer to "${op}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      try {
        this.send({ kb: 'call', id, op, args });
      } catch (error) {
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(error as Error);
      }
    });
  }

  /** Settles the call a reply belongs to. */
  settle(reply: ReplyMessage): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    clearTimeout(pending.timer);
    if (reply.error !== undefined) pending.reject(new Error(reply.error));
    else pending.resolve(reply.value);
  }

  /** Answers an incoming call with `handler`'s result (or its error message). */
  answer(message: CallMessage, handler: ((args: unknown) => unknown) | undefined): void {
    const reply = (value: Omit<ReplyMessage, 'kb' | 'id'>) => {
      try {
        this.send({ kb: 'reply', id: message.id, ...value });
      } catch {
        // The other side is gone: nobody waits for the answer.
      }
    };
    if (!handler) return reply({ error: `unknown call "${message.op}"` });
    Promise.resolve()
      .then(() => handler(message.args))
      .then(
        (value) => reply({ value }),
        (error: Error) => reply({ error: error.message }),
      );
  }

  /** Fails every call still waiting (the channel closed). */
  failAll(why: string): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(why));
      this.#pending.delete(id);
    }
  }
}
