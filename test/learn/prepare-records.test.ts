import { describe, expect, it } from 'vitest';
import { prepareFeedback, prepareUnmatched } from '../../src/learn/prepare-records.js';

// What the store keeps of a paste: read without terminal colour codes, as matching reads it, so a
// secret that colour codes split in two is still found and hidden.

const TOKEN = 'ghp_Q7f9xKm2LwPz8RtV3nBcYd6HsJa1EuGo4Xi5';
const split = `${TOKEN.slice(0, 14)}\u001b[1m${TOKEN.slice(14, 30)}\u001b[0m${TOKEN.slice(30)}`;

describe('records prepared for the store', () => {
  it('hide a token split by colour codes, and keep none of its pieces', () => {
    const record = prepareUnmatched(`\u001b[31mERROR\u001b[0m: git push rejected, token ${split} was refused`);
    expect(record.sample).toContain('[REDACTED:');
    expect(record.sample).not.toContain('\u001b');
    for (const piece of [TOKEN, TOKEN.slice(14, 30), TOKEN.slice(30)]) expect(record.sample).not.toContain(piece);
    expect(record.sample).toMatch(/^ERROR: git push rejected/);
  });

  it('hide the same in a feedback comment', () => {
    const record = prepareFeedback({ rule: 'r', article: 'a', helpful: false, comment: `my token ${split} still fails` });
    expect(record.comment).toContain('[REDACTED:');
    expect(record.comment).not.toContain(TOKEN.slice(30));
  });
});
