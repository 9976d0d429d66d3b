// The wasm memory: arrays in JS memory stream through a fixed scratch region
// (the memory never grows for them, whatever the length, for every entry of
// the table and the reductions), and the zero-copy layer's lifecycle
// (WasmArray: allocation, growth, free, dispose, misuse), for every build
// and tier. That every call form gives the same bits across the chunk
// boundaries is the generic property's (test/api/calls.test.ts).
import { describe, expect, it } from 'vitest';

import type { WasmArrayImpl } from '../../src/heap.js';
import { createKernel } from '../../src/index.js';
import type { Kernel } from '../../src/types.js';
import { CASES, optionsFor } from '../support/cases.js';
import { arrayOf, describeDifference, firstDifference, TYPES, uniform, type Float } from '../support/numbers.js';
import { call, ELEMENTWISE } from '../support/ops.js';

/** A kernel's wasm memory (through an array of it). */
function memoryOf(k: Kernel): WebAssembly.Memory {
  const probe = k.allocFloat32(0) as unknown as WasmArrayImpl;
  const memory = probe.heap.memory;
  probe.free();
  return memory;
}

describe.each(CASES)('$title', (c) => {
  it.skipIf(c.skip !== null)('arrays in JS memory stream through the scratch region: the memory does not grow (every entry, every length, the reductions)', () => {
    const k = createKernel(optionsFor(c.build, c.precision)); // a fresh one: its memory is measured
    for (const spec of ELEMENTWISE) call(k, spec, spec.shape === 'unary' || spec.shape === 'pair' ? [new Float32Array(10)] : [new Float32Array(10), new Float32Array(10)]);
    const memory = memoryOf(k);
    const before = memory.buffer.byteLength;
    const x = new Float64Array(200_003).fill(0.25); // 25 chunks: the memory would grow by 1.6 MB if it held them
    for (const spec of ELEMENTWISE) {
      const inputs = spec.shape === 'unary' || spec.shape === 'pair' ? [x] : [x, x];
      call(k, spec, inputs);
      call(k, spec, inputs, spec.shape === 'pair' ? [x, new Float64Array(x.length)] : [x]);
      if (spec.shape === 'loss') {
        call(k, spec, inputs, [], 'sum');
        call(k, spec, [new Float32Array(400_001), new Float32Array(400_001)], [], 'mean');
      }
    }
    k.sigmoid(new Float32Array(600_001));
    expect(memory.buffer.byteLength).toBe(before);
  });

  describe.skipIf(c.skip !== null).each(TYPES)('WasmArray, %s', (dtype) => {
    const alloc = (k: Kernel, v: number | ArrayLike<number>) => (dtype === 'float32' ? k.allocFloat32(v) : k.allocFloat64(v));

    it('holds its values (or zeros), as a view of the memory of its type and length', () => {
      const k = c.kernel;
      const values = [0.5, -3, 17.25];
      const a = alloc(k, values);
      expect(a.array).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
      expect([a.length, a.dtype, a.freed]).toEqual([3, dtype, false]);
      expect(Array.from(a.array)).toEqual(values);
      expect(a.array.buffer).toBe(memoryOf(k).buffer);
      const z = alloc(k, 5);
      expect(Array.from(z.array)).toEqual([0, 0, 0, 0, 0]);
      a.free();
      z.free();
    });

    it('an array of another kernel (another build or tier) is accepted: copied', () => {
      const k = c.kernel;
      const other = createKernel({ simd: !k.simd, precision: c.precision === 'fast' ? 'accurate' : 'fast' });
      const values = [0, 1, -3, 17.5];
      const x = alloc(other, values);
      const want = k.sigmoid(arrayOf(dtype, values) as Float32Array);
      expect(describeDifference('from another kernel', k.sigmoid(x as never) as unknown as Float, want, [values], dtype)).toBe('');
      x.free();
    });
  });
});

describe.each(['fast', 'accurate'] as const)('the heap of a %s kernel', (precision) => {
  it('a WasmArray stays valid across a forced memory growth (read .array again), and computes as before', () => {
    const k = createKernel({ precision });
    const data = uniform('float32', 5000, -10, 10, 8) as Float32Array;
    const x = k.allocFloat32(data);
    const old = x.array;
    const before = memoryOf(k).buffer.byteLength;
    const big = k.allocFloat32(16 * 1024 * 1024); // 64 MiB: the memory must grow
    expect(memoryOf(k).buffer.byteLength).toBeGreaterThan(before);
    expect(old.length, 'a view made before the growth is detached').toBe(0);
    expect(Array.from(x.array)).toEqual(Array.from(data));
    const y = k.allocFloat32(5000);
    k.sigmoid(x, y);
    expect(firstDifference(y.array, k.sigmoid(data))).toBe(-1);
    big.free();
  });

  it('free() returns the memory: allocating again does not grow it', () => {
    const k = createKernel({ precision });
    const memory = memoryOf(k);
    const before = memory.buffer.byteLength;
    for (let i = 0; i < 20; i++) k.allocFloat64(1_000_000).free();
    expect(memory.buffer.byteLength - before).toBeLessThanOrEqual(8_000_000 + 65536);
  });

  it('Symbol.dispose frees it; a second free does nothing; a freed array throws a TypeError when used', () => {
    const k = createKernel({ precision });
    const a = k.allocFloat32(10);
    a[Symbol.dispose]();
    expect(a.freed).toBe(true);
    a.free();
    expect(() => a.array).toThrow(TypeError);
    expect(() => k.sigmoid(a)).toThrow(/sigmoid: x is a WasmArray that has been freed/);
    {
      using b = k.allocFloat64(4);
      b.array.fill(1);
      expect(b.freed).toBe(false);
    }
  });

  it('bad allocations: a RangeError for a length that is negative, fractional or too large; a TypeError for other values', () => {
    const k = createKernel({ precision });
    expect(() => k.allocFloat32(-1)).toThrow(new RangeError('allocFloat32: length must be a non-negative integer (got -1)'));
    expect(() => k.allocFloat32(1.5)).toThrow(RangeError);
    expect(() => k.allocFloat32(NaN)).toThrow(RangeError);
    expect(() => k.allocFloat32(2 ** 31)).toThrow(RangeError);
    expect(() => k.allocFloat64('3' as never)).toThrow(TypeError);
    expect(() => k.allocFloat64(null as never)).toThrow(/allocFloat64: expected a length or an array of numbers \(got null\)/);
    expect(() => k.allocFloat64([1, 'a'] as never)).toThrow(/allocFloat64: values\[1\] is not a number/);
    // And it keeps working.
    expect(Array.from(k.allocFloat64([1, 2]).array)).toEqual([1, 2]);
  });
});
