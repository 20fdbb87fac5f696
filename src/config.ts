import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_PASTE_BYTES } from './match/paste-input.js';

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
  /** Largest request body accepted, in bytes (a JSON body escapes the paste, so it is larger than the paste limit). */
  bodyLimit: number;
  /** Largest paste accepted by /v1/match and /v1/try, in UTF-8 bytes. */
  maxPasteBytes: number;
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

/** Resolves `kb serve` settings: flags, then PORT / HOST / KB_DIR / LOG_LEVEL, then defaults. */
export function resolveServeConfig(
  flags: { port?: string; host?: string; kb?: string; watch?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): ServeConfig {
  const portText = flags.port ?? env.PORT;
  const port = portText === undefined || portText === '' ? SERVE_DEFAULTS.port : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${flags.port !== undefined ? '--port' : 'PORT'} must be a whole number from 0 to 65535, not "${portText}"`);
  }
  const host = flags.host ?? (env.HOST || SERVE_DEFAULTS.host);
  const logLevel = env.LOG_LEVEL || SERVE_DEFAULTS.logLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}"`);
  return {
    port,
    host,
    kbDir: resolveKbDir(flags.kb, env),
    watch: flags.watch ?? false,
    logLevel,
    bodyLimit: SERVE_DEFAULTS.bodyLimit,
    maxPasteBytes: SERVE_DEFAULTS.maxPasteBytes,
  };
}
