/**
 * The worker pool: the kernels over many cores, for big arrays.
 *
 * Workers (Node worker_threads; Web Workers in browsers) share one
 * WebAssembly.Memory with the calling thread: each runs an instance of the
 * threaded variant of the pool's build (src/wasm.ts sharedVariant: the same
 * kernels, the memory imported as shared). A call is checked on the calling
 * thread exactly as the Kernel checks it (the same plan, src/kernel.ts),
 * then, for a big array, described in a control block in a
 * SharedArrayBuffer (src/pool-worker.ts, Layout). The workers and the
 * calling thread claim chunks of `chunkBytes` one at a time by
 * compare-and-swap, so a slow core takes fewer; the calling thread works
 * before it returns, which hides the workers' wake-up, and a worker that
 * finishes the last chunk posts 'done'. Chunks are multiples of 64 bytes,
 * so every element runs the same code path (SIMD body or scalar tail) as in
 * one single-thread call: results are the single-thread kernel's bits for
 * every length and split.
 *
 * Small arrays (fewer elements than `parallelThreshold`) run on the calling
 * thread without any message: the Kernel's own call, in the pool's instance
 * when an argument lives in the shared memory, else in a private one of the
 * same build. Calls are served in the order they were made either way.
 */
import { claimBack, claimFront, claimNone, claimRange, claimStart, claimTag } from './claim.js';
import { detectPlatform, type Platform, type WorkerHandle } from './platform.js';
import type { Layout, WorkerData, WorkerMessage } from './worker.js';
import { Core } from '../core.js';
import { INITIAL_PAGES, sizeOf, viewOf, type Float } from '../heap.js';
import { overlaps, type Operand } from '../operands.js';
import { exportName, type OpSpec } from '../op.js';
import { KERNEL_OPTION_KEYS, checkOptions, resolveBuild } from '../options.js';
import type { Call, Plan, RowsPlan } from '../plan.js';
import { CompensatedSum, execute } from '../stream.js';
import { OPS } from '../table.js';
import type { Pool, PoolOptions, WasmArray } from '../types.js';
import { SHARED_MAXIMUM_PAGES, moduleOf, writeData, type BuildName } from '../wasm.js';


/** The most threads a pool has (the control block has a BUSY word for each). */
export const MAX_THREADS = 64;
/** Default chunk: 64 KiB (16384 float32 or 8192 float64 elements), well inside a core's L2 cache. */
export const DEFAULT_CHUNK_BYTES = 64 * 1024;
/**
 * Default `parallelThreshold`, in elements: below it a call runs on the
 * calling thread. Measured (bench/pool.mjs, BENCHMARKS.md "The crossover"):
 * the float32 fast sigmoid, the cheapest kernel, is faster on two threads
 * from 32768 elements (two 64 KiB chunks) on, in Node 24 and Chromium, and
 * slower below (one chunk: nothing to share). Every other kernel costs more
 * an element, so it gains at least as early.
 */
export const DEFAULT_PARALLEL_THRESHOLD = 32768;
/**
 * Microseconds a worker spins on the job number after a job before it sleeps
 * (a call that follows at once skips the wake-up, 40 to 150 us on the
 * machine of BENCHMARKS.md): long enough to cover the calling thread's work
 * between two calls, short enough not to hold a core that has nothing to do.
 */
export const SPIN_MICROSECONDS = 100;

const LAYOUT: Layout = {
  SEQ: 0,
  STOP: 1,
  DONE: 2,
  KERNEL: 3,
  ARITY: 4,
  A: 5,
  B: 6,
  C: 7,
  N: 8,
  STRIDE_A: 9,
  STRIDE_B: 10,
  STRIDE_C: 11,
  CHUNK: 12,
  CHUNKS: 13,
  FLAGS: 14,
  READY: 15,
  // 16 and 17: the claim word (NEXT_BYTE)
  ROW_LENGTH: 18,
  NEXT_BYTE: 64,
  BUSY: 32,
  BYTES: 4 * (32 + MAX_THREADS),
};

/** A job's kernel names its entry by its place in OPS (./worker.ts, Layout.KERNEL). */
const MODULE_INDEX = new Map<OpSpec, number>(OPS.map((spec, i) => [spec, i]));

/** The keys of createPool's options: createKernel's, and the pool's own. */
const POOL_OPTION_KEYS = [...KERNEL_OPTION_KEYS, 'threads', 'parallelThreshold', 'chunkBytes'] as const;

// ---- jobs -------------------------------------------------------------------

