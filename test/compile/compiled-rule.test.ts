import { describe, expect, it } from 'vitest';
import { knowledgeBaseOf, ruleSource } from '../helpers/knowledge-base.js';

// One rule with every kind of test, as an author writes them.
const WHEN = `all:
  - Error Authenticating
  - contains: [Token  Expired, Revoked]
  - regex: 'job [0-9]+ failed'
  - status: [401, 403]
  - status: { gte: 500, lte: 504 }
  - code: [e0000011, AADSTS50011]
  - any:
      - host: API.Example.com
      - url: { contains: [/Scim/V2, /users] }
      - product: { equals: Okta }
      - json: { path: error.code, contains: Invalid_Grant }
      - json: { path: error.status, in: [401, "403"] }
  - not: Forbidden`;

describe('a compiled rule', () => {
  const rule = knowledgeBaseOf({ 'rules/x/every-test.yaml': ruleSource('every-test', WHEN) }).rulesById.get('every-test')!;

  it('labels each test in the words and case of the author', () => {
    expect(rule.leaves.map((l) => l.label)).toEqual([
      'contains "Error Authenticating"',
      'contains "Token  Expired" or "Revoked"',
      'matches /job [0-9]+ failed/',
      'status 401 or 403',
      'status >= 500 and <= 504',
      'error code E0000011 or AADSTS50011',
      'host is "API.Example.com"',
      'url contains ["/Scim/V2","/users"]',
      'product equals "Okta"',
      'JSON field error.code contains "Invalid_Grant"',
      'JSON field error.status in [401,"403"]',
      'contains "Forbidden"',
    ]);
    expect(rule.leaves.map((l) => l.weight)).toEqual([1.25, 1, 1.5, 0.75, 0.75, 2, 1.25, 1.25, 0.5, 1.5, 1.5, 1]);
    expect(rule.leaves.map((l) => l.negated)).toEqual([...Array(11).fill(false), true]);
  });

  it('derives json-rules-engine conditions and required keys from its tree, the same on every read', () => {
    const leaf = (id: number, fact: string, operator: string) => ({ fact, operator, value: `every-test#${id}`, name: String(id) });
    expect(rule.engineConditions).toEqual({
      all: [
        leaf(0, 'text', 'kbContains'),
        leaf(1, 'text', 'kbContains'),
        leaf(2, 'regex', 'kbRegex'),
        leaf(3, 'status', 'kbStatus'),
        leaf(4, 'status', 'kbStatus'),
        leaf(5, 'code', 'kbCode'),
        { any: [leaf(6, 'host', 'kbStringTest'), leaf(7, 'url', 'kbStringTest'), leaf(8, 'product', 'kbStringTest'), leaf(9, 'json', 'kbJson'), leaf(10, 'json', 'kbJson')] },
        { not: leaf(11, 'text', 'kbContains') },
      ],
    });
    expect(rule.engineConditions).not.toBe(rule.engineConditions);
    expect(rule.requirement).toEqual([
      ['t:error authenticating'],
      ['t:token expired', 't:revoked'],
      // The literal part of 'job [0-9]+ failed'.
      ['t:failed'],
      ['s:401', 's:403'],
      ['s:500', 's:501', 's:502', 's:503', 's:504'],
      ['c:E0000011', 'c:AADSTS50011'],
    ]);
  });

  it('wraps a single test in `all` for json-rules-engine', () => {
    const single = knowledgeBaseOf({ 'rules/x/single.yaml': ruleSource('single', 'status: 429') }).rulesById.get('single')!;
    expect(single.engineConditions).toEqual({ all: [{ fact: 'status', operator: 'kbStatus', value: 'single#0', name: '0' }] });
    expect(single.leaves[0]!.label).toBe('status 429');
  });
});
