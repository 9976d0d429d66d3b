/**
 * The code each worker of the pool runs (./pool.ts), as source text.
 *
 * A worker is made from this text (Node: `new Worker(text, { eval: true })`;
 * browsers: a Blob URL), so that no worker file has to be found, served or
 * bundled: the package works the same from Node ESM, require(), a bundler or
 * a CDN. The function below is therefore self-contained: it uses its two
 * arguments, the claim functions (./claim.ts, included in the text) and the
 * engine's globals only.
 *
 * What a worker does: it says it is ready, then waits on the job number of
 * the control block. For each job it claims chunks from the front one at a
 * time until none are left and runs the job's kernel over each (a chunk of
 * an elementwise job is a run of elements, one of a row function's job a
 * run of whole rows; the op modules, compiled by the pool, are instantiated
 * over the pool's shared memory when a job first needs one); the calling
 * thread claims chunks of the same job. Whoever finishes the last chunk ends
 * the job: a worker tells the pool with a message. The control block's
 * layout comes from the pool (`layout`, see Layout).
 */
import { claimFront } from './claim.js';

/** What the pool sends a worker to start it. */
export interface WorkerData {
  /** The op modules (threaded variants), in the order jobs number them. */
  readonly modules: readonly WebAssembly.Module[];
  /**
   * The kernels' export names for the pool's tier: [float32, float64,
   * float32 with class indices, float64 with class indices] (the last two:
   * the row losses' `_classes` exports, in the modules that have them).
   */
  readonly exports: readonly [string, string, string, string];
  readonly memory: WebAssembly.Memory;
  /** The control block: Int32 words (Layout) and the claim word at NEXT_BYTE. */
  readonly control: SharedArrayBuffer;
  /** This worker's index (its BUSY word). */
  readonly index: number;
  readonly layout: Layout;
  /** Microseconds a worker keeps re-reading the job number after a job before it sleeps in Atomics.wait. */
  readonly spin: number;
}

/**
 * The control block. Int32 words: SEQ (the job number, bumped to start a
 * job; workers wait on it), STOP, DONE (chunks finished), the job (KERNEL:
 * 4 * module + (class indices ? 2 : 0) + (float64 ? 1 : 0), an index into
 * WorkerData.exports; ARITY: 2 or 3 pointers; A, B, C; N units: elements,
 * or rows for a row function; STRIDE_A, STRIDE_B, STRIDE_C: the bytes a
 * unit takes in each operand; ROW_LENGTH: 0 for an elementwise kernel, else
 * the row length, passed after the row count; CHUNK units a chunk, CHUNKS;
 * FLAGS: the byte address in wasm memory of one Int32 per chunk, set when it
 * is done, or 0; READY: chunks whose inputs are in place, as the pool copies
 * JS arrays in), and BUSY + i (worker i is inside a job). At NEXT_BYTE the
 * claim word (./claim.ts). The pool sets the claim word to the new job's
 * number before it writes the description, and starts a job only when every
 * chunk of the last one is done.
 */
