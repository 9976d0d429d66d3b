/**
 * The kernel registry: every kernel the wasm modules export, listed once.
 * The loader dispatches from it, and the tests and the benchmarks loop over
 * it (reading each kernel's bound from here), so a new kernel is one line.
 *
 * Names follow XNNPACK's grammar: type, operation, then the algorithm, and
 * end with the bound as SLEEF does (u05: within 0.5 ULP and a hair, u20: 2.0
 * ULP, u30: 3.0, u14: 1.41). Algorithm parts: f64: evaluated in float64 lanes
 * and rounded once; abs: from |x|; rr1/rr2: one- or two-step range
 * reduction; p6/p7/p11: polynomial degree; div: one division; dc: the
 * divisor's rounding compensated; c: compensated roundings and the
 * division's remainder (assembly/sigmoid.ts, assembly/fast.ts).
 */

/** Element type of an array. */
export type DType = 'float32' | 'float64';

/** What a kernel computes. */
export type Op = 'sigmoid' | 'derivative' | 'sigmoidWithDerivative' | 'backward';

/**
 * The precision tiers. 'fast' (the default): float32 computed in float32,
 * within 2 ULP (sigmoid) and 3 ULP (derivative); 'accurate': float32
 * correctly rounded but within 2^-20 ULP of a tie (0.5024 ULP measured),
 * monotone, float64 within 1 and 1.41 ULP.
 */
export type Precision = 'fast' | 'accurate';

/** One exported kernel: `inputs` arrays in, `outputs` arrays out, then a length. */
export interface KernelEntry {
  readonly name: string;
  readonly op: Op;
  readonly dtype: DType;
  readonly precision: Precision;
  /** The wasm export. */
  readonly symbol: KernelSymbol;
  readonly inputs: 1 | 2;
  readonly outputs: 1 | 2;
  /**
   * The contract: max error in ULPs of the result type against the exact
   * value (for sigmoidWithDerivative: the value's, then the derivative's).
   * Checked on every float32 input by verify:f32, on the mpmath set by
   * verify:f64, and on the fixtures by the tests. The backward steps have two
   * inputs, so no sweep: three roundings (float64 backward, fast float32
   * backward) are within 3 ULP by construction ((1 + 2^-p)^3 - 1 < 3 2^-p
   * relative), checked against exact products in the tests.
   */
  readonly bound: readonly [number] | readonly [number, number];
  /** Whether the curve is promised monotone (non-decreasing sigmoid, derivative non-increasing in |x|). */
  readonly monotone: boolean;
}

/** The builds of the same source (asconfig.json). */
export interface BuildEntry {
  readonly name: 'simd' | 'scalar' | 'relaxed';
  readonly simd: boolean;
  /** Relaxed SIMD (fused multiply-add where the hardware has it): the fast tier's float32 kernels differ there. */
  readonly relaxed: boolean;
}

export type KernelSymbol =
  | 'f32_sigmoid' | 'f32_derivative' | 'f32_sigmoid_derivative' | 'f32_backward'
  | 'f64_sigmoid' | 'f64_derivative' | 'f64_sigmoid_derivative' | 'f64_backward'
  | 'f32_sigmoid_fast' | 'f32_derivative_fast' | 'f32_sigmoid_derivative_fast' | 'f32_backward_fast'
  | 'f64_sigmoid_fast' | 'f64_derivative_fast' | 'f64_sigmoid_derivative_fast';

