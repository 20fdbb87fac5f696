import v8 from 'node:v8';
import { LruCache } from '../util/lru-cache.js';
import { boundedMatchLength, parseRe2Subset, requiredLiterals, toNativeSource } from '../compile/re2-subset.js';
import type { SafeRegex } from '../compile/safe-regex.js';
import type { RegexInput, Span } from '../facts/types.js';
import { hasFoldingHazard } from '../facts/folding-hazard.js';

/**
 * Runs authors' RE2 regexes fast without giving up RE2's guarantee. RE2 in JavaScript (re2js)
 * is linear but costs ~1 ms per regex on a 2 KiB paste and ~100 ms on 256 KiB; V8's own engine
 * is a thousand times faster. So a pattern in the plain ASCII subset is translated once into an
 * equivalent native RegExp, and V8 is told to switch a regex to its linear-time engine after
 * excessive backtracking: no pattern can hang the process. Patterns V8 cannot run in linear time,
 * patterns outside the subset, and text with folding hazards go to RE2 as before.
 */
const LINEAR_FALLBACK = enableLinearFallback();

function enableLinearFallback(): boolean {
  try {
    v8.setFlagsFromString('--enable-experimental-regexp-engine');
    v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
    // The `l` flag only parses when the first flag took effect; the second is the same mechanism.
    new RegExp('a', 'l');
    return true;
  } catch {
    return false;
  }
}

interface RegexPlan {
  /** Equivalent native regex (no `g`), when the pattern allows one. */
  native?: RegExp;
  nativeGlobal?: RegExp;
  /** With match indices, for captures. */
  nativeIndices?: RegExp;
  /** The normalized paste contains one of these whenever the regex matches (hazard-free text). */
  literals: string[];
  /** For a regex V8 cannot guard, the longest match when finite: RE2 then only scans around the literals. */
  bounded?: number;
}

/**
 * Plans by pattern (every rule regex is case-insensitive), for the regexes matching used last:
 * bounded, so a large knowledge base or a long-running server does not keep one per regex.
 */
const plans = new LruCache<string, RegexPlan>(2048);

/** Made on first use of a pattern, and again only after it fell out of the cache. */
function planOf(regex: SafeRegex): RegexPlan {
  let plan = plans.get(regex.pattern);
  if (plan) return plan;
  const tree = parseRe2Subset(regex.pattern, true);
  plan = { literals: tree ? requiredLiterals(tree) : [] };
  if (tree && LINEAR_FALLBACK) {
    const source = toNativeSource(tree);
    try {
      new RegExp(source, 'l');
      plan.native = new RegExp(source);
      plan.nativeGlobal = new RegExp(source, 'g');
    } catch {
      // Not runnable in linear time by V8 (large bounded repeats): RE2 it is, on slices when it can.
      const bounded = boundedMatchLength(tree);
      if (bounded !== undefined && plan.literals.length) plan.bounded = bounded;
    }
  }
  plans.set(regex.pattern, plan);
  return plan;
}

export type { RegexInput };

/** Whether the regex finds a match in the text: the same answer as `regex.re2.matcher(text).find()`. */
export function regexFinds(regex: SafeRegex, input: RegexInput | string): boolean {
  const { text, normalized, hazard } = typeof input === 'string' ? { text: input, normalized: undefined, hazard: undefined } : input;
  // RE2's test() runs its DFA, far faster than matcher().find() (its NFA); the answer is the same.
  if (hazard ?? hasFoldingHazard(text)) return regex.re2.test(text);
  const plan = planOf(regex);
  if (normalized !== undefined && plan.literals.length && !plan.literals.some((l) => normalized.text.includes(l))) return false;
  if (plan.native) return plan.native.test(text);
  const windows = normalized && plan.bounded !== undefined ? windowsOf(plan, text, normalized) : undefined;
  if (windows) return windows.some(([start, end]) => regex.re2.test(text.slice(start, end)));
  return regex.re2.test(text);
}

