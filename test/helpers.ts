// Shared test helpers: the kernels under test (every build that runs here x
// every precision tier, with the registry entries each one runs), the
// reference fixtures, ULP distances (against the fixtures, and exact ones for
// the backward step) and a seeded generator. Runs under Node and in the
// browser (vitest browser mode): see loadReference.
import { createKernel, relaxedSimdSupported } from '../src/index.js';
import {
  BUILDS,
  FAMILY_KERNELS,
  FAMILY_OPS,
  KERNELS,
  PRECISIONS,
  kernelFor,
  type BuildEntry,
  type DType,
  type FamilyOp,
  type KernelEntry,
  type Precision,
} from '../src/registry.js';
import type { Kernel, KernelOptions } from '../src/types.js';

export { BUILDS, FAMILY_KERNELS, FAMILY_OPS, KERNELS, PRECISIONS, kernelFor };
export type { DType, FamilyOp, KernelEntry, Precision };

export type BuildName = BuildEntry['name'];
export type Float = Float32Array | Float64Array;

/** The engine running the tests, for messages: `Node 20.20.2`, or the browser's user agent. */
export function engineLabel(): string {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  const node = proc?.versions?.node;
  if (typeof node === 'string' && typeof (globalThis as { document?: unknown }).document === 'undefined') return `Node ${node}`;
  return typeof navigator === 'undefined' ? 'this engine' : navigator.userAgent;
}

/** Whether the tests run under Node (not in a browser page). */
export function underNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string' && typeof (globalThis as { document?: unknown }).document === 'undefined';
}

/**
 * The createKernel options that select a build for a tier. 'simd' must say
 * relaxed: false, or the fast tier gets the relaxed build where it runs.
 */
export function optionsFor(build: BuildName, precision: Precision): KernelOptions {
  switch (build) {
    case 'simd':
      return { precision, simd: true, relaxed: false };
    case 'scalar':
      return { precision, simd: false };
    case 'relaxed':
      return { precision, relaxed: true };
  }
}

/** One kernel under test: a build, a tier, and the registry entries it runs. */
export interface KernelCase {
  readonly build: BuildName;
  readonly precision: Precision;
  /** `fast relaxed`, plus the reason when skipped: the title of its describe block. */
  readonly title: string;
  /** Why this case cannot run on this engine, or null when it runs. */
  readonly skip: string | null;
  /** The registry entries of this tier (a kernel of precision P runs the entries of precision P). */
  readonly entries: readonly KernelEntry[];
  /** The kernel (throws for a skipped case: use it inside tests or hooks, never while collecting). */
  readonly kernel: Kernel;
}

/** Whether the relaxed build runs here, and if not, why (the skip reason). */
export const RELAXED: { readonly supported: boolean; readonly reason: string } = relaxedSimdSupported()
  ? { supported: true, reason: '' }
  : { supported: false, reason: `${engineLabel()} does not support WebAssembly relaxed SIMD (relaxedSimdSupported() is false)` };

/** The registry entries of the sigmoid's own kernels of a tier (KERNELS; the family: familyEntriesOf). */
export function entriesOf(precision: Precision): KernelEntry[] {
  return KERNELS.filter((e) => e.precision === precision);
}

function makeCase(build: BuildName, precision: Precision): KernelCase {
  const skip = build === 'relaxed' && !RELAXED.supported ? RELAXED.reason : null;
  let kernel: Kernel | undefined;
  return {
    build,
    precision,
    title: `${precision} ${build} build${skip === null ? '' : ` [SKIPPED: ${skip}]`}`,
    skip,
    entries: entriesOf(precision),
    get kernel(): Kernel {
      if (skip !== null) throw new Error(`the ${precision} ${build} case is skipped here: ${skip}`);
      return (kernel ??= createKernel(optionsFor(build, precision)));
    },
  };
}

/**
 * Every build x tier the loader can run: both tiers on the SIMD and the
 * scalar build, and the fast tier on the relaxed build (the loader never runs
 * the accurate tier there: builds.test.ts checks that build's accurate
 * exports directly). The relaxed case is in the list on every engine, marked
 * skipped (with the reason) where relaxed SIMD does not run, such as Node 20.
 */
