interface Entry<V> {
  value: V;
  /** The insertion count when the entry was last (re)inserted. */
  insertedAt: number;
}

/**
 * A map that keeps at most `capacity` entries, dropping one of the least recently used.
 *
 * The map's insertion order is the order of use: a hit re-inserts its entry. Re-inserting costs
 * more than the lookup, and caches on the match path are hit for nearly every paste, so a hit
 * re-inserts only an entry that a quarter of the capacity of newer insertions has passed. The
 * entry dropped is then always one that went unused for at least three quarters of the capacity's
 * insertions, and one that is used often is never dropped.
 */
export class LruCache<K, V> {
  readonly #entries = new Map<K, Entry<V>>();
  #insertions = 0;

  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (this.#insertions - entry.insertedAt > this.capacity >> 2) this.#insert(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.#insert(key, { value, insertedAt: 0 });
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as K);
  }

  /** Whether the key is cached, without counting as a use. */
  has(key: K): boolean {
    return this.#entries.has(key);
  }

  get size(): number {
    return this.#entries.size;
  }

  #insert(key: K, entry: Entry<V>): void {
    // Map keeps insertion order: re-inserting makes this entry the most recent.
    this.#entries.delete(key);
    entry.insertedAt = ++this.#insertions;
    this.#entries.set(key, entry);
  }
}
