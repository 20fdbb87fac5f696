import { describe, expect, it } from 'vitest';
import { maskVolatile, pasteSignature } from '../../src/learn/paste-signature.js';
import { prepareFeedback, prepareUnmatched } from '../../src/learn/prepare-records.js';

describe('paste signatures', () => {
  it('groups look-alike pastes: ids, times, numbers, hex, e-mails, URLs, paths and user names differ', () => {
    const a = prepareUnmatched(
      '2026-11-29T13:37:00.120Z ERROR [billing] Payment gateway handshake failed for merchant 84721 (request 7f3a9c2e-1b2c-4d5e-8f90-123456789abc, trace c0ffee0123) ' +
        'user=jdoe@example.com host https://pay.example.com/v1/merchants/84721 config /home/jdoe/app/settings.json login "jdoe" CORP\\jdoe',
    );
    const b = prepareUnmatched(
      'Nov 30 08:01:12 ERROR [billing] Payment gateway handshake failed for merchant 99120 (request 0a1b2c3d-1b2c-4d5e-8f90-abcdefabcdef, trace deadbeef42) ' +
        'user=ann@corp.example.org host https://pay.example.net/v1/merchants/99120 config /home/ann/app/settings.json login "ann.smith" CORP\\asmith',
    );
    expect(a.group).toBe(b.group);
    expect(a.signature).toBe(b.signature);
    for (const value of ['84721', '7f3a9c2e', 'c0ffee0123', 'jdoe', 'example.com', '13:37']) expect(a.signature).not.toContain(value);
  });

  it('keeps different errors apart, including ones that differ only in status or error code', () => {
    const base = 'Request to the directory failed';
    const ids = [
      `${base}: HTTP/1.1 401 Unauthorized`,
      `${base}: HTTP/1.1 503 Service Unavailable`,
      'ORA-00942: table or view does not exist',
      'ORA-01017: invalid username/password; logon denied',
      'Okta API error E0000011: Invalid token provided',
      'Okta API error E0000047: API call exceeded rate limit',
    ].map((t) => prepareUnmatched(t).group);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is computed after redaction: a secret never reaches the signature or the sample', () => {
    const secret = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';
    const record = prepareUnmatched(`git push failed: remote rejected token ${secret} for https://bob:hunter2hunter2@git.example.com/x.git`);
    expect(record.sample).not.toContain(secret);
    expect(record.sample).toContain('[REDACTED:github-token]');
    expect(record.sample).not.toContain('hunter2hunter2');
    expect(JSON.stringify(record)).not.toContain(secret);
  });

  it('folds case and spacing, so re-wrapped pastes group together', () => {
    expect(pasteSignature('Connection   reset\n by PEER').id).toBe(pasteSignature('connection reset by peer').id);
    expect(maskVolatile('took 12 ms, retry 3 of 5 at 10:42:07')).toBe('took <n> ms, retry <n> of <n> at <time>');
  });

  it('caps samples and comments and redacts comments', () => {
    expect(prepareUnmatched('x'.repeat(10_000)).sample.length).toBeLessThanOrEqual(4000);
    const feedback = prepareFeedback({ rule: 'r', article: 'a', helpful: false, comment: `still broken, password=Sup3rS3cret! ${'y'.repeat(2000)}` });
    expect(feedback.comment).not.toContain('Sup3rS3cret!');
    expect(feedback.comment!.length).toBeLessThanOrEqual(1000);
    expect(prepareFeedback({ rule: 'r', article: 'a', helpful: true, comment: '   ' })).toEqual({ rule: 'r', article: 'a', helpful: true });
  });
});
