// Special values of the sigmoid family, for every build and tier and both
// element types, compared with Object.is (so -0 is not +0; any NaN matches
// any NaN): NaN, +-0, +-Infinity, subnormal inputs, the largest finite
// inputs, the tails (nothing flushed to 0 while the true value is
// representable), symmetry (tanh odd, tanhDerivative even), signs and
// ranges, and order where the registry promises it (monotone: true).
import { describe, expect, it } from 'vitest';

import {
  CASES,
  FAMILY_BINARY,
  FAMILY_OPS,
  arrayOf,
  familyInputs,
  kernelFor,
  runFamily,
  sameBits,
  ulp,
  type DType,
  type FamilyOp,
  type Float,
} from './helpers.js';

const TYPES: DType[] = ['float32', 'float64'];
const TINY = { float32: 2 ** -149, float64: 2 ** -1074 } as const;
const MAX = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE } as const;
/** 1 + one ULP. */
const ABOVE_ONE = { float32: 1 + 2 ** -23, float64: 1 + 2 ** -52 } as const;

/**
 * [x, expected] or [x, y, expected]; the expected value is rounded to the
 * element type. EITHER_ZERO: +0 or -0 (a limit whose sign is not promised).
 */
const EITHER_ZERO = 0.123456789;
type Row = [number, number] | [number, number, number];

/** The special values of each function (float64 constants; fround for float32 below). */
function table(op: FamilyOp, dtype: DType): Row[] {
  const tiny = TINY[dtype];
  const max = MAX[dtype];
  const ln2 = Math.LN2;
  switch (op) {
    case 'tanh':
      return [[NaN, NaN], [0, 0], [-0, -0], [Infinity, 1], [-Infinity, -1], [tiny, tiny], [-tiny, -tiny], [max, 1], [-max, -1],
        dtype === 'float32' ? [2 ** -40, 2 ** -40] : [2 ** -600, 2 ** -600], dtype === 'float32' ? [10, 1] : [20, 1], dtype === 'float32' ? [-10, -1] : [-20, -1]];
    case 'tanhDerivative':
      return [[NaN, NaN], [0, 1], [-0, 1], [tiny, 1], [-tiny, 1], [Infinity, 0], [-Infinity, 0], [max, 0], [-max, 0]];
    case 'silu':
      return [[NaN, NaN], [0, 0], [-0, -0], [Infinity, Infinity], [-Infinity, -0], [max, max], [-max, -0],
        dtype === 'float32' ? [2 ** -140, 2 ** -141] : [2 ** -1070, 2 ** -1071], dtype === 'float32' ? [-(2 ** -140), -(2 ** -141)] : [-(2 ** -1070), -(2 ** -1071)]];
    case 'siluDerivative':
      return [[NaN, NaN], [0, 0.5], [-0, 0.5], [tiny, 0.5], [-tiny, 0.5], [Infinity, 1], [-Infinity, -0], [max, 1], [-max, -0]];
    case 'softplus':
      return [[NaN, NaN], [0, ln2], [-0, ln2], [tiny, ln2], [-tiny, ln2], [Infinity, Infinity], [-Infinity, 0], [max, max], [-max, 0]];
    case 'logSigmoid':
      return [[NaN, NaN], [0, -ln2], [-0, -ln2], [tiny, -ln2], [-tiny, -ln2], [Infinity, -0], [-Infinity, -Infinity], [max, -0], [-max, -max]];
    case 'logit':
      return [[NaN, NaN], [0, -Infinity], [-0, -Infinity], [1, Infinity], [0.5, 0], [-tiny, NaN], [-1, NaN], [-Infinity, NaN],
        [ABOVE_ONE[dtype], NaN], [2, NaN], [Infinity, NaN]];
    case 'binaryCrossEntropyWithLogits':
      return [[0.5, NaN, NaN], [0.5, -0.5, NaN], [0.5, 1.5, NaN], [0.5, -Infinity, NaN], [0.5, Infinity, NaN], [0.5, -tiny, NaN],
        [0.5, ABOVE_ONE[dtype], NaN], [NaN, 0.5, NaN], [NaN, 0, NaN], [0, 0, ln2], [0, 1, ln2], [0, 0.25, ln2], [-0, 0.5, ln2], [tiny, 1, ln2],
        [max, 0, max], [-max, 1, max], [max, 1, 0], [-max, 0, 0]];
    case 'binaryCrossEntropyWithLogitsGradient':
      return [[0.5, NaN, NaN], [0.5, -0.5, NaN], [0.5, 1.5, NaN], [0.5, -Infinity, NaN], [0.5, Infinity, NaN], [0.5, -tiny, NaN],
        [0.5, ABOVE_ONE[dtype], NaN], [NaN, 0.5, NaN], [NaN, 1, NaN], [0, 0.5, 0], [0, 0, 0.5], [0, 1, -0.5], [tiny, 0, 0.5], [-tiny, 1, -0.5],
        [Infinity, 1, EITHER_ZERO], [-Infinity, 0, 0], [Infinity, 0, 1], [-Infinity, 1, -1], [max, 1, EITHER_ZERO], [-max, 0, 0]];
  }
}

