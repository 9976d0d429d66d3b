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

/**
 * A call over rows (softmax and its relatives), ready to run: `rows` rows of
 * `rowLength` elements; inputs and outputs as a Plan's, the class indices
 * (copied and checked) when the targets are classes.
 */
export interface RowsPlan {
  readonly kind: 'rows';
  readonly spec: OpSpec;
  readonly dtype: DType;
  readonly rows: number;
  readonly rowLength: number;
  readonly inputs: Operand[];
  readonly classes: Uint32Array | null;
  /** One output (the input's length, or `rows` for a loss), none for a reduction. */
  readonly outputs: Operand[];
  readonly result: unknown;
  readonly reduction: 'sum' | 'mean' | null;
}

export type Call = Plan | Numbers | RowsPlan;

/** The keys of the options of each row shape. */
const ROW_OPTION_KEYS = ['rowLength', 'out'] as const;
const ROW_LOSS_OPTION_KEYS = ['rowLength', 'reduction', 'out'] as const;

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
    case 'rows':
      return planRows(heap, spec, a, undefined, b);
    case 'rowsBinary':
    case 'rowsLoss':
    case 'rowsTargets':
      return planRows(heap, spec, a, b, c);
  }
}

/**
 * A call over rows: the options first (unknown keys, rowLength, reduction),
 * then the inputs (the second, for rowsLoss and rowsTargets, either of the
 * first's type and length or class indices, one per row, each in [0,
 * rowLength)), then `out`. Nothing is written before all of it holds.
 */
function planRows(heap: Heap, spec: OpSpec, x: unknown, y: unknown, options: unknown): RowsPlan {
  const fn = spec.name;
  const loss = spec.shape === 'rowsLoss';
  const [nameA, nameB] = spec.inputs as [string, string | undefined];
  let given: Record<string, unknown> = {};
  if (options !== undefined) {
    if (ArrayBuffer.isView(options) || options instanceof WasmArrayImpl) {
      throw new TypeError(`${fn}: options must be an object such as { rowLength: 10 } (got ${describe(options)}; pass an output array as { out })`);
    }
    given = checkOptions(fn, options, loss ? ROW_LOSS_OPTION_KEYS : ROW_OPTION_KEYS, '{ rowLength: 10 }');
  }
  let reduction: Reduction = 'none';
  if (loss && given.reduction !== undefined) {
    const r = given.reduction;
    if (r !== 'none' && r !== 'sum' && r !== 'mean') {
      throw new TypeError(`${fn}: options.reduction must be 'none', 'sum' or 'mean' (got ${typeof r === 'string' ? `'${r}'` : describe(r)})`);
    }
    reduction = r;
  }
  const out = given.out;
  if (out !== undefined && reduction !== 'none') {
    throw new TypeError(`${fn}: options.out must be omitted with reduction '${reduction}' (the result is a number)`);
  }
  if (typeof x === 'number') throw new TypeError(`${fn}: ${nameA} must be an array of rows (got a number; a single value is a row of one: pass [${x}])`);
  const input = operand(heap, fn, nameA, x);
  const n = input.length;
  const r = given.rowLength;
  let rowLength = n;
  if (r !== undefined) {
    if (typeof r !== 'number' || !Number.isInteger(r) || r < 1) {
      throw new RangeError(`${fn}: options.rowLength must be a positive integer (got ${typeof r === 'number' ? r : describe(r)})`);
    }
    if (n % r !== 0) throw new RangeError(`${fn}: options.rowLength (${r}) must divide ${nameA}'s length (${n})`);
    rowLength = r;
  }
  const rows = rowLength === 0 ? 0 : n / rowLength;
  const inputs: Operand[] = [input];
  let classes: Uint32Array | null = null;
  if (nameB !== undefined) {
    const classesAllowed = spec.shape !== 'rowsBinary';
    if (classesAllowed && (y instanceof Int32Array || y instanceof Uint32Array)) {
      if (y.length !== rows) {
        throw new RangeError(`${fn}: ${nameB} as class indices must have one per row (got ${y.length}, ${rows} rows of ${rowLength})`);
      }
      classes = new Uint32Array(y.length);
      for (let i = 0; i < y.length; i++) {
        const c = y[i]!;
        if (c < 0 || c >= rowLength) throw new RangeError(`${fn}: ${nameB}[${i}] is ${c}, not a class index in [0, ${rowLength})`);
        classes[i] = c;
      }
    } else {
      if (typeof y === 'number') throw new TypeError(`${fn}: ${nameB} must be an array (got a number)`);
      const second = operand(heap, fn, nameB, y, classesAllowed ? ' (or an Int32Array or a Uint32Array of class indices)' : '');
      if (second.dtype !== input.dtype) throw new TypeError(`${fn}: ${nameA} and ${nameB} must have the same type (got ${input.dtype} and ${second.dtype})`);
      if (second.length !== n) throw new RangeError(`${fn}: ${nameA} and ${nameB} must have the same length (got ${n} and ${second.length})`);
      inputs.push(second);
    }
  }
  if (reduction !== 'none') return { kind: 'rows', spec, dtype: input.dtype, rows, rowLength, inputs, classes, outputs: [], result: null, reduction };
  const outLength = loss ? rows : n;
  const shape: Operand = { dtype: input.dtype, length: outLength, address: -1, array: null };
  const target = out === undefined ? null : output(heap, fn, 'options.out', out, shape, loss ? `${rows} (one loss per row)` : undefined);
  const result = target === null ? fresh(shape) : out;
  return { kind: 'rows', spec, dtype: input.dtype, rows, rowLength, inputs, classes, outputs: [target ?? operand(heap, fn, 'options.out', result)], result, reduction: null };
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
