import { stripAnsiCodes } from '../facts/ansi-codes.js';
import type { Detector, Prescreen, SecretSpan } from './detector.js';
import { HintIndex, eitherHints, type TextHints } from './hint-scan.js';
import { GATE_HINT_LISTS, KEYED, NAMED_VALUE_HINTS, PASTE_DETECTORS, SCANNER_GATES, SCANNER_HINTS, SECRET_NAME_HINTS, findJsonWebTokens, findNamedHighEntropy, findPrivateKeys, findSamlResponses } from './paste-detectors.js';
import { PERSONAL_DETECTORS, PERSONAL_GATE_HINT_LISTS } from './personal-data.js';
import { SECRETLINT_ANY_HINTS, SECRETLINT_HINT_LISTS, findWithSecretlint } from './secretlint-rules.js';
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

/**
 * A pattern detector as the search reads it, every field present, made by one function: the
 * detectors are object literals of many shapes, and reading their fields for each paste went
 * through V8's slowest (megamorphic) property lookups.
 */
interface Plan {
  readonly pattern: RegExp;
  /** The pattern made sticky, for a detector with `startsAt`. */
  readonly sticky: RegExp | null;
  readonly startsAt: ((text: string) => readonly number[]) | null;
  readonly accept: ((secret: string, text: string, start: number) => boolean) | null;
  /** The capture groups as a list. */
  readonly groups: readonly number[];
  readonly kind: string;
  readonly keyed: boolean;
  readonly ipAddress: boolean;
  readonly minDigits: number;
}

function planOf(d: Detector): Plan {
  return {
    pattern: d.pattern,
    sticky: d.startsAt ? new RegExp(d.pattern.source, `${d.pattern.flags}y`) : null,
    startsAt: d.startsAt ?? null,
    accept: d.accept ?? null,
    groups: d.group === undefined ? [] : typeof d.group === 'number' ? [d.group] : d.group,
    kind: d.kind,
    keyed: d.kind === KEYED,
    ipAddress: d.kind === 'ip-address',
    minDigits: d.minDigits ?? 0,
  };
}

/** The range of the first of `groups` that took part in the match. */
function firstGroupRange(m: RegExpExecArray, groups: readonly number[]): readonly [number, number] | undefined {
  for (const group of groups) {
    const range = m.indices?.[group];
    if (range) return range;
  }
  return undefined;
}

interface Found extends SecretSpan {
  priority: number;
}

/**
 * What one pattern detector finds in `text` from `from` on (up to `upTo`, a line's end, when
 * given), each find given `priority`. A line is searched as a string of its own, so that the
 * search ends with it; `accept` reads the whole text.
 */
function runDetector(text: string, plan: Plan, priority: number, into: Found[], from = 0, upTo = -1): void {
  if (plan.sticky) return runAtStarts(text, plan, plan.sticky, priority, into);
  const { pattern } = plan;
  const searched = upTo === -1 ? text : text.slice(from, upTo);
  const shift = upTo === -1 ? 0 : from;
  pattern.lastIndex = from - shift;
  for (let m = pattern.exec(searched); m; m = pattern.exec(searched)) {
    if (m[0].length === 0) pattern.lastIndex++;
    take(text, plan, m, shift, priority, into);
  }
}

/**
 * What a detector with `startsAt` finds: its pattern tried, sticky, at those offsets alone, each
 * past the last match's end, as the global pattern goes on after a match.
 */
function runAtStarts(text: string, plan: Plan, sticky: RegExp, priority: number, into: Found[]): void {
  let next = 0;
  for (const at of plan.startsAt!(text)) {
    if (at < next) continue;
    sticky.lastIndex = at;
    const m = sticky.exec(text);
    if (!m) continue;
    next = at + Math.max(1, m[0].length);
    take(text, plan, m, 0, priority, into);
  }
}

