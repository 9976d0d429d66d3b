// Accuracy in ULPs against the 200-bit mpmath reference (test/fixtures, made
// by scripts/reference.py): random, log-spaced, threshold-neighbour,
// subnormal and special inputs, for every kernel and both builds.
import { describe, expect, it } from 'vitest';

import { BUILDS, arrayOf, kernels, loadReference, ulpError, type DType } from './helpers.js';

/** The numerical contract: max ULP error of each function. */
const BOUND = { sigmoid: 2, derivative: 3 } as const;

describe.each(BUILDS)('$name build', ({ name }) => {
  const kernel = kernels[name];
  describe.each(['float32', 'float64'] as DType[])('%s', (dtype) => {
    const ref = loadReference(dtype);
    const x = arrayOf(dtype, ref.x);

    const cases = [
      ['sigmoid', () => kernel.sigmoid(x as Float32Array), ref.sigmoid],
      ['derivative', () => kernel.sigmoidDerivative(x as Float32Array), ref.derivative],
      ['fused value', () => kernel.sigmoidWithDerivative(x as Float32Array).value, ref.sigmoid],
      ['fused derivative', () => kernel.sigmoidWithDerivative(x as Float32Array).derivative, ref.derivative],
    ] as const;

    it.each(cases)(`%s is within its ULP bound on ${ref.x.length} reference points`, (label, compute, [hi, lo]) => {
      const bound = label.includes('derivative') ? BOUND.derivative : BOUND.sigmoid;
      const got = compute();
      const failures: string[] = [];
      let worst = 0;
      for (let i = 0; i < got.length; i++) {
        const err = ulpError(got[i]!, hi[i]!, lo[i]!, dtype);
        worst = Math.max(worst, err);
        if (!(err <= bound) && failures.length < 10) {
          failures.push(`x = ${x[i]}: got ${got[i]}, expected ${hi[i]! + lo[i]!} (${err.toFixed(3)} ULP)`);
        }
      }
      expect(failures, `${label} ${dtype}: ${failures.length} points over ${bound} ULP`).toEqual([]);
      expect(worst).toBeLessThanOrEqual(bound);
    });
  });
});
