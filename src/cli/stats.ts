import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveStoreConfig } from '../config.js';
import type { FeedbackEntry, RuleStats } from '../store/learning-store.js';
import { DATABASE_FILE, SqliteStore } from '../store/sqlite-store.js';
import { EXIT, write, type CliIo } from './io.js';

/** `kb stats [--comments] [--json]`: per rule, matches served and "did this fix it?" answers; with --comments, what people wrote. */
export async function statsCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, json: { type: 'boolean', default: false }, comments: { type: 'boolean', default: false } } });
  const { dataDir } = resolveStoreConfig({ data: values.data }, io.env ?? process.env, io.cwd);
  let rules: RuleStats[] = [];
  let comments: FeedbackEntry[] = [];
  if (existsSync(join(dataDir, DATABASE_FILE))) {
    const store = new SqliteStore(dataDir);
    try {
      if (values.comments) comments = await store.listFeedback({ withComment: true, limit: 200 });
      else rules = await store.ruleStats();
    } finally {
      await store.close();
    }
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
