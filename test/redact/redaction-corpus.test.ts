import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SecretSpan } from '../../src/redact/detector.js';
import { findWithSecretlint } from '../../src/redact/secretlint-rules.js';
import { lookAlikes, measureRedaction } from '../fixtures/secrets/measure-redaction.js';
import { secretSamples } from '../fixtures/secrets/secret-samples.js';

// The floors of `npm run redaction-report`, enforced: every kind of secret in the corpus caught in
// every sample, and fewer than 2% of the look-alikes touched.

describe('the redaction corpus', () => {
  const measure = measureRedaction();

  it('is big enough to mean something: 200 secrets in 80 formats, 150 look-alikes', () => {
    expect(measure.samples).toBeGreaterThanOrEqual(200);
    expect(measure.formats).toBeGreaterThanOrEqual(80);
    expect(lookAlikes().length).toBeGreaterThanOrEqual(150);
  });

  it('has every secret kind caught in every sample', () => {
    const missed = measure.secrets.flatMap((row) => row.missed.map((m) => `${row.kind} (${m.format}): ${m.redacted}`));
    expect(missed).toEqual([]);
  });

  it('leaves fewer than 2% of the look-alikes touched', () => {
    const touched = measure.lookAlikes.flatMap((row) => row.touched);
    const total = measure.lookAlikes.reduce((n, row) => n + row.samples, 0);
    expect(touched.length / total, JSON.stringify(touched, null, 1)).toBeLessThan(0.02);
  });

  it('would notice a redactor that misses: a redactor that hides nothing fails every kind', () => {
    const none = measureRedaction((text) => text);
    expect(none.secrets.every((row) => row.caught === 0)).toBe(true);
  });

  it('runs secretlint rules, and their hints skip none that would report', () => {
    let reported = 0;
    for (const text of [...secretSamples().map((s) => s.paste), ...lookAlikes().map((l) => l.text)]) {
      const all = findWithSecretlint(text, true);
      expect(findWithSecretlint(text), text).toEqual(all);
      if (all.length) reported++;
    }
    expect(reported).toBeGreaterThan(20);
  });
  it('finds the same when the AWS rule runs only around its hints as when it runs on the whole text', () => {
    // Assignments shaped like the AWS patterns, with blank space over several lines around the
    // connector, values of right and wrong lengths, among filler lines that space the hints out.
    const name = fc.constantFrom('aws_account_id', 'AWS_ACCOUNT_ID', 'Account', '"account"', 'AWS_SECRET_ACCESS_KEY', 'secret_access_key', "'Secret'", 'my_account');
    const blank = fc.constantFrom('', ' ', '  ', '\n', '\n\n', '\r\n', ' \n \n\t');
    const connector = fc.constantFrom(':', '=', '=>', '');
    const quote = fc.constantFrom('', '"', "'");
    const value = fc.constantFrom('123456789012', '1234-5678-9012', '12345678901', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ', 'AKIAIOSFODNN7EXAMPLQ', 'ASIAY34FZKBOKMUTVV7A', 'abc');
    const assignment = fc.tuple(name, blank, connector, blank, quote, value, quote).map((parts) => parts.join(''));
    const filler = fc.constantFrom('routine log line with nothing secret in it', 'x'.repeat(90), 'İstanbul', '', 'A3TXQWERTYUIOPASDFGH');
    const line = fc.oneof(assignment, filler, fc.tuple(filler, fc.constant(' '), assignment).map((p) => p.join('')));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const text = lines.join(eol);
        // In the order of the text: a windowed rule reports window by window, findSecrets sorts.
        const inOrder = (spans: SecretSpan[]) => spans.sort((a, b) => a.start - b.start || a.end - b.end || a.kind.localeCompare(b.kind));
        expect(inOrder(findWithSecretlint(text))).toEqual(inOrder(findWithSecretlint(text, true)));
      }),
      { numRuns: 3000, seed: 17 },
    );
  });
});
