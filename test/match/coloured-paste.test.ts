import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import { stripAnsiCodes } from '../../src/facts/ansi-codes.js';
import { loadKnowledgeBase } from '../../src/load-knowledge-base.js';
import { matchPaste } from '../../src/match/match-paste.js';
import type { MatchResult } from '../../src/match/types.js';
import { SEQUENCES } from '../helpers/ansi-sequences.js';
import { fuzzRuns, fuzzTimeout } from '../helpers/fuzz-runs.js';
import { appFor } from '../helpers/http-app.js';
import { knowledgeBaseOf, ruleSource } from '../helpers/knowledge-base.js';

// Issue 15 item 4: coloured terminal output matches as its plain text does, and every span of the
// answer points into the paste as sent (colour codes and all), so the page highlights the right
// characters.

const ESC = '\u001b';

/** The same output printed plain and in colour, in the shapes the tools print. */
const SHAPES: { tool: string; rule: string; plain: string; coloured: string }[] = [
  {
    // npm 6's log: heading white on black, level red on black, prefix magenta.
    tool: 'npm',
    rule: 'http-407-proxy-authentication-required',
    plain: 'npm ERR! code E407\nnpm ERR! 407 Proxy Authentication Required - GET https://registry.npmjs.org/express',
    coloured: [
      `${ESC}[37;40mnpm${ESC}[0m ${ESC}[0m${ESC}[31;40mERR!${ESC}[0m ${ESC}[0m${ESC}[35mcode${ESC}[0m E407`,
      `${ESC}[37;40mnpm${ESC}[0m ${ESC}[0m${ESC}[31;40mERR!${ESC}[0m ${ESC}[0m407 Proxy Authentication Required - GET https://registry.npmjs.org/express`,
    ].join('\n'),
  },
  {
    // pytest: the failing line in bold red, the summary's FAILED in red.
    tool: 'pytest',
    rule: 'http-407-proxy-authentication-required',
    plain: [
      "E   requests.exceptions.ProxyError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: /v1/users (Caused by ProxyError('Unable to connect to proxy', OSError('Tunnel connection failed: 407 Proxy Authentication Required')))",
      'FAILED tests/test_users.py::test_export - requests.exceptions.ProxyError',
    ].join('\n'),
    coloured: [
      `${ESC}[1m${ESC}[31mE   requests.exceptions.ProxyError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: /v1/users (Caused by ProxyError('Unable to connect to proxy', OSError('Tunnel connection failed: 407 Proxy Authentication Required')))${ESC}[0m`,
      `${ESC}[31mFAILED${ESC}[0m tests/test_users.py::${ESC}[1mtest_export${ESC}[0m - requests.exceptions.ProxyError`,
    ].join('\n'),
  },
  {
    // Terraform's diagnostic box: red frame, bold red "Error: ", bold summary.
    tool: 'terraform',
    rule: 'github-rate-limit-installation-quota',
    plain: [
      '╷',
      '│ Error: GET https://api.github.com/orgs/acme/teams?per_page=100: 403 API rate limit of 5000 still exceeded until 2026-11-28 17:49:31 +0000 UTC, not making remote request. [rate reset in 7m52s]',
      '│ ',
      '│   with github_team.platform,',
      '╵',
    ].join('\n'),
    coloured: [
      `${ESC}[31m╷${ESC}[0m${ESC}[0m`,
      `${ESC}[31m│${ESC}[0m ${ESC}[0m${ESC}[1m${ESC}[31mError: ${ESC}[0m${ESC}[0m${ESC}[1mGET https://api.github.com/orgs/acme/teams?per_page=100: 403 API rate limit of 5000 still exceeded until 2026-11-28 17:49:31 +0000 UTC, not making remote request. [rate reset in 7m52s]${ESC}[0m`,
      `${ESC}[31m│${ESC}[0m ${ESC}[0m`,
      `${ESC}[31m│${ESC}[0m ${ESC}[0m  with github_team.platform,`,
      `${ESC}[31m╵${ESC}[0m${ESC}[0m`,
    ].join('\n'),
  },
  {
    // kubectl through kubecolor: the error red, the server's reason yellow.
    tool: 'kubectl',
    rule: 'tls-certificate-expired',
    plain: 'Unable to connect to the server: x509: certificate has expired or is not yet valid: current time 2026-11-29T08:14:02Z is after 2026-11-28T23:59:59Z',
    coloured: `${ESC}[31mUnable to connect to the server${ESC}[0m: ${ESC}[33mx509: certificate has expired or is not yet valid${ESC}[0m: current time ${ESC}[36m2026-11-29T08:14:02Z${ESC}[0m is after ${ESC}[36m2026-11-28T23:59:59Z${ESC}[0m`,
  },
  {
    // The same npm lines, pasted from a logged string: the codes written out.
    tool: 'npm (written out)',
    rule: 'http-407-proxy-authentication-required',
    plain: 'npm ERR! code E407\nnpm ERR! 407 Proxy Authentication Required - GET https://registry.npmjs.org/express',
    coloured: 'npm \\x1b[31mERR!\\x1b[39m code E407\nnpm ^[[31mERR!^[[39m 407 Proxy Authentication Required - GET https://registry.npmjs.org/express',
  },
];

