// binaryCrossEntropyWithLogits's reductions, for every build and tier and
// both element types: 'sum' and 'mean' against the exact sum of the
// per-element results (exact rational arithmetic, test/helpers.ts), the
// fixed summation order (the same bits whatever the chunking, the place of
// the arrays, the build or the tier), compensation that a plain float64 sum
// does not have, and the edge cases (no elements, NaN, overflow, numbers).
import { describe, expect, it } from 'vitest';

import { CHUNK_BYTES } from '../src/kernel.js';
import type { Kernel } from '../src/types.js';
import {
  CASES,
  arrayOf,
  caseOf,
  exactSumApprox,
  familyInputs,
  sumUlpError,
  type DType,
  type Float,
} from './helpers.js';

const TYPES: DType[] = ['float32', 'float64'];
type Loss = (x: unknown, y: unknown, options?: unknown) => unknown;
const lossOf = (k: Kernel) => k.binaryCrossEntropyWithLogits as Loss;

/**
 * Neumaier's compensated sum in index order, written out again here: the
 * library promises exactly this order and algorithm, so its sum must be
 * these bits (any other order or algorithm would differ on some inputs).
 */
function neumaier(values: ArrayLike<number>): number {
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

describe.each(CASES)('$title', (c) => {
  describe.skipIf(c.skip !== null).each(TYPES)('%s', (dtype) => {
    const chunk = CHUNK_BYTES / (dtype === 'float32' ? 4 : 8);
    const n = 2 * chunk + 7;
    const { x, y } = familyInputs('binaryCrossEntropyWithLogits', dtype, n, 61);
    const f = () => lossOf(c.kernel);

    it(`'sum' and 'mean' of ${n} elements (across chunks) are within an ULP of the exact sum (and mean) of the 'none' results`, () => {
      const terms = f()(x, y) as Float;
      const sum = f()(x, y, { reduction: 'sum' }) as number;
      const mean = f()(x, y, { reduction: 'mean' }) as number;
      expect(typeof sum).toBe('number');
      const sumErr = sumUlpError(sum, terms);
      expect(sumErr, `sum ${sum}, exact ${exactSumApprox(terms)}`).toBeLessThanOrEqual(1);
      const meanErr = sumUlpError(mean, terms, n);
      expect(meanErr, `mean ${mean}, exact ${exactSumApprox(terms) / n}`).toBeLessThanOrEqual(1.5);
      // For float32 inputs the terms are the float32 results ('none'), summed in float64.
      expect(terms).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
    });

    it('the sum is Neumaier\'s in index order, bit for bit, for JS arrays, WasmArrays, mixed, and every length around the chunk', () => {
      const k = c.kernel;
      const terms = f()(x, y) as Float;
      for (const m of [0, 1, 2, 7, chunk - 1, chunk, chunk + 1, n]) {
        const got = f()(x.subarray(0, m), y.subarray(0, m), { reduction: 'sum' }) as number;
        expect(Object.is(got, neumaier(terms.subarray(0, m))), `n = ${m}: ${got} vs ${neumaier(terms.subarray(0, m))}`).toBe(true);
      }
      const alloc = (v: ArrayLike<number>) => (dtype === 'float32' ? k.allocFloat32(v) : k.allocFloat64(v)) as unknown as Float32Array;
      const wx = alloc(x);
      const wy = alloc(y);
      const want = neumaier(terms);
      expect(f()(wx, wy, { reduction: 'sum' })).toBe(want);
      expect(f()(x, wy, { reduction: 'sum' })).toBe(want);
      expect(f()(wx, y, { reduction: 'sum' })).toBe(want);
      expect(f()(wx, wy, { reduction: 'mean' })).toBe(want / n);
      // The reduction writes nothing: the inputs are unchanged.
      expect(Array.from((wx as unknown as { array: Float }).array.subarray(0, 20))).toEqual(Array.from(x.subarray(0, 20)));
      expect(Array.from(x.subarray(0, 5))).toEqual(Array.from(familyInputs('binaryCrossEntropyWithLogits', dtype, 5, 61).x));
    });

    it('the same bits in every build and tier as the fast SIMD build', () => {
      const simd = lossOf(caseOf('simd', 'fast').kernel);
      for (const reduction of ['sum', 'mean']) {
        expect(Object.is(f()(x, y, { reduction }), simd(x, y, { reduction })), reduction).toBe(true);
      }
    });

    it('compensated: one large loss and many small ones, where a plain float64 sum loses them all', () => {
      // loss(2^53, 0) = 2^53 exactly; loss(0, y) = log 2. A plain sum stays at
      // 2^53 (each log 2 is under half its ULP); the exact sum is 2^53 + m log 2.
      const m = 10_000;
      const xs = arrayOf(dtype, m + 1);
      const ys = arrayOf(dtype, m + 1);
      xs[0] = 2 ** 53;
      const terms = f()(xs, ys) as Float;
      expect(terms[0]).toBe(2 ** 53);
      let plain = 0;
      for (const t of terms) plain += t;
      expect(plain).toBe(2 ** 53);
      const sum = f()(xs, ys, { reduction: 'sum' }) as number;
      expect(sumUlpError(sum, terms)).toBeLessThanOrEqual(1);
      expect(sum - 2 ** 53).toBeGreaterThan(0.69 * m);
    });

    it("no elements: 'sum' is +0, 'mean' NaN, 'none' an empty array", () => {
      const empty = arrayOf(dtype, 0);
      expect(Object.is(f()(empty, empty, { reduction: 'sum' }), 0)).toBe(true);
      expect(f()(empty, empty, { reduction: 'mean' })).toBeNaN();
      expect(f()(empty, empty)).toHaveLength(0);
      expect(f()([], [], { reduction: 'sum' })).toBe(0);
    });

    it('a target outside [0, 1] or NaN makes the sum and the mean NaN; a sum past the largest float64 is +Infinity', () => {
      for (const bad of [NaN, 1.5, -0.25]) {
        const ys = y.slice();
        ys[chunk + 3] = bad;
        expect(f()(x, ys, { reduction: 'sum' }), String(bad)).toBeNaN();
        expect(f()(x, ys, { reduction: 'mean' }), String(bad)).toBeNaN();
      }
      if (dtype === 'float64') {
        const big = Number.MAX_VALUE;
        expect(f()([big, big, 1], [0, 0, 0.5], { reduction: 'sum' })).toBe(Infinity);
      } else {
        // float32 terms never overflow a float64 sum: 3 x the largest float32 loss.
        const big = 3.4028234663852886e38;
        const s = f()(new Float32Array([big, big, big]), new Float32Array(3), { reduction: 'sum' }) as number;
        expect(s).toBe(3 * big);
      }
    });

    it('numbers: every reduction is the loss itself (the float64 kernel)', () => {
      const one = (f()(Float64Array.of(-1.5), Float64Array.of(0.25)) as Float64Array)[0];
      for (const options of [undefined, { reduction: 'none' }, { reduction: 'sum' }, { reduction: 'mean' }]) {
        expect(f()(-1.5, 0.25, options), JSON.stringify(options)).toBe(one);
      }
    });
  });
});
