/// <reference lib="esnext.disposable" preserve="true" />
import type { ShapeOf } from './op.js';
import type * as ops from './ops.js';

/**
 * A float32 or float64 array that lives in a kernel's wasm memory
 * ({@link Kernel.allocFloat32}, {@link Kernel.allocFloat64}). Passing it to
 * that kernel's functions copies nothing.
 *
 * `array` is a typed-array view of the memory. It stays valid when the memory
 * grows: read `array` again after any allocation instead of keeping an old
 * view (an old view of a grown memory is empty). Free it with `free()`, or
 * with `using` / `Symbol.dispose`. After `free()` the array must not be used.
 *
 * @example
 * ```ts
 * const k = createKernel();
 * const x = k.allocFloat32([-1, 0, 1]);
 * const y = k.allocFloat32(3);
 * k.sigmoid(x, y);          // zero-copy
 * console.log(y.array);     // Float32Array [0.2689..., 0.5, 0.7310...]
 * x.free(); y.free();
 * ```
 */
export interface WasmArray<A extends Float32Array | Float64Array = Float32Array | Float64Array> {
  /** A view of the elements in wasm memory (current even after the memory grew). */
  readonly array: A;
  readonly length: number;
  readonly dtype: A extends Float32Array ? 'float32' : 'float64';
  /** True once `free()` was called. */
  readonly freed: boolean;
  /** Returns the memory to the kernel. Calling it again does nothing. */
  free(): void;
  [Symbol.dispose](): void;
}

/** A float32 array: in JS memory, or in a kernel's wasm memory. */
export type Float32Like = Float32Array | WasmArray<Float32Array>;
/** A float64 array: in JS memory, or in a kernel's wasm memory. */
export type Float64Like = Float64Array | WasmArray<Float64Array>;

// ---- the signatures of the four shapes (src/op.ts, Shape) ----------------------
//
// Written once for both modes: 'sync' (a Kernel's methods, the top-level
// functions) returns the result, 'async' (a Pool's methods) a Promise of it.

/** Whether a function returns its result ('sync') or a Promise of it ('async'). */
export type Mode = 'sync' | 'async';

/** T, or a Promise of T in the async mode. */
export type Result<M extends Mode, T> = M extends 'async' ? Promise<T> : T;

/**
 * An elementwise function of one array (shape `unary`): a number gives a
 * number (float64), a Float32Like a Float32Array, a Float64Like or an array
 * of numbers a Float64Array; with `out` (the result's type and length, `x`
 * itself allowed) the result is written there and `out` is returned.
 */
export interface ElementwiseFunction<M extends Mode = 'sync'> {
  (x: number): Result<M, number>;
  <O extends Float32Like>(x: Float32Like, out: O): Result<M, O>;
  (x: Float32Like): Result<M, Float32Array>;
  <O extends Float64Like>(x: Float64Like | readonly number[], out: O): Result<M, O>;
  (x: Float64Like | readonly number[]): Result<M, Float64Array>;
}

/** The value and the derivative of a function at the same points. */
export interface SigmoidAndDerivative<V, D = V> {
  value: V;
  derivative: D;
}

/**
 * A function and its derivative in one pass (shape `pair`): types as
 * {@link ElementwiseFunction}, two optional outputs `value` and
 * `derivative` (they must not overlap each other).
 */
export interface SigmoidWithDerivativeFunction<M extends Mode = 'sync'> {
  (x: number): Result<M, SigmoidAndDerivative<number>>;
  <V extends Float32Like, D extends Float32Like>(x: Float32Like, value: V, derivative: D): Result<M, SigmoidAndDerivative<V, D>>;
  (x: Float32Like): Result<M, SigmoidAndDerivative<Float32Array>>;
  <V extends Float64Like, D extends Float64Like>(
    x: Float64Like | readonly number[],
    value: V,
    derivative: D,
  ): Result<M, SigmoidAndDerivative<V, D>>;
  (x: Float64Like | readonly number[]): Result<M, SigmoidAndDerivative<Float64Array>>;
}

/**
 * An elementwise function of two arrays of the same type and length (shape
 * `binary`: logits `x` and targets `y`, or the saved output `y` and the
 * gradient `dy`): both numbers give a number (float64); with `out` (the
 * result's type and length, either input itself allowed) the result is
 * written there and `out` is returned.
 */
