/**
 * The table of operations: one entry per function of the package, and each
 * entry is that function (ready to call, on a kernel created on first use:
 * the fast tier, SIMD where the engine has it, relaxed SIMD where it runs).
 *
 * An entry says everything about its function once (src/op.ts, OpSpec): its
 * one name, its operand shape, its kernels per type and tier with their
 * bounds and promises, its plain JS formula, its exact special values, its
 * plot. The Kernel's and the Pool's methods and their types, the CLI, the
 * plot, the benchmarks, the sweeps and the generic tests are made from these
 * entries (src/table.ts lists them). Only entries are exported here: the
 * package's index re-exports this module whole.
 *
 * Bounds: max error in ULPs of the result type at the true value; measured
 * figures in docs/accuracy.md (npm run verify:f32, verify:f64).
 */
import { define } from './define.js';
import * as wasm from './generated/wasm.js';
import type { Kernels } from './op.js';

/** A kernel both tiers run (the same wasm function): the accurate tier's, listed for the fast one too. */
function both(algorithm: string, bound: number, monotone: boolean) {
  return { fast: { algorithm, bound, monotone, sameAs: 'accurate' }, accurate: { algorithm, bound, monotone } } as const;
}

/** float32: the fast tier's kernel in float32 lanes (assembly/fast.ts), the accurate tier's in float64 lanes. */
function float32(fast: string, bound: number, accurate: string, accurateBound: number, monotone: boolean) {
  return { fast: { algorithm: fast, bound, monotone: false }, accurate: { algorithm: accurate, bound: accurateBound, monotone } } as const;
}

const sigmoidKernels = {
  float32: {
    fast: { algorithm: 'rr2_p6_div', bound: 3, monotone: false },
    accurate: { algorithm: 'f64_rr1_p7_div', bound: 0.5025, monotone: true },
  },
  float64: {
    fast: { algorithm: 'rr2_p11_div_dc', bound: 2, monotone: false },
    accurate: { algorithm: 'rr2_p11_div_c', bound: 1, monotone: true },
  },
} as const satisfies Kernels;

const derivativeKernels = {
  float32: {
    fast: { algorithm: 'abs_rr2_p6_div', bound: 4, monotone: false },
    accurate: { algorithm: 'f64_abs_rr1_p7_div', bound: 0.5025, monotone: true },
  },
  float64: {
    fast: { algorithm: 'abs_rr2_p11_div_dc', bound: 3, monotone: false },
    accurate: { algorithm: 'abs_rr2_p11_div_c', bound: 1.41, monotone: true },
  },
} as const satisfies Kernels;

/**
 * The logistic sigmoid `1 / (1 + e^-x)`, elementwise.
 *
 * A Float32Array gives a Float32Array, a Float64Array or an array of numbers
 * gives a Float64Array, a number gives a number (float64). With `out` (same
 * type and length as the result; may be `x` itself) the result is written
 * there and `out` is returned. Fast tier: within 3 ULP; `createKernel({
 * precision: 'accurate' })`: within 0.5025 ULP (float32), monotone.
 * `sigmoid(+-0) = 0.5`, `sigmoid(+Inf) = 1`, `sigmoid(-Inf) = 0`; nothing is
 * flushed to 0 while the true value is representable.
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
export const sigmoid = /* @__PURE__ */ define({
  name: 'sigmoid',
  shape: 'unary',
  section: 'sigmoid',
  inputs: ['x'],
  formula: '1 / (1 + e^-x)',
  js: (x) => 1 / (1 + Math.exp(-x)),
  kernels: sigmoidKernels,
  monotone: 1,
  range: [0, 1],
  special: [[0, 0.5], [-0, 0.5], [Infinity, 1], [-Infinity, 0], [NaN, NaN]],
  domain: 'real',
  plot: { id: 'sigmoid', label: 'sigmoid', color: '#307EC7', with: 'sigmoidDerivative' },
  wasm: wasm.sigmoid,
});

/**
 * The derivative of the sigmoid, `s * (1 - s)`, elementwise, computed from x
 * so that it stays accurate in the tails, where `s * (1 - s)` computed from
 * a rounded `s` collapses to 0. Exactly symmetric:
 * `sigmoidDerivative(-x) === sigmoidDerivative(x)`. Fast tier within 4 ULP,
 * accurate tier within 0.5025 ULP (float32). Types as {@link sigmoid}.
 *
 * @example
 * ```ts
 * import { sigmoidDerivative } from 'sigmoid-wasm';
 * sigmoidDerivative(0);                         // 0.25
 * sigmoidDerivative(40);                        // 4.248354255291589e-18 (s * (1 - s) gives 0)
 * sigmoidDerivative(new Float32Array([-1, 1])); // Float32Array [0.19661..., 0.19661...]
 * ```
 */
