import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { redactSecrets } from '../redact/redact-secrets.js';
import { wellFormed } from '../util/well-formed.js';
import type { ApiKey, DailyCount, FeedbackEntry, FeedbackRecord, InboxGroup, LearningStore, NewApiKey, RuleStats, UnmatchedRecord, WebhookDelivery } from './learning-store.js';
import { apiKeyOf, deliveryOf } from './integration-rows.js';
import { MIGRATIONS, StoreVersionError } from './migrations.js';

export { StoreVersionError };

/** The database file inside the data folder. */
export const DATABASE_FILE = 'kb.sqlite';

/** How long a writer waits for another process's lock before giving up (ms). */
const BUSY_TIMEOUT_MS = 5000;

/** How long opening waits, in all, while other processes hold the file's lock (creating or migrating it). */
const OPEN_RETRY_MS = 30_000;

/** The lock errors that mean "busy, try again" rather than "broken". */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

type Row = Record<string, unknown>;

/**
 * The learning store in one SQLite file, safe to share between server worker processes: WAL lets
 * readers run beside the one writer, busy_timeout makes a writer wait for the lock instead of
 * failing, and every update is a single upsert statement, so counts never lose an increment.
 */
export class SqliteStore implements LearningStore {
  readonly #db: Database.Database;
  readonly #statements;
  /** Served answers not yet written, and the promise of their transaction (see recordServed). */
  #served: { rules: readonly string[]; at: Date }[] = [];
  #servedWritten: Promise<void> | undefined;

  /** Opens (creating on first use) the database in `dataDir` and brings its schema up to date. */
  constructor(readonly dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = join(dataDir, DATABASE_FILE);
    const created = !existsSync(file);
    this.#db = new Database(file);
    try {
      // Pasted errors are private even when redacted: only the owner may read the file.
      if (created) chmodSync(file, 0o600);
      this.#db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma('synchronous = NORMAL');
      this.#migrate();
      this.#statements = this.#prepare();
    } catch (error) {
      this.#db.close();
      throw error;
    }
  }

