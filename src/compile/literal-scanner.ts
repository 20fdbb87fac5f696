import type { LiteralScan } from '../facts/types.js';

/** Length of the short character window a literal of 4 to 7 characters is anchored on. */
const GRAM = 4;
/** Literals this long are anchored on two adjacent grams (8 characters). */
const LONG = 2 * GRAM;
/**
 * Quick-reject bitmaps get about 32 bits per anchor key, between 2^12 and 2^20 bits (512 B to
 * 128 KiB): the pass probes them at every character, and a bitmap that fits the CPU's nearest
 * caches keeps those probes cheap when a server's other work has evicted everything else.
 */
const MIN_BITMAP_BITS = 12;
const MAX_BITMAP_BITS = 20;

/** 7 bits per character keep a gram a small integer (fast Map keys); `startsWith` settles collisions. */
const GRAM_MASK = 0x0fffffff;
/** The last three characters of a gram. */
const TRIPLE_MASK = 0x1fffff;
const gramAt = (text: string, at: number) =>
  ((text.charCodeAt(at) & 0x7f) << 21) | ((text.charCodeAt(at + 1) & 0x7f) << 14) | ((text.charCodeAt(at + 2) & 0x7f) << 7) | (text.charCodeAt(at + 3) & 0x7f);
/** Key of 3 characters: the first three of a gram (`gram >> 7`), or the last three (`gram & TRIPLE_MASK`). */
const tripleAt = (text: string, at: number) => ((text.charCodeAt(at) & 0x7f) << 14) | ((text.charCodeAt(at + 1) & 0x7f) << 7) | (text.charCodeAt(at + 2) & 0x7f);
/** Key of 8 characters from their two grams, hashed to 32 bits (collisions are settled by `startsWith` too). */
const pairKey = (first: number, second: number) => (Math.imul(first, 0x9e3779b1) ^ second) >>> 0;

/** A key's bit in a bitmap of 2^(32 - shift) bits: multiplicative hashing, so grams that share their last characters spread out. */
const slotOf = (key: number, shift: number) => Math.imul(key, 0x85ebca6b) >>> shift;

/** Whether a key may have anchors: false for most keys, settled by one bit. */
const mayHold = (bitmap: Uint32Array, shift: number, key: number) => {
  const slot = slotOf(key, shift);
  return (bitmap[slot >>> 5]! & (1 << (slot & 31))) !== 0;
};

/** A quick-reject bitmap of about 32 bits per key (see MIN_BITMAP_BITS), and the shift that finds a key's bit. */
function bitmapOf(keys: Iterable<number>, count: number): { bitmap: Uint32Array; shift: number } {
  const bits = Math.min(MAX_BITMAP_BITS, Math.max(MIN_BITMAP_BITS, Math.ceil(Math.log2(Math.max(1, count) * 32))));
  const shift = 32 - bits;
  const bitmap = new Uint32Array((1 << bits) / 32);
  for (const key of keys) {
    const bit = slotOf(key, shift);
    bitmap[bit >>> 5]! |= 1 << (bit & 31);
  }
  return { bitmap, shift };
}

/**
 * Literals anchored on one kind of key. Built as lists per key, then packed into one Int32Array
 * (a count, then that many [literal index, offset of the key in the literal] pairs): a list per
 * key would keep spare capacity for every key of a large knowledge base.
 */
class Anchors {
  readonly #building = new Map<number, number[]>();
  /**
   * Where each key's row starts, as an open-addressing hash table in two typed arrays (a key, and
   * its row start + 1, 0 for an empty slot): a lookup reads one or two adjacent slots of compact
   * memory, where a Map lookup follows pointers through the heap.
   */
  #tableKeys = new Int32Array(1);
  #tableRows = new Int32Array(1);
  #tableShift = 32;
  #packed = new Int32Array(0);
  #count = 0;
  /** Set by seal(), sized to the keys. */
  bitmap: Uint32Array = new Uint32Array(1);
  shift = 32;

  add(key: number, index: number, offset: number): void {
    const list = this.#building.get(key);
    if (list) list.push(index, offset);
    else this.#building.set(key, [index, offset]);
  }