export const sigmoidDerivative = /* @__PURE__ */ define({
  name: 'sigmoidDerivative',
  shape: 'unary',
  section: 'sigmoid',
  inputs: ['x'],
  formula: 's (1 - s), s = sigmoid(x)',
  js: (x) => {
    const s = 1 / (1 + Math.exp(-x));
    return s * (1 - s);
  },
  kernels: derivativeKernels,
  monotone: 'even',
  symmetry: 'even',
  range: [0, 0.25],
  special: [[0, 0.25], [-0, 0.25], [Infinity, 0], [-Infinity, 0], [NaN, NaN]],
  domain: 'real',
  plot: { id: 'derivative', label: 'derivative', color: '#9621E2' },
  wasm: wasm.sigmoidDerivative,
});

/**
 * The sigmoid and its derivative in one pass over memory; the results are
 * bitwise equal to {@link sigmoid} and {@link sigmoidDerivative}. `value`
 * and `derivative` are optional outputs, as `out` of {@link sigmoid}; they
 * must not overlap each other.
 *
 * @example
 * ```ts
 * import { sigmoidWithDerivative } from 'sigmoid-wasm';
 * const { value, derivative } = sigmoidWithDerivative(new Float32Array([0, 1]));
 * // value: [0.5, 0.7310586], derivative: [0.25, 0.19661193]
 * ```
 */
export const sigmoidWithDerivative = /* @__PURE__ */ define({
  name: 'sigmoidWithDerivative',
  shape: 'pair',
  section: 'sigmoid',
  inputs: ['x'],
  formula: 'sigmoid(x) and sigmoid\'(x)',
  js: (x) => 1 / (1 + Math.exp(-x)),
  js2: (x) => {
    const s = 1 / (1 + Math.exp(-x));
    return s * (1 - s);
  },
  kernels: {
    float32: {
      fast: { algorithm: 'rr2_p6_div', bound: [3, 4], monotone: false },
      accurate: { algorithm: 'f64_rr1_p7_div', bound: [0.5025, 0.5025], monotone: true },
    },
    float64: {
      fast: { algorithm: 'rr2_p11_div_dc', bound: [2, 3], monotone: false },
      accurate: { algorithm: 'rr2_p11_div_c', bound: [1, 1.41], monotone: true },
    },
  },
  special: [[0, 0.5, 0.25], [-0, 0.5, 0.25], [Infinity, 1, 0], [-Infinity, 0, 0], [NaN, NaN, NaN]],
  domain: 'real',
  wasm: wasm.sigmoidWithDerivative,
});

/**
 * The backward step of a sigmoid layer: `dx = dy * y * (1 - y)` from the
 * saved forward output `y` and the incoming gradient `dy` (same type and
 * length). `out` may be `y` or `dy` itself. Within 3 ULP (fast tier: three
 * float32 roundings), 0.5025 ULP (accurate, float32).
 *
 * @example
 * ```ts
 * import { sigmoid, sigmoidBackward } from 'sigmoid-wasm';
 * const y = sigmoid(new Float32Array([0, 2]));
 * const dx = sigmoidBackward(y, new Float32Array([1, 1])); // [0.25, 0.1049...]
 * ```
 */
export const sigmoidBackward = /* @__PURE__ */ define({
  name: 'sigmoidBackward',
  shape: 'binary',
  section: 'sigmoid',
  inputs: ['y', 'dy'],
  formula: 'dy y (1 - y)',
  js: (y, dy) => dy * y * (1 - y),
  kernels: {
    float32: {
      fast: { algorithm: 'f32', bound: 3, monotone: false },
      accurate: { algorithm: 'f64', bound: 0.5025, monotone: false },
    },
    float64: both('f64', 3, false),
  },
  special: [[0.5, 1, 0.25], [0, 1, 0], [1, 1, 0], [0.5, 4, 1], [0.5, -0, -0], [NaN, 1, NaN], [0.5, NaN, NaN]],
  domain: 'output',
  wasm: wasm.sigmoidBackward,
});

// ---- the sigmoid family ------------------------------------------------------------
//
// Both tiers run the same kernels (float32 computed in float64 lanes and
// rounded once; float64 with compensated steps), so these give the same bits
// on every build and engine. Types, `out` and errors as for {@link sigmoid}.

