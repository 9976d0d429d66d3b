// Browser projects only (Chromium and Firefox): on an engine with wasm SIMD
// but without relaxed SIMD (Node 20, Safari; emulated here: relaxed
// instructions fail WebAssembly.validate and compilation), the fast tier runs
// the plain SIMD build, relaxed: true is an Error, and the package never
// compiles a relaxed module.
import { afterAll, describe, expect, it } from 'vitest';

import { buildOf, installWasmSpy } from './wasm-spy.js';

const spy = installWasmSpy({ withoutRelaxed: true });
const { createKernel, defaultKernel, relaxedSimdSupported, sigmoid, simdSupported } = await import('../../src/index.js');
afterAll(() => spy.restore());

describe('an engine with wasm SIMD but without relaxed SIMD', () => {
  it('simdSupported() is true, relaxedSimdSupported() false', () => {
    expect(simdSupported()).toBe(true);
    expect(relaxedSimdSupported()).toBe(false);
  });

  it("'auto' runs the SIMD build, in both tiers; the top-level functions too", () => {
    for (const precision of ['fast', 'accurate'] as const) {
      const k = createKernel({ precision });
      expect([k.simd, k.relaxed, k.precision]).toEqual([true, false, precision]);
      expect(spy.buildOf(k)).toBe('simd');
    }
    expect(sigmoid(0)).toBe(0.5);
    expect(defaultKernel().relaxed).toBe(false);
    expect(spy.buildOf(defaultKernel())).toBe('simd');
  });

  it('relaxed: true throws an Error (not a TypeError) saying so; relaxed: false works', () => {
    let error: unknown;
    try {
      createKernel({ relaxed: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/does not support WebAssembly relaxed SIMD/);
    expect(spy.buildOf(createKernel({ relaxed: false }))).toBe('simd');
  });

  it('validated the relaxed probe, but never compiled a relaxed module', () => {
    expect(spy.validated.some((b) => b.length < 64 && b.some((v, i) => v === 0xfd && b[i + 1] === 0x85 && b[i + 2] === 0x02))).toBe(true);
    expect(spy.compiled.map(buildOf)).not.toContain('relaxed');
  });
});
