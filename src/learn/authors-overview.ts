import type { KnowledgeBase } from '../compile/knowledge-base.js';
import type { DailyCount, FeedbackEntry, InboxGroup, LearningStore, RuleStats } from '../store/learning-store.js';

/** An inbox group with its arrivals per day (aligned with `AuthorsOverview.days`). */
export interface InboxGroupView extends InboxGroup {
  arrivals: number[];
}

/** A rule's answers and feedback, with answers per day (aligned with `AuthorsOverview.days`). */
export interface RuleView extends RuleStats {
  title: string | null;
  /** The rule is in the served knowledge base (stats can outlive a deleted rule). */
  in_kb: boolean;
  served_by_day: number[];
  /** Share of "did this fix it?" answers that said no; null without answers. */
  unhelpful_share: number | null;
}

/** Everything the authors' pages show: the same object is the JSON of GET /v1/authors. */
export interface AuthorsOverview {
  storing: boolean;
  /** The days the per-day counts cover, oldest first (UTC, YYYY-MM-DD). */
  days: string[];
  /** Groups no rule answered. */
  inbox: InboxGroupView[];
  /** Groups whose every paste got only a generic rule's or a similar article's answer: a specific rule is still missing. */
  generic: InboxGroupView[];
  rules: RuleView[];
  /** Rules of the knowledge base never served since storing began. */
  never_answered: { rule: string; title: string }[];
  /** Rules whose answers people often said did not help (at least MIN_UNHELPFUL "no", half or more of the answers). */
  often_unhelpful: RuleView[];
  /** Feedback with a comment, newest first. */
  comments: FeedbackEntry[];
}

export const INBOX_ORDERS = ['count', 'recent'] as const;
export const RULE_ORDERS = ['served', 'helpful', 'not_helpful', 'unhelpful_share', 'last_served', 'rule'] as const;
export type InboxOrder = (typeof INBOX_ORDERS)[number];
export type RuleOrder = (typeof RULE_ORDERS)[number];

export interface OverviewOptions {
  inboxOrder?: InboxOrder;
  ruleOrder?: RuleOrder;
  /** How many days the sparklines cover (default 30). */
  days?: number;
  /** How many inbox groups and comments to list (default 100). */
  limit?: number;
  now?: Date;
}

const MIN_UNHELPFUL = 2;
const DAY_MS = 86_400_000;

/** The last `n` UTC days up to `now`, oldest first. */
function lastDays(n: number, now: Date): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: n }, (_, i) => new Date(today - (n - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

function perDay(counts: readonly DailyCount[], days: readonly string[]): Map<string, number[]> {
  const index = new Map(days.map((d, i) => [d, i]));
  const byKey = new Map<string, number[]>();
  for (const c of counts) {
    const i = index.get(c.day);
    if (i === undefined) continue;
    const row = byKey.get(c.key) ?? byKey.set(c.key, new Array<number>(days.length).fill(0)).get(c.key)!;
    row[i] = c.count;
  }
  return byKey;
}

const byString = (a: string | undefined, b: string | undefined) => (b ?? '').localeCompare(a ?? '');

function sortRules(rules: RuleView[], order: RuleOrder): RuleView[] {
  const compare: Record<RuleOrder, (a: RuleView, b: RuleView) => number> = {
    served: (a, b) => b.served - a.served,
    helpful: (a, b) => b.helpful - a.helpful,
    not_helpful: (a, b) => b.not_helpful - a.not_helpful,
    unhelpful_share: (a, b) => (b.unhelpful_share ?? -1) - (a.unhelpful_share ?? -1) || b.not_helpful - a.not_helpful,
    last_served: (a, b) => byString(a.last_served, b.last_served),
    rule: () => 0,
  };
  return rules.sort((a, b) => compare[order](a, b) || a.rule.localeCompare(b.rule));
}

/** Every paste of the group was answered, but only by a generic rule or by similarity. */
function answeredOnlyGenerally(group: InboxGroup): boolean {
  return (group.generic ?? 0) + (group.similar ?? 0) >= group.count;
}

/** Reads the store once and shapes what the authors' pages, GET /v1/authors and the CLI show. */
export async function authorsOverview(store: LearningStore | undefined, kb: KnowledgeBase, options: OverviewOptions = {}): Promise<AuthorsOverview> {
  const days = lastDays(options.days ?? 30, options.now ?? new Date());
  const limit = options.limit ?? 100;
  const [groups, stats, comments, arrivals, served] = store
    ? await Promise.all([
        store.listInbox({ limit: limit * 2 }),
        store.ruleStats(),
        store.listFeedback({ limit, withComment: true }),
        store.dailyCounts('arrivals', days[0]!),
        store.dailyCounts('served', days[0]!),
      ])
    : [[], [], [], [], []];
  const arrivalsBy = perDay(arrivals, days);
  const servedBy = perDay(served, days);
  const zeros = () => new Array<number>(days.length).fill(0);
  const views = groups.map((g) => ({ ...g, arrivals: arrivalsBy.get(g.id) ?? zeros() }));
  if (options.inboxOrder === 'recent') views.sort((a, b) => byString(a.last_seen, b.last_seen) || b.count - a.count);
  const rules = stats.map((s): RuleView => {
    const answers = s.helpful + s.not_helpful;
    const rule = kb.rulesById.get(s.rule);
    return { ...s, title: rule?.title ?? null, in_kb: rule !== undefined, served_by_day: servedBy.get(s.rule) ?? zeros(), unhelpful_share: answers ? Math.round((s.not_helpful / answers) * 100) / 100 : null };
  });
  const servedRules = new Set(stats.filter((s) => s.served > 0).map((s) => s.rule));
  return {
    storing: store !== undefined,
    days,
    inbox: views.filter((g) => !answeredOnlyGenerally(g)).slice(0, limit),
    generic: views.filter(answeredOnlyGenerally).slice(0, limit),
    rules: sortRules(rules, options.ruleOrder ?? 'served'),
    never_answered: kb.rules.filter((r) => !servedRules.has(r.id)).map((r) => ({ rule: r.id, title: r.title })).sort((a, b) => a.rule.localeCompare(b.rule)),
    often_unhelpful: sortRules(
      rules.filter((r) => r.not_helpful >= MIN_UNHELPFUL && (r.unhelpful_share ?? 0) >= 0.5),
      'not_helpful',
    ),
    comments,
  };
}