interface Job {
  readonly plan: Plan | RowsPlan;
  readonly parallel: boolean;
  /** Byte addresses of the kernel's arguments (parallel jobs): inputs (and class indices), then outputs (or the reduction's scratch). */
  readonly addresses: number[];
  /** The bytes a unit (an element, or a row of a row function) takes in each of `addresses`. */
  readonly strides: number[];
  /** Units: elements, or rows (a row function's job is split at row boundaries). */
  units: number;
  /** Elements a unit has in the inputs (1, or the row length) and in the outputs (1, the row length, or 1 for a loss per row). */
  inPer: number;
  outPer: number;
  /** Scratch blocks of the pool's heap to free at the end: [address, bytes]. */
  readonly scratch: Array<[number, number]>;
  /** Inputs in the pool's memory that partly overlap an output: copied to scratch when the job starts. */
  readonly copies: Array<{ from: number; to: number; bytes: number }>;
  /** Inputs in JS memory still to copy to scratch (a job started at the call copies them chunk by chunk as it runs). */
  readonly copyIn: Array<{ array: Float; to: number }>;
  /** Outputs in JS memory: copied from scratch chunk by chunk as chunks are done, the rest when the job is done. */
  readonly copyOut: Array<{ array: Float; from: number }>;
  /** Units a chunk, and chunks. */
  chunk: number;
  chunks: number;
  /** Byte address of the per-chunk done flags (Int32, in scratch) when there is copying to do, else 0. */
  flags: number;
  /** Chunks already copied out. */
  copiedOut: number;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  /** The job number it ran as. */
  seq: number;
  failure: string | null;
}

interface Slot {
  readonly index: number;
  handle: WorkerHandle;
  ready: boolean;
  dead: boolean;
}

/**
 * The pool's scheduler. Its extension points (`spawn`, `kernelNumber`,
 * `callerTakesChunks`) are ordinary methods: the tests reach a pool's
 * workers and make them fail by overriding them (test/node/pool-hooks.ts),
 * so nothing test-only ships.
 */
export class PoolImpl {
  readonly threads: number;
  readonly precision: 'fast' | 'accurate';
  readonly simd: boolean;
  readonly relaxed: boolean;
  readonly parallelThreshold: number;
  readonly chunkBytes: number;
  readonly ready: Promise<void>;
  /** The calling thread's core over the shared memory: small calls, allocation, checks. */
  readonly core: Core;
  readonly #build: BuildName;
  #local: Core | undefined;
  readonly #memory: WebAssembly.Memory;
  protected readonly platform: Platform;
  readonly #data: Omit<WorkerData, 'index'>;
  readonly #ctl: Int32Array;
  readonly #next: BigInt64Array;
  /** The workers, by index (a dead one is replaced in its slot). */
  protected readonly slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #running: Job | null = null;
  #closed = false;
  #closing: Promise<void> | null = null;
  #broken: Error | null = null;
  /** Node: workers are ref'd (keep the process alive) while they start and while calls are pending. */
  #refed = true;
  #readyCount = 0;
  #readyResolve!: () => void;
  #readyReject!: (error: Error) => void;