/**
 * The hyperbolic tangent `(e^2x - 1) / (e^2x + 1)`, elementwise; float32
 * within 4 ULP (fast tier) or 1 ULP (accurate), float64 within 2 ULP. Exactly odd (`tanh(-x) === -tanh(x)`,
 * `tanh(-0) = -0`), accurate near 0 (no cancellation); `tanh(+-Inf) = +-1`,
 * NaN gives NaN. Types as {@link sigmoid}.
 *
 * @example
 * ```ts
 * import { tanh } from 'sigmoid-wasm';
 * tanh(0.5);                                    // 0.46211715726000974
 * tanh(-0);                                     // -0
 * tanh(new Float32Array([1, -2]));              // Float32Array [0.7615941762924194, -0.9640275835990906]
 * ```
 */
export const tanh = /* @__PURE__ */ define({
  name: 'tanh',
  shape: 'unary',
  section: 'family',
  inputs: ['x'],
  formula: '(e^2x - 1) / (e^2x + 1)',
  js: (x) => Math.tanh(x),
  kernels: { float32: float32('abs_rr2_p6_expm1_div', 4, 'f64_rr1_p7_div', 1, true), float64: both('rr2_p11_div', 2, true) },
  monotone: 1,
  symmetry: 'odd',
  range: [-1, 1],
  special: [[0, 0], [-0, -0], [Infinity, 1], [-Infinity, -1], [NaN, NaN], [2 ** -40, 2 ** -40], [20, 1], [-20, -1]],
  domain: 'real',
  plot: { id: 'tanh', label: 'tanh', color: '#E8710A', with: 'tanhDerivative' },
  wasm: wasm.tanh,
});

/**
 * The derivative of tanh, `1 - tanh(x)^2`, elementwise, computed from x (not
 * from a rounded tanh, which gives 0 from |x| = 9.01 in float32 and 19.1 in
 * float64): float32 within 4 ULP (fast) or 1 ULP (accurate), float64 within 3 ULP; exactly even, in
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
export const tanhDerivative = /* @__PURE__ */ define({
  name: 'tanhDerivative',
  shape: 'unary',
  section: 'family',
  inputs: ['x'],
  formula: '1 - tanh(x)^2',
  js: (x) => {
    const t = Math.tanh(x);
    return 1 - t * t;
  },
  kernels: { float32: float32('abs_rr2_p6_div', 4, 'f64_abs_rr1_p7_div', 1, false), float64: both('abs_rr2_p11_div', 3, false) },
  monotone: 'even',
  symmetry: 'even',
  range: [0, 1],
  special: [[0, 1], [-0, 1], [Infinity, 0], [-Infinity, 0], [NaN, NaN]],
  domain: 'real',
  plot: { id: 'tanh-derivative', label: 'tanh derivative', color: '#1E9E5A' },
  wasm: wasm.tanhDerivative,
});

/**
 * SiLU (swish), `x * sigmoid(x)`, elementwise; float32 within 4 ULP (fast)
 * or 1 ULP (accurate), float64 within 3 ULP. `silu(-0) = -0`, `silu(-Inf) = -0`, `silu(+Inf) =
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
export const silu = /* @__PURE__ */ define({
  name: 'silu',
  shape: 'unary',
  section: 'family',
  inputs: ['x'],
  formula: 'x sigmoid(x)',
  js: (x) => x / (1 + Math.exp(-x)),
  kernels: { float32: float32('rr2_p6_div', 4, 'f64_rr1_p7_div', 1, false), float64: both('rr2_p11_div', 3, false) },
  special: [[0, 0], [-0, -0], [Infinity, Infinity], [-Infinity, -0], [NaN, NaN]],
  domain: 'real',
  plot: { id: 'silu', label: 'SiLU', color: '#D62728', with: 'siluDerivative' },
  wasm: wasm.silu,
});

/**
 * The derivative of SiLU, `sigmoid(x) (1 + x (1 - sigmoid(x)))`,
 * elementwise; float32 within 4 ULP (fast) or 1 ULP (accurate), float64
 * within 3 ULP, except near its zero at x = -1.2785, where no relative bound
 * can hold (there, for x in [-1.7, -0.8], the absolute error is at most the
 * bound times 2^-24 in float32 and 2^-53 in float64). `siluDerivative(0) = 0.5`, `siluDerivative(+Inf) = 1`,
 * `siluDerivative(-Inf) = -0`. Types as {@link sigmoid}.
 *
 * @example
 * ```ts
 * import { siluDerivative } from 'sigmoid-wasm';
 * siluDerivative(0);                            // 0.5
 * siluDerivative(1);                            // 0.9276705118714867
 * ```
 */
