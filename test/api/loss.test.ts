// A loss's reductions ('sum' and 'mean'), for every loss of the table on
// every build and tier, both types: within an ULP of the exact sum (and
// mean) of the per-element results (exact rational arithmetic), the same
// bits on every build of a tier, compensated where a plain float64 sum is not,
// and the edge cases: no elements, NaN targets, overflow, numbers. That the
// sum is Neumaier's in index order, bit for bit, whatever the length, the
// chunks and where the arrays live, is part of the generic property
// (test/api/calls.test.ts, the 'sum' and 'mean' forms).
import { describe, expect, it } from 'vitest';

import { CHUNK_BYTES } from '../../src/heap.js';
import type { DType } from '../../src/op.js';
import { CASES, caseOf, mayDifferFromScalar } from '../support/cases.js';
import { arrayOf, exactSumApprox, MAX, rng, sumUlpError, TYPES, type Float } from '../support/numbers.js';
import { call, OPS } from '../support/ops.js';

const LOSSES = OPS.filter((s) => s.shape === 'loss');
const each = LOSSES.flatMap((spec) => TYPES.map((dtype) => ({ spec, dtype, title: `${spec.name}, ${dtype}` })));

/**
 * Finite inputs of moderate size (the sum must not overflow): logits
 * uniform on [-30, 30] and signed log-spaced from 2^-40 to 2^10, targets 0,
 * 1 and soft ones (NaN targets have their own test).
 */
function finiteInputs(dtype: DType, n: number): [Float, Float] {
  const r = rng(61);
  const x = arrayOf(dtype, n);
  const y = arrayOf(dtype, n);
  for (let i = 0; i < n; i++) {
    x[i] = i % 2 === 0 ? 60 * r() - 30 : (r() < 0.5 ? -1 : 1) * 2 ** (-40 + 50 * r());
    y[i] = i % 3 === 0 ? 0 : i % 3 === 1 ? 1 : r();
  }
  return [x, y];
}

describe('there is a loss to test', () => {
  it('the table has at least one entry of shape loss', () => {
    expect(LOSSES.length).toBeGreaterThan(0);
  });
});

describe.each(CASES)('$title', (c) => {
  describe.skipIf(c.skip !== null).each(each)('$title', ({ spec, dtype }) => {
    const chunk = CHUNK_BYTES / (dtype === 'float32' ? 4 : 8);
    const n = 2 * chunk + 7;
    const f = (...args: unknown[]): unknown => call(c.kernel, spec, args.slice(0, 2), [], (args[2] as { reduction?: string } | undefined)?.reduction);

    it(`'sum' and 'mean' of ${n} elements (across chunks) are within an ULP of the exact sum and mean of the 'none' results`, () => {
      const [x, y] = finiteInputs(dtype, n);
      const terms = f(x, y) as Float;
      expect(terms).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
      const sum = f(x, y, { reduction: 'sum' }) as number;
      const mean = f(x, y, { reduction: 'mean' }) as number;
      expect(sumUlpError(sum, terms), `sum ${sum}, exact ${exactSumApprox(terms)}`).toBeLessThanOrEqual(1);
      expect(sumUlpError(mean, terms, n), `mean ${mean}, exact ${exactSumApprox(terms) / n}`).toBeLessThanOrEqual(1.5);
    });

    // Where the relaxed build fuses, its elements are not the scalar build's;
    // its sum is still within an ULP of theirs (above) and Neumaier's in
    // index order (test/api/calls.test.ts).
    it.skipIf(c.skip === null && mayDifferFromScalar(c.build, c.precision, spec, dtype))('the same bits as the scalar build of its tier (skipped where the relaxed build fuses here: its elements differ)', () => {
      const [x, y] = finiteInputs(dtype, n);
      for (const reduction of ['sum', 'mean']) {
        const here = call(c.kernel, spec, [x, y], [], reduction);
        const scalar = call(caseOf('scalar', c.precision).kernel, spec, [x, y], [], reduction);
        expect(Object.is(here, scalar), `${reduction}: ${String(here)} vs ${String(scalar)}`).toBe(true);
      }
    });

    it('compensated: one large loss and many small ones, where a plain float64 sum loses them all', () => {
      // loss(2^53, 0) = 2^53 exactly; loss(0, y) = log 2. A plain sum stays at
      // 2^53 (each log 2 is under half its ULP); the exact sum is 2^53 + m log 2.
      const m = 10_000;
      const xs = arrayOf(dtype, m + 1);
      const ys = arrayOf(dtype, m + 1);
      xs[0] = 2 ** 53;
      const terms = f(xs, ys) as Float;
      expect(terms[0]).toBe(2 ** 53);
      let plainSum = 0;
      for (const t of terms) plainSum += t;
      expect(plainSum).toBe(2 ** 53);
      const sum = f(xs, ys, { reduction: 'sum' }) as number;
      expect(sumUlpError(sum, terms)).toBeLessThanOrEqual(1);
      expect(sum - 2 ** 53).toBeGreaterThan(0.69 * m);
    });

    it("no elements: 'sum' is +0, 'mean' NaN, 'none' an empty array", () => {
      const empty = arrayOf(dtype, 0);
      expect(Object.is(f(empty, empty, { reduction: 'sum' }), 0)).toBe(true);
      expect(f(empty, empty, { reduction: 'mean' })).toBeNaN();
      expect(f(empty, empty)).toHaveLength(0);
      expect(Object.is(call(c.kernel, spec, [[], []], [], 'sum'), 0)).toBe(true);
    });

    it('a target outside [0, 1] or NaN makes the sum and the mean NaN; a sum past the largest float64 is +Infinity', () => {
      const [x, y] = finiteInputs(dtype, n);
      for (const bad of [NaN, 1.5, -0.25]) {
        const ys = y.slice();
        ys[chunk + 3] = bad;
        expect(f(x, ys, { reduction: 'sum' }), String(bad)).toBeNaN();
        expect(f(x, ys, { reduction: 'mean' }), String(bad)).toBeNaN();
      }
      if (dtype === 'float64') {
        expect(call(c.kernel, spec, [[MAX.float64, MAX.float64, 1], [0, 0, 0.5]], [], 'sum')).toBe(Infinity);
      } else {
        // float32 terms never overflow a float64 sum: 3 x the largest float32 loss.
        const big = MAX.float32;
        expect(f(new Float32Array([big, big, big]), new Float32Array(3), { reduction: 'sum' })).toBe(3 * big);
      }
    });

    it('numbers: every reduction is the loss itself (the float64 kernel)', () => {
      const one = (f(Float64Array.of(-1.5), Float64Array.of(0.25)) as Float64Array)[0];
      for (const reduction of [undefined, 'none', 'sum', 'mean']) expect(call(c.kernel, spec, [-1.5, 0.25], [], reduction), String(reduction)).toBe(one);
    });

    it("{}, { reduction: undefined }, { reduction: 'none' } and { out: undefined } are the default", () => {
      const x = arrayOf(dtype, [0.5, -3]);
      const y = arrayOf(dtype, [1, 0.25]);
      const fn = (c.kernel as unknown as Record<string, (...a: unknown[]) => Float>)[spec.name]!;
      const want = Array.from(fn(x, y));
      for (const options of [undefined, {}, { reduction: undefined }, { reduction: 'none' }, { out: undefined }]) {
        expect(Array.from(fn(x, y, options)), JSON.stringify(options)).toEqual(want);
      }
    });
  });
});
