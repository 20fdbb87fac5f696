/**
 * REFERENCE — the plain form of findSecrets, for test/redact/find-secrets-agrees.test.ts.
 *
 * findSecrets skips detectors and secretlint rules whose hints are absent from the text. This runs
 * every detector, every scanner and every secretlint rule on the text and on its percent-decoded
 * form, with no hint and no shortcut, and merges what they find; the two must agree exactly. It
 * shares the detector table with src/ (the table is the behaviour under test elsewhere, by the
 * redaction corpus), not the scanning code.
 */
import type { SecretSpan } from '../../../src/redact/detector.js';
import { SOURCES } from '../../../src/redact/redact-secrets.js';
import { findWithSecretlint } from '../../../src/redact/secretlint-rules.js';
import { KEYED } from '../../../src/redact/paste-detectors.js';

interface Found extends SecretSpan {
  priority: number;
}

function findIn(text: string, keepIpAddresses: boolean): Found[] {
  const found: Found[] = [];
  SOURCES.forEach((source, priority) => {
    if (typeof source === 'function') {
      const spans = source === findWithSecretlint ? findWithSecretlint(text, true) : source(text);
      for (const s of spans) found.push({ ...s, priority });
      return;
    }
    if (keepIpAddresses && source.kind === 'ip-address') return;
    const groups = source.group === undefined ? [] : typeof source.group === 'number' ? [source.group] : source.group;
    for (const m of text.matchAll(new RegExp(source.pattern.source, source.pattern.flags))) {
      let start = m.index;
      let end = m.index + m[0].length;
      if (groups.length) {
        const group = groups.find((g) => m.indices?.[g]);
        if (group === undefined) continue;
        [start, end] = m.indices![group]!;
      }
      if (end <= start || (source.accept && !source.accept(text.slice(start, end), text, start))) continue;
      const kind = source.kind === KEYED ? (/pass|pwd/i.test(text.slice(m.index, start)) ? 'password' : 'secret') : source.kind;
      found.push({ start, end, kind, priority });
    }
  });
  return found;
}

/**
 * Percent-decoding (`+` as space, `%25XX` as one byte, bytes as UTF-8 where valid, else one
 * character each) with each decoded character's source range; decodeURIComponent judges UTF-8.
 */
function decode(text: string): { text: string; from: number[]; to: number[] } {
  let out = '';
  const from: number[] = [];
  const to: number[] = [];
  const push = (chars: string, start: number, end: number) => {
    chars.split('').forEach((unit, k) => {
      out += unit;
      from.push(k === 0 ? start : end);
      to.push(end);
    });
  };
  for (const m of text.matchAll(/(?:%25[0-9a-f]{2}|%[0-9a-f]{2})+|[\s\S]/gi)) {
    if (m[0].length === 1) {
      push(m[0] === '+' ? ' ' : m[0], m.index, m.index + 1);
      continue;
    }
    const pieces = m[0].match(/%25[0-9a-f]{2}|%[0-9a-f]{2}/gi)!;
    let pos = m.index;
    for (let i = 0; i < pieces.length; ) {
      let took = 0;
      for (const n of [4, 3, 2]) {
        if (i + n > pieces.length) continue;
        const bytes = pieces.slice(i, i + n).map((p) => `%${p.slice(-2)}`).join('');
        try {
          const char = decodeURIComponent(bytes);
          if ([...char].length !== 1) continue;
          const width = pieces.slice(i, i + n).join('').length;
          push(char, pos, pos + width);
          pos += width;
          took = n;
          break;
        } catch {
          // not UTF-8 of that length
        }
      }
      if (!took) {
        push(String.fromCharCode(parseInt(pieces[i]!.slice(-2), 16)), pos, pos + pieces[i]!.length);
        pos += pieces[i]!.length;
        took = 1;
      }
      i += took;
    }
  }
  return { text: out, from, to };
}

export function referenceFindSecrets(text: string, options: { keepIpAddresses?: boolean } = {}): SecretSpan[] {
  const keep = options.keepIpAddresses ?? false;
  const found = findIn(text, keep);
  if (/%[0-9a-f]{2}/i.test(text)) {
    const d = decode(text);
    for (const s of findIn(d.text, keep)) found.push({ start: d.from[s.start]!, end: d.to[s.end - 1]!, kind: s.kind, priority: s.priority });
  }
  found.sort((a, b) => a.start - b.start || a.priority - b.priority || b.end - a.end);
  const merged: SecretSpan[] = [];
  for (const { start, end, kind } of found) {
    const last = merged[merged.length - 1];
    if (last && start < last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end, kind });
  }
  return merged;
}