export const siluDerivative = /* @__PURE__ */ define({
  name: 'siluDerivative',
  shape: 'unary',
  section: 'family',
  inputs: ['x'],
  formula: 's (1 + x (1 - s)), s = sigmoid(x)',
  js: (x) => {
    const s = 1 / (1 + Math.exp(-x));
    return s * (1 + x * (1 - s));
  },
  kernels: { float32: float32('rr2_p6_div', 4, 'f64_rr1_p7_div', 1, false), float64: both('rr2_p11_div', 3, false) },
  absolute: [-1.7, -0.8],
  special: [[0, 0.5], [-0, 0.5], [Infinity, 1], [-Infinity, -0], [NaN, NaN]],
  domain: 'real',
  plot: { id: 'silu-derivative', label: 'SiLU derivative', color: '#8C564B' },
  wasm: wasm.siluDerivative,
});

/**
 * Softplus, `log(1 + e^x)`, elementwise; float32 within 4 ULP (fast) or 1 ULP
 * (accurate), float64 within 2 ULP. Finite for every finite x (`Math.log1p(Math.exp(x))` is Infinity
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
export const softplus = /* @__PURE__ */ define({
  name: 'softplus',
  shape: 'unary',
  section: 'family',
  inputs: ['x'],
  formula: 'log(1 + e^x)',
  js: (x) => Math.log1p(Math.exp(x)),
  kernels: {
    float32: float32('abs_rr2_p6_div_log1p', 4, 'f64_abs_rr1_p7_log1p', 1, true),
    float64: both('abs_rr2_p11_log1p', 2, false),
  },
  monotone: 1,
  range: [0, Infinity],
  special: [[0, Math.LN2], [-0, Math.LN2], [Infinity, Infinity], [-Infinity, 0], [NaN, NaN]],
  domain: 'real',
  plot: { id: 'softplus', label: 'softplus', color: '#17BECF' },
  wasm: wasm.softplus,
});

/**
 * The log of the sigmoid, `log(sigmoid(x)) = -softplus(-x)`, elementwise;
 * float32 within 4 ULP (fast) or 1 ULP (accurate), float64 within 2 ULP. Finite for every finite x;
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
export const logSigmoid = /* @__PURE__ */ define({
  name: 'logSigmoid',
  shape: 'unary',
  section: 'family',
  inputs: ['x'],
  formula: 'log(sigmoid(x)) = -softplus(-x)',
  js: (x) => -Math.log1p(Math.exp(-x)),
  kernels: {
    float32: float32('abs_rr2_p6_div_log1p', 4, 'f64_abs_rr1_p7_log1p', 1, true),
    float64: both('abs_rr2_p11_log1p', 2, false),
  },
  monotone: 1,
  range: [-Infinity, 0],
  special: [[0, -Math.LN2], [-0, -Math.LN2], [Infinity, -0], [-Infinity, -Infinity], [NaN, NaN]],
  domain: 'real',
  plot: { id: 'log-sigmoid', label: 'log-sigmoid', color: '#7F7F00' },
  wasm: wasm.logSigmoid,
});

/**
 * The logit, `log(p / (1 - p))`, the inverse of the sigmoid, elementwise;
 * float32 within 4 ULP (fast) or 1 ULP (accurate), float64 within 2 ULP. `logit(0) = logit(-0) = -Inf`,
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
export const logit = /* @__PURE__ */ define({
  name: 'logit',
  shape: 'unary',
  section: 'family',
  inputs: ['p'],
  formula: 'log(p / (1 - p))',
  js: (p) => Math.log(p / (1 - p)),
  kernels: { float32: float32('kexp_div_atanh_p4', 4, 'f64_div_log', 1, true), float64: both('div_c_log', 2, true) },
  monotone: 1,
  special: [[0, -Infinity], [-0, -Infinity], [1, Infinity], [0.5, 0], [-1, NaN], [2, NaN], [Infinity, NaN], [-Infinity, NaN], [NaN, NaN]],
  domain: 'probability',
  plot: { id: 'logit', label: 'logit', color: '#E377C2' },
  wasm: wasm.logit,
});

