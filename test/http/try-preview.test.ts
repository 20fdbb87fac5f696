import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_KB_DIR } from '../../src/config.js';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';
import { renderPreview } from '../../src/web/browser/try-view.js';
import { loadValidKb } from '../helpers/temp-kb.js';
import { ADMIN_TOKEN, authorsApp } from '../web/authors-fixture.js';

// POST /v1/try with a new article beside the rule, and the change preview before anything is saved.
let kb: KnowledgeBase;
let app: FastifyInstance;
let close: () => Promise<void>;

const NEW_ARTICLE = [
  '---',
  'id: ledger-snapshot-locked',
  'title: The ledger snapshot is locked by another writer',
  'summary: A reconciliation batch stops because another job holds the snapshot.',
  'cause: Two reconciliation jobs run at once; the second finds the snapshot `locked`.',
  'steps:',
  '  - Wait for the running job to finish, then run the batch again.',
  '---',
  'Body.',
  '',
].join('\n');

const LEDGER_RULE = [
  'id: ledger-snapshot-locked',
  'title: Ledger snapshot locked by another writer',
  'article: ledger-snapshot-locked',
  'when:',
  '  all:',
  '    - ledger snapshot',
  '    - locked by another writer',
  'examples:',
  '  match:',
  '    - "reconciliation batch 3 aborted: ledger snapshot 1a2b3c4d5e6f is locked by another writer"',
  '',
].join('\n');

// Any 403 Forbidden, ranked above every product rule: it takes their answers.
const GREEDY_RULE = ['id: greedy-forbidden', 'title: Every Forbidden, whoever says it', 'article: http-403-forbidden', 'priority: 90', 'when:', '  all:', '    - Forbidden', '    - status: 403', 'examples:', '  match:', '    - "HTTP/1.1 403 Forbidden"', ''].join('\n');

beforeAll(async () => {
  kb = await loadValidKb(BUNDLED_KB_DIR);
  ({ app, close } = await authorsApp(kb));
});
afterAll(async () => close?.());

function tryIt(body: object, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/v1/try', headers, payload: body });
}

describe('the playground with a new article and a change preview', () => {
  it('tries a rule whose article is new, linting both; the article need not be saved', async () => {
    const sample = 'reconciliation batch 9 aborted: ledger snapshot 99aa88bb77cc is locked by another writer';
    const without = (await tryIt({ rule: LEDGER_RULE, text: sample })).json();
    expect(without.ok).toBe(false);
    expect(without.diagnostics.map((d: { code: string }) => d.code)).toEqual(['KB_E_UNKNOWN_ARTICLE']);
    const body = (await tryIt({ rule: LEDGER_RULE, article: NEW_ARTICLE, text: sample })).json();
    expect(body).toMatchObject({ ok: true, matched: true, wins: true, article: { id: 'ledger-snapshot-locked', title: 'The ledger snapshot is locked by another writer', new: true } });
    expect(body.diagnostics).toEqual([]);
    expect(body.articleDiagnostics).toEqual([]);
    expect(body.match.article.cause).toBe('Two reconciliation jobs run at once; the second finds the snapshot `locked`.');
  });

  it('reports the article\'s own errors at its own lines, and does not try the rule', async () => {
    const body = (await tryIt({ rule: LEDGER_RULE, article: NEW_ARTICLE.replace('summary:', 'sumary:'), text: 'ledger snapshot x is locked by another writer' })).json();
    expect(body.ok).toBe(false);
    expect(body.diagnostics).toEqual([]);
    expect(body.articleDiagnostics.map((d: { line: number; code: string; message: string }) => `${d.line} ${d.code} ${d.message}`)).toEqual([
      '2 KB_E_MISSING_FIELD the article is missing the required field "summary"',
      '4 KB_E_UNKNOWN_FIELD unknown field "sumary" in the article',
    ]);
  });

  it('previews stored pastes only for the admin, and names what the rule would answer', async () => {
    const sample = 'reconciliation batch 9 aborted: ledger snapshot 99aa88bb77cc is locked by another writer';
    const open = (await tryIt({ rule: LEDGER_RULE, article: NEW_ARTICLE, text: sample })).json();
    expect(open.preview.inbox).toEqual({ included: false, checked: 0, answered: [] });
    const admin = (await tryIt({ rule: LEDGER_RULE, article: NEW_ARTICLE, text: sample }, { authorization: `Bearer ${ADMIN_TOKEN}` })).json();
    expect(admin.preview.inbox.included).toBe(true);
    expect(admin.preview.inbox.checked).toBe(3);
    expect(admin.preview.inbox.answered).toEqual([expect.objectContaining({ count: 7, was: null, sample: expect.stringContaining('ledger snapshot 9f8e7d6c5b0a is locked') })]);
    expect(admin.preview.takes_over.examples).toEqual([]);
    expect(renderPreview(open.preview).value).toContain('<p class="muted">Which stored pastes it would answer is shown to signed-in authors only.</p>');
  });

  it('shows which answers of other rules a greedy rule would take over, in the words an author reads', async () => {
    const body = (await tryIt({ rule: GREEDY_RULE, text: 'HTTP/1.1 403 Forbidden' })).json();
    expect(body.ok).toBe(true);
    const taken = body.preview.takes_over.examples as { rule: string; example: string }[];
    expect(taken.length).toBeGreaterThan(3);
    expect(taken.every((t) => t.rule !== 'greedy-forbidden' && /Forbidden/i.test(t.example))).toBe(true);
    const html = renderPreview(body.preview).value;
    expect(html).toContain(`<p class="outcome outcome-warn">It would take over ${taken.length} answers of other rules, in their examples:</p>`);
    expect(html).toContain(`<li><code>${taken[0]!.rule}</code> answers today: <q>`);
  });

  it('says which of the rule\'s own examples would not behave', async () => {
    const rule = LEDGER_RULE.replace('  match:\n', '  match:\n    - "HTTP/1.1 403 Forbidden"\n') + '  no_match:\n    - "ledger snapshot 5 is locked by another writer"\n';
    const body = (await tryIt({ rule, article: NEW_ARTICLE, text: 'ledger snapshot 1 is locked by another writer' })).json();
    expect(body.preview.own_examples.failing).toEqual([
      { kind: 'match', example: 'HTTP/1.1 403 Forbidden', first: 'http-403-forbidden' },
      { kind: 'no_match', example: 'ledger snapshot 5 is locked by another writer', first: 'ledger-snapshot-locked' },
    ]);
    expect(renderPreview(body.preview).value).toContain(
      '<p class="outcome outcome-no">2 of its own examples do not behave:</p>',
    );
  });
});
