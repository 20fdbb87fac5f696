import type { SafeRegex } from '../compile/safe-regex.js';
import type { RegexInput, Span } from '../facts/types.js';
import { hasFoldingHazard } from '../facts/folding-hazard.js';
import { mergedRanges } from '../util/merged-ranges.js';

/**
 * Runs authors' RE2 regexes fast without giving up RE2's guarantee, with the plan their SafeRegex
 * made at load: its native twin when it has one (V8 switches it to a linear-time engine after
 * excessive backtracking, so no pattern can hang the process), else RE2, on slices around the
 * regex's literals when its matches are bounded. Text with folding hazards always goes to RE2.
 */
export type { RegexInput };

/** Whether the regex finds a match in the text: the same answer as `regex.re2.matcher(text).find()`. */
export function regexFinds(regex: SafeRegex, input: RegexInput | string): boolean {
  const { text, normalized, hazard } = typeof input === 'string' ? { text: input, normalized: undefined, hazard: undefined } : input;
  // RE2's test() runs its DFA, far faster than matcher().find() (its NFA); the answer is the same.
  if (hazard ?? hasFoldingHazard(text)) return regex.re2.test(text);
  const literals = regex.requiredLiterals;
  if (normalized !== undefined && literals.length && !literals.some((l) => normalized.text.includes(l))) return false;
  if (regex.native) return regex.native.test(text);
  if (regex.relaxed && !regex.relaxed.test(text)) return false;
  const windows = normalized && regex.bounded !== undefined ? windowsOf(regex, text, normalized) : undefined;
  if (windows) return windows.some(([start, end]) => regex.re2.test(text.slice(start, end)));
  return regex.re2.test(text);
}

/**
 * Slices of the text that hold every match of a bounded regex: around each occurrence of its
 * literals, as far as the longest match reaches, merged. Undefined when slicing would not pay.
 */
function windowsOf(regex: SafeRegex, text: string, normalized: NonNullable<RegexInput['normalized']>): [number, number][] | undefined {
  const reach = regex.bounded!;
  const windows: [number, number][] = [];
  for (const literal of regex.requiredLiterals) {
    for (let at = normalized.text.indexOf(literal); at !== -1; at = normalized.text.indexOf(literal, at + 1)) {
      const start = normalized.offsetOf(at);
      const end = normalized.offsetOf(at + literal.length - 1) + 1;
      windows.push([Math.max(0, start - reach), Math.min(text.length, end + reach)]);
      if (windows.length > 64) return undefined;
    }
  }
  return mergedRanges(windows);
}

/** Up to `limit` non-empty matches, as spans of the text. */
export function regexSpans(regex: SafeRegex, input: RegexInput | string, limit: number): Span[] {
  const { text, normalized, hazard } = typeof input === 'string' ? { text: input, normalized: undefined, hazard: hasFoldingHazard(input) } : input;
  const spans: Span[] = [];
  const planned = !(hazard ?? hasFoldingHazard(text));
  if (planned && regex.native) {
    // The paste's own copy (V8 reuses the compiled regex): its lastIndex is nobody else's.
    const re = new RegExp(regex.native, 'g');
    let m: RegExpExecArray | null;
    while (spans.length < limit && (m = re.exec(text))) {
      if (m[0].length === 0) break;
      spans.push({ start: m.index, end: m.index + m[0].length });
    }
    return spans;
  }
  // Matches of a bounded regex lie inside disjoint windows, in order: scanning them is scanning the text.
  const windows = planned && normalized && regex.bounded !== undefined ? windowsOf(regex, text, normalized) : undefined;
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
 * group took no part; undefined when nothing matches. `withIndices`, the native twin with the `d`
 * flag, is a capture's own, made at load (Capture.withIndices): made here per call, it cost a fifth
 * of a microsecond per capture.
 */
export function regexGroupRange(regex: SafeRegex, input: RegexInput | string, withIndices?: RegExp): [number, number] | undefined {
  const { text, hazard } = typeof input === 'string' ? { text: input, hazard: undefined } : input;
  const indices = (hazard ?? hasFoldingHazard(text)) || !regex.native ? undefined : (withIndices ?? new RegExp(regex.native, 'd'));
  if (indices) {
    const m = indices.exec(text);
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
