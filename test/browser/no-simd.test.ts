// Browser projects only (Chromium and Firefox): on an engine without wasm
// SIMD (emulated: the SIMD build fails WebAssembly.validate and
// compilation), the package falls back to the scalar build, found by
// validating the SIMD build itself.
import { afterAll, describe, expect, it } from 'vitest';

import { buildOf, installWasmSpy } from './wasm-spy.js';

const spy = installWasmSpy({ withoutSimd: true });
const { createKernel, defaultKernel, sigmoid, sigmoidDerivative, simdSupported } = await import('../../src/index.js');
afterAll(() => spy.restore());

describe('an engine without wasm SIMD', () => {
  it('simdSupported() is false', () => {
    expect(simdSupported()).toBe(false);
  });

  it("'auto' runs the scalar build", () => {
    const k = createKernel();
    expect(k.simd).toBe(false);
    expect(spy.buildOf(k)).toBe('scalar');
  });

  it('the top-level functions work, on the scalar build', () => {
    const s = sigmoid(new Float64Array([-2, 0, 2]));
    expect(s[1]).toBe(0.5);
    expect(s[0]).toBeCloseTo(1 / (1 + Math.exp(2)), 15);
    expect(s[2]).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
    expect(sigmoidDerivative(0)).toBe(0.25);
    expect(spy.buildOf(defaultKernel())).toBe('scalar');
  });

  it('simd: true throws a clear error', () => {
    expect(() => createKernel({ simd: true })).toThrow(/does not support WebAssembly SIMD/);
  });

  it('never tried to compile the SIMD build (the scalar build, once)', () => {
    expect(spy.compiled.map(buildOf)).toEqual(['scalar']);
  });
});
