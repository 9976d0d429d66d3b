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

/** Elementwise `1 / (1 + e^-x)`. */
export interface SigmoidFunction {
  (x: number): number;
  <O extends Float32Like>(x: Float32Like, out: O): O;
  (x: Float32Like): Float32Array;
  <O extends Float64Like>(x: Float64Like | readonly number[], out: O): O;
  (x: Float64Like | readonly number[]): Float64Array;
}

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
 * The sigmoid functions bound to one wasm instance, plus arrays that live in
 * its memory for zero-copy calls.
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
  /** A float32 array in this kernel's memory: `length` zeros, or a copy of `values`. */
  allocFloat32(lengthOrValues: number | ArrayLike<number>): WasmArray<Float32Array>;
  /** A float64 array in this kernel's memory: `length` zeros, or a copy of `values`. */
  allocFloat64(lengthOrValues: number | ArrayLike<number>): WasmArray<Float64Array>;
}
