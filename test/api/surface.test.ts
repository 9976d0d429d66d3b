// The public surface: the package exports exactly the table's functions and
// the few others; each top-level function is its entry (one name for the
// function, the Kernel's and the Pool's method, the wasm module); the
// default kernel behind them; what the engine supports; and the types each
// shape gives (checked by tsc -p tsconfig.json, which type-checks this file).
import { describe, expect, expectTypeOf, it } from 'vitest';

import * as api from '../../src/index.js';
import {
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsGradient,
  createKernel,
  defaultKernel,
  logit,
  relaxedSimdSupported,
  sigmoid,
  sigmoidBackward,
  sigmoidWithDerivative,
  silu,
  simdSupported,
  softplus,
  tanh,
  type ElementwiseFunction,
  type Functions,
  type Kernel,
  type OpName,
  type Pool,
  type SigmoidAndDerivative,
  type WasmArray,
} from '../../src/index.js';
import { specOf } from '../../src/op.js';
import { OP_NAMES, opNamed } from '../../src/table.js';
import { RELAXED, engineLabel, underNode } from '../support/cases.js';
import { OPS } from '../support/ops.js';

const OTHERS = ['createKernel', 'createPool', 'defaultKernel', 'relaxedSimdSupported', 'simdSupported'];

describe('the exports', () => {
  it("are the table's functions and createKernel, createPool, defaultKernel, relaxedSimdSupported, simdSupported: functions all", () => {
    expect(Object.keys(api).sort()).toEqual([...OP_NAMES, ...OTHERS].sort());
    for (const [name, value] of Object.entries(api)) expect(typeof value, name).toBe('function');
  });

  it('each top-level function is its entry: the same name, found by specOf and by opNamed', () => {
    for (const spec of OPS) {
      const fn = (api as Record<string, unknown>)[spec.name] as (...a: unknown[]) => unknown;
      expect(fn.name).toBe(spec.name);
      expect(specOf(fn)).toBe(spec);
      expect(opNamed(spec.name)).toBe(spec);
    }
    for (const name of OTHERS) expect(specOf((api as Record<string, unknown>)[name])).toBeUndefined();
    expect(opNamed('nope')).toBeUndefined();
    expect(new Set(OP_NAMES).size).toBe(OP_NAMES.length);
  });

  it('the table lists the sigmoid\'s own functions first, then the family, each by shape then name', () => {
    const sections = OPS.map((s) => s.section);
    expect(sections.indexOf('family')).toBeGreaterThan(sections.lastIndexOf('sigmoid'));
    expect(OP_NAMES[0]).toBe('sigmoid');
  });

  it("a Kernel has every function of the table as a method of the same name (a defined, enumerable property)", () => {
    const k = createKernel();
    for (const spec of OPS) {
      const method = (k as unknown as Record<string, unknown>)[spec.name] as { name: string };
      expect(typeof method, spec.name).toBe('function');
      expect(method.name).toBe(spec.name);
      expect(Object.keys(k)).toContain(spec.name);
    }
  });
});

describe('the default kernel and the engine', () => {
  it('defaultKernel() is the fast tier, on the best build here, and always the same kernel', () => {
    const k = defaultKernel();
    expect([k.precision, k.simd, k.relaxed]).toEqual(['fast', simdSupported(), relaxedSimdSupported()]);
    expect(defaultKernel()).toBe(k);
  });

  it('relaxedSimdSupported() is a boolean, the same on every call; relaxed SIMD needs SIMD', () => {
    expect(typeof relaxedSimdSupported()).toBe('boolean');
    expect(relaxedSimdSupported()).toBe(relaxedSimdSupported());
    if (relaxedSimdSupported()) expect(simdSupported()).toBe(true);
  });

  // Guards against a silent skip of the relaxed cases: the engines under test
  // are known. Node has relaxed SIMD from 22 on; the browsers under test have it.
  it(`SIMD everywhere, relaxed SIMD where it is known to be (${engineLabel()})`, () => {
    expect(simdSupported()).toBe(true);
    if (underNode()) expect(relaxedSimdSupported(), `Node ${process.versions.node}`).toBe(Number(process.versions.node.split('.')[0]) >= 22);
    else expect(relaxedSimdSupported(), navigator.userAgent).toBe(true);
    expect(RELAXED.supported).toBe(relaxedSimdSupported());
  });
});

