// Special values and the shape of the curves: NaN, +-0, +-Infinity,
// subnormal inputs, the range [0, 1], monotonicity and symmetry.
import { describe, expect, it } from 'vitest';

import { BUILDS, arrayOf, kernels, loadReference, type DType } from './helpers.js';

const TYPES: DType[] = ['float32', 'float64'];

describe.each(BUILDS)('$name build', ({ name }) => {
  const k = kernels[name];
  describe.each(TYPES)('%s', (dtype) => {
    const tiny = dtype === 'float32' ? 1.401298464324817e-45 : 5e-324;
    const x = arrayOf(dtype, [NaN, 0, -0, Infinity, -Infinity, tiny, -tiny]);

    it('sigmoid: NaN -> NaN, +-0 -> 0.5, +Inf -> 1, -Inf -> +0, subnormal x -> 0.5', () => {
      const s = k.sigmoid(x as Float32Array);
      expect(s[0]).toBeNaN();
      expect([s[1], s[2], s[3], s[5], s[6]]).toEqual([0.5, 0.5, 1, 0.5, 0.5]);
      expect(Object.is(s[4], 0)).toBe(true);
    });

    it("derivative: NaN -> NaN, s'(+-0) = 0.25, s'(+-Inf) = +0", () => {
      const d = k.sigmoidDerivative(x as Float32Array);
      expect(d[0]).toBeNaN();
      expect([d[1], d[2], d[5], d[6]]).toEqual([0.25, 0.25, 0.25, 0.25]);
      expect(Object.is(d[3], 0) && Object.is(d[4], 0)).toBe(true);
    });

    // Sorted reference inputs: every finite x of the fixtures, ascending.
    const ref = loadReference(dtype);
    const sorted = arrayOf(dtype, Array.from(ref.x).filter(Number.isFinite).sort((a, b) => a - b));

    it('every sigmoid output is in [0, 1] and the curve is non-decreasing', () => {
      const s = k.sigmoid(sorted as Float32Array);
      for (let i = 0; i < s.length; i++) {
        expect(s[i]! >= 0 && s[i]! <= 1, `x = ${sorted[i]}: ${s[i]}`).toBe(true);
        if (i > 0 && s[i]! < s[i - 1]!) {
          expect.fail(`not monotone: s(${sorted[i - 1]}) = ${s[i - 1]} > s(${sorted[i]}) = ${s[i]}`);
        }
      }
    });

    it('the derivative is non-negative, exactly symmetric and non-increasing in |x|', () => {
      const d = k.sigmoidDerivative(sorted as Float32Array);
      const negated = sorted.map((v) => -v);
      const dn = k.sigmoidDerivative(negated as Float32Array);
      for (let i = 0; i < d.length; i++) {
        expect(Object.is(d[i], dn[i]), `s'(${sorted[i]}) = ${d[i]} but s'(${-sorted[i]!}) = ${dn[i]}`).toBe(true);
        expect(d[i]! >= 0 && d[i]! <= 0.25).toBe(true);
        if (i > 0) {
          const rising = sorted[i]! <= 0; // left of 0 it must not fall, right of 0 not rise
          const ok = rising ? d[i]! >= d[i - 1]! : d[i]! <= d[i - 1]! || sorted[i - 1]! < 0;
          expect(ok, `not unimodal at x = ${sorted[i - 1]}, ${sorted[i]}: ${d[i - 1]}, ${d[i]}`).toBe(true);
        }
      }
    });

    it('results below the normal range are rounded, not flushed to zero', () => {
      const lowest = dtype === 'float32' ? -103.5 : -744.5;
      const s = k.sigmoid(arrayOf(dtype, [lowest]) as Float32Array)[0]!;
      const d = k.sigmoidDerivative(arrayOf(dtype, [lowest]) as Float32Array)[0]!;
      expect(s).toBeGreaterThan(0);
      expect(d).toBe(s);
    });
  });
});
