import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionSizes } from '../scripts/function-sizes.js';

// House style: functions fit on a screen. `npx tsx scripts/function-sizes.ts` lists the longest.
const MAX_LINES = 79;

describe('functions in src/', () => {
  it(`are at most ${MAX_LINES} lines long`, () => {
    const sizes = functionSizes(join(import.meta.dirname, '../src'));
    expect(sizes.length).toBeGreaterThan(100);
    expect(sizes.filter((f) => f.lines > MAX_LINES).map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`)).toEqual([]);
  });
});
