// The zero-copy layer, for every build and tier: arrays in wasm memory,
// their views across memory growth, free and dispose, and constant memory
// for arrays in JS memory.
import { describe, expect, it } from 'vitest';

import { createKernel, relaxedSimdSupported, simdSupported } from '../src/index.js';
import type { KernelImpl } from '../src/kernel.js';
import type { Kernel, WasmArray } from '../src/types.js';
import { CASES, PRECISIONS, arrayOf, describeDifference, firstDifference, optionsFor, uniform, type DType } from './helpers.js';

const memoryOf = (k: unknown) => (k as KernelImpl).exports.memory;

/** got equals want bit for bit; the message names the first difference and its input. */
function expectSame(label: string, got: ArrayLike<number>, want: ArrayLike<number>, x: ArrayLike<number>, dtype: DType = 'float32') {
  expect(firstDifference(got, want), describeDifference(label, got, want, x, dtype)).toBe(-1);
}

describe('createKernel', () => {
  it("says which build and tier it runs; 'auto' picks SIMD, and for the fast tier relaxed SIMD, where supported", () => {
    const k = createKernel();
    expect([k.simd, k.relaxed, k.precision]).toEqual([simdSupported(), relaxedSimdSupported(), 'fast']);
    expect(createKernel({ simd: 'auto', relaxed: 'auto' }).relaxed).toBe(relaxedSimdSupported());
    expect([createKernel({ simd: false }).simd, createKernel({ simd: false }).relaxed]).toEqual([false, false]);
    expect(createKernel({ simd: 'auto' }).simd).toBe(simdSupported());
    expect(createKernel({ relaxed: false }).relaxed).toBe(false);
    expect(createKernel({ simd: true }).relaxed).toBe(relaxedSimdSupported()); // simd: true alone leaves relaxed at 'auto'
  });

  it.each(PRECISIONS)("precision '%s': the accurate tier never runs the relaxed build", (precision) => {
    const k = createKernel({ precision });
    expect(k.precision).toBe(precision);
    expect(k.simd).toBe(simdSupported());
    expect(k.relaxed).toBe(precision === 'fast' && relaxedSimdSupported());
    expect(createKernel({ precision, relaxed: false }).relaxed).toBe(false);
  });
});

