import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, REQUEST_ERRORS } from '../../src/diagnostics/codes.js';

// The one catalogue (src/diagnostics/codes.ts) against the two pages that document it: every
// code has exactly one row, and each row says what the catalogue says.

/** Rows of the page's tables whose first cell is a code: code → the other cells. */
function tableRows(page: string): Map<string, string[]> {
  const doc = readFileSync(join(import.meta.dirname, '../../docs', page), 'utf8');
  const rows = new Map<string, string[]>();
  for (const line of doc.split('\n')) {
    const row = /^\| `(KB_[A-Z0-9_]+)` \|(.*)\|\s*$/.exec(line);
    if (!row) continue;
    expect(rows.has(row[1]!), `${row[1]} has two rows in docs/${page}`).toBe(false);
    rows.set(row[1]!, row[2]!.split(' | ').map((cell) => cell.trim()));
  }
  return rows;
}

describe('docs/errors.md', () => {
  const rows = tableRows('errors.md');

  it('has one row per diagnostic code, no more', () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(DIAGNOSTIC_CODES).sort());
  });

  for (const [code, spec] of Object.entries(DIAGNOSTIC_CODES)) {
    it(`${code}: severity, meaning and fix as in the catalogue`, () => {
      expect(rows.get(code)).toEqual([spec.severity, spec.when, spec.hint]);
    });
  }
});

describe('docs/http-errors.md', () => {
  const rows = tableRows('http-errors.md');

  it('has one row per request error code, no more', () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(REQUEST_ERRORS).sort());
  });

  for (const [code, spec] of Object.entries(REQUEST_ERRORS)) {
    it(`${code}: status, when and how to solve as in the catalogue`, () => {
      const status = 'statusVaries' in spec && spec.statusVaries ? '4xx' : String(spec.status);
      expect(rows.get(code)).toEqual([status, spec.when, spec.hint]);
    });
  }
});
