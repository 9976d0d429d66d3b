// The SIMD and the scalar build, and the fused and the separate kernels,
// give bitwise identical results (any NaN matches any NaN: wasm leaves NaN
// bits unspecified).
import { describe, expect, it } from 'vitest';

import { KERNELS, arrayOf, firstDifference, kernels, loadReference, run, uniform, type DType } from './helpers.js';

function inputs(dtype: DType) {
  const ref = loadReference(dtype).x;
  const random = uniform(dtype, 20_000, -800, 800, 4);
  const x = arrayOf(dtype, ref.length + random.length);
  x.set(ref);
  x.set(random, ref.length);
  return x;
}

describe.each(KERNELS)('$name', (entry) => {
  it('SIMD and scalar builds agree bit for bit', () => {
    const x = inputs(entry.dtype);
    const dy = uniform(entry.dtype, x.length, -2, 2, 5);
    const simd = run(kernels.simd, entry, x, dy);
    const scalar = run(kernels.scalar, entry, x, dy);
    simd.forEach((out, k) => {
      const i = firstDifference(out, scalar[k]!);
      expect(i, `x = ${x[i]}: simd ${out[i]}, scalar ${scalar[k]![i]}`).toBe(-1);
    });
  });
});

describe.each(['float32', 'float64'] as DType[])('%s fused kernel', (dtype) => {
  it.each(['simd', 'scalar'] as const)('equals the separate kernels bit for bit (%s)', (build) => {
    const k = kernels[build];
    const x = inputs(dtype) as Float32Array;
    const { value, derivative } = k.sigmoidWithDerivative(x);
    expect(firstDifference(value, k.sigmoid(x))).toBe(-1);
    expect(firstDifference(derivative, k.sigmoidDerivative(x))).toBe(-1);
  });
});
