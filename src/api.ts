/**
 * The ready-to-call functions: a default kernel (SIMD when the engine has
 * it), created on first use, synchronously.
 */
import { createKernel } from './kernel.js';
import type { Kernel, SigmoidBackwardFunction, SigmoidFunction, SigmoidWithDerivativeFunction } from './types.js';

let shared: Kernel | undefined;

/** The loose call signatures the overloaded functions below forward with. */
type Forward2 = (a: unknown, b: unknown) => unknown;
type Forward3 = (a: unknown, b: unknown, c: unknown) => unknown;

/**
 * The kernel behind the top-level functions (created on first call): the
 * fast tier, with the relaxed-SIMD build where the engine has it.
 *
 * @example
 * ```ts
 * import { defaultKernel } from 'sigmoid-wasm';
 * console.log(defaultKernel().precision, defaultKernel().relaxed); // 'fast', and whether FMA may run
 * ```
 */
export function defaultKernel(): Kernel {
  return (shared ??= createKernel());
}

/**
 * The logistic sigmoid `1 / (1 + e^-x)`, elementwise, to within 2 ULP.
 *
 * A Float32Array gives a Float32Array, a Float64Array or an array of numbers
 * gives a Float64Array, a number gives a number (float64). With `out` (same
 * type and length as the result; may be `x` itself) the result is written
 * there and `out` is returned.
 *
 * @throws {TypeError} for any other input, or an `out` of another type.
 * @throws {RangeError} when `out` has another length.
 * @example
 * ```ts
 * import { sigmoid } from 'sigmoid-wasm';
 * sigmoid(0);                                   // 0.5
 * sigmoid(new Float32Array([-2, 0, 2]));        // Float32Array [0.1192..., 0.5, 0.8807...]
 * const x = new Float64Array([1, 2, 3]);
 * sigmoid(x, x);                                // in place
 * ```
 */
export const sigmoid = ((x: unknown, out: unknown) => (defaultKernel().sigmoid as Forward2)(x, out)) as SigmoidFunction;

/**
 * The derivative of the sigmoid, `s * (1 - s)`, elementwise, computed from x
 * so that it stays accurate (within 3 ULP) in the tails, where `s * (1 - s)`
 * computed from a rounded `s` collapses to 0. Exactly symmetric:
 * `sigmoidDerivative(-x) === sigmoidDerivative(x)`. Types as {@link sigmoid}.
 *
 * @example
 * ```ts
 * import { sigmoidDerivative } from 'sigmoid-wasm';
 * sigmoidDerivative(0);                         // 0.25
 * sigmoidDerivative(40);                        // 4.248354255291589e-18 (s * (1 - s) gives 0)
 * sigmoidDerivative(new Float32Array([-1, 1])); // Float32Array [0.19661..., 0.19661...]
 * ```
 */
export const sigmoidDerivative = ((x: unknown, out: unknown) =>
  (defaultKernel().sigmoidDerivative as Forward2)(x, out)) as SigmoidFunction;

/**
 * Sigmoid and derivative in one pass over memory; the
 * results are bitwise equal to {@link sigmoid} and {@link sigmoidDerivative}.
 * `value` and `derivative` are optional outputs, as `out` of {@link sigmoid};
 * they must not overlap each other.
 *
 * @example
 * ```ts
 * import { sigmoidWithDerivative } from 'sigmoid-wasm';
 * const { value, derivative } = sigmoidWithDerivative(new Float32Array([0, 1]));
 * // value: [0.5, 0.7310586], derivative: [0.25, 0.19661193]
 * ```
 */
export const sigmoidWithDerivative = ((x: unknown, value: unknown, derivative: unknown) =>
  (defaultKernel().sigmoidWithDerivative as Forward3)(x, value, derivative)) as SigmoidWithDerivativeFunction;

/**
 * The backward step of a sigmoid layer: `dx = dy * y * (1 - y)` from the
 * saved forward output `y` and the incoming gradient `dy` (same type and
 * length). `out` may be `y` or `dy` itself.
 *
 * @example
 * ```ts
 * import { sigmoid, sigmoidBackward } from 'sigmoid-wasm';
 * const y = sigmoid(new Float32Array([0, 2]));
 * const dx = sigmoidBackward(y, new Float32Array([1, 1])); // [0.25, 0.1049...]
 * ```
 */
export const sigmoidBackward = ((y: unknown, dy: unknown, out: unknown) =>
  (defaultKernel().sigmoidBackward as Forward3)(y, dy, out)) as SigmoidBackwardFunction;
