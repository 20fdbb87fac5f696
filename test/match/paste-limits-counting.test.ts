import { describe, expect, it } from 'vitest';
import { checkPaste, countLines } from '../../src/match/paste-input.js';

// Issue 15: 10,000 lines each ending in a line break were refused as too many, and coloured
// terminal output (ESC [ 31 m …) as nested too deep.

describe('paste limits count what a person sees', () => {
  it('counts lines that end in a line break as they are', () => {
    expect(countLines('a\nb\n', 10)).toBe(2);
    expect(countLines('a\nb', 10)).toBe(2);
    expect(countLines('a\n\n', 10)).toBe(2);
    expect(countLines('\n', 10)).toBe(1);
    expect(() => checkPaste('line\n'.repeat(10_000), { maxLines: 10_000 })).not.toThrow();
    expect(() => checkPaste('line\n'.repeat(10_001), { maxLines: 10_000 })).toThrow(/more than 10000 lines/);
  });

  it('takes coloured output for text, not for nesting', () => {
    const coloured = Array.from({ length: 200 }, (_, i) => `\u001b[31mERROR\u001b[0m step ${i} failed`).join('\n');
    expect(() => checkPaste(coloured, { maxJsonDepth: 64 })).not.toThrow();
    expect(() => checkPaste('['.repeat(65), { maxJsonDepth: 64 })).toThrow(/more than 64 deep/);
  });
});
