// Bad input: a TypeError or RangeError, thrown before anything is written,
// and the library keeps working afterwards; for the top-level functions and
// for kernels of both tiers. Bad createKernel options: TypeError, naming the
// option; a build the engine cannot run: Error.
import { describe, expect, it, vi } from 'vitest';

import { relaxedBase64 } from '../src/generated/wasm.js';
import * as api from '../src/index.js';
import { createKernel, relaxedSimdSupported, sigmoid, sigmoidBackward, sigmoidDerivative, sigmoidWithDerivative } from '../src/index.js';
import type { KernelOptions } from '../src/types.js';
import { PRECISIONS, RELAXED, underNode } from './helpers.js';

const f32 = (n: number) => new Float32Array(n).fill(9);
const f64 = (n: number) => new Float64Array(n).fill(9);
type Fn = (...a: unknown[]) => unknown;
const call = (fn: Fn, ...a: unknown[]) => () => fn(...a);

/** The four functions under test: the top-level ones, or a kernel's. */
interface Functions {
  S: Fn;
  D: Fn;
  F: Fn;
  B: Fn;
}

const SUBJECTS: Array<[string, () => Functions]> = [
  ['the top-level functions', () => ({ S: sigmoid as Fn, D: sigmoidDerivative as Fn, F: sigmoidWithDerivative as Fn, B: sigmoidBackward as Fn })],
  ...PRECISIONS.map((precision): [string, () => Functions] => [
    `a ${precision} kernel`,
    () => {
      const k = createKernel({ precision });
      return { S: k.sigmoid as Fn, D: k.sigmoidDerivative as Fn, F: k.sigmoidWithDerivative as Fn, B: k.sigmoidBackward as Fn };
    },
  ]),
];

describe.each(SUBJECTS)('%s', (_, functions) => {
  const { S, D, F, B } = functions();

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
      expect(Array.from(buf)).toEqual([9, 9, 9, 9, 9, 9]);
    });
  });

  describe('a failed call writes nothing', () => {
    it('the output arrays keep their contents', () => {
      const out = f32(3);
      const value = f32(3);
      const dyOut = f32(3);
      const out64 = f64(3);
      expect(() => S(f32(3).fill(0), out.subarray(0, 2))).toThrow(RangeError);
      expect(() => F(f32(3).fill(0), value, f64(3))).toThrow(TypeError);
      expect(() => B(f32(3), f32(2), dyOut)).toThrow(RangeError);
      expect(() => S([1, 2, 'x'], out64)).toThrow(TypeError);
      for (const a of [out, value, dyOut, out64]) expect(Array.from(a)).toEqual([9, 9, 9]);
    });

    it('and the functions keep working afterwards', () => {
      expect(() => S('nope')).toThrow(TypeError);
      expect(() => S(f32(2), f32(3))).toThrow(RangeError);
      expect(S(0)).toBe(0.5);
      expect(Array.from(S(new Float32Array([0, 0])) as Float32Array)).toEqual([0.5, 0.5]);
    });
  });
});

