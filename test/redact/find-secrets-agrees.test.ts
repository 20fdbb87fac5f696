import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { findSecrets } from '../../src/redact/redact-secrets.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';
import { SECRET_FRAGMENTS, pasteArbitrary, splicedExampleArbitrary } from '../helpers/paste-fragments.js';
import { referenceFindSecrets } from './reference/reference-find-secrets.js';
import { bundledExamples } from '../helpers/knowledge-base.js';

// findSecrets was made cheaper; the secrets it finds, their spans, kinds and order must not change.

describe('findSecrets and its frozen reference', () => {
  let examples: string[] = [];
  beforeAll(async () => {
    examples = await bundledExamples();
  }, 60_000);

  it('find the same secrets in every bundled example, and in all of them as one text', () => {
    for (const paste of [...examples, examples.join('\n')]) expect(findSecrets(paste), paste).toStrictEqual(referenceFindSecrets(paste));
  });

  it('find the same passwords in URLs at the edges of the scheme pattern', () => {
    // The scheme is 2 to 16 characters after a word boundary; a match ends with `@`, where the next may start.
    const urls = [
      'x://u:pw0rd@h', 'xy://u:pw0rd@h', '1x://u:pw0rd@h', '_ab://u:pw0rd@h', '.ab://u:pw0rd@h', 'a.b-c+d://u:pw0rd@h', 'abcdefghijklmnop://u:pw0rd@h',
      'abcdefghijklmnopq://u:pw0rd@h', 'a.bcdefghijklmnopq://u:pw0rd@h', 'éab://u:pw0rd@h', 'ab://u:pw0rd@cd://v:pw1rd@h', 'x://u:pw0rd@cd://v:pw1rd@h', 'ab://u:pw0rd@@cd://v:pw1rd@h',
      'ab://:pw0rd@h', 'ab://u:@h', 'ab://u:pw0rd', 'ab:// u:pw0rd@h', 'ab://a://u:pw0rd@h', 'AB://U:PW0RD@H', 'ſab://u:pw0rd@h', 'ab:/u:pw0rd@h',
    ];
    for (const url of urls) for (const paste of [url, `see ${url} now`, `a${url}`]) expect(findSecrets(paste), paste).toStrictEqual(referenceFindSecrets(paste));
  });

  it('find the same secrets in generated pastes', () => {
    fc.assert(
      fc.property(pasteArbitrary, (paste) => {
        expect(findSecrets(paste)).toStrictEqual(referenceFindSecrets(paste));
      }),
      { numRuns: fuzzRuns(3000) },
    );
  });

  it('find the same secrets in pastes spliced from bundled examples', () => {
    fc.assert(
      fc.property(splicedExampleArbitrary(examples), (paste) => {
        expect(findSecrets(paste)).toStrictEqual(referenceFindSecrets(paste));
      }),
      { numRuns: fuzzRuns(1500) },
    );
  });

  it('find the same secrets in texts made only of secret fragments', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SECRET_FRAGMENTS, ' ', '\n', ': ', '=', '"'), { maxLength: 10 }), (parts) => {
        const paste = parts.join('');
        expect(findSecrets(paste)).toStrictEqual(referenceFindSecrets(paste));
      }),
      { numRuns: fuzzRuns(2000) },
    );
  });

  it('find the same numbers in texts made of digits and what numbers are written with (the digit stretch and `+` gates)', () => {
    const pieces = ['+', '(', ')', ' ', '-', '.', '\n', 'x', 'T', '1', '41', '415', '555', '0134', '4111', '2026-11-28', '09:14:03', '+44 20 7946 0958', '(415) 555-0134', '415.555.0134', 'GB82 WEST 1234', 'AB 12 34 56 C', '123-45-6789', '4111 1111 1111 1111'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 16 }), (parts) => {
        const paste = parts.join('');
        expect(findSecrets(paste), JSON.stringify(paste)).toStrictEqual(referenceFindSecrets(paste));
      }),
      { numRuns: fuzzRuns(3000) },
    );
    const kinds = new Set(fc.sample(fc.array(fc.constantFrom(...pieces), { maxLength: 16 }), { numRuns: 500, seed: 3 }).flatMap((parts) => referenceFindSecrets(parts.join('')).map((s) => s.kind)));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['card-number', 'national-id', 'phone-number']));
  });

  it('find the same e-mail addresses in texts made of what addresses are written with (the pattern is tried only where one can start)', () => {
    const local = fc.array(fc.constantFrom('a', 'Jane.Doe', 'x+tag', '%', '-', '_', '.', 'git', 'é', 'x'.repeat(63), 'y'.repeat(64), 'z'.repeat(65)), { maxLength: 3 }).map((parts) => parts.join(''));
    const domain = fc.constantFrom('example.com', 'mail.example.co.uk', 'x', 'a.b', 'example.com.', 'example.c0m', '');
    const address = fc.tuple(local, domain).map(([name, host]) => `${name}@${host}`);
    const other = fc.constantFrom('@', 'mailto:', ':', '/', ' ', '\n', '"', '.', 'a');
    const text = fc.array(fc.oneof(address, other), { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (paste) => {
        expect(findSecrets(paste), JSON.stringify(paste)).toStrictEqual(referenceFindSecrets(paste));
      }),
      { numRuns: fuzzRuns(3000) },
    );
    expect(fc.sample(text, { numRuns: 500, seed: 4 }).filter((paste) => referenceFindSecrets(paste).some((s) => s.kind === 'email')).length).toBeGreaterThan(20);
  });

  it('find the same named values on lines of other text (the keyed detectors search from just before the first name on a line)', () => {
    const name = fc.constantFrom('shared_access_key', 'Shared-Access-Key', 'subscription_key', 'encryption-key', 'cookie_secret', 'client-key-data', 'x_api_key', 'db_password', 'sig', 'xsig', 'my.token.value', 'pass', 'key');
    const separator = fc.constantFrom('=', ': ', ' = ', '"=>', "': ", '\u00a0:', ':=');
    const value = fc.constantFrom('"Abc123xyz"', "'s3cr3t-Val'", 'Abc123xyz', 'hunter2', '`X9y8Z7`', 'true');
    const named = fc.tuple(name, separator, value).map((parts) => parts.join(''));
    const other = fc.constantFrom('x', 'prefix_', 'a b', ' ', '; ', 'token expired', 'İ', 'K');
    const line = fc.array(fc.oneof(named, other), { maxLength: 6 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 5 }), (lines) => {
        const paste = lines.join('\n');
        expect(findSecrets(paste), JSON.stringify(paste)).toStrictEqual(referenceFindSecrets(paste));
      }),
      { numRuns: fuzzRuns(3000) },
    );
  });

  it('are not vacuously alike: generated pastes hold secrets of most kinds', () => {
    const samples = fc.sample(pasteArbitrary, { numRuns: 2000, seed: 42 });
    const kinds = new Set(samples.flatMap((p) => referenceFindSecrets(p).map((s) => s.kind)));
    expect(kinds.size).toBeGreaterThan(12);
  });
});
