// Access patterns, kernel by kernel and build by build: every short length
// (the SIMD body and the scalar tail), lengths around the streaming chunk,
// offset views, in place, and no write outside the caller's range.
import { describe, expect, it } from 'vitest';

import { CHUNK_BYTES } from '../src/kernel.js';
import { BUILDS, KERNELS, arrayOf, firstDifference, kernels, run, uniform, type Float } from './helpers.js';

const TILE = { float32: 16, float64: 8 } as const; // elements per 4-vector SIMD step

describe.each(BUILDS)('$name build', ({ name }) => {
  const kernel = kernels[name];
  describe.each(KERNELS)('$name', (entry) => {
    const chunk = CHUNK_BYTES / (entry.dtype === 'float32' ? 4 : 8);
    const longest = 2 * chunk + 37;
    const a = uniform(entry.dtype, longest, -30, 30, 1);
    const b = uniform(entry.dtype, longest, 0, 1, 2); // backward's y; dy is `a`
    const args = (from: number, to: number): [Float, Float?] =>
      entry.op === 'backward' ? [b.subarray(from, to), a.subarray(from, to)] : [a.subarray(from, to)];
    const whole = run(kernel, entry, ...args(0, longest));

    const check = (got: Float[], from: number, label: string) => {
      got.forEach((out, k) => {
        const i = firstDifference(out, whole[k]!.subarray(from, from + out.length));
        expect(i, `${label}: output ${k} differs at ${i}`).toBe(-1);
      });
    };

    it(`every length 0..${2 * TILE[entry.dtype] + 1} and a few more gives the same elements`, () => {
      for (let n = 0; n <= 2 * TILE[entry.dtype] + 9; n++) check(run(kernel, entry, ...args(0, n)), 0, `n = ${n}`);
    });

    it('lengths around the streaming chunk give the same elements', () => {
      for (const n of [chunk - 1, chunk, chunk + 1, 2 * chunk - 1, 2 * chunk, 2 * chunk + 1, longest]) {
        check(run(kernel, entry, ...args(0, n)), 0, `n = ${n}`);
      }
    });

    it('offset views (subarray) give the same elements', () => {
      for (let offset = 1; offset <= 5; offset++) {
        for (const n of [1, 3, 17, 33, 100, chunk + 7]) check(run(kernel, entry, ...args(offset, offset + n)), offset, `offset ${offset}, n = ${n}`);
      }
    });

    it('in place (out is the input) gives the same elements', () => {
      const n = chunk + 99;
      const x = a.slice(0, n);
      const y = b.slice(0, n);
      let got: Float[];
      switch (entry.op) {
        case 'sigmoid': got = [kernel.sigmoid(x as Float32Array, x as Float32Array)]; break;
        case 'derivative': got = [kernel.sigmoidDerivative(x as Float32Array, x as Float32Array)]; break;
        case 'sigmoidWithDerivative': {
          const d = arrayOf(entry.dtype, n);
          const r = kernel.sigmoidWithDerivative(x as Float32Array, x as Float32Array, d as Float32Array);
          got = [r.value, r.derivative];
          break;
        }
        case 'backward': got = [kernel.sigmoidBackward(y as Float32Array, x as Float32Array, x as Float32Array)]; break;
      }
      expect(got[0]).toBe(x);
      check(got, 0, 'in place');
    });

    it('writes nothing outside the output range', () => {
      const n = 37;
      const guard = 8;
      const out = arrayOf(entry.dtype, n + 2 * guard).fill(-7);
      const out2 = arrayOf(entry.dtype, n + 2 * guard).fill(-7);
      const view = out.subarray(guard, guard + n);
      const view2 = out2.subarray(guard, guard + n);
      const [x, dy] = args(0, n);
      switch (entry.op) {
        case 'sigmoid': kernel.sigmoid(x as Float32Array, view as Float32Array); break;
        case 'derivative': kernel.sigmoidDerivative(x as Float32Array, view as Float32Array); break;
        case 'sigmoidWithDerivative': kernel.sigmoidWithDerivative(x as Float32Array, view as Float32Array, view2 as Float32Array); break;
        case 'backward': kernel.sigmoidBackward(x as Float32Array, dy as Float32Array, view as Float32Array); break;
      }
      for (const o of [out, ...(entry.outputs === 2 ? [out2] : [])]) {
        expect(Array.from(o.subarray(0, guard))).toEqual(new Array(guard).fill(-7));
        expect(Array.from(o.subarray(guard + n))).toEqual(new Array(guard).fill(-7));
      }
    });
  });
});

describe('partially overlapping input and output', () => {
  it('gives the result of reading every input before writing (the input is copied first)', () => {
    const k = kernels.simd;
    const buf = uniform('float32', 40_000, -10, 10, 3) as Float32Array;
    const expected = k.sigmoid(buf.slice(0, 39_999));
    k.sigmoid(buf.subarray(0, 39_999), buf.subarray(1));
    expect(firstDifference(buf.subarray(1), expected)).toBe(-1);
  });
});