/** A match of a detector's pattern in `text` (found `shift` characters on) taken as a find when its group took part and `accept` takes it. */
function take(text: string, plan: Plan, m: RegExpExecArray, shift: number, priority: number, into: Found[]): void {
  const { groups } = plan;
  const at = m.index + shift;
  let start = at;
  let end = at + m[0].length;
  if (groups.length) {
    const range = firstGroupRange(m, groups);
    if (!range) return;
    [start, end] = [range[0] + shift, range[1] + shift];
  }
  if (end <= start || (plan.accept && !plan.accept(text.slice(start, end), text, start))) return;
  const kind = plan.keyed ? (/pass|pwd/i.test(text.slice(at, start)) ? 'password' : 'secret') : plan.kind;
  into.push({ start, end, kind, priority });
}

/** Every hint list, scanned for in one pass over a text (hint-scan.ts), which also watches for what the gates ask about. */
const HINT_INDEX = new HintIndex([...DETECTORS.flatMap((d) => (d.hints ? [d.hints] : [])), ...SCANNER_HINTS.values(), ...SECRETLINT_HINT_LISTS, ...GATE_HINT_LISTS, ...PERSONAL_GATE_HINT_LISTS], {
  separatorAfter: [SECRET_NAME_HINTS],
  valueAfter: NAMED_VALUE_HINTS,
});
/** Each pattern detector's plan, by place in SOURCES (null for a scanner). */
const PLANS = SOURCES.map((source) => (typeof source === 'function' ? null : planOf(source)));
/** Each source's gate (Detector.gate, SCANNER_GATES), by place in SOURCES. */
const GATES = SOURCES.map((source) => (typeof source === 'function' ? SCANNER_GATES.get(source) : source.gate));

/**
 * Which sources run for a text, as bits by place in SOURCES (32 a word): those without hints
 * always, those with hints when the text holds one. Each hint found sets the bits of its sources,
 * and the set bits are run in order (a typed array or a Map per text cost more than the scan).
 */
const WORDS = Math.ceil(SOURCES.length / 32);
const ALWAYS_RUN: readonly number[] = bitsOf(SOURCES.flatMap((source, priority) => (hintsOf(source) ? [] : [priority])));
/** For each hint id, the bits of the sources it lets run (none for a hint only secretlint's rules have). */
const SOURCES_BY_HINT: readonly (readonly number[] | undefined)[] = (() => {
  const byHint: number[][] = [];
  SOURCES.forEach((source, priority) => {
    const hints = hintsOf(source);
    if (hints) for (const id of HINT_INDEX.idsOf(hints)) (byHint[id] ??= []).push(priority);
  });
  return Array.from(byHint, (priorities) => priorities && bitsOf(priorities));
})();
/** The distinct prescreens, and each source's place among them (-1: none): a text keeps each one's answer by that place. */
const PRESCREENS = [...new Set(DETECTORS.flatMap((d) => (d.prescreen ? [d.prescreen] : [])))];
const PRESCREEN_OF = SOURCES.map((source) => (typeof source === 'function' || !source.prescreen ? -1 : PRESCREENS.indexOf(source.prescreen)));
/** The same for the distinct anchors (Detector.anchors): a text keeps the lines they give by that place. */
const ANCHORS = [...new Set(DETECTORS.flatMap((d) => (d.anchors ? [d.anchors] : [])))];
const ANCHORS_OF = SOURCES.map((source) => (typeof source === 'function' || !source.anchors ? -1 : ANCHORS.indexOf(source.anchors)));

function hintsOf(source: Detector | Scanner): readonly string[] | undefined {
  if (source === findWithSecretlint) return SECRETLINT_ANY_HINTS;
  return typeof source === 'function' ? SCANNER_HINTS.get(source) : source.hints;
}

/**
 * Sources whose matches can run across a line break: the scanners of key armour, wrapped JWTs
 * and SAML (base64 over lines), secretlint's rules (`\s*` between a name and its value), and the
 * detectors marked crossesLines. Every other source finds each match inside one line and decides
 * on it from that line (an accept function reads the name or the command line before a value on
 * its line, or whether a line break is next to it): findNamedHighEntropy reads `[^\n]`.
 */
