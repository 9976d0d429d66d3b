// Browser projects only (Chromium and Firefox): vitest serves these pages
// without Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy, so
// they are not cross-origin isolated, and the worker pool, which shares wasm
// memory with its workers, cannot run: createPool says which headers the
// page needs. (The pool in an isolated page: test/browser-isolated/.)
import { describe, expect, it } from 'vitest';

import { createKernel, createPool } from '../../src/index.js';

describe('a page that is not cross-origin isolated', () => {
  it('has crossOriginIsolated false and no SharedArrayBuffer', () => {
    expect(crossOriginIsolated).toBe(false);
    expect(typeof SharedArrayBuffer).toBe('undefined');
  });

  it('createPool() throws an Error naming both headers, Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy', () => {
    for (const options of [undefined, { threads: 2, parallelThreshold: 0 }, { threads: 1 }]) {
      let thrown: unknown;
      try {
        createPool(options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(options)).toBeInstanceOf(Error);
      const message = (thrown as Error).message;
      expect(message).toContain('crossOriginIsolated is false');
      expect(message).toContain('Cross-Origin-Opener-Policy: same-origin');
      expect(message).toContain('Cross-Origin-Embedder-Policy: require-corp');
    }
  });

  it('the single-thread kernels work there as ever', () => {
    expect(createKernel().sigmoid(new Float32Array([0]))[0]).toBe(0.5);
  });
});