export const CASES: readonly KernelCase[] = PRECISIONS.flatMap((precision) =>
  BUILDS.filter((b) => precision === 'fast' || !b.relaxed).map((b) => makeCase(b.name, precision)),
);

/** The case of a build and tier (throws for a combination the loader does not run). */
export function caseOf(build: BuildName, precision: Precision): KernelCase {
  const c = CASES.find((k) => k.build === build && k.precision === precision);
  if (c === undefined) throw new Error(`no ${precision} ${build} case`);
  return c;
}

let sensitive: Float32Array | undefined;

/**
 * float32 inputs where the relaxed build's fast sigmoid or derivative
 * differs from the SIMD build's (fused multiply-add changes the last bit):
 * placed at every position of an array, they show whether an element's
 * result depends on where it sits (body or tail). Empty where the relaxed
 * build does not run. Found among seeded points on [-30, 30], once.
 */
export function relaxedSensitiveInputs(): Float32Array {
  if (sensitive !== undefined) return sensitive;
  if (!RELAXED.supported) return (sensitive = new Float32Array(0));
  const x = uniform('float32', 400_000, -30, 30, 77) as Float32Array;
  const relaxed = caseOf('relaxed', 'fast').kernel;
  const simd = caseOf('simd', 'fast').kernel;
  const [rs, ss, rd, sd] = [relaxed.sigmoid(x), simd.sigmoid(x), relaxed.sigmoidDerivative(x), simd.sigmoidDerivative(x)];
  const found: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Object.is(rs[i], ss[i]) || !Object.is(rd[i], sd[i])) found.push(x[i]!);
  return (sensitive = Float32Array.from(found));
}

// One line per test file that has skipped cases, so a skip is never silent
// (vitest also counts them as skipped, with the reason in their titles).
if (!RELAXED.supported) console.warn(`relaxed-build tests SKIPPED: ${RELAXED.reason}`);

export function arrayOf(dtype: DType, n: number | ArrayLike<number>): Float {
  return dtype === 'float32'
    ? typeof n === 'number' ? new Float32Array(n) : Float32Array.from(n)
    : typeof n === 'number' ? new Float64Array(n) : Float64Array.from(n);
}

/**
 * Runs a registry entry (of either list) through a kernel's public function; returns its
 * outputs. The kernel must be of the entry's tier: its functions run that
 * tier's entries.
 */
export function run(kernel: Kernel, entry: KernelEntry, a: Float, b?: Float): Float[] {
  if (kernel.precision !== entry.precision) {
    throw new Error(`run: ${entry.name} is a ${entry.precision} kernel, but the kernel runs the ${kernel.precision} tier`);
  }
  switch (entry.op) {
    case 'sigmoid':
      return [kernel.sigmoid(a as Float32Array)];
    case 'derivative':
      return [kernel.sigmoidDerivative(a as Float32Array)];
    case 'sigmoidWithDerivative': {
      const r = kernel.sigmoidWithDerivative(a as Float32Array);
      return [r.value, r.derivative];
    }
    case 'backward':
      return [kernel.sigmoidBackward(a as Float32Array, (b ?? a) as Float32Array)];
    case 'binaryCrossEntropyWithLogits':
      return [kernel.binaryCrossEntropyWithLogits(a as Float32Array, (b ?? a) as Float32Array)];
    case 'binaryCrossEntropyWithLogitsGradient':
      return [kernel.binaryCrossEntropyWithLogitsGradient(a as Float32Array, (b ?? a) as Float32Array)];
    default:
      return [kernel[entry.op](a as Float32Array)];
  }
}

/** The label of an entry's output k: `sigmoid`, or `fused value` / `fused derivative`. */
export function outputLabel(entry: KernelEntry, k: number): string {
  if (entry.op === 'sigmoidWithDerivative') return k === 0 ? 'fused value' : 'fused derivative';
  return entry.op;
}

