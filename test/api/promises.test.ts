// What each entry of the table promises (src/op.ts), checked for every
// entry on every build and tier, in both types:
// - `special`: its exact results, bit for bit (float32: the values rounded
//   to float32), in arrays and, for float64, as numbers;
// - `symmetry`: exactly odd or even, bit for bit, on seeded inputs;
// - `range`: every result in [lo, hi] (NaN aside), on seeded inputs and the
//   fixtures' points;
// - `monotone`: in order, where the kernel promises it (KernelSpec.monotone),
//   in the entry's direction, on seeded samples and the fixtures' points.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { exportName, type DType, type OpSpec } from '../../src/op.js';
import { CASES } from '../support/cases.js';
import { fixtureOf } from '../support/fixtures.js';
import { arrayOf, roundTo, sameBits, show, TYPES, type Float } from '../support/numbers.js';
import { arity, inputsOf, numbersOf, ELEMENTWISE, call, resultsOf } from '../support/ops.js';
import { optionsOf } from '../support/property.js';

const each = ELEMENTWISE.flatMap((spec) => TYPES.map((dtype) => ({ spec, dtype, title: `${spec.name}, ${dtype}` })));

/** Calls an entry on arrays: its results. */
const run = (k: object, spec: OpSpec, inputs: Float[]): Float[] => resultsOf(spec, call(k, spec, inputs));

