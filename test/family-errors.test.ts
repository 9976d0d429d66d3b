// Bad input to the sigmoid family: a TypeError or RangeError naming the
// function and the argument, thrown before anything is written, and the
// library keeps working afterwards; for the top-level functions and for
// kernels of both tiers. binaryCrossEntropyWithLogits's options: not an
// object, an unknown reduction, out with a reduction: TypeError.
import { describe, expect, it } from 'vitest';

import * as api from '../src/index.js';
import { createKernel } from '../src/index.js';
import type { Kernel } from '../src/types.js';
import { FAMILY_BINARY, FAMILY_UNARY, PRECISIONS } from './helpers.js';

type Fn = (...a: unknown[]) => unknown;
const f32 = (n: number) => new Float32Array(n).fill(9);
const f64 = (n: number) => new Float64Array(n).fill(9);
const NAMES = [...FAMILY_UNARY, ...FAMILY_BINARY];

const SUBJECTS: Array<[string, () => Record<(typeof NAMES)[number], Fn>]> = [
  ['the top-level functions', () => Object.fromEntries(NAMES.map((n) => [n, (api as unknown as Record<string, Fn>)[n]!])) as Record<(typeof NAMES)[number], Fn>],
  ...PRECISIONS.map((precision): [string, () => Record<(typeof NAMES)[number], Fn>] => [
    `a ${precision} kernel`,
    () => {
      const k: Kernel = createKernel({ precision });
      return Object.fromEntries(NAMES.map((n) => [n, k[n] as Fn])) as Record<(typeof NAMES)[number], Fn>;
    },
  ]),
];

const BAD_INPUTS: Array<[string, unknown]> = [
  ['a string', 'abc'],
  ['null', null],
  ['undefined', undefined],
  ['an object', {}],
  ['a bigint', 1n],
  ['an Int32Array', new Int32Array(3)],
  ['a Uint8Array', new Uint8Array(3)],
  ['a DataView', new DataView(new ArrayBuffer(8))],
  ['an ArrayBuffer', new ArrayBuffer(8)],
];

