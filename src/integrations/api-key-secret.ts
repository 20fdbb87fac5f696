import { createHash, randomBytes } from 'node:crypto';

/** What every key starts with, so a leaked one is recognisable (and redactable) as a kb key. */
export const API_KEY_PREFIX = 'kb_';

/** Names of keys: short, lower-case, safe in logs and metric labels. */
export const API_KEY_NAME = /^[a-z0-9](?:[a-z0-9_-]{0,62})$/;

/** A new key: 32 random bytes (256 bits), base64url, after the prefix. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * What the store keeps of a key. A key is long and random, so a plain SHA-256 cannot be reversed
 * by guessing; a slow password hash would only slow every request down.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The part of a key shown in `kb keys list`: enough to tell keys apart, far too little to use. */
export function apiKeyPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 6);
}
