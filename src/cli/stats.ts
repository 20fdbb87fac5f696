import { parseArgs } from 'node:util';
import { ConfigError, resolveStoreConfig } from '../config.js';
import type { FeedbackEntry, RuleStats } from '../store/learning-store.js';
import { openExistingStore } from '../store/open-store.js';
import { EXIT, UsageError, write, type CliIo } from './io.js';

/** `kb stats [--comments] [--json]`: per rule, matches served and "did this fix it?" answers; with --comments, what people wrote. */
export async function statsCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, store: { type: 'string' }, json: { type: 'boolean', default: false }, comments: { type: 'boolean', default: false } },
  });
  const store = await openExistingStore(storeConfigOf(values, io));
  let rules: RuleStats[] = [];
  let comments: FeedbackEntry[] = [];
  try {
    if (store && values.comments) comments = await store.listFeedback({ withComment: true, limit: 200 });
    else if (store) rules = await store.ruleStats();
  } finally {
    await store?.close();
  }
  if (values.comments) write(io.stdout, values.json ? JSON.stringify({ comments }, null, 2) : formatComments(comments));
  else write(io.stdout, values.json ? JSON.stringify({ rules }, null, 2) : formatStats(rules));
  return EXIT.ok;
}

/** Feedback comments, newest first: when, which rule, yes or no, and the (redacted) words. */
function formatComments(comments: readonly FeedbackEntry[]): string {
  if (!comments.length) return 'No comments yet: no "did this fix it?" answer came with a comment.';
  return comments
    .map((c) => `${c.at.slice(0, 16).replace('T', ' ')}  ${c.helpful ? 'fixed it   ' : 'did not fix'}  ${c.rule}\n  ${(c.comment ?? '').replace(/\s*\n\s*/g, ' ')}`)
    .join('\n\n');
}

/** A table of rules, most served first. */
function formatStats(rules: readonly RuleStats[]): string {
  if (!rules.length) return 'No statistics yet: no match has been served with storing on.';
  const width = Math.max(4, ...rules.map((r) => r.rule.length));
  const row = (rule: string, served: string, yes: string, no: string) => `${rule.padEnd(width)}  ${served.padStart(6)}  ${yes.padStart(7)}  ${no.padStart(11)}`;
  return [row('rule', 'served', 'helpful', 'not helpful'), ...rules.map((r) => row(r.rule, String(r.served), String(r.helpful), String(r.not_helpful)))].join('\n');
}

/** The store named by `--data` / `--store` (then KB_DATA_DIR / KB_STORE_URL), a bad URL being a usage error. */
export function storeConfigOf(values: { data?: string; store?: string }, io: CliIo) {
  try {
    return resolveStoreConfig({ data: values.data, store: values.store }, io.env ?? process.env, io.cwd);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}