const A = 'accurate';
const F = 'fast';
export const KERNELS: readonly KernelEntry[] = [
  // accurate tier
  { name: 'f32_vsigmoid__f64_rr1_p7_div_u05', op: 'sigmoid', dtype: 'float32', precision: A, symbol: 'f32_sigmoid', inputs: 1, outputs: 1, bound: [0.5025], monotone: true },
  { name: 'f32_vsigmoidgrad__f64_abs_rr1_p7_div_u05', op: 'derivative', dtype: 'float32', precision: A, symbol: 'f32_derivative', inputs: 1, outputs: 1, bound: [0.5025], monotone: true },
  { name: 'f32_vsigmoid_and_grad__f64_rr1_p7_div_u05', op: 'sigmoidWithDerivative', dtype: 'float32', precision: A, symbol: 'f32_sigmoid_derivative', inputs: 1, outputs: 2, bound: [0.5025, 0.5025], monotone: true },
  { name: 'f32_vsigmoid_backward__f64_u05', op: 'backward', dtype: 'float32', precision: A, symbol: 'f32_backward', inputs: 2, outputs: 1, bound: [0.5025], monotone: false },
  { name: 'f64_vsigmoid__rr2_p11_div_c_u10', op: 'sigmoid', dtype: 'float64', precision: A, symbol: 'f64_sigmoid', inputs: 1, outputs: 1, bound: [1.0], monotone: true },
  { name: 'f64_vsigmoidgrad__rr2_p11_div_c_u14', op: 'derivative', dtype: 'float64', precision: A, symbol: 'f64_derivative', inputs: 1, outputs: 1, bound: [1.41], monotone: true },
  { name: 'f64_vsigmoid_and_grad__rr2_p11_div_c_u14', op: 'sigmoidWithDerivative', dtype: 'float64', precision: A, symbol: 'f64_sigmoid_derivative', inputs: 1, outputs: 2, bound: [1.0, 1.41], monotone: true },
  { name: 'f64_vsigmoid_backward_u30', op: 'backward', dtype: 'float64', precision: A, symbol: 'f64_backward', inputs: 2, outputs: 1, bound: [3], monotone: false },
  // fast tier
  { name: 'f32_vsigmoid__rr2_p6_div_dc_u20', op: 'sigmoid', dtype: 'float32', precision: F, symbol: 'f32_sigmoid_fast', inputs: 1, outputs: 1, bound: [2], monotone: false },
  { name: 'f32_vsigmoidgrad__rr2_p6_div_dc_u30', op: 'derivative', dtype: 'float32', precision: F, symbol: 'f32_derivative_fast', inputs: 1, outputs: 1, bound: [3], monotone: false },
  { name: 'f32_vsigmoid_and_grad__rr2_p6_div_dc_u30', op: 'sigmoidWithDerivative', dtype: 'float32', precision: F, symbol: 'f32_sigmoid_derivative_fast', inputs: 1, outputs: 2, bound: [2, 3], monotone: false },
  { name: 'f32_vsigmoid_backward__f32_u30', op: 'backward', dtype: 'float32', precision: F, symbol: 'f32_backward_fast', inputs: 2, outputs: 1, bound: [3], monotone: false },
  { name: 'f64_vsigmoid__rr2_p11_div_dc_u20', op: 'sigmoid', dtype: 'float64', precision: F, symbol: 'f64_sigmoid_fast', inputs: 1, outputs: 1, bound: [2], monotone: false },
  { name: 'f64_vsigmoidgrad__rr2_p11_div_dc_u30', op: 'derivative', dtype: 'float64', precision: F, symbol: 'f64_derivative_fast', inputs: 1, outputs: 1, bound: [3], monotone: false },
  { name: 'f64_vsigmoid_and_grad__rr2_p11_div_dc_u30', op: 'sigmoidWithDerivative', dtype: 'float64', precision: F, symbol: 'f64_sigmoid_derivative_fast', inputs: 1, outputs: 2, bound: [2, 3], monotone: false },
  { name: 'f64_vsigmoid_backward_u30', op: 'backward', dtype: 'float64', precision: F, symbol: 'f64_backward', inputs: 2, outputs: 1, bound: [3], monotone: false },
];

export const BUILDS: readonly BuildEntry[] = [
  { name: 'simd', simd: true, relaxed: false },
  { name: 'scalar', simd: false, relaxed: false },
  { name: 'relaxed', simd: true, relaxed: true },
];

export const PRECISIONS: readonly Precision[] = ['fast', 'accurate'];

/** precision -> op -> dtype -> entry, built once: the look-up is on every call's path. */
const TABLE = {} as Record<Precision, Record<Op, Record<DType, KernelEntry>>>;
for (const k of KERNELS) ((TABLE[k.precision] ??= {} as Record<Op, Record<DType, KernelEntry>>)[k.op] ??= {} as Record<DType, KernelEntry>)[k.dtype] = k;

/** The registry entry for a tier, an operation and an element type. */
export function kernelFor(precision: Precision, op: Op, dtype: DType): KernelEntry {
  const entry = TABLE[precision]?.[op]?.[dtype];
  if (entry === undefined) throw new Error(`no kernel for ${precision} ${op} ${dtype}`);
  return entry;
}
