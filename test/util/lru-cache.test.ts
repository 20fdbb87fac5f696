import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LruCache } from '../../src/util/lru-cache.js';

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

  it('keeps an entry used often while many others come and go', () => {
    const cache = new LruCache<string, number>(100);
    cache.set('hot', 0);
    for (let i = 0; i < 10_000; i++) {
      cache.set(`cold-${i}`, i);
      expect(cache.get('hot'), `after ${i} insertions`).toBe(0);
    }
    expect(cache.size).toBe(100);
  });

  it('holds the last value set, stays within capacity, and keeps whatever fewer than ¾ of its capacity of other keys followed', () => {
    const op = fc.record({ set: fc.boolean(), key: fc.integer({ min: 0, max: 30 }), value: fc.integer() });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.array(op, { maxLength: 400 }), (capacity, ops) => {
        const cache = new LruCache<number, number>(capacity);
        const values = new Map<number, number>();
        // Keys used since each key's own last use (a set, or a get that found it).
        const usedSince = new Map<number, Set<number>>();
        const use = (key: number) => {
          for (const [other, since] of usedSince) if (other !== key) since.add(key);
          usedSince.set(key, new Set());
        };
        for (const { set, key, value } of ops) {
          if (set) {
            cache.set(key, value);
            values.set(key, value);
            use(key);
          } else {
            const found = cache.get(key);
            if (found !== undefined) {
              expect(found).toBe(values.get(key));
              use(key);
            }
          }
          expect(cache.size).toBeLessThanOrEqual(capacity);
          // Only an entry that many other keys followed may have been dropped.
          for (const [key, since] of usedSince) if (since.size < capacity - (capacity >> 2)) expect(cache.has(key), `key ${key}`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
