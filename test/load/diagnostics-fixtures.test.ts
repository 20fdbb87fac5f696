import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../src/diagnostics/codes.js';
import { formatDiagnostics } from '../../src/diagnostics/format.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/diagnostics');
const fixtures = readdirSync(FIXTURES).sort();

describe('one loader fixture per diagnostic code', () => {
  it('covers every code of the catalogue', () => {
    const covered = fixtures.map((f) => (JSON.parse(readFileSync(join(FIXTURES, f, 'expected.json'), 'utf8')) as { code: string }).code);
    expect(covered.sort()).toEqual(Object.keys(DIAGNOSTIC_CODES).sort());
  });

  for (const fixture of fixtures) {
    it(`${fixture} reports its code at the pinned file:line:col`, async () => {
      const expected = JSON.parse(readFileSync(join(FIXTURES, fixture, 'expected.json'), 'utf8')) as { code: string; at: string; hint?: string };
      const { kb, diagnostics, sources } = await loadKnowledgeBase(join(FIXTURES, fixture));
      const found = diagnostics.filter((d) => d.code === expected.code);
      expect(found.map((d) => `${d.file}:${d.line}:${d.column}`)).toContain(expected.at);
      const diagnostic = found.find((d) => `${d.file}:${d.line}:${d.column}` === expected.at)!;
      expect(diagnostic.message.length).toBeGreaterThan(10);
      expect(diagnostic.hint, 'every diagnostic tells how to fix it').toBeTruthy();
      if (expected.hint) expect(diagnostic.hint).toBe(expected.hint);
      const isError = DIAGNOSTIC_CODES[expected.code as keyof typeof DIAGNOSTIC_CODES].severity === 'error';
      expect(kb === undefined).toBe(isError);
      expect(formatDiagnostics(diagnostics, sources)).toContain(`${expected.at}  ${isError ? 'error' : 'warning'}`);
    });
  }
});
