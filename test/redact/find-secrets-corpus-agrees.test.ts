import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSecrets } from '../../src/redact/redact-secrets.js';
import { lookAlikes } from '../fixtures/secrets/measure-redaction.js';
import { secretSamples } from '../fixtures/secrets/secret-samples.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';
import { referenceFindSecrets } from './reference/reference-find-secrets.js';

// findSecrets skips sources by hints, digit counts and prescreens, and starts prescreened
// detectors late; the reference runs every source on the whole text. On texts made of the
// redaction corpus's secrets and look-alikes among log lines — wrapped, percent-encoded, coloured,
// in key armour, in odd case — the two must find the same secrets, whatever the options.

const samples = secretSamples();
const SECRETS = samples.flatMap((s) => s.secrets.filter((secret) => secret.length > 0));
const PASTES = samples.map((s) => s.paste);
const LOOK_ALIKES = lookAlikes().map((l) => l.text);
const LOG_LINES = [
  '2026-11-28T09:14:03.118Z INFO app=billing task=sync_invoice invoice=3f9a2c1b status=200 took=118ms',
  '2026-11-28T09:14:04.002Z WARN retrying refresh token after 12s (attempt 2 of 3)',
  '2026-11-28T09:14:05.771Z DEBUG {"event":"auth.refresh","session":"9c1e2b7a44d0","durationMs":1840}',
  'GET https://api.example.com/v2/accounts?page=3 -> 200 OK (5123 bytes)',
  'Connecting to db.internal:5432 as app (sslmode=require)',
  'worker-3 queue depth=17 secrets=4 keys=12 tokens=0',
  '[ERROR] Failed to execute goal: Could not transfer artifact from/to central: status code: 401, reason phrase: Unauthorized',
  'curl -s -H "Accept: application/json" https://example.com/health',
  '    at Object.<anonymous> (/srv/app/node_modules/pg/lib/client.js:132:17)',
  'exp imp conn sqlplus rman account secret_access 4111 1111 1111 1111 +1 (415) 555-0134 123-45-6789',
];

/** The ways a secret reaches a paste: as is, wrapped by a terminal, percent-encoded by a URL, coloured, in armour, in odd case. */
const shaped = (piece: fc.Arbitrary<string>) =>
  fc.tuple(piece, fc.constantFrom('as is', 'wrapped', 'encoded', 'twice encoded', 'coloured', 'armoured', 'upper', 'lower', 'odd case'), fc.nat()).map(([text, how, at]) => {
    const cut = text.length ? at % text.length : 0;
    switch (how) {
      case 'wrapped':
        return text.slice(0, cut) + ['\n', '\r\n', '\\n', '\n  ', ' \\\n'][at % 5] + text.slice(cut);
      case 'encoded':
        return encodeURIComponent(text);
      case 'twice encoded':
        return encodeURIComponent(encodeURIComponent(text));
      case 'coloured':
        return `\x1b[31m${text.slice(0, cut)}\x1b[1m${text.slice(cut)}\x1b[0m`;
      case 'armoured':
        return [`-----BEGIN RSA PRIVATE KEY-----\n${text}\n-----END RSA PRIVATE KEY-----`, `-----begin openssh private key-----\n${text}`, `Private-Lines: 2\n${text}\nPrivate-MAC: 0a1b`][at % 3]!;
      case 'upper':
        return text.toUpperCase();
      case 'lower':
        return text.toLowerCase();
      case 'odd case':
        // Characters whose lower case is longer (İ) or ASCII (K, the Kelvin sign): offsets of the lower-cased text shift.
        return text.slice(0, cut) + ['İ', 'K', 'ſ', 'ẞ'][at % 4] + text.slice(cut);
      default:
        return text;
    }
  });

