// Browser projects only (Chromium and Firefox): on an engine without wasm
// SIMD (emulated: any module with a SIMD instruction, the feature probe
// included, fails WebAssembly.validate and compilation), the package falls
// back to the scalar build, for both tiers, and never compiles a SIMD module.
import { afterAll, describe, expect, it } from 'vitest';

import { buildOf, installWasmSpy } from './wasm-spy.js';

const spy = installWasmSpy({ withoutSimd: true });
const { createKernel, defaultKernel, relaxedSimdSupported, sigmoid, sigmoidDerivative, simdSupported, tanh } = await import('../../src/index.js');
afterAll(() => spy.restore());

describe('an engine without wasm SIMD', () => {
  it('simdSupported() and relaxedSimdSupported() are false', () => {
    expect(simdSupported()).toBe(false);
    expect(relaxedSimdSupported()).toBe(false);
  });

  it("'auto' runs the scalar build, in both tiers", () => {
    for (const precision of ['fast', 'accurate'] as const) {
      const k = createKernel({ precision });
      expect([k.simd, k.relaxed, k.precision]).toEqual([false, false, precision]);
      expect(spy.buildOf(k)).toBe('scalar');
    }
    expect(spy.buildOf(createKernel({ relaxed: false }))).toBe('scalar');
  });

  it('the top-level functions work, on the scalar build', () => {
    const s = sigmoid(new Float64Array([-2, 0, 2]));
    expect(s[1]).toBe(0.5);
    expect(s[0]).toBeCloseTo(1 / (1 + Math.exp(2)), 15);
    expect(s[2]).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
    expect(sigmoidDerivative(0)).toBe(0.25);
    expect(tanh(-0)).toBe(-0);
    expect(spy.buildOf(defaultKernel())).toBe('scalar');
  });

  it('simd: true, and relaxed: true, throw a clear error', () => {
    expect(() => createKernel({ simd: true })).toThrow(/does not support WebAssembly SIMD/);
    expect(() => createKernel({ relaxed: true })).toThrow(/does not support WebAssembly relaxed SIMD/);
  });

  it('never tried to compile a SIMD or relaxed module: scalar ones only', () => {
    const builds = spy.compiled.map(buildOf);
    expect(builds.length).toBeGreaterThan(0);
    expect(new Set(builds)).toEqual(new Set(['scalar']));
  });
});
