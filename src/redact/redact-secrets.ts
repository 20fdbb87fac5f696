import type { Detector, SecretSpan } from './detector.js';
import { KEYED, PASTE_DETECTORS, findJsonWebTokens, findNamedHighEntropy, findPrivateKeys, findSamlResponses } from './paste-detectors.js';
import { PERSONAL_DETECTORS } from './personal-data.js';
import { findWithSecretlint } from './secretlint-rules.js';
import { TOKEN_DETECTORS } from './token-formats.js';

export type { SecretSpan } from './detector.js';

/** What a caller may keep visible: an answer that needs an IP address shows it; everything stored hides it. */
export interface RedactOptions {
  keepIpAddresses?: boolean;
}

/**
 * Pattern detectors: vendor token formats, the forms of a paste (headers, URLs, command lines,
 * keyed values), personal data. Exported for the tests that check hints and the reference.
 */
export const DETECTORS: readonly Detector[] = [...TOKEN_DETECTORS, ...PASTE_DETECTORS, ...PERSONAL_DETECTORS];

/** A detector that is code rather than one pattern (secretlint's rules, wrapped JWTs, key armour). */
export type Scanner = (text: string) => SecretSpan[];

/**
 * Everything that finds secrets, most specific first: where two find secrets starting at the same
 * character, the earlier names them (a JWT after `token:` is a `jwt`, not a keyed `secret`).
 * Exported for the reference implementation in test/redact/reference/.
 */
export const SOURCES: readonly (Detector | Scanner)[] = [
  ...TOKEN_DETECTORS,
  findPrivateKeys,
  findJsonWebTokens,
  findWithSecretlint,
  findSamlResponses,
  ...PASTE_DETECTORS,
  ...PERSONAL_DETECTORS,
  findNamedHighEntropy,
];

/** Each detector's capture groups as a list. */
const groupsOf = (d: Detector): readonly number[] => (d.group === undefined ? [] : typeof d.group === 'number' ? [d.group] : d.group);
const GROUPS = new Map(DETECTORS.map((d) => [d, groupsOf(d)]));

/** The range of the first of `groups` that took part in the match. */
function firstGroupRange(m: RegExpExecArray, groups: readonly number[]): readonly [number, number] | undefined {
  for (const group of groups) {
    const range = m.indices?.[group];
    if (range) return range;
  }
  return undefined;
}

export interface Found extends SecretSpan {
  priority: number;
}

/** What one pattern detector finds in `text`, each find given `priority`. */
export function runDetector(text: string, detector: Detector, priority: number, into: Found[]): void {
  const { pattern, accept } = detector;
  const groups = GROUPS.get(detector) ?? groupsOf(detector);
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0].length === 0) pattern.lastIndex++;
    let start = m.index;
    let end = m.index + m[0].length;
    if (groups.length) {
      const range = firstGroupRange(m, groups);
      if (!range) continue;
      [start, end] = range;
    }
    if (end <= start || (accept && !accept(text.slice(start, end), text, start))) continue;
    const kind = detector.kind === KEYED ? (/pass|pwd/i.test(text.slice(m.index, start)) ? 'password' : 'secret') : detector.kind;
    into.push({ start, end, kind, priority });
  }
}

/** Every secret in `text` itself (no decoding), unmerged. */
function findRaw(text: string, options: RedactOptions): Found[] {
  const lower = text.toLowerCase();
  const found: Found[] = [];
  SOURCES.forEach((source, priority) => {
    if (typeof source === 'function') {
      for (const span of source(text)) found.push({ ...span, priority });
      return;
    }
    if (options.keepIpAddresses && source.kind === 'ip-address') return;
    if (source.hints && !source.hints.some((hint) => lower.includes(hint))) return;
    runDetector(text, source, priority, found);
  });
  return found;
}

/**
 * `text` percent-decoded (`+` read as a space), with each decoded character's range in the
 * original: a token in a logged URL (`q=password%3Dhunter2`, `Authorization%3A+Bearer+…`) is
 * found in the decoded text and hidden in the original. Decoded twice, for doubly encoded URLs.
 */
