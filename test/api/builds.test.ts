// The builds against each other, bit for bit (any NaN matches any NaN), for
// every entry of the table, on the fixtures' points and 20,000 seeded ones:
// - the SIMD and the scalar build, both tiers;
// - the relaxed build: its float64 kernels are the SIMD build's bits, and so
//   are its accurate-tier exports (which the loader never runs: checked on a
//   Core of that build directly). Its fast float32 kernels run
//   f32x4.relaxed_madd, which the engine may fuse or not: this machine's
//   choice is detected (test/support/cases.ts, relaxedMaddFuses), and the
//   matching expectation asserted: not fused, the SIMD build's bits; fused,
//   other bits on some inputs (within the bounds: accuracy.test.ts) for every
//   function with relaxed code, and the SIMD build's bits for the others;
// - the pair (sigmoidWithDerivative) is the sigmoid and its derivative, bit
//   for bit, in every build and tier.
import { describe, expect, it } from 'vitest';

import { Core } from '../../src/core.js';
import type { DType, OpSpec, Precision } from '../../src/op.js';
import { opNamed } from '../../src/table.js';
import { CASES, RELAXED, caseOf, hasRelaxedCode, relaxedMaddFuses } from '../support/cases.js';
import { fixtureOf } from '../support/fixtures.js';
import { arrayOf, countDifferences, describeDifference, TYPES, uniform, type Float } from '../support/numbers.js';
import { call, inputsOf, ELEMENTWISE, resultsOf } from '../support/ops.js';

/** An entry's inputs for the comparisons: its fixture's points, then 20,000 seeded ones. */
function inputs(spec: OpSpec, dtype: DType): Float[] {
  const seeded = inputsOf(spec, dtype, 20_000, 4);
  const fixture = fixtureOf(spec, dtype);
  if (fixture === null) return seeded;
  const columns = [fixture.x, ...(fixture.y === null ? [] : [fixture.y])];
  return seeded.map((s, k) => {
    const all = arrayOf(dtype, columns[k]!.length + s.length);
    all.set(columns[k]!);
    all.set(s, columns[k]!.length);
    return all;
  });
}

const runOn = (k: object, spec: OpSpec, xs: Float[]): Float[] => resultsOf(spec, call(k, spec, xs));

function expectSame(label: string, a: Float[], b: Float[], xs: Float[], dtype: DType): void {
  a.forEach((out, k) => expect(describeDifference(`${label}, output ${k}`, out, b[k]!, xs, dtype)).toBe(''));
}

const each = ELEMENTWISE.flatMap((spec) => TYPES.map((dtype) => ({ spec, dtype, title: `${spec.name}, ${dtype}` })));

describe.each(['fast', 'accurate'] as const)('%s tier: the SIMD and the scalar build', (precision) => {
  it('are the builds they say they are', () => {
    const simd = caseOf('simd', precision).kernel;
    const scalar = caseOf('scalar', precision).kernel;
    expect([simd.simd, simd.relaxed, simd.precision]).toEqual([true, false, precision]);
    expect([scalar.simd, scalar.relaxed, scalar.precision]).toEqual([false, false, precision]);
  });

  it.each(each)('$title: the same bits', ({ spec, dtype }) => {
    const xs = inputs(spec, dtype);
    expectSame(`${spec.name}: simd vs scalar`, runOn(caseOf('simd', precision).kernel, spec, xs), runOn(caseOf('scalar', precision).kernel, spec, xs), xs, dtype);
  });
});