/** Mulberry32: a small seeded generator, so every failure reproduces. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function uniform(dtype: DType, n: number, lo: number, hi: number, seed: number): Float {
  const r = rng(seed);
  const out = arrayOf(dtype, n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * r();
  return out;
}

const FORMAT: Record<DType, { p: number; emin: number }> = { float32: { p: 24, emin: -126 }, float64: { p: 53, emin: -1022 } };

/**
 * The unit in the last place of the target type at the true value v
 * (Goldberg's definition: the spacing of the binade holding |v|, with the
 * subnormal spacing below the normal range).
 */
export function ulp(v: number, dtype: DType): number {
  const { p, emin } = FORMAT[dtype];
  const a = Math.abs(v);
  if (a === 0 || !Number.isFinite(a)) return 2 ** (emin - p + 1);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  return 2 ** (Math.max(e, emin) - p + 1);
}

/** |got - (hi + lo)| in ULPs of the target type; NaN matches NaN only. */
export function ulpError(got: number, hi: number, lo: number, dtype: DType): number {
  if (Number.isNaN(hi)) return Number.isNaN(got) ? 0 : Infinity;
  if (Number.isNaN(got)) return Infinity;
  if (!Number.isFinite(hi)) return got === hi ? 0 : Infinity;
  return Math.abs(got - hi - lo) / ulp(hi, dtype);
}

// ---- exact arithmetic, for the backward step ------------------------------------

/** A finite float64 as m * 2^e exactly (m a BigInt, e an integer). */
function dyadic(v: number): [bigint, number] {
  if (v === 0) return [0n, 0];
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  let m = bits & ((1n << 52n) - 1n);
  if (exponent !== 0) m |= 1n << 52n;
  const e = exponent === 0 ? -1074 : exponent - 1075;
  return [bits >> 63n ? -m : m, e];
}

const bitLength = (m: bigint): number => (m === 0n ? 0 : (m < 0n ? -m : m).toString(2).length);

/** m * 2^e as a float64 (m at most ~2^1000 after the shift below). */
function scale(m: bigint, e: number): number {
  const extra = bitLength(m) - 64;
  if (extra > 0) {
    m >>= BigInt(extra);
    e += extra;
  }
  let v = Number(m);
  // In steps, so that neither 2^e nor an intermediate over- or underflows early.
  while (e > 1000) (v *= 2 ** 1000), (e -= 1000);
  while (e < -1000) (v *= 2 ** -1000), (e += 1000);
  return v * 2 ** e;
}

/** The exact dy * y * (1 - y) of finite inputs as m * 2^e. */
function backwardDyadic(y: number, dy: number): [bigint, number] {
  const [ym, ye] = dyadic(y);
  const [dm, de] = dyadic(dy);
  // 1 - y over the common exponent min(0, ye): exact.
  const e0 = Math.min(0, ye);
  const om = (1n << BigInt(-e0)) - (ym << BigInt(ye - e0));
  return [ym * om * dm, ye + e0 + de];
}

/**
 * The ULP error of `got` against the exact dy * y * (1 - y) of finite inputs
 * (exact rational arithmetic: every float is an integer times a power of
 * two), in ULPs of the target type at the exact value.
 */
export function backwardUlpError(got: number, y: number, dy: number, dtype: DType): number {
  if (Number.isNaN(got) || !Number.isFinite(got)) return Infinity;
  const [exactM, exactE] = backwardDyadic(y, dy);
  const [gm, ge] = dyadic(got);
  const low = Math.min(ge, exactE);
  let diff = gm * (1n << BigInt(ge - low)) - exactM * (1n << BigInt(exactE - low));
  if (diff < 0n) diff = -diff;
  // ULP at the exact value: the binade of |exactM| * 2^exactE, clamped to the subnormal spacing.
  const { p, emin } = FORMAT[dtype];
  const binade = exactM === 0n ? emin : bitLength(exactM) - 1 + exactE;
  const ulpExponent = Math.max(binade, emin) - p + 1;
  return scale(diff, low - ulpExponent);
}

/** The exact dy * y * (1 - y), rounded to a float64 (for messages). */
export function backwardExact(y: number, dy: number): number {
  const [m, e] = backwardDyadic(y, dy);
  return scale(m, e);
}

// ---- the fixtures ------------------------------------------------------------------

