// Browser projects only (Chromium and Firefox): Chrome/Edge before 115
// refused `new WebAssembly.Module` of more than 4 KB on the main thread
// (RangeError), while reporting SIMD support. Emulated here (neither browser
// under test has the limit), so it checks the package's fallback in each.
import { afterAll, describe, expect, it } from 'vitest';

import { BUILD_BYTES, installWasmSpy } from './wasm-spy.js';

const LIMIT = 4096;
const spy = installWasmSpy({ maxSyncCompileBytes: LIMIT });
const { createKernel, sigmoid, simdSupported } = await import('../../src/index.js');
afterAll(() => spy.restore());

describe('an engine that limits synchronous compilation to 4 KB (Chrome/Edge < 115, main thread)', () => {
  it('the SIMD build is over the limit, the scalar build under it', () => {
    expect(BUILD_BYTES.simd.length).toBeGreaterThan(LIMIT);
    expect(BUILD_BYTES.scalar.length).toBeLessThanOrEqual(LIMIT);
  });

  it('reports the SIMD build as unusable here: it validates, but cannot be compiled synchronously', () => {
    expect(simdSupported()).toBe(false);
    expect(() => createKernel({ simd: true })).toThrow(/cannot compile the SIMD build synchronously/);
  });

  it('simd: false works', () => {
    const k = createKernel({ simd: false });
    expect(spy.buildOf(k)).toBe('scalar');
    expect(k.sigmoid(0)).toBe(0.5);
  });

  it("'auto' and the top-level functions fall back to the scalar build", () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(createKernel().simd).toBe(false);
  });
});
