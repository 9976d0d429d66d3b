/**
 * The ready-to-call functions: a default kernel (SIMD when the engine has
 * it), created on first use, synchronously.
 */
import { createKernel } from './kernel.js';
import type {
  BinaryCrossEntropyWithLogitsFunction,
  BinaryElementwiseFunction,
  ElementwiseFunction,
  Kernel,
  SigmoidBackwardFunction,
  SigmoidFunction,
  SigmoidWithDerivativeFunction,
} from './types.js';

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

// ---- the sigmoid family -------------------------------------------------------
//
// Tier-independent: both tiers run the same kernels (float32 computed in
// float64 and rounded once), so these give the same bits on every build and
// engine. Types, `out` and errors as for {@link sigmoid}.

/**
 * The hyperbolic tangent `(e^2x - 1) / (e^2x + 1)`, elementwise; float32
 * within 1 ULP, float64 within 2 ULP (src/registry.ts). Exactly odd
 * (`tanh(-x) === -tanh(x)`, `tanh(-0) = -0`), accurate near 0 (no
 * cancellation); `tanh(+-Inf) = +-1`, NaN gives NaN. Types as {@link sigmoid}.
 *
 * @example
 * ```ts
 * import { tanh } from 'sigmoid-wasm';
 * tanh(0.5);                                    // 0.46211715726000974
 * tanh(-0);                                     // -0
 * tanh(new Float32Array([1, -2]));              // Float32Array [0.7615941762924194, -0.9640275835990906]
 * ```
 */
export const tanh = ((x: unknown, out: unknown) => (defaultKernel().tanh as Forward2)(x, out)) as ElementwiseFunction;

/**
 * The derivative of tanh, `1 - tanh(x)^2`, elementwise, computed from x (not
 * from a rounded tanh, which gives 0 from |x| = 9.01 in float32 and 19.1 in
 * float64): float32 within 1 ULP, float64 within 3 ULP; exactly even, in
 * [0, 1], `tanhDerivative(0) = 1`, `tanhDerivative(+-Inf) = 0`, and never 0
 * while the true value is representable. Types as {@link sigmoid}.
 *
 * @example
 * ```ts
 * import { tanhDerivative } from 'sigmoid-wasm';
 * tanhDerivative(0.5);                          // 0.7864477329659274
 * tanhDerivative(20);                           // 1.6993417021166355e-17 (1 - tanh(20) ** 2 gives 0)
 * ```
 */
export const tanhDerivative = ((x: unknown, out: unknown) => (defaultKernel().tanhDerivative as Forward2)(x, out)) as ElementwiseFunction;

/**
 * SiLU (swish), `x * sigmoid(x)`, elementwise; float32 within 1 ULP,
 * float64 within 3 ULP. `silu(-0) = -0`, `silu(-Inf) = -0`, `silu(+Inf) =
 * +Inf`; the subnormal tail for large negative x is kept (rounded, not
 * flushed). Types as {@link sigmoid}.
 *
 * @example
 * ```ts
 * import { silu } from 'sigmoid-wasm';
 * silu(1);                                      // 0.7310585786300049
 * silu(-40);                                    // -1.6993417021166355e-16
 * ```
 */
export const silu = ((x: unknown, out: unknown) => (defaultKernel().silu as Forward2)(x, out)) as ElementwiseFunction;

/**
 * The derivative of SiLU, `sigmoid(x) (1 + x (1 - sigmoid(x)))`,
 * elementwise; float32 within 1 ULP, float64 within 3 ULP, except near its
 * zero at x = -1.2785, where no relative bound can hold (there the absolute
 * error is at most 2^-24 in float32 and 2^-53 in float64).
 * `siluDerivative(0) = 0.5`, `siluDerivative(+Inf) = 1`,
 * `siluDerivative(-Inf) = -0`. Types as {@link sigmoid}.
 *
 * @example
 * ```ts
 * import { siluDerivative } from 'sigmoid-wasm';
 * siluDerivative(0);                            // 0.5
 * siluDerivative(1);                            // 0.9276705118714867
 * ```
 */
export const siluDerivative = ((x: unknown, out: unknown) => (defaultKernel().siluDerivative as Forward2)(x, out)) as ElementwiseFunction;

/**
 * Softplus, `log(1 + e^x)`, elementwise; float32 within 1 ULP, float64 within
 * 2 ULP. Finite for every finite x (`Math.log1p(Math.exp(x))` is Infinity
 * from x = 710), `softplus(x) === x` to the last bit for large x;
 * `softplus(-Inf) = 0`, `softplus(+Inf) = +Inf`. Non-decreasing. Types as
 * {@link sigmoid}.
 *
 * @example
 * ```ts
 * import { softplus } from 'sigmoid-wasm';
 * softplus(0);                                  // 0.6931471805599453
 * softplus(800);                                // 800 (log(1 + exp(800)) gives Infinity)
 * ```
 */
export const softplus = ((x: unknown, out: unknown) => (defaultKernel().softplus as Forward2)(x, out)) as ElementwiseFunction;