describe('createKernel options', () => {
  it('not an object: TypeError', () => {
    expect(() => createKernel(null as never)).toThrow(TypeError);
    expect(() => createKernel('fast' as never)).toThrow(TypeError);
  });

  it("simd: 'yes': TypeError naming options.simd", () => {
    expect(() => createKernel({ simd: 'yes' as never })).toThrow(TypeError);
    expect(() => createKernel({ simd: 'yes' as never })).toThrow(/options\.simd/);
  });

  it("precision: 'exact' (or another string, a number, a boolean): TypeError naming options.precision and the value", () => {
    for (const precision of ['exact', 'Fast', '', 1, true]) {
      expect(() => createKernel({ precision: precision as never }), String(precision)).toThrow(TypeError);
    }
    expect(() => createKernel({ precision: 'exact' as never })).toThrow(/options\.precision must be 'fast' or 'accurate' \(got exact\)/);
  });

  it("relaxed: 'yes' (or another string, a number): TypeError naming options.relaxed", () => {
    for (const relaxed of ['yes', 'true', 1, 0]) {
      expect(() => createKernel({ relaxed: relaxed as never }), String(relaxed)).toThrow(TypeError);
    }
    expect(() => createKernel({ relaxed: 'yes' as never })).toThrow(/options\.relaxed must be 'auto', true or false \(got yes\)/);
  });

  it("relaxed: true with precision: 'accurate': TypeError (on every engine, before any support check)", () => {
    expect(() => createKernel({ relaxed: true, precision: 'accurate' })).toThrow(TypeError);
    expect(() => createKernel({ relaxed: true, precision: 'accurate' })).toThrow(/relaxed: true is for precision: 'fast' only/);
  });

  it('relaxed: true with simd: false: TypeError (on every engine)', () => {
    expect(() => createKernel({ relaxed: true, simd: false })).toThrow(TypeError);
    expect(() => createKernel({ relaxed: true, simd: false })).toThrow(/relaxed: true needs the SIMD build/);
  });

  it('the accepted values are accepted', () => {
    for (const precision of [undefined, 'fast', 'accurate'] as const) {
      for (const relaxed of [undefined, 'auto', false] as const) {
        for (const simd of [undefined, 'auto', true, false] as const) {
          const options: KernelOptions = {};
          if (precision !== undefined) options.precision = precision;
          if (relaxed !== undefined) options.relaxed = relaxed;
          if (simd !== undefined) options.simd = simd;
          const k = createKernel(options);
          expect(k.precision).toBe(precision ?? 'fast');
        }
      }
    }
  });

  // The real thing where the engine lacks relaxed SIMD (Node 20); elsewhere
  // emulated under Node (WebAssembly.validate refuses the relaxed build, in a
  // fresh copy of the modules), and in the browsers by
  // test/browser/no-relaxed.test.ts.
  it('relaxed: true on an engine without relaxed SIMD: Error (not a TypeError) saying so', async (ctx) => {
    const expectError = (create: typeof createKernel, supported: () => boolean) => {
      expect(supported()).toBe(false);
      let error: unknown;
      try {
        create({ relaxed: true });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/does not support WebAssembly relaxed SIMD/);
      // 'auto' and false still work, on the plain SIMD build.
      expect(create().relaxed).toBe(false);
      expect(create({ relaxed: false }).relaxed).toBe(false);
    };
    if (!RELAXED.supported) {
      expectError(createKernel, relaxedSimdSupported);
      return;
    }
    if (!underNode()) {
      ctx.skip('relaxed SIMD runs here; emulated without it by test/browser/no-relaxed.test.ts');
      return;
    }
    const relaxedBytes = Uint8Array.from(atob(relaxedBase64), (ch) => ch.charCodeAt(0));
    const isRelaxed = (source: unknown) =>
      ArrayBuffer.isView(source) && source.byteLength === relaxedBytes.length && new Uint8Array(source.buffer, source.byteOffset, source.byteLength).every((v, i) => v === relaxedBytes[i]);
    const real = WebAssembly.validate.bind(WebAssembly);
    const spy = vi.spyOn(WebAssembly, 'validate').mockImplementation((source) => (isRelaxed(source) ? false : real(source)));
    try {
      vi.resetModules();
      const fresh = (await import('../src/index.js')) as typeof api;
      expect(fresh.createKernel).not.toBe(createKernel); // a new module instance, with no cached support check
      expectError(fresh.createKernel, fresh.relaxedSimdSupported);
      expect(fresh.defaultKernel().relaxed).toBe(false);
    } finally {
      spy.mockRestore();
      vi.resetModules();
    }
  });
});

describe('WasmArray misuse', () => {
  it.each(PRECISIONS)('bad allocation sizes (%s kernel)', (precision) => {
    const k = createKernel({ precision });
    expect(() => k.allocFloat32(-1)).toThrow(RangeError);
    expect(() => k.allocFloat32(1.5)).toThrow(RangeError);
    expect(() => k.allocFloat64('3' as never)).toThrow(TypeError);
    expect(() => k.allocFloat64([1, 'a'] as never)).toThrow(/values\[1\] is not a number/);
    expect(() => k.allocFloat32(2 ** 31)).toThrow(RangeError);
  });

  it.each(PRECISIONS)('a freed WasmArray: TypeError (%s kernel)', (precision) => {
    const k = createKernel({ precision });
    const a = k.allocFloat32(4);
    a.free();
    a.free(); // a second free does nothing
    expect(a.freed).toBe(true);
    expect(() => a.array).toThrow(TypeError);
    expect(() => k.sigmoid(a)).toThrow(/freed/);
  });
});
