// Access patterns of the sigmoid family, for every build and tier and both
// element types: element i gives the same bits whatever the array's length,
// offset and place (JS memory, streamed through the scratch region in
// chunks; wasm memory, passed by address); lengths across the chunk
// boundaries; out = x, out = y (the losses), a separate out; an out that
// partially overlaps an input gives the result of reading every input
// first; nothing is written outside the output; WasmArrays copy nothing and
// the memory does not grow for arrays in JS memory.
import { describe, expect, it } from 'vitest';

import { CHUNK_BYTES, type KernelImpl } from '../src/kernel.js';
import type { Kernel } from '../src/types.js';
import {
  CASES,
  FAMILY_BINARY,
  FAMILY_OPS,
  arrayOf,
  describeDifference,
  familyFunction,
  familyInputs,
  firstDifference,
  optionsFor,
  runFamily,
  type DType,
  type FamilyOp,
  type Float,
} from './helpers.js';
import { createKernel } from '../src/index.js';

const TYPES: DType[] = ['float32', 'float64'];
const isBinary = (op: FamilyOp) => (FAMILY_BINARY as readonly string[]).includes(op);

/** A wasm-memory view of n elements (a WasmArray's array) of the kernel. */
function wasmView(k: Kernel, dtype: DType, n: number): Float {
  return dtype === 'float32' ? k.allocFloat32(n).array : k.allocFloat64(n).array;
}

function expectSame(label: string, got: Float, want: ArrayLike<number>, x: ArrayLike<number>, dtype: DType) {
  const i = firstDifference(got, want);
  if (i >= 0) expect.fail(describeDifference(label, got, want, x, dtype));
}