/**
 * Slices of the text that hold every match of a bounded regex: around each occurrence of its
 * literals, as far as the longest match reaches, merged. Undefined when slicing would not pay.
 */
function windowsOf(plan: RegexPlan, text: string, normalized: NonNullable<RegexInput['normalized']>): [number, number][] | undefined {
  const reach = plan.bounded!;
  const windows: [number, number][] = [];
  for (const literal of plan.literals) {
    for (let at = normalized.text.indexOf(literal); at !== -1; at = normalized.text.indexOf(literal, at + 1)) {
      const start = normalized.offsets[at]!;
      const end = normalized.offsets[at + literal.length - 1]! + 1;
      windows.push([Math.max(0, start - reach), Math.min(text.length, end + reach)]);
      if (windows.length > 64) return undefined;
    }
  }
  windows.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const w of windows) {
    const last = merged[merged.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push(w);
  }
  return merged;
}

/** Up to `limit` non-empty matches, as spans of the text. */
export function regexSpans(regex: SafeRegex, input: RegexInput | string, limit: number): Span[] {
  const { text, normalized, hazard } = typeof input === 'string' ? { text: input, normalized: undefined, hazard: hasFoldingHazard(input) } : input;
  const spans: Span[] = [];
  const plan = (hazard ?? hasFoldingHazard(text)) ? undefined : planOf(regex);
  if (plan?.nativeGlobal) {
    const re = plan.nativeGlobal;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while (spans.length < limit && (m = re.exec(text))) {
      if (m[0].length === 0) break;
      spans.push({ start: m.index, end: m.index + m[0].length });
    }
    re.lastIndex = 0;
    return spans;
  }
  // Matches of a bounded regex lie inside disjoint windows, in order: scanning them is scanning the text.
  const windows = plan && normalized && plan.bounded !== undefined ? windowsOf(plan, text, normalized) : undefined;
  for (const [from, to] of windows ?? [[0, text.length]]) {
    const m = regex.re2.matcher(from === 0 && to === text.length ? text : text.slice(from, to));
    while (spans.length < limit && m.find()) {
      if (m.end() === m.start()) return spans;
      spans.push({ start: from + m.start(), end: from + m.end() });
    }
  }
  return spans;
}

/**
 * Where group 1 (or the whole match, without groups) of the first match lies; [-1, -1] when the
 * group took no part; undefined when nothing matches.
 */
export function regexGroupRange(regex: SafeRegex, input: RegexInput | string): [number, number] | undefined {
  const { text, hazard } = typeof input === 'string' ? { text: input, hazard: undefined } : input;
  const plan = (hazard ?? hasFoldingHazard(text)) ? undefined : planOf(regex);
  if (plan?.native) {
    plan.nativeIndices ??= new RegExp(plan.native.source, 'd');
    const m = plan.nativeIndices.exec(text);
    if (!m) return undefined;
    const range = m.indices![m.length > 1 ? 1 : 0];
    return range ? [range[0], range[1]] : [-1, -1];
  }
  // One RE2 pass for the match and its group: find() then start(1) would run the NFA twice.
  const re2 = regex.re2;
  const groups = Math.min(re2.groupCount(), 1) + 1;
  const [found, offsets] = re2.re2().matchWithGroup(text, 0, text.length, 0, groups) as [boolean, number[] | null];
  if (!found || !offsets) return undefined;
  const at = 2 * (groups - 1);
  return [offsets[at]!, offsets[at + 1]!];
}

/** Group 1 of the first match when the regex has groups, else the whole match; undefined when nothing matches. */
export function regexCapture(regex: SafeRegex, input: RegexInput | string): string | undefined {
  const text = typeof input === 'string' ? input : input.text;
  const range = regexGroupRange(regex, input);
  if (!range) return undefined;
  return range[0] < 0 ? '' : text.slice(range[0], range[1]);
}
