import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_PASTE_BYTES, DEFAULT_PASTE_LIMITS, type PasteLimits } from './match/paste-input.js';

/** The knowledge base bundled with the package: the folder holding rules/ and articles/ (repo root). */
export const BUNDLED_KB_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Resolves the knowledge-base folder: the flag, then KB_DIR, then the bundled one. */
export function resolveKbDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.KB_DIR ?? BUNDLED_KB_DIR;
}

/** Settings of `kb serve`. */
export interface ServeConfig {
  port: number;
  host: string;
  kbDir: string;
  watch: boolean;
  logLevel: string;
  /** LOG_FORMAT: JSON lines (the default, for log collectors) or `pretty` (pino-pretty, for a person at a terminal). */
  logFormat: 'json' | 'pretty';
  /**
   * KB_TRUST_PROXY: whose X-Forwarded-For to believe for the client address (rate limits, logs):
   * false (default: the socket's peer), true (any: only behind a proxy that is the sole way in), a
   * number of proxy hops, or comma-separated addresses / CIDRs of the proxies.
   */
  trustProxy: boolean | number | string[];
  /** KB_METRICS=private puts GET /metrics behind the admin token. */
  privateMetrics: boolean;
  /** Largest request body accepted, in bytes (a JSON body escapes the paste, so it is larger than the paste limit). */
  bodyLimit: number;
  /** Largest paste accepted by /v1/match and /v1/try, in UTF-8 bytes (= pasteLimits.maxBytes). */
  maxPasteBytes: number;
  /** Processes that serve (node cluster workers); 1 serves from the process itself. */
  workers: number;
  pasteLimits: PasteLimits;
  protection: ServerProtection;
  /** KB_PUBLIC_URL without its trailing slash: article links in answers start with it. */
  publicUrl?: string;
  /** KB_CORS_ORIGINS: the browser origins allowed to call the API; none (the default) sends no CORS headers. */
  corsOrigins: string[];
  /** KB_SLACK_SIGNING_SECRET: turns the Slack routes on. */
  slackSigningSecret?: string;
  /** KB_TEAMS_SECURITY_TOKEN (base64, as Teams shows it): turns the Teams outgoing webhook on. */
  teamsSecurityToken?: string;
  /** KB_WEBHOOK_URL, KB_WEBHOOK_SECRET, KB_WEBHOOK_COUNTS: the signed webhook of new and growing inbox groups. */
  webhook?: WebhookConfig;
}

export interface WebhookConfig {
  url: string;
  secret: string;
  counts: number[];
}

export const SERVE_DEFAULTS = {
  port: 3000,
  host: '127.0.0.1',
  logLevel: 'info',
  bodyLimit: 1024 * 1024,
  maxPasteBytes: DEFAULT_MAX_PASTE_BYTES,
} as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** A setting that cannot be used; the message names where it came from. */
export class ConfigError extends Error {}

/** Resolves `kb serve` settings: flags, then PORT / HOST / KB_DIR / LOG_LEVEL / KB_WORKERS (default: one per core) (and the paste limits and protection below), then defaults. */
export function resolveServeConfig(
  flags: { port?: string; host?: string; kb?: string; watch?: boolean; adminToken?: string; workers?: string },
  env: NodeJS.ProcessEnv = process.env,
): ServeConfig {
  const portText = flags.port ?? env.PORT;
  const port = portText === undefined || portText === '' ? SERVE_DEFAULTS.port : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${flags.port !== undefined ? '--port' : 'PORT'} must be a whole number from 0 to 65535, not "${portText}"`);
  }
  const host = flags.host ?? (env.HOST || SERVE_DEFAULTS.host);
  const logLevel = env.LOG_LEVEL || SERVE_DEFAULTS.logLevel;
  const pasteLimits = resolvePasteLimits({}, env);
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}"`);
  const logFormat = env.LOG_FORMAT || 'json';
  if (logFormat !== 'json' && logFormat !== 'pretty') throw new ConfigError(`LOG_FORMAT must be json or pretty, not "${logFormat}"`);
  const metricsAccess = env.KB_METRICS || 'open';
  if (metricsAccess !== 'open' && metricsAccess !== 'private') throw new ConfigError(`KB_METRICS must be open or private, not "${metricsAccess}"`);
  const workersText = flags.workers ?? env.KB_WORKERS;
  const workers = workersText === undefined || workersText === '' ? availableParallelism() : Number(workersText);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
    throw new ConfigError(`${flags.workers !== undefined ? '--workers' : 'KB_WORKERS'} must be a whole number from 1 to 256, not "${workersText}"`);
  }
  return {
    trustProxy: resolveTrustProxy(env.KB_TRUST_PROXY),
    port,
    host,
    kbDir: resolveKbDir(flags.kb, env),
    watch: flags.watch ?? false,
    logLevel,
    logFormat,
    privateMetrics: metricsAccess === 'private',
    bodyLimit: SERVE_DEFAULTS.bodyLimit,
    maxPasteBytes: pasteLimits.maxBytes,
    pasteLimits,
    protection: resolveServerProtection({ adminToken: flags.adminToken }, env),
    workers,
    publicUrl: resolvePublicUrl(env),
    corsOrigins: resolveCorsOrigins(env),
    slackSigningSecret: env.KB_SLACK_SIGNING_SECRET?.trim() || undefined,
    teamsSecurityToken: resolveTeamsToken(env),
    webhook: resolveWebhook(env),
  };
}