/** One reference point: x, and sigmoid and derivative as hi + lo pairs (scripts/reference.py). */
export interface Reference {
  x: Float64Array;
  sigmoid: [Float64Array, Float64Array];
  derivative: [Float64Array, Float64Array];
}

/**
 * A fixture's bytes. Under Node the module URL is a file: URL and the file is
 * read from disk; in the browser it is an http: URL on the Vite server of
 * vitest browser mode, which serves the file as it is.
 */
async function readFixture(name: string): Promise<ArrayBuffer> {
  const url = new URL(`./fixtures/${name}`, import.meta.url);
  let bytes: ArrayBuffer;
  if (url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    const file = await readFile(url);
    bytes = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  } else {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`fixture ${url}: HTTP ${response.status} ${response.statusText}`);
    bytes = await response.arrayBuffer();
  }
  // Rows of five float64: x, sigmoid hi, lo, derivative hi, lo.
  if (bytes.byteLength === 0 || bytes.byteLength % 40 !== 0) {
    throw new Error(`fixture ${url}: ${bytes.byteLength} bytes is not a whole number of 40-byte rows`);
  }
  return bytes;
}

// Read once, at import (top-level await), so loadReference stays synchronous
// for describe blocks in both environments.
const FIXTURES: Record<DType, ArrayBuffer> = {
  float32: await readFixture('f32.bin'),
  float64: await readFixture('f64.bin'),
};

/** The reference points of one type, as fresh arrays (callers may modify them). */
export function loadReference(dtype: DType): Reference {
  const rows = new Float64Array(FIXTURES[dtype]);
  const n = rows.length / 5;
  const col = (c: number) => Float64Array.from({ length: n }, (_, i) => rows[5 * i + c]!);
  return { x: col(0), sigmoid: [col(1), col(2)], derivative: [col(3), col(4)] };
}

/**
 * Inputs for the backward step dx = dy * y * (1 - y): y runs over every
 * correctly rounded sigmoid of the fixtures (saved forward outputs: 0, 1,
 * subnormals, 1/2 and everything between, in the target type), dy over
 * seeded values, most on [-2, 2], every fourth a signed power of two from
 * 2^-40 to 2^40 times a random significand. Finite values only.
 */
export function backwardInputs(dtype: DType): { y: Float; dy: Float } {
  const ref = loadReference(dtype);
  const ys = Array.from(ref.sigmoid[0]).filter(Number.isFinite);
  const y = arrayOf(dtype, ys);
  const r = rng(21);
  const dy = arrayOf(dtype, y.length);
  for (let i = 0; i < dy.length; i++) {
    const sign = r() < 0.5 ? -1 : 1;
    dy[i] = i % 4 === 3 ? sign * (1 + r()) * 2 ** Math.floor(81 * r() - 40) : 4 * r() - 2;
  }
  return { y, dy };
}

// ---- comparisons ---------------------------------------------------------------------

/** Bitwise equality, except that any NaN equals any NaN (wasm leaves NaN bits unspecified). */
export function sameBits(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

/** Index of the first element where two arrays differ (sameBits), or -1. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!sameBits(a[i]!, b[i]!)) return i;
  return -1;
}

/** How many elements of two equally long arrays differ (sameBits). */
export function countDifferences(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!sameBits(a[i]!, b[i]!)) n++;
  return n;
}

/** The bit pattern of v in the given type, for bitwise-comparison messages. */
export function bits(v: number, dtype: DType): string {
  const view = new DataView(new ArrayBuffer(8));
  if (dtype === 'float32') {
    view.setFloat32(0, v);
    return `0x${view.getUint32(0).toString(16).padStart(8, '0')}`;
  }
  view.setFloat64(0, v);
  return `0x${view.getBigUint64(0).toString(16).padStart(16, '0')}`;
}

/** A message for the first difference of two results: index, input, both values and their bits. */
export function describeDifference(label: string, got: ArrayLike<number>, want: ArrayLike<number>, x: ArrayLike<number>, dtype: DType): string {
  if (got.length !== want.length) return `${label}: length ${got.length}, expected ${want.length}`;
  const i = firstDifference(got, want);
  if (i < 0) return `${label}: no difference`;
  return `${label}: x = ${x[i]} (index ${i}): got ${got[i]} (${bits(got[i]!, dtype)}), expected ${want[i]} (${bits(want[i]!, dtype)})`;
}