  /**
   * Opens the store, trying again while another process holds the lock (one creating or
   * migrating the file, a long write), for up to 30 s in all; other errors are thrown at once.
   */
  static async open(dataDir: string, retryForMs = OPEN_RETRY_MS): Promise<SqliteStore> {
    const deadline = Date.now() + retryForMs;
    for (let delay = 20; ; delay = Math.min(delay * 2, 1000)) {
      try {
        return new SqliteStore(dataDir);
      } catch (error) {
        if (!isBusy(error) || Date.now() + delay > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  #migrate(): void {
    // IMMEDIATE takes the write lock before reading the version, so two processes opening a new
    // file at once cannot both run the same migration.
    this.#db
      .transaction(() => {
        const version = this.#db.pragma('user_version', { simple: true }) as number;
        if (version > MIGRATIONS.length) {
          throw new StoreVersionError(`the database in ${this.dataDir} has schema version ${version}, newer than this kb knows (${MIGRATIONS.length}): upgrade kb or use another --data folder`);
        }
        for (const migration of MIGRATIONS.slice(version)) this.#db.exec(migration.sqlite);
        this.#db.pragma(`user_version = ${MIGRATIONS.length}`);
      })
      .immediate();
  }

  #prepare() {
    const db = this.#db;
    return {
      addUnmatched: db.prepare(`
        INSERT INTO inbox_groups (id, signature, count, first_seen, last_seen, sample, generic, similar)
        VALUES (@group, @signature, 1, @at, @at, @sample, @generic, @similar)
        ON CONFLICT (id) DO UPDATE SET count = count + 1, last_seen = max(last_seen, excluded.last_seen),
          generic = generic + excluded.generic, similar = similar + excluded.similar
        RETURNING id, signature, count, first_seen, last_seen, sample, generic, similar`),
      addDaily: db.prepare(`
        INSERT INTO daily_counts (kind, key, day, count) VALUES (@kind, @key, @day, 1)
        ON CONFLICT (kind, key, day) DO UPDATE SET count = daily_counts.count + 1`),
      dailyCounts: db.prepare('SELECT key, day, count FROM daily_counts WHERE kind = ? AND day >= ? ORDER BY key, day'),
      listFeedback: db.prepare('SELECT at, rule, article, helpful, comment FROM feedback WHERE (@withComment = 0 OR comment IS NOT NULL) ORDER BY at DESC, id DESC LIMIT @limit'),
      addServed: db.prepare(`
        INSERT INTO rule_stats (rule, served, last_served) VALUES (@rule, 1, @at)
        ON CONFLICT (rule) DO UPDATE SET served = served + 1, last_served = max(coalesce(last_served, ''), excluded.last_served)`),
      addFeedback: db.prepare('INSERT INTO feedback (at, rule, article, helpful, comment) VALUES (@at, @rule, @article, @helpful, @comment)'),
      countFeedback: db.prepare(`
        INSERT INTO rule_stats (rule, helpful, not_helpful, last_feedback) VALUES (@rule, @helpful, 1 - @helpful, @at)
        ON CONFLICT (rule) DO UPDATE SET helpful = helpful + @helpful, not_helpful = not_helpful + 1 - @helpful,
          last_feedback = max(coalesce(last_feedback, ''), excluded.last_feedback)`),
      listInbox: db.prepare('SELECT id, signature, count, first_seen, last_seen, sample, generic, similar FROM inbox_groups ORDER BY count DESC, last_seen DESC, id LIMIT ?'),
      groupsByPrefix: db.prepare("SELECT id, signature, count, first_seen, last_seen, sample, generic, similar FROM inbox_groups WHERE id >= @prefix AND id < @prefix || 'g' LIMIT 2"),
      ruleStats: db.prepare('SELECT rule, served, helpful, not_helpful, last_served, last_feedback FROM rule_stats ORDER BY served DESC, rule'),
      // A revoked key's name is taken over by the new key; an active one's is not (0 rows changed).
      addApiKey: db.prepare(`
        INSERT INTO api_keys (name, key_hash, prefix, rate_limit, created_at) VALUES (@name, @hash, @prefix, @rate_limit, @at)
        ON CONFLICT (name) DO UPDATE SET key_hash = excluded.key_hash, prefix = excluded.prefix, rate_limit = excluded.rate_limit,
          created_at = excluded.created_at, revoked_at = NULL
        WHERE api_keys.revoked_at IS NOT NULL`),
      listApiKeys: db.prepare('SELECT name, prefix, rate_limit, created_at, revoked_at FROM api_keys ORDER BY name'),
      revokeApiKey: db.prepare('UPDATE api_keys SET revoked_at = @at WHERE name = @name AND revoked_at IS NULL'),
      findApiKey: db.prepare('SELECT name, prefix, rate_limit, created_at, revoked_at FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL'),
      recordDelivery: db.prepare(`
        INSERT INTO webhook_deliveries (id, event, group_id, url, status, attempts, last_status_code, last_error, created_at, updated_at)
        VALUES (@id, @event, @group_id, @url, @status, @attempts, @last_status_code, @last_error, @created_at, @updated_at)
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, last_status_code = excluded.last_status_code,
          last_error = excluded.last_error, updated_at = excluded.updated_at`),
      listDeliveries: db.prepare(`
        SELECT id, event, group_id, url, status, attempts, last_status_code, last_error, created_at, updated_at
        FROM webhook_deliveries ORDER BY created_at DESC, id LIMIT ?`),
    };
  }

  async recordUnmatched(record: UnmatchedRecord, at = new Date()): Promise<InboxGroup> {
    // Redacting again is cheap and keeps this file free of secrets whatever a caller passes.
    const row = this.#db.transaction(() => {
      this.#statements.addDaily.run({ kind: 'arrivals', key: record.group, day: dayOf(at) });
      return this.#statements.addUnmatched.get({
        group: record.group,
        signature: redactSecrets(wellFormed(record.signature)),
        sample: redactSecrets(wellFormed(record.sample)),
        at: at.toISOString(),
        generic: record.answered === 'generic' ? 1 : 0,
        similar: record.answered === 'similar' ? 1 : 0,
      });
    })();
    return row as InboxGroup;
  }

  /**
   * Served answers wait for the end of this turn of the event loop, then every one that arrived in
   * it is written in one transaction: a commit cost more than the two upserts of an answer, and a
   * server answers several requests per turn. Each call resolves once its own rows are written
   * (or rejects with the batch), so what is stored, and when a caller may read it, is unchanged.
   */
  recordServed(rules: readonly string[], at = new Date()): Promise<void> {
    this.#served.push({ rules, at });
    return (this.#servedWritten ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        try {
          this.#writeServed();
          resolve();
        } catch (error) {
          reject(error as Error);
        }
      });
    }));
  }

  /** Writes the served answers waiting, in one transaction. */
  #writeServed(): void {
    const batch = this.#served;
    this.#served = [];
    this.#servedWritten = undefined;
    if (batch.length === 0 || !this.#db.open) return;
    this.#db.transaction(() => {
      for (const { rules, at } of batch) {
        const when = at.toISOString();
        for (const rule of new Set(rules)) {
          this.#statements.addServed.run({ rule, at: when });
          this.#statements.addDaily.run({ kind: 'served', key: rule, day: dayOf(at) });
        }
      }
    })();
  }

  async recordFeedback(feedback: FeedbackRecord, at = new Date()): Promise<void> {
    const row = { at: at.toISOString(), rule: feedback.rule, article: feedback.article, helpful: feedback.helpful ? 1 : 0, comment: feedback.comment === undefined ? null : redactSecrets(wellFormed(feedback.comment)) };
    this.#db.transaction(() => {
      this.#statements.addFeedback.run(row);
      this.#statements.countFeedback.run(row);
    })();
  }

  async listInbox(options: { limit?: number } = {}): Promise<InboxGroup[]> {
    return this.#statements.listInbox.all(options.limit ?? -1) as InboxGroup[];
  }

  async findGroup(idOrPrefix: string): Promise<InboxGroup | undefined> {
    const prefix = idOrPrefix.toLowerCase();
    if (!/^[0-9a-f]{4,}$/.test(prefix)) return undefined;
    const rows = this.#statements.groupsByPrefix.all({ prefix }) as InboxGroup[];
    return rows.length === 1 ? rows[0] : rows.find((r) => r.id === prefix);
  }

  async ruleStats(): Promise<RuleStats[]> {
    return (this.#statements.ruleStats.all() as Row[]).map((r) => ({
      rule: String(r.rule),
      served: Number(r.served),
      helpful: Number(r.helpful),
      not_helpful: Number(r.not_helpful),
      ...(r.last_served ? { last_served: String(r.last_served) } : {}),
      ...(r.last_feedback ? { last_feedback: String(r.last_feedback) } : {}),
    }));
  }

  async addApiKey(key: NewApiKey, at = new Date()): Promise<boolean> {
    const result = this.#statements.addApiKey.run({ name: key.name, hash: key.hash, prefix: key.prefix, rate_limit: key.rate_limit ?? null, at: at.toISOString() });
    return result.changes === 1;
  }

  async listApiKeys(): Promise<ApiKey[]> {
    return (this.#statements.listApiKeys.all() as Row[]).map(apiKeyOf);
  }

  async revokeApiKey(name: string, at = new Date()): Promise<boolean> {
    return this.#statements.revokeApiKey.run({ name, at: at.toISOString() }).changes === 1;
  }

  async findApiKey(hash: string): Promise<ApiKey | undefined> {
    const row = this.#statements.findApiKey.get(hash) as Row | undefined;
    return row ? apiKeyOf(row) : undefined;
  }

  async recordDelivery(delivery: WebhookDelivery): Promise<void> {
    this.#statements.recordDelivery.run({
      ...delivery,
      last_status_code: delivery.last_status_code ?? null,
      last_error: delivery.last_error === undefined ? null : redactSecrets(delivery.last_error),
    });
  }

  async listDeliveries(options: { limit?: number } = {}): Promise<WebhookDelivery[]> {
    return (this.#statements.listDeliveries.all(options.limit ?? -1) as Row[]).map(deliveryOf);
  }

  async listFeedback(options: { limit?: number; withComment?: boolean } = {}): Promise<FeedbackEntry[]> {
    const rows = this.#statements.listFeedback.all({ limit: options.limit ?? -1, withComment: options.withComment ? 1 : 0 }) as Row[];
    return rows.map((r) => ({
      at: String(r.at),
      rule: String(r.rule),
      article: String(r.article),
      helpful: r.helpful === 1,
      ...(r.comment === null || r.comment === undefined ? {} : { comment: String(r.comment) }),
    }));
  }

  async dailyCounts(kind: 'arrivals' | 'served', sinceDay: string): Promise<DailyCount[]> {
    return (this.#statements.dailyCounts.all(kind, sinceDay) as Row[]).map((r) => ({ key: String(r.key), day: String(r.day), count: Number(r.count) }));
  }

  async ping(): Promise<void> {
    this.#db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    // Answers served just before closing are written, not lost.
    if (this.#db.open && this.#served.length > 0) this.#writeServed();
    if (this.#db.open) this.#db.close();
  }
}

/** The UTC day of a moment, as YYYY-MM-DD. */
function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}
