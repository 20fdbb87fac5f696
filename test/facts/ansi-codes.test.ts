import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripAnsiCodes } from '../../src/facts/ansi-codes.js';
import { SEQUENCES } from '../helpers/ansi-sequences.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';

// Issue 15 item 4: colour codes are removed before matching, and every span of the text left
// points back into the paste as sent.


describe('stripAnsiCodes', () => {
  it('removes colour codes so phrases read whole', () => {
    const paste = '\u001b[31mERROR\u001b[0m: connect ECONNREFUSED';
    const stripped = stripAnsiCodes(paste);
    expect(stripped.text).toBe('ERROR: connect ECONNREFUSED');
    const span = stripped.toOriginal(0, 'ERROR:'.length);
    // The highlight covers the visible characters, the reset code between them included.
    expect(paste.slice(span.start, span.end)).toBe('ERROR\u001b[0m:');
    expect(stripped.toOriginal(0, 5)).toEqual({ start: 5, end: 10 });
  });

  it('removes every kind of sequence, one by one', () => {
    for (const code of SEQUENCES) {
      expect(stripAnsiCodes(`a${code}b`).text, JSON.stringify(code)).toBe('ab');
    }
  });

  it('keeps text that only looks like a code', () => {
    for (const text of ['array[31]', 'C:\\temp\\x1b', 'regex ^[a-z]+$', '\\x1b[31', 'press ^[ to leave', '\\e[0-9]m', '[31m no escape', 'x^[[31z']) {
      const stripped = stripAnsiCodes(text);
      expect(stripped.text).toBe(text);
      expect(stripped.stripped).toBe(false);
    }
  });

  it('maps empty spans and the very end', () => {
    const paste = 'ab\u001b[0m';
    const stripped = stripAnsiCodes(paste);
    expect(stripped.toOriginal(2, 2)).toEqual({ start: 6, end: 6 });
    expect(stripped.toOriginal(0, 2)).toEqual({ start: 0, end: 2 });
    expect(stripAnsiCodes('\u001b[1mab').toOriginal(0, 0)).toEqual({ start: 4, end: 4 });
  });

  it('leaves a plain paste as the same string, at no cost of a copy', () => {
    const paste = 'npm ERR! code E407';
    const stripped = stripAnsiCodes(paste);
    expect(stripped.text).toBe(paste);
    expect(stripped.toOriginal(4, 8)).toEqual({ start: 4, end: 8 });
  });

  it('is linear on hostile input: 256 KiB of lone introducers and unterminated strings', () => {
    for (const unit of ['\u001b]', '\u001b[', '\u009b', '\u001bP', '^[[', '\\x1b[', '\u001b[1;2;3;']) {
      const paste = unit.repeat(Math.floor((256 * 1024) / unit.length));
      const started = performance.now();
      stripAnsiCodes(paste);
      // A quadratic scan of this input takes minutes; a linear one milliseconds.
      expect(performance.now() - started, JSON.stringify(unit)).toBeLessThan(2_000);
    }
  });
});

/** Plain text: what a terminal shows, with none of the characters that start a sequence. */
const plainText = fc
  .array(fc.oneof(fc.constantFrom('a', 'E', 'R', 'O', ':', ' ', '\n', '[', ']', '^', '\\', 'x', '1', 'b', 'm', ';', '0', '3', 'é', '😀', '\t'), fc.string({ maxLength: 4 })), { maxLength: 60 })
  .map((parts) => parts.join(''))
  .filter((text) => stripAnsiCodes(text).text === text);

/** The plain text with sequences inserted at random places. */
const colouredText = plainText.chain((plain) =>
  fc
    .array(fc.tuple(fc.nat(plain.length), fc.constantFrom(...SEQUENCES.filter((s) => s.startsWith('\u001b') || s.startsWith('\u009b')))), { maxLength: 12 })
    .map((inserts) => {
      let coloured = plain;
      for (const [at, code] of [...inserts].sort((a, b) => b[0] - a[0])) coloured = coloured.slice(0, at) + code + coloured.slice(at);
      return { plain, coloured };
    }),
);

describe('stripAnsiCodes on random coloured text', () => {
  it('gives back the plain text, and every span slices the paste to the same visible text', () => {
    fc.assert(
      fc.property(colouredText, fc.nat(), fc.nat(), ({ plain, coloured }, a, b) => {
        const stripped = stripAnsiCodes(coloured);
        expect(stripped.text).toBe(plain);
        const start = plain.length ? a % (plain.length + 1) : 0;
        const end = start + (plain.length - start ? b % (plain.length - start + 1) : 0);
        const span = stripped.toOriginal(start, end);
        expect(span.start).toBeLessThanOrEqual(span.end);
        expect(span.end).toBeLessThanOrEqual(coloured.length);
        expect(stripAnsiCodes(coloured.slice(span.start, span.end)).text).toBe(plain.slice(start, end));
        // The span starts at the visible character itself, never on a code before it.
        if (end > start) expect(coloured[span.start]).toBe(plain[start]);
      }),
      { numRuns: fuzzRuns(2000) },
    );
  });
});
