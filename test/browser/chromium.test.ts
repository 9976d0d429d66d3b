// Chromium (browser project) only: the suite really runs in headless
// Chromium, and there createKernel's 'auto' picks the relaxed-SIMD build
// (fast tier), relaxed: false the SIMD build and simd: false the scalar
// build (identified by the bytes each instance was compiled from:
// ./build-checks.ts). test/browser/firefox.test.ts is its Firefox twin.
import { afterAll, describe, expect, it } from 'vitest';

import { buildChecks } from './build-checks.js';
import { installWasmSpy } from './wasm-spy.js';

const spy = installWasmSpy();
// Loaded after the spy, so it sees every module src/ compiles.
const lib = await import('../../src/index.js');
afterAll(() => spy.restore());

describe('the browser project', () => {
  it('runs in headless Chromium', () => {
    expect(navigator.userAgent).toMatch(/\bHeadlessChrome\/\d+/);
  });

  it('runs without Node: no process.versions.node, a DOM document', () => {
    const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
    expect(proc?.versions?.node).toBeUndefined();
    expect(document.documentElement.nodeName).toBe('HTML');
  });
});

buildChecks('Chromium', spy, lib);
