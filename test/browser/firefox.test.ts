// Firefox project only: the suite really runs in Firefox (Gecko's
// SpiderMonkey, not V8), and there createKernel's 'auto' picks the
// relaxed-SIMD build (fast tier), relaxed: false the SIMD build and
// simd: false the scalar build (identified by the bytes each instance was
// compiled from: ./build-checks.ts).
import { afterAll, describe, expect, it } from 'vitest';

import { buildChecks } from './build-checks.js';
import { installWasmSpy } from './wasm-spy.js';

const spy = installWasmSpy();
// Loaded after the spy, so it sees every module src/ compiles.
const lib = await import('../../src/index.js');
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

buildChecks('Firefox', spy, lib);