describe('the types of each shape (tsc checks these; at run time they are calls like any other)', () => {
  it('unary: a number gives a number, Float32 a Float32Array, Float64 or number[] a Float64Array, out gives out', () => {
    expectTypeOf(sigmoid(0)).toEqualTypeOf<number>();
    expectTypeOf(tanh(1)).toEqualTypeOf<number>();
    expectTypeOf(silu(new Float32Array(1))).toEqualTypeOf<Float32Array>();
    expectTypeOf(logit([0.5])).toEqualTypeOf<Float64Array>();
    const w = createKernel().allocFloat32(1);
    expectTypeOf(softplus(w, w)).toEqualTypeOf<WasmArray<Float32Array>>();
    w.free();
    expectTypeOf(sigmoid).toMatchTypeOf<ElementwiseFunction>();
    expect(typeof sigmoid(0)).toBe('number');
  });

  it('pair: { value, derivative } of the input\'s type, or of the outputs given', () => {
    expectTypeOf(sigmoidWithDerivative(0)).toEqualTypeOf<SigmoidAndDerivative<number>>();
    expectTypeOf(sigmoidWithDerivative(new Float32Array(1))).toEqualTypeOf<SigmoidAndDerivative<Float32Array>>();
    expectTypeOf(sigmoidWithDerivative([1])).toEqualTypeOf<SigmoidAndDerivative<Float64Array>>();
    expect(sigmoidWithDerivative(0)).toEqual({ value: 0.5, derivative: 0.25 });
  });

  it('binary and loss: numbers give a number, arrays their type, a reduction a number, out gives out', () => {
    const f32 = new Float32Array(1);
    const f64 = new Float64Array(1);
    expectTypeOf(sigmoidBackward(0.5, 2)).toEqualTypeOf<number>();
    expectTypeOf(sigmoidBackward(f32, f32)).toEqualTypeOf<Float32Array>();
    expectTypeOf(binaryCrossEntropyWithLogits(1, 0)).toEqualTypeOf<number>();
    expectTypeOf(binaryCrossEntropyWithLogits(f32, f32)).toEqualTypeOf<Float32Array>();
    expectTypeOf(binaryCrossEntropyWithLogits(f64, [1])).toEqualTypeOf<Float64Array>();
    expectTypeOf(binaryCrossEntropyWithLogits(f32, f32, { reduction: 'mean' })).toEqualTypeOf<number>();
    expectTypeOf(binaryCrossEntropyWithLogits(f32, f32, { out: f32 })).toEqualTypeOf<typeof f32>();
    expectTypeOf(binaryCrossEntropyWithLogits(f64, f64, { reduction: 'none', out: f64 })).toEqualTypeOf<typeof f64>();
    expectTypeOf(binaryCrossEntropyWithLogitsGradient(f32, f32)).toEqualTypeOf<Float32Array>();
    expectTypeOf(binaryCrossEntropyWithLogitsGradient(2, 1)).toEqualTypeOf<number>();
    expect(binaryCrossEntropyWithLogits(f32, f32, { reduction: 'sum' })).toBe(binaryCrossEntropyWithLogits(f32, f32)[0]);
  });

  it('a Kernel has the sync signatures and a Pool the async ones, from one definition per shape', () => {
    expectTypeOf<Kernel['tanh']>().toEqualTypeOf<Functions<'sync'>['tanh']>();
    expectTypeOf<ReturnType<Pool['sigmoidBackward']>>().toMatchTypeOf<Promise<unknown>>();
    expectTypeOf<Awaited<ReturnType<Pool['silu']>>>().toEqualTypeOf<ReturnType<Kernel['silu']>>();
    expectTypeOf<OpName>().toEqualTypeOf<(typeof OP_NAMES)[number]>();
    expect(OP_NAMES.length).toBe(OPS.length);
  });
});
