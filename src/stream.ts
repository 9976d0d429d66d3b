/**
 * Running a plan (src/plan.ts) on one heap with one kernel function.
 *
 * Operands in the memory are passed by address (zero-copy); operands in JS
 * memory stream through the heap's scratch slots, CHUNK_BYTES at a time, so
 * the memory never grows on that path. An input that partly overlaps an
 * output is copied first, so a call is as if every input was read before any
 * output was written. A reduction sums the element results in float64, in
 * index order, compensated: the same bits whichever runs it.
 */
import { CHUNK_BYTES, sizeOf, viewOf, type Float, type Heap } from './heap.js';
import { overlaps, type Operand } from './operands.js';
import type { Numbers, Plan, RowsPlan } from './plan.js';
import type { KernelFunction } from './wasm.js';

/** Runs a plan over arrays; returns what the call returns. */
export function execute(heap: Heap, fn: KernelFunction, plan: Plan): unknown {
  if (plan.reduction !== null) {
    const n = plan.inputs[0]!.length;
    const total = sum(heap, fn, plan);
    return plan.reduction === 'sum' ? total : n === 0 ? NaN : total / n;
  }
  run(heap, fn, plan.dtype, plan.inputs, plan.outputs);
  return plan.result;
}

/**
 * One float64 element through the scratch slots (a call on numbers): a
 * number, or `{ value, derivative }` for a pair. `fn` is the float64 kernel.
 */
export function executeNumbers(heap: Heap, fn: KernelFunction, call: Numbers): unknown {
  const f64 = heap.view('float64');
  const [slot, slot1] = heap.slots as [number, number];
  f64[slot >>> 3] = call.a;
  switch (call.spec.shape) {
    case 'unary':
      fn(slot, slot, 1);
      return f64[slot >>> 3]!;
    case 'pair':
      fn(slot, slot, slot1, 1);
      return { value: f64[slot >>> 3]!, derivative: f64[slot1 >>> 3]! };
    default:
      f64[slot1 >>> 3] = call.b;
      fn(slot, slot1, slot, 1);
      return f64[slot >>> 3]!;
  }
}

/**
 * The common case without the general machinery: a unary call on a typed
 * array in JS memory that fits one chunk, with no `out` or a valid `out` of
 * the same type and length that is the array itself or shares no bytes with
 * it. Small arrays are where per-call overhead shows (n = 16 must not be
 * slower than a plain JS loop). `kernelOf` gives the kernel of a type.
 * Returns null for anything else, which then takes the general path (and its
 * errors).
 */
export function unaryInOneChunk(heap: Heap, kernelOf: (dtype: 'float32' | 'float64') => KernelFunction, x: unknown, out: unknown): Float | null {
  let dtype: 'float32' | 'float64';
  if (x instanceof Float32Array) dtype = 'float32';
  else if (x instanceof Float64Array) dtype = 'float64';
  else return null;
  const n = x.length;
  const size = dtype === 'float32' ? 4 : 8;
  if (n * size > CHUNK_BYTES || x.buffer === heap.buffer) return null;
  let result: Float;
  if (out === undefined) result = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  else if (out !== x) {
    if (out === null || (out as Float).constructor !== x.constructor) return null;
    result = out as Float;
    if (result.length !== n || result.buffer === heap.buffer) return null;
    if (result.buffer === x.buffer) {
      const a = x.byteOffset;
      const b = result.byteOffset;
      if (a < b + n * size && b < a + n * size) return null; // partial overlap: copy first (general path)
    }
  } else result = x;
  if (n === 0) return result;
  const view = heap.view(dtype);
  const slot = heap.slots[0]!;
  const at = slot / size;
  copyIn(view, at, x, 0, n);
  kernelOf(dtype)(slot, slot, n);
  copyOut(result, 0, view, at, n);
  return result;
}

/**
 * Runs a kernel over checked operands of one type and length: inputs, then
 * outputs, as the kernel takes its pointers (2 or 3 of them, then n).
 */
