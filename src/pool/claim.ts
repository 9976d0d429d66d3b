/**
 * The claim word: how the threads of a pool share a job's chunks. One 64-bit
 * word of the control block (Layout.NEXT_BYTE): the job's number in the high
 * 32 bits, the front (bits 0-15: the next chunk from the start) and the back
 * (bits 16-31: one past the last chunk not taken from the end); the chunks
 * left are front .. back - 1. A chunk is claimed by compare-and-swap on the
 * word, so a claim names its job: a thread that read a job's description as
 * the pool was writing the next one cannot claim anything with it.
 *
 * The worker's code (./worker.ts) is made from source text, so these are
 * self-contained functions (nothing from outside but Atomics and BigInt):
 * the worker's text includes them as they are.
 */

/** The word's tag for a job number. */
export function claimTag(seq: number): bigint {
  return BigInt(seq >>> 0) << 32n;
}

/** The word that starts a job: front 0, back `chunks`. */
export function claimStart(seq: number, chunks: number): bigint {
  return (BigInt(seq >>> 0) << 32n) | (BigInt(chunks) << 16n);
}

/** The word that ends a job's claims (front = back = 0). */
export function claimNone(seq: number): bigint {
  return BigInt(seq >>> 0) << 32n;
}

/** The front and the back of a word, or null when it belongs to another job. */
export function claimRange(word: bigint, tag: bigint): [number, number] | null {
  if ((word & ~0xffffffffn) !== tag) return null;
  return [Number(word & 0xffffn), Number((word >> 16n) & 0xffffn)];
}

/** Takes the next chunk from the front of job `tag`: its index, or -1 when none is left. */
export function claimFront(next: BigInt64Array, tag: bigint): number {
  for (;;) {
    const word = Atomics.load(next, 0);
    if ((word & ~0xffffffffn) !== tag) return -1;
    const front = Number(word & 0xffffn);
    if (front >= Number((word >> 16n) & 0xffffn)) return -1;
    if (Atomics.compareExchange(next, 0, word, word + 1n) === word) return front;
  }
}

/** Takes the last chunk from the back of job `tag`: its index, or -1 when none is left. */
export function claimBack(next: BigInt64Array, tag: bigint): number {
  for (;;) {
    const word = Atomics.load(next, 0);
    if ((word & ~0xffffffffn) !== tag) return -1;
    const back = Number((word >> 16n) & 0xffffn);
    if (Number(word & 0xffffn) >= back) return -1;
    if (Atomics.compareExchange(next, 0, word, word - (1n << 16n)) === word) return back - 1;
  }
}
