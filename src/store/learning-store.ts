/** A group of unmatched pastes that share a signature. */
export interface InboxGroup {
  /** Short id of the signature: what `kb inbox draft` takes. */
  id: string;
  /** The masked text the pastes share. */
  signature: string;
  count: number;
  first_seen: string;
  last_seen: string;
  /** One paste of the group (the first), with its secrets redacted. */
  sample: string;
  /** Of `count`, the pastes a generic rule answered (plain 401, 403 …): no specific rule knows them. */
  generic: number;
  /** Of `count`, the pastes answered by similarity ("Likely"): no rule knows them. */
  similar: number;
}

/** An unmatched paste ready to store: redacted, signed and capped by `prepareUnmatched`. */
export interface UnmatchedRecord {
  group: string;
  signature: string;
  sample: string;
  /** How the paste was answered, when it was: by a generic rule only, or by similarity. */
  answered?: 'generic' | 'similar';
}

/** "Did this fix it?" for one served answer. */
export interface FeedbackRecord {
  rule: string;
  article: string;
  helpful: boolean;
  /** Redacted and capped by `prepareFeedback`. */
  comment?: string;
}

/** Per rule: how often it was served, and what people said about it. */
export interface RuleStats {
  rule: string;
  served: number;
  helpful: number;
  not_helpful: number;
  last_served?: string;
  last_feedback?: string;
}

/** A "did this fix it?" answer as stored, for the authors' pages. */
export interface FeedbackEntry extends FeedbackRecord {
  at: string;
}

/** How many things (`key`: an inbox group or a rule) happened on one UTC day (YYYY-MM-DD). */
export interface DailyCount {
  key: string;
  day: string;
  count: number;
}

/**
 * What the learning loop needs from storage. Small and asynchronous so that a server database can
 * replace the embedded SQLite file without touching callers. Implementations store only what
 * they are given; the prepare functions redact first, and the SQLite store redacts again.
 */
export interface LearningStore {
  /** Adds one paste to its group (created on first sight); answers the group after the update. */
  recordUnmatched(record: UnmatchedRecord, at?: Date): Promise<InboxGroup>;
  /** Counts one served answer for each rule. */
  recordServed(rules: readonly string[], at?: Date): Promise<void>;
  recordFeedback(feedback: FeedbackRecord, at?: Date): Promise<void>;
  /** Groups, most frequent first (then most recent). */
  listInbox(options?: { limit?: number }): Promise<InboxGroup[]>;
  /** The group with this id, or the only one whose id starts with it (at least 4 characters). */
  findGroup(idOrPrefix: string): Promise<InboxGroup | undefined>;
  /** Rules that were served or got feedback, most served first. */
  ruleStats(): Promise<RuleStats[]>;
  /** Feedback, newest first; `withComment` keeps only answers that carry a comment. */
  listFeedback(options?: { limit?: number; withComment?: boolean }): Promise<FeedbackEntry[]>;
  /** Unmatched pastes per group per day, and answers served per rule per day, from `sinceDay` (YYYY-MM-DD) on. */
  dailyCounts(kind: 'arrivals' | 'served', sinceDay: string): Promise<DailyCount[]>;
  close(): Promise<void>;
}