export interface BinaryElementwiseFunction<M extends Mode = 'sync'> {
  (x: number, y: number): Result<M, number>;
  <O extends Float32Like>(x: Float32Like, y: Float32Like, out: O): Result<M, O>;
  (x: Float32Like, y: Float32Like): Result<M, Float32Array>;
  <O extends Float64Like>(x: Float64Like | readonly number[], y: Float64Like | readonly number[], out: O): Result<M, O>;
  (x: Float64Like | readonly number[], y: Float64Like | readonly number[]): Result<M, Float64Array>;
}

/**
 * How a loss reduces its per-element values: `'none'` (the default) returns
 * them; `'sum'` and `'mean'` return a number, summed in float64 with
 * compensation, in index order.
 */
export type Reduction = 'none' | 'sum' | 'mean';

/** Options of a loss (shape `loss`). */
export interface LossOptions<O = Float32Like | Float64Like> {
  /** `'none'` (default): the per-element losses; `'sum'` or `'mean'`: one number. */
  reduction?: Reduction | undefined;
  /** Where the per-element losses go (reduction `'none'` only): the result's type and length, `x` or `y` itself allowed. */
  out?: O | undefined;
}

/** A loss of logits `x` and targets `y` (shape `loss`): per element, or summed, or averaged. */
export interface LossFunction<M extends Mode = 'sync'> {
  (x: number, y: number, options?: { reduction?: Reduction | undefined }): Result<M, number>;
  (
    x: Float32Like | Float64Like | readonly number[],
    y: Float32Like | Float64Like | readonly number[],
    options: { reduction: 'sum' | 'mean' },
  ): Result<M, number>;
  <O extends Float32Like>(x: Float32Like, y: Float32Like, options: { reduction?: 'none' | undefined; out: O }): Result<M, O>;
  (x: Float32Like, y: Float32Like, options?: { reduction?: 'none' | undefined; out?: undefined }): Result<M, Float32Array>;
  <O extends Float64Like>(
    x: Float64Like | readonly number[],
    y: Float64Like | readonly number[],
    options: { reduction?: 'none' | undefined; out: O },
  ): Result<M, O>;
  (
    x: Float64Like | readonly number[],
    y: Float64Like | readonly number[],
    options?: { reduction?: 'none' | undefined; out?: undefined },
  ): Result<M, Float64Array>;
  /** A reduction only known at run time: a number, or the per-element losses. */
  (x: Float32Like, y: Float32Like, options: LossOptions<Float32Like>): Result<M, number | Float32Like>;
  (
    x: Float64Like | readonly number[],
    y: Float64Like | readonly number[],
    options: LossOptions<Float64Like>,
  ): Result<M, number | Float64Like>;
}

// ---- functions over rows (softmax and its relatives) -------------------------------

/** Options of a function over rows. */
export interface RowOptions<O = Float32Like | Float64Like> {
  /**
   * Elements per row: a positive integer that divides the length (default:
   * the whole array, one row). Each row is computed on its own.
   */
  rowLength?: number | undefined;
  /** Where the results go: the result's type and length (an input itself allowed). */
  out?: O | undefined;
}

/**
 * A function over rows of one array (shape `rows`: softmax, logSoftmax):
 * a Float32Like gives a Float32Array, a Float64Like or an array of numbers a
 * Float64Array, of the input's length; with `out` the results go there and
 * `out` is returned.
 */
export interface RowFunction<M extends Mode = 'sync'> {
  <O extends Float32Like>(x: Float32Like, options: RowOptions<O> & { out: O }): Result<M, O>;
  (x: Float32Like, options?: RowOptions<undefined>): Result<M, Float32Array>;
  <O extends Float64Like>(x: Float64Like | readonly number[], options: RowOptions<O> & { out: O }): Result<M, O>;
  (x: Float64Like | readonly number[], options?: RowOptions<undefined>): Result<M, Float64Array>;
}

/** A function over rows of two arrays of the same type and length (shape `rowsBinary`: the softmax's backward step). */
export interface RowBinaryFunction<M extends Mode = 'sync'> {
  <O extends Float32Like>(y: Float32Like, dy: Float32Like, options: RowOptions<O> & { out: O }): Result<M, O>;
  (y: Float32Like, dy: Float32Like, options?: RowOptions<undefined>): Result<M, Float32Array>;
  <O extends Float64Like>(y: Float64Like | readonly number[], dy: Float64Like | readonly number[], options: RowOptions<O> & { out: O }): Result<M, O>;
  (y: Float64Like | readonly number[], dy: Float64Like | readonly number[], options?: RowOptions<undefined>): Result<M, Float64Array>;
}

