/**
 * The typed-array layer over one wasm instance.
 *
 * Arrays in JS memory stream through a fixed scratch region of the wasm
 * memory, CHUNK_BYTES at a time, so the memory never grows on that path.
 * Arrays that already live in the wasm memory (WasmArray, or a view of one)
 * are passed by address and copy nothing. Every argument is checked before
 * anything is written.
 */
import { kernelFor, type BuildEntry, type DType, type KernelEntry, type Op, type Precision } from './registry.js';
import type {
  BinaryCrossEntropyWithLogitsFunction,
  BinaryElementwiseFunction,
  ElementwiseFunction,
  Kernel,
  KernelOptions,
  Reduction,
  SigmoidAndDerivative,
  SigmoidBackwardFunction,
  SigmoidFunction,
  SigmoidWithDerivativeFunction,
  WasmArray,
} from './types.js';
import { instantiate, instantiateShared, relaxedSimdSupported, simdSupported, simdUnavailableReason, type KernelExports } from './wasm.js';

type Float = Float32Array | Float64Array;

/** Bytes of one scratch slot: 16384 float32 or 8192 float64 elements a chunk. */
export const CHUNK_BYTES = 64 * 1024;
/** Scratch slots: two inputs at most (backward, the loss); outputs reuse them in place. */
const SLOTS = 2;
const ALIGN = 16;
const PAGE = 65536;

const sizeOf = (dtype: DType): number => (dtype === 'float32' ? 4 : 8);

/** What the caller passed, resolved to either an address in wasm memory or a JS array. */
export interface Operand {
  readonly dtype: DType;
  readonly length: number;
  /** Byte address in this kernel's memory, or -1 when the data lives in JS memory. */
  readonly address: number;
  /** The JS-memory array (address === -1), to copy through the scratch region. */
  readonly array: Float | null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value;
}

/**
 * A validated call, ready to run: a kernel over operands (every argument
 * checked, the fresh result arrays made), and what the call returns once it
 * ran. The Kernel runs it at once ({@link KernelImpl.execute}); the worker
 * pool (src/pool.ts) runs the same plan over its workers, so both check the
 * same things with the same messages.
 */
export interface Plan {
  readonly entry: KernelEntry;
  readonly inputs: Operand[];
  /** Where the results go (an `out` argument, or a fresh array); empty for a reduction. */
  readonly outputs: Operand[];
  /** What the call returns: `out`, the fresh array, or `{ value, derivative }`. */
  readonly result: unknown;
  /** For the loss with reduction 'sum' or 'mean': the number the call returns instead. */
  readonly reduction: 'sum' | 'mean' | null;
}

/** A call whose result is already known: numbers in, a number (or a pair of numbers) out. */
export interface Done {
  readonly done: true;
  readonly value: unknown;
}

const INPUT_KINDS = 'a number, an array of numbers, a Float32Array, a Float64Array or a WasmArray';

class WasmArrayImpl<A extends Float> implements WasmArray<A> {
  readonly length: number;
  readonly dtype: A extends Float32Array ? 'float32' : 'float64';
  readonly kernel: KernelImpl;
  #address: number;
  #bytes: number;
  #view: A | null = null;

  constructor(kernel: KernelImpl, dtype: DType, length: number, address: number, bytes: number) {
    this.kernel = kernel;
    this.dtype = dtype as A extends Float32Array ? 'float32' : 'float64';
    this.length = length;
    this.#address = address;
    this.#bytes = bytes;
  }

  get freed(): boolean {
    return this.#address < 0;
  }

  /** Byte address in the kernel's memory (throws once freed). */
  get address(): number {
    if (this.#address < 0) throw new TypeError('WasmArray: this array has been freed');
    return this.#address;
  }

  get array(): A {
    const address = this.address;
    const buffer = this.kernel.buffer;
    if (this.#view === null || this.#view.buffer !== buffer) {
      this.#view = (this.dtype === 'float32'
        ? new Float32Array(buffer, address, this.length)
        : new Float64Array(buffer, address, this.length)) as A;
    }
    return this.#view;
  }

