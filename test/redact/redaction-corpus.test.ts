import { describe, expect, it } from 'vitest';
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
});