/**
 * KB_PUBLIC_URL: the address people reach the server at (behind a proxy, a path prefix included),
 * so that answers can link to article pages absolutely. Answers undefined when unset.
 */
export function resolvePublicUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.KB_PUBLIC_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`KB_PUBLIC_URL must be an absolute http(s) address such as https://kb.example.com, not "${raw}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`KB_PUBLIC_URL must be an http(s) address without query, fragment or credentials, not "${raw}"`);
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * KB_CORS_ORIGINS: origins (scheme://host[:port]) separated by commas or spaces, e.g. a helpdesk's
 * sidebar app. Each is allowed exactly; `*` is refused on purpose, since API keys travel in headers
 * and a wildcard would let any page spend them.
 */
export function resolveCorsOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  const origins: string[] = [];
  for (const raw of (env.KB_CORS_ORIGINS ?? '').split(/[\s,]+/).filter(Boolean)) {
    let origin: string | undefined;
    try {
      origin = new URL(raw).origin;
    } catch {
      origin = undefined;
    }
    if (!origin || origin === 'null' || origin !== raw.replace(/\/$/, '')) {
      throw new ConfigError(`KB_CORS_ORIGINS takes origins such as https://helpdesk.example.com (scheme, host and port only; no "*", no path), not "${raw}"`);
    }
    origins.push(origin);
  }
  return origins;
}

/**
 * The inbox webhook: KB_WEBHOOK_URL (http or https), KB_WEBHOOK_SECRET (16 characters at least:
 * the receiver checks signatures with it) and KB_WEBHOOK_COUNTS (counts at which a group is
 * announced again; default 10,100,1000). Undefined without a URL.
 */
export function resolveWebhook(env: NodeJS.ProcessEnv = process.env): WebhookConfig | undefined {
  const url = env.KB_WEBHOOK_URL?.trim();
  if (!url) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw new ConfigError(`KB_WEBHOOK_URL must be an http(s) address, not "${url}"`);
  const secret = env.KB_WEBHOOK_SECRET ?? '';
  if (secret.trim().length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new ConfigError(`KB_WEBHOOK_SECRET must be set, at least ${MIN_ADMIN_TOKEN_LENGTH} characters, with KB_WEBHOOK_URL: receivers check each delivery's signature with it (try \`openssl rand -hex 32\`)`);
  }
  const countsText = env.KB_WEBHOOK_COUNTS?.trim() || '10,100,1000';
  const counts = countsText.split(/[\s,]+/).filter(Boolean).map((c) => wholeNumber(c, 'KB_WEBHOOK_COUNTS (each count)', 2));
  return { url, secret, counts };
}

/** KB_TEAMS_SECURITY_TOKEN: the base64 token Teams shows when an outgoing webhook is created. */
function resolveTeamsToken(env: NodeJS.ProcessEnv): string | undefined {
  const token = env.KB_TEAMS_SECURITY_TOKEN?.trim();
  if (!token) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token) || Buffer.from(token, 'base64').length < 16) {
    throw new ConfigError('KB_TEAMS_SECURITY_TOKEN must be the base64 security token Teams showed when the outgoing webhook was created');
  }
  return token;
}

function resolveTrustProxy(raw: string | undefined): boolean | number | string[] {
  const text = raw?.trim() ?? '';
  if (text === '' || /^(false|off|no|0)$/i.test(text)) return false;
  if (/^(true|on|yes)$/i.test(text)) return true;
  if (/^\d+$/.test(text)) return Number(text);
  const addresses = text.split(',').map((a) => a.trim()).filter(Boolean);
  if (addresses.every((a) => /^[0-9a-f.:]+(\/\d{1,3})?$/i.test(a))) return addresses;
  throw new ConfigError(`KB_TRUST_PROXY must be true, false, a number of proxy hops, or proxy addresses/CIDRs separated by commas, not "${text}"`);
}