const crossesLines = (source: Detector | Scanner) => (typeof source === 'function' ? source !== findNamedHighEntropy : source.crossesLines === true);
const EVERY_SOURCE = bitsOf(SOURCES.map((_, priority) => priority));
const ACROSS_LINES = bitsOf(SOURCES.flatMap((source, priority) => (crossesLines(source) ? [priority] : [])));
const WITHIN_LINES = bitsOf(SOURCES.flatMap((source, priority) => (crossesLines(source) ? [] : [priority])));

function bitsOf(priorities: readonly number[]): number[] {
  const bits = new Array<number>(WORDS).fill(0);
  for (const p of priorities) bits[p >>> 5]! |= 1 << (p & 31);
  return bits;
}

/**
 * Every secret the sources in `among` (bits by place in SOURCES) find in `text` itself (no
 * decoding), unmerged. The text is lower-cased and scanned for hints once; a source none of whose
 * hints the text holds is not run (the hints found say which run, rather than each source asking
 * for its own), nor a detector needing more digits together than the text has or whose gate fails.
 */
function findRaw(text: string, options: RedactOptions, among: readonly number[], { lower, hints }: Scanned = scanned(text)): Found[] {
  const runs = ALWAYS_RUN.slice();
  for (const id of hints.found) {
    const bits = SOURCES_BY_HINT[id];
    if (bits) for (let w = 0; w < WORDS; w++) runs[w]! |= bits[w]!;
  }
  for (let w = 0; w < WORDS; w++) runs[w]! &= among[w]!;
  const found: Found[] = [];
  const starts: number[] = [];
  const lines: (number[] | null)[] = [];
  for (let w = 0; w < WORDS; w++) {
    for (let bits = runs[w]!; bits !== 0; bits &= bits - 1) {
      const priority = w * 32 + 31 - Math.clz32(bits & -bits);
      const source = SOURCES[priority]!;
      const gate = GATES[priority];
      if (gate && !gate(hints)) continue;
      if (typeof source === 'function') {
        const spans = source === findWithSecretlint ? findWithSecretlint(text, false, lower, hints) : source(text);
        for (const span of spans) found.push({ start: span.start, end: span.end, kind: span.kind, priority });
        continue;
      }
      const plan = PLANS[priority]!;
      if ((options.keepIpAddresses && plan.ipAddress) || hints.digitRun < plan.minDigits) continue;
      const anchored = ANCHORS_OF[priority]!;
      const within = anchored === -1 ? null : (lines[anchored] ??= linesOf(ANCHORS[anchored]!, text, lower, hints));
      if (within) {
        for (let k = 0; k < within.length; k += 2) runDetector(text, plan, priority, found, within[k]!, within[k + 1]!);
        continue;
      }
      const slot = PRESCREEN_OF[priority]!;
      const from = slot === -1 ? 0 : (starts[slot] ??= startOf(PRESCREENS[slot]!, text));
      if (from !== -1) runDetector(text, plan, priority, found, from);
    }
  }
  return found;
}

/** A text lower-cased, and what the hint scan saw in it (or, for a decoded text, at least that: see findSecrets). */
interface Scanned {
  lower: string;
  hints: TextHints;
}

function scanned(text: string): Scanned {
  const lower = text.toLowerCase();
  return { lower, hints: HINT_INDEX.scan(lower) };
}

/**
 * The stretches of `text` to search for a detector with `anchors`: on each line holding an
 * offset they give, from `lookBack` before its first one (not before the line's start) to the
 * line's end, as start and end pairs; null when the offsets are not known, or are the lower-cased
 * text's and lower-casing changed the text's length (`İ`), so they are not the text's.
 */