/** Class indices, one per row: an integer array. */
export type ClassIndices = Int32Array | Uint32Array;

/** Options of a loss over rows (shape `rowsLoss`). */
export interface RowLossOptions<O = Float32Like | Float64Like> extends RowOptions<O> {
  /** `'none'` (default): one loss per row; `'sum'` or `'mean'` (over rows): one number. */
  reduction?: Reduction | undefined;
}

/**
 * A loss over rows of logits (shape `rowsLoss`: the softmax cross-entropy):
 * targets are probabilities of the logits' type and length, or a class index
 * per row; one loss per row (an array of the logits' type, `rows` long), or
 * their sum or mean (a number).
 */
export interface RowLossFunction<M extends Mode = 'sync'> {
  (
    logits: Float32Like | Float64Like | readonly number[],
    targets: Float32Like | Float64Like | readonly number[] | ClassIndices,
    options: RowLossOptions<undefined> & { reduction: 'sum' | 'mean' },
  ): Result<M, number>;
  <O extends Float32Like>(logits: Float32Like, targets: Float32Like | ClassIndices, options: RowLossOptions<O> & { reduction?: 'none' | undefined; out: O }): Result<M, O>;
  (logits: Float32Like, targets: Float32Like | ClassIndices, options?: RowLossOptions<undefined> & { reduction?: 'none' | undefined }): Result<M, Float32Array>;
  <O extends Float64Like>(
    logits: Float64Like | readonly number[],
    targets: Float64Like | readonly number[] | ClassIndices,
    options: RowLossOptions<O> & { reduction?: 'none' | undefined; out: O },
  ): Result<M, O>;
  (
    logits: Float64Like | readonly number[],
    targets: Float64Like | readonly number[] | ClassIndices,
    options?: RowLossOptions<undefined> & { reduction?: 'none' | undefined },
  ): Result<M, Float64Array>;
  /** A reduction only known at run time: a number, or the per-row losses. */
  (
    logits: Float32Like | Float64Like | readonly number[],
    targets: Float32Like | Float64Like | readonly number[] | ClassIndices,
    options: RowLossOptions,
  ): Result<M, number | Float32Like | Float64Like>;
}

/** A function of logits and targets over rows, one result per element (shape `rowsTargets`: the loss's gradient). */
export interface RowTargetsFunction<M extends Mode = 'sync'> {
  <O extends Float32Like>(logits: Float32Like, targets: Float32Like | ClassIndices, options: RowOptions<O> & { out: O }): Result<M, O>;
  (logits: Float32Like, targets: Float32Like | ClassIndices, options?: RowOptions<undefined>): Result<M, Float32Array>;
  <O extends Float64Like>(logits: Float64Like | readonly number[], targets: Float64Like | readonly number[] | ClassIndices, options: RowOptions<O> & { out: O }): Result<M, O>;
  (logits: Float64Like | readonly number[], targets: Float64Like | readonly number[] | ClassIndices, options?: RowOptions<undefined>): Result<M, Float64Array>;
}

/** The signature of each shape, in a mode. */
export interface ShapeSignatures<M extends Mode> {
  unary: ElementwiseFunction<M>;
  pair: SigmoidWithDerivativeFunction<M>;
  binary: BinaryElementwiseFunction<M>;
  loss: LossFunction<M>;
  rows: RowFunction<M>;
  rowsBinary: RowBinaryFunction<M>;
  rowsLoss: RowLossFunction<M>;
  rowsTargets: RowTargetsFunction<M>;
}

/** The name of every function of the table of operations (src/ops.ts). */
export type OpName = keyof typeof ops;

/** The shapes over rows (src/op.ts ROW_SHAPES). */
type RowShape = 'rows' | 'rowsBinary' | 'rowsLoss' | 'rowsTargets';

/** The name of every elementwise function of the table (every shape but those over rows). */
export type ElementwiseName = { [K in OpName]: ShapeOf<(typeof ops)[K]> extends RowShape ? never : K }[OpName];

/**
 * Every function of the table, in a mode: what a Kernel ('sync') and a Pool
 * ('async') have as methods, each with the signature of its entry's shape.
 */
