// What the functions promise at the limits of each type, beyond the entries'
// `special` values (which hold in both types: promises.test.ts): results at
// the smallest subnormal and the largest finite inputs, the tails where the
// plain formulas fail (nothing flushed to 0 while the true value is
// representable, no cancellation to 0), saturation, signs and sign changes,
// and a few identities (logit inverts the sigmoid). For every build and tier,
// both types, compared with Object.is (-0 is not +0; any NaN matches any NaN).
import { describe, expect, it } from 'vitest';

import { boundOf, type DType } from '../../src/op.js';
import { opNamed } from '../../src/table.js';
import { sigmoid, sigmoidDerivative } from '../../src/index.js';
import { CASES } from '../support/cases.js';
import { arrayOf, MAX, roundTo, sameBits, show, TINY, TYPES, ulp, ulpError, type Float } from '../support/numbers.js';
import { call, inputsOf, resultsOf } from '../support/ops.js';

/** 1 + one ULP. */
const ABOVE_ONE = { float32: 1 + 2 ** -23, float64: 1 + 2 ** -52 } as const;
/** An expected value that may be +0 or -0 (a limit whose sign is not promised). */
const EITHER_ZERO = 0.123456789;
type Row = readonly number[];

/** Exact results at the limits of the type: [x, expected] or [x, y, expected] (a pair: [x, value, derivative]). */
function limits(name: string, dtype: DType): Row[] {
  const tiny = TINY[dtype];
  const max = MAX[dtype];
  const ln2 = Math.LN2;
  const above = ABOVE_ONE[dtype];
  switch (name) {
    case 'sigmoid':
      return [[tiny, 0.5], [-tiny, 0.5], [max, 1], [-max, 0], [dtype === 'float32' ? 110 : 750, 1], [dtype === 'float32' ? -110 : -750, 0]];
    case 'sigmoidDerivative':
      return [[tiny, 0.25], [-tiny, 0.25], [max, 0], [-max, 0], [dtype === 'float32' ? 110 : 750, 0], [dtype === 'float32' ? -110 : -750, 0]];
    case 'sigmoidWithDerivative':
      return [[tiny, 0.5, 0.25], [-tiny, 0.5, 0.25], [max, 1, 0], [-max, 0, 0]];
    case 'tanh':
      return [[tiny, tiny], [-tiny, -tiny], [max, 1], [-max, -1], dtype === 'float32' ? [2 ** -40, 2 ** -40] : [2 ** -600, 2 ** -600], dtype === 'float32' ? [10, 1] : [20, 1], dtype === 'float32' ? [-10, -1] : [-20, -1]];
    case 'tanhDerivative':
      return [[tiny, 1], [-tiny, 1], [max, 0], [-max, 0]];
    case 'silu':
      return [[max, max], [-max, -0], dtype === 'float32' ? [2 ** -140, 2 ** -141] : [2 ** -1070, 2 ** -1071], dtype === 'float32' ? [-(2 ** -140), -(2 ** -141)] : [-(2 ** -1070), -(2 ** -1071)]];
    case 'siluDerivative':
      return [[tiny, 0.5], [-tiny, 0.5], [max, 1], [-max, -0]];
    case 'softplus':
      return [[tiny, ln2], [-tiny, ln2], [max, max], [-max, 0]];
    case 'logSigmoid':
      return [[tiny, -ln2], [-tiny, -ln2], [max, -0], [-max, -max]];
    case 'logit':
      return [[-tiny, NaN], [above, NaN]];
    case 'binaryCrossEntropyWithLogits':
      return [[0.5, -Infinity, NaN], [0.5, Infinity, NaN], [0.5, -tiny, NaN], [0.5, above, NaN], [NaN, 0, NaN], [tiny, 1, ln2], [max, 0, max], [-max, 1, max], [max, 1, 0], [-max, 0, 0],
        [Infinity, 1, 0], [-Infinity, 0, 0], [Infinity, 0, Infinity], [-Infinity, 1, Infinity], [Infinity, 0.5, Infinity], [-Infinity, 0.5, Infinity]];
    case 'binaryCrossEntropyWithLogitsGradient':
      return [[0.5, -0.5, NaN], [0.5, -Infinity, NaN], [0.5, Infinity, NaN], [0.5, -tiny, NaN], [0.5, above, NaN], [NaN, 1, NaN], [tiny, 0, 0.5], [-tiny, 1, -0.5],
        [Infinity, 1, EITHER_ZERO], [max, 1, EITHER_ZERO], [-max, 0, 0]];
    case 'sigmoidBackward':
      return [[0, tiny, 0], [1, max, 0], [0.5, max, max / 4], [0.5, tiny * 4, tiny]];
    default:
      throw new Error(`no limits for ${name}`);
  }
}

