// The zero-copy layer: arrays in wasm memory, their views across memory
// growth, free and dispose, and constant memory for arrays in JS memory.
import { describe, expect, it } from 'vitest';

import { createKernel, simdSupported } from '../src/index.js';
import type { KernelImpl } from '../src/kernel.js';
import { firstDifference, uniform } from './helpers.js';

const memoryOf = (k: unknown) => (k as KernelImpl).exports.memory;

describe('createKernel', () => {
  it("says which build it runs, and 'auto' picks SIMD where supported", () => {
    expect(createKernel().simd).toBe(simdSupported());
    expect(createKernel({ simd: false }).simd).toBe(false);
    expect(createKernel({ simd: 'auto' }).simd).toBe(simdSupported());
  });
});

describe('WasmArray', () => {
  const k = createKernel();

  it('wasm-resident x and out give the same result as JS arrays', () => {
    const data = uniform('float32', 1000, -20, 20, 6) as Float32Array;
    const x = k.allocFloat32(data);
    const y = k.allocFloat32(1000);
    expect(k.sigmoid(x, y)).toBe(y);
    expect(firstDifference(y.array, k.sigmoid(data))).toBe(-1);
    const { value, derivative } = k.sigmoidWithDerivative(x, y, k.allocFloat32(1000));
    expect(firstDifference(value.array, k.sigmoid(data))).toBe(-1);
    expect(firstDifference(derivative.array, k.sigmoidDerivative(data))).toBe(-1);
    expect(firstDifference(k.sigmoidBackward(y, x).subarray(0), k.sigmoidBackward(k.sigmoid(data), data))).toBe(-1);
  });

  it('mixes with JS arrays either way, and views of wasm memory work as arguments', () => {
    const data = uniform('float64', 300, -40, 40, 7) as Float64Array;
    const x = k.allocFloat64(data);
    const expected = k.sigmoid(data);
    expect(firstDifference(k.sigmoid(x), expected)).toBe(-1); // wasm in, fresh JS out
    const out = k.allocFloat64(300);
    k.sigmoid(data, out); // JS in, wasm out
    expect(firstDifference(out.array, expected)).toBe(-1);
    const view = k.allocFloat64(300);
    k.sigmoid(x.array, view.array); // typed-array views of wasm memory
    expect(firstDifference(view.array, expected)).toBe(-1);
  });

  it('stays valid across a forced memory growth', () => {
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
    const before = memoryOf(k).buffer.byteLength;
    for (let i = 0; i < 50; i++) {
      const a = k.allocFloat64(1_000_000);
      a.free();
    }
    const after = memoryOf(k).buffer.byteLength;
    expect(after - before).toBeLessThanOrEqual(8_000_000 + 65536);
  });

  it('Symbol.dispose frees it', () => {
    const a = k.allocFloat32(10);
    a[Symbol.dispose]();
    expect(a.freed).toBe(true);
  });

  it('an array from another kernel is accepted (copied)', () => {
    const other = createKernel({ simd: false });
    const x = other.allocFloat32([0, 1]);
    expect(Array.from(k.sigmoid(x))).toEqual(Array.from(k.sigmoid(new Float32Array([0, 1]))));
  });
});

describe('arrays in JS memory stream through a fixed scratch region', () => {
  it('the wasm memory does not grow, whatever the length', () => {
    const k = createKernel();
    k.sigmoid(new Float32Array(10));
    const before = memoryOf(k).buffer.byteLength;
    const x = new Float64Array(3_000_000);
    k.sigmoid(x, x);
    k.sigmoidWithDerivative(x);
    k.sigmoidBackward(x, x);
    expect(memoryOf(k).buffer.byteLength).toBe(before);
  });
});