function linesOf(anchors: NonNullable<Detector['anchors']>, text: string, lower: string, hints: TextHints): number[] | null {
  const offsets = lower.length === text.length ? anchors.at(hints) : undefined;
  if (!offsets) return null;
  const lines: number[] = [];
  let end = -1;
  for (const at of offsets) {
    // In order: an offset before the last line's end is on that line.
    if (at < end) continue;
    end = lineEndAt(text, at);
    lines.push(Math.max(text.lastIndexOf('\n', at) + 1, at - anchors.lookBack), end);
  }
  return lines;
}

/** Where a detector with `prescreen` starts in `text`: at most its look-back before the prescreen's first match (-1: it finds nothing). */
function startOf(prescreen: Prescreen, text: string): number {
  prescreen.pattern.lastIndex = 0;
  const m = prescreen.pattern.exec(text);
  return m ? Math.max(0, m.index - prescreen.lookBack) : -1;
}

/** A run of percent-encoded bytes, possibly doubly encoded (`%25XX`). */
const ENCODED_RUN = /(?:%25[0-9a-f]{2}|%[0-9a-f]{2})+/gi;

/**
 * The characters a run of percent-encoded bytes stands for, each with the run's length it takes:
 * UTF-8 where the bytes are valid UTF-8 (`%C2%A0` is one no-break space), one byte per character
 * where they are not.
 */
function decodeRun(run: string): { char: string; width: number }[] {
  const pieces = run.match(/%25[0-9a-f]{2}|%[0-9a-f]{2}/gi)!;
  const bytes = pieces.map((p) => parseInt(p.slice(-2), 16));
  // Most runs are ASCII (`%3A`, `%20`): a character a byte, no UTF-8 to read.
  if (bytes.every((b) => b < 0x80)) return bytes.map((b, k) => ({ char: String.fromCharCode(b), width: pieces[k]!.length }));
  const out: { char: string; width: number }[] = [];
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    const size = lead >= 0xf0 && lead < 0xf8 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 && lead < 0xe0 ? 2 : 1;
    const tail = bytes.slice(i + 1, i + size);
    const valid = size > 1 && tail.length === size - 1 && tail.every((b) => b >= 0x80 && b < 0xc0);
    const take = valid ? size : 1;
    const char = valid ? Buffer.from(bytes.slice(i, i + take)).toString('utf8') : String.fromCharCode(lead);
    const width = pieces.slice(i, i + take).reduce((n, p) => n + p.length, 0);
    // A character outside the BMP is two UTF-16 units: the first carries the run, the second none.
    for (const [k, unit] of [...char].flatMap((c) => c.split('')).entries()) out.push({ char: unit, width: k === 0 ? width : 0 });
    i += take;
  }
  return out;
}

/**
 * `text` percent-decoded (`+` read as a space), with each decoded character's range in the
 * original: a token in a logged URL (`q=password%3Dhunter2`, `Authorization%3A+Bearer+…`) is
 * found in the decoded text and hidden in the original. `%25XX` is decoded in one go, for doubly
 * encoded URLs.
 */