/**
 * The logistic loss (binary cross-entropy) from logits `x` and targets `y`
 * in [0, 1]: `softplus(x) - x y` per element, computed without overflow or
 * cancellation in the tails (`max(x, 0) - x y + log1p(e^-|x|)`); within 4
 * ULP (float32, fast), 1 ULP (float32, accurate) and 3 ULP (float64), soft
 * targets included. NaN where y is NaN
 * or outside [0, 1].
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
 * @throws {TypeError} for options that are not an object, an unknown key or
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
export const binaryCrossEntropyWithLogits = /* @__PURE__ */ define({
  name: 'binaryCrossEntropyWithLogits',
  shape: 'loss',
  section: 'family',
  inputs: ['x', 'y'],
  formula: 'softplus(x) - x y',
  js: (x, y) => Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x))),
  kernels: { float32: float32('abs_rr2_p6_div_log1p', 4, 'f64_abs_rr1_p7_log1p', 1, false), float64: both('abs_rr2_p11_log1p', 3, false) },
  range: [0, Infinity],
  special: [[0, 0, Math.LN2], [0, 1, Math.LN2], [0, 0.25, Math.LN2], [-0, 0.5, Math.LN2], [0.5, NaN, NaN], [0.5, -0.5, NaN], [0.5, 1.5, NaN], [NaN, 0.5, NaN]],
  domain: 'real',
  targets: [0, 1],
  wasm: wasm.binaryCrossEntropyWithLogits,
});

/**
 * The gradient of {@link binaryCrossEntropyWithLogits} with respect to the
 * logits: `sigmoid(x) - y`, per element, computed as `(1 - y) sigmoid(x) - y
 * sigmoid(-x)` so that it does not cancel to 0 in the tails (in float32,
 * `sigmoid(x) - 1` is 0 from x = 17.33); within 4 ULP (float32, fast), 1 ULP
 * (float32, accurate) and 3 ULP (float64) for targets exactly 0 or 1. NaN where y is NaN or outside
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
export const binaryCrossEntropyWithLogitsGradient = /* @__PURE__ */ define({
  name: 'binaryCrossEntropyWithLogitsGradient',
  shape: 'binary',
  section: 'family',
  inputs: ['x', 'y'],
  formula: 'sigmoid(x) - y',
  js: (x, y) => 1 / (1 + Math.exp(-x)) - y,
  kernels: { float32: float32('abs_rr2_p6_div', 4, 'f64_abs_rr1_p7_div', 1, false), float64: both('abs_rr2_p11_div', 3, false) },
  range: [-1, 1],
  special: [[0, 0.5, 0], [0, 0, 0.5], [0, 1, -0.5], [Infinity, 0, 1], [-Infinity, 1, -1], [-Infinity, 0, 0], [0.5, NaN, NaN], [0.5, 1.5, NaN], [NaN, 0.5, NaN]],
  domain: 'real',
  targets: [0, 1],
  wasm: wasm.binaryCrossEntropyWithLogitsGradient,
});

/**
 * GELU, `x Phi(x) = x/2 erfc(-x/sqrt 2)`, elementwise, Phi the standard normal
 * distribution (PyTorch's `gelu(approximate='none')`); float32 within 4 ULP
 * (fast) or 1 ULP (accurate), float64 within 3 ULP. The left tail keeps its
 * relative accuracy down to where the result underflows (x about -14.2 in
 * float32, -38.6 in float64): x^2/2 is carried exactly and Phi(x) is never
 * formed as 1 + erf (which cancels). `gelu(-0) = -0`, `gelu(-Inf) = -0`,
 * `gelu(+Inf) = +Inf`. Types as {@link sigmoid}.
 *
 * @example
 * ```ts
 * import { gelu } from 'sigmoid-wasm';
 * gelu(1);                                      // 0.841344746068543
 * gelu(-10);                                    // -7.619853024160526e-23
 * gelu(new Float32Array([-1, 0, 1]));           // Float32Array [-0.15865526, 0, 0.8413447]
 * ```
 */
export const gelu = /* @__PURE__ */ define({
  name: 'gelu',
  shape: 'unary',
  section: 'family',
  inputs: ['x'],
  formula: 'x Phi(x) = x/2 erfc(-x/sqrt 2)',
  js: (x) => {
    // erf(x / sqrt 2) by Abramowitz and Stegun 7.1.26 (|error| < 1.5e-7): what a plain JS GELU brings, JS having no Math.erf
    const z = Math.abs(x) * Math.SQRT1_2;
    const t = 1 / (1 + 0.3275911 * z);
    const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
    return 0.5 * x * (1 + (x < 0 ? -erf : erf));
  },
  kernels: { float32: float32('sq2_rr2_p6_f64r45', 4, 'f64_rr1_p7_r67', 1, false), float64: both('erf_fdlibm_sq2_rr2_p11', 3, false) },
  special: [[0, 0], [-0, -0], [Infinity, Infinity], [-Infinity, -0], [NaN, NaN]],
  domain: 'real',
  plot: { id: 'gelu', label: 'GELU', color: '#0B6E4F', with: 'geluDerivative' },
  wasm: wasm.gelu,
});