const piece = fc.oneof(
  { weight: 3, arbitrary: shaped(fc.constantFrom(...SECRETS)) },
  { weight: 3, arbitrary: shaped(fc.constantFrom(...PASTES)) },
  { weight: 2, arbitrary: shaped(fc.constantFrom(...LOOK_ALIKES)) },
  { weight: 2, arbitrary: fc.constantFrom(...LOG_LINES) },
  { weight: 1, arbitrary: fc.constantFrom(' ', '\n', ': ', '=', '"', '&', '?', '@', '/', '%', '%2', 'token: ', 'password=', 'https://u:') },
);

/** A paste: pieces of the corpus and log lines, joined. */
const corpusPaste = fc.tuple(fc.array(piece, { minLength: 1, maxLength: 8 }), fc.constantFrom(' ', '\n')).map(([parts, between]) => parts.join(between));

describe('findSecrets and its frozen reference on the redaction corpus', () => {
  it('find the same secrets in every corpus paste and look-alike, with and without IP addresses kept', () => {
    for (const text of [...PASTES, ...LOOK_ALIKES, LOG_LINES.join('\n')]) {
      expect(findSecrets(text), text).toStrictEqual(referenceFindSecrets(text));
      expect(findSecrets(text, { keepIpAddresses: true }), text).toStrictEqual(referenceFindSecrets(text, { keepIpAddresses: true }));
    }
  });

  it('find the same secrets in pastes made of corpus pieces, shaped as pastes carry them', () => {
    fc.assert(
      fc.property(corpusPaste, fc.boolean(), (paste, keepIpAddresses) => {
        expect(findSecrets(paste, { keepIpAddresses })).toStrictEqual(referenceFindSecrets(paste, { keepIpAddresses }));
      }),
      { numRuns: fuzzRuns(1500), seed: 18 },
    );
  });

  it('find the same secrets among long log stretches (prescreened detectors start late)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LOG_LINES), { maxLength: 40 }), piece, fc.array(fc.constantFrom(...LOG_LINES), { maxLength: 40 }), (before, middle, after) => {
        const paste = [...before, middle, ...after].join('\n');
        expect(findSecrets(paste)).toStrictEqual(referenceFindSecrets(paste));
      }),
      { numRuns: fuzzRuns(300), seed: 19 },
    );
  });

  it('find the same secrets when decoding changes some lines only (the others are searched once, as sent)', () => {
    // Encoded lines among plain ones, encoded line breaks, `+` for spaces, and secrets whose match
    // runs over a line break — from a line decoding changed (where only the decoded text has the
    // match) into one it did not.
    const across = fc.constantFrom(
      'Authorization: Bearer%09\nAbc123def456ghi789jkl0',
      'SSWS%20\n00aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5',
      '<pass%77ord>\nhunter2-Secret9</password>',
      'sqlplus%20\nscott/Tiger9pw@db',
      '-----BEGIN%20RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn',
      'aws_secret_access_key%20=\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE1',
      'Authorization: Bearer\n  eyJhbGciOiJIUzI1NiJ9x0a1b2c3d4e5f6',
      'token=%0Aabc',
    );
    const line = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...LOG_LINES) },
      { weight: 2, arbitrary: shaped(fc.constantFrom(...SECRETS)) },
      { weight: 2, arbitrary: across },
      { weight: 1, arbitrary: fc.constantFrom('q=a%20b+c', 'x%0Ay', '%0A', 'pass+word=%41bc123', 'password=+Abc123', 'a+b', '%E2%80%83token:%20Xy9') },
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 14 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const paste = lines.join(eol);
        expect(findSecrets(paste), JSON.stringify(paste)).toStrictEqual(referenceFindSecrets(paste));
      }),
      { numRuns: fuzzRuns(1500), seed: 21 },
    );
  });

  it('are not vacuously alike: the generated pastes hold secrets of most kinds', () => {
    const kinds = new Set(fc.sample(corpusPaste, { numRuns: 500, seed: 20 }).flatMap((p) => referenceFindSecrets(p).map((s) => s.kind)));
    expect(kinds.size).toBeGreaterThan(40);
  });
});
