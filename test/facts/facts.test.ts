import { describe, expect, it } from 'vitest';
import { extractErrorCodes } from '../../src/facts/error-codes.js';
import { extractJsonFields } from '../../src/facts/json-fields.js';
import { findLiteralSpans, normalizeLiteral, normalizeText } from '../../src/facts/normalize-text.js';
import { PasteFacts } from '../../src/facts/paste-facts.js';
import { extractProducts } from '../../src/facts/products.js';
import { extractStatusCodes } from '../../src/facts/status-codes.js';
import { extractHosts, extractUrls } from '../../src/facts/urls-and-hosts.js';

const values = <T>(found: { value: T }[]) => [...new Set(found.map((f) => f.value))];

describe('normalizeText', () => {
  it('folds case and whitespace runs and maps back to original offsets', () => {
    const raw = 'Error   Authenticating:\n\tFORBIDDEN';
    const n = normalizeText(raw);
    expect(n.text).toBe('error authenticating: forbidden');
    const [span] = findLiteralSpans(n, normalizeLiteral('authenticating:  forbidden'));
    expect(raw.slice(span!.start, span!.end)).toBe('Authenticating:\n\tFORBIDDEN');
  });

  it('keeps offsets right when lower-casing changes length', () => {
    const raw = 'İstanbul  Forbidden';
    const n = normalizeText(raw);
    const [span] = findLiteralSpans(n, 'forbidden');
    expect(raw.slice(span!.start, span!.end)).toBe('Forbidden');
  });

  it('drops leading and trailing whitespace', () => {
    expect(normalizeText('  \n x \n').text).toBe('x');
  });
});

describe('extractStatusCodes', () => {
  it.each([
    ['HTTP/1.1 403 Forbidden', [403]],
    ['JiraError HTTP 401 url: https://x.atlassian.net', [401]],
    ['Request failed with status code 401', [401]],
    ['{"status": 429, "message": "slow down"}', [429, 429]],
    ['{"status":"409"}', [409]],
    ['statusCode: 502', [502]],
    ['The remote server returned an error: (407) Proxy Authentication Required.', [407]],
    ['Errors reported by remote server: Forbidden', [403]],
    ['Too Many Requests', [429]],
    ['Service Unavailable', [503]],
  ])('%s', (raw, expected) => {
    expect(values(extractStatusCodes(raw, normalizeText(raw).text))).toEqual([...new Set(expected)]);
  });

  it('does not read ordinary numbers as statuses', () => {
    expect(new PasteFacts('processed 403 records in 401 ms on port 5000').statuses).toEqual([]);
    expect(new PasteFacts('exit code 127').statuses).toEqual([]);
  });

  it('records where each status was found', () => {
    const raw = 'got HTTP/2 404 for /x';
    const [found] = extractStatusCodes(raw, normalizeText(raw).text);
    expect(raw.slice(found!.span!.start, found!.span!.end)).toBe('404');
  });
});

describe('extractErrorCodes', () => {
  it('finds vendor codes, errno names, UPPER_SNAKE codes and error-field values', () => {
    const raw = [
      'AADSTS50011: The redirect URI does not match.',
      'errorCode: E0000011',
      'IDX10223: Lifetime validation failed.',
      'connect ECONNREFUSED 127.0.0.1:8080',
      'getaddrinfo ENOTFOUND api.example.com',
      '[{"errorCode":"INVALID_SESSION_ID","message":"Session expired or invalid"}]',
      'Error: self-signed certificate in certificate chain code: SELF_SIGNED_CERT_IN_CHAIN',
      '{"error":"invalid_grant"}',
      'error=invalid_client',
    ].join('\n');
    expect(values(extractErrorCodes(raw, normalizeText(raw).text))).toEqual(
      expect.arrayContaining(['AADSTS50011', 'E0000011', 'IDX10223', 'ECONNREFUSED', 'ENOTFOUND', 'INVALID_SESSION_ID', 'SELF_SIGNED_CERT_IN_CHAIN', 'INVALID_GRANT', 'INVALID_CLIENT']),
    );
  });

  it('ignores shouting words that are not codes', () => {
    expect(values(new PasteFacts('ERROR: EXPIRED TOKEN, ENABLE it').codes)).toEqual([]);
  });
});

describe('URLs, hosts and products', () => {
  it('extracts URLs and their hosts, and hosts after ENOTFOUND', () => {
    const raw = 'POST https://user@api.atlassian.com/scim/directory/abc/Users failed; getaddrinfo ENOTFOUND proxy.corp.local';
    const urls = extractUrls(raw);
    expect(values(urls)).toEqual(['https://user@api.atlassian.com/scim/directory/abc/Users']);
    expect(values(extractHosts(raw, urls))).toEqual(['api.atlassian.com', 'proxy.corp.local']);
  });

  it('trims trailing punctuation from URLs', () => {
    expect(values(extractUrls('see https://example.com/docs.'))).toEqual(['https://example.com/docs']);
  });

  it('trims trailing dots from hosts in linear time', () => {
    expect(values(extractHosts('getaddrinfo ENOTFOUND api.example.com.. and host: db.local:', []))).toEqual(['api.example.com', 'db.local']);
    // A long run of dots after ENOTFOUND, line after line: a trimming regex retried from every dot (0.6 s here).
    const dots = `${'getaddrinfo ENOTFOUND '.concat('.'.repeat(2040), 'x\n').repeat(60)}${'ENOTFOUND '.concat('.'.repeat(2048), '\n').repeat(60)}`;
    const started = performance.now();
    expect(extractHosts(dots, []).length).toBe(120);
    expect(performance.now() - started).toBeLessThan(150);
  });

  it('names products from the paste and from the context', () => {
    expect(values(extractProducts('Okta provisioning to Jira failed', { product: 'Slack' }))).toEqual(['okta', 'atlassian', 'slack']);
  });
});

describe('extractJsonFields', () => {
  it('flattens JSON objects embedded in log text', () => {
    const fields = extractJsonFields('2026-01-01 ERROR body={"error":{"code":"invalid_grant","details":[{"reason":"expired"}]},"status":400} trailing');
    expect(fields.get('error.code')).toEqual(['invalid_grant']);
    expect(fields.get('error.details.reason')).toEqual(['expired']);
    expect(fields.get('status')).toEqual([400]);
  });

  it('survives unbalanced braces and invalid JSON', () => {
    expect(extractJsonFields('{ not json { "a": 1 }').get('a')).toEqual([1]);
    expect(extractJsonFields('{{{{{{').size).toBe(0);
  });

  it('stops flattening at the depth limit', () => {
    const deep = `${'{"a":'.repeat(50)}1${'}'.repeat(50)}`;
    const fields = extractJsonFields(deep, { maxObjects: 5, maxObjectLength: 10_000, maxDepth: 10 });
    expect([...fields.keys()]).toEqual([]);
  });
});

describe('PasteFacts', () => {
  it('computes each fact once, on first use', () => {
    const facts = new PasteFacts('HTTP/1.1 403 Forbidden');
    expect(facts.statuses).toBe(facts.statuses);
    expect(facts.statusSet).toEqual(new Set([403]));
  });
});