export type Functions<M extends Mode> = {
  readonly [K in OpName]: ShapeSignatures<M>[ShapeOf<(typeof ops)[K]>];
};

/** Options of {@link createKernel}. */
export interface KernelOptions {
  /**
   * Which build to run: `'auto'` (default) picks SIMD when the engine
   * supports it; `true` requires it (throws if unsupported); `false` forces
   * the scalar build. Both give bitwise identical results.
   */
  simd?: 'auto' | boolean;
  /**
   * The precision tier: `'fast'` (default; float32 in float32 lanes, within
   * 2 ULP for the sigmoid, 3 for the derivative) or `'accurate'` (float32
   * within 0.5025 ULP and monotone, float64 within 1 and 1.41 ULP; the same
   * bits on every engine and build).
   */
  precision?: 'fast' | 'accurate';
  /**
   * The fast tier's relaxed-SIMD build (fused multiply-add where the
   * hardware has it, so the last bits may differ between machines):
   * `'auto'` (default) where the engine validates it; `true` requires it;
   * `false` runs the plain SIMD build (the same bits everywhere).
   */
  relaxed?: 'auto' | boolean;
}

/**
 * Every function of the package bound to one wasm memory (its own), plus
 * arrays that live in that memory for zero-copy calls. Its methods are the
 * top-level functions' (the same signatures; `kernel.tanh(x)`), in the
 * kernel's build and tier.
 */
export interface Kernel extends Functions<'sync'> {
  /** True when this kernel runs the 128-bit SIMD build, false for the scalar build. */
  readonly simd: boolean;
  /** True when the fast tier runs the relaxed-SIMD build (fused multiply-add where the hardware has it). */
  readonly relaxed: boolean;
  /** The precision tier: 'fast' or 'accurate'. */
  readonly precision: 'fast' | 'accurate';
  /** A float32 array in this kernel's memory: `length` zeros, or a copy of `values`. */
  allocFloat32(lengthOrValues: number | ArrayLike<number>): WasmArray<Float32Array>;
  /** A float64 array in this kernel's memory: `length` zeros, or a copy of `values`. */
  allocFloat64(lengthOrValues: number | ArrayLike<number>): WasmArray<Float64Array>;
}

// ---- the worker pool (createPool) ----------------------------------------------

/** Options of {@link createPool}: createKernel's, plus how many workers and how work is split. */
export interface PoolOptions extends KernelOptions {
  /**
   * Threads that work on a call, 1 to 64, the calling thread included (so
   * `threads - 1` workers; default: the machine's cores, from
   * os.availableParallelism() or navigator.hardwareConcurrency).
   */
  threads?: number;
  /**
   * Arrays with fewer elements run on the calling thread, without messaging
   * (default 32768: from there two threads beat one for the cheapest kernel,
   * the float32 fast sigmoid, in Node 24 and Chromium on the machine of
   * BENCHMARKS.md). 0 sends every array to the threads.
   */
  parallelThreshold?: number;
  /** Bytes a thread takes at a time: a multiple of 64 (default 65536, cache-sized). */
  chunkBytes?: number;
}

/**
 * Workers that run the kernels over one shared wasm memory: the functions of
 * a {@link Kernel}, each returning a Promise of the Kernel's result (the
 * same bits), and arrays in the shared memory for zero-copy calls.
 */
export interface Pool extends Functions<'async'> {
  /** Threads that work on a call, the calling thread included. */
  readonly threads: number;
  readonly simd: boolean;
  readonly relaxed: boolean;
  readonly precision: 'fast' | 'accurate';
  /** Arrays shorter than this run on the calling thread. */
  readonly parallelThreshold: number;
  /** Bytes a thread takes at a time. */
  readonly chunkBytes: number;
  /** Settles when every worker has started (calls need not wait for it: they queue). */
  readonly ready: Promise<void>;
  /** A float32 array in the shared memory: `length` zeros, or a copy of `values`. */
  allocFloat32(lengthOrValues: number | ArrayLike<number>): WasmArray<Float32Array>;
  /** A float64 array in the shared memory: `length` zeros, or a copy of `values`. */
  allocFloat64(lengthOrValues: number | ArrayLike<number>): WasmArray<Float64Array>;
  /** Rejects the calls not yet finished (an Error saying the pool closed) and ends every worker. */
  close(): Promise<void>;
  /** `await using pool = createPool()`: close() at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void>;
}
