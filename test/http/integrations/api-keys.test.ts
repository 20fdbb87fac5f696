import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveServerProtection } from '../../../src/config.js';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../../../src/integrations/api-key-secret.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { appFor, FIXTURE_KB_DIR, logCollector } from '../../helpers/http-app.js';

const KB_BIN = new URL('../../../bin/kb.js', import.meta.url).pathname;
const PASTE = { text: 'No space left on device' };
const ADMIN_TOKEN = 'admin-token-0123456789abcdef';

function runKb(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KB_BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every byte of the store's files, for "the key is not in there". */
function storeBytes(dir: string): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('');
}

describe('API keys in the store', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'integrations-keys-'));
    store = new SqliteStore(dir);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds a key by its hash until it is revoked; a name is taken until then', async () => {
    const key = generateApiKey();
    expect(key).toMatch(/^kb_[A-Za-z0-9_-]{43}$/);
    expect(await store.addApiKey({ name: 'helpdesk', hash: hashApiKey(key), prefix: apiKeyPrefix(key), rate_limit: 50 }, new Date('2026-12-01T00:00:00Z'))).toBe(true);
    expect(await store.addApiKey({ name: 'helpdesk', hash: hashApiKey(generateApiKey()), prefix: 'kb_x' })).toBe(false);
    expect(await store.findApiKey(hashApiKey(key))).toEqual({ name: 'helpdesk', prefix: key.slice(0, 9), created_at: '2026-12-01T00:00:00.000Z', rate_limit: 50 });
    expect(await store.findApiKey(hashApiKey(`${key}x`))).toBeUndefined();
    expect(await store.revokeApiKey('helpdesk')).toBe(true);
    expect(await store.revokeApiKey('helpdesk')).toBe(false);
    expect(await store.findApiKey(hashApiKey(key))).toBeUndefined();
    const [listed] = await store.listApiKeys();
    expect(listed).toMatchObject({ name: 'helpdesk', revoked_at: expect.any(String) });
    // The name is free again once revoked.
    const next = generateApiKey();
    expect(await store.addApiKey({ name: 'helpdesk', hash: hashApiKey(next), prefix: apiKeyPrefix(next) })).toBe(true);
    expect(await store.findApiKey(hashApiKey(next))).toMatchObject({ name: 'helpdesk' });
    expect(await store.findApiKey(hashApiKey(key))).toBeUndefined();
    await store.close();
    expect(storeBytes(dir)).not.toContain(key.slice(3));
  });
});

describe('kb keys (the CLI as a process)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'integrations-keys-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds a key shown once, lists it by prefix, refuses a taken name, revokes it', async () => {
    const added = await runKb(['keys', 'add', 'slack-bot', '--rate-limit', '30', '--data', dir]);
    expect(added.code, added.stderr).toBe(0);
    const key = added.stdout.trim();
    expect(key).toMatch(/^kb_[A-Za-z0-9_-]{43}$/);
    expect(added.stderr).toContain('shown this once');
    const listed = await runKb(['keys', 'list', '--data', dir]);
    expect(listed.stdout).toContain('slack-bot');
    expect(listed.stdout).toContain(key.slice(0, 9));
    expect(listed.stdout).not.toContain(key.slice(9, 20));
    expect(listed.stdout).toMatch(/slack-bot .* 30$/m);
    const again = await runKb(['keys', 'add', 'slack-bot', '--data', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists');
    expect(storeBytes(dir)).not.toContain(key.slice(3));
    const revoked = await runKb(['keys', 'revoke', 'slack-bot', '--data', dir]);
    expect(revoked.code).toBe(0);
    const json = JSON.parse((await runKb(['keys', 'list', '--json', '--data', dir])).stdout) as { keys: { name: string; revoked_at?: string }[] };
    expect(json.keys[0]).toMatchObject({ name: 'slack-bot', revoked_at: expect.any(String) });
    const bad = await runKb(['keys', 'add', 'Bad Name', '--data', dir]);
    expect(bad.code).toBe(2);
  });
});