/**
 * The derivative of GELU, `Phi(x) + x phi(x)` (phi the standard normal
 * density), elementwise, computed from x; float32 within 4 ULP (fast) or 1
 * ULP (accurate), float64 within 3 ULP, except near its zero at x = -0.7518,
 * where no relative bound can hold (there, for x in [-1.4, -0.4], the
 * absolute error is at most the bound times 2^-24 in float32 and 2^-53 in
 * float64: Phi(-|x|) - |x| phi(x) cancels by up to 3x to x = -1.2). `geluDerivative(0) = 0.5`, `geluDerivative(+Inf) = 1`,
 * `geluDerivative(-Inf) = -0` (it approaches 0 from below). Types as {@link sigmoid}.
 *
 * @example
 * ```ts
 * import { geluDerivative } from 'sigmoid-wasm';
 * geluDerivative(0);                            // 0.5
 * geluDerivative(1);                            // 1.0833154705876864
 * ```
 */
export const geluDerivative = /* @__PURE__ */ define({
  name: 'geluDerivative',
  shape: 'unary',
  section: 'family',
  inputs: ['x'],
  formula: 'Phi(x) + x phi(x)',
  js: (x) => {
    const z = Math.abs(x) * Math.SQRT1_2;
    const t = 1 / (1 + 0.3275911 * z);
    const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
    return 0.5 * (1 + (x < 0 ? -erf : erf)) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);
  },
  kernels: { float32: float32('sq2_rr2_p6_f64r45', 4, 'f64_rr1_p7_r67', 1, false), float64: both('erf_fdlibm_sq2_rr2_p11', 3, false) },
  absolute: [-1.4, -0.4],
  special: [[0, 0.5], [-0, 0.5], [Infinity, 1], [-Infinity, -0], [NaN, NaN]],
  domain: 'real',
  plot: { id: 'gelu-derivative', label: 'GELU derivative', color: '#BCBD22' },
  wasm: wasm.geluDerivative,
});

/**
 * GELU's tanh form, `x/2 (1 + tanh(u)) = x sigmoid(2u)`, `u = sqrt(2/pi) (x
 * + 0.044715 x^3)`, elementwise (PyTorch's `gelu(approximate='tanh')`, GPT-2's
 * `gelu_new`), exactly this formula with these constants; float32 within 4
 * ULP (fast) or 1 ULP (accurate), float64 within 3 ULP. 2u is carried in two
 * parts (float64: Dekker products; float32: in float64 lanes), so the left
 * tail keeps its relative accuracy down to where the result underflows (x
 * about -10.6 in float32, -21.9 in float64). `geluTanh(-0) = -0`,
 * `geluTanh(-Inf) = -0`, `geluTanh(+Inf) = +Inf`. Types as {@link sigmoid}.
 *
 * @example
 * ```ts
 * import { geluTanh } from 'sigmoid-wasm';
 * geluTanh(1);                                  // 0.8411919906082767
 * geluTanh(-5);                                 // -2.291796196629506e-7
 * ```
 */
export const geluTanh = /* @__PURE__ */ define({
  name: 'geluTanh',
  shape: 'unary',
  section: 'family',
  inputs: ['x'],
  formula: 'x sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3)',
  js: (x) => 0.5 * x * (1 + Math.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x))),
  kernels: { float32: float32('f64rr_p6_div', 4, 'f64_rr1_p7_div', 1, false), float64: both('dd_rr2_p11_div_c', 3, false) },
  special: [[0, 0], [-0, -0], [Infinity, Infinity], [-Infinity, -0], [NaN, NaN]],
  domain: 'real',
  plot: { id: 'gelu-tanh', label: 'GELU (tanh)', color: '#7F7F7F', with: 'geluTanhDerivative' },
  wasm: wasm.geluTanh,
});

/**
 * The derivative of GELU's tanh form, `s (1 + x v' (1 - s))`, `s =
 * sigmoid(v)`, `v = 2u`, `v' = 2 sqrt(2/pi) (1 + 3 * 0.044715 x^2)`,
 * elementwise, computed from x; float32 within 4 ULP (fast) or 1 ULP
 * (accurate), float64 within 3 ULP, except near its zero at x = -0.7524,
 * where the bound is absolute (for x in [-1.2, -0.4], the bound times 2^-24
 * in float32 and 2^-53 in float64). `geluTanhDerivative(0) = 0.5`,
 * `geluTanhDerivative(+Inf) = 1`, `geluTanhDerivative(-Inf) = -0`. Types as {@link sigmoid}.
 *
 * @example
 * ```ts
 * import { geluTanhDerivative } from 'sigmoid-wasm';
 * geluTanhDerivative(0);                        // 0.5
 * geluTanhDerivative(1);                        // 1.0829640838457826
 * ```
 */
