import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveServerProtection } from '../../../src/config.js';

// Issue 15: `--admin-token` shows in the process list; the token can come from a file instead.

describe('the admin token from KB_ADMIN_TOKEN_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'privacy-token-'));
  const file = join(dir, 'token');

  it('reads the token from the file, its line break cut', () => {
    writeFileSync(file, 'f'.repeat(32) + '\n');
    expect(resolveServerProtection({}, { KB_ADMIN_TOKEN_FILE: file }).adminToken).toBe('f'.repeat(32));
  });

  it('prefers the flag, then KB_ADMIN_TOKEN, to the file', () => {
    writeFileSync(file, 'f'.repeat(32));
    expect(resolveServerProtection({ adminToken: 'a'.repeat(20) }, { KB_ADMIN_TOKEN_FILE: file }).adminToken).toBe('a'.repeat(20));
    expect(resolveServerProtection({}, { KB_ADMIN_TOKEN: 'b'.repeat(20), KB_ADMIN_TOKEN_FILE: file }).adminToken).toBe('b'.repeat(20));
  });

  it('says what is wrong with a missing file or a short token in it', () => {
    expect(() => resolveServerProtection({}, { KB_ADMIN_TOKEN_FILE: join(dir, 'none') })).toThrow(ConfigError);
    expect(() => resolveServerProtection({}, { KB_ADMIN_TOKEN_FILE: join(dir, 'none') })).toThrow(/cannot read .*ENOENT/);
    writeFileSync(file, 'short');
    expect(() => resolveServerProtection({}, { KB_ADMIN_TOKEN_FILE: file })).toThrow(/KB_ADMIN_TOKEN_FILE .* at least 16 characters/);
    rmSync(dir, { recursive: true, force: true });
  });
});