describe.each(CASES)('$title', (c) => {
  describe.skipIf(c.skip !== null).each(FAMILY_OPS.flatMap((op) => TYPES.map((dtype) => ({ op, dtype }))))('$op, $dtype', ({ op, dtype }) => {
    const chunk = CHUNK_BYTES / (dtype === 'float32' ? 4 : 8);
    const longest = 2 * chunk + 7;
    const binary = isBinary(op);
    const base = familyInputs(op, dtype, longest, 17);
    const x = base.x;
    const y = base.y;
    // Specials at every 11th position, so their paths sit in the body and in the tails.
    const specials = [NaN, Infinity, -Infinity, 0, -0, dtype === 'float32' ? 1e-45 : 5e-324, 1, 0.5];
    for (let i = 0; i < longest; i += 11) x[i] = specials[(i / 11) % specials.length]!;
    const f = () => familyFunction(c.kernel, op);
    /** The result of op over [from, to), element by element in pieces of 999 (each under one chunk). */
    let pieces: Float | undefined;
    const reference = () => {
      if (pieces !== undefined) return pieces;
      const out = arrayOf(dtype, longest);
      for (let at = 0; at < longest; at += 999) {
        const to = Math.min(longest, at + 999);
        out.set(runFamily(c.kernel, op, x.subarray(at, to), y.subarray(at, to)), at);
      }
      return (pieces = out);
    };
    const want = (from: number, to: number) => reference().subarray(from, to);

    it(`lengths around the streaming chunk (${chunk} elements) give the elements of short runs`, () => {
      for (const n of [0, 1, 2, 3, 5, 17, chunk - 1, chunk, chunk + 1, 2 * chunk, longest]) {
        expectSame(`n = ${n}`, runFamily(c.kernel, op, x.subarray(0, n), y.subarray(0, n)), want(0, n), x, dtype);
      }
      for (const offset of [1, 3]) {
        const n = chunk + 5;
        expectSame(`offset ${offset}, n = ${n}`, runFamily(c.kernel, op, x.subarray(offset, offset + n), y.subarray(offset, offset + n)), want(offset, offset + n), x.subarray(offset), dtype);
      }
    });

    it('out = x (in place) across chunks, and a separate out, give the same elements; out is returned', () => {
      const xs = x.slice();
      const ys = y.slice();
      expect(runFamily(c.kernel, op, xs, ys, xs)).toBe(xs);
      expectSame('out = x', xs, want(0, longest), x, dtype);
      expect(Array.from(ys.subarray(0, 50))).toEqual(Array.from(y.subarray(0, 50)));
      const out = arrayOf(dtype, longest);
      expect(runFamily(c.kernel, op, x, y, out)).toBe(out);
      expectSame('separate out', out, want(0, longest), x, dtype);
    });

    it.runIf(binary)('out = y (in place over the targets) across chunks gives the same elements', () => {
      const ys = y.slice();
      expect(runFamily(c.kernel, op, x, ys, ys)).toBe(ys);
      expectSame('out = y', ys, want(0, longest), x, dtype);
    });

    it('an out that partially overlaps an input gives the result of reading every input first', () => {
      const n = chunk + 13;
      // out = the input shifted by one element, both ways.
      for (const shift of [1, -1]) {
        const buf = arrayOf(dtype, n + 1);
        const from = shift > 0 ? 0 : 1;
        buf.set(x.subarray(0, n), from);
        const input = buf.subarray(from, from + n);
        const output = buf.subarray(from + shift, from + shift + n);
        runFamily(c.kernel, op, input, y.subarray(0, n), output);
        expectSame(`x overlapped by out shifted ${shift}`, output, want(0, n), x, dtype);
      }
      if (binary) {
        const buf = arrayOf(dtype, n + 1);
        buf.set(y.subarray(0, n));
        const output = buf.subarray(1, n + 1);
        runFamily(c.kernel, op, x.subarray(0, n), buf.subarray(0, n), output);
        expectSame('y overlapped by out', output, want(0, n), x, dtype);
      }
      // The same in wasm memory.
      const w = wasmView(c.kernel, dtype, n + 1);
      w.set(x.subarray(0, n));
      runFamily(c.kernel, op, w.subarray(0, n), y.subarray(0, n), w.subarray(1, n + 1));
      expectSame('wasm memory, out shifted by 1', w.subarray(1, n + 1), want(0, n), x, dtype);
    });

    it('WasmArrays (inputs and out in wasm memory) give the same elements, in place too, mixed with JS arrays', () => {
      const k = c.kernel;
      const alloc = (v: number | ArrayLike<number>) =>
        (dtype === 'float32' ? k.allocFloat32(v) : k.allocFloat64(v)) as unknown as ReturnType<Kernel['allocFloat32']>;
      const wx = alloc(x);
      const wy = alloc(y);
      const wo = alloc(longest);
      const g = f();
      expect(binary ? g(wx, wy, wo) : g(wx, wo)).toBe(wo);
      expectSame('wasm x, y, out', wo.array, want(0, longest), x, dtype);
      // wasm in, JS out (fresh), and JS in, wasm out.
      expectSame('wasm in, fresh JS out', (binary ? g(wx, wy) : g(wx)) as Float, want(0, longest), x, dtype);
      wo.array.fill(0);
      binary ? g(x, wy, wo) : g(x, wo);
      expectSame('JS x, wasm out', wo.array, want(0, longest), x, dtype);
      // Typed-array views of wasm memory are recognised as well.
      const view = wo.array.subarray(5, 5 + 1000);
      binary ? g(wx.array.subarray(5, 1005), wy.array.subarray(5, 1005), view) : g(wx.array.subarray(5, 1005), view);
      expectSame('views of wasm memory at an offset', view, want(5, 1005), x.subarray(5), dtype);
      // In place over x (and over y).
      binary ? g(wx, wy, wx) : g(wx, wx);
      expectSame('in place over a WasmArray', wx.array, want(0, longest), x, dtype);
      if (binary) {
        wx.array.set(x);
        g(wx, wy, wy);
        expectSame('in place over the targets WasmArray', wy.array, want(0, longest), x, dtype);
      }
      for (const a of [wx, wy, wo]) a.free();
    });

    it('writes nothing outside the output (JS and wasm memory)', () => {
      const guard = 8;
      for (const where of ['JS', 'wasm'] as const) {
        for (const n of [0, 1, 3, 7, 31, 33, chunk + 1]) {
          const buf = where === 'JS' ? arrayOf(dtype, n + 2 * guard) : wasmView(c.kernel, dtype, n + 2 * guard);
          buf.fill(-7);
          runFamily(c.kernel, op, x.subarray(0, n), y.subarray(0, n), buf.subarray(guard, guard + n));
          const outside = [...Array.from(buf.subarray(0, guard)), ...Array.from(buf.subarray(guard + n))];
          if (outside.some((v) => v !== -7)) expect.fail(`${where} memory, n = ${n}: written outside the output: ${outside}`);
          expectSame(`${where} memory, n = ${n}`, buf.subarray(guard, guard + n), want(0, n), x, dtype);
        }
      }
    });
  });

  it.skipIf(c.skip !== null)('arrays in JS memory stream through the scratch region: the wasm memory does not grow (every family function, the reductions)', () => {
    const k = createKernel(optionsFor(c.build, c.precision));
    k.tanh(new Float32Array(4));
    const memory = (k as unknown as KernelImpl).exports.memory;
    const before = memory.buffer.byteLength;
    const x = new Float64Array(1_000_003).fill(0.25);
    for (const op of FAMILY_OPS) runFamily(k, op, x, x);
    k.binaryCrossEntropyWithLogits(x, x, { reduction: 'sum' });
    k.binaryCrossEntropyWithLogits(new Float32Array(2_000_001), new Float32Array(2_000_001), { reduction: 'mean' });
    k.silu(x, x);
    expect(memory.buffer.byteLength).toBe(before);
  });
});
