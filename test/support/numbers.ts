// Numbers for the tests: ULPs, bit patterns, bitwise comparison (any NaN
// matches any NaN: wasm leaves NaN bits unspecified), seeded generators,
// exact rational arithmetic (the backward step's products and the loss's
// sums are checked against exact values, not against another float
// computation) and the compensated sum the loss promises. Runs under Node
// and in the browsers.
import type { DType } from '../../src/op.js';

export type { DType };
export type Float = Float32Array | Float64Array;

export const TYPES: readonly DType[] = ['float32', 'float64'];

/** A typed array of a type: n zeros, or a copy of the values. */
export function arrayOf(dtype: DType, n: number | ArrayLike<number>): Float {
  if (dtype === 'float32') return typeof n === 'number' ? new Float32Array(n) : Float32Array.from(n);
  return typeof n === 'number' ? new Float64Array(n) : Float64Array.from(n);
}

/** v rounded to the type. */
export const roundTo = (dtype: DType, v: number): number => (dtype === 'float32' ? Math.fround(v) : v);

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

/** n seeded points, uniform on [lo, hi), rounded to the type. */
export function uniform(dtype: DType, n: number, lo: number, hi: number, seed: number): Float {
  const r = rng(seed);
  const out = arrayOf(dtype, n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * r();
  return out;
}

const FORMAT: Record<DType, { p: number; emin: number }> = { float32: { p: 24, emin: -126 }, float64: { p: 53, emin: -1022 } };

/** Significand bits of the type: 24 or 53 (the p of 2^-p). */
export const precisionBits = (dtype: DType): number => FORMAT[dtype].p;

/** The smallest subnormal, and the largest finite value, of the type. */
export const TINY = { float32: 2 ** -149, float64: 2 ** -1074 } as const;
export const MAX = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE } as const;

/**
 * The unit in the last place of the type at the true value v (Goldberg's
 * definition: the spacing of the binade holding |v|, with the subnormal
 * spacing below the normal range).
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

/** |got - (hi + lo)| in ULPs of the type at hi; NaN matches NaN only, an infinity itself only. */
export function ulpError(got: number, hi: number, lo: number, dtype: DType): number {
  if (Number.isNaN(hi)) return Number.isNaN(got) ? 0 : Infinity;
  if (Number.isNaN(got)) return Infinity;
  if (!Number.isFinite(hi)) return got === hi ? 0 : Infinity;
  if (!Number.isFinite(got)) return Infinity;
  return Math.abs(got - hi - lo) / ulp(hi, dtype);
}

