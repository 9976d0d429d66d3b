// The typed-array API: what goes in decides what comes out.
import { describe, expect, it } from 'vitest';

import * as api from '../src/index.js';
import { sigmoid, sigmoidBackward, sigmoidDerivative, sigmoidWithDerivative } from '../src/index.js';

describe('result types', () => {
  it('a number gives a number (the float64 kernel)', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(typeof sigmoid(0.5)).toBe('number');
    expect(sigmoidDerivative(0)).toBe(0.25);
    expect(sigmoidWithDerivative(0)).toEqual({ value: 0.5, derivative: 0.25 });
    expect(sigmoidBackward(0.5, 2)).toBe(0.5);
    expect(sigmoid(0.5)).toBe(sigmoid(new Float64Array([0.5]))[0]);
  });

  it('Float32Array gives Float32Array, Float64Array and number[] give Float64Array', () => {
    expect(sigmoid(new Float32Array(2))).toBeInstanceOf(Float32Array);
    expect(sigmoid(new Float64Array(2))).toBeInstanceOf(Float64Array);
    expect(sigmoid([1, 2, 3])).toBeInstanceOf(Float64Array);
    expect(sigmoidWithDerivative([0]).derivative).toBeInstanceOf(Float64Array);
    expect(sigmoidBackward([0.5], [1])).toBeInstanceOf(Float64Array);
  });

  it('with out, writes there and returns out; empty arrays are fine', () => {
    const x = new Float32Array([0, 0]);
    const out = new Float32Array(2);
    expect(sigmoid(x, out)).toBe(out);
    expect(Array.from(out)).toEqual([0.5, 0.5]);
    expect(sigmoid(new Float64Array(0))).toHaveLength(0);
    expect(sigmoid([])).toHaveLength(0);
  });

  it('does not modify its input', () => {
    const x = new Float32Array([1, 2, 3]);
    sigmoid(x);
    sigmoidWithDerivative(x);
    expect(Array.from(x)).toEqual([1, 2, 3]);
  });

  it('the vanishing-gradient tail stays non-zero where s * (1 - s) is 0', () => {
    const s = sigmoid(40);
    expect(s * (1 - s)).toBe(0);
    expect(sigmoidDerivative(40)).toBeCloseTo(4.248354255291589e-18, 30);
    expect(sigmoidDerivative(-40)).toBe(sigmoidDerivative(40));
  });
});

describe('the public surface', () => {
  it('exports exactly the documented functions', () => {
    expect(Object.keys(api).sort()).toEqual(
      ['createKernel', 'defaultKernel', 'sigmoid', 'sigmoidBackward', 'sigmoidDerivative', 'sigmoidWithDerivative', 'simdSupported'].sort(),
    );
  });
});
