// The sigmoid family's typed-array API (tanh, tanhDerivative, silu,
// siluDerivative, softplus, logSigmoid, logit, binaryCrossEntropyWithLogits
// and its gradient), for every build and tier: what goes in decides what
// comes out, a number runs the float64 kernel, the top-level functions run
// the default kernel, every build and both tiers give the same bits (the
// family is tier-independent and uses no relaxed operation), the registry
// lists each op for both tiers with one symbol.
import { describe, expect, expectTypeOf, it } from 'vitest';

import * as api from '../src/index.js';
import {
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsGradient,
  createKernel,
  defaultKernel,
  logSigmoid,
  logit,
  silu,
  siluDerivative,
  softplus,
  tanh,
  tanhDerivative,
  type ElementwiseFunction,
  type SigmoidFunction,
  type WasmArray,
} from '../src/index.js';
import { ALL_KERNELS } from '../src/registry.js';
import {
  CASES,
  FAMILY_BINARY,
  FAMILY_KERNELS,
  FAMILY_OPS,
  FAMILY_UNARY,
  KERNELS,
  arrayOf,
  caseOf,
  describeDifference,
  familyEntriesOf,
  familyFunction,
  familyInputs,
  firstDifference,
  kernelFor,
  runFamily,
  type DType,
  type FamilyOp,
  type Float,
} from './helpers.js';

const TYPES: DType[] = ['float32', 'float64'];
const TOP_LEVEL = {
  tanh,
  tanhDerivative,
  silu,
  siluDerivative,
  softplus,
  logSigmoid,
  logit,
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsGradient,
} as const;

/** Inputs for the bitwise comparisons: seeded points, with specials and subnormals among them. */
function inputsOf(op: FamilyOp, dtype: DType): { x: Float; y: Float } {
  const { x, y } = familyInputs(op, dtype, 20_000, 31);
  const tiny = dtype === 'float32' ? 1e-45 : 5e-324;
  const specials = [NaN, 0, -0, Infinity, -Infinity, tiny, -tiny, 0.5, 1, -1, 2, 1e30, -1e30];
  specials.forEach((v, i) => {
    x[i] = v;
    x[100 + i] = v;
    y[100 + i] = [NaN, -0.5, 1.5, -0, 0, 1][i % 6]!;
  });
  return { x, y };
}

describe('the registry', () => {
  it('lists every family op for both tiers, with the same symbol, name and bound in both, and tierIndependent', () => {
    expect([...FAMILY_OPS].sort()).toEqual([...FAMILY_UNARY, ...FAMILY_BINARY].sort());
    for (const op of FAMILY_OPS) {
      for (const dtype of TYPES) {
        const fast = kernelFor('fast', op, dtype);
        const accurate = kernelFor('accurate', op, dtype);
        expect(fast.symbol, `${op} ${dtype}`).toBe(accurate.symbol);
        expect(fast.name).toBe(accurate.name);
        expect(fast.bound).toEqual(accurate.bound);
        expect(fast.tierIndependent && accurate.tierIndependent).toBe(true);
        expect(fast.symbol.startsWith(dtype === 'float32' ? 'f32_' : 'f64_')).toBe(true);
        expect(fast.inputs).toBe((FAMILY_BINARY as readonly string[]).includes(op) ? 2 : 1);
        expect(fast.outputs).toBe(1);
        expect(fast.bound).toHaveLength(1);
        expect(fast.bound[0]).toBeGreaterThan(0);
        // The bound is in the name, SLEEF-style: u10 is 1.0 ULP, u20 2.0.
        expect(fast.name.endsWith(`_u${String(Math.round(fast.bound[0]! * 10)).padStart(2, '0')}`), fast.name).toBe(true);
      }
    }
    expect(FAMILY_KERNELS).toHaveLength(2 * 2 * FAMILY_OPS.length);
    expect(ALL_KERNELS).toHaveLength(KERNELS.length + FAMILY_KERNELS.length);
    // KERNELS keeps the sigmoid's own kernels only.
    for (const e of KERNELS) expect(['sigmoid', 'derivative', 'sigmoidWithDerivative', 'backward']).toContain(e.op);
  });

  it('monotone: tanh and logit, float32 softplus and logSigmoid; not float64 softplus and logSigmoid (verify:f64 found 1-ULP steps back), silu, the derivatives or the losses', () => {
    const monotone = new Set(['tanh', 'logit']);
    const monotone32 = new Set(['softplus', 'logSigmoid']);
    for (const e of FAMILY_KERNELS) expect(e.monotone, e.name).toBe(monotone.has(e.op) || (e.dtype === 'float32' && monotone32.has(e.op)));
  });
});