/** Bitwise equality, except that any NaN equals any NaN. */
export function sameBits(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

/** Index of the first element where two arrays differ (sameBits), or -1; 0 when the lengths differ. */
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

/** The bit pattern of v in the type, for messages. */
export function bits(v: number, dtype: DType): string {
  const view = new DataView(new ArrayBuffer(8));
  if (dtype === 'float32') {
    view.setFloat32(0, v);
    return `0x${view.getUint32(0).toString(16).padStart(8, '0')}`;
  }
  view.setFloat64(0, v);
  return `0x${view.getBigUint64(0).toString(16).padStart(16, '0')}`;
}

/** A number as a message shows it: -0 spelled out, and its bits. */
export const show = (v: number, dtype: DType): string => `${Object.is(v, -0) ? '-0' : String(v)} (${bits(v, dtype)})`;

/**
 * The first difference of two results as a message: the index, the inputs
 * there, both values and their bits; '' when they agree.
 */
export function describeDifference(
  label: string,
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  inputs: readonly ArrayLike<number>[],
  dtype: DType,
): string {
  if (got.length !== want.length) return `${label}: length ${got.length}, expected ${want.length}`;
  const i = firstDifference(got, want);
  if (i < 0) return '';
  const at = inputs.map((a, k) => `${k === 0 ? 'x' : 'y'} = ${show(a[i]!, dtype)}`).join(', ');
  return `${label}: index ${i} of ${got.length}, ${at}: got ${show(got[i]!, dtype)}, expected ${show(want[i]!, dtype)}`;
}

// ---- exact arithmetic: every finite float is an integer times a power of two ----------

/** A finite float64 as m * 2^e exactly (m a BigInt, e an integer). */
export function dyadic(v: number): [bigint, number] {
  if (v === 0) return [0n, 0];
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const raw = view.getBigUint64(0);
  const exponent = Number((raw >> 52n) & 0x7ffn);
  let m = raw & ((1n << 52n) - 1n);
  if (exponent !== 0) m |= 1n << 52n;
  const e = exponent === 0 ? -1074 : exponent - 1075;
  return [raw >> 63n ? -m : m, e];
}

const bitLength = (m: bigint): number => (m === 0n ? 0 : (m < 0n ? -m : m).toString(2).length);

/** m * 2^e as a float64 (to within an ULP: for messages and units). */
export function scaleOf(m: bigint, e: number): number {
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

/** The exact dy * y * (1 - y) of finite inputs, as m * 2^e. */
function backwardDyadic(y: number, dy: number): [bigint, number] {
  const [ym, ye] = dyadic(y);
  const [dm, de] = dyadic(dy);
  // 1 - y over the common exponent min(0, ye): exact.
  const e0 = Math.min(0, ye);
  const om = (1n << BigInt(-e0)) - (ym << BigInt(ye - e0));
  return [ym * om * dm, ye + e0 + de];
}

/**
 * The error of `got` against the exact dy * y * (1 - y) of finite inputs, in
 * ULPs of the type at the exact value (exact rational arithmetic).
 */
export function backwardUlpError(got: number, y: number, dy: number, dtype: DType): number {
  if (!Number.isFinite(got)) return Infinity;
  const [exactM, exactE] = backwardDyadic(y, dy);
  const [gm, ge] = dyadic(got);
  const low = Math.min(ge, exactE);
  let diff = gm * (1n << BigInt(ge - low)) - exactM * (1n << BigInt(exactE - low));
  if (diff < 0n) diff = -diff;
  const { p, emin } = FORMAT[dtype];
  const binade = exactM === 0n ? emin : bitLength(exactM) - 1 + exactE;
  return scaleOf(diff, low - (Math.max(binade, emin) - p + 1));
}

/** The exact dy * y * (1 - y), rounded to a float64 (for messages). */
export function backwardExact(y: number, dy: number): number {
  const [m, e] = backwardDyadic(y, dy);
  return scaleOf(m, e);
}

/** The exact sum of finite float64 values as m * 2^e. */
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

/** The exact sum of finite values, to within an ULP (for messages). */
export function exactSumApprox(values: ArrayLike<number>): number {
  const [m, e] = exactSum(values);
  return scaleOf(m, e);
}

/**
 * The error of `got` against the exact sum of finite float64 `values`
 * divided by `divisor` (1 for a sum, n for a mean), in float64 ULPs at the
 * exact result: exact rational arithmetic, whatever the summation order.
 */
export function sumUlpError(got: number, values: ArrayLike<number>, divisor = 1): number {
  if (!Number.isFinite(got)) return Infinity;
  const [sm, se] = exactSum(values);
  const [gm, ge] = dyadic(got);
  const low = Math.min(ge, se);
  let diff = gm * BigInt(divisor) * (1n << BigInt(ge - low)) - sm * (1n << BigInt(se - low));
  if (diff < 0n) diff = -diff;
  return scaleOf(diff, low) / divisor / ulp(scaleOf(sm, se) / divisor, 'float64');
}

/**
 * Neumaier's compensated sum in index order, written out here again: the
 * loss promises exactly this order and algorithm, so its 'sum' must be
 * these bits.
 */
export function neumaier(values: ArrayLike<number>): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const t = sum + v;
    if (Math.abs(sum) >= Math.abs(v)) c += sum - t + v;
    else c += v - t + sum;
    sum = t;
  }
  return Number.isFinite(sum) ? sum + c : sum;
}
