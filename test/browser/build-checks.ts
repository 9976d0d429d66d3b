// The build selection checks of test/browser/chromium.test.ts and
// firefox.test.ts (one browser each): in a browser with wasm SIMD and relaxed
// SIMD, which build each set of createKernel options runs, identified by the
// bytes each instance was compiled from (./wasm-spy.ts). That the builds give
// the same bits (or, for the relaxed build where this machine fuses, other
// bits within the bounds) is test/api/builds.test.ts's, which runs here too.
import { describe, expect, it } from 'vitest';

import { OPS } from '../../src/table.js';
import { bytesOf } from '../../src/wasm.js';
import type { WasmSpy } from './wasm-spy.js';

type Api = typeof import('../../src/index.js');

export function buildChecks(browser: string, spy: WasmSpy, lib: Api): void {
  const { createKernel, defaultKernel, relaxedSimdSupported, sigmoid, simdSupported } = lib;

  describe(`builds in ${browser}`, () => {
    it("each function's three builds are there, the SIMD and scalar ones different (so the bytes identify the build)", () => {
      for (const spec of OPS) {
        const [simd, scalar] = [bytesOf(spec.wasm, 'simd'), bytesOf(spec.wasm, 'scalar')];
        expect(simd.length, spec.name).toBeGreaterThan(0);
        // softmaxBackward's kernels are scalar loops in every build (the same code, the same bits): its two builds may be one.
        if (spec.name !== 'softmaxBackward') expect(simd, spec.name).not.toEqual(scalar);
      }
      const sigmoidSpec = OPS.find((s) => s.name === 'sigmoid')!;
      expect(bytesOf(sigmoidSpec.wasm, 'relaxed')).not.toEqual(bytesOf(sigmoidSpec.wasm, 'simd'));
    });

    it(`${browser} has wasm SIMD and relaxed SIMD: every relaxed module validates`, () => {
      expect(simdSupported()).toBe(true);
      expect(relaxedSimdSupported()).toBe(true);
      for (const spec of OPS) expect(WebAssembly.validate(bytesOf(spec.wasm, 'relaxed')), spec.name).toBe(true);
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

    it('simd: false runs the scalar build, in both tiers', () => {
      for (const precision of ['fast', 'accurate'] as const) {
        const scalar = createKernel({ precision, simd: false });
        expect([scalar.simd, scalar.relaxed]).toEqual([false, false]);
        expect(spy.buildOf(scalar)).toBe('scalar');
      }
    });
  });
}