describe('the public surface', () => {
  it('exports each family function, the same functions as the default kernel computes', () => {
    for (const name of Object.keys(TOP_LEVEL)) {
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
      expect(typeof (defaultKernel() as unknown as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('types: a number gives a number, Float32 gives Float32Array, Float64 or number[] gives Float64Array, out gives out', () => {
    expectTypeOf(tanh(1)).toEqualTypeOf<number>();
    expectTypeOf(silu(new Float32Array(1))).toEqualTypeOf<Float32Array>();
    expectTypeOf(logit([0.5])).toEqualTypeOf<Float64Array>();
    const w = createKernel().allocFloat32(1);
    expectTypeOf(softplus(w, w)).toEqualTypeOf<WasmArray<Float32Array>>();
    w.free();
    expectTypeOf<ElementwiseFunction>().toEqualTypeOf<SigmoidFunction>();
    const f32 = new Float32Array(1);
    const f64 = new Float64Array(1);
    expectTypeOf(binaryCrossEntropyWithLogits(1, 0)).toEqualTypeOf<number>();
    expectTypeOf(binaryCrossEntropyWithLogits(f32, f32)).toEqualTypeOf<Float32Array>();
    expectTypeOf(binaryCrossEntropyWithLogits(f64, [1])).toEqualTypeOf<Float64Array>();
    expectTypeOf(binaryCrossEntropyWithLogits(f32, f32, { reduction: 'mean' })).toEqualTypeOf<number>();
    expectTypeOf(binaryCrossEntropyWithLogits(f32, f32, { out: f32 })).toEqualTypeOf<typeof f32>();
    expectTypeOf(binaryCrossEntropyWithLogits(f64, f64, { reduction: 'none', out: f64 })).toEqualTypeOf<typeof f64>();
    expectTypeOf(binaryCrossEntropyWithLogitsGradient(f32, f32)).toEqualTypeOf<Float32Array>();
    expectTypeOf(binaryCrossEntropyWithLogitsGradient(2, 1)).toEqualTypeOf<number>();
    // The type checker runs these (tsc -p tsconfig.json); at run time they are calls like any other.
    expect(binaryCrossEntropyWithLogits(f32, f32, { reduction: 'sum' })).toBe(binaryCrossEntropyWithLogits(f32, f32)[0]);
  });
});

describe('result types, for every family function', () => {
  it.each(FAMILY_UNARY)('%s: number -> number, Float32Array -> Float32Array, Float64Array and number[] -> Float64Array', (op) => {
    const f = TOP_LEVEL[op] as (x: unknown, out?: unknown) => unknown;
    expect(typeof f(0.25)).toBe('number');
    expect(f(new Float32Array([0.25, 0.5]))).toBeInstanceOf(Float32Array);
    expect(f(new Float64Array([0.25, 0.5]))).toBeInstanceOf(Float64Array);
    const fromList = f([0.25, 0.5]) as Float64Array;
    expect(fromList).toBeInstanceOf(Float64Array);
    expect(fromList).toHaveLength(2);
    expect(f(new Float32Array(0))).toHaveLength(0);
    expect(f([])).toBeInstanceOf(Float64Array);
    const out = new Float64Array(2);
    expect(f([0.25, 0.5], out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(fromList));
  });

  it.each(FAMILY_BINARY)('%s: numbers -> number, arrays -> the arrays\' type; out is returned', (op) => {
    const f = familyFunction(defaultKernel(), op);
    expect(typeof f(0.5, 1)).toBe('number');
    expect(f(new Float32Array([0.5]), new Float32Array([1]))).toBeInstanceOf(Float32Array);
    expect(f(new Float64Array([0.5]), new Float64Array([1]))).toBeInstanceOf(Float64Array);
    expect(f([0.5, 2], [1, 0])).toBeInstanceOf(Float64Array);
    expect(f([0.5, 2], new Float64Array([1, 0]))).toBeInstanceOf(Float64Array);
    const out = new Float32Array(2);
    expect(f(new Float32Array([0.5, 2]), new Float32Array([1, 0]), out)).toBe(out);
    expect(out[1]).toBeGreaterThan(0);
  });

  it('does not modify the inputs', () => {
    const x = new Float32Array([-3, 0.25, 4]);
    const y = new Float32Array([0, 0.5, 1]);
    for (const op of FAMILY_OPS) runFamily(defaultKernel(), op, x, y);
    binaryCrossEntropyWithLogits(x, y, { reduction: 'mean' });
    expect(Array.from(x)).toEqual([-3, 0.25, 4]);
    expect(Array.from(y)).toEqual([0, 0.5, 1]);
  });

  it('the top-level functions give the default kernel\'s results, bit for bit', () => {
    const k = createKernel(); // the same build as the default kernel
    for (const dtype of TYPES) {
      for (const op of FAMILY_OPS) {
        const { x, y } = inputsOf(op, dtype);
        const got = runFamily(defaultKernel(), op, x, y);
        const want = runFamily(k, op, x, y);
        const top = (FAMILY_BINARY as readonly string[]).includes(op)
          ? (TOP_LEVEL[op as 'binaryCrossEntropyWithLogitsGradient'] as (a: Float, b: Float) => Float)(x, y)
          : (TOP_LEVEL[op as 'tanh'] as (a: Float) => Float)(x);
        expect(firstDifference(top, want), describeDifference(`${op} ${dtype}: top-level vs createKernel()`, top, want, x, dtype)).toBe(-1);
        expect(firstDifference(got, want), describeDifference(`${op} ${dtype}: defaultKernel()`, got, want, x, dtype)).toBe(-1);
      }
    }
  });
});

describe.each(CASES)('$title', (c) => {
  describe.skipIf(c.skip !== null).each(FAMILY_OPS.map((op) => ({ op })))('$op', ({ op }) => {
    const binary = (FAMILY_BINARY as readonly string[]).includes(op);

    it('a number (or two) runs the float64 kernel: the same bits as a one-element Float64Array, for many points', () => {
      const k = c.kernel;
      const f = familyFunction(k, op);
      const { x, y } = inputsOf(op, 'float64');
      const n = 400;
      const arrays = runFamily(k, op, x.subarray(0, n), y.subarray(0, n));
      for (let i = 0; i < n; i++) {
        const got = (binary ? f(x[i], y[i]) : f(x[i])) as number;
        if (!Object.is(got, arrays[i]) && !(Number.isNaN(got) && Number.isNaN(arrays[i]!))) {
          expect.fail(`${op}(${x[i]}${binary ? `, ${y[i]}` : ''}): number gives ${got}, array gives ${arrays[i]}`);
        }
      }
      // And an array of numbers is the same as the Float64Array.
      const list = Array.from(x.subarray(0, n));
      const fromList = (binary ? f(list, Array.from(y.subarray(0, n))) : f(list)) as Float64Array;
      expect(firstDifference(fromList, arrays)).toBe(-1);
    });

    it.each(TYPES)('%s: the same bits as the fast SIMD build (every build, both tiers: tier-independent, no relaxed operation)', (dtype) => {
      const { x, y } = inputsOf(op, dtype);
      const got = runFamily(c.kernel, op, x, y);
      const want = runFamily(caseOf('simd', 'fast').kernel, op, x, y);
      expect(got).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
      expect(firstDifference(got, want), describeDifference(`${op}: ${c.title} vs fast simd`, got, want, x, dtype)).toBe(-1);
    });

    it.each(TYPES)('%s: the kernel\'s registry entry is the family\'s, for this tier', (dtype) => {
      const entry = kernelFor(c.precision, op, dtype);
      expect(familyEntriesOf(c.precision)).toContain(entry);
      expect(entry.precision).toBe(c.precision);
    });
  });
});

describe('the float32 kernels are not the float64 ones rounded after the fact', () => {
  // The float32 path rounds once from a float64 evaluation; it must at least
  // give float32 values, and agree with the float64 kernel rounded to
  // float32 on most points (both within their bounds of the same value).
  it.each(FAMILY_OPS.map((op) => ({ op })))('$op: float32 results are float32 values, mostly equal to fround(float64 result)', ({ op }) => {
    const { x, y } = familyInputs(op, 'float32', 4000, 5);
    const r32 = runFamily(defaultKernel(), op, x, y);
    const r64 = runFamily(defaultKernel(), op, arrayOf('float64', x), arrayOf('float64', y));
    let same = 0;
    for (let i = 0; i < x.length; i++) if (Object.is(r32[i], Math.fround(r64[i]!)) || (Number.isNaN(r32[i]!) && Number.isNaN(r64[i]!))) same++;
    expect(same / x.length).toBeGreaterThan(0.95);
  });
});