export interface Layout {
  readonly SEQ: number;
  readonly STOP: number;
  readonly DONE: number;
  readonly KERNEL: number;
  readonly ARITY: number;
  readonly A: number;
  readonly B: number;
  readonly C: number;
  readonly N: number;
  readonly STRIDE_A: number;
  readonly STRIDE_B: number;
  readonly STRIDE_C: number;
  readonly ROW_LENGTH: number;
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
type RowKernel2 = (a: number, b: number, rows: number, rowLength: number) => void;
type RowKernel3 = (a: number, b: number, c: number, rows: number, rowLength: number) => void;

/** The worker's body. Self-contained: see the file comment. */
function poolWorker(data: WorkerData, post: (message: WorkerMessage) => void, claim: typeof claimFront): void {
  const L = data.layout;
  const instances: Array<Record<string, unknown>> = [];
  const kernelOf = (k: number): Kernel3 => {
    const m = k >> 2;
    // A kernel number past the modules makes this throw (a TypeError): the pool then rejects the call.
    instances[m] ??= new WebAssembly.Instance(data.modules[m]!, { env: { memory: data.memory } }).exports as Record<string, unknown>;
    return instances[m][data.exports[k & 3]!] as Kernel3;
  };
  const ctl = new Int32Array(data.control);
  const next = new BigInt64Array(data.control, L.NEXT_BYTE, 1);
  const busy = L.BUSY + data.index;
  const spin = data.spin;
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
    const number = ctl[L.KERNEL]!;
    const three = ctl[L.ARITY] === 3;
    const a = ctl[L.A]! >>> 0;
    const b = ctl[L.B]! >>> 0;
    const c = ctl[L.C]! >>> 0;
    const n = ctl[L.N]! >>> 0;
    const strideA = ctl[L.STRIDE_A]!;
    const strideB = ctl[L.STRIDE_B]!;
    const strideC = ctl[L.STRIDE_C]!;
    const rowLength = ctl[L.ROW_LENGTH]! >>> 0;
    const chunk = ctl[L.CHUNK]! >>> 0;
    const chunks = ctl[L.CHUNKS]! >>> 0;
    const flagsAt = ctl[L.FLAGS]! >>> 0;
    // Made at the first claim: only a successful claim proves the description read above is this job's.
    let kernel: Kernel3 | null = null;
    let flags: Int32Array | null = null;
    const tag = BigInt(seq >>> 0) << 32n;
    for (;;) {
      const k = claim(next, tag); // the calling thread may take chunks from the back
      if (k < 0) break;
      kernel ??= kernelOf(number);
      // Its inputs may still be on their way (the pool copies JS arrays in as the job runs): a chunk's copy takes microseconds.
      while (Atomics.load(ctl, L.READY) <= k);
      const start = k * chunk;
      const len = Math.min(chunk, n - start);
      const pa = a + start * strideA;
      const pb = b + start * strideB;
      if (rowLength !== 0) {
        if (three) (kernel as unknown as RowKernel3)(pa, pb, c + start * strideC, len, rowLength);
        else (kernel as unknown as RowKernel2)(pa, pb, len, rowLength);
      } else if (three) kernel(pa, pb, c + start * strideC, len);
      else (kernel as unknown as Kernel2)(pa, pb, len);
      if (flagsAt !== 0) Atomics.store((flags ??= new Int32Array(data.memory.buffer, flagsAt, chunks)), k, 1);
      if (Atomics.add(ctl, L.DONE, 1) === chunks - 1) post({ type: 'done', seq });
    }
    Atomics.store(ctl, busy, 0);
  }
}

/**
 * The worker's code as source text: the claim function and the body as
 * expressions; the body gets the claim function as its third argument, not
 * through a name in scope, so neither a minifier's renaming nor a transform
 * that rewrites imported bindings (vitest's, a bundler's) can break the link.
 */
function functions(): string {
  return `const __sigmoidWasmClaimFront = ${String(claimFront)};\nconst __sigmoidWasmPoolWorker = ${String(poolWorker)};\n`;
}

/**
 * A Node worker_threads script (run with `eval: true`; the data comes as
 * workerData). It reaches worker_threads through process.getBuiltinModule,
 * not require: eval'd worker code is an ES module when the process runs with
 * --input-type=module, and CommonJS otherwise.
 */
export function nodeWorkerSource(): string {
  return `'use strict';
${functions()}
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
__sigmoidWasmPoolWorker(workerData, (message) => parentPort.postMessage(message), __sigmoidWasmClaimFront);
`;
}

/** A Web Worker script (classic; the data comes as the first message). */
export function webWorkerSource(): string {
  return `'use strict';
${functions()}
self.onmessage = (event) => {
  self.onmessage = null;
  __sigmoidWasmPoolWorker(event.data, (message) => self.postMessage(message), __sigmoidWasmClaimFront);
};
`;
}