/** Where each paste limit can be set: flag name and environment variable. */
const PASTE_LIMIT_SOURCES: Record<keyof PasteLimits, { env: string; min: number }> = {
  maxBytes: { env: 'KB_MAX_BYTES', min: 1 },
  maxLines: { env: 'KB_MAX_LINES', min: 1 },
  maxJsonDepth: { env: 'KB_MAX_JSON_DEPTH', min: 1 },
  timeoutMs: { env: 'KB_MATCH_TIMEOUT_MS', min: 1 },
};

/** Paste limits: the flags (whole numbers), then KB_MAX_BYTES, KB_MAX_LINES, KB_MAX_JSON_DEPTH, KB_MATCH_TIMEOUT_MS, then the defaults. */
export function resolvePasteLimits(flags: Partial<Record<keyof PasteLimits, string | number | undefined>> = {}, env: NodeJS.ProcessEnv = process.env): PasteLimits {
  const limits = { ...DEFAULT_PASTE_LIMITS };
  for (const [key, { env: name, min }] of Object.entries(PASTE_LIMIT_SOURCES) as [keyof PasteLimits, { env: string; min: number }][]) {
    const raw = flags[key] ?? env[name];
    if (raw === undefined || raw === '') continue;
    limits[key] = wholeNumber(raw, `${name} (${key})`, min);
  }
  return limits;
}

function wholeNumber(raw: string | number, name: string, min: number): number {
  const value = typeof raw === 'number' ? raw : Number(raw.trim());
  if (!Number.isSafeInteger(value) || value < min) throw new ConfigError(`${name} must be a whole number of at least ${min}, not "${raw}"`);
  return value;
}

/** Protection of the HTTP server: rate limits, load shedding, the admin token. */
export interface ServerProtection {
  /** Bearer token of the admin routes; without one they answer 404, as if absent. */
  adminToken?: string;
  /** Requests one client may make to the rate-limited routes per window; 0 turns limiting off. */
  rateLimitMax: number;
  rateLimitWindowMs: number;
  /**
   * Load shedding (503) when the event loop lags or memory runs high; 0 turns a check off. The
   * delay default is high on purpose: one large paste may hold the loop for a second by design
   * (its time budget is 2 s), and startup compiles schemas; shedding is for a drowning process.
   */
  maxEventLoopDelayMs: number;
  maxRssBytes: number;
  maxHeapUsedBytes: number;
  /** Requests per window of a caller with an API key, unless its key says otherwise (KB_API_KEY_RATE_LIMIT_MAX). */
  apiKeyRateLimitMax: number;
  /** KB_REQUIRE_API_KEY=1: anonymous calls to /v1/ (but /v1/status) are refused. */
  requireApiKey: boolean;
}

export const PROTECTION_DEFAULTS: Readonly<ServerProtection> = Object.freeze({
  rateLimitMax: 120,
  rateLimitWindowMs: 60_000,
  maxEventLoopDelayMs: 5_000,
  maxRssBytes: 1024 * 1024 * 1024,
  maxHeapUsedBytes: 0,
  apiKeyRateLimitMax: 600,
  requireApiKey: false,
});

/** Shortest admin token accepted: a guessable token is worse than none. */
const MIN_ADMIN_TOKEN_LENGTH = 16;

const PROTECTION_ENV: Record<Exclude<keyof ServerProtection, 'adminToken' | 'requireApiKey'>, string> = {
  rateLimitMax: 'KB_RATE_LIMIT_MAX',
  rateLimitWindowMs: 'KB_RATE_LIMIT_WINDOW_MS',
  maxEventLoopDelayMs: 'KB_MAX_EVENT_LOOP_DELAY_MS',
  maxRssBytes: 'KB_MAX_RSS_BYTES',
  maxHeapUsedBytes: 'KB_MAX_HEAP_USED_BYTES',
  apiKeyRateLimitMax: 'KB_API_KEY_RATE_LIMIT_MAX',
};