  free(): void {
    if (this.#address < 0) return;
    this.kernel.heap.free(this.#address, this.#bytes);
    this.#address = -1;
    this.#view = null;
  }

  [Symbol.dispose](): void {
    this.free();
  }
}

/** First-fit allocator over the wasm memory above the scratch region. */
class Heap {
  /** Free blocks [address, bytes], sorted by address, never adjacent. */
  readonly #free: Array<[number, number]> = [];
  #top: number;

  constructor(
    private readonly memory: WebAssembly.Memory,
    start: number,
    private readonly grown: () => void,
  ) {
    this.#top = start;
  }

  allocate(bytes: number): number {
    const size = Math.ceil(bytes / ALIGN) * ALIGN;
    for (let i = 0; i < this.#free.length; i++) {
      const block = this.#free[i]!;
      if (block[1] >= size) {
        const address = block[0];
        if (block[1] === size) this.#free.splice(i, 1);
        else {
          block[0] += size;
          block[1] -= size;
        }
        return address;
      }
    }
    const address = this.#top;
    const end = address + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      try {
        this.memory.grow(pages);
        this.grown();
      } catch {
        throw new RangeError(`cannot allocate ${bytes} bytes: the wasm memory cannot grow to ${end} bytes`);
      }
    }
    this.#top = end;
    return address;
  }

  free(address: number, bytes: number): void {
    const size = Math.ceil(bytes / ALIGN) * ALIGN;
    if (size === 0) return;
    const list = this.#free;
    let i = 0;
    while (i < list.length && list[i]![0] < address) i++;
    list.splice(i, 0, [address, size]);
    // Merge with the next block, then with the previous one.
    const here = list[i]!;
    const next = list[i + 1];
    if (next !== undefined && here[0] + here[1] === next[0]) {
      here[1] += next[1];
      list.splice(i + 1, 1);
    }
    const prev = list[i - 1];
    if (prev !== undefined && prev[0] + prev[1] === here[0]) {
      prev[1] += here[1];
      list.splice(i, 1);
    }
    // Give the last block back to the top.
    const last = list[list.length - 1];
    if (last !== undefined && last[0] + last[1] === this.#top) {
      this.#top = last[0];
      list.pop();
    }
  }
}

export class KernelImpl implements Kernel {
  readonly simd: boolean;
  readonly relaxed: boolean;
  readonly precision: Precision;
  readonly exports: KernelExports;
  readonly heap: Heap;
  /** Byte addresses of the scratch slots. */
  readonly #slots: number[];
  /**
   * The memory's current ArrayBuffer. Reading `memory.buffer` is an engine
   * call that costs more than a short kernel run, so it is cached; only the
   * heap grows the memory (the wasm code never does), and it refreshes this.
   */
  #buffer: ArrayBuffer;
  #viewBuffer: ArrayBuffer | null = null;
  #f32!: Float32Array;
  #f64!: Float64Array;

  /** The wasm memory's buffer (current: refreshed whenever the memory grows). */
  get buffer(): ArrayBuffer {
    return this.#buffer;
  }

  /**
   * A kernel of `build` in `precision`: its own instance and memory, or, for
   * the worker pool, an instance of the build's threaded variant over the
   * pool's shared memory (`shared`).
   */
  constructor(build: BuildEntry['name'], precision: Precision, shared?: { module: WebAssembly.Module; memory: WebAssembly.Memory }) {
    this.simd = build !== 'scalar';
    this.relaxed = build === 'relaxed';
    this.precision = precision;
    this.exports = shared === undefined ? instantiate(build) : instantiateShared(shared.module, shared.memory);
    const base = Math.ceil(this.exports.heapBase() / ALIGN) * ALIGN;
    this.#slots = Array.from({ length: SLOTS }, (_, i) => base + i * CHUNK_BYTES);
    const end = base + SLOTS * CHUNK_BYTES;
    const have = this.exports.memory.buffer.byteLength;
    if (end > have) this.exports.memory.grow(Math.ceil((end - have) / PAGE));
    this.#buffer = this.exports.memory.buffer;
    this.heap = new Heap(this.exports.memory, end, () => {
      this.#buffer = this.exports.memory.buffer;
    });
  }

