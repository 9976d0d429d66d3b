// The backward step dx = dy * y * (1 - y) (sigmoidBackward), which has no
// mpmath fixture: on every build and tier, within its kernel's bound of the
// exact product of its inputs (exact rational arithmetic: every float is an
// integer times a power of two), for y over every correctly rounded sigmoid
// of the fixtures (saved forward outputs: 0, 1, subnormals, 1/2 and all
// between) and dy over seeded values (most in [-2, 2], every fourth a signed
// power of two from 2^-40 to 2^40); and its zeros, NaNs and signs.
import { describe, expect, it } from 'vitest';

import { boundOf, type DType } from '../../src/op.js';
import { opNamed } from '../../src/table.js';
import { CASES } from '../support/cases.js';
import { fixtureOf } from '../support/fixtures.js';
import { arrayOf, backwardExact, backwardUlpError, rng, show, TYPES, type Float } from '../support/numbers.js';

const backward = opNamed('sigmoidBackward')!;
const sigmoid = opNamed('sigmoid')!;
const SHOWN = 8;

/** Saved outputs y (the fixtures' correctly rounded sigmoids, finite) and seeded gradients dy. */
function inputs(dtype: DType): { y: Float; dy: Float } {
  const ys = Array.from(fixtureOf(sigmoid, dtype)!.outputs[0]![0]).filter(Number.isFinite);
  const y = arrayOf(dtype, ys);
  const r = rng(21);
  const dy = arrayOf(dtype, y.length);
  for (let i = 0; i < dy.length; i++) {
    const sign = r() < 0.5 ? -1 : 1;
    dy[i] = i % 4 === 3 ? sign * (1 + r()) * 2 ** Math.floor(81 * r() - 40) : 4 * r() - 2;
  }
  return { y, dy };
}

describe.each(CASES)('$title', (c) => {
  describe.skipIf(c.skip !== null).each(TYPES)('%s', (dtype) => {
    const bound = boundOf(backward.kernels[dtype][c.precision]);

    it(`is within its bound (${bound} ULP) of the exact dy * y * (1 - y)`, () => {
      const { y, dy } = inputs(dtype);
      const got = c.kernel.sigmoidBackward(y as Float32Array, dy as Float32Array);
      const failures: string[] = [];
      let over = 0;
      let worst = 0;
      for (let i = 0; i < got.length; i++) {
        const error = backwardUlpError(got[i]!, y[i]!, dy[i]!, dtype);
        worst = Math.max(worst, error);
        if (!(error <= bound)) {
          over++;
          if (failures.length < SHOWN) failures.push(`y = ${show(y[i]!, dtype)}, dy = ${show(dy[i]!, dtype)}: got ${show(got[i]!, dtype)}, exact ${backwardExact(y[i]!, dy[i]!)} (${error.toFixed(4)} ULP > ${bound})`);
        }
      }
      if (over > SHOWN) failures.push(`... ${over} of ${got.length} points over (worst ${worst.toFixed(4)} ULP)`);
      expect(failures).toEqual([]);
      expect(got.length).toBeGreaterThan(10_000);
    });

    it('NaN in gives NaN out; y = 0 or 1, or dy = 0, gives 0; y = 1/2 gives dy / 4', () => {
      const y = arrayOf(dtype, [NaN, 0.5, 0, 1, 0.5, 0.5, 0.25]);
      const dy = arrayOf(dtype, [1, NaN, 3, 3, 0, 2, 16]);
      const dx = c.kernel.sigmoidBackward(y as Float32Array, dy as Float32Array);
      expect(dx[0]).toBeNaN();
      expect(dx[1]).toBeNaN();
      expect(Array.from(dx.subarray(2))).toEqual([0, 0, 0, 0.5, 3]);
    });

    it('finite y in [0, 1] and finite dy give a finite result with the sign of dy (or 0)', () => {
      const { y, dy } = inputs(dtype);
      const dx = c.kernel.sigmoidBackward(y as Float32Array, dy as Float32Array);
      for (let i = 0; i < dx.length; i++) {
        const v = dx[i]!;
        if (!Number.isFinite(v) || (v !== 0 && Math.sign(v) !== Math.sign(dy[i]!))) expect.fail(`y = ${y[i]}, dy = ${dy[i]}: dx = ${v}`);
      }
    });
  });
});
