/**
 * One wasm linear memory as the kernels use it: the op modules' static data
 * (their constant tables, written once: src/wasm.ts), two scratch slots that
 * arrays in JS memory stream through, and above them a first-fit heap for
 * the arrays that live in the memory (WasmArray).
 *
 * Every op module instantiated on a memory shares it, so a WasmArray serves
 * every function of its kernel, and a call that streams a JS array never
 * grows the memory.
 */
import { DATA_END } from './wasm.js';
import type { DType } from './op.js';
import type { WasmArray } from './types.js';

export type Float = Float32Array | Float64Array;

/** Bytes of one scratch slot: 16384 float32 or 8192 float64 elements a chunk. */
export const CHUNK_BYTES = 64 * 1024;
/** Scratch slots: two inputs at most (binary functions); outputs reuse them in place. */
const SLOTS = 2;
const ALIGN = 16;
export const PAGE = 65536;

export const sizeOf = (dtype: DType): number => (dtype === 'float32' ? 4 : 8);

/** The first byte the scratch slots may use. */
export const SCRATCH_START = Math.ceil(DATA_END / ALIGN) * ALIGN;
/** The first byte of the heap. */
export const HEAP_START = SCRATCH_START + SLOTS * CHUNK_BYTES;
/** Pages a memory needs before any allocation: the data, the scratch slots. */
export const INITIAL_PAGES = Math.ceil(HEAP_START / PAGE);

/** A typed-array view of `length` elements at a byte address. */
export function viewOf(buffer: ArrayBufferLike, dtype: DType, address: number, length: number): Float {
  return dtype === 'float32' ? new Float32Array(buffer, address, length) : new Float64Array(buffer, address, length);
}

export class Heap {
  readonly memory: WebAssembly.Memory;
  /** Byte addresses of the scratch slots. */
  readonly slots: readonly number[];
  /** Free blocks [address, bytes], sorted by address, never adjacent. */
  readonly #free: Array<[number, number]> = [];
  #top = HEAP_START;
  /**
   * The memory's current ArrayBuffer. Reading `memory.buffer` is an engine
   * call that costs more than a short kernel run, so it is cached; only this
   * heap grows the memory (the wasm code never does), and it refreshes this.
   */
  #buffer: ArrayBuffer;
  #viewBuffer: ArrayBuffer | null = null;
  #f32!: Float32Array;
  #f64!: Float64Array;

  constructor(memory: WebAssembly.Memory) {
    this.memory = memory;
    this.slots = Array.from({ length: SLOTS }, (_, i) => SCRATCH_START + i * CHUNK_BYTES);
    const have = memory.buffer.byteLength;
    if (HEAP_START > have) memory.grow(Math.ceil((HEAP_START - have) / PAGE));
    this.#buffer = memory.buffer as ArrayBuffer;
  }

  /** The memory's buffer (current: refreshed whenever the memory grows). */
  get buffer(): ArrayBuffer {
    return this.#buffer;
  }

  /** A view of the whole memory, re-made only after the memory grew. */
  view(dtype: DType): Float {
    const buffer = this.#buffer;
    if (buffer !== this.#viewBuffer) {
      this.#viewBuffer = buffer;
      this.#f32 = new Float32Array(buffer);
      this.#f64 = new Float64Array(buffer);
    }
    return dtype === 'float32' ? this.#f32 : this.#f64;
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
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch {
        throw new RangeError(`cannot allocate ${bytes} bytes: the wasm memory cannot grow to ${end} bytes`);
      }
      this.#buffer = this.memory.buffer as ArrayBuffer;
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

/** What `describe` names a value as, in error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value;
}

/** An array in a heap's memory (Kernel.allocFloat32 / allocFloat64). */
export class WasmArrayImpl<A extends Float = Float> implements WasmArray<A> {
  readonly length: number;
  readonly dtype: A extends Float32Array ? 'float32' : 'float64';
  readonly heap: Heap;
  #address: number;
  #bytes: number;
  #view: A | null = null;

  constructor(heap: Heap, dtype: DType, length: number, address: number, bytes: number) {
    this.heap = heap;
    this.dtype = dtype as A extends Float32Array ? 'float32' : 'float64';
    this.length = length;
    this.#address = address;
    this.#bytes = bytes;
  }

  get freed(): boolean {
    return this.#address < 0;
  }

  /** Byte address in the memory (throws once freed). */
  get address(): number {
    if (this.#address < 0) throw new TypeError('WasmArray: this array has been freed');
    return this.#address;
  }

  get array(): A {
    const address = this.address;
    const buffer = this.heap.buffer;
    if (this.#view === null || this.#view.buffer !== buffer) this.#view = viewOf(buffer, this.dtype, address, this.length) as A;
    return this.#view;
  }

  free(): void {
    if (this.#address < 0) return;
    this.heap.free(this.#address, this.#bytes);
    this.#address = -1;
    this.#view = null;
  }

  [Symbol.dispose](): void {
    this.free();
  }
}

/**
 * A new array in the heap: `length` zeros, or a copy of `values`. `fn` names
 * the caller in the messages.
 */
export function allocate(heap: Heap, dtype: DType, fn: string, lengthOrValues: unknown): WasmArrayImpl {
  let length: number;
  let values: ArrayLike<unknown> | null = null;
  if (typeof lengthOrValues === 'number') {
    if (!Number.isSafeInteger(lengthOrValues) || lengthOrValues < 0) {
      throw new RangeError(`${fn}: length must be a non-negative integer (got ${lengthOrValues})`);
    }
    length = lengthOrValues;
  } else if (lengthOrValues !== null && typeof lengthOrValues === 'object' && typeof (lengthOrValues as ArrayLike<unknown>).length === 'number') {
    values = lengthOrValues as ArrayLike<unknown>;
    length = values.length;
    for (let i = 0; i < length; i++) {
      if (typeof values[i] !== 'number') throw new TypeError(`${fn}: values[${i}] is not a number (got ${describe(values[i])})`);
    }
  } else {
    throw new TypeError(`${fn}: expected a length or an array of numbers (got ${describe(lengthOrValues)})`);
  }
  const bytes = length * sizeOf(dtype);
  if (bytes > 2 ** 32) throw new RangeError(`${fn}: ${length} elements do not fit in a 4 GiB wasm memory`);
  const address = bytes === 0 ? 0 : heap.allocate(bytes);
  const array = new WasmArrayImpl(heap, dtype, length, address, bytes);
  const view = array.array;
  if (values !== null) view.set(values as ArrayLike<number>);
  else view.fill(0);
  return array;
}