/** Coloured and plain answer alike: same rules, scores, captures; each span shows the same visible text. */
function expectSameAnswer(coloured: string, plain: string, colouredResult: MatchResult, plainResult: MatchResult): void {
  expect(colouredResult.matches.map((m) => [m.rule.id, m.score, m.basis, m.captures])).toEqual(plainResult.matches.map((m) => [m.rule.id, m.score, m.basis, m.captures]));
  expect({ ...colouredResult.facts, length: 0 }).toEqual({ ...plainResult.facts, length: 0 });
  expect(colouredResult.facts.length).toBe(coloured.length);
  for (const [i, match] of colouredResult.matches.entries()) {
    const plainMatch = plainResult.matches[i]!;
    expect(match.explanation.summary).toBe(plainMatch.explanation.summary);
    for (const [k, condition] of match.explanation.matched.entries()) {
      const plainSpans = plainMatch.explanation.matched[k]!.spans;
      expect(condition.spans.map((s) => s.text)).toEqual(plainSpans.map((s) => s.text));
      for (const [j, span] of condition.spans.entries()) {
        const plainSpan = plainSpans[j]!;
        expect(stripAnsiCodes(coloured.slice(span.start, span.end)).text).toBe(plain.slice(plainSpan.start, plainSpan.end));
      }
    }
  }
}

let kb: KnowledgeBase;
beforeAll(async () => {
  const loaded = await loadKnowledgeBase(BUNDLED_KB_DIR);
  kb = loaded.kb!;
}, 60_000);

describe('a coloured paste', () => {
  it.each(SHAPES)('from $tool matches the rule its plain text matches, spans on the visible text', async ({ rule, plain, coloured }) => {
    expect(stripAnsiCodes(coloured).text).toBe(plain);
    const plainResult = await matchPaste(kb, plain);
    expect(plainResult.matches[0]?.rule.id).toBe(rule);
    const colouredResult = await matchPaste(kb, coloured);
    expectSameAnswer(coloured, plain, colouredResult, plainResult);
    const spans = colouredResult.matches[0]!.explanation.matched.flatMap((m) => m.spans);
    expect(spans.length).toBeGreaterThan(0);
    // A highlight starts and ends on visible text, never on a colour code around it.
    for (const span of spans) {
      expect(coloured[span.start]).not.toBe(ESC);
      expect(coloured.slice(span.start, span.end)).not.toMatch(/\u001b\[[0-9;]*m$/);
    }
  });

  it('reads a phrase the codes split: "ERROR:" with the colour reset before the colon', async () => {
    const phraseKb = knowledgeBaseOf({ 'rules/test/db-error.yaml': ruleSource('db-error', 'all:\n  - "ERROR: permission denied for table"') });
    const coloured = `${ESC}[1m${ESC}[31mERROR${ESC}[0m: permission denied for table ${ESC}[4musers${ESC}[0m`;
    const result = await matchPaste(phraseKb, coloured);
    expect(result.matches[0]?.rule.id).toBe('db-error');
    const [span] = result.matches[0]!.explanation.matched[0]!.spans;
    expect(span!.text).toBe('ERROR: permission denied for table');
    expect(coloured.slice(span!.start, span!.end)).toBe(`ERROR${ESC}[0m: permission denied for table`);
  });

  it('of colour codes only is empty, and codes are no nesting', async () => {
    await expect(matchPaste(kb, `${ESC}[31m${ESC}[0m \n ^[[0m`)).rejects.toMatchObject({ code: 'KB_INPUT_EMPTY' });
    const deep = Array.from({ length: 100 }, (_, i) => `^[[31mstep ${i}^[[0m Forbidden`).join('\n');
    await expect(matchPaste(kb, deep, { maxJsonDepth: 8 })).resolves.toBeDefined();
  });
});

describe('bundled examples with random escape sequences inserted', () => {
  const inserted = SEQUENCES.filter((s) => s.startsWith(ESC) || s.startsWith('\u009b'));
  const runs = fuzzRuns(150);
  it(
    'answer as the plain example does, spans mapped onto the coloured paste',
    async () => {
      const examples = kb.rules.flatMap((r) => r.examples.match).filter((e) => stripAnsiCodes(e).text === e);
      const colouredExample = fc.nat(examples.length - 1).chain((n) => {
        const plain = examples[n]!;
        return fc.array(fc.tuple(fc.nat(plain.length), fc.constantFrom(...inserted)), { minLength: 1, maxLength: 20 }).map((inserts) => {
          let coloured = plain;
          for (const [at, code] of [...inserts].sort((a, b) => b[0] - a[0])) coloured = coloured.slice(0, at) + code + coloured.slice(at);
          return { plain, coloured };
        });
      });
      await fc.assert(
        fc.asyncProperty(colouredExample, async ({ plain, coloured }) => {
          expectSameAnswer(coloured, plain, await matchPaste(kb, coloured), await matchPaste(kb, plain));
        }),
        { numRuns: runs },
      );
    },
    fuzzTimeout(runs, 200),
  );
});

describe('POST /v1/match with a coloured paste', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appFor(BUNDLED_KB_DIR);
  }, 60_000);
  afterAll(() => app.close());

  it('answers the plain paste’s rule with spans into the paste as sent', async () => {
    const { coloured, plain, rule } = SHAPES.find((s) => s.tool === 'terraform')!;
    const response = await app.inject({ method: 'POST', url: '/v1/match', payload: { text: coloured } });
    expect(response.statusCode).toBe(200);
    const body = response.json() as MatchResult;
    expect(body.matches[0]?.rule.id).toBe(rule);
    const spans = body.matches[0]!.explanation.matched.flatMap((m) => m.spans);
    expect(spans.length).toBeGreaterThan(0);
    for (const span of spans) {
      const visible = stripAnsiCodes(coloured.slice(span.start, span.end)).text;
      expect(plain).toContain(visible);
      expect(span.text).toBe(visible);
    }
  });
});
