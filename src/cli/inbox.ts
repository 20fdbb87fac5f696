import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveKbDir } from '../config.js';
import { draftForGroup } from '../learn/draft-for-group.js';
import { explainWords } from '../learn/draft-rule.js';
import type { InboxGroup, LearningStore } from '../store/learning-store.js';
import { openExistingStore } from '../store/open-store.js';
import { storeConfigOf } from './stats.js';
import { EXIT, UsageError, write, type CliIo } from './io.js';
import { loadOrReport } from './load-or-report.js';
import { articleTemplate } from '../learn/scaffold-templates.js';

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** `kb inbox [--top N] [--json]` lists unmatched pastes by signature; `kb inbox draft GROUP` starts a rule from one. */
export async function inboxCommand(args: string[], io: CliIo): Promise<number> {
  if (args[0] === 'draft') return draftCommand(args.slice(1), io);
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { top: { type: 'string' }, json: { type: 'boolean', default: false }, data: { type: 'string' }, store: { type: 'string' } } });
  if (positionals.length) throw new UsageError(`unknown argument "${positionals[0]}": usage: kb inbox [--top N] [--json] | kb inbox draft GROUP`);
  const top = values.top === undefined ? 20 : Number(values.top);
  if (!Number.isInteger(top) || top < 1) throw new UsageError('--top takes a whole number from 1 up');
  const store = await openExisting(values, io);
  const groups = store ? await store.listInbox({ limit: top }).finally(() => store.close()) : [];
  if (values.json) {
    write(io.stdout, JSON.stringify({ groups }, null, 2));
    return EXIT.ok;
  }
  write(io.stdout, formatInbox(groups));
  return EXIT.ok;
}

/** The inbox as text: one block per group, most frequent first. */
function formatInbox(groups: readonly InboxGroup[]): string {
  if (!groups.length) return 'The inbox is empty: every paste so far matched a rule (or none was stored).';
  const lines = [`Unmatched errors, most frequent first (${groups.length} group${groups.length === 1 ? '' : 's'}):`, ''];
  groups.forEach((g, i) => {
    const answered = [g.generic ? `${g.generic} answered generically` : '', g.similar ? `${g.similar} answered by similarity` : ''].filter(Boolean).join(', ');
    lines.push(`${String(i + 1).padStart(3)}. ${g.id}  ×${g.count}  first ${shortTime(g.first_seen)}  last ${shortTime(g.last_seen)}${answered ? `  (${answered})` : ''}`);
    lines.push(`     ${g.signature.length > 110 ? `${g.signature.slice(0, 107)}...` : g.signature}`);
  });
  lines.push('', 'Start a rule for a group: kb inbox draft GROUP [--article ID]');
  return lines.join('\n');
}

async function draftCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      store: { type: 'string' },
      kb: { type: 'string' },
      id: { type: 'string' },
      article: { type: 'string' },
      area: { type: 'string', default: 'general' },
      stdout: { type: 'boolean', default: false },
    },
  });
  const [groupId] = positionals;
  if (!groupId || positionals.length > 1) throw new UsageError('usage: kb inbox draft GROUP [--article ID] [--id RULE_ID] [--area AREA] [--stdout]');
  for (const [flag, value] of [['--id', values.id], ['--article', values.article], ['--area', values.area]] as const) {
    if (value !== undefined && !ID.test(value)) throw new UsageError(`${flag} "${value}" is not a valid id: use lower-case letters, digits and single hyphens`);
  }
  const store = await openExisting(values, io);
  let group: InboxGroup | undefined;
  let stored: InboxGroup[] = [];
  try {
    group = store ? await store.findGroup(groupId) : undefined;
    stored = store && group ? await store.listInbox({ limit: 1000 }) : [];
  } finally {
    await store?.close();
  }
  if (!group) {
    write(io.stderr, `kb inbox draft: no inbox group "${groupId}" (or the prefix names more than one): run \`kb inbox\` to see the groups`);
    return EXIT.failed;
  }
  const loaded = await loadOrReport(values.kb, io);
  if (!loaded) return EXIT.usage;
  const { ruleId, articleId, articleExists, related, words, rule: yaml } = draftForGroup(loaded.kb, group, stored, { ruleId: values.id, articleId: values.article });

  if (values.stdout) {
    write(io.stdout, yaml);
    if (words.chosen.length) write(io.stderr, explainWords(words).map((l) => l.replace(/^# /, '')).join('\n'));
    if (!articleExists) write(io.stderr, `note: article "${articleId}" does not exist yet: \`kb new article ${articleId}\`, or pass --article with an existing one${related.length ? ` (${related.join(', ')})` : ''}`);
    return EXIT.ok;
  }
  const root = resolveKbDir(values.kb, io.env ?? process.env);
  const ruleFile = join(root, 'rules', values.area, `${ruleId}.yaml`);
  const created: string[] = [];
  if (!(await writeNew(ruleFile, yaml))) {
    write(io.stderr, `kb inbox draft: ${relative(root, ruleFile)} already exists; nothing was written (choose another --id)`);
    return EXIT.failed;
  }
  created.push(relative(root, ruleFile));
  // A rule must point at an existing article to pass lint: start one beside it when needed.
  if (!articleExists) {
    const articleFile = join(root, 'articles', `${articleId}.md`);
    if (await writeNew(articleFile, articleTemplate(articleId))) created.push(relative(root, articleFile));
  }
  write(
    io.stdout,
    [
      ...created.map((f) => `created ${f}`),
      ...explainWords(words).map((l) => l.replace(/^# /, '')),
      `next: edit ${created.length > 1 ? 'them' : 'it'}, then run \`kb lint\` and \`kb test\``,
      ...(related.length && !values.article ? [`possibly related articles (pass one with --article instead of writing a new one): ${related.join(', ')}`] : []),
    ].join('\n'),
  );
  return EXIT.ok;
}

/** Writes a file that must not exist yet; false when it does. */
async function writeNew(file: string, text: string): Promise<boolean> {
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(file, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The store, if its database exists: reading the inbox never creates one. */
function openExisting(values: { data?: string; store?: string }, io: CliIo): Promise<LearningStore | undefined> {
  return openExistingStore(storeConfigOf(values, io));
}

function shortTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}
