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
 * division's remainder (assembly/sigmoid.ts, assembly/fast.ts); log1p: a
 * logarithm of 1 + e evaluated without forming 1 + e.
 *
 * Two lists: KERNELS, the sigmoid's kernels (per tier), and FAMILY_KERNELS,
 * the sigmoid family (tanh, SiLU, softplus, log-sigmoid, logit, the logistic
 * loss and its gradient). The family is tier-independent: each of its kernels
 * is written once in FAMILY below (one bound a line) and listed for both
 * tiers, with the same symbol, so that kernelFor(precision, op, dtype) works
 * for every op of either tier. ALL_KERNELS is both lists.
 */

/** Element type of an array. */
export type DType = 'float32' | 'float64';

/** What a kernel of the sigmoid itself computes (KERNELS). */
export type SigmoidOp = 'sigmoid' | 'derivative' | 'sigmoidWithDerivative' | 'backward';

/**
 * What a kernel of the sigmoid family computes (FAMILY_KERNELS): the name of
 * the function that runs it. The two loss ops take two inputs (logits x and
 * targets y); the others one.
 */
export type FamilyOp =
  | 'tanh'
  | 'tanhDerivative'
  | 'silu'
  | 'siluDerivative'
  | 'softplus'
  | 'logSigmoid'
  | 'logit'
  | 'binaryCrossEntropyWithLogits'
  | 'binaryCrossEntropyWithLogitsGradient';

/** What a kernel computes. */
export type Op = SigmoidOp | FamilyOp;

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
  /**
   * Whether the curve is promised monotone: non-decreasing sigmoid,
   * derivative non-increasing in |x|; for the family, non-decreasing (tanh,
   * softplus, logSigmoid, logit).
   */
  readonly monotone: boolean;
  /**
   * True when both tiers run this very kernel (the same symbol, the same
   * bits): the whole sigmoid family, and the float64 backward step.
   */
  readonly tierIndependent: boolean;
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
  | 'f64_sigmoid_fast' | 'f64_derivative_fast' | 'f64_sigmoid_derivative_fast'
  | FamilySymbol;

/** The family's wasm exports (assembly/family.ts): one per op and type, for both tiers. */
export type FamilySymbol =
  | 'f32_tanh' | 'f64_tanh' | 'f32_tanh_derivative' | 'f64_tanh_derivative'
  | 'f32_silu' | 'f64_silu' | 'f32_silu_derivative' | 'f64_silu_derivative'
  | 'f32_softplus' | 'f64_softplus' | 'f32_log_sigmoid' | 'f64_log_sigmoid'
  | 'f32_logit' | 'f64_logit'
  | 'f32_bce_logits' | 'f64_bce_logits' | 'f32_bce_logits_grad' | 'f64_bce_logits_grad';

