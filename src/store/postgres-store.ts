import pg from 'pg';
import { redactSecrets } from '../redact/redact-secrets.js';
import { apiKeyOf, deliveryOf } from './integration-rows.js';
import type { ApiKey, DailyCount, FeedbackEntry, FeedbackRecord, InboxGroup, LearningStore, NewApiKey, RuleStats, UnmatchedRecord, WebhookDelivery } from './learning-store.js';
import { MIGRATIONS, StoreVersionError } from './migrations.js';

/** Connections per process: a worker answers one request at a time per turn, and PostgreSQL's default limit is 100 for every replica. */
const DEFAULT_POOL_SIZE = 5;
/** Attempts of one operation on a transient error, with doubling waits from 50 ms (about 1.5 s in all). */
const ATTEMPTS = 5;
/** Opening (connect and migrate) keeps trying this long: PostgreSQL may still be starting beside us (compose, systemd). */
const OPEN_RETRY_MS = 30_000;
/** Any fixed number: the advisory lock that lets one replica migrate while the others wait. */
const MIGRATION_LOCK = 0x6b62_0001;

/**
 * Errors after which the same statement may simply run again: it was not applied. SQLSTATE
 * classes 08 (connection), 40001/40P01 (serialization failure, deadlock), 53300 (too many
 * connections), 57P01–57P03 (server shutting down or starting); and sockets refused or dropped
 * before an answer. (A connection dropped after the server committed is indistinguishable from
 * one dropped before; every write here is one statement, so at worst one count is added twice.)
 */
function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return /Connection terminated|timeout exceeded when trying to connect/i.test(String((error as Error | null)?.message));
  return /^08/.test(code) || ['40001', '40P01', '53300', '57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code);
}

