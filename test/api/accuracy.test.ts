// Accuracy of every entry of the table on every build and tier, within its
// kernel's bound (boundOf: per type, tier and output), in the entry's units:
// - ULPs of the result type at the true value;
// - in the entry's `absolute` interval (near a zero of the function, where
//   no relative bound can hold), units of 2^-p (p = 24 or 53);
// - where SCALE has a scale (the gradient of the loss for soft targets,
//   0 < y < 1, which cancels), units of ULP(g) + 2^-p S(x, y).
// Against the 200-bit mpmath fixtures (test/fixtures: random, log-spaced,
// threshold neighbours, subnormals, specials; both types), and, for float32,
// against the float64 REFERENCE (src/reference.ts, within about 2^-50 of the
// true value) on seeded inputs besides. The backward step has no fixture: it
// is checked against exact rational products (test/api/backward.test.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { boundOf, type DType, type OpSpec } from '../../src/op.js';
import { REFERENCE, SCALE } from '../../src/reference.js';
import { CASES } from '../support/cases.js';
import { fixtureOf } from '../support/fixtures.js';
import { arrayOf, precisionBits, show, TYPES, ulp, type Float } from '../support/numbers.js';
import { arity, call, inputsOf, ELEMENTWISE, resultsOf } from '../support/ops.js';
import { optionsOf } from '../support/property.js';

/** At most this many failing points are printed. */
const SHOWN = 8;
/** The float64 reference's own error, in the unit of the bound (float32 only: about 2^-50 relative, far below this). */
const REFERENCE_SLACK = 2 ** -20;

/** The error of `got` against the true value hi + lo, in the unit the entry's bound is in at (x, y). */
export function errorOf(spec: OpSpec, dtype: DType, got: number, hi: number, lo: number, x: number, y: number): { error: number; unit: string } {
  if (Number.isNaN(hi) || Number.isNaN(got)) return { error: Number.isNaN(hi) && Number.isNaN(got) ? 0 : Infinity, unit: 'NaN' };
  if (!Number.isFinite(hi) || !Number.isFinite(got)) return { error: got === hi ? 0 : Infinity, unit: 'exact' };
  const diff = Math.abs(got - hi - lo);
  const p = precisionBits(dtype);
  if (spec.absolute !== undefined && x >= spec.absolute[0] && x <= spec.absolute[1]) return { error: diff / 2 ** -p, unit: 'x 2^-p (absolute)' };
  const scale = SCALE[spec.name as keyof typeof SCALE];
  if (scale !== undefined && y > 0 && y < 1) return { error: diff / (ulp(hi, dtype) + 2 ** -p * scale(x, y)), unit: 'x (ULP + 2^-p S)' };
  return { error: diff / ulp(hi, dtype), unit: 'ULP' };
}

/** Checks results against true values: the failures (at most SHOWN, then a count) and the worst error per output. */
function measure(spec: OpSpec, dtype: DType, bound: (k: number) => number, got: Float[], truth: ReadonlyArray<readonly [ArrayLike<number>, ArrayLike<number>]>, x: ArrayLike<number>, y: ArrayLike<number> | null, slack = 0) {
  const failures: string[] = [];
  let over = 0;
  const worst = got.map(() => 0);
  got.forEach((out, k) => {
    const [hi, lo] = truth[k]!;
    for (let i = 0; i < out.length; i++) {
      const { error, unit } = errorOf(spec, dtype, out[i]!, hi[i]!, lo[i]!, x[i]!, y?.[i] ?? 0);
      if (Number.isFinite(error)) worst[k] = Math.max(worst[k]!, error);
      if (!(error <= bound(k) + slack)) {
        over++;
        if (failures.length < SHOWN) {
          const at = `x = ${show(x[i]!, dtype)}${y === null ? '' : `, y = ${show(y[i]!, dtype)}`}`;
          failures.push(`${spec.name}${got.length > 1 ? ` output ${k}` : ''}: ${at}: got ${show(out[i]!, dtype)}, true ${hi[i]! + lo[i]!} (${error.toFixed(4)} ${unit} > ${bound(k)})`);
        }
      }
    }
  });
  if (over > SHOWN) failures.push(`... ${over} points over in all`);
  return { failures, worst };
}

const withFixtures = ELEMENTWISE.flatMap((spec) => TYPES.filter((dtype) => fixtureOf(spec, dtype) !== null).map((dtype) => ({ spec, dtype, title: `${spec.name}, ${dtype}` })));

describe.each(CASES)('$title', (c) => {
  describe.skipIf(c.skip !== null).each(withFixtures)('$title', ({ spec, dtype }) => {
    const kernel = spec.kernels[dtype][c.precision];
    const fixture = fixtureOf(spec, dtype)!;
    const bounds = fixture.outputs.map((_, k) => boundOf(kernel, k)).join(' / ');

    it(`is within its bound (${bounds}) on the ${fixture.x.length} mpmath points`, () => {
      const inputs = [arrayOf(dtype, fixture.x), ...(fixture.y === null ? [] : [arrayOf(dtype, fixture.y)])];
      const got = resultsOf(spec, call(c.kernel, spec, inputs));
      const { failures, worst } = measure(spec, dtype, (k) => boundOf(kernel, k), got, fixture.outputs, fixture.x, fixture.y);
      expect(failures, `${spec.name} ${dtype} on the ${c.title} (worst ${worst.map((w) => w.toFixed(4)).join(' / ')})`).toEqual([]);
    });

    if (dtype === 'float32') {
      it(`is within its bound (${bounds}) of the float64 reference on seeded inputs`, () => {
        const reference = REFERENCE[spec.name as keyof typeof REFERENCE];
        fc.assert(
          fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 4000 }), (seed, n) => {
            const inputs = inputsOf(spec, dtype, n, seed);
            // The reference is for finite inputs (the specials have their own tests).
            const finite = Array.from({ length: n }, (_, i) => i).filter((i) => inputs.every((a) => Number.isFinite(a[i]!)));
            const xs = inputs.map((a) => arrayOf(dtype, finite.map((i) => a[i]!)));
            const got = resultsOf(spec, call(c.kernel, spec, xs));
            const x = xs[0]!;
            const y = arity(spec) === 2 ? xs[1]! : null;
            const truth = got.map((_, k) => [Float64Array.from(x, (v, i) => reference(v, y?.[i] ?? 0, k)), new Float64Array(x.length)] as const);
            const { failures } = measure(spec, dtype, (k) => boundOf(kernel, k), got, truth, x, y, REFERENCE_SLACK);
            if (failures.length > 0) throw new Error(failures.join('\n'));
          }),
          optionsOf(`accuracy reference ${c.title} ${spec.name}`, 15),
        );
      });
    }
  });
});

describe('the fixtures', () => {
  it('cover every entry but the backward step (exact products instead), in both types', () => {
    const missing = ELEMENTWISE.filter((s) => TYPES.some((d) => fixtureOf(s, d) === null)).map((s) => s.name);
    expect(missing).toEqual(['sigmoidBackward']);
  });
});
