import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { distinctiveWords } from '../../src/learn/distinctive-words.js';
import { draftRule } from '../../src/learn/draft-rule.js';
import type { InboxGroup } from '../../src/store/learning-store.js';

const SAML =
  '2026-12-01 09:14:03,221 ERROR [http-nio-8443-exec-7] c.a.sso.SamlResponseValidator - InResponseTo mismatch: assertion answers request ' +
  'ONELOGIN_4f1c2b9e0d7a but session expected ONELOGIN_99ab01ce2277 (idp.example.com, user jdoe@example.com)';
const OTHERS = [
  '2026-12-01 10:00:00 ERROR [main] c.a.sso.SamlResponseValidator - signature of the assertion is invalid',
  'SAML response rejected: the assertion has expired (NotOnOrAfter)',
  'Session expired: sign in again',
  'request to idp.example.com timed out',
];

describe('distinctive words of an inbox group', () => {
  it('chooses the words no other paste or article has, skipping logger names, class paths, ids and hosts', () => {
    const words = distinctiveWords(SAML, OTHERS);
    expect(words.chosen).toEqual([
      { word: 'inresponseto', elsewhere: 0 },
      { word: 'mismatch', elsewhere: 0 },
      { word: 'answers', elsewhere: 0 },
    ]);
    expect(words.skipped).toEqual(
      expect.arrayContaining([
        { text: 'http-nio-8443-exec-7', reason: 'logger or class name' },
        { text: 'c.a.sso.SamlResponseValidator', reason: 'logger or class name' },
        { text: 'idp.example.com', reason: 'host name' },
      ]),
    );
  });

  it('drafts a rule on those words, as written, and says why in the file', () => {
    const group: InboxGroup = { id: 'a1b2c3d4e5f6', signature: 'sig', count: 3, first_seen: '2026-12-01T09:14:03Z', last_seen: '2026-12-02T09:14:03Z', sample: SAML };
    const yaml = draftRule(group, { ruleId: 'saml-inresponseto-mismatch', articleId: 'saml-replay', others: OTHERS });
    expect(parse(yaml).when).toEqual({ all: ['InResponseTo', 'mismatch', 'answers'] });
    expect(yaml).toContain('# when: the words most distinctive of this group, weighed against 4 other stored pastes, articles and rule examples: "inresponseto" (in 0 of them), "mismatch" (in 0 of them), "answers" (in 0 of them).');
    expect(yaml).toContain(
      '# Not used, as they name this application rather than the error: jdoe@example.com (email address), http-nio-8443-exec-7 (logger or class name), c.a.sso.SamlResponseValidator (logger or class name), idp.example.com (host name), ONELOGIN_4f1c2b9e0d7a (id or number), ONELOGIN_99ab01ce2277 (id or number).',
    );
  });
});
