import { pasteInputError } from './paste-input.js';

/**
 * The time budget of one paste. Matching is synchronous work between awaits, so it cannot be
 * interrupted from outside: the stages call `check()` between steps instead (regexes are linear,
 * so no single step runs away).
 */
export class Deadline {
  readonly #endsAt: number;
  /** Calls of `checkOften` left before it reads the clock again. */
  #unread = 0;

  constructor(
    readonly startedAt: number,
    readonly budgetMs: number,
  ) {
    this.#endsAt = startedAt + budgetMs;
  }

  check(): void {
    if (performance.now() >= this.#endsAt) {
      throw pasteInputError('KB_INPUT_TIMEOUT', this.budgetMs);
    }
  }

  /**
   * `check()` for steps that can take less time than reading the clock (≈ 0.1 µs): reads it on the
   * first call and then on every `stride`-th, so the budget is overrun by at most `stride - 1` steps.
   */
  checkOften(stride: number): void {
    if (this.#unread > 0) {
      this.#unread--;
      return;
    }
    this.#unread = stride - 1;
    this.check();
  }
}
