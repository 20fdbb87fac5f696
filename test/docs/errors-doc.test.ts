import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../src/diagnostics/codes.js';

const doc = readFileSync(join(import.meta.dirname, '../../docs/errors.md'), 'utf8');
const documented = new Map([...doc.matchAll(/^\| `(KB_[A-Z_]+)` \| (error|warning) \|/gm)].map((m) => [m[1]!, m[2]!]));

describe('docs/errors.md', () => {
  it('documents every diagnostic code with its severity', () => {
    for (const [code, { severity }] of Object.entries(DIAGNOSTIC_CODES)) expect(documented.get(code), code).toBe(severity);
  });

  it('documents no code that does not exist', () => {
    expect([...documented.keys()].filter((code) => !(code in DIAGNOSTIC_CODES))).toEqual([]);
  });
});