function percentDecoded(text: string): Decoded | undefined {
  // includes() first: a native search, where most texts hold no `%` at all.
  if (!text.includes('%') || !/%[0-9a-f]{2}/i.test(text)) return undefined;
  // The runs are decoded first, so the offset tables are sized once: the plain text between runs
  // (nearly all of a long log) is then copied as slices and its offsets written in one loop,
  // where appending character by character to a string and two arrays cost ~10 ms on 256 KiB.
  const runs: { index: number; length: number; chars: { char: string; width: number }[] }[] = [];
  let size = text.length;
  ENCODED_RUN.lastIndex = 0;
  for (let m = ENCODED_RUN.exec(text); m; m = ENCODED_RUN.exec(text)) {
    const chars = decodeRun(m[0]);
    runs.push({ index: m.index, length: m[0].length, chars });
    size += chars.length - m[0].length;
  }
  const pieces: string[] = [];
  const from = new Int32Array(size);
  const to = new Int32Array(size);
  const changed: number[] = [];
  let out = 0;
  const plain = (at: number, upTo: number) => {
    const slice = text.slice(at, upTo);
    pieces.push(slice.replaceAll('+', ' '));
    for (let plus = slice.indexOf('+'); plus !== -1; plus = slice.indexOf('+', plus + 1)) changed.push(out + plus, out + plus + 1);
    for (let i = at; i < upTo; i++, out++) {
      from[out] = i;
      to[out] = i + 1;
    }
  };
  let at = 0;
  for (const run of runs) {
    plain(at, run.index);
    changed.push(out, out + run.chars.length);
    let pos = run.index;
    for (const { char, width } of run.chars) {
      pieces.push(char);
      from[out] = pos;
      to[out++] = pos + Math.max(width, 0);
      pos += width;
    }
    at = run.index + run.length;
  }
  plain(at, text.length);
  return { text: pieces.join(''), from, to, changed };
}

/** A percent-decoded text, each of its characters' range in the original, and the ranges decoding changed (start, end pairs, in order). */
interface Decoded {
  text: string;
  from: Int32Array;
  to: Int32Array;
  changed: number[];
}

/**
 * The lines of a decoded text that decoding changed — holding a decoded character or a `+` read
 * as a space, or after a decoded line break — joined by line breaks, with where each stretch of
 * them starts in the decoded text; undefined when that is all of it. Every other line is a whole
 * line of the text as sent, on which a source that finds within lines finds what it found there.
 */
function changedLines(decoded: Decoded): { text: string; stretches: { at: number; from: number }[] } | undefined {
  const { text, changed } = decoded;
  const stretches: { at: number; from: number }[] = [];
  const slices: string[] = [];
  let start = -1;
  let end = -1;
  let size = 0;
  const flush = () => {
    if (start === -1) return;
    stretches.push({ at: size, from: start });
    slices.push(text.slice(start, end));
    size += end - start + 1;
  };
  // Each stretch runs from the start of a change's line to the end of the line of the character
  // after it (after a decoded line break, the next line). Lines are looked for only past the
  // stretch so far, so a long line with many changes is read once.
  for (let k = 0; k < changed.length; k += 2) {
    const [from, upTo] = [changed[k]!, changed[k + 1]!];
    if (start !== -1 && from <= end) {
      if (upTo > end) end = lineEndAt(text, upTo);
      continue;
    }
    const lineStart = from === 0 ? 0 : text.lastIndexOf('\n', from - 1) + 1;
    if (start !== -1 && lineStart <= end + 1) end = lineEndAt(text, upTo);
    else {
      flush();
      [start, end] = [lineStart, lineEndAt(text, upTo)];
    }
  }
  flush();
  if (stretches.length === 1 && start === 0 && end === text.length) return undefined;
  return { text: slices.join('\n'), stretches };
}

/** Where the line holding `at` ends: its line break, or the end of `text`. */
function lineEndAt(text: string, at: number): number {
  const lineBreak = text.indexOf('\n', at);
  return lineBreak === -1 ? text.length : lineBreak;
}

/**
 * Every secret in `text`, sorted by position, overlapping finds merged. The percent-decoded text
 * is searched too: by the sources that find across lines all of it, by the others only the lines
 * decoding changed (a long log with one encoded URL is not searched twice).
 */