const binary = (op: FamilyOp) => (FAMILY_BINARY as readonly string[]).includes(op);
const describeRow = (op: FamilyOp, r: Row) => (r.length === 3 ? `${op}(${r[0]}, ${r[1]})` : `${op}(${r[0]})`);
const isNegativeZeroOrBelow = (v: number) => v < 0 || Object.is(v, -0);

/** ln of the true value (for the tails: nothing flushed while it is representable). */
const LOG_TRUE: Partial<Record<FamilyOp, (x: number) => number>> = {
  // 4 e / (1 + e)^2, e = e^-2|x|
  tanhDerivative: (x) => Math.log(4) - 2 * Math.abs(x) - 2 * Math.log1p(Math.exp(-2 * Math.abs(x))),
  // |x| sigmoid(x) for x < 0
  silu: (x) => Math.log(-x) + x - Math.log1p(Math.exp(x)),
  // log1p(e^x) ~ e^x for x < 0
  softplus: (x) => x + Math.log1p(-Math.exp(x) / 2),
  // |logSigmoid(x)| = softplus(-x) for x > 0
  logSigmoid: (x) => -x + Math.log1p(-Math.exp(-x) / 2),
};
/** Where the tails of LOG_TRUE reach the bottom of each type. */
const TAIL: Partial<Record<FamilyOp, Record<DType, [number, number]>>> = {
  tanhDerivative: { float32: [40, 56], float64: [340, 380] },
  silu: { float32: [-115, -85], float64: [-760, -700] },
  softplus: { float32: [-110, -85], float64: [-750, -700] },
  logSigmoid: { float32: [85, 110], float64: [700, 750] },
};