const NAMES = ['sigmoid', 'sigmoidDerivative', 'sigmoidWithDerivative', 'sigmoidBackward', 'tanh', 'tanhDerivative', 'silu', 'siluDerivative', 'softplus', 'logSigmoid', 'logit', 'binaryCrossEntropyWithLogits', 'binaryCrossEntropyWithLogitsGradient'];

/** ln of the true value, for the tails: nothing flushed to 0 while it is representable. */
const LOG_TRUE: Record<string, (x: number) => number> = {
  sigmoid: (x) => x - Math.log1p(Math.exp(x)),
  sigmoidDerivative: (x) => -Math.abs(x) - 2 * Math.log1p(Math.exp(-Math.abs(x))),
  // 4 e / (1 + e)^2, e = e^-2|x|
  tanhDerivative: (x) => Math.log(4) - 2 * Math.abs(x) - 2 * Math.log1p(Math.exp(-2 * Math.abs(x))),
  // |x| sigmoid(x) for x < 0
  silu: (x) => Math.log(-x) + x - Math.log1p(Math.exp(x)),
  // log1p(e^x) ~ e^x for x < 0
  softplus: (x) => x + Math.log1p(-Math.exp(x) / 2),
  // |logSigmoid(x)| = softplus(-x) for x > 0
  logSigmoid: (x) => -x + Math.log1p(-Math.exp(-x) / 2),
};
/** Where those tails reach the bottom of each type. */
const TAIL: Record<string, Record<DType, [number, number]>> = {
  sigmoid: { float32: [-110, -85], float64: [-750, -700] },
  sigmoidDerivative: { float32: [85, 110], float64: [700, 750] },
  tanhDerivative: { float32: [40, 56], float64: [340, 380] },
  silu: { float32: [-115, -85], float64: [-760, -700] },
  softplus: { float32: [-110, -85], float64: [-750, -700] },
  logSigmoid: { float32: [85, 110], float64: [700, 750] },
};
/** Which tails are of negative results. */
const NEGATIVE = new Set(['silu', 'logSigmoid']);

const run = (k: object, name: string, inputs: Float[]): Float[] => resultsOf(opNamed(name)!, call(k, opNamed(name)!, inputs));