function percentDecoded(text: string): { text: string; from: Int32Array; to: Int32Array } | undefined {
  if (!/%[0-9a-f]{2}/i.test(text)) return undefined;
  let decoded = '';
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    let width = 1;
    let out = c;
    if (c === '%' && /^[0-9a-f]{2}$/i.test(text.slice(i + 1, i + 3))) {
      // %25 followed by two hex digits: a doubly encoded character, decoded in one go.
      const inner = text.slice(i + 1, i + 3).toLowerCase() === '25' && /^[0-9a-f]{2}$/i.test(text.slice(i + 3, i + 5));
      width = inner ? 5 : 3;
      out = String.fromCharCode(parseInt(inner ? text.slice(i + 3, i + 5) : text.slice(i + 1, i + 3), 16));
    } else if (c === '+') {
      out = ' ';
    }
    decoded += out;
    from.push(i);
    to.push(i + width);
    i += width;
  }
  return { text: decoded, from: Int32Array.from(from), to: Int32Array.from(to) };
}

/** Every secret in `text`, sorted by position, overlapping finds merged. */
export function findSecrets(text: string, options: RedactOptions = {}): SecretSpan[] {
  const found = findRaw(text, options);
  const decoded = percentDecoded(text);
  if (decoded) {
    for (const span of findRaw(decoded.text, options)) {
      found.push({ start: decoded.from[span.start]!, end: decoded.to[span.end - 1]!, kind: span.kind, priority: span.priority });
    }
  }
  return mergeSpans(found);
}

/** Sorted, overlapping spans merged; where two start together the more specific detector names them. */
export function mergeSpans(found: Found[]): SecretSpan[] {
  found.sort((a, b) => a.start - b.start || a.priority - b.priority || b.end - a.end);
  const merged: SecretSpan[] = [];
  for (const { start, end, kind } of found) {
    const last = merged[merged.length - 1];
    if (last && start < last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end, kind });
  }
  return merged;
}

export function redactionMarker(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/** `text` with every secret and personal datum replaced by `[REDACTED:kind]`; everything else unchanged. */
export function redactSecrets(text: string, options: RedactOptions = {}): string {
  return redactRange(text, findSecrets(text, options), 0, text.length);
}

/**
 * The slice [start, end) of `text` with the given secrets hidden. A secret cut by the slice's edge
 * is hidden too, so a highlighted span never leaks part of a token.
 */
export function redactRange(text: string, secrets: readonly SecretSpan[], start: number, end: number): string {
  let out = '';
  let at = start;
  for (const secret of secrets) {
    if (secret.end <= start) continue;
    if (secret.start >= end) break;
    out += text.slice(at, Math.max(at, secret.start));
    out += redactionMarker(secret.kind);
    at = Math.max(at, secret.end);
  }
  return at < end ? out + text.slice(at, end) : out;
}

/** Whether the range [start, end) touches a secret. */
export function overlapsSecret(secrets: readonly SecretSpan[], start: number, end: number): boolean {
  return secrets.some((s) => s.start < end && s.end > start);
}

/**
 * The secrets of one paste, scanned once, on first use (most answers show nothing of the paste
 * but a few spans). Tokens wrapped across lines and key armour make a narrower scan unsafe.
 */
export class PasteSecrets {
  readonly #text: string;
  readonly #options: RedactOptions;
  #secrets?: SecretSpan[];

  constructor(text: string, options: RedactOptions = {}) {
    this.#text = text;
    this.#options = options;
  }

  /** The secrets of the paste. */
  all(): SecretSpan[] {
    return (this.#secrets ??= findSecrets(this.#text, this.#options));
  }

  /** The secrets that could touch [start, end), in the paste's offsets. */
  near(_start: number, _end: number): SecretSpan[] {
    return this.all();
  }

  /** The slice [start, end) of the paste with its secrets hidden (see redactRange). */
  redact(start: number, end: number): string {
    return redactRange(this.#text, this.all(), start, end);
  }

  /** Whether [start, end) touches a secret. */
  overlaps(start: number, end: number): boolean {
    return overlapsSecret(this.all(), start, end);
  }
}
