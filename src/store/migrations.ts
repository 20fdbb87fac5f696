/**
 * Schema versions, applied in order; PRAGMA user_version records how many ran. Never edit a
 * released migration: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE inbox_groups (
    id         TEXT PRIMARY KEY,
    signature  TEXT NOT NULL,
    count      INTEGER NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    sample     TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX inbox_groups_by_count ON inbox_groups (count DESC, last_seen DESC);

  CREATE TABLE rule_stats (
    rule          TEXT PRIMARY KEY,
    served        INTEGER NOT NULL DEFAULT 0,
    helpful       INTEGER NOT NULL DEFAULT 0,
    not_helpful   INTEGER NOT NULL DEFAULT 0,
    last_served   TEXT,
    last_feedback TEXT
  ) WITHOUT ROWID;

  CREATE TABLE feedback (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    rule    TEXT NOT NULL,
    article TEXT NOT NULL,
    helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    comment TEXT
  );
  CREATE INDEX feedback_by_rule ON feedback (rule, at);
  `,
  // Issue 16: pastes no specific rule knows are kept even when a generic rule or a similar article
  // answered them, and counted apart, so authors see the gap.
  `
  ALTER TABLE inbox_groups ADD COLUMN generic INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE inbox_groups ADD COLUMN similar INTEGER NOT NULL DEFAULT 0;
  `,
  // Counts per day for the authors' pages (sparklines of arrivals per group, answers per rule).
  // Plain SQL that PostgreSQL runs as well.
  `
  CREATE TABLE daily_counts (
    kind  TEXT NOT NULL,
    key   TEXT NOT NULL,
    day   TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (kind, key, day)
  );
  CREATE INDEX daily_counts_by_day ON daily_counts (kind, day);
  `,
  // 4: API keys of integrations, by name; the key itself is never stored, only its SHA-256.
  `
  CREATE TABLE api_keys (
    name       TEXT PRIMARY KEY,
    key_hash   TEXT NOT NULL UNIQUE,
    prefix     TEXT NOT NULL,
    rate_limit INTEGER,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  `,
  // 5: the outgoing webhook's delivery log (random text ids: no database-specific auto-increment).
  `
  CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,
    event            TEXT NOT NULL,
    group_id         TEXT NOT NULL,
    url              TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    last_status_code INTEGER,
    last_error       TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
  );
  CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (created_at);
  `,
];
