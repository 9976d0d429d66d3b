// Browser projects only (Chromium and Firefox): Chrome/Edge before 115
// refused `new WebAssembly.Module` of more than 4 KB on the main thread
// (RangeError), while reporting SIMD support. Emulated here (neither browser
// under test has the limit), so it checks the package's fallback in each.
import { afterAll, describe, expect, it } from 'vitest';

import { BUILD_BYTES, installWasmSpy } from './wasm-spy.js';

const LIMIT = 4096;
const spy = installWasmSpy({ maxSyncCompileBytes: LIMIT });
const { createKernel, defaultKernel, relaxedSimdSupported, sigmoid, simdSupported } = await import('../../src/index.js');
afterAll(() => spy.restore());

describe('an engine that limits synchronous compilation to 4 KB (Chrome/Edge < 115, main thread)', () => {
  it('every build is over the limit', () => {
    expect(BUILD_BYTES.simd.length).toBeGreaterThan(LIMIT);
    expect(BUILD_BYTES.relaxed.length).toBeGreaterThan(LIMIT);
    expect(BUILD_BYTES.scalar.length).toBeGreaterThan(LIMIT);
  });

  it('reports the SIMD and the relaxed build as unusable here: they validate, but cannot be compiled synchronously', () => {
    expect(simdSupported()).toBe(false);
    expect(relaxedSimdSupported()).toBe(false);
    expect(() => createKernel({ simd: true })).toThrow(/cannot compile the SIMD build synchronously/);
    expect(() => createKernel({ relaxed: true })).toThrow(Error);
  });

  it('the scalar build, the top-level functions and every tier throw an Error that says to use a Worker', () => {
    const worker = /refuses to compile the scalar build \(\d+ bytes\) synchronously here .*use sigmoid-wasm in a Worker/;
    expect(() => createKernel({ simd: false })).toThrow(worker);
    expect(() => sigmoid(0)).toThrow(worker);
    expect(() => defaultKernel()).toThrow(worker);
    for (const precision of ['fast', 'accurate'] as const) expect(() => createKernel({ precision })).toThrow(worker);
  });
});