/** Server protection: `--admin-token` then KB_ADMIN_TOKEN then KB_ADMIN_TOKEN_FILE; KB_RATE_LIMIT_MAX, KB_RATE_LIMIT_WINDOW_MS, KB_MAX_EVENT_LOOP_DELAY_MS, KB_MAX_RSS_BYTES, KB_MAX_HEAP_USED_BYTES; then defaults. */
export function resolveServerProtection(flags: { adminToken?: string } = {}, env: NodeJS.ProcessEnv = process.env): ServerProtection {
  const protection: ServerProtection = { ...PROTECTION_DEFAULTS };
  for (const [key, name] of Object.entries(PROTECTION_ENV) as [Exclude<keyof ServerProtection, 'adminToken' | 'requireApiKey'>, string][]) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') protection[key] = wholeNumber(raw, name, key === 'rateLimitWindowMs' ? 1 : 0);
  }
  protection.requireApiKey = /^(1|true|yes|on)$/i.test(env.KB_REQUIRE_API_KEY?.trim() ?? '');
  const { token, source } = adminTokenOf(flags, env);
  if (token !== undefined && token !== '') {
    if (token.trim().length < MIN_ADMIN_TOKEN_LENGTH || /\s/.test(token)) {
      throw new ConfigError(`${source} must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters without spaces (try \`openssl rand -hex 32\`)`);
    }
    protection.adminToken = token;
  }
  return protection;
}

/**
 * The admin token and where it came from: `--admin-token` (seen by every user of the machine in
 * the process list), KB_ADMIN_TOKEN, or the file KB_ADMIN_TOKEN_FILE names (a mounted secret;
 * its one line, the line break cut).
 */
function adminTokenOf(flags: { adminToken?: string }, env: NodeJS.ProcessEnv): { token?: string; source: string } {
  if (flags.adminToken !== undefined) return { token: flags.adminToken, source: '--admin-token' };
  if (env.KB_ADMIN_TOKEN) return { token: env.KB_ADMIN_TOKEN, source: 'KB_ADMIN_TOKEN' };
  const file = env.KB_ADMIN_TOKEN_FILE;
  if (!file) return { source: 'KB_ADMIN_TOKEN' };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`KB_ADMIN_TOKEN_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): give the path of a file holding the token`);
  }
  return { token: text.replace(/\r?\n$/, ''), source: `the token in KB_ADMIN_TOKEN_FILE (${file})` };
}

/** Where the learning loop keeps its SQLite file when nothing else is said. */
const DEFAULT_DATA_DIR = 'data';

/** Where the learning store lives: an SQLite file in a data folder, or a PostgreSQL database shared by replicas. */
type StoreLocation = { kind: 'sqlite'; dataDir: string } | { kind: 'postgres'; url: string };

/** The learning store's settings: where it is, and whether anything is stored at all. */
export interface StoreConfig {
  /** Absolute path of the data folder (created on first use); for PostgreSQL, where it would be. */
  dataDir: string;
  /** Off with `--no-store` or KB_STORE=off: no paste, count or feedback is written. */
  enabled: boolean;
  location: StoreLocation;
}

/**
 * Resolves the learning store: `--store URL` then KB_STORE_URL — `sqlite:PATH` (PATH is the data
 * folder that holds kb.sqlite) or `postgres://user:password@host:port/database` — else the data
 * folder (--data, then KB_DATA_DIR, then ./data/ under `cwd`); and the switch (--no-store, KB_STORE=off).
 */
export function resolveStoreConfig(flags: { data?: string; store?: string; noStore?: boolean }, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): StoreConfig {
  const off = flags.noStore === true || /^(off|0|false|no)$/i.test(env.KB_STORE?.trim() ?? '');
  const dataDir = resolve(cwd, flags.data || env.KB_DATA_DIR || DEFAULT_DATA_DIR);
  const url = (flags.store ?? env.KB_STORE_URL)?.trim();
  const name = flags.store !== undefined ? '--store' : 'KB_STORE_URL';
  if (!url) return { dataDir, enabled: !off, location: { kind: 'sqlite', dataDir } };
  if (/^postgres(ql)?:\/\//i.test(url)) return { dataDir, enabled: !off, location: { kind: 'postgres', url } };
  if (/^sqlite:/i.test(url)) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new ConfigError(`${name} "sqlite:" needs a folder: sqlite:/var/lib/kb (the folder that holds kb.sqlite)`);
    const folder = resolve(cwd, path);
    return { dataDir: folder, enabled: !off, location: { kind: 'sqlite', dataDir: folder } };
  }
  throw new ConfigError(`${name} must be sqlite:FOLDER or postgres://user:password@host:port/database, not "${url.replace(/\/\/[^@/]*@/, '//…@')}"`);
}
