/**
 * A quick speed comparison that runs wherever the package runs (Node or a
 * browser tab): this package, on arrays in JS memory and on zero-copy
 * WasmArrays, against the plain JS loop `1 / (1 + Math.exp(-x))`.
 *
 * A single time means little on a shared machine, so every number is
 * relative to the plain JS loop measured in the same round: the candidates
 * run interleaved (the order rotates each round), each result is a median
 * over rounds, and the ratio is the median of the per-round ratios. The
 * outputs are read back into a checksum so no engine can skip the work.
 */
import { createKernel } from './kernel.js';
import type { Kernel } from './types.js';

/**
 * What is compared: the plain JS loop, this package on arrays in JS memory,
 * and this package on WasmArrays (zero-copy).
 *
 * @example
 * ```ts
 * const zeroCopy = result.sizes[0]?.candidates.find((c) => c.id === 'wasmZeroCopy');
 * ```
 */
export type QuickBenchmarkCandidateId = 'js' | 'wasm' | 'wasmZeroCopy';

/**
 * Options of {@link quickBenchmark}; every one is optional.
 *
 * @example
 * ```ts
 * await quickBenchmark({ sizes: [1e4, 1e6], rounds: 9, timeBudgetMs: 800, kernel: createKernel({ simd: false }) });
 * ```
 */
export interface QuickBenchmarkOptions {
  /** Array lengths to measure (default `[1e3, 1e4, 1e5, 1e6]`), each at most 1e7. */
  sizes?: readonly number[];
  /** Most rounds per size (default 15); fewer when the time budget runs out, never fewer than one. */
  rounds?: number;
  /** Total time to aim for, in milliseconds, shared equally by the sizes (default 1500). */
  timeBudgetMs?: number;
  /** Seed of the inputs, uniform in [-10, 10] (default 42). */
  seed?: number;
  /** The kernel to measure (default: a new `createKernel()`; pass `createKernel({ simd: false })` for the scalar build). */
  kernel?: Kernel;
  /** Called after each size, e.g. to update a page while the rest runs. */
  onSize?: (size: QuickBenchmarkSize) => void;
}

/**
 * One candidate at one size.
 *
 * @example
 * ```ts
 * for (const c of result.sizes[0]!.candidates) console.log(c.name, c.mElementsPerSecond, `${c.ratio}x`);
 * ```
 */
export interface QuickBenchmarkCandidate {
  readonly id: QuickBenchmarkCandidateId;
  readonly name: string;
  /** Median over rounds, in million elements per second. */
  readonly mElementsPerSecond: number;
  /** Median over rounds of (this rate / the plain JS loop's rate in the same round); 1 for the loop itself. */
  readonly ratio: number;
  /** Median time of one call, in milliseconds. */
  readonly medianMs: number;
}

/**
 * The results at one array length.
 *
 * @example
 * ```ts
 * await quickBenchmark({ onSize: (s) => console.log(s.size, s.candidates.map((c) => c.ratio)) });
 * ```
 */
export interface QuickBenchmarkSize {
  readonly size: number;
  /** Rounds measured (each runs every candidate once, interleaved). */
  readonly rounds: number;
  /**
   * Calls per timed sample for each candidate at the end of the run (small
   * arrays repeat, so a sample outlasts the timer's resolution; the count
   * doubles while samples come in short).
   */
  readonly repeats: Readonly<Record<QuickBenchmarkCandidateId, number>>;
  readonly candidates: readonly QuickBenchmarkCandidate[];
}

/**
 * What {@link quickBenchmark} measured, and where: plain data (JSON-safe).
 *
 * @example
 * ```ts
 * const result = await quickBenchmark();
 * console.log(result.simd ? 'SIMD' : 'scalar', result.environment, JSON.stringify(result));
 * ```
 */