const A = 'accurate';
const F = 'fast';
export const KERNELS: readonly KernelEntry[] = [
  // accurate tier
  { name: 'f32_vsigmoid__f64_rr1_p7_div_u05', op: 'sigmoid', dtype: 'float32', precision: A, symbol: 'f32_sigmoid', inputs: 1, outputs: 1, bound: [0.5025], monotone: true, tierIndependent: false },
  { name: 'f32_vsigmoidgrad__f64_abs_rr1_p7_div_u05', op: 'derivative', dtype: 'float32', precision: A, symbol: 'f32_derivative', inputs: 1, outputs: 1, bound: [0.5025], monotone: true, tierIndependent: false },
  { name: 'f32_vsigmoid_and_grad__f64_rr1_p7_div_u05', op: 'sigmoidWithDerivative', dtype: 'float32', precision: A, symbol: 'f32_sigmoid_derivative', inputs: 1, outputs: 2, bound: [0.5025, 0.5025], monotone: true, tierIndependent: false },
  { name: 'f32_vsigmoid_backward__f64_u05', op: 'backward', dtype: 'float32', precision: A, symbol: 'f32_backward', inputs: 2, outputs: 1, bound: [0.5025], monotone: false, tierIndependent: false },
  { name: 'f64_vsigmoid__rr2_p11_div_c_u10', op: 'sigmoid', dtype: 'float64', precision: A, symbol: 'f64_sigmoid', inputs: 1, outputs: 1, bound: [1.0], monotone: true, tierIndependent: false },
  { name: 'f64_vsigmoidgrad__rr2_p11_div_c_u14', op: 'derivative', dtype: 'float64', precision: A, symbol: 'f64_derivative', inputs: 1, outputs: 1, bound: [1.41], monotone: true, tierIndependent: false },
  { name: 'f64_vsigmoid_and_grad__rr2_p11_div_c_u14', op: 'sigmoidWithDerivative', dtype: 'float64', precision: A, symbol: 'f64_sigmoid_derivative', inputs: 1, outputs: 2, bound: [1.0, 1.41], monotone: true, tierIndependent: false },
  { name: 'f64_vsigmoid_backward_u30', op: 'backward', dtype: 'float64', precision: A, symbol: 'f64_backward', inputs: 2, outputs: 1, bound: [3], monotone: false, tierIndependent: true },
  // fast tier
  { name: 'f32_vsigmoid__rr2_p6_div_dc_u20', op: 'sigmoid', dtype: 'float32', precision: F, symbol: 'f32_sigmoid_fast', inputs: 1, outputs: 1, bound: [2], monotone: false, tierIndependent: false },
  { name: 'f32_vsigmoidgrad__rr2_p6_div_dc_u30', op: 'derivative', dtype: 'float32', precision: F, symbol: 'f32_derivative_fast', inputs: 1, outputs: 1, bound: [3], monotone: false, tierIndependent: false },
  { name: 'f32_vsigmoid_and_grad__rr2_p6_div_dc_u30', op: 'sigmoidWithDerivative', dtype: 'float32', precision: F, symbol: 'f32_sigmoid_derivative_fast', inputs: 1, outputs: 2, bound: [2, 3], monotone: false, tierIndependent: false },
  { name: 'f32_vsigmoid_backward__f32_u30', op: 'backward', dtype: 'float32', precision: F, symbol: 'f32_backward_fast', inputs: 2, outputs: 1, bound: [3], monotone: false, tierIndependent: false },
  { name: 'f64_vsigmoid__rr2_p11_div_dc_u20', op: 'sigmoid', dtype: 'float64', precision: F, symbol: 'f64_sigmoid_fast', inputs: 1, outputs: 1, bound: [2], monotone: false, tierIndependent: false },
  { name: 'f64_vsigmoidgrad__rr2_p11_div_dc_u30', op: 'derivative', dtype: 'float64', precision: F, symbol: 'f64_derivative_fast', inputs: 1, outputs: 1, bound: [3], monotone: false, tierIndependent: false },
  { name: 'f64_vsigmoid_and_grad__rr2_p11_div_dc_u30', op: 'sigmoidWithDerivative', dtype: 'float64', precision: F, symbol: 'f64_sigmoid_derivative_fast', inputs: 1, outputs: 2, bound: [2, 3], monotone: false, tierIndependent: false },
  { name: 'f64_vsigmoid_backward_u30', op: 'backward', dtype: 'float64', precision: F, symbol: 'f64_backward', inputs: 2, outputs: 1, bound: [3], monotone: false, tierIndependent: true },
];

/** One family kernel, before it is listed for both tiers. */
interface FamilyKernel {
  readonly name: string;
  readonly op: FamilyOp;
  readonly dtype: DType;
  readonly symbol: FamilySymbol;
  readonly inputs: 1 | 2;
  /** Max error in ULPs of the result type (see KernelEntry.bound). */
  readonly bound: number;
  readonly monotone: boolean;
}

/**
 * The sigmoid family, tier-independent (both tiers run these symbols). The
 * float32 kernels compute in float64 lanes and round once (every float32
 * input measured within 0.507 ULP: ACCURACY.md). The loss is computed as two
 * non-negative terms (x (1 - y) or -x y, and log1p(e^-|x|)), so its bound
 * holds for soft targets too. The gradient's bound is for y exactly 0 or 1;
 * for soft targets sigmoid(x) - y cancels where sigmoid(x) is near y (the
 * function's own conditioning), and its error is bounded in units of ULP(g)
 * + 2^-p ((1 - y) sigmoid(x) + y sigmoid(-x)) instead (ACCURACY.md).
 * Order: float64 softplus and logSigmoid are not promised monotone: within
 * their 2 ULP they step back by an ULP where consecutive inputs share a value
 * (verify:f64's dense walks found 20,062 and 2,301 such steps); their float32
 * kernels, and tanh and logit in both types, showed none.
 */
