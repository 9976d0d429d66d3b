/// <reference lib="esnext.disposable" preserve="true" />
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

/**
 * An elementwise function of one array: a number gives a number (float64), a
 * Float32Like a Float32Array, a Float64Like or an array of numbers a
 * Float64Array; with `out` (the result's type and length, `x` itself
 * allowed) the result is written there and `out` is returned.
 */
export interface ElementwiseFunction {
  (x: number): number;
  <O extends Float32Like>(x: Float32Like, out: O): O;
  (x: Float32Like): Float32Array;
  <O extends Float64Like>(x: Float64Like | readonly number[], out: O): O;
  (x: Float64Like | readonly number[]): Float64Array;
}

/** Elementwise `1 / (1 + e^-x)` (or its derivative): an {@link ElementwiseFunction}. */
export type SigmoidFunction = ElementwiseFunction;

/** The value and the derivative of the sigmoid at the same points. */
export interface SigmoidAndDerivative<V, D = V> {
  value: V;
  derivative: D;
}

/** Elementwise sigmoid and derivative in one pass. */
export interface SigmoidWithDerivativeFunction {
  (x: number): SigmoidAndDerivative<number>;
  <V extends Float32Like, D extends Float32Like>(x: Float32Like, value: V, derivative: D): SigmoidAndDerivative<V, D>;
  (x: Float32Like): SigmoidAndDerivative<Float32Array>;
  <V extends Float64Like, D extends Float64Like>(
    x: Float64Like | readonly number[],
    value: V,
    derivative: D,
  ): SigmoidAndDerivative<V, D>;
  (x: Float64Like | readonly number[]): SigmoidAndDerivative<Float64Array>;
}

/** Elementwise `dy * y * (1 - y)` from the saved sigmoid output `y`. */
export interface SigmoidBackwardFunction {
  (y: number, dy: number): number;
  <O extends Float32Like>(y: Float32Like, dy: Float32Like, out: O): O;
  (y: Float32Like, dy: Float32Like): Float32Array;
  <O extends Float64Like>(y: Float64Like | readonly number[], dy: Float64Like | readonly number[], out: O): O;
  (y: Float64Like | readonly number[], dy: Float64Like | readonly number[]): Float64Array;
}

/**
 * An elementwise function of two arrays of the same type and length (logits
 * `x` and targets `y`): both numbers give a number (float64); with `out` (the
 * result's type and length, `x` or `y` itself allowed) the result is written
 * there and `out` is returned.
 */
export interface BinaryElementwiseFunction {
  (x: number, y: number): number;
  <O extends Float32Like>(x: Float32Like, y: Float32Like, out: O): O;
  (x: Float32Like, y: Float32Like): Float32Array;
  <O extends Float64Like>(x: Float64Like | readonly number[], y: Float64Like | readonly number[], out: O): O;
  (x: Float64Like | readonly number[], y: Float64Like | readonly number[]): Float64Array;
}

/**
 * How {@link BinaryCrossEntropyWithLogitsFunction} reduces the per-element
 * losses: `'none'` (the default) returns them; `'sum'` and `'mean'` return a
 * number, summed in float64 with compensation, in index order.
 */
export type Reduction = 'none' | 'sum' | 'mean';

/** Options of binaryCrossEntropyWithLogits. */
export interface BinaryCrossEntropyOptions<O = Float32Like | Float64Like> {
  /** `'none'` (default): the per-element losses; `'sum'` or `'mean'`: one number. */
  reduction?: Reduction | undefined;
  /** Where the per-element losses go (reduction `'none'` only): the result's type and length, `x` or `y` itself allowed. */
  out?: O | undefined;
}