export interface QuickBenchmarkResult {
  readonly dtype: 'float32';
  /** True when the measured kernel runs the SIMD build (or the relaxed-SIMD one). */
  readonly simd: boolean;
  /** True when it runs the relaxed-SIMD build (fused multiply-add where the hardware has it). */
  readonly relaxed: boolean;
  /** The measured kernel's precision tier. */
  readonly precision: 'fast' | 'accurate';
  /** `navigator.userAgent` in a browser, `Node.js <version> (<platform> <arch>)` in Node. */
  readonly environment: string;
  readonly sizes: readonly QuickBenchmarkSize[];
  /** Wall time of the whole run, in milliseconds. */
  readonly totalMs: number;
  /** A sum of outputs read after every call (keeps the work observable; not meaningful otherwise). */
  readonly checksum: number;
}

const NAMES: Record<QuickBenchmarkCandidateId, string> = {
  js: 'plain JS loop',
  wasm: 'sigmoid-wasm, JS arrays',
  wasmZeroCopy: 'sigmoid-wasm, zero-copy',
};
const IDS: readonly QuickBenchmarkCandidateId[] = ['js', 'wasm', 'wasmZeroCopy'];
const OPTION_KEYS = new Set(['sizes', 'rounds', 'timeBudgetMs', 'seed', 'kernel', 'onSize']);
const MAX_SIZE = 10_000_000;
/**
 * Shortest timed sample. Browsers coarsen performance.now() (to 100 µs
 * without cross-origin isolation), so a sample must last a few ms for the
 * rounding to stay in the noise.
 */
const MIN_SAMPLE_MS = 4;
/** Most calls in one sample (a size-1 array at a few ns a call). */
const MAX_REPEATS = 1 << 20;

/**
 * Measures this package against the plain JS loop on float32 arrays, in
 * about `timeBudgetMs` (1.5 s by default), and reports million elements per
 * second and the ratio to the loop for each size. Yields to the event loop
 * between rounds, so a page stays responsive.
 *
 * The returned promise rejects with a TypeError when an option has the wrong
 * type or is unknown, and with a RangeError for an empty `sizes`, a size
 * outside 1..1e7, `rounds < 1` or a negative budget.
 * @example
 * ```ts
 * import { quickBenchmark, formatQuickBenchmark } from 'sigmoid-wasm/quickbench';
 * const result = await quickBenchmark({ sizes: [1e4, 1e6], timeBudgetMs: 1000 });
 * console.log(formatQuickBenchmark(result));
 * console.log(result.sizes[1]?.candidates[2]?.ratio); // zero-copy vs the plain loop at 1e6
 * ```
 */
export async function quickBenchmark(options: QuickBenchmarkOptions = {}): Promise<QuickBenchmarkResult> {
  const o = validate(options);
  const kernel = o.kernel ?? createKernel();
  const start = performance.now();
  const sink = { value: 0 };
  const sizes: QuickBenchmarkSize[] = [];
  const budgetPerSize = o.timeBudgetMs / o.sizes.length;
  for (const size of o.sizes) {
    const result = await measureSize(kernel, size, o.rounds, budgetPerSize, o.seed, sink);
    sizes.push(result);
    o.onSize?.(result);
  }
  return {
    dtype: 'float32',
    simd: kernel.simd,
    relaxed: kernel.relaxed,
    precision: kernel.precision,
    environment: environment(),
    sizes,
    totalMs: performance.now() - start,
    checksum: sink.value,
  };
}

/**
 * The result of {@link quickBenchmark} as a text table (one block per size).
 *
 * @example
 * ```ts
 * import { quickBenchmark, formatQuickBenchmark } from 'sigmoid-wasm/quickbench';
 * console.log(formatQuickBenchmark(await quickBenchmark()));
 * // float32 sigmoid, fast tier, SIMD build, Node.js v20.20.2 (linux x64)
 * //        n  candidate                  M elements/s  vs plain JS
 * //    1e+6  plain JS loop                        61        1.0x  ...
 * ```
 */
