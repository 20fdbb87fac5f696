import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import { matchPaste } from '../../src/match/match-paste.js';
import { DEFAULT_CALIBRATION, type Calibration } from '../../src/match/calibration.js';
import { searchTerms } from '../../src/suggest/search-terms.js';
import { suggestArticles, suggestionIndexOf } from '../../src/suggest/suggestion-index.js';
import { loadValidKb, removeTemp, rule, writeTempKb } from '../helpers/temp-kb.js';

function topicArticle(id: string, title: string, messages: string[], cause: string, tags: string[]): string {
  return [
    '---',
    `id: ${id}`,
    `title: ${JSON.stringify(title)}`,
    `summary: ${JSON.stringify(`${title}.`)}`,
    'error_messages:',
    ...messages.map((m) => `  - ${JSON.stringify(m)}`),
    `cause: ${JSON.stringify(cause)}`,
    'steps:',
    '  - Do the first thing.',
    `tags: [${tags.join(', ')}]`,
    '---',
    'Body.',
    '',
  ].join('\n');
}

describe('suggestions when no rule matches', () => {
  let root: string;
  let kb: KnowledgeBase;
  beforeAll(async () => {
    root = writeTempKb({
      'articles/postgres-too-many-connections.md': topicArticle(
        'postgres-too-many-connections',
        'PostgreSQL refuses connections: too many clients already',
        ['FATAL: sorry, too many clients already'],
        'The server reached max_connections; a connection pool is leaking or sized above the server limit.',
        ['postgresql', 'database', 'connection-pool'],
      ),
      'articles/tls-certificate-expired.md': topicArticle(
        'tls-certificate-expired',
        'TLS handshake fails: the server certificate has expired',
        ['x509: certificate has expired or is not yet valid'],
        'The certificate presented by the server is past its notAfter date, or the client clock is wrong.',
        ['tls', 'certificates'],
      ),
      'articles/dns-name-not-resolved.md': topicArticle(
        'dns-name-not-resolved',
        'DNS lookup fails: the host name does not resolve',
        ['getaddrinfo ENOTFOUND'],
        'The resolver has no record for the name: a typo, a missing record, or a private zone not reachable from here.',
        ['dns', 'network'],
      ),
      'rules/db/postgres-too-many-connections.yaml': rule('postgres-too-many-connections', '  all:\n    - "too many clients already"', { match: ['FATAL: sorry, too many clients already'] }),
      'rules/tls/tls-certificate-expired.yaml': rule('tls-certificate-expired', '  all:\n    - "certificate has expired"', { match: ['x509: certificate has expired or is not yet valid'] }),
      'rules/dns/dns-name-not-resolved.yaml': rule('dns-name-not-resolved', '  all:\n    - "ENOTFOUND"', { match: ['getaddrinfo ENOTFOUND db.internal'] }),
    });
    kb = await loadValidKb(root);
  });
  afterAll(() => removeTemp(root));

  it('offers the article whose topic a paste is near, though no rule matches it', async () => {
    // Worded unlike the rule's literal, so the rule stays silent, but about the same thing.
    const paste = 'pg pool: remaining connection slots are reserved; PostgreSQL max_connections reached, connection pool exhausted (pid 4412)';
    // Never promoted to a "Likely" answer here, so the suggestion itself is seen.
    const calibration: Calibration = { ...DEFAULT_CALIBRATION, similar_answer_min_score: Number.POSITIVE_INFINITY };
    const result = await matchPaste(kb, paste, { suggest: true, calibration });
    expect(result.matches).toEqual([]);
    expect(result.suggestions?.map((s) => s.article.id)).toContain('postgres-too-many-connections');
    const top = result.suggestions![0]!;
    expect(top.article.id).toBe('postgres-too-many-connections');
    expect(top.terms).toEqual(expect.arrayContaining(['postgresql', 'pool']));
  });

  it('gives random junk no suggestions', async () => {
    const junk = [
      'lorem ipsum dolor sit amet, consectetur adipiscing elit',
      'Segmentation fault (core dumped) at 0x7ffd1234abcd',
      'java.lang.NullPointerException: Cannot invoke "String.length()" because "s" is null',
      'zq8 xx71 qpwoeiruty 000000 ffff ---- ==== ####',
    ];
    for (const text of junk) {
      const result = await matchPaste(kb, text, { suggest: true });
      expect(result.suggestions, text).toEqual([]);
    }
  });

  it('keeps suggestions apart from matches: a matched paste has none, and matches are unchanged by the option', async () => {
    const paste = 'x509: certificate has expired or is not yet valid: current time 2026-11-29 is after 2026-10-01';
    const plain = await matchPaste(kb, paste);
    const withSuggest = await matchPaste(kb, paste, { suggest: true });
    expect(plain.suggestions).toBeUndefined();
    expect(withSuggest.suggestions).toEqual([]);
    expect(withSuggest.matches.map((m) => m.rule.id)).toEqual(plain.matches.map((m) => m.rule.id));
  });

  it('builds the index once per knowledge base and a new one for a reloaded knowledge base', async () => {
    expect(suggestionIndexOf(kb)).toBe(suggestionIndexOf(kb));
    const reloaded = await loadValidKb(root);
    expect(suggestionIndexOf(reloaded)).not.toBe(suggestionIndexOf(kb));
  });

  it('queries with at most 30 de-duplicated words of the paste that the articles know, rarest first', () => {
    const index = suggestionIndexOf(kb);
    // "server" is in two articles, the others in one each: the rarer words lead the query.
    const terms = index.queryTerms(`${'server '.repeat(50)} postgresql tls dns ${'unknownword '.repeat(10)}`);
    expect(new Set(terms).size).toBe(terms.length);
    expect(terms).not.toContain('unknownword');
    expect(terms).toEqual(expect.arrayContaining(['postgresql', 'tls', 'dns', 'server']));
    expect(terms.at(-1)).toBe('server');
    const everything = kb.articles.map((a) => `${a.title} ${a.summary} ${a.cause}`).join(' ');
    expect(new Set(searchTerms(everything)).size).toBeGreaterThan(30);
    expect(index.queryTerms(everything)).toHaveLength(30);
    expect(suggestArticles(kb, 'a b c')).toEqual([]);
  });

  it('drops volatile tokens and boilerplate from the words searched, keeps statuses and error codes', () => {
    expect(searchTerms('HTTP 401 at 2026-11-29 E0000011 AADSTS50011 reqId=4b1d0c9e7f2a11aa error failed connection')).toEqual(['401', 'e0000011', 'aadsts50011', 'reqid', 'connection']);
  });
});