export function run(heap: Heap, fn: KernelFunction, dtype: 'float32' | 'float64', inputs: Operand[], outputs: Operand[]): void {
  const n = inputs[0]!.length;
  if (n === 0) return;
  for (let i = 0; i < inputs.length; i++) {
    for (const out of outputs) {
      if (overlaps(heap, inputs[i]!, out, true)) {
        const src = inputs[i]!;
        const data = src.address >= 0 ? read(heap, src) : src.array!.slice();
        inputs[i] = { dtype: src.dtype, length: n, address: -1, array: data };
      }
    }
  }
  const arity = inputs.length + outputs.length;
  let resident = true;
  for (const o of inputs) resident &&= o.address >= 0;
  for (const o of outputs) resident &&= o.address >= 0;
  if (resident) {
    const third = inputs.length === 2 ? outputs[0]! : outputs[1];
    if (third === undefined) fn(inputs[0]!.address, outputs[0]!.address, n);
    else fn(inputs[0]!.address, (inputs[1] ?? outputs[0]!).address, third.address, n);
    return;
  }

  const size = sizeOf(dtype);
  const shift = size === 4 ? 2 : 3;
  const chunk = CHUNK_BYTES / size;
  const view = heap.view(dtype);
  const slots = heap.slots;
  const args = [0, 0, 0];
  for (let start = 0; start < n; start += chunk) {
    const len = Math.min(chunk, n - start);
    for (let k = 0; k < inputs.length; k++) {
      const o = inputs[k]!;
      if (o.address >= 0) args[k] = o.address + start * size;
      else {
        const slot = slots[k]!;
        copyIn(view, slot >>> shift, o.array!, start, len);
        args[k] = slot;
      }
    }
    for (let k = 0; k < outputs.length; k++) {
      const o = outputs[k]!;
      // A streamed output takes slot k: in place over input k's copy (the
      // kernels read each element before writing it).
      args[inputs.length + k] = o.address >= 0 ? o.address + start * size : slots[k]!;
    }
    if (arity === 2) fn(args[0]!, args[1]!, len);
    else fn(args[0]!, args[1]!, args[2]!, len);
    for (let k = 0; k < outputs.length; k++) {
      const o = outputs[k]!;
      if (o.address < 0) copyOut(o.array!, start, view, slots[k]! >>> shift, len);
    }
  }
}

/**
 * The sum of a binary kernel's results, in float64, in index order,
 * compensated (CompensatedSum), so the result is within about an ULP of the
 * exact sum of the element results whatever the chunking or the build.
 * Inputs in JS memory stream through the scratch slots; the results go to
 * slot 0 (in place over x's copy), are summed there, and are never written
 * anywhere else.
 */
function sum(heap: Heap, fn: KernelFunction, plan: Plan): number {
  const [a, b] = plan.inputs as [Operand, Operand];
  const n = a.length;
  if (n === 0) return 0;
  const size = sizeOf(plan.dtype);
  const shift = size === 4 ? 2 : 3;
  const chunk = CHUNK_BYTES / size;
  const view = heap.view(plan.dtype);
  const [slot0, slot1] = heap.slots as [number, number];
  const at = slot0 >>> shift;
  const total = new CompensatedSum();
  for (let start = 0; start < n; start += chunk) {
    const len = Math.min(chunk, n - start);
    let pa = slot0;
    let pb = slot1;
    if (a.address >= 0) pa = a.address + start * size;
    else copyIn(view, slot0 >>> shift, a.array!, start, len);
    if (b.address >= 0) pb = b.address + start * size;
    else copyIn(view, slot1 >>> shift, b.array!, start, len);
    fn(pa, pb, slot0, len);
    total.add(view, at, len);
  }
  return total.value;
}

/**
 * A float64 running sum in index order, compensated (Neumaier: Kahan-Babuska).
 * The kernel and the worker pool both sum with it, so a reduction is the same
 * bits whichever ran it.
 */
export class CompensatedSum {
  #sum = 0;
  #c = 0;