describe.each(CASES)('$title', (c) => {
  describe.skipIf(c.skip !== null).each(TYPES)('%s', (dtype) => {
    const round = dtype === 'float32' ? Math.fround : (v: number) => v;
    const k = () => c.kernel;

    it.each(FAMILY_OPS.map((op) => ({ op })))('$op: the special values (Object.is)', ({ op }) => {
      const rows = table(op, dtype);
      const x = arrayOf(dtype, rows.map((r) => r[0]));
      const y = arrayOf(dtype, rows.map((r) => (r.length === 3 ? r[1] : 0)));
      const got = runFamily(k(), op, x, y);
      const wrong: string[] = [];
      rows.forEach((r, i) => {
        const want = round(r[r.length - 1]!);
        if (want === round(EITHER_ZERO) ? got[i] !== 0 : !sameBits(got[i]!, want)) wrong.push(`${describeRow(op, r)} = ${Object.is(got[i], -0) ? '-0' : got[i]}, expected ${Object.is(want, -0) ? '-0' : want}`);
      });
      expect(wrong).toEqual([]);
    });

    it.each(FAMILY_OPS.map((op) => ({ op })))('$op: the float64 number path gives the same special values', ({ op }) => {
      if (dtype === 'float32') return; // numbers are float64
      const f = k()[op] as (a: number, b?: number) => number;
      const wrong: string[] = [];
      for (const r of table(op, 'float64')) {
        const got = binary(op) ? f(r[0], r[1]) : f(r[0]);
        const want = r[r.length - 1]!;
        if (want === EITHER_ZERO ? got !== 0 : !sameBits(got, want)) wrong.push(`${describeRow(op, r)} = ${got}`);
      }
      expect(wrong).toEqual([]);
    });

    it('tanh is exactly odd, tanhDerivative exactly even, and |tanh| <= 1, tanhDerivative in [0, 1]', () => {
      const x = familyInputs('tanh', dtype, 6000, 41).x;
      const neg = x.map((v) => -v) as Float;
      const [t, tn, d, dn] = [runFamily(k(), 'tanh', x), runFamily(k(), 'tanh', neg), runFamily(k(), 'tanhDerivative', x), runFamily(k(), 'tanhDerivative', neg)];
      for (let i = 0; i < x.length; i++) {
        if (!Object.is(tn[i], -t[i]!)) expect.fail(`tanh(${-x[i]!}) = ${tn[i]}, but -tanh(${x[i]}) = ${-t[i]!}`);
        if (!Object.is(dn[i], d[i])) expect.fail(`tanhDerivative(${-x[i]!}) = ${dn[i]}, but tanhDerivative(${x[i]}) = ${d[i]}`);
        if (!(Math.abs(t[i]!) <= 1)) expect.fail(`tanh(${x[i]}) = ${t[i]}`);
        if (!(d[i]! >= 0 && d[i]! <= 1)) expect.fail(`tanhDerivative(${x[i]}) = ${d[i]}`);
      }
    });

    it.each(Object.keys(TAIL).map((op) => ({ op: op as FamilyOp })))('$op: never 0 in the tail while the true value is representable (and 0, of the right sign, past it)', ({ op }) => {
      const [lo, hi] = TAIL[op]![dtype];
      const logTiny = Math.log(TINY[dtype]);
      const x = arrayOf(dtype, Array.from({ length: 4001 }, (_, i) => lo + ((hi - lo) * i) / 4000));
      const got = runFamily(k(), op, x);
      const logTrue = LOG_TRUE[op]!;
      let nonZeroChecked = 0;
      for (let i = 0; i < x.length; i++) {
        const l = logTrue(x[i]!);
        if (l >= logTiny + 1e-9) {
          nonZeroChecked++;
          if (got[i] === 0) expect.fail(`${op}(${x[i]}) = 0, but the true value e^${l} is at least the smallest subnormal`);
        } else if (l < logTiny - 1) {
          // Far below half the smallest subnormal: 0, with the sign of the true value.
          const negative = op === 'silu' || op === 'logSigmoid';
          if (!Object.is(got[i], negative ? -0 : 0)) expect.fail(`${op}(${x[i]}) = ${got[i]}, expected ${negative ? '-0' : '+0'}`);
        }
      }
      expect(nonZeroChecked).toBeGreaterThan(100);
    });

    it('softplus(x) === x and logSigmoid(-x) === -x for large x; both finite for every finite x', () => {
      const large = dtype === 'float32' ? [20, 100, 1e10, 1e30, 1.5e38] : [40, 100, 1e10, 1e300, 1.7e308];
      const x = arrayOf(dtype, large);
      const sp = runFamily(k(), 'softplus', x);
      const ls = runFamily(k(), 'logSigmoid', x.map((v) => -v) as Float);
      for (let i = 0; i < x.length; i++) {
        expect(sp[i], `softplus(${x[i]})`).toBe(x[i]);
        expect(ls[i], `logSigmoid(${-x[i]!})`).toBe(-x[i]!);
      }
      const all = familyInputs('softplus', dtype, 6000, 43).x;
      const s = runFamily(k(), 'softplus', all);
      const l = runFamily(k(), 'logSigmoid', all);
      for (let i = 0; i < all.length; i++) {
        if (!(Number.isFinite(s[i]!) && s[i]! >= 0)) expect.fail(`softplus(${all[i]}) = ${s[i]}`);
        if (!(Number.isFinite(l[i]!) && isNegativeZeroOrBelow(l[i]!))) expect.fail(`logSigmoid(${all[i]}) = ${l[i]}`);
      }
    });

    it('silu has the sign of x; siluDerivative changes sign at x = -1.27846 and stays in [-0.1, 1.1]', () => {
      const x = familyInputs('silu', dtype, 6000, 47).x;
      const s = runFamily(k(), 'silu', x);
      const d = runFamily(k(), 'siluDerivative', x);
      for (let i = 0; i < x.length; i++) {
        if (x[i]! > 0 ? !(s[i]! >= 0) : !isNegativeZeroOrBelow(s[i]!)) expect.fail(`silu(${x[i]}) = ${s[i]}`);
        if (!(d[i]! >= -0.1 && d[i]! <= 1.1)) expect.fail(`siluDerivative(${x[i]}) = ${d[i]}`);
      }
      const around = runFamily(k(), 'siluDerivative', arrayOf(dtype, [-1.2786, -1.27847, -1.27845, -1.2784]));
      expect(around[0]).toBeLessThan(0);
      expect(around[1]).toBeLessThan(0);
      expect(around[2]).toBeGreaterThan(0);
      expect(around[3]).toBeGreaterThan(0);
    });

    it('logit: finite at the smallest subnormal and at 1 - ULP, within its bound of log(p / (1 - p)) there and at 1/4, 3/4', () => {
      const tiny = TINY[dtype];
      const belowOne = dtype === 'float32' ? 1 - 2 ** -24 : 1 - 2 ** -53;
      const x = arrayOf(dtype, [tiny, belowOne, 0.25, 0.75]);
      const want = [Math.log(tiny), dtype === 'float32' ? Math.log(2 ** 24 - 1) : Math.log(2 ** 53 - 1), -Math.log(3), Math.log(3)];
      const got = runFamily(k(), 'logit', x);
      const bound = kernelFor(c.precision, 'logit', dtype).bound[0];
      want.forEach((w, i) => {
        expect(Number.isFinite(got[i]!), `logit(${x[i]})`).toBe(true);
        // Within the bound plus the reference's own rounding (Math.log: under 1 float64 ULP).
        expect(Math.abs(got[i]! - w) / ulp(w, dtype), `logit(${x[i]}) = ${got[i]}, expected ${w}`).toBeLessThanOrEqual(bound + (dtype === 'float64' ? 1 : 0.01));
      });
    });

    it('the losses: bce >= 0 and finite for finite x, y in [0, 1]; y = -0 is y = 0; the gradient is in [-1, 1]', () => {
      for (const op of ['binaryCrossEntropyWithLogits', 'binaryCrossEntropyWithLogitsGradient'] as const) {
        const { x, y } = familyInputs(op, dtype, 6000, 53);
        const got = runFamily(k(), op, x, y);
        for (let i = 0; i < x.length; i++) {
          const v = got[i]!;
          const ok = op === 'binaryCrossEntropyWithLogits' ? Number.isFinite(v) && v >= 0 : v >= -1 && v <= 1;
          if (!ok) expect.fail(`${op}(${x[i]}, ${y[i]}) = ${v}`);
        }
        const zeros = arrayOf(dtype, x.length);
        const negZeros = zeros.map(() => -0) as Float;
        const a = runFamily(k(), op, x, zeros);
        const b = runFamily(k(), op, x, negZeros);
        for (let i = 0; i < x.length; i++) if (!Object.is(a[i], b[i])) expect.fail(`${op}(${x[i]}, -0) = ${b[i]}, (${x[i]}, 0) = ${a[i]}`);
      }
    });

    it('the gradient does not cancel to 0 in the tails: sigmoid(x) - 1 is 0 there, the gradient is not', () => {
      const far = dtype === 'float32' ? [20, 50, 100] : [40, 200, 700];
      const x = arrayOf(dtype, [...far, ...far.map((v) => -v)]);
      const y = arrayOf(dtype, [...far.map(() => 1), ...far.map(() => 0)]);
      const g = runFamily(k(), 'binaryCrossEntropyWithLogitsGradient', x, y);
      const l = runFamily(k(), 'binaryCrossEntropyWithLogits', x, y);
      for (let i = 0; i < far.length; i++) {
        expect(g[i], `gradient(${x[i]}, 1)`).toBeLessThan(0);
        expect(g[far.length + i], `gradient(${x[far.length + i]}, 0)`).toBeGreaterThan(0);
        expect(g[far.length + i]).toBe(-g[i]!); // (1 - 0) s(-a) and -(1) s(-a)
        expect(l[i], `loss(${x[i]}, 1)`).toBeGreaterThan(0);
        expect(l[far.length + i]).toBe(l[i]);
      }
    });

    // Not in the list of promised special values (the limits of softplus(x) -
    // x y at infinite logits), but where the loss is used: an infinite logit
    // that agrees with its target costs nothing, one that disagrees costs
    // everything.
    it('the loss at infinite logits is its limit: bce(+Inf, 1) = bce(-Inf, 0) = 0, bce(+Inf, 0) = bce(-Inf, 1) = +Inf', () => {
      const x = arrayOf(dtype, [Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity]);
      const y = arrayOf(dtype, [1, 0, 0, 1, 0.5, 0.5]);
      const got = runFamily(k(), 'binaryCrossEntropyWithLogits', x, y);
      expect(Array.from(got)).toEqual([0, 0, Infinity, Infinity, Infinity, Infinity]);
    });

    for (const op of FAMILY_OPS) {
      const entry = kernelFor(c.precision, op, dtype);
      if (!entry.monotone) continue;
      it(`${op} is non-decreasing (${entry.name}: monotone in the registry)`, () => {
        const x = familyInputs(op, dtype, 20_000, 59).x;
        const sorted = arrayOf(dtype, Array.from(x).sort((a, b) => a - b));
        const got = runFamily(k(), op, sorted);
        for (let i = 1; i < got.length; i++) {
          if (got[i]! < got[i - 1]!) expect.fail(`${op} not monotone: ${op}(${sorted[i - 1]}) = ${got[i - 1]} > ${op}(${sorted[i]}) = ${got[i]}`);
        }
      });
    }
  });
});
