// The build selection checks of test/browser/chromium.test.ts and
// firefox.test.ts (one browser each): in a browser with wasm SIMD and relaxed
// SIMD, which build each set of createKernel options runs, identified by the
// bytes each instance was compiled from (./wasm-spy.ts).
import { describe, expect, it } from 'vitest';

import { BUILD_BYTES, type WasmSpy } from './wasm-spy.js';

type Api = typeof import('../../src/index.js');

export function buildChecks(browser: string, spy: WasmSpy, lib: Api): void {
  const { createKernel, defaultKernel, relaxedSimdSupported, sigmoid, simdSupported } = lib;

  describe(`builds in ${browser}`, () => {
    it('the three embedded builds differ (so the bytes identify the build)', () => {
      const sizes = Object.values(BUILD_BYTES).map((b) => b.length);
      for (const size of sizes) expect(size).toBeGreaterThan(0);
      expect(BUILD_BYTES.simd).not.toEqual(BUILD_BYTES.scalar);
      expect(BUILD_BYTES.simd).not.toEqual(BUILD_BYTES.relaxed);
      expect(BUILD_BYTES.scalar).not.toEqual(BUILD_BYTES.relaxed);
    });

    it(`${browser} has wasm SIMD and relaxed SIMD: the relaxed build validates and compiles`, () => {
      expect(simdSupported()).toBe(true);
      expect(relaxedSimdSupported()).toBe(true);
      expect(WebAssembly.validate(BUILD_BYTES.relaxed)).toBe(true);
    });

    it("'auto' (the default) runs the relaxed build, in the fast tier", () => {
      for (const k of [createKernel(), createKernel({ simd: 'auto', relaxed: 'auto' }), createKernel({ simd: true })]) {
        expect([k.simd, k.relaxed, k.precision]).toEqual([true, true, 'fast']);
        expect(spy.buildOf(k)).toBe('relaxed');
      }
      expect(spy.buildOf(createKernel({ relaxed: true }))).toBe('relaxed');
    });

    it('the top-level functions run the relaxed build', () => {
      expect(sigmoid(0)).toBe(0.5);
      expect([defaultKernel().simd, defaultKernel().relaxed, defaultKernel().precision]).toEqual([true, true, 'fast']);
      expect(spy.buildOf(defaultKernel())).toBe('relaxed');
    });

    it('relaxed: false runs the SIMD build', () => {
      const k = createKernel({ relaxed: false });
      expect([k.simd, k.relaxed]).toEqual([true, false]);
      expect(spy.buildOf(k)).toBe('simd');
      expect(spy.buildOf(createKernel({ simd: true, relaxed: false }))).toBe('simd');
    });

    it("precision: 'accurate' runs the SIMD build ('auto'), or the scalar build (simd: false); never the relaxed one", () => {
      const k = createKernel({ precision: 'accurate' });
      expect([k.simd, k.relaxed, k.precision]).toEqual([true, false, 'accurate']);
      expect(spy.buildOf(k)).toBe('simd');
      expect(spy.buildOf(createKernel({ precision: 'accurate', simd: false }))).toBe('scalar');
    });

    it('simd: false runs the scalar build, with the results of the SIMD build (both tiers)', () => {
      const x = new Float32Array([-3, -0.5, 0, 0.5, 3, 17.25, -88.5]);
      for (const precision of ['fast', 'accurate'] as const) {
        const scalar = createKernel({ precision, simd: false });
        expect([scalar.simd, scalar.relaxed]).toEqual([false, false]);
        expect(spy.buildOf(scalar)).toBe('scalar');
        const simd = createKernel({ precision, simd: true, relaxed: false });
        expect(Array.from(scalar.sigmoid(x))).toEqual(Array.from(simd.sigmoid(x)));
        expect(Array.from(scalar.sigmoidDerivative(Float64Array.from(x)))).toEqual(Array.from(simd.sigmoidDerivative(Float64Array.from(x))));
      }
    });

    it('relaxed SIMD really runs: the relaxed build computes the fast tier within its bounds (accuracy.test.ts) and is reported against the SIMD build', () => {
      const x = Float32Array.from({ length: 100_000 }, (_, i) => -30 + (60 * i) / 100_000);
      const relaxed = createKernel({ relaxed: true }).sigmoid(x);
      const simd = createKernel({ relaxed: false }).sigmoid(x);
      let differ = 0;
      for (let i = 0; i < x.length; i++) if (!Object.is(relaxed[i], simd[i])) differ++;
      // Not a requirement (fused multiply-add depends on the hardware): printed.
      console.log(`${browser}: the relaxed build's float32 sigmoid differs from the SIMD build's on ${differ} of ${x.length} points`);
      expect(relaxed).toHaveLength(x.length);
    });
  });
}
