// Accuracy of the sigmoid family against well-conditioned float64 formulas
// (FAMILY_REFERENCE, test/helpers.ts) on seeded inputs (the bulk, the tails,
// subnormal results), for every build and tier:
// - float32: within the registry bound, in float32 ULPs of the reference
//   (whose own error, a few float64 ULPs, is far below a float32 ULP);
// - float64: within the registry bound plus the reference's own error,
//   REFERENCE_SLACK float64 ULPs of the terms it adds (a float64 formula is
//   no better than that: this catches a wrong result, not a bound exceeded by
//   a fraction; verify:f64 measures the bound against mpmath);
// - siluDerivative near its zero (x in [-1.4, -1.15]): no relative bound can
//   hold there; the absolute error is at most 2^-24 (float32) and 2^-53
//   (float64), plus the reference's error;
// - the losses: the bound for targets exactly 0 or 1; for soft targets the
//   same bound plus the reference's error relative to the size of the terms
//   (softplus(x) - x y cancels where it is small: there no relative bound
//   holds in float64, nor in float32 once the cancellation passes 2^29).
// Also: logit inverts the sigmoid, and the float64 number path agrees.
import { describe, expect, it } from 'vitest';

import {
  CASES,
  FAMILY_OPS,
  arrayOf,
  familyInputs,
  familyReference,
  kernelFor,
  runFamily,
  sigmoid64,
  softplus64,
  ulp,
  ulpError,
  type DType,
  type FamilyOp,
} from './helpers.js';

const TYPES: DType[] = ['float32', 'float64'];
const N = 6000;
/** The float64 reference formulas' own error, in float64 ULPs (see the header). */
const REFERENCE_SLACK = 4;
const SHOWN = 8;

const isLoss = (op: FamilyOp) => op === 'binaryCrossEntropyWithLogits' || op === 'binaryCrossEntropyWithLogitsGradient';

/**
 * The size of the terms the reference formula adds (its error is a few
 * float64 ULPs of that, not of the result): the result itself, but for
 * siluDerivative, s (1 + |x| (1 - s)), and for the losses with soft targets,
 * softplus(x) + |x y| and (1 - y) s(x) + y s(-x), which cancel.
 */
function referenceScale(op: FamilyOp, x: number, y: number, result: number): number {
  if (op === 'siluDerivative') return sigmoid64(x) * (1 + Math.abs(x) * sigmoid64(-x));
  if (isLoss(op) && y !== 0 && y !== 1) {
    return op === 'binaryCrossEntropyWithLogits' ? softplus64(x) + Math.abs(x * y) : (1 - y) * sigmoid64(x) + y * sigmoid64(-x);
  }
  return Math.abs(result);
}