  /** Packs what was added and builds the bitmap; call once, after the last add. */
  seal(): void {
    this.#count = this.#building.size;
    ({ bitmap: this.bitmap, shift: this.shift } = bitmapOf(this.#building.keys(), this.#building.size));
    let length = 0;
    for (const list of this.#building.values()) length += 1 + list.length;
    this.#packed = new Int32Array(length);
    // At most half full, so probe sequences stay short.
    const tableBits = Math.max(1, Math.ceil(Math.log2(Math.max(1, this.#building.size) * 2)));
    this.#tableShift = 32 - tableBits;
    this.#tableKeys = new Int32Array(1 << tableBits);
    this.#tableRows = new Int32Array(1 << tableBits);
    const mask = (1 << tableBits) - 1;
    let at = 0;
    for (const [key, list] of this.#building) {
      let slot = slotOf(key, this.#tableShift);
      while (this.#tableRows[slot] !== 0) slot = (slot + 1) & mask;
      this.#tableKeys[slot] = key;
      this.#tableRows[slot] = at + 1;
      this.#packed[at] = list.length / 2;
      this.#packed.set(list, at + 1);
      at += 1 + list.length;
    }
    this.#building.clear();
  }

  /** Where the key's row of packed pairs starts, or -1; the caller has probed the bitmap, which rejects most keys. */
  rowAfterProbe(key: number): number {
    const keys = this.#tableKeys;
    const rows = this.#tableRows;
    const mask = keys.length - 1;
    // Keys are compared as the table stores them: 32-bit signed.
    const wanted = key | 0;
    for (let slot = slotOf(key, this.#tableShift); rows[slot] !== 0; slot = (slot + 1) & mask) {
      if (keys[slot] === wanted) return rows[slot]! - 1;
    }
    return -1;
  }

  /** How many keys have anchors (after seal()). */
  get size(): number {
    return this.#count;
  }

  get packed(): Int32Array {
    return this.#packed;
  }
}

/**
 * Finds which of many literals occur anywhere in a text (substring semantics, overlaps included),
 * in one pass. Each literal is anchored on its rarest window: 8 characters for literals that
 * long, else 4. The pass rolls a window over the text, rejects most positions with a bitmap
 * probe, and checks the few literals anchored there with `startsWith`. Long anchors matter on
 * big logs: literals that share a common 4-character window (`api.`, `uth.`) would each be checked
 * wherever it occurs. On a 256 KiB log this is several times faster than a general Aho–Corasick
 * automaton, and building it is a single walk over the literals.
 */
export class LiteralScanner {
  readonly #literals: readonly string[];
  readonly #short = new Anchors();
  readonly #long = new Anchors();
  /** Literals of 3 characters, anchored on themselves (status codes, `jwt`, …). */
  readonly #triple = new Anchors();
  /** Literals of 1 or 2 characters, found with `includes`. */
  readonly #tiny: number[] = [];
  /**
   * The grams at which a 4- or 8-character window can start work: the short anchors, and the
   * second gram of each long anchor. One probe of it rejects most positions, where the short and
   * the long anchors' bitmaps took a probe each, the long one after hashing the 8-character key.
   */
  readonly #gate: { bitmap: Uint32Array; shift: number };
  /** Each literal's index, so a scan can answer for a literal by its text (LiteralScan). */
  readonly #indexOf = new Map<string, number>();

  constructor(literals: readonly string[]) {
    this.#literals = literals;
    const keysOf = (literal: string): number[] => {
      const keys: number[] = [];
      if (literal.length >= LONG) for (let i = 0; i + LONG <= literal.length; i++) keys.push(pairKey(gramAt(literal, i), gramAt(literal, i + GRAM)));
      else for (let i = 0; i + GRAM <= literal.length; i++) keys.push(gramAt(literal, i));
      return keys;
    };
    // How many literals share each key: the rarest key of a literal is its anchor. (The two kinds
    // of key are counted apart: they live in different maps.)
    const frequency = [new Map<number, number>(), new Map<number, number>()];
    const keys = literals.map(keysOf);
    literals.forEach((literal, index) => {
      const counts = frequency[literal.length >= LONG ? 1 : 0]!;
      for (const key of new Set(keys[index])) counts.set(key, (counts.get(key) ?? 0) + 1);
    });
    const gate = new Set<number>();
    literals.forEach((literal, index) => {
      if (literal.length === GRAM - 1) {
        this.#triple.add(tripleAt(literal, 0), index, 0);
        return;
      }
      if (literal.length < GRAM) {
        if (literal) this.#tiny.push(index);
        return;
      }
      const long = literal.length >= LONG;
      const counts = frequency[long ? 1 : 0]!;
      const own = keys[index]!;
      let best = 0;
      for (let i = 1; i < own.length; i++) if (counts.get(own[i]!)! < counts.get(own[best]!)!) best = i;
      (long ? this.#long : this.#short).add(own[best]!, index, best);
      gate.add(long ? gramAt(literal, best + GRAM) : own[best]!);
    });
    this.#gate = bitmapOf(gate, gate.size);
    this.#short.seal();
    this.#long.seal();
    this.#triple.seal();
    literals.forEach((literal, index) => this.#indexOf.set(literal, index));
  }

  /** Indexes of the literals present in `text`, each once. */
  present(text: string): number[] {
    return this.scan(text).found.list;
  }

  /** What one pass over `text` found: the literals' indexes, and an answer for each literal looked for. */
  scan(text: string): ScannedText {
    // The scan's own record of the literals found (a few): marks over every literal would cost as
    // much as the scan to allocate, and kept in the scanner they would be state every paste touches.
    const found = new FoundLiterals();
    this.#scan(text, found);
    return new ScannedText(found, this.#indexOf);
  }

  #scan(text: string, found: FoundLiterals): void {
    const literals = this.#literals;
    for (const index of this.#tiny) {
      if (text.includes(literals[index]!)) found.add(index);
    }
    const triple = this.#triple;
    const lastTriple = text.length - (GRAM - 1);
    if (lastTriple < 0) return;
    const last = text.length - GRAM;
    if (last < 0) {
      const key = tripleAt(text, 0);
      if (mayHold(triple.bitmap, triple.shift, key)) checkRow(triple, key, 0, text, literals, found);
      return;
    }
    // Everything the loop touches in locals, and the last four grams in variables rather than an
    // array: the common path is two or three bitmap probes that miss, a few nanoseconds per character.
    const short = this.#short;
    const long = this.#long;
    const gateBits = this.#gate.bitmap;
    const gateShift = this.#gate.shift;
    const shortBits = short.bitmap;
    const shortShift = short.shift;
    const longBits = long.bitmap;
    const longShift = long.shift;
    const tripleBits = triple.bitmap;
    const tripleShift = triple.shift;
    const triples = triple.size > 0;
    // Grams starting 4, 3, 2 and 1 characters back: the one 4 back starts the 8-character window.
    let back4 = 0;
    let back3 = 0;
    let back2 = 0;
    let back1 = 0;
    let gram = gramAt(text, 0) >> 7;
    for (let at = 0; at <= last; at++) {
      gram = ((gram << 7) | (text.charCodeAt(at + GRAM - 1) & 0x7f)) & GRAM_MASK;
      if (mayHold(gateBits, gateShift, gram)) {
        if (mayHold(shortBits, shortShift, gram)) checkRow(short, gram, at, text, literals, found);
        if (at >= GRAM) {
          const key = pairKey(back4, gram);
          if (mayHold(longBits, longShift, key)) checkRow(long, key, at - GRAM, text, literals, found);
        }
      }
      // The first three characters of the gram: the 3-character window starting here.
      if (triples && mayHold(tripleBits, tripleShift, gram >> 7)) checkRow(triple, gram >> 7, at, text, literals, found);
      back4 = back3;
      back3 = back2;
      back2 = back1;
      back1 = gram;
    }
    // The last 3-character window is the end of the last gram.
    const key = gram & TRIPLE_MASK;
    if (triples && mayHold(tripleBits, tripleShift, key)) checkRow(triple, key, lastTriple, text, literals, found);
  }
}

/** Checks the literals anchored on `key` (found at `at` in the text), past the bitmap probe. */
function checkRow(anchors: Anchors, key: number, at: number, text: string, literals: readonly string[], found: FoundLiterals): void {
  const row = anchors.rowAfterProbe(key);
  if (row < 0) return;
  const rows = anchors.packed;
  for (let k = row + 1, end = row + 1 + 2 * rows[row]!; k < end; k += 2) {
    const index = rows[k]!;
    if (found.has(index)) continue;
    const start = at - rows[k + 1]!;
    if (start >= 0 && text.startsWith(literals[index]!, start)) found.add(index);
  }
}


/**
 * One scan's findings, by literal text: whether the text holds a literal the scanner looked for,
 * undefined for any other (PasteFacts.textIncludes then searches the text itself).
 */
class ScannedText implements LiteralScan {
  constructor(
    readonly found: FoundLiterals,
    private readonly indexOf: ReadonlyMap<string, number>,
  ) {}

  holds(literal: string): boolean | undefined {
    const index = this.indexOf.get(literal);
    return index === undefined ? undefined : this.found.has(index);
  }
}

/** Literals found before a Set takes over from the list. */
const FEW_FOUND = 16;

/**
 * The literals one scan has found, each once, in the order found. A paste holds a few of a knowledge
 * base's literals: searching a short list costs less than building a Set, which costs as much as
 * scanning a short paste. Past FEW_FOUND (a long log) a Set answers, so the scan stays linear.
 */
class FoundLiterals {
  readonly list: number[] = [];
  #set: Set<number> | undefined;

  has(index: number): boolean {
    if (this.#set) return this.#set.has(index);
    // A loop the compiler inlines, not a call of Array#includes.
    const list = this.list;
    for (let i = 0; i < list.length; i++) if (list[i] === index) return true;
    return false;
  }

  add(index: number): void {
    this.list.push(index);
    if (this.#set) this.#set.add(index);
    else if (this.list.length > FEW_FOUND) this.#set = new Set(this.list);
  }
}