describe('API keys over HTTP', () => {
  let dir: string;
  let store: SqliteStore;
  let app: FastifyInstance;
  const log = logCollector();
  const keys: Record<string, string> = {};
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'integrations-keys-http-'));
    store = new SqliteStore(dir);
    for (const [name, rate_limit] of [['helpdesk', 3], ['widget', undefined], ['gone', undefined]] as const) {
      keys[name] = generateApiKey();
      await store.addApiKey({ name, hash: hashApiKey(keys[name]!), prefix: apiKeyPrefix(keys[name]!), rate_limit });
    }
    await store.revokeApiKey('gone');
    const protection = { ...resolveServerProtection({}, {}), rateLimitMax: 2, apiKeyRateLimitMax: 4, adminToken: ADMIN_TOKEN };
    app = await appFor(FIXTURE_KB_DIR, { store, protection, logger: { level: 'info', stream: log.stream } });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const match = (headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: '/v1/match', headers, payload: PASTE, remoteAddress: '10.1.2.3' });
  const statuses = async (n: number, headers?: Record<string, string>) => {
    const codes: number[] = [];
    for (let i = 0; i < n; i++) codes.push((await match(headers)).statusCode);
    return codes;
  };

  it('gives each key its own rate limit, apart from the caller’s address and from other keys', async () => {
    expect(await statuses(3)).toEqual([200, 200, 429]);
    // Same address, but each key counts on its own: its stored limit, or the default for keys.
    expect(await statuses(4, { 'x-api-key': keys.helpdesk! })).toEqual([200, 200, 200, 429]);
    expect(await statuses(5, { authorization: `Bearer ${keys.widget}` })).toEqual([200, 200, 200, 200, 429]);
  });

  it('refuses an unknown or revoked key with 401 instead of serving it as anonymous', async () => {
    for (const key of [keys.gone!, `${keys.widget}x`]) {
      const res = await app.inject({ method: 'GET', url: '/v1/articles', headers: { 'x-api-key': key } });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ statusCode: 401, code: 'KB_HTTP_API_KEY_INVALID' });
    }
  });

  it('names the key on the request’s log lines, and never logs the key', async () => {
    await app.inject({ method: 'GET', url: '/v1/articles', headers: { 'x-api-key': keys.widget! } });
    const named = log.lines().filter((l) => l.apiKey === 'widget');
    expect(named.map((l) => l.msg)).toContain('request completed');
    expect(log.lines().some((l) => l.apiKey === 'helpdesk' && l.msg === 'paste matched')).toBe(true);
    for (const key of Object.values(keys)) expect(log.text()).not.toContain(key.slice(3));
  });

  it('counts each key’s requests in the metrics, by name', async () => {
    await app.inject({ method: 'GET', url: '/v1/articles', headers: { 'x-api-key': keys.widget! } });
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/^kb_api_key_requests_total\{api_key="widget",status_code="200"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^kb_api_key_requests_total\{api_key="helpdesk",status_code="429"\} 1$/m);
    for (const key of Object.values(keys)) expect(metrics).not.toContain(key.slice(3));
  });

  it('leaves a bearer token that is not a kb key to whoever added it (a proxy): the caller stays anonymous', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/articles', headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.proxy' } });
    expect(res.statusCode).toBe(200);
  });

  it('leaves the admin token alone on admin routes', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/admin/status', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.statusCode).toBe(200);
  });
});

describe('KB_REQUIRE_API_KEY', () => {
  let dir: string;
  let store: SqliteStore;
  let app: FastifyInstance;
  let key: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'integrations-keys-req-'));
    store = new SqliteStore(dir);
    key = generateApiKey();
    await store.addApiKey({ name: 'helpdesk', hash: hashApiKey(key), prefix: apiKeyPrefix(key) });
    const protection = resolveServerProtection({}, { KB_REQUIRE_API_KEY: '1' });
    expect(protection.requireApiKey).toBe(true);
    app = await appFor(FIXTURE_KB_DIR, { store, protection });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses anonymous API calls (but the liveness check) and serves keyed ones', async () => {
    const anonymous = await app.inject({ method: 'POST', url: '/v1/match', payload: PASTE });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'KB_HTTP_API_KEY_MISSING' });
    expect(anonymous.headers['www-authenticate']).toContain('Bearer');
    expect((await app.inject({ url: '/v1/status' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/v1/match', headers: { 'x-api-key': key }, payload: PASTE })).statusCode).toBe(200);
  });

  it('is off by default: anonymous use stays possible', () => {
    expect(resolveServerProtection({}, {}).requireApiKey).toBe(false);
  });
});
