// Shared test helpers: the kernels under test (registry x builds), the
// reference fixtures, ULP distances and a seeded generator. Runs under Node
// and in the browser (vitest browser mode): see loadReference.
import { createKernel } from '../src/index.js';
import { BUILDS, KERNELS, type DType, type KernelEntry } from '../src/registry.js';
import type { Kernel } from '../src/types.js';

export { BUILDS, KERNELS };
export type { DType, KernelEntry };

export const kernels: Record<'simd' | 'scalar', Kernel> = {
  simd: createKernel({ simd: true }),
  scalar: createKernel({ simd: false }),
};

export type Float = Float32Array | Float64Array;

export function arrayOf(dtype: DType, n: number | ArrayLike<number>): Float {
  return dtype === 'float32'
    ? typeof n === 'number' ? new Float32Array(n) : Float32Array.from(n)
    : typeof n === 'number' ? new Float64Array(n) : Float64Array.from(n);
}

/** Runs a registry entry through a kernel's public function; returns its outputs. */
export function run(kernel: Kernel, entry: KernelEntry, a: Float, b?: Float): Float[] {
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
  }
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

/**
 * The unit in the last place of the target type at the true value v
 * (Goldberg's definition: the spacing of the binade holding |v|, with the
 * subnormal spacing below the normal range).
 */
export function ulp(v: number, dtype: DType): number {
  const [p, emin] = dtype === 'float32' ? [24, -126] : [53, -1022];
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
