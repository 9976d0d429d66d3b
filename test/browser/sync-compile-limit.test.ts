// Browser projects only (Chromium and Firefox): Chrome/Edge before 115
// refused `new WebAssembly.Module` of more than 4 KB on a page's main thread
// (a RangeError), while reporting SIMD support. Emulated here (neither
// browser under test has the limit). Each function has its own module, so
// a function whose module is under the limit works, and one over it throws
// an Error that says to use a Worker, on its first call; the scalar build's
// modules are all small.
import { afterAll, describe, expect, it } from 'vitest';

import { OPS } from '../../src/table.js';
import { byRows } from '../../src/op.js';
import { bytesOf } from '../../src/wasm.js';
import { installWasmSpy } from './wasm-spy.js';

const LIMIT = 4096;
const spy = installWasmSpy({ maxSyncCompileBytes: LIMIT });
const lib = await import('../../src/index.js');
afterAll(() => spy.restore());

const WORKER = /^sigmoid-wasm: this engine refuses to compile the (\w+) build of (\w+) \((\d+) bytes\) synchronously here .*use sigmoid-wasm in a Worker there$/;

/** What a first call of a function of a kernel does: 'works', or the message. */
function firstCall(target: object, name: string): string {
  const spec = OPS.find((s) => s.name === name)!;
  const args = spec.shape === 'unary' || spec.shape === 'pair' || spec.shape === 'rows' ? [Float32Array.of(0.5)] : [Float32Array.of(0.5), Float32Array.of(0.5)];
  try {
    (target as Record<string, (...a: unknown[]) => unknown>)[name]!(...args);
    return 'works';
  } catch (error) {
    return String((error as Error).message);
  }
}

describe('an engine that limits synchronous compilation to 4 KB (Chrome/Edge < 115, main thread)', () => {
  it('SIMD is still reported (the probes are tiny)', () => {
    expect(lib.simdSupported()).toBe(true);
  });

  it('the default kernel: a function whose module is under the limit works, one over it throws an Error that says to use a Worker', () => {
    const k = lib.defaultKernel();
    const build = k.relaxed ? 'relaxed' : 'simd';
    let over = 0;
    for (const spec of OPS) {
      const size = bytesOf(spec.wasm, build).length;
      const got = firstCall(lib, spec.name);
      if (size > LIMIT) {
        over++;
        expect(got, spec.name).toMatch(WORKER);
        expect(WORKER.exec(got)!.slice(1)).toEqual([build, spec.name, String(size)]);
      } else expect(got, spec.name).toBe('works');
    }
    expect(over, 'no module over the limit: the emulation tests nothing').toBeGreaterThan(0);
  });

  it('the scalar build (simd: false) works, both tiers, every elementwise function under the limit; a row function over it says to use a Worker', () => {
    for (const precision of ['fast', 'accurate'] as const) {
      const k = lib.createKernel({ simd: false, precision });
      for (const spec of OPS) {
        const size = bytesOf(spec.wasm, 'scalar').length;
        if (!byRows(spec)) expect(size, spec.name).toBeLessThanOrEqual(LIMIT);
        // The functions over rows (softmax and its relatives) may be over it: there they need a Worker (docs/api.md).
        if (size <= LIMIT) expect(firstCall(k, spec.name), spec.name).toBe('works');
        else expect(firstCall(k, spec.name), spec.name).toMatch(/Worker/);
      }
    }
  });
});