// ---- the sigmoid family ------------------------------------------------------------

/** The family's entries of a tier (each family kernel once; both tiers list the same symbols). */
export function familyEntriesOf(precision: Precision): KernelEntry[] {
  return FAMILY_KERNELS.filter((e) => e.precision === precision);
}

/** The family's ops of one input, and of two (logits x, targets y). */
export const FAMILY_UNARY = ['tanh', 'tanhDerivative', 'silu', 'siluDerivative', 'softplus', 'logSigmoid', 'logit'] as const;
export const FAMILY_BINARY = ['binaryCrossEntropyWithLogits', 'binaryCrossEntropyWithLogitsGradient'] as const;
export type FamilyUnary = (typeof FAMILY_UNARY)[number];
export type FamilyBinary = (typeof FAMILY_BINARY)[number];

/** A family function of a kernel, loosely typed: (x, out?) or (x, y, out?) (the loss's out goes in its options). */
export function familyFunction(kernel: Kernel, op: FamilyOp): (a: unknown, b?: unknown, c?: unknown) => unknown {
  if (op === 'binaryCrossEntropyWithLogits') {
    const f = kernel.binaryCrossEntropyWithLogits as (x: unknown, y: unknown, o?: unknown) => unknown;
    return (x, y, out) => f(x, y, out === undefined ? undefined : { out });
  }
  return kernel[op] as (a: unknown, b?: unknown, c?: unknown) => unknown;
}

/** Runs a family op over arrays (y for the two losses); out optional. */
export function runFamily(kernel: Kernel, op: FamilyOp, x: Float, y?: Float, out?: Float): Float {
  const f = familyFunction(kernel, op);
  const binary = (FAMILY_BINARY as readonly string[]).includes(op);
  if (binary && y === undefined) throw new Error(`runFamily: ${op} needs targets y`);
  return (binary ? f(x, y, out) : f(x, out)) as Float;
}

/** sigmoid(x) in float64, without cancellation: 1 / (1 + e^-x), and for x < 0, e^x / (1 + e^x). */
export function sigmoid64(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** softplus in float64: max(x, 0) + log1p(e^-|x|). */
export function softplus64(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * Well-conditioned float64 formulas of the family (the test reference; a few
 * float64 ULPs from the exact value, far below a float32 ULP). NaN where the
 * function is NaN (targets outside [0, 1], p outside [0, 1]); special inputs
 * (infinities) are the special-value tests' business, not these formulas'.
 */
export const FAMILY_REFERENCE: Record<FamilyOp, (x: number, y: number) => number> = {
  tanh: (x) => Math.tanh(x),
  // e^-2|x| as h * h, h = e^-|x|, here and below: a product that ends in the
  // subnormal range then rounds once, at its last step (e itself would be
  // rounded there first, far from the result's relative accuracy).
  tanhDerivative: (x) => {
    const h = Math.exp(-Math.abs(x));
    const e = h * h;
    return (4 * h * h) / ((1 + e) * (1 + e));
  },
  silu: (x) => {
    if (x >= 0) return x * sigmoid64(x);
    const h = Math.exp(x / 2);
    return (x * h * h) / (1 + h * h);
  },
  // s (1 + x (1 - s)) = e (1 + x / (1 + e)) / (1 + e), e = e^x.
  siluDerivative: (x) => {
    if (x >= -1) return sigmoid64(x) * (1 + x * sigmoid64(-x));
    const h = Math.exp(x / 2);
    const e = h * h;
    return (h * (1 + x / (1 + e)) * h) / (1 + e);
  },
  softplus: (x) => softplus64(x),
  logSigmoid: (x) => -softplus64(-x),
  logit: (p) => {
    if (!(p >= 0 && p <= 1)) return NaN;
    // Near 1/2 (and above), 2p - 1 and 1 - p are exact: log1p of one quotient.
    return p >= 0.25 ? Math.log1p((2 * p - 1) / (1 - p)) : Math.log(p / (1 - p));
  },
  binaryCrossEntropyWithLogits: (x, y) =>
    y >= 0 && y <= 1 ? Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x))) : NaN,
  binaryCrossEntropyWithLogitsGradient: (x, y) => (y >= 0 && y <= 1 ? (1 - y) * sigmoid64(x) - y * sigmoid64(-x) : NaN),
};