async function withRetries<T>(operation: () => Promise<T>, attempts = ATTEMPTS): Promise<T> {
  for (let attempt = 1, delay = 50; ; attempt++, delay *= 2) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** The URL without its password, for messages and logs. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

/** "similar" is quoted: SIMILAR is a key word in PostgreSQL. */
const GROUP_COLUMNS = 'id, signature, count, first_seen, last_seen, sample, generic, "similar"';

/**
 * The learning store in PostgreSQL (13 or later), shared by every replica: inbox groups, counts
 * and feedback are the same whichever replica received the paste. A connection pool per process;
 * every write is one statement (an upsert, or a CTE for feedback), so concurrent replicas never
 * lose an increment and a retried statement never runs half.
 */
export class PostgresStore implements LearningStore {
  private constructor(
    readonly pool: pg.Pool,
    readonly label: string,
  ) {}

  /** Connects, brings the schema up to date (once across replicas), and answers the store. */
  static async open(url: string, options: { poolSize?: number; retryForMs?: number } = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? DEFAULT_POOL_SIZE, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
    // An idle connection the server drops must not crash the process: the pool replaces it.
    pool.on('error', () => {});
    const store = new PostgresStore(pool, describeUrl(url));
    const deadline = Date.now() + (options.retryForMs ?? OPEN_RETRY_MS);
    try {
      for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
        try {
          await store.#migrate();
          return store;
        } catch (error) {
          if (!isTransient(error) || Date.now() + delay > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  async #migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS kb_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0)::integer AS version FROM kb_schema_migrations');
      const version = rows[0]!.version;
      if (version > MIGRATIONS.length) {
        throw new StoreVersionError(`the database ${this.label} has schema version ${version}, newer than this kb knows (${MIGRATIONS.length}): upgrade kb or use another database`);
      }
      for (const migration of MIGRATIONS.slice(version)) {
        await client.query(migration.postgres);
        await client.query('INSERT INTO kb_schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /** The schema version applied (for tests and `kb` diagnostics). */
  async schemaVersion(): Promise<number> {
    const { rows } = await this.#query<{ version: number }>('SELECT coalesce(max(version), 0)::integer AS version FROM kb_schema_migrations');
    return rows[0]!.version;
  }

  #query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    return withRetries(() => this.pool.query<R>(sql, params));
  }

  async recordUnmatched(record: UnmatchedRecord, at = new Date()): Promise<InboxGroup> {
    // Redacting again is cheap and keeps the database free of secrets whatever a caller passes.
    const { rows } = await this.#query<InboxGroup>(
      `WITH daily AS (INSERT INTO daily_counts (kind, key, day, count) VALUES ('arrivals', $1, $7, 1)
         ON CONFLICT (kind, key, day) DO UPDATE SET count = daily_counts.count + 1)
       INSERT INTO inbox_groups (id, signature, count, first_seen, last_seen, sample, generic, "similar") VALUES ($1, $2, 1, $3, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET count = inbox_groups.count + 1, last_seen = GREATEST(inbox_groups.last_seen, excluded.last_seen),
         generic = inbox_groups.generic + excluded.generic, "similar" = inbox_groups."similar" + excluded."similar"
       RETURNING ${GROUP_COLUMNS}`,
      [record.group, redactSecrets(record.signature), at.toISOString(), redactSecrets(record.sample), record.answered === 'generic' ? 1 : 0, record.answered === 'similar' ? 1 : 0, dayOf(at)],
    );
    return rows[0]!;
  }

  async recordServed(rules: readonly string[], at = new Date()): Promise<void> {
    if (!rules.length) return;
    await this.#query(
      `WITH daily AS (INSERT INTO daily_counts (kind, key, day, count) SELECT 'served', rule, $3, 1 FROM unnest($1::text[]) AS rule
         ON CONFLICT (kind, key, day) DO UPDATE SET count = daily_counts.count + 1)
       INSERT INTO rule_stats (rule, served, last_served) SELECT rule, 1, $2 FROM unnest($1::text[]) AS rule
       ON CONFLICT (rule) DO UPDATE SET served = rule_stats.served + 1, last_served = GREATEST(coalesce(rule_stats.last_served, ''), excluded.last_served)`,
      [[...new Set(rules)], at.toISOString(), dayOf(at)],
    );
  }

  async recordFeedback(feedback: FeedbackRecord, at = new Date()): Promise<void> {
    const helpful = feedback.helpful ? 1 : 0;
    await this.#query(
      `WITH added AS (INSERT INTO feedback (at, rule, article, helpful, comment) VALUES ($1, $2, $3, $4::integer = 1, $5))
       INSERT INTO rule_stats (rule, helpful, not_helpful, last_feedback) VALUES ($2, $4, 1 - $4::integer, $1)
       ON CONFLICT (rule) DO UPDATE SET helpful = rule_stats.helpful + excluded.helpful, not_helpful = rule_stats.not_helpful + excluded.not_helpful,
         last_feedback = GREATEST(coalesce(rule_stats.last_feedback, ''), excluded.last_feedback)`,
      [at.toISOString(), feedback.rule, feedback.article, helpful, feedback.comment === undefined ? null : redactSecrets(feedback.comment)],
    );
  }

  async listInbox(options: { limit?: number } = {}): Promise<InboxGroup[]> {
    // LIMIT NULL is no limit. COLLATE "C": ids compare by byte, as in SQLite, whatever the database's locale.
    const { rows } = await this.#query<InboxGroup>(`SELECT ${GROUP_COLUMNS} FROM inbox_groups ORDER BY count DESC, last_seen DESC, id COLLATE "C" LIMIT $1`, [options.limit ?? null]);
    return rows;
  }

  async findGroup(idOrPrefix: string): Promise<InboxGroup | undefined> {
    const prefix = idOrPrefix.toLowerCase();
    if (!/^[0-9a-f]{4,}$/.test(prefix)) return undefined;
    const { rows } = await this.#query<InboxGroup>(`SELECT ${GROUP_COLUMNS} FROM inbox_groups WHERE left(id, $2) = $1 LIMIT 2`, [prefix, prefix.length]);
    return rows.length === 1 ? rows[0] : rows.find((r) => r.id === prefix);
  }

  async ruleStats(): Promise<RuleStats[]> {
    const { rows } = await this.#query<Record<string, unknown>>('SELECT rule, served, helpful, not_helpful, last_served, last_feedback FROM rule_stats ORDER BY served DESC, rule COLLATE "C"');
    return rows.map((r) => ({
      rule: String(r.rule),
      served: Number(r.served),
      helpful: Number(r.helpful),
      not_helpful: Number(r.not_helpful),
      ...(r.last_served ? { last_served: String(r.last_served) } : {}),
      ...(r.last_feedback ? { last_feedback: String(r.last_feedback) } : {}),
    }));
  }

  async listFeedback(options: { limit?: number; withComment?: boolean } = {}): Promise<FeedbackEntry[]> {
    const { rows } = await this.#query<{ at: string; rule: string; article: string; helpful: boolean; comment: string | null }>(
      `SELECT at, rule, article, helpful, comment FROM feedback WHERE ($1::boolean IS FALSE OR comment IS NOT NULL) ORDER BY at DESC, id DESC LIMIT $2`,
      [options.withComment ?? false, options.limit ?? null],
    );
    return rows.map((r) => ({ at: r.at, rule: r.rule, article: r.article, helpful: r.helpful, ...(r.comment === null ? {} : { comment: r.comment }) }));
  }

  async dailyCounts(kind: 'arrivals' | 'served', sinceDay: string): Promise<DailyCount[]> {
    const { rows } = await this.#query<{ key: string; day: string; count: number }>(
      'SELECT key, day, count FROM daily_counts WHERE kind = $1 AND day >= $2 ORDER BY key, day',
      [kind, sinceDay],
    );
    return rows.map((r) => ({ key: r.key, day: r.day, count: Number(r.count) }));
  }

  async addApiKey(key: NewApiKey, at = new Date()): Promise<boolean> {
    // A revoked key's name is taken over by the new key; an unrevoked one's is not (no row changed).
    const { rowCount } = await this.#query(
      `INSERT INTO api_keys (name, key_hash, prefix, rate_limit, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (name) DO UPDATE SET key_hash = excluded.key_hash, prefix = excluded.prefix, rate_limit = excluded.rate_limit,
         created_at = excluded.created_at, revoked_at = NULL
       WHERE api_keys.revoked_at IS NOT NULL`,
      [key.name, key.hash, key.prefix, key.rate_limit ?? null, at.toISOString()],
    );
    return rowCount === 1;
  }

  async listApiKeys(): Promise<ApiKey[]> {
    const { rows } = await this.#query<Record<string, unknown>>('SELECT name, prefix, rate_limit, created_at, revoked_at FROM api_keys ORDER BY name COLLATE "C"');
    return rows.map(apiKeyOf);
  }

  async revokeApiKey(name: string, at = new Date()): Promise<boolean> {
    const { rowCount } = await this.#query('UPDATE api_keys SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL', [name, at.toISOString()]);
    return rowCount === 1;
  }

  async findApiKey(hash: string): Promise<ApiKey | undefined> {
    const { rows } = await this.#query<Record<string, unknown>>('SELECT name, prefix, rate_limit, created_at, revoked_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [hash]);
    return rows[0] ? apiKeyOf(rows[0]) : undefined;
  }

  async recordDelivery(delivery: WebhookDelivery): Promise<void> {
    await this.#query(
      `INSERT INTO webhook_deliveries (id, event, group_id, url, status, attempts, last_status_code, last_error, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, last_status_code = excluded.last_status_code,
         last_error = excluded.last_error, updated_at = excluded.updated_at`,
      [delivery.id, delivery.event, delivery.group_id, delivery.url, delivery.status, delivery.attempts, delivery.last_status_code ?? null,
        delivery.last_error === undefined ? null : redactSecrets(delivery.last_error), delivery.created_at, delivery.updated_at],
    );
  }

  async listDeliveries(options: { limit?: number } = {}): Promise<WebhookDelivery[]> {
    const { rows } = await this.#query<Record<string, unknown>>(
      `SELECT id, event, group_id, url, status, attempts, last_status_code, last_error, created_at, updated_at
       FROM webhook_deliveries ORDER BY created_at DESC, id COLLATE "C" LIMIT $1`,
      [options.limit ?? null],
    );
    return rows.map(deliveryOf);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

/** The UTC day of a moment, as YYYY-MM-DD. */
function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}