export function formatQuickBenchmark(result: QuickBenchmarkResult): string {
  const lines = [
    `float32 sigmoid, ${result.precision} tier, ${buildName(result)} build, ${result.environment}`,
    `${'n'.padStart(9)}  ${'candidate'.padEnd(25)}  ${'M elements/s'.padStart(12)}  ${'vs plain JS'.padStart(11)}  rounds`,
  ];
  for (const s of result.sizes) {
    s.candidates.forEach((c, i) => {
      const n = i === 0 ? String(s.size) : '';
      const rate = c.mElementsPerSecond >= 100 ? c.mElementsPerSecond.toFixed(0) : c.mElementsPerSecond.toPrecision(3);
      lines.push(
        `${n.padStart(9)}  ${c.name.padEnd(25)}  ${rate.padStart(12)}  ${`${c.ratio.toFixed(2)}x`.padStart(11)}  ${i === 0 ? s.rounds : ''}`.trimEnd(),
      );
    });
  }
  lines.push(`(medians over interleaved rounds; ratios measured against the plain JS loop in the same round; ${Math.round(result.totalMs)} ms)`);
  return lines.join('\n');
}

// ---- measurement ------------------------------------------------------------

/** The baseline, exactly as users write it. */
function plainLoop(x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]!));
}

/** Uniform float32 in [-10, 10] from Mulberry32, so every run measures the same inputs. */
function inputs(n: number, seed: number): Float32Array {
  const x = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    x[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 20 - 10;
  }
  return x;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Lets the event loop run (a page repaints, a click is handled) between rounds. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function measureSize(
  kernel: Kernel,
  n: number,
  maxRounds: number,
  budgetMs: number,
  seed: number,
  sink: { value: number },
): Promise<QuickBenchmarkSize> {
  const start = performance.now();
  const x = inputs(n, seed);
  const out = new Float32Array(n);
  const wx = kernel.allocFloat32(x);
  const wy = kernel.allocFloat32(n);
  try {
    let probe = 0;
    /** Reads one output element (a different one each time), so the result is used. */
    const consume = (array: Float32Array): void => {
      probe = (probe + 7919) % n;
      sink.value += array[probe]!;
    };
    const run: Record<QuickBenchmarkCandidateId, () => void> = {
      js: () => {
        plainLoop(x, out);
        consume(out);
      },
      wasm: () => {
        kernel.sigmoid(x, out);
        consume(out);
      },
      wasmZeroCopy: () => {
        kernel.sigmoid(wx, wy);
        consume(wy.array);
      },
    };
    const time = (id: QuickBenchmarkCandidateId, reps: number): number => {
      const f = run[id];
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) f();
      return performance.now() - t0;
    };

    // Warm-up and calibration: double the repeats until one sample outlasts
    // MIN_SAMPLE_MS. Cold code is slow (the JIT has not compiled the loop
    // yet, the wasm has not tiered up), so the rounds below keep doubling a
    // candidate's repeats whenever a sample comes in short; rates are per
    // element, so samples with different repeats compare.
    const repeats = { js: 1, wasm: 1, wasmZeroCopy: 1 };
    for (const id of IDS) {
      while (time(id, repeats[id]) < MIN_SAMPLE_MS && repeats[id] < MAX_REPEATS) repeats[id] *= 2;
    }

    const rates: Record<QuickBenchmarkCandidateId, number[]> = { js: [], wasm: [], wasmZeroCopy: [] };
    const ratios: Record<QuickBenchmarkCandidateId, number[]> = { js: [], wasm: [], wasmZeroCopy: [] };
    let rounds = 0;
    while (rounds < maxRounds && (rounds === 0 || performance.now() - start < budgetMs)) {
      const rate: Partial<Record<QuickBenchmarkCandidateId, number>> = {};
      for (let j = 0; j < IDS.length; j++) {
        const id = IDS[(rounds + j) % IDS.length]!;
        // max(): a zero reading (a coarse timer) must not become an infinite rate.
        const ms = Math.max(time(id, repeats[id]), 1e-3);
        rate[id] = (n * repeats[id]) / ms / 1e3;
        if (ms < MIN_SAMPLE_MS && repeats[id] < MAX_REPEATS) repeats[id] *= 2;
      }
      for (const id of IDS) {
        rates[id].push(rate[id]!);
        ratios[id].push(rate[id]! / rate.js!);
      }
      rounds++;
      await yieldToEventLoop();
    }

    const candidates = IDS.map((id): QuickBenchmarkCandidate => {
      const mElementsPerSecond = median(rates[id]);
      return {
        id,
        name: NAMES[id],
        mElementsPerSecond,
        ratio: id === 'js' ? 1 : median(ratios[id]),
        medianMs: n / mElementsPerSecond / 1e3,
      };
    });
    return { size: n, rounds, repeats, candidates };
  } finally {
    wx.free();
    wy.free();
  }
}

