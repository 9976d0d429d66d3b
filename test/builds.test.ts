// The builds against each other, bit for bit (any NaN matches any NaN: wasm
// leaves NaN bits unspecified):
// - the SIMD and the scalar build, for every entry of both tiers;
// - the relaxed build: its fast float64 kernels equal the SIMD build's, and
//   so do its accurate-tier exports (which the loader never runs, checked on
//   the instance directly); its fast float32 kernels may differ in the last
//   bits (they hold the registry bounds: accuracy.test.ts);
// - the fused kernel equals the separate ones, in every build and tier.
import { describe, expect, it } from 'vitest';

import { KernelImpl } from '../src/kernel.js';
import type { Kernel } from '../src/types.js';
import {
  CASES,
  RELAXED,
  arrayOf,
  caseOf,
  countDifferences,
  describeDifference,
  entriesOf,
  firstDifference,
  loadReference,
  outputLabel,
  run,
  uniform,
  type DType,
  type KernelEntry,
} from './helpers.js';

/** The fixtures' x, then 20 000 seeded uniform points on [-800, 800]. */
function inputs(dtype: DType) {
  const ref = loadReference(dtype).x;
  const random = uniform(dtype, 20_000, -800, 800, 4);
  const x = arrayOf(dtype, ref.length + random.length);
  x.set(ref);
  x.set(random, ref.length);
  return x;
}

/** backward's y: saved sigmoid outputs in [0, 1] (and the specials of the fixtures' sigmoid). */
function backwardY(dtype: DType, n: number) {
  const s = loadReference(dtype).sigmoid[0];
  const y = uniform(dtype, n, 0, 1, 6);
  y.set(s.subarray(0, Math.min(s.length, n)));
  return y;
}

/** Runs an entry on the shared inputs (backward: y and dy; the others: x); x is what messages show. */
function runOn(kernel: Kernel, entry: KernelEntry) {
  const x = inputs(entry.dtype);
  if (entry.op !== 'backward') return { x, out: run(kernel, entry, x) };
  const y = backwardY(entry.dtype, x.length);
  return { x: y, out: run(kernel, entry, y, uniform(entry.dtype, x.length, -2, 2, 5)) };
}

describe.each(['fast', 'accurate'] as const)('%s tier: SIMD and scalar builds', (precision) => {
  const simd = caseOf('simd', precision);
  const scalar = caseOf('scalar', precision);

  it('are the builds they say they are', () => {
    expect([simd.kernel.simd, simd.kernel.relaxed, simd.kernel.precision]).toEqual([true, false, precision]);
    expect([scalar.kernel.simd, scalar.kernel.relaxed, scalar.kernel.precision]).toEqual([false, false, precision]);
  });

  it.each(entriesOf(precision))('$name ($op, $dtype): agree bit for bit', (entry) => {
    const a = runOn(simd.kernel, entry);
    const b = runOn(scalar.kernel, entry);
    a.out.forEach((out, k) => {
      expect(firstDifference(out, b.out[k]!), describeDifference(`${outputLabel(entry, k)}: simd vs scalar`, out, b.out[k]!, a.x, entry.dtype)).toBe(-1);
    });
  });
});

describe(caseOf('relaxed', 'fast').title, () => {
  const relaxed = caseOf('relaxed', 'fast');
  const simd = caseOf('simd', 'fast');
  const skip = relaxed.skip !== null;

  it.skipIf(skip)('is the relaxed build of the fast tier', () => {
    expect([relaxed.kernel.simd, relaxed.kernel.relaxed, relaxed.kernel.precision]).toEqual([true, true, 'fast']);
  });

  it.skipIf(skip).each(entriesOf('fast').filter((e) => e.dtype === 'float64'))(
    '$name ($op, float64): equals the SIMD build bit for bit',
    (entry) => {
      const a = runOn(relaxed.kernel, entry);
      const b = runOn(simd.kernel, entry);
      a.out.forEach((out, k) => {
        expect(firstDifference(out, b.out[k]!), describeDifference(`${outputLabel(entry, k)}: relaxed vs simd`, out, b.out[k]!, a.x, 'float64')).toBe(-1);
      });
    },
  );

  // Not a requirement (only the bounds are): says whether the relaxed
  // operations change anything on this machine.
  it.skipIf(skip).each(entriesOf('fast').filter((e) => e.dtype === 'float32'))(
    '$name ($op, float32): may differ from the SIMD build in the last bits (reported)',
    (entry) => {
      const a = runOn(relaxed.kernel, entry);
      const b = runOn(simd.kernel, entry);
      const counts = a.out.map((out, k) => `${outputLabel(entry, k)}: ${countDifferences(out, b.out[k]!)} of ${out.length} differ`);
      console.log(`relaxed vs simd, ${entry.name}: ${counts.join('; ')}`);
      expect(a.out).toHaveLength(b.out.length);
    },
  );

  // The loader runs the accurate tier on the SIMD build only; the relaxed
  // build has the same accurate exports, which must give the same bits.
  it.skipIf(skip).each(entriesOf('accurate'))('its accurate export $symbol ($op, $dtype) equals the SIMD build bit for bit', (entry) => {
    const relaxedAccurate = new KernelImpl('relaxed', 'accurate');
    expect(relaxedAccurate.relaxed).toBe(true);
    const a = runOn(relaxedAccurate, entry);
    const b = runOn(caseOf('simd', 'accurate').kernel, entry);
    a.out.forEach((out, k) => {
      expect(firstDifference(out, b.out[k]!), describeDifference(`${outputLabel(entry, k)}: relaxed vs simd`, out, b.out[k]!, a.x, entry.dtype)).toBe(-1);
    });
  });

  if (skip) it.skip(`not run: ${RELAXED.reason}`, () => {});
});

describe.each(CASES)('$title: the fused kernel', (c) => {
  // All the inputs (a multiple of 4 elements), then one fewer, and a short
  // array: so the tails run too.
  it.skipIf(c.skip !== null).each(['float32', 'float64'] as DType[])('equals the separate kernels bit for bit (%s; with and without a tail)', (dtype) => {
    const k = c.kernel;
    const all = inputs(dtype) as Float32Array;
    for (const x of [all, all.subarray(0, all.length - 1), all.subarray(5, 12)]) {
      const { value, derivative } = k.sigmoidWithDerivative(x);
      const s = k.sigmoid(x);
      const d = k.sigmoidDerivative(x);
      expect(firstDifference(value, s), describeDifference(`n = ${x.length}: value vs sigmoid`, value, s, x, dtype)).toBe(-1);
      expect(firstDifference(derivative, d), describeDifference(`n = ${x.length}: derivative vs sigmoidDerivative`, derivative, d, x, dtype)).toBe(-1);
    }
  });
});