export const geluTanhDerivative = /* @__PURE__ */ define({
  name: 'geluTanhDerivative',
  shape: 'unary',
  section: 'family',
  inputs: ['x'],
  formula: "s (1 + x v' (1 - s)), s = sigmoid(2u)",
  js: (x) => {
    const th = Math.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x));
    return 0.5 * (1 + th) + 0.5 * x * (1 - th * th) * 0.7978845608028654 * (1 + 3 * 0.044715 * x * x);
  },
  kernels: { float32: float32('f64rr_p6_f64div', 4, 'f64_rr1_p7_div', 1, false), float64: both('dd_rr2_p11_div_c', 3, false) },
  absolute: [-1.2, -0.4],
  special: [[0, 0.5], [-0, 0.5], [Infinity, 1], [-Infinity, -0], [NaN, NaN]],
  domain: 'real',
  plot: { id: 'gelu-tanh-derivative', label: 'GELU (tanh) derivative', color: '#C71585' },
  wasm: wasm.geluTanhDerivative,
});

/**
 * Softmax over rows, `e^(x_i - m) / sum_j e^(x_j - m)` (m the row's maximum),
 * each row of `rowLength` elements (default: the whole array) on its own.
 * Float32 within 4 ULP (fast; where it rounds x_i - m once, within (4 +
 * |x_i - m|) ULP) or 1 ULP (accurate, x_i - m exact), float64 within 3 ULP,
 * tiny probabilities (subnormal ones too) included; each row sums to 1
 * within a few ULP whatever its length (float32 rows are summed in float64,
 * float64 rows compensated). A `-Inf` logit gets 0; a row with a NaN, or of
 * `-Inf` only, gives NaN in that row only; the `+Inf` logits of a row share
 * its mass (1/k each). Types as {@link sigmoid}, no numbers; `out` in the
 * options (`x` itself allowed).
 *
 * @throws {TypeError} for an input of another kind, an unknown option, an `out` of another type.
 * @throws {RangeError} when `rowLength` is not a positive integer dividing the length, or `out` has another length.
 * @example
 * ```ts
 * import { softmax } from 'sigmoid-wasm';
 * softmax(new Float32Array([1, 2, 3]));                        // Float32Array [0.09003057, 0.24472848, 0.66524094]
 * softmax(new Float64Array([0, 0, 1, 1]), { rowLength: 2 });   // Float64Array [0.5, 0.5, 0.5, 0.5]
 * ```
 */
export const softmax = /* @__PURE__ */ define({
  name: 'softmax',
  shape: 'rows',
  section: 'softmax',
  inputs: ['x'],
  formula: 'e^(x_i - m) / sum_j e^(x_j - m), m = max_j x_j, per row',
  kernels: { float32: float32('rr2_p6_sum64', 4, 'f64_rr1_p7_div', 1, false), float64: both('dd_rr2_p11_sumc_div', 3, false) },
  special: [],
  domain: 'real',
  wasm: wasm.softmax,
});

/**
 * Log-softmax over rows, `(x_i - m) - log sum_j e^(x_j - m)`: two terms of one
 * sign (x_i minus the log-sum-exp would cancel near it), log S taken as
 * log1p(S - 1) so a dominant logit's log-probability keeps its digits
 * (`logSoftmax([0, 90])[1]` is -8.19e-40, not 0). float32 within 1 ULP (both
 * tiers run the accurate kernel: a dominant logit's log-probability is -(S - 1),
 * which a float32 sum would carry every other element's rounding into),
 * float64 within 3 ULP; `-Inf` gives `-Inf`, the `+Inf` logits `-log k`.
 *
 * @example
 * ```ts
 * import { logSoftmax } from 'sigmoid-wasm';
 * logSoftmax(new Float64Array([0, 90]));        // Float64Array [-90, -8.194012623990515e-40]
 * ```
 */
export const logSoftmax = /* @__PURE__ */ define({
  name: 'logSoftmax',
  shape: 'rows',
  section: 'softmax',
  inputs: ['x'],
  formula: '(x_i - m) - log sum_j e^(x_j - m), per row',
  kernels: { float32: both('f64_rr1_p7_log1p', 1, false), float64: both('dd_rr2_p11_sumc_log1p', 3, false) },
  special: [],
  domain: 'real',
  wasm: wasm.logSoftmax,
});