export function findSecrets(text: string, options: RedactOptions = {}): SecretSpan[] {
  const asSent = scanned(text);
  const found = findRaw(text, options, EVERY_SOURCE, asSent);
  const decoded = percentDecoded(text);
  if (!decoded) return mergeSpans(found);
  const original = (start: number, end: number, span: Found) => found.push({ start: decoded.from[start]!, end: decoded.to[end - 1]!, kind: span.kind, priority: span.priority });
  const lines = changedLines(decoded);
  if (!lines) {
    for (const span of findRaw(decoded.text, options, EVERY_SOURCE)) original(span.start, span.end, span);
    return mergeSpans(found);
  }
  const changed = scanned(lines.text);
  // Each hint, watch and digit stretch lies within a line, and each line of the decoded text is one of the text as sent or a changed one: the decoded text is not scanned.
  const decodedScan = { lower: decoded.text.toLowerCase(), hints: eitherHints(asSent.hints, changed.hints) };
  for (const span of findRaw(decoded.text, options, ACROSS_LINES, decodedScan)) original(span.start, span.end, span);
  for (const span of findRaw(lines.text, options, WITHIN_LINES, changed)) {
    // A span within a line lies within one stretch: the last starting at or before it.
    let [low, high] = [0, lines.stretches.length - 1];
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (lines.stretches[middle]!.at <= span.start) low = middle;
      else high = middle - 1;
    }
    const shift = lines.stretches[low]!.from - lines.stretches[low]!.at;
    original(span.start + shift, span.end + shift, span);
  }
  return mergeSpans(found);
}

/** Sorted, overlapping spans merged; where two start together the more specific detector names them. */
function mergeSpans(found: Found[]): SecretSpan[] {
  found.sort((a, b) => a.start - b.start || a.priority - b.priority || b.end - a.end);
  const merged: SecretSpan[] = [];
  for (const { start, end, kind } of found) {
    const last = merged[merged.length - 1];
    if (last && start < last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end, kind });
  }
  return merged;
}

function redactionMarker(kind: string): string {
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
function overlapsSecret(secrets: readonly SecretSpan[], start: number, end: number): boolean {
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

  /** The slice [start, end) of the paste with its secrets hidden (see redactRange). */
  redact(start: number, end: number): string {
    return redactRange(this.#text, this.all(), start, end);
  }

  /** Whether [start, end) touches a secret. */
  overlaps(start: number, end: number): boolean {
    return overlapsSecret(this.all(), start, end);
  }
}

/**
 * The secrets of a paste as sent, which may hold terminal colour codes: those found in it, and
 * those found in it without the codes (a token a colour code splits in two), in its own offsets.
 */
function findSecretsAsSent(text: string, options: RedactOptions): SecretSpan[] {
  const plain = stripAnsiCodes(text);
  if (!plain.stripped) return findSecrets(text, options);
  const found: Found[] = findSecrets(text, options).map((s) => ({ ...s, priority: 0 }));
  for (const s of findSecrets(plain.text, options)) found.push({ ...plain.toOriginal(s.start, s.end), kind: s.kind, priority: 0 });
  return mergeSpans(found);
}

/**
 * `text` redacted, with a map from offsets in `text` to offsets in the redacted text: a page that
 * echoes a paste with highlighted spans shows the redacted paste, the spans moved with it (a span
 * that starts or ends inside a secret covers the secret's marker).
 */
export function redactWithOffsets(text: string, options: RedactOptions = {}): { text: string; offset: (at: number) => number } {
  const secrets = findSecretsAsSent(text, options);
  const redacted = redactRange(text, secrets, 0, text.length);
  const offset = (at: number): number => {
    let shift = 0;
    for (const s of secrets) {
      if (at <= s.start) break;
      const marker = redactionMarker(s.kind).length;
      if (at < s.end) return s.start + shift + marker;
      shift += marker - (s.end - s.start);
    }
    return at + shift;
  };
  return { text: redacted, offset };
}

/** `value` with every `{start, end}` inside it moved by `offset` (a match result's spans). */
export function moveSpans<T>(value: T, offset: (at: number) => number): T {
  if (Array.isArray(value)) return value.map((v) => moveSpans(v, offset)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = moveSpans(v, offset);
  if (typeof out.start === 'number' && typeof out.end === 'number' && out.start >= 0) {
    const start = offset(out.start);
    out.end = Math.max(start, offset(out.end));
    out.start = start;
  }
  return out as T;
}
