import { parseArgs } from 'node:util';
import { API_KEY_NAME, apiKeyPrefix, generateApiKey, hashApiKey } from '../integrations/api-key-secret.js';
import type { ApiKey, LearningStore } from '../store/learning-store.js';
import { openLearningStore } from '../store/open-store.js';
import { storeConfigOf } from './stats.js';
import { EXIT, UsageError, write, type CliIo } from './io.js';

const USAGE = 'usage: kb keys add NAME [--rate-limit N] | kb keys list [--json] | kb keys revoke NAME   (each with [--data DIR] or [--store URL])';

/** `kb keys add|list|revoke`: API keys of integrations, kept hashed in the learning store. */
export async function keysCommand(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { data: { type: 'string' }, store: { type: 'string' }, json: { type: 'boolean', default: false }, 'rate-limit': { type: 'string' } },
  });
  if (action !== 'add' && action !== 'list' && action !== 'revoke') throw new UsageError(USAGE);
  if (action === 'list' ? positionals.length > 0 : positionals.length !== 1) throw new UsageError(USAGE);
  const name = positionals[0] ?? '';
  if (action !== 'list' && !API_KEY_NAME.test(name)) throw new UsageError(`a key name is 1 to 63 lower-case letters, digits, "-" or "_", starting with a letter or digit, not "${name}"`);
  const rateLimit = values['rate-limit'] === undefined ? undefined : Number(values['rate-limit']);
  if (rateLimit !== undefined && (!Number.isInteger(rateLimit) || rateLimit < 1)) throw new UsageError('--rate-limit takes a whole number of requests per window, from 1 up');
  const store = (await openLearningStore({ ...storeConfigOf(values, io), enabled: true }))!;
  try {
    if (action === 'add') return await addKey(store, name, rateLimit, io);
    if (action === 'revoke') return await revokeKey(store, name, io);
    const keys = await store.listApiKeys();
    write(io.stdout, values.json ? JSON.stringify({ keys }, null, 2) : formatKeys(keys));
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

async function addKey(store: LearningStore, name: string, rateLimit: number | undefined, io: CliIo): Promise<number> {
  const key = generateApiKey();
  if (!(await store.addApiKey({ name, hash: hashApiKey(key), prefix: apiKeyPrefix(key), rate_limit: rateLimit }))) {
    write(io.stderr, `kb keys add: a key named "${name}" exists; revoke it first (\`kb keys revoke ${name}\`) or choose another name`);
    return EXIT.failed;
  }
  // The key on stdout alone, so `KEY=$(kb keys add NAME)` works; the advice on stderr.
  write(io.stdout, key);
  write(io.stderr, `API key "${name}" created. It is shown this once and stored only as a hash: keep it now.\nSend it as \`x-api-key: <key>\` or \`Authorization: Bearer <key>\`.`);
  return EXIT.ok;
}

async function revokeKey(store: LearningStore, name: string, io: CliIo): Promise<number> {
  if (!(await store.revokeApiKey(name))) {
    write(io.stderr, `kb keys revoke: no current key is named "${name}" (\`kb keys list\` shows them)`);
    return EXIT.failed;
  }
  write(io.stdout, `API key "${name}" revoked; servers stop accepting it within 10 seconds.`);
  return EXIT.ok;
}

/** Keys as a table: name, prefix, state, rate limit. */
function formatKeys(keys: readonly ApiKey[]): string {
  if (!keys.length) return 'No API keys yet: create one with `kb keys add NAME`.';
  const width = Math.max(4, ...keys.map((k) => k.name.length));
  const row = (name: string, prefix: string, state: string, limit: string) => `${name.padEnd(width)}  ${prefix.padEnd(10)}  ${state.padEnd(31)}  ${limit}`;
  return [
    row('name', 'prefix', 'state', 'rate limit'),
    ...keys.map((k) => row(k.name, `${k.prefix}…`, k.revoked_at ? `revoked ${k.revoked_at}` : `active since ${k.created_at.slice(0, 10)}`, k.rate_limit ? String(k.rate_limit) : 'default')),
  ].join('\n');
}
