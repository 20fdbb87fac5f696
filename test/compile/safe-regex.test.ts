import { describe, expect, it } from 'vitest';
import { LruCache } from '../../src/compile/lru-cache.js';
import { cachedRegexPrograms, compileSafeRegex } from '../../src/compile/safe-regex.js';

describe('LruCache', () => {
  it('drops the least recently used entry past its capacity', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });
});

describe('compileSafeRegex', () => {
  it('checks a regex without keeping its RE2 program', () => {
    const before = cachedRegexPrograms();
    for (let i = 0; i < 1000; i++) expect(compileSafeRegex(`unused-pattern-${i} [0-9]+`).error).toBeUndefined();
    expect(cachedRegexPrograms()).toBe(before);
  });

  it('compiles programs on demand into a bounded cache, and again after they fell out', () => {
    const regexes = Array.from({ length: 600 }, (_, i) => compileSafeRegex(`job-${i} (ok|failed)`).regex!);
    for (const regex of regexes) expect(regex.re2.test('JOB-1 FAILED')).toBe(regex.pattern.startsWith('job-1 '));
    expect(cachedRegexPrograms()).toBeLessThanOrEqual(256);
    // The first programs were evicted: compiled again, same answers.
    expect(regexes[1]!.re2.test('job-1 ok')).toBe(true);
    expect(regexes[0]!.re2.test('job-1 ok')).toBe(false);
  });

  it('still rejects what RE2 cannot run', () => {
    expect(compileSafeRegex('a(?=b)').error?.hint).toMatch(/lookarounds/);
    expect(compileSafeRegex('(?:[a-z]{1000}){1}'.repeat(2)).error?.message).toMatch(/too large/);
  });
});
