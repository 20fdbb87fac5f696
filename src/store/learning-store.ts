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

/** An integration's API key as stored: its secret only as a hash. */
export interface ApiKey {
  /** Who uses it ("helpdesk", "slack-bot"): shown in logs and used for its rate limit. */
  name: string;
  /** The first characters of the key, to tell keys apart without revealing them. */
  prefix: string;
  created_at: string;
  revoked_at?: string;
  /** Requests a minute allowed to this key; none uses the server's default for keys. */
  rate_limit?: number;
}

/** A new key: `hash` is SHA-256 of the key (hex); the key itself is never stored. */
export interface NewApiKey {
  name: string;
  hash: string;
  prefix: string;
  rate_limit?: number;
}

/** One outgoing webhook delivery (all its attempts), as the delivery log keeps it. */
export interface WebhookDelivery {
  /** Random id, also sent in the request (`x-kb-delivery`). */
  id: string;
  /** `inbox.group_created` or `inbox.group_count`. */
  event: string;
  /** The inbox group the event is about. */
  group_id: string;
  /** Where it was sent (the host only is logged elsewhere; the full URL is configuration). */
  url: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** HTTP status of the last attempt, if the receiver answered at all. */
  last_status_code?: number;
  /** Why the last attempt failed (a network error or an HTTP status). */
  last_error?: string;
  created_at: string;
  updated_at: string;
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
  /** Adds a key; false when an unrevoked key already has that name (a revoked one's name is reused). */
  addApiKey(key: NewApiKey, at?: Date): Promise<boolean>;
  /** Keys, revoked ones included, by name. */
  listApiKeys(): Promise<ApiKey[]>;
  /** Revokes the named key; false when no unrevoked key has that name. */
  revokeApiKey(name: string, at?: Date): Promise<boolean>;
  /** The unrevoked key with this hash. */
  findApiKey(hash: string): Promise<ApiKey | undefined>;
  /** Adds or updates (by id) one delivery of the outgoing webhook. */
  recordDelivery(delivery: WebhookDelivery): Promise<void>;
  /** Deliveries, newest first. */
  listDeliveries(options?: { limit?: number }): Promise<WebhookDelivery[]>;
  /** Feedback, newest first; `withComment` keeps only answers that carry a comment. */
  listFeedback(options?: { limit?: number; withComment?: boolean }): Promise<FeedbackEntry[]>;
  /** Unmatched pastes per group per day, and answers served per rule per day, from `sinceDay` (YYYY-MM-DD) on. */
  dailyCounts(kind: 'arrivals' | 'served', sinceDay: string): Promise<DailyCount[]>;
  /** Resolves when the store answers a trivial query (readiness); rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
