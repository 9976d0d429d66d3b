/**
 * Plans: a call of a function of the table, checked and made ready to run,
 * one planner per operand shape (src/op.ts, Shape). A plan names the entry,
 * the element type, the resolved operands (every argument checked, fresh
 * result arrays made) and what the call returns. The Kernel runs a plan at
 * once (src/stream.ts); the worker pool runs the same plan over its workers,
 * so both check the same things with the same messages, before anything is
 * written.
 */
import { WasmArrayImpl, describe, type Heap } from './heap.js';
import { fresh, operand, output, overlaps, pair, type Operand } from './operands.js';
import type { DType, OpSpec } from './op.js';
import { checkOptions } from './options.js';
import type { Reduction, SigmoidAndDerivative } from './types.js';

/** A call over arrays, ready to run. */
export interface Plan {
  readonly kind: 'arrays';
  readonly spec: OpSpec;
  readonly dtype: DType;
  readonly inputs: Operand[];
  /** Where the results go (an `out` argument, or a fresh array); empty for a reduction. */
  readonly outputs: Operand[];
  /** What the call returns: `out`, the fresh array, or `{ value, derivative }`. */
  readonly result: unknown;
  /** For a loss with reduction 'sum' or 'mean': the number the call returns instead. */
  readonly reduction: 'sum' | 'mean' | null;
}

/** A call on numbers: one float64 element (two inputs for a binary function). */
export interface Numbers {
  readonly kind: 'numbers';
  readonly spec: OpSpec;
  readonly a: number;
  readonly b: number;
}

export type Call = Plan | Numbers;

/** The keys of a loss's options. */
const LOSS_OPTION_KEYS = ['reduction', 'out'] as const;

/** Plans a call of `spec` with the caller's arguments, on `heap`. */
export function plan(heap: Heap, spec: OpSpec, a: unknown, b: unknown, c: unknown): Call {
  switch (spec.shape) {
    case 'unary':
      return planUnary(heap, spec, a, b);
    case 'pair':
      return planPair(heap, spec, a, b, c);
    case 'binary':
      return planBinary(heap, spec, a, b, c, 'out');
    case 'loss':
      return planLoss(heap, spec, a, b, c);
  }
}

/** One input and one optional output (`x` itself allowed). */
function planUnary(heap: Heap, spec: OpSpec, x: unknown, out: unknown): Call {
  const fn = spec.name;
  const name = spec.inputs[0]!;
  if (typeof x === 'number') {
    if (out !== undefined) throw new TypeError(`${fn}: out must be omitted when ${name} is a number`);
    return { kind: 'numbers', spec, a: x, b: 0 };
  }
  const input = operand(heap, fn, name, x);
  const given = out === undefined ? null : output(heap, fn, 'out', out, input);
  const result = given === null ? fresh(input) : out;
  return { kind: 'arrays', spec, dtype: input.dtype, inputs: [input], outputs: [given ?? operand(heap, fn, 'out', result)], result, reduction: null };
}

/** One input, two optional outputs (`value`, `derivative`) that must not overlap each other. */
function planPair(heap: Heap, spec: OpSpec, x: unknown, value: unknown, derivative: unknown): Call {
  const fn = spec.name;
  if (typeof x === 'number') {
    if (value !== undefined || derivative !== undefined) {
      throw new TypeError(`${fn}: value and derivative must be omitted when x is a number`);
    }
    return { kind: 'numbers', spec, a: x, b: 0 };
  }
  const input = operand(heap, fn, 'x', x);
  const valueOut = value === undefined ? null : output(heap, fn, 'value', value, input);
  const derivativeOut = derivative === undefined ? null : output(heap, fn, 'derivative', derivative, input);
  if (valueOut !== null && derivativeOut !== null && overlaps(heap, valueOut, derivativeOut, false)) {
    throw new RangeError(`${fn}: value and derivative must not overlap`);
  }
  const v = valueOut === null ? fresh(input) : value;
  const d = derivativeOut === null ? fresh(input) : derivative;
  return {
    kind: 'arrays',
    spec,
    dtype: input.dtype,
    inputs: [input],
    outputs: [valueOut ?? operand(heap, fn, 'value', v), derivativeOut ?? operand(heap, fn, 'derivative', d)],
    result: { value: v, derivative: d } satisfies SigmoidAndDerivative<unknown>,
    reduction: null,
  };
}

/**
 * Two inputs of the same type and length (their names: spec.inputs) with one
 * optional output, which may be either input. `outName` names the output in
 * messages (`out`, or a loss's `options.out`).
 */
function planBinary(heap: Heap, spec: OpSpec, a: unknown, b: unknown, out: unknown, outName: string): Call {
  const fn = spec.name;
  const [nameA, nameB] = spec.inputs as [string, string];
  if (typeof a === 'number' || typeof b === 'number') {
    if (typeof a !== 'number' || typeof b !== 'number') {
      throw new TypeError(`${fn}: ${nameA} and ${nameB} must both be numbers or both be arrays (got ${describe(a)} and ${describe(b)})`);
    }
    if (out !== undefined) throw new TypeError(`${fn}: ${outName} must be omitted when ${nameA} and ${nameB} are numbers`);
    return { kind: 'numbers', spec, a, b };
  }
  const [aIn, bIn] = pair(heap, fn, nameA, nameB, a, b);
  const given = out === undefined ? null : output(heap, fn, outName, out, aIn);
  const result = given === null ? fresh(aIn) : out;
  return { kind: 'arrays', spec, dtype: aIn.dtype, inputs: [aIn, bIn], outputs: [given ?? operand(heap, fn, outName, result)], result, reduction: null };
}

/**
 * A loss: (x, y, { reduction, out }). The options are checked first, then x
 * and y as by planBinary; 'sum' and 'mean' stream the per-element losses
 * into a compensated sum (src/stream.ts) and write no array.
 */
function planLoss(heap: Heap, spec: OpSpec, x: unknown, y: unknown, options: unknown): Call {
  const fn = spec.name;
  let reduction: Reduction = 'none';
  let out: unknown;
  if (options !== undefined) {
    if (ArrayBuffer.isView(options) || options instanceof WasmArrayImpl) {
      throw new TypeError(`${fn}: options must be an object such as { reduction: 'mean' } (got ${describe(options)}; pass an output array as { out })`);
    }
    const given = checkOptions(fn, options, LOSS_OPTION_KEYS, "{ reduction: 'mean' }");
    const r = given.reduction === undefined ? 'none' : given.reduction;
    if (r !== 'none' && r !== 'sum' && r !== 'mean') {
      throw new TypeError(`${fn}: options.reduction must be 'none', 'sum' or 'mean' (got ${typeof r === 'string' ? `'${r}'` : describe(r)})`);
    }
    reduction = r;
    out = given.out;
    if (out !== undefined && reduction !== 'none') {
      throw new TypeError(`${fn}: options.out must be omitted with reduction '${reduction}' (the result is a number)`);
    }
  }
  // One element: its sum and its mean are the loss itself.
  if (reduction === 'none' || typeof x === 'number' || typeof y === 'number') return planBinary(heap, spec, x, y, out, 'options.out');
  const [nameA, nameB] = spec.inputs as [string, string];
  const [xIn, yIn] = pair(heap, fn, nameA, nameB, x, y);
  return { kind: 'arrays', spec, dtype: xIn.dtype, inputs: [xIn, yIn], outputs: [], result: null, reduction };
}