  constructor(options: PoolOptions, platform?: Platform) {
    checkOptions('createPool', options, POOL_OPTION_KEYS);
    const { build, precision } = resolveBuild('createPool', options);
    this.platform = platform ?? detectPlatform();
    const threads = options.threads ?? Math.min(MAX_THREADS, Math.max(1, this.platform.defaultThreads()));
    if (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
      throw new RangeError(`createPool: options.threads must be an integer from 1 to ${MAX_THREADS} (got ${String(threads)})`);
    }
    const threshold = options.parallelThreshold ?? DEFAULT_PARALLEL_THRESHOLD;
    if (typeof threshold !== 'number' || !Number.isSafeInteger(threshold) || threshold < 0) {
      throw new RangeError(`createPool: options.parallelThreshold must be a non-negative integer (got ${String(threshold)})`);
    }
    const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    if (typeof chunkBytes !== 'number' || !Number.isSafeInteger(chunkBytes) || chunkBytes < 64 || chunkBytes % 64 !== 0 || chunkBytes > 2 ** 30) {
      throw new RangeError(`createPool: options.chunkBytes must be a multiple of 64 from 64 to 2^30 (got ${String(chunkBytes)})`);
    }
    this.threads = threads;
    this.precision = precision;
    this.simd = build !== 'scalar';
    this.relaxed = build === 'relaxed';
    this.parallelThreshold = threshold;
    this.chunkBytes = chunkBytes;

    this.#memory = sharedMemory();
    writeData(this.#memory);
    this.core = new Core(build, precision, this.#memory);
    this.#build = build;
    const control = new SharedArrayBuffer(LAYOUT.BYTES);
    this.#ctl = new Int32Array(control);
    this.#next = new BigInt64Array(control, LAYOUT.NEXT_BYTE, 1);
    const modules = OPS.map((spec) => moduleOf(spec.name, spec.wasm, build, true));
    const f32 = exportName('float32', precision);
    const f64 = exportName('float64', precision);
    const exports = [f32, f64, `${f32}_classes`, `${f64}_classes`] as const;
    this.#data = { modules, exports, memory: this.#memory, control, layout: LAYOUT, spin: SPIN_MICROSECONDS };
    this.ready = new Promise<void>((resolve, reject) => {
      this.#readyResolve = resolve;
      this.#readyReject = reject;
    });
    this.ready.catch(() => {}); // a pool whose workers cannot start: the calls reject; `ready` need not be awaited
    // The calling thread is one of the threads: it works on every parallel call.
    for (let i = 0; i < threads - 1; i++) this.slots.push(this.#spawn(i));
    if (threads === 1) this.#readyResolve();
    // The functions of the table: the Kernel's, returning Promises.
    for (const spec of OPS) {
      const method = (a?: unknown, b?: unknown, c?: unknown): Promise<unknown> => this.#call(spec, a, b, c);
      Object.defineProperty(method, 'name', { value: spec.name });
      Object.defineProperty(this, spec.name, { value: method, enumerable: true });
    }
  }

  // ---- extension points (overridden by the tests) -------------------------------

  /** Starts worker `index` (a new one in a dead one's place too). */
  protected spawn(data: WorkerData, onMessage: (m: WorkerMessage) => void, onDeath: (reason: string) => void): WorkerHandle {
    return this.platform.spawn(data, onMessage, onDeath);
  }

  /** The kernel number a job names (./worker.ts, Layout.KERNEL). */
  protected kernelNumber(plan: Plan | RowsPlan): number {
    const classes = plan.kind === 'rows' && plan.classes !== null;
    return 4 * MODULE_INDEX.get(plan.spec)! + (classes ? 2 : 0) + (plan.dtype === 'float64' ? 1 : 0);
  }

  /** Whether the calling thread works on a parallel job (it does; the tests leave a job to the workers). */
  protected callerTakesChunks(): boolean {
    return true;
  }

  // ---- calls -----------------------------------------------------------------
  //
  // A small call with nothing queued is the Kernel's own call (its one-chunk
  // fast path, its checks), wrapped in a Promise; anything else is planned by
  // the Kernel's checks and queued. Argument errors throw, synchronously.

  #call(spec: OpSpec, a: unknown, b: unknown, c: unknown): Promise<unknown> {
    if (this.#here(a)) return Promise.resolve(this.#inline(a, b, c).call(spec, a, b, c));
    return this.#submit(this.core.plan(spec, a, b, c));
  }

  /**
   * The core for a call run here: the pool's when an argument lives in the
   * shared memory; else a private one of the same build, whose memory is not
   * shared (copying a JS array into a shared memory is slower in V8), with
   * the same bits.
   */
  #inline(a: unknown, b: unknown, c: unknown): Core {
    return this.#inShared(a) || this.#inShared(b) || this.#inShared(c) ? this.core : this.#localCore();
  }

  /** Whether a call argument may live in the shared memory: a view of it, or a WasmArray or an options object (the core sorts out whose). */
  #inShared(a: unknown): boolean {
    if (a instanceof Float32Array || a instanceof Float64Array) return a.buffer === this.core.heap.buffer;
    return a !== null && typeof a === 'object' && !Array.isArray(a);
  }

  #localCore(): Core {
    return (this.#local ??= new Core(this.#build, this.precision));
  }

  /** Whether a call with this first argument runs here and now: small (or a number), nothing queued, the pool usable. */
  #here(x: unknown): boolean {
    if (this.#running !== null || this.#queue.length > 0 || this.#closed || this.#broken !== null) return false;
    if (typeof x === 'number') return true;
    const length = (x as { length?: unknown } | null)?.length;
    return typeof length === 'number' && (length < this.parallelThreshold || this.slots.length === 0);
  }

  allocFloat32(lengthOrValues: number | ArrayLike<number>): WasmArray<Float32Array> {
    this.#open('allocFloat32');
    return this.core.alloc('float32', 'allocFloat32', lengthOrValues) as WasmArray<Float32Array>;
  }

  allocFloat64(lengthOrValues: number | ArrayLike<number>): WasmArray<Float64Array> {
    this.#open('allocFloat64');
    return this.core.alloc('float64', 'allocFloat64', lengthOrValues) as WasmArray<Float64Array>;
  }

  /**
   * Rejects the pending calls, ends every worker, and settles once they have
   * ended. Node: the workers are ref'd again while they end, so the process
   * stays alive until this settles (an unref'd worker's end would not keep
   * the event loop going, and `await pool.close()` would never return).
   */
  close(): Promise<void> {
    if (this.#closing !== null) return this.#closing;
    this.#closed = true;
    const error = new Error('sigmoid-wasm pool: closed (pool.close()) before this call finished');
    this.#failAll(error);
    this.#readyReject(error);
    Atomics.store(this.#ctl, LAYOUT.STOP, 1);
    Atomics.add(this.#ctl, LAYOUT.SEQ, 1);
    Atomics.notify(this.#ctl, LAYOUT.SEQ);
    const ended: Promise<void>[] = [];
    for (const slot of this.slots) {
      slot.dead = true;
      slot.handle.ref();
      ended.push(slot.handle.terminate());
    }
    this.#refed = false;
    this.#closing = Promise.all(ended).then(() => undefined);
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #open(fn: string): void {
    if (this.#closed) throw new Error(`${fn}: the pool is closed`);
  }

  /**
   * Queues a checked call (or runs it here when it is small and nothing is
   * queued). Arrays in JS memory are read now, so the caller may reuse them
   * as soon as this returns; results reach JS-memory outputs when the call is
   * done.
   */
  #submit(call: Call): Promise<unknown> {
    if (this.#closed) return Promise.reject(new Error('sigmoid-wasm pool: the pool is closed'));
    if (call.kind === 'numbers') return Promise.resolve(this.core.execute(call));
    if (this.#broken !== null) return Promise.reject(this.#broken);
    return this.#queueOrRun(call, call.inputs[0]!.length);
  }

  /**
   * A call over `n` elements: run here if it is small (or nothing can take a
   * share of it: no workers, a single row), else queued as a parallel job.
   */
  #queueOrRun(plan: Plan | RowsPlan, n: number): Promise<unknown> {
    const idle = this.#running === null && this.#queue.length === 0;
    if (n < this.parallelThreshold || (plan.kind === 'rows' && plan.rows < 2) || n === 0 || this.slots.length === 0) {
      if (idle) {
        try {
          return Promise.resolve(this.core.execute(plan));
        } catch (error) {
          return Promise.reject(error as Error);
        }
      }
      // Behind other calls: read the JS-memory inputs now, run in turn.
      const snapshot = { ...plan, inputs: plan.inputs.map((o) => (o.address < 0 ? { ...o, array: o.array!.slice() } : o)) };
      return this.#enqueue(snapshot, false);
    }
    return this.#enqueue(plan, true);
  }

  #enqueue(plan: Plan | RowsPlan, parallel: boolean): Promise<unknown> {
    let resolve!: (value: unknown) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const job: Job = {
      plan,
      parallel,
      addresses: [],
      strides: [],
      units: 0,
      inPer: 1,
      outPer: 1,
      scratch: [],
      copies: [],
      copyIn: [],
      copyOut: [],
      chunk: 0,
      chunks: 0,
      flags: 0,
      copiedOut: 0,
      resolve,
      reject,
      seq: 0,
      failure: null,
    };
    if (parallel) {
      try {
        // A call that starts at once copies its JS inputs as it runs (the workers start on the first chunks meanwhile); one that waits copies them now.
        this.#stage(job, this.#running !== null || this.#queue.length > 0);
      } catch (error) {
        this.#freeScratch(job);
        return Promise.reject(error as Error);
      }
    }
    this.#queue.push(job);
    this.#pump();
    return promise;
  }

  /**
   * Places a parallel job's operands in the shared memory: scratch for the
   * JS-memory inputs (copied now when `copyNow`, else by #run) and outputs,
   * and the chunking. An elementwise job is split into runs of elements, a
   * row function's into runs of whole rows (each row is computed on its own:
   * the same bits however the rows are shared out).
   */
  #stage(job: Job, copyNow: boolean): void {
    const plan = job.plan;
    const heap = this.core.heap;
    const size = sizeOf(plan.dtype);
    const n = plan.inputs[0]!.length;
    const rows = plan.kind === 'rows' ? plan : null;
    if (rows === null) {
      job.units = n;
      // Chunks of whole 64-byte blocks (see the file comment), at most 65535 of them (16-bit claims, see Layout).
      job.chunk = Math.max(this.chunkBytes / size, Math.ceil(n / 65535 / 16) * 16);
    } else {
      job.units = rows.rows;
      job.inPer = rows.rowLength;
      job.outPer = rows.spec.shape === 'rowsLoss' ? 1 : rows.rowLength;
      job.chunk = Math.max(1, Math.floor(this.chunkBytes / (rows.rowLength * size)), Math.ceil(rows.rows / 65535));
    }
    job.chunks = Math.ceil(job.units / job.chunk);
    const bytes = n * size;
    const outBytes = job.units * job.outPer * size;
    const scratch = (length: number): number => {
      const address = heap.allocate(length);
      job.scratch.push([address, length]);
      return address;
    };
    plan.inputs.forEach((input, k) => {
      // A row kernel may write over its first input (both, for the backward step) exactly, not over a shifted one.
      const inPlace = rows === null || k === 0 || plan.spec.shape === 'rowsBinary';
      job.strides.push(job.inPer * size);
      if (input.address >= 0) {
        const overlapping = plan.outputs.some((o) => o.address >= 0 && overlaps(heap, input, o, inPlace));
        if (overlapping) {
          const to = scratch(bytes);
          job.copies.push({ from: input.address, to, bytes });
          job.addresses.push(to);
        } else job.addresses.push(input.address);
      } else {
        const to = scratch(bytes);
        if (copyNow) viewOf(heap.buffer, plan.dtype, to, n).set(input.array!);
        else job.copyIn.push({ array: input.array!, to });
        job.addresses.push(to);
      }
    });
    if (rows !== null && rows.classes !== null) {
      const to = scratch(rows.classes.length * 4);
      new Uint32Array(heap.buffer, to, rows.classes.length).set(rows.classes);
      job.addresses.push(to);
      job.strides.push(4);
    }
    if (plan.reduction !== null) {
      job.addresses.push(scratch(outBytes));
      job.strides.push(job.outPer * size);
    }
    for (const output of plan.outputs as Operand[]) {
      job.strides.push(job.outPer * size);
      if (output.address >= 0) job.addresses.push(output.address);
      else {
        const from = scratch(outBytes);
        job.copyOut.push({ array: output.array!, from });
        job.addresses.push(from);
      }
    }
    if (job.copyIn.length > 0 || job.copyOut.length > 0) job.flags = scratch(4 * job.chunks);
  }

  /** Copies the JS-memory outputs of the chunks done so far, in order (all of them when `all`). */
  #drain(job: Job, all: boolean): void {
    if (job.copyOut.length === 0) return;
    const flags = new Int32Array(this.core.heap.buffer, job.flags, job.chunks);
    const dtype = job.plan.dtype;
    const n = job.units * job.outPer;
    const size = sizeOf(dtype);
    const per = job.chunk * job.outPer;
    const buffer = this.core.heap.buffer;
    let k = job.copiedOut;
    // `all`: the job is over, every chunk is done (its flag set before the done count).
    const done = (i: number): number => (all ? Math.max(1, Atomics.load(flags, i)) : Atomics.load(flags, i));
    while (k < job.chunks) {
      const flag = done(k);
      if (flag === 0) break;
      if (flag === 2) {
        k++; // run by this thread straight into the output
        continue;
      }
      // A run of chunks done in the shared memory: one copy.
      let e = k + 1;
      while (e < job.chunks && done(e) === 1) e++;
      const start = k * per;
      const end = Math.min(n, e * per);
      for (const c of job.copyOut) c.array.set(viewOf(buffer, dtype, c.from + start * size, end - start), start);
      k = e;
    }
    job.copiedOut = k;
  }

  /**
   * Runs queued calls in order until one is left waiting for workers: small
   * calls here, parallel ones with the workers and this thread.
   */
  #pump(): void {
    while (this.#running === null && this.#queue.length > 0) {
      if (this.#broken !== null) {
        this.#failAll(this.#broken);
        return;
      }
      const job = this.#queue.shift()!;
      if (!job.parallel) {
        try {
          job.resolve(this.core.execute(job.plan));
        } catch (error) {
          job.reject(error as Error);
        }
        continue;
      }
      if (!this.#run(job)) {
        this.#ref(); // its last chunks are with the workers: 'done' (or a worker's death) ends it
        return;
      }
      this.#settle(job);
    }
    if (this.#running === null && this.#queue.length === 0 && this.slots.every((slot) => slot.ready || slot.dead)) this.#unref();
  }

  /**
   * Starts a parallel job and works on it here too: claims chunks until none
   * are left, then waits briefly (spinning: a chunk takes microseconds) for
   * the workers' last ones. True when every chunk is done; false leaves the
   * job running, to be ended by the 'done' message.
   */
  #run(job: Job): boolean {
    const { chunk, chunks, strides } = job;
    const plan = job.plan;
    const buffer = this.core.heap.buffer;
    for (const c of job.copies) new Uint8Array(buffer).copyWithin(c.to, c.from, c.from + c.bytes);
    if (job.flags !== 0) new Int32Array(buffer, job.flags, chunks).fill(0);
    const n = job.units;
    const rowLength = plan.kind === 'rows' ? plan.rowLength : 0;
    const ctl = this.#ctl;
    const seq = (Atomics.load(ctl, LAYOUT.SEQ) + 1) | 0;
    const tag = claimTag(seq);
    // Claims name the job: set before the description is written (see Layout). Front 0, back `chunks`.
    Atomics.store(this.#next, 0, claimStart(seq, chunks));
    const [a = 0, b = 0, c = 0] = job.addresses;
    ctl[LAYOUT.DONE] = 0;
    ctl[LAYOUT.KERNEL] = this.kernelNumber(plan);
    ctl[LAYOUT.ARITY] = job.addresses.length;
    ctl[LAYOUT.A] = a;
    ctl[LAYOUT.B] = b;
    ctl[LAYOUT.C] = c;
    ctl[LAYOUT.N] = n;
    ctl[LAYOUT.STRIDE_A] = strides[0] ?? 0;
    ctl[LAYOUT.STRIDE_B] = strides[1] ?? 0;
    ctl[LAYOUT.STRIDE_C] = strides[2] ?? 0;
    ctl[LAYOUT.ROW_LENGTH] = rowLength;
    ctl[LAYOUT.CHUNK] = chunk;
    ctl[LAYOUT.CHUNKS] = chunks;
    ctl[LAYOUT.FLAGS] = job.flags;
    ctl[LAYOUT.READY] = job.copyIn.length > 0 ? 0 : chunks;
    job.seq = seq;
    this.#running = job;
    Atomics.store(ctl, LAYOUT.SEQ, seq);
    Atomics.notify(ctl, LAYOUT.SEQ);

    const flags = job.flags === 0 ? null : new Int32Array(buffer, job.flags, chunks);
    const started = performance.now();
    let mine = 0;
    if (this.#twoEnded(job)) mine = this.#runFromBoth(job, flags!, tag);
    else {
      // JS-memory inputs, chunk by chunk: the workers start on the first ones while the rest are copied.
      if (job.copyIn.length > 0) {
        for (let k = 0; k < chunks; k++) {
          this.#copyIn(job, k);
          Atomics.store(ctl, LAYOUT.READY, k + 1);
        }
      }
      if (!this.callerTakesChunks()) return false;
      // This thread's share, taken from the front as the workers take theirs.
      const kernels = this.core.kernelsOf(plan.spec);
      const fn = (plan.kind === 'rows' && plan.classes !== null ? kernels.classes! : kernels)[plan.dtype] as (...args: number[]) => void;
      const three = job.addresses.length === 3;
      const [sa = 0, sb = 0, sc = 0] = strides;
      for (;;) {
        const k = claimFront(this.#next, tag);
        if (k < 0) break;
        const start = k * chunk;
        const len = Math.min(chunk, n - start);
        const pa = a + start * sa;
        const pb = b + start * sb;
        if (rowLength !== 0) {
          if (three) fn(pa, pb, c + start * sc, len, rowLength);
          else fn(pa, pb, len, rowLength);
        } else if (three) fn(pa, pb, c + start * sc, len);
        else fn(pa, pb, len);
        if (flags !== null) Atomics.store(flags, k, 1);
        Atomics.add(ctl, LAYOUT.DONE, 1);
        mine++;
        this.#drain(job, false);
      }
    }
    if (Atomics.load(ctl, LAYOUT.DONE) === chunks) return this.#end(job);
    // The workers hold the last chunks: spin for about two chunks' time, copying out what is done.
    const now = performance.now();
    const limit = now + Math.max(0.25, mine === 0 ? 0 : (2 * (now - started)) / mine);
    while (Atomics.load(ctl, LAYOUT.DONE) !== chunks) {
      this.#drain(job, false);
      if (performance.now() > limit) return false;
    }
    return this.#end(job);
  }

  /** Copies chunk k of the JS-memory inputs into their scratch in the shared memory. */
  #copyIn(job: Job, k: number): void {
    const n = job.plan.inputs[0]!.length;
    const dtype = job.plan.dtype;
    const size = sizeOf(dtype);
    const start = k * job.chunk * job.inPer;
    const end = Math.min(n, start + job.chunk * job.inPer);
    const buffer = this.core.heap.buffer;
    for (const input of job.copyIn) viewOf(buffer, dtype, input.to + start * size, end - start).set(input.array.subarray(start, end));
  }

  /**
   * Whether a job's arrays all live in JS memory (none overlapping another
   * but exactly): then this thread feeds the workers from the front and runs
   * chunks from the back itself, copying nothing into the shared memory for
   * them (V8 copies into a shared buffer more slowly than into a private one).
   */
  #twoEnded(job: Job): boolean {
    const plan = job.plan;
    if (plan.kind === 'rows') return false; // a row function streams from JS memory only whole
    if (!this.callerTakesChunks() || plan.reduction !== null || job.copyIn.length !== plan.inputs.length || job.copyOut.length !== plan.outputs.length) {
      return false;
    }
    for (const input of plan.inputs) for (const output of plan.outputs) if (overlaps(this.core.heap, input, output, true)) return false;
    return true;
  }

  /**
   * The calling thread's part of a two-ended job: it copies the inputs of
   * the front chunks into the shared memory a few chunks ahead of the
   * workers, and takes chunks from the back itself, through the private
   * instance (its own copy in, kernel, copy out, as the Kernel streams),
   * until the two ends meet. Returns how many chunks it ran.
   */
  #runFromBoth(job: Job, flags: Int32Array, tag: bigint): number {
    const { chunk } = job;
    const plan = job.plan as Plan; // elementwise (#twoEnded)
    const ctl = this.#ctl;
    const n = plan.inputs[0]!.length;
    const local = this.#localCore();
    const fn = local.kernel(plan.spec, plan.dtype);
    const ahead = 4 * this.slots.length;
    let copied = 0;
    let mine = 0;
    for (;;) {
      const range = claimRange(Atomics.load(this.#next, 0), tag);
      if (range === null || range[0] >= range[1]) break;
      if (copied < range[1] && copied < range[0] + ahead) {
        this.#copyIn(job, copied++);
        Atomics.store(ctl, LAYOUT.READY, copied);
        continue;
      }
      const k = claimBack(this.#next, tag);
      if (k < 0) break;
      const start = k * chunk;
      const end = Math.min(n, start + chunk);
      const slice = (o: Operand): Operand => ({ dtype: o.dtype, length: end - start, address: -1, array: o.array!.subarray(start, end) });
      execute(local.heap, fn, { ...plan, inputs: plan.inputs.map(slice), outputs: plan.outputs.map(slice), result: null, reduction: null });
      Atomics.store(flags, k, 2); // done, and already in the JS output
      Atomics.add(ctl, LAYOUT.DONE, 1);
      mine++;
      this.#drain(job, false);
    }
    // The workers' chunks whose inputs are not in yet (they wait for them).
    const front = claimRange(Atomics.load(this.#next, 0), tag)?.[0] ?? 0;
    while (copied < front) {
      this.#copyIn(job, copied++);
      Atomics.store(ctl, LAYOUT.READY, copied);
    }
    return mine;
  }

  /** The running job's chunks are all done (or it failed): it is no longer running. */
  #end(job: Job): true {
    if (this.#running === job) this.#running = null;
    return true;
  }

  /** Resolves a finished job (copying results to JS memory, reducing) or rejects a failed one. */
  #settle(job: Job): void {
    if (job.failure !== null) {
      this.#freeScratch(job);
      job.reject(new Error(`sigmoid-wasm pool: ${job.plan.spec.name} failed: ${job.failure}`));
      return;
    }
    const plan = job.plan;
    const n = job.units * job.outPer;
    const buffer = this.core.heap.buffer;
    this.#drain(job, true);
    let value = plan.result;
    if (plan.reduction !== null) {
      // As the Kernel sums (src/stream.ts): the element (or row) results in order, compensated.
      const sum = new CompensatedSum();
      sum.add(viewOf(buffer, plan.dtype, job.addresses[2]!, n), 0, n);
      value = plan.reduction === 'sum' ? sum.value : sum.value / job.units;
    }
    this.#freeScratch(job);
    job.resolve(value);
  }

  #freeScratch(job: Job): void {
    for (const [address, bytes] of job.scratch) this.core.heap.free(address, bytes);
    job.scratch.length = 0;
  }

  /** Rejects every queued call and the running one (whose chunks are no longer handed out). */
  #failAll(error: Error): void {
    if (this.#running !== null) Atomics.store(this.#next, 0, claimNone(this.#running.seq));
    const jobs = this.#running === null ? this.#queue.splice(0) : [this.#running, ...this.#queue.splice(0)];
    this.#running = null;
    for (const job of jobs) {
      this.#freeScratch(job);
      job.reject(error);
    }
  }

  // ---- workers -----------------------------------------------------------------

  #spawn(index: number): Slot {
    const slot: Slot = { index, handle: null as unknown as WorkerHandle, ready: false, dead: false };
    slot.handle = this.spawn(
      { ...this.#data, index },
      (message) => this.#onMessage(slot, message),
      (reason) => this.#onDeath(slot, reason),
    );
    if (!this.#refed) slot.handle.unref();
    return slot;
  }

  #onMessage(slot: Slot, message: WorkerMessage): void {
    if (slot.dead || this.#closed) return;
    if (message.type === 'ready') {
      slot.ready = true;
      if (++this.#readyCount === this.threads - 1) this.#readyResolve();
      this.#pump();
    } else if (message.type === 'done') {
      const job = this.#running;
      if (job !== null && job.seq === message.seq && job.failure === null && Atomics.load(this.#ctl, LAYOUT.DONE) === this.#ctl[LAYOUT.CHUNKS]) {
        this.#end(job);
        this.#settle(job);
        this.#pump();
      }
    }
  }

  /**
   * A worker ended (an exception, terminate(), the thread gone). If it was
   * inside the running job, that call rejects: no new chunk is handed out,
   * and once the other workers are out of the job (their current chunk
   * done) it ends. The pool starts another worker in its place. A worker
   * that dies before it was ready means workers cannot start here: every
   * call rejects, with the reason.
   */
  #onDeath(slot: Slot, reason: string): void {
    if (slot.dead || this.#closed) return;
    slot.dead = true;
    void slot.handle.terminate();
    if (!slot.ready) {
      const hint = this.platform.name === 'web' ? ' (a Content-Security-Policy must allow worker-src blob:)' : '';
      this.#broken = new Error(`sigmoid-wasm pool: a worker could not start: it ${reason}${hint}`);
      this.#readyReject(this.#broken);
      this.#failAll(this.#broken);
      this.#unref();
      return;
    }
    const ctl = this.#ctl;
    const held = Atomics.load(ctl, LAYOUT.BUSY + slot.index) !== 0;
    Atomics.store(ctl, LAYOUT.BUSY + slot.index, 0);
    this.slots[slot.index] = this.#spawn(slot.index);
    const job = this.#running;
    if (job === null || !held || job.failure !== null || Atomics.load(ctl, LAYOUT.DONE) === ctl[LAYOUT.CHUNKS]) return;
    job.failure = `worker ${slot.index} ${reason} while running it`;
    Atomics.store(this.#next, 0, claimNone(job.seq)); // front = back = 0: no more claims
    const wait = (): void => {
      if (this.#running !== job) return; // closed meanwhile
      const inside = this.slots.some((s) => !s.dead && Atomics.load(ctl, LAYOUT.BUSY + s.index) !== 0);
      if (inside) {
        setTimeout(wait, 1);
        return;
      }
      this.#end(job);
      this.#settle(job);
      this.#pump();
    };
    wait();
  }

  /** Node: workers keep the process alive only while calls are pending. */
  #ref(): void {
    if (this.#refed) return;
    this.#refed = true;
    for (const slot of this.slots) if (!slot.dead) slot.handle.ref();
  }

  #unref(): void {
    if (!this.#refed) return;
    this.#refed = false;
    for (const slot of this.slots) slot.handle.unref();
  }
}


/** A shared memory as large as the engine lets this thread reserve, up to 4 GiB. */
function sharedMemory(): WebAssembly.Memory {
  let error: unknown;
  for (const maximum of [SHARED_MAXIMUM_PAGES, 16384, 4096]) {
    try {
      return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum, shared: true });
    } catch (e) {
      error = e;
    }
  }
  throw new Error(`createPool: this engine cannot make a shared wasm memory (${String(error)})`);
}

/**
 * A pool of workers that run the kernels over one shared wasm memory, for
 * big arrays: the same operations as a {@link Kernel}, each returning a
 * Promise of what the Kernel returns, with the same bits.
 *
 * Options: those of createKernel (`precision`, `simd`, `relaxed`), plus
 * `threads` (the threads that work on a call, the calling thread included:
 * `threads - 1` workers; default: the cores of the machine, at most 64),
 * `parallelThreshold` (elements; shorter arrays run on the calling thread;
 * default 32768) and `chunkBytes` (the share a thread takes at a time;
 * default 64 KiB, a multiple of 64). The calling thread works on a big call
 * before the call returns (as pthreadpool's caller does): the Promise then
 * usually settles at once, and the thread is busy for about 1/threads of
 * the single-thread time.
 *
 * Arguments are checked when you call, as the Kernel checks them (a
 * TypeError or RangeError thrown before any work is queued). Arrays in JS
 * memory are copied when you call: change them as soon as the call returns.
 * Arrays from `pool.allocFloat32`/`allocFloat64` live in the shared memory
 * and are read and written by the workers while the call runs: leave them
 * alone until its Promise settles. Calls run one after another, in the order
 * they were made.
 *
 * In browsers the page must be cross-origin isolated (the headers
 * `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp`), else this throws an Error
 * naming them; a Content-Security-Policy must allow `worker-src blob:` (the
 * workers are made from a Blob URL) and `script-src 'wasm-unsafe-eval'`.
 *
 * @throws {TypeError} for an unknown option or option value (as createKernel).
 * @throws {RangeError} for `threads` outside 1..64, a negative
 *   `parallelThreshold`, or a `chunkBytes` that is not a multiple of 64.
 * @throws {Error} in a browser page that is not cross-origin isolated.
 * @example
 * ```ts
 * import { createPool } from 'sigmoid-wasm';
 * await using pool = createPool({ threads: 2 });
 * const x = pool.allocFloat32(1 << 22);          // in the shared memory
 * x.array.fill(0.5);
 * await pool.sigmoid(x, x);                      // in place, on two cores
 * const y = await pool.sigmoid(new Float32Array(1e6)); // JS arrays work too (copied)
 * ```
 */
export function createPool(options: PoolOptions = {}): Pool {
  return new PoolImpl(options) as unknown as Pool;
}
