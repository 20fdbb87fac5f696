/**
 * The per-paste scratch of SimilarityIndex: which passages the query's terms reach and the weight
 * each shares with it. Built and dropped by each lookup (the index is shared by every paste).
 */

/** Queries of up to this many terms note which of them each passage holds as the bits of a small integer. */
export const MASK_RANKS = 30;

/**
 * What the query's looked-up terms reach: per touched passage (in the order first reached, the
 * first `count` places of each array), its sum, first term and terms held. Typed arrays sized by
 * the postings read, not arrays grown by push: a lookup's allocation was half of the similarity
 * stage's, and growing arrays leave their shorter copies behind for the scavenger.
 */
export interface PassageSums {
  count: number;
  touched: Int32Array;
  /** The weight shared, summed in query order. */
  sums: Float64Array;
  /** The rank of the first query term reaching the passage. */
  first: Int32Array;
  /** Bit r set when the passage holds the query's term r (queries of at most MASK_RANKS terms; otherwise 0). */
  held: Int32Array;
}

/** Every term's postings, flat: term t's passages are postings[starts[t] … starts[t + 1]). */
export interface Postings {
  postings: Int32Array;
  starts: Int32Array;
}

/**
 * The passages reached by the postings of the query's terms but the skipped ones. An open-addressing
 * table of the query's own, sized by the postings read, finds a passage's slot: a Map costs a
 * builtin call for each posting, the most frequent step of a lookup.
 */
export function passageSums({ postings, starts }: Postings, query: readonly number[], weights: readonly number[], skipped: Uint8Array): PassageSums {
  let reads = 0;
  for (let rank = 0; rank < query.length; rank++) if (!skipped[rank]) reads += starts[query[rank]! + 1]! - starts[query[rank]!]!;
  let bits = 3;
  while (1 << bits < reads * 2) bits++;
  const mask = (1 << bits) - 1;
  // A slot holds its passage's place + 1, so that the zeros a typed array starts with are empty slots.
  const slotAt = new Int32Array(mask + 1);
  const sums: PassageSums = { count: 0, touched: new Int32Array(reads), sums: new Float64Array(reads), first: new Int32Array(reads), held: new Int32Array(reads) };
  const noteHeld = query.length <= MASK_RANKS;
  for (let rank = 0; rank < query.length; rank++) {
    if (skipped[rank]) continue;
    const weight = weights[rank]!;
    for (let i = starts[query[rank]!]!, end = starts[query[rank]! + 1]!; i < end; i++) {
      const p = postings[i]!;
      let at = Math.imul(p, 0x9e3779b1) >>> (32 - bits);
      let slot = slotAt[at]! - 1;
      while (slot >= 0 && sums.touched[slot] !== p) slot = slotAt[(at = (at + 1) & mask)]! - 1;
      if (slot < 0) {
        slot = sums.count++;
        slotAt[at] = slot + 1;
        sums.touched[slot] = p;
        sums.first[slot] = rank;
      }
      sums.sums[slot]! += weight;
      if (noteHeld) sums.held[slot]! |= 1 << rank;
    }
  }
  return sums;
}

/** The weights of the terms whose bits are set, summed in query order, and the first of them. */
export function heldWeight(held: number, weights: readonly number[]): { shared: number; rank: number } {
  let shared = 0;
  for (let bits = held; bits; bits &= bits - 1) shared += weights[31 - Math.clz32(bits & -bits)]!;
  return { shared, rank: held ? 31 - Math.clz32(held & -held) : Infinity };
}