describe.each(SUBJECTS)('%s', (_, functions) => {
  const fns = functions();

  describe.each(FAMILY_UNARY.map((name) => ({ name })))('$name', ({ name }) => {
    const f = fns[name];

    it.each(BAD_INPUTS)('x = %s: TypeError naming the function and x', (_, x) => {
      expect(() => f(x)).toThrow(TypeError);
      expect(() => f(x)).toThrow(new RegExp(`^${name}: x must be a number, an array of numbers, a Float32Array, a Float64Array or a WasmArray`));
    });

    it('an array with a non-number element names the index', () => {
      expect(() => f([1, '2', 3])).toThrow(new TypeError(`${name}: x[1] is not a number (got string)`));
      expect(() => f([1, 2, null])).toThrow(/x\[2\] is not a number \(got null\)/);
    });

    it('out of another type: TypeError; of another length: RangeError with both lengths; out with a number: TypeError', () => {
      expect(() => f(f32(3), f64(3))).toThrow(new TypeError(`${name}: out must have the input's type float32 (got float64)`));
      expect(() => f([1, 2], f32(2))).toThrow(TypeError);
      expect(() => f([1, 2], [0, 0])).toThrow(new RegExp(`^${name}: out must be a Float64Array`));
      expect(() => f(f32(3), f32(4))).toThrow(new RangeError(`${name}: out must have the input's length (got 4, input has 3)`));
      expect(() => f(f64(5), f64(2))).toThrow(RangeError);
      expect(() => f(0.5, f64(1))).toThrow(new TypeError(`${name}: out must be omitted when x is a number`));
    });

    it('a failed call writes nothing, and the function keeps working', () => {
      const out = f32(3);
      const out64 = f64(3);
      const big = f32(40_000); // more than one chunk: the general path
      expect(() => f(f32(3).fill(0.25), out.subarray(0, 2))).toThrow(RangeError);
      expect(() => f([0.25, 0.5, 'x'], out64)).toThrow(TypeError);
      expect(() => f(f32(40_001).fill(0.25), big)).toThrow(RangeError);
      for (const a of [out, out64]) expect(Array.from(a)).toEqual([9, 9, 9]);
      expect(big.every((v) => v === 9)).toBe(true);
      expect(typeof f(0.25)).toBe('number');
      expect(Number.isFinite(f(0.25) as number)).toBe(true);
      const r = f(new Float32Array([0.25, 0.5])) as Float32Array;
      expect(r).toHaveLength(2);
      expect(Number.isFinite(r[0]!) && Number.isFinite(r[1]!)).toBe(true);
    });

    it('a freed WasmArray: TypeError', () => {
      const k = createKernel();
      const a = k.allocFloat32(4);
      a.free();
      expect(() => (k[name] as Fn)(a)).toThrow(new RegExp(`^${name}: x is a WasmArray that has been freed`));
    });
  });

  describe.each(FAMILY_BINARY.map((name) => ({ name })))('$name', ({ name }) => {
    const f = fns[name];
    /** out in the function's own way: the loss takes it in its options. */
    const withOut = (x: unknown, y: unknown, out: unknown) =>
      name === 'binaryCrossEntropyWithLogits' ? f(x, y, { out }) : f(x, y, out);
    const outName = name === 'binaryCrossEntropyWithLogits' ? 'options.out' : 'out';

    it.each(BAD_INPUTS)('x or y = %s: TypeError naming the function and the argument', (_, bad) => {
      if (typeof bad !== 'undefined') {
        expect(() => f(bad, f32(2))).toThrow(new RegExp(`^${name}: x must be a number, an array of numbers`));
        expect(() => f(f32(2), bad)).toThrow(new RegExp(`^${name}: y must be a number, an array of numbers`));
      } else {
        expect(() => f(f32(2), bad)).toThrow(TypeError);
      }
    });

    it('a number and an array: TypeError; different types: TypeError; different lengths: RangeError with both', () => {
      expect(() => f(0.5, f32(1))).toThrow(new TypeError(`${name}: x and y must both be numbers or both be arrays (got number and Float32Array)`));
      expect(() => f([0.5], 1)).toThrow(TypeError);
      expect(() => f(f32(2), f64(2))).toThrow(new TypeError(`${name}: x and y must have the same type (got float32 and float64)`));
      expect(() => f(f32(2), [1, 0])).toThrow(TypeError); // number[] is float64
      expect(() => f(f32(2), f32(3))).toThrow(new RangeError(`${name}: x and y must have the same length (got 2 and 3)`));
      expect(() => f([1, 'a'], [0, 1])).toThrow(new TypeError(`${name}: x[1] is not a number (got string)`));
      expect(() => f([1, 2], [0, undefined])).toThrow(new TypeError(`${name}: y[1] is not a number (got undefined)`));
    });

    it('out of another type or length, or with numbers', () => {
      expect(() => withOut(f32(3), f32(3), f64(3))).toThrow(new TypeError(`${name}: ${outName} must have the input's type float32 (got float64)`));
      expect(() => withOut(f64(3), f64(3), f64(4))).toThrow(new RangeError(`${name}: ${outName} must have the input's length (got 4, input has 3)`));
      expect(() => withOut([1], [0], [0])).toThrow(TypeError);
      expect(() => withOut(0.5, 1, f64(1))).toThrow(new TypeError(`${name}: ${outName} must be omitted when x and y are numbers`));
    });

    it('a failed call writes nothing (out, x and y keep their contents), and the function keeps working', () => {
      const x = f32(3);
      const y = f32(3);
      const out = f32(3);
      expect(() => withOut(x, y, out.subarray(0, 2))).toThrow(RangeError);
      expect(() => withOut(x, f32(2), out)).toThrow(RangeError);
      expect(() => withOut(x, f64(3), x)).toThrow(TypeError);
      const xs = [0.5, 0.25, 1];
      const out64 = f64(3);
      expect(() => withOut(xs, [0, 1, '1'], out64)).toThrow(TypeError); // the last element of y is bad
      for (const a of [x, y, out, out64]) expect(Array.from(a)).toEqual([9, 9, 9]);
      expect(xs).toEqual([0.5, 0.25, 1]);
      expect(typeof f(0.5, 1)).toBe('number');
      const r = f(new Float64Array([0.5, -2]), new Float64Array([1, 0])) as Float64Array;
      expect(r).toHaveLength(2);
      expect(Number.isFinite(r[0]!) && Number.isFinite(r[1]!)).toBe(true);
    });
  });

  describe('binaryCrossEntropyWithLogits options', () => {
    const f = fns.binaryCrossEntropyWithLogits;
    const fn = 'binaryCrossEntropyWithLogits';

    it('options not an object: TypeError (null, a string, a number, an array); an output array in its place says to pass { out }', () => {
      for (const options of [null, 'sum', 1, true, [1, 2]]) {
        expect(() => f(f32(2), f32(2), options), String(options)).toThrow(TypeError);
        expect(() => f(0.5, 1, options), String(options)).toThrow(new RegExp(`^${fn}: options must be an object`));
      }
      const out = f32(2);
      expect(() => f(f32(2), f32(2), out)).toThrow(/options must be an object .*got Float32Array; pass an output array as \{ out \}/);
      const w = createKernel().allocFloat32(2);
      expect(() => f(f32(2), f32(2), w)).toThrow(/pass an output array as \{ out \}/);
      expect(Array.from(out)).toEqual([9, 9]);
    });

    it("an unknown reduction: TypeError naming options.reduction and the value", () => {
      for (const reduction of ['max', 'Sum', '', 1, true, null]) {
        expect(() => f(f32(2), f32(2), { reduction }), String(reduction)).toThrow(TypeError);
      }
      expect(() => f(f32(2), f32(2), { reduction: 'max' })).toThrow(new TypeError(`${fn}: options.reduction must be 'none', 'sum' or 'mean' (got 'max')`));
      expect(() => f(0.5, 1, { reduction: 'avg' })).toThrow(TypeError);
    });

    it("out with reduction 'sum' or 'mean': TypeError, out untouched", () => {
      const out = f32(2);
      for (const reduction of ['sum', 'mean']) {
        expect(() => f(f32(2), f32(2), { reduction, out })).toThrow(new TypeError(`${fn}: options.out must be omitted with reduction '${reduction}' (the result is a number)`));
        expect(() => f(0.5, 1, { reduction, out })).toThrow(TypeError);
      }
      expect(Array.from(out)).toEqual([9, 9]);
    });

    it("the reductions check x and y like 'none' does", () => {
      for (const reduction of ['sum', 'mean']) {
        expect(() => f(f32(2), f32(3), { reduction })).toThrow(RangeError);
        expect(() => f(f32(2), f64(2), { reduction })).toThrow(TypeError);
        expect(() => f(0.5, f32(1), { reduction })).toThrow(TypeError);
        expect(() => f('x', f32(1), { reduction })).toThrow(/x must be a number/);
      }
    });

    it("{}, { reduction: undefined }, { reduction: 'none' } and { out: undefined } are the default", () => {
      const x = new Float32Array([0.5, -3]);
      const y = new Float32Array([1, 0.25]);
      const want = Array.from(f(x, y) as Float32Array);
      for (const options of [undefined, {}, { reduction: undefined }, { reduction: 'none' }, { out: undefined }]) {
        expect(Array.from(f(x, y, options) as Float32Array), JSON.stringify(options)).toEqual(want);
      }
    });
  });
});