describe.each(CASES)('$title', (c) => {
  describe.skipIf(c.skip !== null).each(['float32', 'float64'] as DType[])('WasmArray, %s', (dtype) => {
    // Typed as float32 for the overloads; the element type is `dtype` either way.
    const alloc = (k: Kernel, v: number | ArrayLike<number>) =>
      (dtype === 'float32' ? k.allocFloat32(v) : k.allocFloat64(v)) as unknown as WasmArray<Float32Array>;

    it('wasm-resident x and out give the same result as JS arrays (sigmoid, derivative, fused, backward)', () => {
      const k = c.kernel;
      const data = uniform(dtype, 1003, -20, 20, 6) as Float32Array;
      const x = alloc(k, data);
      const y = alloc(k, 1003);
      expect(k.sigmoid(x, y)).toBe(y);
      expectSame('sigmoid(x, out) in wasm memory', y.array, k.sigmoid(data), data, dtype);
      const d = alloc(k, 1003);
      k.sigmoidDerivative(x, d);
      expectSame('sigmoidDerivative(x, out) in wasm memory', d.array, k.sigmoidDerivative(data), data, dtype);
      const v = alloc(k, 1003);
      const { value, derivative } = k.sigmoidWithDerivative(x, v, alloc(k, 1003));
      expectSame('fused value in wasm memory', value.array, k.sigmoid(data), data, dtype);
      expectSame('fused derivative in wasm memory', derivative.array, k.sigmoidDerivative(data), data, dtype);
      const dx = k.sigmoidBackward(y, x);
      expectSame('backward from wasm memory', dx, k.sigmoidBackward(k.sigmoid(data), data), data, dtype);
    });

    it('mixes with JS arrays either way, and views of wasm memory work as arguments', () => {
      const k = c.kernel;
      const data = uniform(dtype, 301, -40, 40, 7) as Float32Array;
      const x = alloc(k, data);
      const expected = k.sigmoid(data);
      expectSame('wasm in, JS out', k.sigmoid(x), expected, data, dtype); // wasm in, fresh JS out
      const out = alloc(k, 301);
      k.sigmoid(data, out); // JS in, wasm out
      expectSame('JS in, wasm out', out.array, expected, data, dtype);
      const view = alloc(k, 301);
      k.sigmoid(x.array, view.array); // typed-array views of wasm memory
      expectSame('views of wasm memory', view.array, expected, data, dtype);
    });

    it('in place over WasmArrays (sigmoid, derivative, backward over dy) equals the copy path', () => {
      const k = c.kernel;
      const data = uniform(dtype, 5003, -30, 30, 9) as Float32Array;
      const dyData = uniform(dtype, 5003, -2, 2, 10) as Float32Array;
      const s = alloc(k, data);
      expect(k.sigmoid(s, s)).toBe(s);
      expectSame('sigmoid in place', s.array, k.sigmoid(data), data, dtype);
      const d = alloc(k, data);
      k.sigmoidDerivative(d, d);
      expectSame('derivative in place', d.array, k.sigmoidDerivative(data), data, dtype);
      const dy = alloc(k, dyData);
      k.sigmoidBackward(s, dy, dy);
      expectSame('backward in place over dy', dy.array, k.sigmoidBackward(k.sigmoid(data), dyData), data, dtype);
      for (const a of [s, d, dy]) a.free();
    });

    // 50_003 elements: several chunks of the scratch region, not the one-chunk fast path.
    it('in place over JS arrays, across chunks, equals the copy path', () => {
      const k = c.kernel;
      const data = uniform(dtype, 50_003, -30, 30, 11);
      const expected = k.sigmoid(data as Float32Array);
      const x = data.slice();
      expect(k.sigmoid(x as Float32Array, x as Float32Array)).toBe(x);
      expectSame('sigmoid in place', x, expected, data, dtype);
      const { value, derivative } = k.sigmoidWithDerivative(data as Float32Array);
      const v = data.slice();
      const dd = arrayOf(dtype, data.length);
      k.sigmoidWithDerivative(v as Float32Array, v as Float32Array, dd as Float32Array);
      expectSame('fused value in place', v, value, data, dtype);
      expectSame('fused derivative', dd, derivative, data, dtype);
    });

    it('an array from another kernel (another build or tier) is accepted (copied)', () => {
      const k = c.kernel;
      const other = createKernel({ simd: !c.kernel.simd, precision: c.precision === 'fast' ? 'accurate' : 'fast' });
      const values = [0, 1, -3, 17.5];
      const x = alloc(other, values);
      expectSame('from another kernel', k.sigmoid(x), k.sigmoid(arrayOf(dtype, values) as Float32Array), values, dtype);
    });
  });
});

describe.each(PRECISIONS)('the heap of a %s kernel', (precision) => {
  it('a WasmArray stays valid across a forced memory growth', () => {
    const k = createKernel({ precision });
    const data = uniform('float32', 5000, -10, 10, 8) as Float32Array;
    const x = k.allocFloat32(data);
    const before = memoryOf(k).buffer.byteLength;
    const big = k.allocFloat32(16 * 1024 * 1024); // 64 MiB: the memory must grow
    expect(memoryOf(k).buffer.byteLength).toBeGreaterThan(before);
    expect(Array.from(x.array)).toEqual(Array.from(data));
    const y = k.allocFloat32(5000);
    k.sigmoid(x, y);
    expect(firstDifference(y.array, k.sigmoid(data))).toBe(-1);
    big.free();
  });

  it('free() returns the memory: allocating again does not grow it', () => {
    const k = createKernel({ precision });
    const before = memoryOf(k).buffer.byteLength;
    for (let i = 0; i < 50; i++) {
      const a = k.allocFloat64(1_000_000);
      a.free();
    }
    const after = memoryOf(k).buffer.byteLength;
    expect(after - before).toBeLessThanOrEqual(8_000_000 + 65536);
  });

  it('Symbol.dispose frees it', () => {
    const a = createKernel({ precision }).allocFloat32(10);
    a[Symbol.dispose]();
    expect(a.freed).toBe(true);
  });
});

describe.each(CASES)('$title: arrays in JS memory stream through a fixed scratch region', (c) => {
  it.skipIf(c.skip !== null)('the wasm memory does not grow, whatever the length', () => {
    const k = createKernel(optionsFor(c.build, c.precision)); // a fresh one: its memory is measured
    k.sigmoid(new Float32Array(10));
    const before = memoryOf(k).buffer.byteLength;
    const x = new Float64Array(3_000_000);
    k.sigmoid(x, x);
    k.sigmoidWithDerivative(x);
    k.sigmoidBackward(x, x);
    k.sigmoid(new Float32Array(3_000_001));
    expect(memoryOf(k).buffer.byteLength).toBe(before);
  });
});
