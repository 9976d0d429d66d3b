/**
 * The operand checks: what a caller passed, resolved against one heap to
 * either an address in its memory (zero-copy) or a JS array (to stream), or
 * rejected with a TypeError or RangeError that names the function and the
 * argument. Nothing here writes anything.
 */
import { describe, sizeOf, WasmArrayImpl, type Float, type Heap } from './heap.js';
import type { DType } from './op.js';

/** What the caller passed, resolved to either an address in the heap's memory or a JS array. */
export interface Operand {
  readonly dtype: DType;
  readonly length: number;
  /** Byte address in the heap's memory, or -1 when the data lives in JS memory. */
  readonly address: number;
  /** The JS-memory array (address === -1), to copy through the scratch slots. */
  readonly array: Float | null;
}

const INPUT_KINDS = 'a number, an array of numbers, a Float32Array, a Float64Array or a WasmArray';

/** Resolves an input (or a freshly made output) to an Operand; TypeError if it is none of the accepted kinds (`more`: what else the argument may be, for the message). */
export function operand(heap: Heap, fn: string, name: string, value: unknown, more = ''): Operand {
  if (value instanceof Float32Array || value instanceof Float64Array) {
    const dtype: DType = value instanceof Float32Array ? 'float32' : 'float64';
    const address = value.buffer === heap.buffer ? value.byteOffset : -1;
    return { dtype, length: value.length, address, array: address < 0 ? value : null };
  }
  if (value instanceof WasmArrayImpl) {
    if (value.freed) throw new TypeError(`${fn}: ${name} is a WasmArray that has been freed`);
    if (value.heap === heap) return { dtype: value.dtype, length: value.length, address: value.address, array: null };
    return { dtype: value.dtype, length: value.length, address: -1, array: value.array };
  }
  if (Array.isArray(value)) {
    const copy = new Float64Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v !== 'number') throw new TypeError(`${fn}: ${name}[${i}] is not a number (got ${describe(v)})`);
      copy[i] = v;
    }
    return { dtype: 'float64', length: value.length, address: -1, array: copy };
  }
  throw new TypeError(`${fn}: ${name} must be ${INPUT_KINDS}${more} (got ${describe(value)})`);
}

/**
 * Resolves an output argument: a typed array or WasmArray of the input's
 * type (a plain array of numbers gives float64) and length.
 */
export function output(heap: Heap, fn: string, name: string, value: unknown, input: Operand, lengthWord?: string): Operand {
  const isTyped = value instanceof Float32Array || value instanceof Float64Array || value instanceof WasmArrayImpl;
  if (!isTyped) {
    const want = input.dtype === 'float32' ? 'Float32Array' : 'Float64Array';
    throw new TypeError(`${fn}: ${name} must be a ${want} or a WasmArray of ${input.dtype} (got ${describe(value)})`);
  }
  const out = operand(heap, fn, name, value);
  if (out.dtype !== input.dtype) throw new TypeError(`${fn}: ${name} must have the input's type ${input.dtype} (got ${out.dtype})`);
  if (out.length !== input.length) {
    if (lengthWord !== undefined) throw new RangeError(`${fn}: ${name} must have length ${lengthWord} (got ${out.length})`);
    throw new RangeError(`${fn}: ${name} must have the input's length (got ${out.length}, input has ${input.length})`);
  }
  return out;
}

/** Two array inputs, resolved and checked: the same type (TypeError) and length (RangeError). */
export function pair(heap: Heap, fn: string, nameA: string, nameB: string, a: unknown, b: unknown): [Operand, Operand] {
  const aIn = operand(heap, fn, nameA, a);
  const bIn = operand(heap, fn, nameB, b);
  if (aIn.dtype !== bIn.dtype) throw new TypeError(`${fn}: ${nameA} and ${nameB} must have the same type (got ${aIn.dtype} and ${bIn.dtype})`);
  if (aIn.length !== bIn.length) {
    throw new RangeError(`${fn}: ${nameA} and ${nameB} must have the same length (got ${aIn.length} and ${bIn.length})`);
  }
  return [aIn, bIn];
}

/** A new JS-memory array for a result, of the input's type and length. */
export function fresh(input: Operand): Float {
  return input.dtype === 'float32' ? new Float32Array(input.length) : new Float64Array(input.length);
}

/** Whether two operands share bytes; `allowIdentical` lets exact aliasing (in place) pass. */
export function overlaps(heap: Heap, a: Operand, b: Operand, allowIdentical: boolean): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const memory = heap.buffer;
  const bufferA = a.address >= 0 ? memory : a.array!.buffer;
  const bufferB = b.address >= 0 ? memory : b.array!.buffer;
  if (bufferA !== bufferB) return false;
  const startA = a.address >= 0 ? a.address : a.array!.byteOffset;
  const startB = b.address >= 0 ? b.address : b.array!.byteOffset;
  const endA = startA + a.length * sizeOf(a.dtype);
  const endB = startB + b.length * sizeOf(b.dtype);
  if (endA <= startB || endB <= startA) return false;
  return !(allowIdentical && startA === startB && endA === endB);
}