describe.each(CASES)('$title', (c) => {
  describe.skipIf(c.skip !== null).each(FAMILY_OPS.flatMap((op) => TYPES.map((dtype) => ({ op, dtype }))))('$op, $dtype', ({ op, dtype }) => {
    const entry = kernelFor(c.precision, op, dtype);
    const bound = entry.bound[0];

    it(`is within its registry bound (${bound} ULP, ${entry.name}) of the float64 reference on ${N} seeded points`, () => {
      const { x, y } = familyInputs(op, dtype, N, 71);
      const got = runFamily(c.kernel, op, x, y);
      const want = familyReference(op, x, y);
      const failures: string[] = [];
      let worst = 0;
      let over = 0;
      let checked = 0;
      for (let i = 0; i < x.length; i++) {
        const xi = x[i]!;
        const yi = y[i]!;
        const w = want[i]!;
        const g = got[i]!;
        checked++;
        if (Number.isNaN(w) || Number.isNaN(g)) {
          if (!(Number.isNaN(w) && Number.isNaN(g))) {
            over++;
            if (failures.length < SHOWN) failures.push(`x = ${xi}, y = ${yi}: got ${g}, reference ${w}`);
          }
          continue;
        }
        // The reference's own error: a few float64 roundings of the terms it adds.
        const refErr = REFERENCE_SLACK * 2 ** -53 * referenceScale(op, xi, yi, w);
        const nearZero = op === 'siluDerivative' && xi >= -1.4 && xi <= -1.15;
        // Near siluDerivative's zero: the absolute bound; elsewhere the registry's, in ULPs of the result type.
        const allowed = nearZero ? (dtype === 'float32' ? 2 ** -24 : 2 ** -53) + refErr : bound * ulp(w, dtype) + refErr;
        const diff = Math.abs(g - w);
        const err = diff / ulp(w, dtype);
        if (!nearZero && !(isLoss(op) && yi !== 0 && yi !== 1)) worst = Math.max(worst, err);
        if (!(diff <= allowed)) {
          over++;
          if (failures.length < SHOWN) {
            failures.push(`x = ${xi}${isLoss(op) ? `, y = ${yi}` : ''}: got ${g}, reference ${w} (${err.toFixed(3)} ULP, allowed ${(allowed / ulp(w, dtype)).toFixed(3)})`);
          }
        }
      }
      if (over > 0) failures.push(`${over} of ${checked} points over (worst ${worst.toFixed(3)} ULP)`);
      // Measured, for the registry's bounds (one build: every build gives these bits).
      if (c.build === 'simd' && c.precision === 'fast') {
        console.log(`${entry.name}: max ${worst.toFixed(3)} ULP from the float64 reference on ${N} seeded points${isLoss(op) ? ' (targets 0 or 1)' : ''}${dtype === 'float64' ? ' (the reference\'s own error included)' : ''}`);
      }
      expect(failures, `${entry.name} on the ${c.title}`).toEqual([]);
      expect(checked).toBe(N);
    });
  });

  describe.skipIf(c.skip !== null).each(TYPES)('%s', (dtype) => {
    it('logit inverts the sigmoid: logit(sigmoid(x)) is x to the conditioning of the round trip', () => {
      const x = arrayOf(dtype, Array.from({ length: 2001 }, (_, i) => -15 + (30 * i) / 2000));
      const s = c.kernel.sigmoid(x as Float32Array);
      const back = c.kernel.logit(s);
      for (let i = 0; i < x.length; i++) {
        const si = s[i]!;
        // d logit / dp = 1 / (p (1 - p)): the rounding of s (half an ULP of s, plus the sigmoid's bound) is amplified by it.
        const tolerance = (4 * ulp(si, dtype)) / (si * (1 - si)) + 4 * ulp(x[i]!, dtype);
        if (!(Math.abs(back[i]! - x[i]!) <= tolerance)) expect.fail(`logit(sigmoid(${x[i]})) = ${back[i]} (s = ${si}), tolerance ${tolerance}`);
      }
    });
  });

  it.skipIf(c.skip !== null)('the tails where the plain formulas fail: tanhDerivative, softplus, logSigmoid, the gradient', () => {
    const k = c.kernel;
    // float32: 1 - tanh(x)^2 is 0 from |x| = 9.01; the true value at 10 is 8.24e-9.
    const td = k.tanhDerivative(new Float32Array([10, -10]));
    expect(ulpError(td[0]!, 4 * Math.exp(-20) / (1 + Math.exp(-20)) ** 2, 0, 'float32')).toBeLessThanOrEqual(kernelFor(c.precision, 'tanhDerivative', 'float32').bound[0]);
    expect(td[1]).toBe(td[0]);
    const t = Math.fround(Math.tanh(10));
    expect(1 - t * t).toBe(0);
    // float64: log(1 + e^x) is Infinity from 710; softplus is x.
    expect(k.softplus(800)).toBe(800);
    expect(Math.log(1 + Math.exp(800))).toBe(Infinity);
    expect(k.logSigmoid(-800)).toBe(-800);
    // float32: sigmoid(x) - 1 is 0 from x = 17.33; the gradient is -sigmoid(-x).
    const g = k.binaryCrossEntropyWithLogitsGradient(new Float32Array([20]), new Float32Array([1]))[0]!;
    expect(ulpError(g, -sigmoid64(-20), 0, 'float32')).toBeLessThanOrEqual(kernelFor(c.precision, 'binaryCrossEntropyWithLogitsGradient', 'float32').bound[0]);
  });
});