/**
 * The log of the sigmoid, `log(sigmoid(x)) = -softplus(-x)`, elementwise;
 * float32 within 1 ULP, float64 within 2 ULP. Finite for every finite x;
 * `logSigmoid(+Inf) = -0`, `logSigmoid(-Inf) = -Inf`. Non-decreasing. Types
 * as {@link sigmoid}.
 *
 * @example
 * ```ts
 * import { logSigmoid } from 'sigmoid-wasm';
 * logSigmoid(0);                                // -0.6931471805599453
 * logSigmoid(-800);                             // -800 (Math.log(sigmoid(-800)) gives -Infinity)
 * logSigmoid(40);                               // -4.248354255291589e-18
 * ```
 */
export const logSigmoid = ((x: unknown, out: unknown) => (defaultKernel().logSigmoid as Forward2)(x, out)) as ElementwiseFunction;

/**
 * The logit, `log(p / (1 - p))`, the inverse of the sigmoid, elementwise;
 * float32 within 1 ULP, float64 within 2 ULP. `logit(0) = logit(-0) = -Inf`,
 * `logit(1) = +Inf`, `logit(0.5) = 0`, NaN outside [0, 1] and for NaN.
 * Non-decreasing. Types as {@link sigmoid}.
 *
 * @example
 * ```ts
 * import { logit } from 'sigmoid-wasm';
 * logit(0.75);                                  // 1.0986122886681096
 * logit(1);                                     // Infinity
 * logit(1.5);                                   // NaN
 * ```
 */
export const logit = ((x: unknown, out: unknown) => (defaultKernel().logit as Forward2)(x, out)) as ElementwiseFunction;

/**
 * The logistic loss (binary cross-entropy) from logits `x` and targets `y`
 * in [0, 1]: `softplus(x) - x y` per element, computed without overflow or
 * cancellation in the tails (`max(x, 0) - x y + log1p(e^-|x|)`); within 1 ULP
 * (float32) and 3 ULP (float64) for targets exactly 0 or 1. NaN where y is
 * NaN or outside [0, 1].
 *
 * `x` and `y` are both numbers (a number comes back) or both arrays of the
 * same type and length. `options.reduction`: `'none'` (the default) returns
 * the per-element losses, as {@link sigmoidBackward} returns its result
 * (`options.out` may be `x` or `y` itself); `'sum'` and `'mean'` return a
 * number: the per-element results summed in float64, in index order, with
 * Neumaier's compensated summation, so the sum is within about an ULP of the
 * exact sum of the element results and the same bits on every build and
 * engine. For float32 inputs each term is the float32 element result (the
 * sum of what `'none'` returns), summed in float64. The sum of no elements
 * is 0, their mean NaN.
 *
 * @throws {TypeError} for options that are not an object, an unknown
 *   reduction, `options.out` with `'sum'` or `'mean'`, or arguments as
 *   {@link sigmoidBackward}'s.
 * @throws {RangeError} when x, y (or out) differ in length.
 * @example
 * ```ts
 * import { binaryCrossEntropyWithLogits } from 'sigmoid-wasm';
 * binaryCrossEntropyWithLogits(2, 1);                             // 0.1269280110429725
 * const x = new Float64Array([0, 2, -3]);
 * const y = new Float64Array([1, 0, 0.25]);
 * binaryCrossEntropyWithLogits(x, y);                             // Float64Array [0.6931..., 2.1269..., 0.7985...]
 * binaryCrossEntropyWithLogits(x, y, { reduction: 'mean' });      // 1.2062...
 * binaryCrossEntropyWithLogits(x, y, { out: x });                 // in place over x
 * ```
 */
export const binaryCrossEntropyWithLogits = ((x: unknown, y: unknown, options: unknown) =>
  (defaultKernel().binaryCrossEntropyWithLogits as Forward3)(x, y, options)) as BinaryCrossEntropyWithLogitsFunction;

/**
 * The gradient of {@link binaryCrossEntropyWithLogits} with respect to the
 * logits: `sigmoid(x) - y`, per element, computed as `(1 - y) sigmoid(x) - y
 * sigmoid(-x)` so that it does not cancel to 0 in the tails (in float32,
 * `sigmoid(x) - 1` is 0 from x = 17.33); within 1 ULP (float32) and 3 ULP
 * (float64) for targets exactly 0 or 1. NaN where y is NaN or outside
 * [0, 1]. Arguments as {@link sigmoidBackward}'s: `out` may be `x` or `y`
 * itself.
 *
 * @example
 * ```ts
 * import { binaryCrossEntropyWithLogitsGradient } from 'sigmoid-wasm';
 * binaryCrossEntropyWithLogitsGradient(2, 1);                     // -0.11920292202211756
 * binaryCrossEntropyWithLogitsGradient(40, 1);                    // -4.248354255291589e-18 (sigmoid(40) - 1 gives 0)
 * ```
 */
export const binaryCrossEntropyWithLogitsGradient = ((x: unknown, y: unknown, out: unknown) =>
  (defaultKernel().binaryCrossEntropyWithLogitsGradient as Forward3)(x, y, out)) as BinaryElementwiseFunction;