const FAMILY: readonly FamilyKernel[] = [
  { name: 'f32_vtanh__f64_rr1_p7_div_u10', op: 'tanh', dtype: 'float32', symbol: 'f32_tanh', inputs: 1, bound: 1.0, monotone: true },
  { name: 'f32_vtanhgrad__f64_abs_rr1_p7_div_u10', op: 'tanhDerivative', dtype: 'float32', symbol: 'f32_tanh_derivative', inputs: 1, bound: 1.0, monotone: false },
  { name: 'f32_vsilu__f64_rr1_p7_div_u10', op: 'silu', dtype: 'float32', symbol: 'f32_silu', inputs: 1, bound: 1.0, monotone: false },
  { name: 'f32_vsilugrad__f64_rr1_p7_div_u10', op: 'siluDerivative', dtype: 'float32', symbol: 'f32_silu_derivative', inputs: 1, bound: 1.0, monotone: false },
  { name: 'f32_vsoftplus__f64_abs_rr1_p7_log1p_u10', op: 'softplus', dtype: 'float32', symbol: 'f32_softplus', inputs: 1, bound: 1.0, monotone: true },
  { name: 'f32_vlogsigmoid__f64_abs_rr1_p7_log1p_u10', op: 'logSigmoid', dtype: 'float32', symbol: 'f32_log_sigmoid', inputs: 1, bound: 1.0, monotone: true },
  { name: 'f32_vlogit__f64_div_log_u10', op: 'logit', dtype: 'float32', symbol: 'f32_logit', inputs: 1, bound: 1.0, monotone: true },
  { name: 'f32_vbce_logits__f64_abs_rr1_p7_log1p_u10', op: 'binaryCrossEntropyWithLogits', dtype: 'float32', symbol: 'f32_bce_logits', inputs: 2, bound: 1.0, monotone: false },
  { name: 'f32_vbce_logits_grad__f64_abs_rr1_p7_div_u10', op: 'binaryCrossEntropyWithLogitsGradient', dtype: 'float32', symbol: 'f32_bce_logits_grad', inputs: 2, bound: 1.0, monotone: false },
  { name: 'f64_vtanh__rr2_p11_div_u20', op: 'tanh', dtype: 'float64', symbol: 'f64_tanh', inputs: 1, bound: 2, monotone: true },
  { name: 'f64_vtanhgrad__abs_rr2_p11_div_u30', op: 'tanhDerivative', dtype: 'float64', symbol: 'f64_tanh_derivative', inputs: 1, bound: 3, monotone: false },
  { name: 'f64_vsilu__rr2_p11_div_u30', op: 'silu', dtype: 'float64', symbol: 'f64_silu', inputs: 1, bound: 3, monotone: false },
  { name: 'f64_vsilugrad__rr2_p11_div_u30', op: 'siluDerivative', dtype: 'float64', symbol: 'f64_silu_derivative', inputs: 1, bound: 3, monotone: false },
  { name: 'f64_vsoftplus__abs_rr2_p11_log1p_u20', op: 'softplus', dtype: 'float64', symbol: 'f64_softplus', inputs: 1, bound: 2, monotone: false },
  { name: 'f64_vlogsigmoid__abs_rr2_p11_log1p_u20', op: 'logSigmoid', dtype: 'float64', symbol: 'f64_log_sigmoid', inputs: 1, bound: 2, monotone: false },
  { name: 'f64_vlogit__div_c_log_u20', op: 'logit', dtype: 'float64', symbol: 'f64_logit', inputs: 1, bound: 2, monotone: true },
  { name: 'f64_vbce_logits__abs_rr2_p11_log1p_u30', op: 'binaryCrossEntropyWithLogits', dtype: 'float64', symbol: 'f64_bce_logits', inputs: 2, bound: 3, monotone: false },
  { name: 'f64_vbce_logits_grad__abs_rr2_p11_div_u30', op: 'binaryCrossEntropyWithLogitsGradient', dtype: 'float64', symbol: 'f64_bce_logits_grad', inputs: 2, bound: 3, monotone: false },
];

/** The family's ops, in the order of FAMILY (the two losses last: inputs 2). */
export const FAMILY_OPS: readonly FamilyOp[] = [...new Set(FAMILY.map((k) => k.op))];

/**
 * The family's kernels, each listed for both tiers (precision 'fast', then
 * 'accurate', the same symbol): FAMILY_KERNELS.filter((e) => e.precision ===
 * 'fast') holds each kernel once.
 */
export const FAMILY_KERNELS: readonly KernelEntry[] = (['fast', 'accurate'] as const).flatMap((precision) =>
  FAMILY.map((k): KernelEntry => ({ ...k, precision, outputs: 1, bound: [k.bound], tierIndependent: true })),
);

/** Every kernel of both lists. */
export const ALL_KERNELS: readonly KernelEntry[] = [...KERNELS, ...FAMILY_KERNELS];

export const BUILDS: readonly BuildEntry[] = [
  { name: 'simd', simd: true, relaxed: false },
  { name: 'scalar', simd: false, relaxed: false },
  { name: 'relaxed', simd: true, relaxed: true },
];

export const PRECISIONS: readonly Precision[] = ['fast', 'accurate'];

/** precision -> op -> dtype -> entry, built once: the look-up is on every call's path. */
const TABLE = {} as Record<Precision, Record<Op, Record<DType, KernelEntry>>>;
for (const k of ALL_KERNELS) ((TABLE[k.precision] ??= {} as Record<Op, Record<DType, KernelEntry>>)[k.op] ??= {} as Record<DType, KernelEntry>)[k.dtype] = k;

/** The registry entry for a tier, an operation and an element type. */
export function kernelFor(precision: Precision, op: Op, dtype: DType): KernelEntry {
  const entry = TABLE[precision]?.[op]?.[dtype];
  if (entry === undefined) throw new Error(`no kernel for ${precision} ${op} ${dtype}`);
  return entry;
}