describe(`the relaxed build${RELAXED.supported ? '' : ` [SKIPPED: ${RELAXED.reason}]`}`, () => {
  const skip = !RELAXED.supported;

  it.skipIf(skip)('is the relaxed build of the fast tier', () => {
    const k = caseOf('relaxed', 'fast').kernel;
    expect([k.simd, k.relaxed, k.precision]).toEqual([true, true, 'fast']);
  });

  it.skipIf(skip)('f32x4.relaxed_madd is fused here or not, consistently (the expectations below follow)', () => {
    const fused = relaxedMaddFuses();
    console.log(`relaxed SIMD on this machine: f32x4.relaxed_madd is ${fused ? 'fused (one rounding)' : 'not fused (two roundings)'}`);
    expect(relaxedMaddFuses()).toBe(fused);
  });

  it.skipIf(skip).each(ELEMENTWISE.map((spec) => ({ spec, name: spec.name })))('$name, float64: the SIMD build\'s bits', ({ spec }) => {
    const xs = inputs(spec, 'float64');
    expectSame(`${spec.name}: relaxed vs simd`, runOn(caseOf('relaxed', 'fast').kernel, spec, xs), runOn(caseOf('simd', 'fast').kernel, spec, xs), xs, 'float64');
  });

  it.skipIf(skip).each(ELEMENTWISE.map((spec) => ({ spec, name: spec.name })))('$name, float32: the SIMD build\'s bits, unless it has relaxed code and this machine fuses', ({ spec }) => {
    const relaxed = caseOf('relaxed', 'fast').kernel;
    const simd = caseOf('simd', 'fast').kernel;
    const xs = inputs(spec, 'float32');
    // Dense points too (uniform on [-30, 30] for a real x): where fused and unfused differ is a matter of the last bits.
    const dense = inputsOf(spec, 'float32', 200_000, 77);
    if (spec.domain === 'real') dense[0] = uniform('float32', 200_000, -30, 30, 77);
    const all = xs.map((a, k) => arrayOf('float32', [...a, ...dense[k]!]));
    const a = runOn(relaxed, spec, all);
    const b = runOn(simd, spec, all);
    if (hasRelaxedCode(spec) && relaxedMaddFuses()) {
      const differ = a.map((out, k) => countDifferences(out, b[k]!));
      console.log(`relaxed vs simd, ${spec.name} float32 (fused here): ${differ.join(' / ')} of ${all[0]!.length} points differ`);
      for (const d of differ) expect(d, `${spec.name}: the fused build gives the SIMD build's bits on every point: is relaxed_madd fused in it?`).toBeGreaterThan(0);
    } else {
      expectSame(`${spec.name}: relaxed vs simd (${hasRelaxedCode(spec) ? 'not fused here' : 'no relaxed code'})`, a, b, all, 'float32');
    }
  });

  // The loader runs the accurate tier on the SIMD build only; the relaxed
  // build has the same accurate exports, which must give the same bits.
  it.skipIf(skip).each(each)('$title: its accurate export gives the SIMD build\'s bits', ({ spec, dtype }) => {
    const core = new Core('relaxed', 'accurate');
    const xs = inputs(spec, dtype);
    const a = resultsOf(spec, core.call(spec, ...([...xs, undefined, undefined].slice(0, 3) as [unknown, unknown, unknown])));
    expectSame(`${spec.name}: relaxed accurate vs simd`, a, runOn(caseOf('simd', 'accurate').kernel, spec, xs), xs, dtype);
  });
});

describe.each(CASES)('$title: the pair', (c) => {
  const pair = opNamed('sigmoidWithDerivative')!;
  it.skipIf(c.skip !== null).each(TYPES)('%s: sigmoidWithDerivative is sigmoid and sigmoidDerivative, bit for bit (with and without a tail)', (dtype) => {
    const k = c.kernel;
    const [all] = inputs(pair, dtype) as [Float];
    for (const x of [all, all.subarray(0, all.length - 1), all.subarray(5, 12), all.subarray(3, 4)]) {
      const [value, derivative] = runOn(k, pair, [x]) as [Float, Float];
      expect(describeDifference(`n = ${x.length}: value vs sigmoid`, value, k.sigmoid(x as Float32Array), [x], dtype)).toBe('');
      expect(describeDifference(`n = ${x.length}: derivative vs sigmoidDerivative`, derivative, k.sigmoidDerivative(x as Float32Array), [x], dtype)).toBe('');
    }
  });
});

/** The tiers named by the entries: checked against what the loader runs. */
const tiers: readonly Precision[] = ['fast', 'accurate'];
describe('the entries\' kernels', () => {
  it('a kernel both tiers run (sameAs) gives the same bits in both tiers', () => {
    for (const spec of ELEMENTWISE) {
      for (const dtype of TYPES) {
        const fast = spec.kernels[dtype].fast;
        if (fast.sameAs !== 'accurate') continue;
        const xs = inputs(spec, dtype);
        const [a, b] = tiers.map((p) => runOn(caseOf('simd', p).kernel, spec, xs));
        expectSame(`${spec.name} ${dtype}: fast vs accurate`, a!, b!, xs, dtype);
      }
    }
  });

  it('a kernel of its own in each tier gives other bits somewhere (so the tests tell the tiers apart)', () => {
    for (const spec of ELEMENTWISE) {
      for (const dtype of TYPES) {
        if (spec.kernels[dtype].fast.sameAs === 'accurate') continue;
        const xs = inputs(spec, dtype);
        const [a, b] = tiers.map((p) => runOn(caseOf('simd', p).kernel, spec, xs));
        expect(a!.map((out, k) => countDifferences(out, b![k]!)).some((d) => d > 0), `${spec.name} ${dtype}: fast and accurate agree everywhere`).toBe(true);
      }
    }
  });
});
