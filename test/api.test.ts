// The typed-array API: what goes in decides what comes out; the top-level
// functions run the default kernel (the fast tier, on the relaxed build where
// the engine has relaxed SIMD); what a kernel says about itself.
import { describe, expect, it } from 'vitest';

import * as api from '../src/index.js';
import {
  createKernel,
  defaultKernel,
  relaxedSimdSupported,
  sigmoid,
  sigmoidBackward,
  sigmoidDerivative,
  sigmoidWithDerivative,
  simdSupported,
} from '../src/index.js';
import { CASES, RELAXED, countDifferences, describeDifference, engineLabel, firstDifference, kernelFor, underNode, uniform } from './helpers.js';

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

  it.for(CASES)('a number runs the float64 kernel of the tier ($title)', (c, ctx) => {
    if (c.skip !== null) ctx.skip(c.skip);
    const k = c.kernel;
    const xs = [-745, -40, -2, -0.5, 0, 1e-300, 0.5, 2, 17, 40, 745];
    const s = k.sigmoid(Float64Array.from(xs));
    const d = k.sigmoidDerivative(Float64Array.from(xs));
    xs.forEach((x, i) => {
      expect(Object.is(k.sigmoid(x), s[i]), `sigmoid(${x})`).toBe(true);
      expect(Object.is(k.sigmoidDerivative(x), d[i]), `sigmoidDerivative(${x})`).toBe(true);
      expect(k.sigmoidWithDerivative(x)).toEqual({ value: s[i], derivative: d[i] });
    });
    expect(k.sigmoidBackward(0.3, -1.5)).toBe(k.sigmoidBackward(Float64Array.of(0.3), Float64Array.of(-1.5))[0]);
  });
});

describe('the default kernel and the top-level functions', () => {
  it("defaultKernel() is the fast tier, on the best build here, and always the same kernel", () => {
    const k = defaultKernel();
    expect(k.precision).toBe('fast');
    expect(k.simd).toBe(simdSupported());
    expect(k.relaxed).toBe(relaxedSimdSupported());
    expect(defaultKernel()).toBe(k);
  });

  it('relaxedSimdSupported() is a boolean, the same on every call, and matches defaultKernel().relaxed', () => {
    expect(typeof relaxedSimdSupported()).toBe('boolean');
    expect(relaxedSimdSupported()).toBe(relaxedSimdSupported());
    expect(relaxedSimdSupported()).toBe(defaultKernel().relaxed);
    // Relaxed SIMD needs SIMD.
    if (relaxedSimdSupported()) expect(simdSupported()).toBe(true);
  });

  // Guards against a silent skip of the relaxed cases: the engines under test
  // are known. Node has relaxed SIMD from 22 on (V8 11.4); the browsers under
  // test (Chromium, Firefox) have it.
  it(`relaxed SIMD is supported where it is known to be (${engineLabel()})`, () => {
    if (underNode()) {
      const major = Number(process.versions.node.split('.')[0]);
      expect(relaxedSimdSupported(), `Node ${process.versions.node}`).toBe(major >= 22);
    } else {
      expect(relaxedSimdSupported(), navigator.userAgent).toBe(true);
    }
    expect(RELAXED.supported).toBe(relaxedSimdSupported());
  });

  it("the top-level functions compute with the fast tier: bit for bit the default kernel's, not the accurate tier's", () => {
    const fast = createKernel(); // the same build and tier as the default kernel
    const accurate = createKernel({ precision: 'accurate' });
    for (const dtype of ['float32', 'float64'] as const) {
      const x = uniform(dtype, 20_000, -30, 30, 12) as Float32Array;
      const dy = uniform(dtype, 20_000, -2, 2, 13) as Float32Array;
      const y = fast.sigmoid(x);
      const pairs: Array<[string, ArrayLike<number>, ArrayLike<number>, ArrayLike<number>]> = [
        ['sigmoid', sigmoid(x), y, accurate.sigmoid(x)],
        ['sigmoidDerivative', sigmoidDerivative(x), fast.sigmoidDerivative(x), accurate.sigmoidDerivative(x)],
        ['sigmoidWithDerivative value', sigmoidWithDerivative(x).value, y, accurate.sigmoid(x)],
        ['sigmoidBackward', sigmoidBackward(y, dy), fast.sigmoidBackward(y, dy), accurate.sigmoidBackward(y, dy)],
      ];
      for (const [name, got, want, other] of pairs) {
        expect(firstDifference(got, want), describeDifference(`${name} ${dtype}`, got, want, x, dtype)).toBe(-1);
        // The two tiers differ somewhere here (so the comparison above tells
        // them apart), except for the float64 backward step, one kernel in both.
        const shared = kernelFor('fast', name === 'sigmoidBackward' ? 'backward' : 'sigmoid', dtype).symbol === kernelFor('accurate', name === 'sigmoidBackward' ? 'backward' : 'sigmoid', dtype).symbol;
        if (!shared) expect(countDifferences(got, other), `${name} ${dtype}: fast and accurate agree on all 20000 points`).toBeGreaterThan(0);
      }
    }
  });
});

describe('what a kernel says about itself', () => {
  it.for(CASES)('$title: precision, simd and relaxed', (c, ctx) => {
    if (c.skip !== null) ctx.skip(c.skip);
    const k = c.kernel;
    expect(k.precision).toBe(c.precision);
    expect(k.simd).toBe(c.build !== 'scalar');
    expect(k.relaxed).toBe(c.build === 'relaxed');
  });

  it('the flags are plain values, not methods', () => {
    const k = createKernel({ precision: 'accurate' });
    expect(typeof k.precision).toBe('string');
    expect(typeof k.simd).toBe('boolean');
    expect(typeof k.relaxed).toBe('boolean');
  });
});

describe('the public surface', () => {
  it('exports exactly the documented functions', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'createKernel',
        'createPool',
        'defaultKernel',
        'relaxedSimdSupported',
        'sigmoid',
        'sigmoidBackward',
        'sigmoidDerivative',
        'sigmoidWithDerivative',
        'simdSupported',
        'tanh',
        'tanhDerivative',
        'silu',
        'siluDerivative',
        'softplus',
        'logSigmoid',
        'logit',
        'binaryCrossEntropyWithLogits',
        'binaryCrossEntropyWithLogitsGradient',
      ].sort(),
    );
    for (const name of Object.keys(api)) expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
  });
});