/**
 * Seeded inputs of a family op, finite: uniform on [-30, 30], then signed
 * log-spaced magnitudes (2^-40 to 2^7 for float32, to 2^10 for float64), so
 * the tails, subnormal results included, are sampled; logit's p: uniform on
 * [0, 1], then 2^-k and 1 - 2^-k. For the losses, y: exactly 0 or 1 on the
 * first half, uniform on [0, 1] (soft targets) on the second.
 */
export function familyInputs(op: FamilyOp, dtype: DType, n: number, seed: number): { x: Float; y: Float } {
  const r = rng(seed);
  const x = arrayOf(dtype, n);
  const y = arrayOf(dtype, n);
  const top = dtype === 'float32' ? 7 : 10;
  const half = Math.floor(n / 2);
  for (let i = 0; i < n; i++) {
    if (op === 'logit') {
      const k = 1 + Math.floor(r() * (dtype === 'float32' ? 24 : 53));
      x[i] = i < half ? r() : i % 2 === 0 ? 2 ** -k * (1 + r()) : 1 - 2 ** -k * (1 + r()) / 2;
    } else {
      const sign = r() < 0.5 ? -1 : 1;
      x[i] = i % 2 === 0 ? 60 * r() - 30 : sign * 2 ** (-40 + (top + 40) * r());
    }
    y[i] = i < half ? (r() < 0.5 ? 0 : 1) : r();
  }
  return { x, y };
}

/** The family reference of every element: op(x[i], y[i]) in float64. */
export function familyReference(op: FamilyOp, x: ArrayLike<number>, y?: ArrayLike<number>): Float64Array {
  const f = FAMILY_REFERENCE[op];
  return Float64Array.from({ length: x.length }, (_, i) => f(x[i]!, y?.[i] ?? 0));
}

// ---- exact sums ------------------------------------------------------------------

/** The exact sum of finite float64 values as m * 2^e (e the smallest exponent among them). */
function exactSum(values: ArrayLike<number>): [bigint, number] {
  const parts: Array<[bigint, number]> = [];
  let low = Infinity;
  for (let i = 0; i < values.length; i++) {
    const d = dyadic(values[i]!);
    if (d[0] !== 0n) {
      parts.push(d);
      low = Math.min(low, d[1]);
    }
  }
  if (parts.length === 0) return [0n, 0];
  let m = 0n;
  for (const [pm, pe] of parts) m += pm << BigInt(pe - low);
  return [m, low];
}

/** The exact sum of finite values, rounded (within an ULP) to a float64: for messages. */
export function exactSumApprox(values: ArrayLike<number>): number {
  const [m, e] = exactSum(values);
  return scale(m, e);
}

/**
 * The error of `got` against the exact sum of finite float64 `values`
 * divided by `divisor` (1 for a sum, n for a mean), in float64 ULPs at the
 * exact result: exact rational arithmetic, independent of any summation
 * order or algorithm.
 */
export function sumUlpError(got: number, values: ArrayLike<number>, divisor = 1): number {
  if (!Number.isFinite(got)) return Infinity;
  const [sm, se] = exactSum(values);
  const [gm, ge] = dyadic(got);
  // |got * divisor - S| exactly, over the common exponent.
  const low = Math.min(ge, se);
  let diff = gm * BigInt(divisor) * (1n << BigInt(ge - low)) - sm * (1n << BigInt(se - low));
  if (diff < 0n) diff = -diff;
  // The ULP at S / divisor, from its binade (S / divisor as a float64 is close enough for that).
  const exact = scale(sm, se) / divisor;
  const u = ulp(exact, 'float64');
  // diff * 2^low / divisor / u.
  return scale(diff, low) / divisor / u;
}
