import { afterEach, describe, expect, it, vi } from 'vitest';
import { Deadline } from '../../src/match/deadline.js';

describe('Deadline', () => {
  afterEach(() => vi.restoreAllMocks());

  it('checkOften reads the clock on the first call and then on every stride-th', () => {
    const started = performance.now();
    const deadline = new Deadline(started, 60_000);
    const everyCall = new Deadline(started, 60_000);
    const now = vi.spyOn(performance, 'now');
    for (let i = 0; i < 17; i++) deadline.checkOften(8);
    expect(now).toHaveBeenCalledTimes(3);
    for (let i = 0; i < 3; i++) everyCall.checkOften(1);
    expect(now).toHaveBeenCalledTimes(6);
  });

  it('checkOften throws once the budget is spent, on a call that reads the clock', () => {
    const deadline = new Deadline(performance.now() - 10, 5);
    expect(() => deadline.checkOften(8)).toThrow(expect.objectContaining({ code: 'KB_INPUT_TIMEOUT' }));
    for (let i = 0; i < 7; i++) deadline.checkOften(8);
    expect(() => deadline.checkOften(8)).toThrow(expect.objectContaining({ code: 'KB_INPUT_TIMEOUT' }));
  });
});