describe.each(CASES)('$title', (c) => {
  describe.skipIf(c.skip !== null).each(each)('$title', ({ spec, dtype }) => {
    it(`the special values (${spec.special.length}), bit for bit${dtype === 'float64' ? ', as arrays and as numbers' : ''}`, () => {
      const k = c.kernel;
      const inputs = Array.from({ length: arity(spec) }, (_, i) => arrayOf(dtype, spec.special.map((row) => row[i]!)));
      const got = run(k, spec, inputs);
      const wrong: string[] = [];
      spec.special.forEach((row, i) => {
        const args = row.slice(0, arity(spec));
        const want = row.slice(arity(spec)).map((v) => roundTo(dtype, v));
        const label = `${spec.name}(${args.map((a) => show(roundTo(dtype, a), dtype)).join(', ')})`;
        want.forEach((w, o) => {
          if (!sameBits(got[o]![i]!, w)) wrong.push(`${label}${want.length > 1 ? ` output ${o}` : ''} = ${show(got[o]![i]!, dtype)}, expected ${show(w, dtype)}`);
        });
        if (dtype === 'float64') {
          const numbers = numbersOf(spec, call(k, spec, args));
          want.forEach((w, o) => {
            if (!sameBits(numbers[o]!, w)) wrong.push(`${label} on numbers${want.length > 1 ? ` output ${o}` : ''} = ${show(numbers[o]!, dtype)}, expected ${show(w, dtype)}`);
          });
        }
      });
      expect(wrong).toEqual([]);
    });

    if (spec.symmetry !== undefined) it(`is exactly ${spec.symmetry ?? ''}: f(-x) is ${spec.symmetry === 'odd' ? '-f(x)' : 'f(x)'} bit for bit`, () => {
      const k = c.kernel;
      const sign = spec.symmetry === 'odd' ? -1 : 1;
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 3000 }), (seed, n) => {
          const [x] = inputsOf(spec, dtype, n, seed) as [Float];
          const neg = x.map((v) => -v) as Float;
          const [a] = run(k, spec, [x]) as [Float];
          const [b] = run(k, spec, [neg]) as [Float];
          for (let i = 0; i < n; i++) {
            if (!sameBits(b[i]!, sign * a[i]!)) throw new Error(`${spec.name}(${show(neg[i]!, dtype)}) = ${show(b[i]!, dtype)}, but ${spec.name}(${show(x[i]!, dtype)}) = ${show(a[i]!, dtype)}`);
          }
        }),
        optionsOf(`symmetry ${c.title} ${spec.name} ${dtype}`, 20),
      );
    });

    if (spec.range !== undefined) it(`every result is in [${spec.range?.join(', ') ?? ''}] (NaN aside)`, () => {
      const k = c.kernel;
      const [lo, hi] = spec.range!;
      const check = (inputs: Float[]) => {
        const got = run(k, spec, inputs);
        for (const out of got) {
          for (let i = 0; i < out.length; i++) {
            const v = out[i]!;
            if (!Number.isNaN(v) && !(v >= lo && v <= hi)) throw new Error(`${spec.name}(${inputs.map((a) => show(a[i]!, dtype)).join(', ')}) = ${show(v, dtype)}, outside [${lo}, ${hi}]`);
          }
        }
      };
      const fixture = fixtureOf(spec, dtype);
      if (fixture !== null) check([arrayOf(dtype, fixture.x), ...(fixture.y === null ? [] : [arrayOf(dtype, fixture.y)])]);
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 3000 }), (seed, n) => check(inputsOf(spec, dtype, n, seed))),
        optionsOf(`range ${c.title} ${spec.name} ${dtype}`, 20),
      );
    });

    const kernel = spec.kernels[dtype][c.precision];
    if (kernel.monotone && spec.monotone !== undefined) it(`is in order (${String(spec.monotone)}), as its ${exportName(dtype, c.precision)} kernel promises`, () => {
      const k = c.kernel;
      const direction = spec.monotone!;
      // Seeded points and the fixtures', finite, with the infinities.
      const fixture = fixtureOf(spec, dtype);
      const pool = [...Array.from(inputsOf(spec, dtype, 20_000, 59)[0]!), ...(fixture === null ? [] : Array.from(fixture.x)), Infinity, -Infinity];
      const xs = pool.filter((v) => !Number.isNaN(v)).map((v) => roundTo(dtype, v));
      const targets = arity(spec) === 2 ? (spec.targets ?? [0, 1]) : [0];
      for (const t of targets) {
        // 'even': non-increasing in |x| on each side of 0.
        const runs = direction === 'even' ? [xs.map(Math.abs), xs.map((v) => -Math.abs(v))] : [xs];
        for (const side of runs) {
          const sorted = arrayOf(dtype, Array.from(new Set(side)).sort((a, b) => (direction === 'even' ? Math.abs(a) - Math.abs(b) : a - b)));
          const inputs = arity(spec) === 2 ? [sorted, arrayOf(dtype, sorted.length).fill(t)] : [sorted];
          const [got] = run(k, spec, inputs) as [Float];
          const step = direction === -1 || direction === 'even' ? -1 : 1;
          for (let i = 1; i < got.length; i++) {
            if (Number.isNaN(got[i]!) || Number.isNaN(got[i - 1]!)) continue;
            if (step * (got[i]! - got[i - 1]!) < 0) {
              throw new Error(`${spec.name} is not ${step > 0 ? 'non-decreasing' : 'non-increasing'}${direction === 'even' ? ' in |x|' : ''}: f(${show(sorted[i - 1]!, dtype)}) = ${show(got[i - 1]!, dtype)}, f(${show(sorted[i]!, dtype)}) = ${show(got[i]!, dtype)}`);
            }
          }
        }
      }
    });
  });
});

describe('the promises are there to check', () => {
  it('every entry has special values, and each kernel that promises order has a direction to keep', () => {
    for (const spec of ELEMENTWISE) {
      expect(spec.special.length, spec.name).toBeGreaterThan(0);
      for (const row of spec.special) expect(row, `${spec.name}: a special row`).toHaveLength(arity(spec) + (spec.shape === 'pair' ? 2 : 1));
    }
    // The pair has no direction of its own: its outputs are the sigmoid's and
    // its derivative's, bit for bit (test/api/builds.test.ts), whose order is checked above.
    const undirected = ELEMENTWISE.filter((s) => s.monotone === undefined && TYPES.some((d: DType) => s.kernels[d].accurate.monotone || s.kernels[d].fast.monotone)).map((s) => s.name);
    expect(undirected).toEqual(['sigmoidWithDerivative']);
  });
});