// ---- environment and options -----------------------------------------------

/** Node first: Node 21+ also has a `navigator`, whose userAgent says less. */
function environment(): string {
  const proc = (globalThis as { process?: { version?: string; platform?: string; arch?: string; versions?: { node?: string } } }).process;
  if (proc?.versions?.node !== undefined) return `Node.js ${proc.version ?? proc.versions.node} (${proc.platform ?? '?'} ${proc.arch ?? '?'})`;
  if (typeof navigator !== 'undefined' && typeof navigator.userAgent === 'string') return navigator.userAgent;
  return 'unknown JavaScript engine';
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

interface Resolved {
  sizes: readonly number[];
  rounds: number;
  timeBudgetMs: number;
  seed: number;
  kernel: Kernel | undefined;
  onSize: ((size: QuickBenchmarkSize) => void) | undefined;
}

function validate(options: QuickBenchmarkOptions): Resolved {
  const fn = 'quickBenchmark';
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${fn}: options must be an object (got ${typeName(options)})`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new TypeError(`${fn}: unknown option '${key}'`);
  }
  const sizes: unknown = options.sizes ?? [1e3, 1e4, 1e5, 1e6];
  if (!Array.isArray(sizes)) throw new TypeError(`${fn}: options.sizes must be an array of lengths (got ${typeName(sizes)})`);
  if (sizes.length === 0) throw new RangeError(`${fn}: options.sizes must not be empty`);
  for (const s of sizes as unknown[]) {
    if (typeof s !== 'number') throw new TypeError(`${fn}: options.sizes must hold numbers (got ${typeName(s)})`);
    if (!Number.isInteger(s) || s < 1 || s > MAX_SIZE) throw new RangeError(`${fn}: each size must be an integer in 1..${MAX_SIZE} (got ${s})`);
  }
  const rounds: unknown = options.rounds ?? 15;
  if (typeof rounds !== 'number') throw new TypeError(`${fn}: options.rounds must be a number (got ${typeName(rounds)})`);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10_000) throw new RangeError(`${fn}: options.rounds must be an integer in 1..10000 (got ${rounds})`);
  const budget: unknown = options.timeBudgetMs ?? 1500;
  if (typeof budget !== 'number') throw new TypeError(`${fn}: options.timeBudgetMs must be a number (got ${typeName(budget)})`);
  if (!(budget >= 0) || !Number.isFinite(budget)) throw new RangeError(`${fn}: options.timeBudgetMs must be a finite number >= 0 (got ${budget})`);
  const seed: unknown = options.seed ?? 42;
  if (typeof seed !== 'number') throw new TypeError(`${fn}: options.seed must be a number (got ${typeName(seed)})`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`${fn}: options.seed must be an integer (got ${seed})`);
  const kernel: unknown = options.kernel;
  if (kernel !== undefined && (kernel === null || typeof kernel !== 'object' || typeof (kernel as Kernel).allocFloat32 !== 'function')) {
    throw new TypeError(`${fn}: options.kernel must be a kernel from createKernel() (got ${typeName(kernel)})`);
  }
  const onSize: unknown = options.onSize;
  if (onSize !== undefined && typeof onSize !== 'function') throw new TypeError(`${fn}: options.onSize must be a function (got ${typeName(onSize)})`);
  return {
    sizes: sizes as number[],
    rounds,
    timeBudgetMs: budget,
    seed,
    kernel: kernel as Kernel | undefined,
    onSize: onSize as ((size: QuickBenchmarkSize) => void) | undefined,
  };
}

/** 'relaxed-SIMD', 'SIMD' or 'scalar': the build a kernel (or a result) ran. */
export function buildName(k: { readonly simd: boolean; readonly relaxed: boolean }): string {
  return k.relaxed ? 'relaxed-SIMD' : k.simd ? 'SIMD' : 'scalar';
}