describe.each(CASES)('$title', (c) => {
  describe.skipIf(c.skip !== null).each(TYPES)('%s', (dtype) => {
    const k = () => c.kernel;

    it.each(NAMES)('%s: its exact results at the limits of the type', (name) => {
      const spec = opNamed(name)!;
      const rows = limits(name, dtype);
      const inputs = (spec.shape === 'unary' || spec.shape === 'pair' ? [0] : [0, 1]).map((i) => arrayOf(dtype, rows.map((r) => r[i]!)));
      const got = run(k(), name, inputs);
      const wrong: string[] = [];
      rows.forEach((row, i) => {
        const want = row.slice(inputs.length);
        want.forEach((w, o) => {
          const g = got[o]![i]!;
          const ok = w === EITHER_ZERO ? g === 0 : sameBits(g, roundTo(dtype, w));
          if (!ok) wrong.push(`${name}(${row.slice(0, inputs.length).map((v) => show(roundTo(dtype, v), dtype)).join(', ')}) = ${show(g, dtype)}, expected ${w === EITHER_ZERO ? '+-0' : show(roundTo(dtype, w), dtype)}`);
        });
      });
      expect(wrong).toEqual([]);
    });

    it.each(Object.keys(TAIL))('%s: never 0 in the tail while the true value is representable (and 0, of the right sign, past it)', (name) => {
      const [lo, hi] = TAIL[name]![dtype];
      const logTiny = Math.log(TINY[dtype]);
      const x = arrayOf(dtype, Array.from({ length: 4001 }, (_, i) => lo + ((hi - lo) * i) / 4000));
      const [got] = run(k(), name, [x]) as [Float];
      let checked = 0;
      for (let i = 0; i < x.length; i++) {
        const l = LOG_TRUE[name]!(x[i]!);
        if (l >= logTiny + 1e-9) {
          checked++;
          if (got[i] === 0) expect.fail(`${name}(${x[i]}) = 0, but the true value e^${l} is at least the smallest subnormal`);
        } else if (l < logTiny - 1) {
          if (!Object.is(got[i], NEGATIVE.has(name) ? -0 : 0)) expect.fail(`${name}(${x[i]}) = ${show(got[i]!, dtype)}, expected ${NEGATIVE.has(name) ? '-0' : '+0'}`);
        }
      }
      expect(checked).toBeGreaterThan(100);
    });

    it('the sigmoid: 1 past the rounding-to-1 threshold while its derivative stays > 0 and symmetric; below the normal range rounded, not flushed', () => {
      const at = dtype === 'float32' ? 20 : 40;
      const [s] = run(k(), 'sigmoid', [arrayOf(dtype, [at, -at])]) as [Float];
      const [d] = run(k(), 'sigmoidDerivative', [arrayOf(dtype, [at, -at])]) as [Float];
      expect(s[0]).toBe(1);
      expect(d[0]).toBeGreaterThan(0);
      expect(d[1]).toBe(d[0]);
      const lowest = arrayOf(dtype, [dtype === 'float32' ? -103.5 : -744.5]);
      const [sl] = run(k(), 'sigmoid', [lowest]) as [Float];
      const [dl] = run(k(), 'sigmoidDerivative', [lowest]) as [Float];
      expect(sl[0]).toBeGreaterThan(0);
      expect(dl[0]).toBe(sl[0]);
    });

    it('softplus(x) === x and logSigmoid(-x) === -x for large x; both finite for every finite x', () => {
      const large = dtype === 'float32' ? [20, 100, 1e10, 1e30, 1.5e38] : [40, 100, 1e10, 1e300, 1.7e308];
      const x = arrayOf(dtype, large);
      const [sp] = run(k(), 'softplus', [x]) as [Float];
      const [ls] = run(k(), 'logSigmoid', [x.map((v) => -v) as Float]) as [Float];
      for (let i = 0; i < x.length; i++) {
        expect(sp[i], `softplus(${x[i]})`).toBe(x[i]);
        expect(ls[i], `logSigmoid(${-x[i]!})`).toBe(-x[i]!);
      }
      const [all] = inputsOf(opNamed('softplus')!, dtype, 6000, 43) as [Float];
      const finite = arrayOf(dtype, Array.from(all).filter(Number.isFinite));
      const [s] = run(k(), 'softplus', [finite]) as [Float];
      const [l] = run(k(), 'logSigmoid', [finite]) as [Float];
      for (let i = 0; i < finite.length; i++) {
        if (!Number.isFinite(s[i]!)) expect.fail(`softplus(${finite[i]}) = ${s[i]}`);
        if (!Number.isFinite(l[i]!)) expect.fail(`logSigmoid(${finite[i]}) = ${l[i]}`);
      }
    });

    it('silu has the sign of x; siluDerivative changes sign at x = -1.27846 and stays in [-0.1, 1.1]', () => {
      const [x] = inputsOf(opNamed('silu')!, dtype, 6000, 47) as [Float];
      const [s] = run(k(), 'silu', [x]) as [Float];
      const [d] = run(k(), 'siluDerivative', [x]) as [Float];
      for (let i = 0; i < x.length; i++) {
        if (Number.isNaN(x[i]!)) continue;
        if (x[i]! > 0 ? !(s[i]! >= 0) : !(s[i]! < 0 || Object.is(s[i], -0) || (Object.is(x[i], 0) && Object.is(s[i], 0)))) expect.fail(`silu(${show(x[i]!, dtype)}) = ${show(s[i]!, dtype)}`);
        if (!(d[i]! >= -0.1 && d[i]! <= 1.1)) expect.fail(`siluDerivative(${x[i]}) = ${d[i]}`);
      }
      const [around] = run(k(), 'siluDerivative', [arrayOf(dtype, [-1.2786, -1.27847, -1.27845, -1.2784])]) as [Float];
      expect([around[0]! < 0, around[1]! < 0, around[2]! > 0, around[3]! > 0]).toEqual([true, true, true, true]);
    });

    it('logit: finite at the smallest subnormal and at 1 - ULP, within its bound there and at 1/4, 3/4', () => {
      const belowOne = dtype === 'float32' ? 1 - 2 ** -24 : 1 - 2 ** -53;
      const x = arrayOf(dtype, [TINY[dtype], belowOne, 0.25, 0.75]);
      const want = [Math.log(TINY[dtype]), dtype === 'float32' ? Math.log(2 ** 24 - 1) : Math.log(2 ** 53 - 1), -Math.log(3), Math.log(3)];
      const [got] = run(k(), 'logit', [x]) as [Float];
      const bound = boundOf(opNamed('logit')!.kernels[dtype][c.precision]);
      want.forEach((w, i) => {
        expect(Number.isFinite(got[i]!), `logit(${x[i]})`).toBe(true);
        // Within the bound plus the reference's own rounding (Math.log: under 1 float64 ULP).
        expect(Math.abs(got[i]! - w) / ulp(w, dtype), `logit(${x[i]}) = ${got[i]}, expected ${w}`).toBeLessThanOrEqual(bound + (dtype === 'float64' ? 1 : 0.01));
      });
    });

    it('logit inverts the sigmoid: logit(sigmoid(x)) is x to the conditioning of the round trip', () => {
      const x = arrayOf(dtype, Array.from({ length: 2001 }, (_, i) => -15 + (30 * i) / 2000));
      const [s] = run(k(), 'sigmoid', [x]) as [Float];
      const [back] = run(k(), 'logit', [s]) as [Float];
      for (let i = 0; i < x.length; i++) {
        const si = s[i]!;
        // d logit / dp = 1 / (p (1 - p)): the rounding of s (and the sigmoid's bound) is amplified by it.
        const tolerance = (4 * ulp(si, dtype)) / (si * (1 - si)) + 4 * ulp(x[i]!, dtype);
        if (!(Math.abs(back[i]! - x[i]!) <= tolerance)) expect.fail(`logit(sigmoid(${x[i]})) = ${back[i]} (s = ${si}), tolerance ${tolerance}`);
      }
    });

    it('the losses: a target of -0 is a target of 0; the gradient does not cancel to 0 in the tails', () => {
      for (const name of ['binaryCrossEntropyWithLogits', 'binaryCrossEntropyWithLogitsGradient']) {
        const [x] = inputsOf(opNamed(name)!, dtype, 3000, 53) as [Float];
        const zeros = arrayOf(dtype, x.length);
        const [a] = run(k(), name, [x, zeros]) as [Float];
        const [b] = run(k(), name, [x, zeros.map(() => -0) as Float]) as [Float];
        for (let i = 0; i < x.length; i++) if (!sameBits(a[i]!, b[i]!)) expect.fail(`${name}(${x[i]}, -0) = ${b[i]}, (${x[i]}, 0) = ${a[i]}`);
      }
      // In float32, sigmoid(x) - 1 is 0 from x = 17.33: the gradient is -sigmoid(-x) there.
      const far = dtype === 'float32' ? [20, 50, 100] : [40, 200, 700];
      const x = arrayOf(dtype, [...far, ...far.map((v) => -v)]);
      const y = arrayOf(dtype, [...far.map(() => 1), ...far.map(() => 0)]);
      const [g] = run(k(), 'binaryCrossEntropyWithLogitsGradient', [x, y]) as [Float];
      const [l] = run(k(), 'binaryCrossEntropyWithLogits', [x, y]) as [Float];
      const bound = boundOf(opNamed('binaryCrossEntropyWithLogitsGradient')!.kernels[dtype][c.precision]);
      for (let i = 0; i < far.length; i++) {
        expect(g[i], `gradient(${x[i]}, 1)`).toBeLessThan(0);
        expect(ulpError(g[i]!, -1 / (1 + Math.exp(far[i]!)), 0, dtype), `gradient(${x[i]}, 1)`).toBeLessThanOrEqual(bound + 2 ** -20);
        expect(g[far.length + i]).toBe(-g[i]!);
        expect(l[i], `loss(${x[i]}, 1)`).toBeGreaterThan(0);
        expect(l[far.length + i]).toBe(l[i]);
      }
    });

    // The family's float32 kernels in float64 lanes (an `f64` algorithm) round once: most results are the float64 kernels' rounded.
    // (Those in float32 lanes, the fast tier's, are held to their bounds by the accuracy tests and the sweep.)
    // The accurate tier has them all; the fast tier, since its float32 lanes, none.
    const inF64Lanes = NAMES.filter((n) => opNamed(n)!.section === 'family' && opNamed(n)!.kernels.float32[c.precision].algorithm.startsWith('f64'));
    if (dtype === 'float32' && c.precision === 'accurate') it('the accurate tier\'s family kernels for float32 are in float64 lanes', () => {
      expect(inF64Lanes.length).toBe(NAMES.filter((n) => opNamed(n)!.section === 'family').length);
    });
    if (dtype === 'float32' && inF64Lanes.length > 0) it('the family\'s float32 kernels in float64 lanes give float32 values that mostly agree with the float64 kernels\' rounded', () => {
      const names = inF64Lanes;
      for (const name of names) {
        const spec = opNamed(name)!;
        const inputs = inputsOf(spec, 'float32', 4000, 5);
        const r32 = run(k(), name, inputs);
        const r64 = run(k(), name, inputs.map((a) => arrayOf('float64', a)));
        let same = 0;
        for (let i = 0; i < 4000; i++) if (sameBits(r32[0]![i]!, Math.fround(r64[0]![i]!))) same++;
        expect(same / 4000, name).toBeGreaterThan(0.9);
      }
    });
  });
});

describe('the top-level functions', () => {
  it('the vanishing-gradient tail stays non-zero where s * (1 - s) is 0', () => {
    const s = sigmoid(40);
    expect(s * (1 - s)).toBe(0);
    expect(sigmoidDerivative(40)).toBeCloseTo(4.248354255291589e-18, 30);
    expect(sigmoidDerivative(-40)).toBe(sigmoidDerivative(40));
  });
});