  /** Adds view[at, at + len), in order. */
  add(view: Float, at: number, len: number): void {
    let sum = this.#sum;
    let c = this.#c;
    for (let i = 0; i < len; i++) {
      const v = view[at + i]!;
      const t = sum + v;
      c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
      sum = t;
    }
    this.#sum = sum;
    this.#c = c;
  }

  /** The sum; a non-finite running sum (an infinite or NaN element) as it is. */
  get value(): number {
    return Number.isFinite(this.#sum) ? this.#sum + this.#c : this.#sum;
  }
}

/** A JS copy of an operand in the memory. */
function read(heap: Heap, op: Operand): Float {
  const at = op.address / sizeOf(op.dtype);
  return heap.view(op.dtype).slice(at, at + op.length);
}

/** Copies src[start, start + len) into view[at, at + len). */
function copyIn(view: Float, at: number, src: Float, start: number, len: number): void {
  if (len < 32) {
    for (let i = 0; i < len; i++) view[at + i] = src[start + i]!;
  } else if (start === 0 && len === src.length) {
    view.set(src, at);
  } else {
    view.set(src.subarray(start, start + len), at);
  }
}

/** Copies view[at, at + len) into dst[start, start + len). */
function copyOut(dst: Float, start: number, view: Float, at: number, len: number): void {
  if (len < 32) {
    for (let i = 0; i < len; i++) dst[start + i] = view[at + i]!;
  } else {
    dst.set(view.subarray(at, at + len), start);
  }
}

/** A row kernel: (x, y, rows, n) for `rows`, (a, b, out, rows, n) for the two-input row shapes. */
type RowKernel = (...args: number[]) => void;

/**
 * Runs a call over rows (src/plan.ts RowsPlan) with `fn` (its kernel, or its
 * class-index export when the targets are classes); returns what the call
 * returns. Operands in JS memory (and the class indices) are copied into
 * blocks of the heap for the call (a row must be whole when it runs: the
 * memory may grow, once, to the operands' size), then freed; an input that
 * overlaps the output other than exactly (in place) is copied first.
 */
export function executeRows(heap: Heap, fn: KernelFunction, plan: RowsPlan): unknown {
  const { rows, rowLength, dtype } = plan;
  const size = sizeOf(dtype);
  const temps: [number, number][] = [];
  const temp = (bytes: number): number => {
    const address = heap.allocate(Math.max(bytes, 16));
    temps.push([address, Math.max(bytes, 16)]);
    return address;
  };
  try {
    const out = plan.outputs[0];
    const inPlaceOk = (k: number): boolean => k === 0 || plan.spec.shape === 'rowsBinary';
    const args: number[] = [];
    for (let k = 0; k < plan.inputs.length; k++) {
      const op = plan.inputs[k]!;
      const bytes = op.length * size;
      if (op.address >= 0 && (out === undefined || !overlaps(heap, op, out, inPlaceOk(k)))) {
        args.push(op.address);
        continue;
      }
      const data = op.address >= 0 ? read(heap, op) : op.array!;
      const at = temp(bytes);
      viewOf(heap.buffer, dtype, at, op.length).set(data);
      args.push(at);
    }
    if (plan.classes !== null) {
      const at = temp(plan.classes.length * 4);
      new Uint32Array(heap.buffer, at, plan.classes.length).set(plan.classes);
      args.push(at);
    }
    const outLength = plan.spec.shape === 'rowsLoss' ? rows : plan.inputs[0]!.length;
    const outAddress = out !== undefined && out.address >= 0 ? out.address : temp(outLength * size);
    args.push(outAddress);
    if (rows > 0) (fn as RowKernel)(...args, rows, rowLength);
    const results = viewOf(heap.buffer, dtype, outAddress, outLength);
    if (plan.reduction !== null) {
      const total = new CompensatedSum();
      total.add(results, 0, outLength);
      return plan.reduction === 'sum' ? total.value : rows === 0 ? NaN : total.value / rows;
    }
    if (out !== undefined && out.address < 0) out.array!.set(results);
    return plan.result;
  } finally {
    for (let i = temps.length - 1; i >= 0; i--) heap.free(temps[i]![0], temps[i]![1]);
  }
}
