// Special values and the shape of the curves, for every build and tier: NaN,
// +-0, +-Infinity, subnormal inputs, the range [0, 1], the derivative's exact
// symmetry, subnormal results kept (not flushed), and the backward step's
// NaN and zeros. Monotonicity only where the registry promises it (monotone:
// true, the accurate tier); nothing about order for the others.
import { describe, expect, it } from 'vitest';

import { CASES, arrayOf, backwardInputs, kernelFor, loadReference, sameBits, type DType } from './helpers.js';

const TYPES: DType[] = ['float32', 'float64'];
const TINY = { float32: 1.401298464324817e-45, float64: 5e-324 } as const;
const MAX = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE } as const;

describe.each(CASES)('$title', (c) => {
  describe.skipIf(c.skip !== null).each(TYPES)('%s', (dtype) => {
    const tiny = TINY[dtype];
    const specials = () => arrayOf(dtype, [NaN, 0, -0, Infinity, -Infinity, tiny, -tiny]);
    const k = () => c.kernel;

    it('sigmoid: NaN -> NaN, +-0 -> 0.5, +Inf -> 1, -Inf -> +0, subnormal x -> 0.5', () => {
      const x = specials();
      const s = k().sigmoid(x as Float32Array);
      const want = [NaN, 0.5, 0.5, 1, 0, 0.5, 0.5];
      for (let i = 0; i < want.length; i++) expect(sameBits(s[i]!, want[i]!), `s(${x[i]}) = ${s[i]}, expected ${want[i]}`).toBe(true);
    });

    it("derivative: NaN -> NaN, s'(+-0) = s'(+-subnormal) = 0.25, s'(+-Inf) = +0", () => {
      const x = specials();
      const d = k().sigmoidDerivative(x as Float32Array);
      const want = [NaN, 0.25, 0.25, 0, 0, 0.25, 0.25];
      for (let i = 0; i < want.length; i++) expect(sameBits(d[i]!, want[i]!), `s'(${x[i]}) = ${d[i]}, expected ${want[i]}`).toBe(true);
    });

    it('the fused kernel gives the same special values', () => {
      const x = specials();
      const { value, derivative } = k().sigmoidWithDerivative(x as Float32Array);
      expect(Array.from(value).map(String)).toEqual(['NaN', '0.5', '0.5', '1', '0', '0.5', '0.5']);
      expect(Array.from(derivative).map(String)).toEqual(['NaN', '0.25', '0.25', '0', '0', '0.25', '0.25']);
      expect(Object.is(value[4], 0) && Object.is(derivative[3], 0) && Object.is(derivative[4], 0)).toBe(true);
    });

    // Every finite x of the fixtures, ascending.
    const sorted = () => arrayOf(dtype, Array.from(loadReference(dtype).x).filter(Number.isFinite).sort((a, b) => a - b));

    it('every sigmoid output is in [0, 1]', () => {
      const x = sorted();
      const s = k().sigmoid(x as Float32Array);
      for (let i = 0; i < s.length; i++) {
        if (!(s[i]! >= 0 && s[i]! <= 1)) expect.fail(`x = ${x[i]}: s = ${s[i]} is outside [0, 1]`);
      }
    });

    it('the derivative is in [0, 0.25] and exactly symmetric', () => {
      const x = sorted();
      const d = k().sigmoidDerivative(x as Float32Array);
      const dn = k().sigmoidDerivative(x.map((v) => -v) as Float32Array);
      for (let i = 0; i < d.length; i++) {
        if (!Object.is(d[i], dn[i])) expect.fail(`s'(${x[i]}) = ${d[i]} but s'(${-x[i]!}) = ${dn[i]}`);
        if (!(d[i]! >= 0 && d[i]! <= 0.25)) expect.fail(`s'(${x[i]}) = ${d[i]} is outside [0, 0.25]`);
      }
    });

    const sigmoidEntry = kernelFor(c.precision, 'sigmoid', dtype);
    const derivativeEntry = kernelFor(c.precision, 'derivative', dtype);

    if (sigmoidEntry.monotone) it(`the sigmoid is non-decreasing (${sigmoidEntry.name}: monotone in the registry)`, () => {
      const x = sorted();
      const s = k().sigmoid(x as Float32Array);
      for (let i = 1; i < s.length; i++) {
        if (s[i]! < s[i - 1]!) expect.fail(`not monotone: s(${x[i - 1]}) = ${s[i - 1]} > s(${x[i]}) = ${s[i]}`);
      }
    });

    if (derivativeEntry.monotone) it(`the derivative is non-increasing in |x| (${derivativeEntry.name}: monotone in the registry)`, () => {
      const x = sorted();
      const d = k().sigmoidDerivative(x as Float32Array);
      for (let i = 1; i < d.length; i++) {
        const rising = x[i]! <= 0; // left of 0 it must not fall, right of 0 not rise
        const ok = rising ? d[i]! >= d[i - 1]! : d[i]! <= d[i - 1]! || x[i - 1]! < 0;
        if (!ok) expect.fail(`not unimodal at x = ${x[i - 1]}, ${x[i]}: ${d[i - 1]}, ${d[i]}`);
      }
    });

    if (kernelFor(c.precision, 'sigmoidWithDerivative', dtype).monotone) it('the fused kernel is monotone too (its registry entry says so)', () => {
      const x = sorted();
      const { value, derivative } = k().sigmoidWithDerivative(x as Float32Array);
      for (let i = 1; i < value.length; i++) {
        if (value[i]! < value[i - 1]!) expect.fail(`value not monotone at x = ${x[i - 1]}, ${x[i]}`);
        const ok = x[i]! <= 0 ? derivative[i]! >= derivative[i - 1]! : derivative[i]! <= derivative[i - 1]! || x[i - 1]! < 0;
        if (!ok) expect.fail(`derivative not unimodal at x = ${x[i - 1]}, ${x[i]}`);
      }
    });

    it('results below the normal range are rounded, not flushed to zero', () => {
      const lowest = dtype === 'float32' ? -103.5 : -744.5;
      const s = k().sigmoid(arrayOf(dtype, [lowest]) as Float32Array)[0]!;
      const d = k().sigmoidDerivative(arrayOf(dtype, [lowest]) as Float32Array)[0]!;
      expect(s).toBeGreaterThan(0);
      expect(d).toBe(s);
    });

    // The fixtures hold the neighbours of every threshold (scripts/reference.py):
    // nothing is flushed to 0 while the correctly rounded result is not 0.
    it('nothing is 0 where the correctly rounded reference is not (fixtures, threshold neighbours)', () => {
      const ref = loadReference(dtype);
      const x = arrayOf(dtype, ref.x);
      const round = dtype === 'float32' ? Math.fround : (v: number) => v;
      const out = { sigmoid: k().sigmoid(x as Float32Array), derivative: k().sigmoidDerivative(x as Float32Array) };
      for (const fn of ['sigmoid', 'derivative'] as const) {
        const hi = ref[fn][0];
        for (let i = 0; i < x.length; i++) {
          if (!(round(hi[i]!) !== 0)) continue; // 0 or NaN: nothing to hold
          if (out[fn][i] === 0) expect.fail(`${fn}(${x[i]}) = 0, correctly rounded ${round(hi[i]!)}`);
        }
      }
    });

    it('saturation: s = 1 for large x; s = +0 and s\' = +0 far past the underflow', () => {
      const far = dtype === 'float32' ? [110, MAX.float32] : [750, MAX.float64];
      const x = arrayOf(dtype, [...far, ...far.map((v) => -v)]);
      const s = k().sigmoid(x as Float32Array);
      const d = k().sigmoidDerivative(x as Float32Array);
      const want = [1, 1, 0, 0];
      for (let i = 0; i < x.length; i++) {
        expect(Object.is(s[i], want[i]), `s(${x[i]}) = ${s[i]}, expected ${want[i]}`).toBe(true);
        expect(Object.is(d[i], 0), `s'(${x[i]}) = ${d[i]}, expected +0`).toBe(true);
      }
    });

    it("past the rounding-to-1 threshold s = 1 but s' stays > 0 (no vanishing gradient)", () => {
      const at = dtype === 'float32' ? 20 : 40;
      const x = arrayOf(dtype, [at, -at]);
      const s = k().sigmoid(x as Float32Array);
      const d = k().sigmoidDerivative(x as Float32Array);
      expect(s[0]).toBe(1);
      expect(d[0]).toBeGreaterThan(0);
      expect(d[1]).toBe(d[0]);
    });

    it('backward: NaN in -> NaN out; y = 0 or 1 or dy = 0 -> 0; y = 1/2 -> dy / 4', () => {
      const y = arrayOf(dtype, [NaN, 0.5, 0, 1, 0.5, 0.5, 0.25]);
      const dy = arrayOf(dtype, [1, NaN, 3, 3, 0, 2, 16]);
      const dx = k().sigmoidBackward(y as Float32Array, dy as Float32Array);
      expect(dx[0]).toBeNaN();
      expect(dx[1]).toBeNaN();
      expect(Array.from(dx.subarray(2))).toEqual([0, 0, 0, 0.5, 3]);
    });

    it('backward of finite y in [0, 1] and finite dy is finite, with the sign of dy (or 0)', () => {
      const { y, dy } = backwardInputs(dtype);
      const dx = k().sigmoidBackward(y as Float32Array, dy as Float32Array);
      for (let i = 0; i < dx.length; i++) {
        const v = dx[i]!;
        if (!Number.isFinite(v) || (v !== 0 && Math.sign(v) !== Math.sign(dy[i]!))) expect.fail(`y = ${y[i]}, dy = ${dy[i]}: dx = ${v}`);
      }
    });
  });
});
