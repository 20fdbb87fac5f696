import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/http/build-app.js';
import { prepareFeedback, prepareUnmatched } from '../../src/learn/prepare-records.js';
import { KnowledgeBaseHolder } from '../../src/serve/knowledge-base-holder.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { KnowledgeBase } from '../../src/compile/knowledge-base.js';

export const ADMIN_TOKEN = 'authors-test-admin-token-7f3a9c';
export const SECRET = 'xoxb-2401234567-98765432109-AbCdEfGhIjKlMnOpQrStUvWx';
const NOW = new Date();

/** Pastes of an error no bundled rule answers: a ledger lock, with ids and times that change. */
const LEDGER = (id: string, n: number) =>
  `2026-12-0${1 + (n % 5)}T09:1${n % 10}:00Z ERROR [ledger] c.a.ledger.ReconciliationJob - reconciliation batch ${n} aborted: ledger snapshot ${id} is locked by another writer`;
const QUOTA = (n: number) => `billing export ${n} failed: the warehouse quota of project ${n * 13} is exhausted, retry after midnight`;
const GENERIC = 'HTTP 500 Internal Server Error from the invoicing gateway while posting credit note';

function daysAgo(days: number, hour = 10): Date {
  const at = new Date(NOW);
  at.setUTCDate(at.getUTCDate() - days);
  at.setUTCHours(hour, 0, 0, 0);
  return at;
}

/**
 * A store with an inbox (a frequent group over several days, a rarer one, one answered only
 * generically), answers served per rule over days, and feedback with comments (one with a secret).
 */
async function fillStore(store: SqliteStore, kb: KnowledgeBase): Promise<{ ledgerGroup: string }> {
  let ledgerGroup = '';
  // Oldest first, as they would arrive.
  for (let i = 0; i < 7; i++) ledgerGroup = (await store.recordUnmatched(prepareUnmatched(LEDGER(`9f8e7d6c5b${i}a`, 40 + i)), daysAgo([9, 3, 3, 3, 1, 0, 0][i]!, 8 + i))).id;
  for (let i = 0; i < 2; i++) await store.recordUnmatched(prepareUnmatched(QUOTA(7 + i)), daysAgo(1 - i, 15));
  await store.recordUnmatched(prepareUnmatched(GENERIC, 'generic'), daysAgo(2));
  const [first, second, third] = kb.rules;
  for (const [rule, days] of [
    [first!.id, [0, 0, 1, 2, 5, 5, 5, 12]],
    [second!.id, [1, 20]],
    [third!.id, [4]],
  ] as const) {
    for (const d of [...days].reverse()) await store.recordServed([rule], daysAgo(d));
  }
  await store.recordFeedback(prepareFeedback({ rule: first!.id, article: first!.article!.id, helpful: true, comment: 'Step 2 fixed it: the key had expired.' }), daysAgo(1));
  await store.recordFeedback(prepareFeedback({ rule: second!.id, article: second!.article!.id, helpful: false, comment: `Still failing after rotating ${SECRET}` }), daysAgo(1, 11));
  await store.recordFeedback(prepareFeedback({ rule: second!.id, article: second!.article!.id, helpful: false }), daysAgo(0));
  return { ledgerGroup };
}

/** The app with the bundled knowledge base, a filled store and an admin token (or none). */
export async function authorsApp(kb: KnowledgeBase, options: { adminToken?: string } = { adminToken: ADMIN_TOKEN }) {
  const dir = mkdtempSync(join(tmpdir(), 'authors-web-'));
  const store = new SqliteStore(dir);
  const { ledgerGroup } = await fillStore(store, kb);
  const app = buildApp({ knowledgeBase: new KnowledgeBaseHolder(kb), store, protection: options.adminToken ? { adminToken: options.adminToken } : {} });
  const close = async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { app, store, ledgerGroup, dir, close };
}