  // ---- public API -------------------------------------------------------

  readonly sigmoid: SigmoidFunction = ((x: unknown, out?: unknown) =>
    this.#unary('sigmoid', 'sigmoid', x, out)) as SigmoidFunction;

  readonly sigmoidDerivative: SigmoidFunction = ((x: unknown, out?: unknown) =>
    this.#unary('derivative', 'sigmoidDerivative', x, out)) as SigmoidFunction;

  readonly sigmoidWithDerivative: SigmoidWithDerivativeFunction = ((x: unknown, value?: unknown, derivative?: unknown) =>
    this.#fused(x, value, derivative)) as SigmoidWithDerivativeFunction;

  readonly sigmoidBackward: SigmoidBackwardFunction = ((y: unknown, dy: unknown, out?: unknown) =>
    this.#binary('backward', 'sigmoidBackward', 'y', 'dy', y, dy, out, 'out')) as SigmoidBackwardFunction;

  // The sigmoid family: tier-independent kernels (registry FAMILY_KERNELS).

  readonly tanh: ElementwiseFunction = ((x: unknown, out?: unknown) => this.#unary('tanh', 'tanh', x, out)) as ElementwiseFunction;

  readonly tanhDerivative: ElementwiseFunction = ((x: unknown, out?: unknown) =>
    this.#unary('tanhDerivative', 'tanhDerivative', x, out)) as ElementwiseFunction;

  readonly silu: ElementwiseFunction = ((x: unknown, out?: unknown) => this.#unary('silu', 'silu', x, out)) as ElementwiseFunction;

  readonly siluDerivative: ElementwiseFunction = ((x: unknown, out?: unknown) =>
    this.#unary('siluDerivative', 'siluDerivative', x, out)) as ElementwiseFunction;

  readonly softplus: ElementwiseFunction = ((x: unknown, out?: unknown) =>
    this.#unary('softplus', 'softplus', x, out)) as ElementwiseFunction;

  readonly logSigmoid: ElementwiseFunction = ((x: unknown, out?: unknown) =>
    this.#unary('logSigmoid', 'logSigmoid', x, out)) as ElementwiseFunction;

  readonly logit: ElementwiseFunction = ((x: unknown, out?: unknown) => this.#unary('logit', 'logit', x, out)) as ElementwiseFunction;

  readonly binaryCrossEntropyWithLogits: BinaryCrossEntropyWithLogitsFunction = ((x: unknown, y: unknown, options?: unknown) =>
    this.#crossEntropy(x, y, options)) as BinaryCrossEntropyWithLogitsFunction;

  readonly binaryCrossEntropyWithLogitsGradient: BinaryElementwiseFunction = ((x: unknown, y: unknown, out?: unknown) =>
    this.#binary('binaryCrossEntropyWithLogitsGradient', 'binaryCrossEntropyWithLogitsGradient', 'x', 'y', x, y, out, 'out')) as BinaryElementwiseFunction;

  allocFloat32(lengthOrValues: number | ArrayLike<number>): WasmArray<Float32Array> {
    return this.#alloc('float32', 'allocFloat32', lengthOrValues) as WasmArray<Float32Array>;
  }

  allocFloat64(lengthOrValues: number | ArrayLike<number>): WasmArray<Float64Array> {
    return this.#alloc('float64', 'allocFloat64', lengthOrValues) as WasmArray<Float64Array>;
  }

  // ---- operations -------------------------------------------------------

  #unary(op: Op, fn: string, x: unknown, out: unknown): unknown {
    const fast = this.#unaryInOneChunk(op, x, out);
    if (fast !== null) return fast;
    return this.execute(this.planUnary(op, fn, x, out));
  }

  /** Runs a plan here, now, and returns what the call returns. */
  execute(plan: Plan | Done): unknown {
    if ('done' in plan) return plan.value;
    if (plan.reduction !== null) {
      const n = plan.inputs[0]!.length;
      const sum = this.#sum(plan.entry, plan.inputs[0]!, plan.inputs[1]!);
      return plan.reduction === 'sum' ? sum : n === 0 ? NaN : sum / n;
    }
    this.#run(plan.entry, plan.inputs, plan.outputs);
    return plan.result;
  }

  /** An op of one input and one optional output (`x` itself allowed). */
  planUnary(op: Op, fn: string, x: unknown, out: unknown): Plan | Done {
    if (typeof x === 'number') {
      if (out !== undefined) throw new TypeError(`${fn}: out must be omitted when x is a number`);
      return { done: true, value: this.#scalar(op, x, 0) };
    }
    const input = this.#operand(fn, 'x', x);
    const output = out === undefined ? null : this.#output(fn, 'out', out, input);
    const result = output === null ? this.#fresh(input) : out;
    return {
      entry: kernelFor(this.precision, op, input.dtype),
      inputs: [input],
      outputs: [output ?? this.#operand(fn, 'out', result)],
      result,
      reduction: null,
    };
  }

  /**
   * The common case without the general machinery: a typed array in JS
   * memory that fits one chunk, with no `out` or a valid `out` of the same
   * type and length that is the array itself or shares no bytes with it.
   * Small arrays are where per-call overhead shows (n = 16 must not be slower
   * than a plain JS loop). Returns null for anything else, which then takes
   * the general path (and its errors).
   */
  #unaryInOneChunk(op: Op, x: unknown, out: unknown): Float | null {
    let dtype: DType;
    if (x instanceof Float32Array) dtype = 'float32';
    else if (x instanceof Float64Array) dtype = 'float64';
    else return null;
    const n = x.length;
    const size = dtype === 'float32' ? 4 : 8;
    if (n * size > CHUNK_BYTES || x.buffer === this.#buffer) return null;
    let result: Float;
    if (out === undefined) result = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
    else if (out !== x) {
      if (out === null || (out as Float).constructor !== x.constructor) return null;
      result = out as Float;
      if (result.length !== n || result.buffer === this.#buffer) return null;
      if (result.buffer === x.buffer) {
        const a = x.byteOffset;
        const b = result.byteOffset;
        if (a < b + n * size && b < a + n * size) return null; // partial overlap: copy first (general path)
      }
    } else result = x;
    if (n === 0) return result;
    const view = this.#view(dtype);
    const slot = this.#slots[0]!;
    const at = slot / size;
    copyIn(view, at, x, 0, n);
    (this.exports[kernelFor(this.precision, op, dtype).symbol] as (x: number, y: number, n: number) => void)(slot, slot, n);
    copyOut(result, 0, view, at, n);
    return result;
  }

  #fused(x: unknown, value: unknown, derivative: unknown): unknown {
    return this.execute(this.planFused(x, value, derivative));
  }

  /** sigmoidWithDerivative: one input, two optional outputs that must not overlap each other. */
  planFused(x: unknown, value: unknown, derivative: unknown): Plan | Done {
    const fn = 'sigmoidWithDerivative';
    if (typeof x === 'number') {
      if (value !== undefined || derivative !== undefined) {
        throw new TypeError(`${fn}: value and derivative must be omitted when x is a number`);
      }
      const pair: SigmoidAndDerivative<number> = { value: this.#scalar('sigmoid', x, 0), derivative: this.#scalar('derivative', x, 0) };
      return { done: true, value: pair };
    }
    const input = this.#operand(fn, 'x', x);
    const valueOut = value === undefined ? null : this.#output(fn, 'value', value, input);
    const derivativeOut = derivative === undefined ? null : this.#output(fn, 'derivative', derivative, input);
    if (valueOut !== null && derivativeOut !== null && this.overlaps(valueOut, derivativeOut, false)) {
      throw new RangeError(`${fn}: value and derivative must not overlap`);
    }
    const v = valueOut === null ? this.#fresh(input) : value;
    const d = derivativeOut === null ? this.#fresh(input) : derivative;
    return {
      entry: kernelFor(this.precision, 'sigmoidWithDerivative', input.dtype),
      inputs: [input],
      outputs: [valueOut ?? this.#operand(fn, 'value', v), derivativeOut ?? this.#operand(fn, 'derivative', d)],
      result: { value: v, derivative: d } satisfies SigmoidAndDerivative<unknown>,
      reduction: null,
    };
  }

  #binary(op: Op, fn: string, nameA: string, nameB: string, a: unknown, b: unknown, out: unknown, outName: string): unknown {
    return this.execute(this.planBinary(op, fn, nameA, nameB, a, b, out, outName));
  }

  /**
   * An op of two inputs of the same type and length (backward: y and dy; the
   * loss's gradient: x and y) with one optional output, `out` (for the loss:
   * `options.out`), which may be either input.
   */
  planBinary(op: Op, fn: string, nameA: string, nameB: string, a: unknown, b: unknown, out: unknown, outName: string): Plan | Done {
    if (typeof a === 'number' || typeof b === 'number') {
      if (typeof a !== 'number' || typeof b !== 'number') {
        throw new TypeError(`${fn}: ${nameA} and ${nameB} must both be numbers or both be arrays (got ${describe(a)} and ${describe(b)})`);
      }
      if (out !== undefined) throw new TypeError(`${fn}: ${outName} must be omitted when ${nameA} and ${nameB} are numbers`);
      return { done: true, value: this.#scalar(op, a, b) };
    }
    const [aIn, bIn] = this.#pair(fn, nameA, nameB, a, b);
    const output = out === undefined ? null : this.#output(fn, outName, out, aIn);
    const result = output === null ? this.#fresh(aIn) : out;
    return {
      entry: kernelFor(this.precision, op, aIn.dtype),
      inputs: [aIn, bIn],
      outputs: [output ?? this.#operand(fn, outName, result)],
      result,
      reduction: null,
    };
  }

  /** Two array inputs, resolved and checked: the same type (TypeError) and length (RangeError). */
  #pair(fn: string, nameA: string, nameB: string, a: unknown, b: unknown): [Operand, Operand] {
    const aIn = this.#operand(fn, nameA, a);
    const bIn = this.#operand(fn, nameB, b);
    if (aIn.dtype !== bIn.dtype) {
      throw new TypeError(`${fn}: ${nameA} and ${nameB} must have the same type (got ${aIn.dtype} and ${bIn.dtype})`);
    }
    if (aIn.length !== bIn.length) {
      throw new RangeError(`${fn}: ${nameA} and ${nameB} must have the same length (got ${aIn.length} and ${bIn.length})`);
    }
    return [aIn, bIn];
  }

  #crossEntropy(x: unknown, y: unknown, options: unknown): unknown {
    return this.execute(this.planCrossEntropy(x, y, options));
  }

  /**
   * binaryCrossEntropyWithLogits(x, y, { reduction, out }): the options are
   * checked first, then x and y as by planBinary; 'sum' and 'mean' stream the
   * per-element losses through the scratch region into a compensated sum.
   */
  planCrossEntropy(x: unknown, y: unknown, options: unknown): Plan | Done {
    const fn = 'binaryCrossEntropyWithLogits';
    const op = 'binaryCrossEntropyWithLogits';
    let reduction: Reduction = 'none';
    let out: unknown;
    if (options !== undefined) {
      if (options === null || typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options) || options instanceof WasmArrayImpl) {
        const hint = ArrayBuffer.isView(options) || options instanceof WasmArrayImpl ? '; pass an output array as { out }' : '';
        throw new TypeError(`${fn}: options must be an object such as { reduction: 'mean' } (got ${describe(options)}${hint})`);
      }
      const given = options as { reduction?: unknown; out?: unknown };
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
    if (reduction === 'none') return this.planBinary(op, fn, 'x', 'y', x, y, out, 'options.out');
    if (typeof x === 'number' || typeof y === 'number') {
      // One element: its sum and its mean are the loss itself.
      return this.planBinary(op, fn, 'x', 'y', x, y, undefined, 'options.out');
    }
    const [xIn, yIn] = this.#pair(fn, 'x', 'y', x, y);
    return { entry: kernelFor(this.precision, op, xIn.dtype), inputs: [xIn, yIn], outputs: [], result: null, reduction };
  }

  /**
   * The sum of a two-input kernel's results, in float64, in index order,
   * compensated (Neumaier: Kahan-Babuska), so the result is within about an
   * ULP of the exact sum of the element results whatever the chunking or the
   * build. Inputs in JS memory stream through the scratch slots; the results
   * go to slot 0 (in place over x's copy), are summed there, and are never
   * written anywhere else. A non-finite running sum (an infinite or NaN
   * element) is returned as it is.
   */
  #sum(entry: KernelEntry, a: Operand, b: Operand): number {
    const n = a.length;
    if (n === 0) return 0;
    const size = sizeOf(entry.dtype);
    const shift = size === 4 ? 2 : 3;
    const chunk = CHUNK_BYTES / size;
    const view = this.#view(entry.dtype);
    const slot0 = this.#slots[0]!;
    const slot1 = this.#slots[1]!;
    const fn = this.exports[entry.symbol] as (a: number, b: number, c: number, n: number) => void;
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

  /** One float64 element through the scratch region. */
  #scalar(op: Op, a: number, b: number): number {
    const entry = kernelFor(this.precision, op, 'float64');
    const f64 = this.#view('float64') as Float64Array;
    const slot = this.#slots[0]!;
    const slot1 = this.#slots[1]!;
    f64[slot >>> 3] = a;
    if (entry.inputs === 2) {
      f64[slot1 >>> 3] = b;
      (this.exports[entry.symbol] as (a: number, b: number, c: number, n: number) => void)(slot, slot1, slot, 1);
    } else if (entry.outputs === 2) {
      (this.exports[entry.symbol] as (a: number, b: number, c: number, n: number) => void)(slot, slot, slot1, 1);
    } else {
      (this.exports[entry.symbol] as (x: number, y: number, n: number) => void)(slot, slot, 1);
    }
    return f64[slot >>> 3]!;
  }

  // ---- argument resolution ----------------------------------------------

  /** Resolves an input (or a freshly made output) to an Operand; TypeError if it is none of the accepted kinds. */
  #operand(fn: string, name: string, value: unknown): Operand {
    if (value instanceof Float32Array || value instanceof Float64Array) {
      const dtype: DType = value instanceof Float32Array ? 'float32' : 'float64';
      const address = value.buffer === this.buffer ? value.byteOffset : -1;
      return { dtype, length: value.length, address, array: address < 0 ? value : null };
    }
    if (value instanceof WasmArrayImpl) {
      if (value.freed) throw new TypeError(`${fn}: ${name} is a WasmArray that has been freed`);
      if (value.kernel === this) return { dtype: value.dtype, length: value.length, address: value.address, array: null };
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
    throw new TypeError(`${fn}: ${name} must be ${INPUT_KINDS} (got ${describe(value)})`);
  }

  /**
   * Resolves an output argument: it must be a typed array or WasmArray of the
   * input's type (a plain array of numbers gives float64) and length.
   */
  #output(fn: string, name: string, value: unknown, input: Operand): Operand {
    const isTyped = value instanceof Float32Array || value instanceof Float64Array || value instanceof WasmArrayImpl;
    if (!isTyped) {
      const want = input.dtype === 'float32' ? 'Float32Array' : 'Float64Array';
      throw new TypeError(`${fn}: ${name} must be a ${want} or a WasmArray of ${input.dtype} (got ${describe(value)})`);
    }
    const output = this.#operand(fn, name, value);
    if (output.dtype !== input.dtype) {
      throw new TypeError(`${fn}: ${name} must have the input's type ${input.dtype} (got ${output.dtype})`);
    }
    if (output.length !== input.length) {
      throw new RangeError(`${fn}: ${name} must have the input's length (got ${output.length}, input has ${input.length})`);
    }
    return output;
  }

  /** A new JS-memory array for the result, of the input's type and length. */
  #fresh(input: Operand): Float {
    return input.dtype === 'float32' ? new Float32Array(input.length) : new Float64Array(input.length);
  }

  /** Whether two operands share bytes; `allowIdentical` lets exact aliasing (in place) pass. */
  overlaps(a: Operand, b: Operand, allowIdentical: boolean): boolean {
    if (a.length === 0 || b.length === 0) return false;
    const memory = this.buffer;
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

  // ---- execution --------------------------------------------------------

  /** A view of the whole wasm memory, re-made only after the memory grew. */
  #view(dtype: DType): Float {
    const buffer = this.buffer;
    if (buffer !== this.#viewBuffer) {
      this.#viewBuffer = buffer;
      this.#f32 = new Float32Array(buffer);
      this.#f64 = new Float64Array(buffer);
    }
    return dtype === 'float32' ? this.#f32 : this.#f64;
  }

  /**
   * Runs a kernel over validated operands of equal type and length. An input
   * that partially overlaps an output is copied first, so the result is as
   * if every input was read before any output was written.
   */
  #run(entry: KernelEntry, inputs: Operand[], outputs: Operand[]): void {
    const n = inputs[0]!.length;
    if (n === 0) return;
    for (let i = 0; i < inputs.length; i++) {
      for (const out of outputs) {
        if (this.overlaps(inputs[i]!, out, true)) {
          const src = inputs[i]!;
          const data = src.address >= 0 ? this.#read(src) : src.array!.slice();
          inputs[i] = { dtype: src.dtype, length: n, address: -1, array: data };
        }
      }
    }
    const fn = this.exports[entry.symbol] as (a: number, b: number, c: number, d?: number) => void;
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

    const size = sizeOf(entry.dtype);
    const shift = size === 4 ? 2 : 3;
    const chunk = CHUNK_BYTES / size;
    const view = this.#view(entry.dtype);
    const slots = this.#slots;
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

  /** A JS copy of a wasm-resident operand. */
  #read(op: Operand): Float {
    const at = op.address / sizeOf(op.dtype);
    return this.#view(op.dtype).slice(at, at + op.length);
  }

  #alloc(dtype: DType, fn: string, lengthOrValues: number | ArrayLike<number>): WasmArray {
    let length: number;
    let values: ArrayLike<number> | null = null;
    if (typeof lengthOrValues === 'number') {
      if (!Number.isSafeInteger(lengthOrValues) || lengthOrValues < 0) {
        throw new RangeError(`${fn}: length must be a non-negative integer (got ${lengthOrValues})`);
      }
      length = lengthOrValues;
    } else if (lengthOrValues !== null && typeof lengthOrValues === 'object' && typeof lengthOrValues.length === 'number') {
      values = lengthOrValues;
      length = values.length;
      for (let i = 0; i < length; i++) {
        if (typeof values[i] !== 'number') throw new TypeError(`${fn}: values[${i}] is not a number (got ${describe(values[i])})`);
      }
    } else {
      throw new TypeError(`${fn}: expected a length or an array of numbers (got ${describe(lengthOrValues)})`);
    }
    const bytes = length * sizeOf(dtype);
    if (bytes > 2 ** 32) throw new RangeError(`${fn}: ${length} elements do not fit in a 4 GiB wasm memory`);
    const address = bytes === 0 ? 0 : this.heap.allocate(bytes);
    const array = new WasmArrayImpl<Float>(this, dtype, length, bytes === 0 ? 0 : address, bytes);
    const view = array.array;
    if (values !== null) view.set(values);
    else view.fill(0);
    return array;
  }
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

/**
 * A sigmoid kernel bound to its own wasm instance and memory, with arrays
 * that live in that memory for zero-copy calls.
 *
 * `precision`: `'fast'` (the default; float32 computed in float32, within 2
 * ULP for the sigmoid and 3 for the derivative) or `'accurate'` (float32
 * correctly rounded but for 2^-20 ULP of a tie, monotone, the same bits on
 * every engine). `simd`: `'auto'` (default), `true` (required) or `false`
 * (the scalar build). `relaxed`: the fast tier's relaxed-SIMD build, with
 * fused multiply-add where the hardware has it: `'auto'` (default: where the
 * engine validates it), `true` (required) or `false` (the plain SIMD build,
 * whose results are the same bits on every engine).
 *
 * @throws {TypeError} for an unknown option value, or `relaxed: true` with
 *   `precision: 'accurate'` or `simd: false`.
 * @throws {Error} when `simd: true` or `relaxed: true` is asked of an engine without it.
 * @example
 * ```ts
 * import { createKernel } from 'sigmoid-wasm';
 * const k = createKernel({ simd: 'auto' });
 * console.log(k.simd, k.precision);    // true 'fast' where the engine has wasm SIMD
 * using x = k.allocFloat32(1024);      // lives in wasm memory
 * using y = k.allocFloat32(1024);
 * x.array.fill(0.5);
 * k.sigmoid(x, y);                     // no copies
 * k.sigmoidBackward(y, x, x);          // dx = dy * y * (1 - y), in place
 * const exact = createKernel({ precision: 'accurate' }); // 0.5025 ULP, monotone
 * ```
 */
export function createKernel(options: KernelOptions = {}): Kernel {
  const { build, precision } = resolveBuild('createKernel', options);
  return new KernelImpl(build, precision);
}

/**
 * Which build and tier the options ask for (createKernel's options; the
 * worker pool takes the same), checked: TypeError for an unknown value or a
 * contradiction, Error for a feature the engine lacks. `fn` names the caller
 * in the messages.
 */
export function resolveBuild(fn: string, options: KernelOptions): { build: BuildEntry['name']; precision: Precision } {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: options must be an object (got ${describe(options)})`);
  }
  const simd = options.simd ?? 'auto';
  if (simd !== 'auto' && simd !== true && simd !== false) {
    throw new TypeError(`${fn}: options.simd must be 'auto', true or false (got ${String(simd)})`);
  }
  const precision = options.precision ?? 'fast';
  if (precision !== 'fast' && precision !== 'accurate') {
    throw new TypeError(`${fn}: options.precision must be 'fast' or 'accurate' (got ${String(precision)})`);
  }
  const relaxed = options.relaxed ?? 'auto';
  if (relaxed !== 'auto' && relaxed !== true && relaxed !== false) {
    throw new TypeError(`${fn}: options.relaxed must be 'auto', true or false (got ${String(relaxed)})`);
  }
  if (relaxed === true && precision === 'accurate') {
    throw new TypeError(`${fn}: relaxed: true is for precision: 'fast' only (the accurate tier is the same bits everywhere)`);
  }
  if (relaxed === true && simd === false) {
    throw new TypeError(`${fn}: relaxed: true needs the SIMD build (got simd: false)`);
  }
  const supported = simdSupported();
  if (simd === true && !supported) {
    throw new Error(`${fn}: ${simdUnavailableReason()}; use simd: 'auto' or false`);
  }
  const useSimd = simd === 'auto' ? supported : simd;
  if (relaxed === true && !relaxedSimdSupported()) {
    throw new Error(`${fn}: this engine does not support WebAssembly relaxed SIMD; use relaxed: 'auto' or false`);
  }
  const useRelaxed = useSimd && precision === 'fast' && relaxed !== false && relaxedSimdSupported();
  return { build: useRelaxed ? 'relaxed' : useSimd ? 'simd' : 'scalar', precision };
}
