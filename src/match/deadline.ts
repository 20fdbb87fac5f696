import { PasteInputError } from './paste-input.js';

/**
 * The time budget of one paste. Matching is synchronous work between awaits, so it cannot be
 * interrupted from outside: the stages call `check()` between steps instead (regexes are linear,
 * so no single step runs away).
 */
export class Deadline {
  readonly #endsAt: number;

  constructor(
    readonly startedAt: number,
    readonly budgetMs: number,
  ) {
    this.#endsAt = startedAt + budgetMs;
  }

  check(): void {
    if (performance.now() >= this.#endsAt) {
      throw new PasteInputError('KB_INPUT_TIMEOUT', `matching the paste took longer than ${this.budgetMs} ms: paste the lines around the error, not the whole log`);
    }
  }
}
