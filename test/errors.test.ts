// Bad input: a TypeError or RangeError, thrown before anything is written,
// and the library keeps working afterwards.
import { describe, expect, it } from 'vitest';

import { createKernel, sigmoid, sigmoidBackward, sigmoidDerivative, sigmoidWithDerivative } from '../src/index.js';

const f32 = (n: number) => new Float32Array(n).fill(9);
const f64 = (n: number) => new Float64Array(n).fill(9);
const call = (fn: (...a: unknown[]) => unknown, ...a: unknown[]) => () => fn(...a);
const S = sigmoid as (...a: unknown[]) => unknown;
const D = sigmoidDerivative as (...a: unknown[]) => unknown;
const F = sigmoidWithDerivative as (...a: unknown[]) => unknown;
const B = sigmoidBackward as (...a: unknown[]) => unknown;

describe('TypeError for what is not a number, an array of numbers, a Float32Array or a Float64Array', () => {
  it.each([
    ['a string', 'abc'],
    ['null', null],
    ['undefined', undefined],
    ['an object', {}],
    ['a bigint', 1n],
    ['an Int32Array', new Int32Array(3)],
    ['a Uint8Array', new Uint8Array(3)],
    ['a DataView', new DataView(new ArrayBuffer(8))],
    ['an ArrayBuffer', new ArrayBuffer(8)],
  ])('%s', (_, x) => {
    for (const fn of [S, D, F]) expect(call(fn, x)).toThrow(TypeError);
    expect(call(S, x)).toThrow(/sigmoid: x must be a number, an array of numbers, a Float32Array, a Float64Array/);
  });

  it('an array with a non-number element names the index', () => {
    expect(call(S, [1, '2', 3])).toThrow(new TypeError('sigmoid: x[1] is not a number (got string)'));
    expect(call(D, [1, 2, null])).toThrow(/x\[2\] is not a number \(got null\)/);
  });
});

describe('out of another type is a TypeError, of another length a RangeError with the lengths', () => {
  it('Float32Array x with a Float64Array out', () => {
    expect(call(S, f32(3), f64(3))).toThrow(new TypeError("sigmoid: out must have the input's type float32 (got float64)"));
  });
  it('a number[] x gives float64, so out must be float64', () => {
    expect(call(S, [1, 2], f32(2))).toThrow(TypeError);
    expect(call(S, [1, 2], [0, 0])).toThrow(/out must be a Float64Array/);
  });
  it('out given with a number', () => {
    expect(call(S, 1, f64(1))).toThrow(TypeError);
  });
  it('lengths differ', () => {
    expect(call(S, f32(3), f32(4))).toThrow(new RangeError("sigmoid: out must have the input's length (got 4, input has 3)"));
    expect(call(D, f64(5), f64(2))).toThrow(RangeError);
  });
});

describe('sigmoidBackward', () => {
  it('y and dy of different types, or a number and an array: TypeError', () => {
    expect(call(B, f32(2), f64(2))).toThrow(new TypeError('sigmoidBackward: y and dy must have the same type (got float32 and float64)'));
    expect(call(B, 0.5, f32(1))).toThrow(TypeError);
  });
  it('y and dy of different lengths: RangeError with both lengths', () => {
    expect(call(B, f32(2), f32(3))).toThrow(new RangeError('sigmoidBackward: y and dy must have the same length (got 2 and 3)'));
  });
});

describe('sigmoidWithDerivative', () => {
  it('value and derivative must not overlap', () => {
    const buf = f32(6);
    expect(call(F, f32(3), buf.subarray(0, 3), buf.subarray(2, 5))).toThrow(RangeError);
    expect(call(F, f32(3), buf.subarray(0, 3), buf.subarray(0, 3))).toThrow(RangeError);
  });
});

describe('a failed call writes nothing', () => {
  it('the output arrays keep their contents', () => {
    const out = f32(3);
    const value = f32(3);
    const dyOut = f32(3);
    expect(() => S(f32(3).fill(0), out.subarray(0, 2))).toThrow(RangeError);
    expect(() => F(f32(3).fill(0), value, f64(3))).toThrow(TypeError);
    expect(() => B(f32(3), f32(2), dyOut)).toThrow(RangeError);
    expect(() => S([1, 2, 'x'], f64(3))).toThrow(TypeError);
    for (const a of [out, value, dyOut]) expect(Array.from(a)).toEqual([9, 9, 9]);
  });

  it('and the library keeps working afterwards', () => {
    expect(() => S('nope')).toThrow(TypeError);
    expect(() => S(f32(2), f32(3))).toThrow(RangeError);
    expect(sigmoid(0)).toBe(0.5);
    expect(Array.from(sigmoid(new Float32Array([0, 0])))).toEqual([0.5, 0.5]);
  });
});

describe('createKernel and WasmArray misuse', () => {
  it('bad options: TypeError', () => {
    expect(() => createKernel({ simd: 'yes' as never })).toThrow(TypeError);
    expect(() => createKernel(null as never)).toThrow(TypeError);
  });
  it('bad allocation sizes', () => {
    const k = createKernel();
    expect(() => k.allocFloat32(-1)).toThrow(RangeError);
    expect(() => k.allocFloat32(1.5)).toThrow(RangeError);
    expect(() => k.allocFloat64('3' as never)).toThrow(TypeError);
    expect(() => k.allocFloat64([1, 'a'] as never)).toThrow(/values\[1\] is not a number/);
    expect(() => k.allocFloat32(2 ** 31)).toThrow(RangeError);
  });
  it('a freed WasmArray: TypeError', () => {
    const k = createKernel();
    const a = k.allocFloat32(4);
    a.free();
    a.free(); // a second free does nothing
    expect(a.freed).toBe(true);
    expect(() => a.array).toThrow(TypeError);
    expect(() => k.sigmoid(a)).toThrow(/freed/);
  });
});
