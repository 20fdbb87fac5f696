/**
 * The learning store's schema, one list for both backends. Each migration has a version (its
 * place in the list, from 1), a name, and its SQL for SQLite and for PostgreSQL; a store applies
 * the ones it has not applied yet, in order, each in a transaction. SQLite records the count in
 * PRAGMA user_version; PostgreSQL in the table kb_schema_migrations, under an advisory lock so
 * replicas starting together migrate once. Never edit a released migration: add the next one
 * (a new table for API keys, say: `{ version: 2, name: 'api keys', sqlite: 'CREATE TABLE …', postgres: 'CREATE TABLE …' }`).
 *
 * Times are ISO-8601 UTC text in both backends: they sort as they read, and both answer the same rows.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

/** A schema written by a newer kb than this one: refuse rather than guess. */
export class StoreVersionError extends Error {}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'learning loop: inbox groups, rule stats, feedback',
    sqlite: `
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
    postgres: `
  CREATE TABLE inbox_groups (
    id         TEXT PRIMARY KEY,
    signature  TEXT NOT NULL,
    count      INTEGER NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    sample     TEXT NOT NULL
  );
  CREATE INDEX inbox_groups_by_count ON inbox_groups (count DESC, last_seen DESC);

  CREATE TABLE rule_stats (
    rule          TEXT PRIMARY KEY,
    served        INTEGER NOT NULL DEFAULT 0,
    helpful       INTEGER NOT NULL DEFAULT 0,
    not_helpful   INTEGER NOT NULL DEFAULT 0,
    last_served   TEXT,
    last_feedback TEXT
  );

  CREATE TABLE feedback (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      TEXT NOT NULL,
    rule    TEXT NOT NULL,
    article TEXT NOT NULL,
    helpful BOOLEAN NOT NULL,
    comment TEXT
  );
  CREATE INDEX feedback_by_rule ON feedback (rule, at);
  `,
  },
  {
    // Issue 16: pastes no specific rule knows are kept even when a generic rule or a similar article
    // answered them, and counted apart, so authors see the gap.
    version: 2,
    name: 'inbox: pastes answered generically or by similarity, counted apart',
    sqlite: `
  ALTER TABLE inbox_groups ADD COLUMN generic INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE inbox_groups ADD COLUMN similar INTEGER NOT NULL DEFAULT 0;
  `,
    // SIMILAR is a key word in PostgreSQL: the column is quoted there.
    postgres: `
  ALTER TABLE inbox_groups ADD COLUMN generic INTEGER NOT NULL DEFAULT 0, ADD COLUMN "similar" INTEGER NOT NULL DEFAULT 0;
  `,
  },
  // Counts per day for the authors' pages (sparklines of arrivals per group, answers per rule).
  portable(3, 'daily counts of arrivals per inbox group and answers per rule', `
  CREATE TABLE daily_counts (
    kind  TEXT NOT NULL,
    key   TEXT NOT NULL,
    day   TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (kind, key, day)
  );
  CREATE INDEX daily_counts_by_day ON daily_counts (kind, day);
  `),
  // Plain types, text times, no auto-increment (random text ids): one SQL text for both backends.
  portable(4, 'API keys of integrations (the key only as its SHA-256)', `
  CREATE TABLE api_keys (
    name       TEXT PRIMARY KEY,
    key_hash   TEXT NOT NULL UNIQUE,
    prefix     TEXT NOT NULL,
    rate_limit INTEGER,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  `),
  portable(5, 'delivery log of the inbox webhook', `
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
  `),
];

/** A migration whose SQL both SQLite and PostgreSQL run as written. */
function portable(version: number, name: string, sql: string): Migration {
  return { version, name, sqlite: sql, postgres: sql };
}

/** Checks that the list is in order (1, 2, 3 …): a gap or a duplicate would skip or repeat a migration. */
for (const [i, migration] of MIGRATIONS.entries()) {
  if (migration.version !== i + 1) throw new Error(`migration ${migration.name} has version ${migration.version}, expected ${i + 1}`);
}