/** The per-element logistic loss `softplus(x) - x y`, or its sum or mean. */
export interface BinaryCrossEntropyWithLogitsFunction {
  (x: number, y: number, options?: { reduction?: Reduction | undefined }): number;
  (
    x: Float32Like | Float64Like | readonly number[],
    y: Float32Like | Float64Like | readonly number[],
    options: { reduction: 'sum' | 'mean' },
  ): number;
  <O extends Float32Like>(x: Float32Like, y: Float32Like, options: { reduction?: 'none' | undefined; out: O }): O;
  (x: Float32Like, y: Float32Like, options?: { reduction?: 'none' | undefined; out?: undefined }): Float32Array;
  <O extends Float64Like>(
    x: Float64Like | readonly number[],
    y: Float64Like | readonly number[],
    options: { reduction?: 'none' | undefined; out: O },
  ): O;
  (
    x: Float64Like | readonly number[],
    y: Float64Like | readonly number[],
    options?: { reduction?: 'none' | undefined; out?: undefined },
  ): Float64Array;
  /** A reduction only known at run time: a number, or the per-element losses. */
  (x: Float32Like, y: Float32Like, options: BinaryCrossEntropyOptions<Float32Like>): number | Float32Like;
  (
    x: Float64Like | readonly number[],
    y: Float64Like | readonly number[],
    options: BinaryCrossEntropyOptions<Float64Like>,
  ): number | Float64Like;
}

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
 * The sigmoid functions, and the sigmoid family, bound to one wasm instance,
 * plus arrays that live in its memory for zero-copy calls.
 */
export interface Kernel {
  /** True when this kernel runs the 128-bit SIMD build, false for the scalar build. */
  readonly simd: boolean;
  /** True when the fast tier runs the relaxed-SIMD build (fused multiply-add where the hardware has it). */
  readonly relaxed: boolean;
  /** The precision tier: 'fast' or 'accurate'. */
  readonly precision: 'fast' | 'accurate';
  readonly sigmoid: SigmoidFunction;
  readonly sigmoidDerivative: SigmoidFunction;
  readonly sigmoidWithDerivative: SigmoidWithDerivativeFunction;
  readonly sigmoidBackward: SigmoidBackwardFunction;
  // The sigmoid family: the same kernels in both tiers (tier-independent).
  /** `tanh(x)`, exactly odd. */
  readonly tanh: ElementwiseFunction;
  /** `1 - tanh(x)^2`, computed from x. */
  readonly tanhDerivative: ElementwiseFunction;
  /** `x * sigmoid(x)` (swish). */
  readonly silu: ElementwiseFunction;
  /** `sigmoid(x) (1 + x (1 - sigmoid(x)))`. */
  readonly siluDerivative: ElementwiseFunction;
  /** `log(1 + e^x)`. */
  readonly softplus: ElementwiseFunction;
  /** `log(sigmoid(x)) = -softplus(-x)`. */
  readonly logSigmoid: ElementwiseFunction;
  /** `log(p / (1 - p))`, the inverse of the sigmoid. */
  readonly logit: ElementwiseFunction;
  /** `softplus(x) - x y` per element, or its sum or mean. */
  readonly binaryCrossEntropyWithLogits: BinaryCrossEntropyWithLogitsFunction;
  /** `sigmoid(x) - y`, without cancelling to 0 in the tails. */
  readonly binaryCrossEntropyWithLogitsGradient: BinaryElementwiseFunction;
  /** A float32 array in this kernel's memory: `length` zeros, or a copy of `values`. */
  allocFloat32(lengthOrValues: number | ArrayLike<number>): WasmArray<Float32Array>;
  /** A float64 array in this kernel's memory: `length` zeros, or a copy of `values`. */
  allocFloat64(lengthOrValues: number | ArrayLike<number>): WasmArray<Float64Array>;
}

// ---- the worker pool (createPool) ----------------------------------------------

/** An {@link ElementwiseFunction} that returns a Promise of its result (the worker pool). */
export interface AsyncElementwiseFunction {
  (x: number): Promise<number>;
  <O extends Float32Like>(x: Float32Like, out: O): Promise<O>;
  (x: Float32Like): Promise<Float32Array>;
  <O extends Float64Like>(x: Float64Like | readonly number[], out: O): Promise<O>;
  (x: Float64Like | readonly number[]): Promise<Float64Array>;
}

/** {@link SigmoidWithDerivativeFunction}, returning a Promise. */
export interface AsyncSigmoidWithDerivativeFunction {
  (x: number): Promise<SigmoidAndDerivative<number>>;
  <V extends Float32Like, D extends Float32Like>(x: Float32Like, value: V, derivative: D): Promise<SigmoidAndDerivative<V, D>>;
  (x: Float32Like): Promise<SigmoidAndDerivative<Float32Array>>;
  <V extends Float64Like, D extends Float64Like>(
    x: Float64Like | readonly number[],
    value: V,
    derivative: D,
  ): Promise<SigmoidAndDerivative<V, D>>;
  (x: Float64Like | readonly number[]): Promise<SigmoidAndDerivative<Float64Array>>;
}

