// Firefox project only: the suite really runs in Firefox (Gecko's
// SpiderMonkey, not V8), and there createKernel's 'auto' picks the SIMD
// build while simd: false runs the scalar build (identified by the bytes each
// instance was compiled from).
import { afterAll, describe, expect, it } from 'vitest';

import { BUILD_BYTES, installWasmSpy } from './wasm-spy.js';

const spy = installWasmSpy();
// Loaded after the spy, so it sees every module src/ compiles.
const { createKernel, defaultKernel, sigmoid, simdSupported } = await import('../../src/index.js');
afterAll(() => spy.restore());

describe('the firefox project', () => {
  it('runs in Firefox, driven over WebDriver', () => {
    // Headless Firefox, unlike Chromium, does not say so in its user agent.
    expect(navigator.userAgent).toMatch(/\bGecko\/\d+ Firefox\/\d+/);
    expect(navigator.userAgent).not.toMatch(/Chrome|Chromium/);
    expect(navigator.webdriver).toBe(true);
  });

  it('runs without Node: no process.versions.node, a DOM document', () => {
    const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
    expect(proc?.versions?.node).toBeUndefined();
    expect(document.documentElement.nodeName).toBe('HTML');
  });
});

describe('builds in Firefox', () => {
  it('the two embedded builds differ (so the bytes identify the build)', () => {
    expect(BUILD_BYTES.simd.length).toBeGreaterThan(0);
    expect(BUILD_BYTES.scalar.length).toBeGreaterThan(0);
    expect(BUILD_BYTES.simd.length).not.toBe(BUILD_BYTES.scalar.length);
  });

  it("Firefox has wasm SIMD, and 'auto' (the default) runs the SIMD build", () => {
    expect(simdSupported()).toBe(true);
    const k = createKernel({ simd: 'auto' });
    expect(k.simd).toBe(true);
    expect(spy.buildOf(k)).toBe('simd');
  });

  it('the top-level functions run the SIMD build', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(defaultKernel().simd).toBe(true);
    expect(spy.buildOf(defaultKernel())).toBe('simd');
  });

  it('simd: false runs the scalar build, with the same results', () => {
    const scalar = createKernel({ simd: false });
    expect(scalar.simd).toBe(false);
    expect(spy.buildOf(scalar)).toBe('scalar');
    const x = new Float32Array([-3, -0.5, 0, 0.5, 3]);
    expect(Array.from(scalar.sigmoid(x))).toEqual(Array.from(createKernel({ simd: true }).sigmoid(x)));
  });
});