/**
 * The softmax's backward step over rows: `dx_i = y_i (dy_i - sum_j dy_j y_j)`,
 * from the saved output `y` and the gradient `dy` (same type and length).
 * float32: the sum of products in float64 (exact products), each result
 * rounded once (within 1 ULP where dy_i - sum does not cancel); float64:
 * compensated (within 3 ULP likewise). Both tiers run the same kernel.
 *
 * @example
 * ```ts
 * import { softmax, softmaxBackward } from 'sigmoid-wasm';
 * const y = softmax(new Float32Array([1, 2, 3]));
 * softmaxBackward(y, new Float32Array([1, 0, 0]));   // Float32Array [0.0819..., -0.0220..., -0.0598...]
 * ```
 */
export const softmaxBackward = /* @__PURE__ */ define({
  name: 'softmaxBackward',
  shape: 'rowsBinary',
  section: 'softmax',
  inputs: ['y', 'dy'],
  formula: 'y_i (dy_i - sum_j dy_j y_j), per row',
  kernels: { float32: both('f64_dot', 1, false), float64: both('dot2_c', 3, false) },
  special: [],
  domain: 'output',
  wasm: wasm.softmaxBackward,
});

/**
 * The softmax cross-entropy from logits, per row: `-sum_i t_i logSoftmax(x)_i
 * = sum_i t_i ((m - x_i) + log S)`, with targets `t` either probabilities of
 * the logits' type and length or a class index per row (an `Int32Array` or
 * `Uint32Array`: the loss `(m - x_c) + log S`). Terms are non-negative (no
 * cancellation); a target of 0 costs nothing, even against a `-Inf` logit.
 * `reduction`: `'none'` (default; one loss per row), `'sum'`, `'mean'` (over
 * rows). A target outside [0, 1] or NaN gives NaN for its row. float32 within
 * 1 ULP, float64 within 3 ULP (both tiers run the same kernel).
 *
 * @throws {RangeError} for a class index outside [0, rowLength), or one count that is not the number of rows.
 * @example
 * ```ts
 * import { softmaxCrossEntropyWithLogits } from 'sigmoid-wasm';
 * const logits = new Float32Array([2, 1, 0, 0, 1, 2]);
 * softmaxCrossEntropyWithLogits(logits, Int32Array.of(0, 2), { rowLength: 3 });   // Float32Array [0.40760595, 0.40760595]
 * softmaxCrossEntropyWithLogits(logits, Int32Array.of(0, 2), { rowLength: 3, reduction: 'mean' }); // 0.40760595...
 * ```
 */
export const softmaxCrossEntropyWithLogits = /* @__PURE__ */ define({
  name: 'softmaxCrossEntropyWithLogits',
  shape: 'rowsLoss',
  section: 'softmax',
  inputs: ['logits', 'targets'],
  formula: 'sum_i t_i ((m - x_i) + log sum_j e^(x_j - m)), per row',
  kernels: { float32: both('f64_log1p_sum', 1, false), float64: both('dd_log1p_sumc', 3, false) },
  special: [],
  domain: 'real',
  classes: true,
  wasm: wasm.softmaxCrossEntropyWithLogits,
});

/**
 * The gradient of {@link softmaxCrossEntropyWithLogits} with respect to the
 * logits, per element: `softmax(x)_i - t_i` (class indices: `t` one-hot).
 * float32: the softmax in float64, minus the target, rounded once; float64:
 * the softmax within 3 ULP, minus the target. Where they cancel (`softmax
 * ~ t`) the error is bounded by the bound times 2^-p of the softmax value.
 * Both tiers run the same kernel.
 *
 * @example
 * ```ts
 * import { softmaxCrossEntropyWithLogitsGradient } from 'sigmoid-wasm';
 * softmaxCrossEntropyWithLogitsGradient(new Float32Array([2, 1, 0]), Int32Array.of(0)); // Float32Array [-0.33475906, 0.24472848, 0.09003057]
 * ```
 */
export const softmaxCrossEntropyWithLogitsGradient = /* @__PURE__ */ define({
  name: 'softmaxCrossEntropyWithLogitsGradient',
  shape: 'rowsTargets',
  section: 'softmax',
  inputs: ['logits', 'targets'],
  formula: 'softmax(x)_i - t_i, per row',
  kernels: { float32: both('f64_rr1_p7_div', 1, false), float64: both('dd_rr2_p11_sumc_div', 3, false) },
  special: [],
  domain: 'real',
  classes: true,
  wasm: wasm.softmaxCrossEntropyWithLogitsGradient,
});