/** {@link BinaryElementwiseFunction} (and sigmoidBackward's shape), returning a Promise. */
export interface AsyncBinaryElementwiseFunction {
  (x: number, y: number): Promise<number>;
  <O extends Float32Like>(x: Float32Like, y: Float32Like, out: O): Promise<O>;
  (x: Float32Like, y: Float32Like): Promise<Float32Array>;
  <O extends Float64Like>(x: Float64Like | readonly number[], y: Float64Like | readonly number[], out: O): Promise<O>;
  (x: Float64Like | readonly number[], y: Float64Like | readonly number[]): Promise<Float64Array>;
}

/** {@link BinaryCrossEntropyWithLogitsFunction}, returning a Promise. */
export interface AsyncBinaryCrossEntropyWithLogitsFunction {
  (x: number, y: number, options?: { reduction?: Reduction | undefined }): Promise<number>;
  (
    x: Float32Like | Float64Like | readonly number[],
    y: Float32Like | Float64Like | readonly number[],
    options: { reduction: 'sum' | 'mean' },
  ): Promise<number>;
  <O extends Float32Like>(x: Float32Like, y: Float32Like, options: { reduction?: 'none' | undefined; out: O }): Promise<O>;
  (x: Float32Like, y: Float32Like, options?: { reduction?: 'none' | undefined; out?: undefined }): Promise<Float32Array>;
  <O extends Float64Like>(
    x: Float64Like | readonly number[],
    y: Float64Like | readonly number[],
    options: { reduction?: 'none' | undefined; out: O },
  ): Promise<O>;
  (
    x: Float64Like | readonly number[],
    y: Float64Like | readonly number[],
    options?: { reduction?: 'none' | undefined; out?: undefined },
  ): Promise<Float64Array>;
  (x: Float32Like, y: Float32Like, options: BinaryCrossEntropyOptions<Float32Like>): Promise<number | Float32Like>;
  (
    x: Float64Like | readonly number[],
    y: Float64Like | readonly number[],
    options: BinaryCrossEntropyOptions<Float64Like>,
  ): Promise<number | Float64Like>;
}

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
 * Workers that run the kernels over one shared wasm memory: the operations
 * of a {@link Kernel}, each returning a Promise of the Kernel's result (the
 * same bits), and arrays in the shared memory for zero-copy calls.
 */
export interface Pool {
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
  readonly sigmoid: AsyncElementwiseFunction;
  readonly sigmoidDerivative: AsyncElementwiseFunction;
  readonly sigmoidWithDerivative: AsyncSigmoidWithDerivativeFunction;
  readonly sigmoidBackward: AsyncBinaryElementwiseFunction;
  readonly tanh: AsyncElementwiseFunction;
  readonly tanhDerivative: AsyncElementwiseFunction;
  readonly silu: AsyncElementwiseFunction;
  readonly siluDerivative: AsyncElementwiseFunction;
  readonly softplus: AsyncElementwiseFunction;
  readonly logSigmoid: AsyncElementwiseFunction;
  readonly logit: AsyncElementwiseFunction;
  readonly binaryCrossEntropyWithLogits: AsyncBinaryCrossEntropyWithLogitsFunction;
  readonly binaryCrossEntropyWithLogitsGradient: AsyncBinaryElementwiseFunction;
  /** A float32 array in the shared memory: `length` zeros, or a copy of `values`. */
  allocFloat32(lengthOrValues: number | ArrayLike<number>): WasmArray<Float32Array>;
  /** A float64 array in the shared memory: `length` zeros, or a copy of `values`. */
  allocFloat64(lengthOrValues: number | ArrayLike<number>): WasmArray<Float64Array>;
  /** Rejects the calls not yet finished (an Error saying the pool closed) and ends every worker. */
  close(): Promise<void>;
  /** `await using pool = createPool()`: close() at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void>;
}
