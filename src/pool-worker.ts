/**
 * The code each worker of the pool runs (src/pool.ts), as source text.
 *
 * A worker is made from this text (Node: `new Worker(text, { eval: true })`;
 * browsers: a Blob URL), so that no worker file has to be found, served or
 * bundled: the package works the same from Node ESM, require(), a bundler or
 * a CDN. The function below is therefore self-contained: it uses its two
 * arguments and the engine's globals only, never anything from this module.
 *
 * What a worker does: it instantiates the threaded build (the compiled
 * module, sent by the pool) over the pool's shared memory, says it is ready,
 * then waits on the job number of the control block. For each job it claims
 * chunks one at a time until none are left and runs the kernel over each;
 * the calling thread claims chunks of the same job. Whoever finishes the
 * last chunk ends the job: a worker tells the pool with a message. The
 * control block's layout comes from the pool (`layout`, see Layout).
 */

/** What the pool sends a worker to start it. */
export interface WorkerData {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** The control block: Int32 words (LAYOUT) and the 64-bit chunk counter at NEXT_BYTE. */
  readonly control: SharedArrayBuffer;
  /** This worker's index (its BUSY word). */
  readonly index: number;
  /** The kernels' export names; a job names its kernel by index into this list. */
  readonly symbols: readonly string[];
  readonly layout: Layout;
  /** Microseconds a worker keeps re-reading the job number after a job before it sleeps in Atomics.wait. */
  readonly spin: number;
}

/**
 * The control block. Int32 words: SEQ (the job number, bumped to start a
 * job; workers wait on it), STOP, DONE (chunks finished), the job (SYMBOL,
 * ARITY: 2 or 3 pointers, A, B, C, N elements, SIZE bytes each, CHUNK
 * elements a chunk, CHUNKS; FLAGS: the byte address in wasm memory of one
 * Int32 per chunk, set when it is done, or 0; READY: chunks whose inputs are
 * in place, as the pool copies JS arrays in), and BUSY + i (worker i is
 * inside a job). At
 * NEXT_BYTE a 64-bit word: the job number (high 32 bits), the front (bits
 * 0-15: the next chunk from the start) and the back (bits 16-31: one past the
 * last chunk not taken from the end); chunks left are front..back-1. The
 * workers take chunks from the front; the calling thread takes them from the
 * front too, or, when it copies a JS array in for the workers, from the back
 * (running those through its own unshared instance). A chunk is claimed by
 * compare-and-swap on the word, so a claim names
 * its job: a worker that read a job's description as the pool was writing
 * the next one cannot claim anything with it (the pool sets NEXT to the new
 * job's number before it writes the description, and starts a job only when
 * every chunk of the last one is done).
 */
export interface Layout {
  readonly SEQ: number;
  readonly STOP: number;
  readonly DONE: number;
  readonly SYMBOL: number;
  readonly ARITY: number;
  readonly A: number;
  readonly B: number;
  readonly C: number;
  readonly N: number;
  readonly SIZE: number;
  readonly CHUNK: number;
  readonly CHUNKS: number;
  readonly FLAGS: number;
  readonly READY: number;
  readonly BUSY: number;
  readonly NEXT_BYTE: number;
  readonly BYTES: number;
}

/** Messages from a worker to the pool: started; finished a job's last chunk. */
export type WorkerMessage = { readonly type: 'ready' } | { readonly type: 'done'; readonly seq: number };

type Kernel2 = (a: number, b: number, n: number) => void;
type Kernel3 = (a: number, b: number, c: number, n: number) => void;

/** The worker's body. Self-contained: see the file comment. */
function poolWorker(data: WorkerData, post: (message: WorkerMessage) => void): void {
  const L = data.layout;
  const exports = new WebAssembly.Instance(data.module, { env: { memory: data.memory } }).exports as Record<string, unknown>;
  const kernels = data.symbols.map((name) => exports[name] as Kernel3);
  const ctl = new Int32Array(data.control);
  const next = new BigInt64Array(data.control, L.NEXT_BYTE, 1);
  const busy = L.BUSY + data.index;
  const spin = data.spin;
  const low = BigInt(0xffffffff);
  const mask16 = BigInt(0xffff);
  const sixteen = BigInt(16);
  // One less than the current job's number: a worker that starts while a job
  // runs joins it (claims name their job, so a finished one hands out nothing).
  let seen = (Atomics.load(ctl, L.SEQ) - 1) | 0;
  post({ type: 'ready' });
  for (;;) {
    let seq = Atomics.load(ctl, L.SEQ);
    if (seq === seen && spin > 0) {
      // A call that follows at once (a training loop) is taken without the wake-up (tens of microseconds).
      const until = performance.now() + spin / 1000;
      while (seq === seen && performance.now() < until) seq = Atomics.load(ctl, L.SEQ);
    }
    if (seq === seen) {
      Atomics.wait(ctl, L.SEQ, seen);
      continue;
    }
    seen = seq;
    if (Atomics.load(ctl, L.STOP) !== 0) return;
    Atomics.store(ctl, busy, 1);
    const kernel = kernels[ctl[L.SYMBOL]!]!;
    const three = ctl[L.ARITY] === 3;
    const a = ctl[L.A]! >>> 0;
    const b = ctl[L.B]! >>> 0;
    const c = ctl[L.C]! >>> 0;
    const n = ctl[L.N]! >>> 0;
    const size = ctl[L.SIZE]!;
    const chunk = ctl[L.CHUNK]! >>> 0;
    const chunks = ctl[L.CHUNKS]! >>> 0;
    const flagsAt = ctl[L.FLAGS]! >>> 0;
    // Made at the first claim: only a successful claim proves the description read above is this job's.
    let flags: Int32Array | null = null;
    const tag = BigInt(seq >>> 0) << BigInt(32);
    for (;;) {
      const claim = Atomics.load(next, 0);
      if ((claim & ~low) !== tag) break; // another job
      const k = Number(claim & mask16); // the front; the calling thread may take chunks from the back
      if (k >= Number((claim >> sixteen) & mask16)) break;
      if (Atomics.compareExchange(next, 0, claim, claim + BigInt(1)) !== claim) continue;
      // Its inputs may still be on their way (the pool copies JS arrays in as the job runs): a chunk's copy takes microseconds.
      while (Atomics.load(ctl, L.READY) <= k);
      const start = k * chunk;
      const len = Math.min(chunk, n - start);
      const offset = start * size;
      if (three) kernel(a + offset, b + offset, c + offset, len);
      else (kernel as unknown as Kernel2)(a + offset, b + offset, len);
      if (flagsAt !== 0) Atomics.store((flags ??= new Int32Array(data.memory.buffer, flagsAt, chunks)), k, 1);
      if (Atomics.add(ctl, L.DONE, 1) === chunks - 1) post({ type: 'done', seq });
    }
    Atomics.store(ctl, busy, 0);
  }
}

/**
 * A Node worker_threads script (run with `eval: true`; the data comes as
 * workerData). It reaches worker_threads through process.getBuiltinModule,
 * not require: eval'd worker code is an ES module when the process runs with
 * --input-type=module, and CommonJS otherwise.
 */
export function nodeWorkerSource(): string {
  return `'use strict';
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
(${String(poolWorker)})(workerData, (message) => parentPort.postMessage(message));
`;
}

/** A Web Worker script (classic; the data comes as the first message). */
export function webWorkerSource(): string {
  return `'use strict';
self.onmessage = (event) => {
  self.onmessage = null;
  (${String(poolWorker)})(event.data, (message) => self.postMessage(message));
};
`;
}
