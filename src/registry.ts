/**
 * The kernel registry: every kernel the wasm modules export, listed once.
 * The loader dispatches from it, and the tests and the benchmarks loop over
 * it, so a new kernel is one line here.
 *
 * Names follow XNNPACK's grammar: type, operation, then the algorithm
 * (f64: evaluated in float64 lanes and rounded once; abs: from |x|;
 * rr1/rr2: one- or two-step range reduction; p7/p11: polynomial degree;
 * div: one division; c: compensated roundings and division remainder; see
 * assembly/sigmoid.ts).
 */

/** Element type of an array. */
export type DType = 'float32' | 'float64';

/** What a kernel computes. */
export type Op = 'sigmoid' | 'derivative' | 'sigmoidWithDerivative' | 'backward';

/** One exported kernel: `inputs` arrays in, `outputs` arrays out, then a length. */
export interface KernelEntry {
  readonly name: string;
  readonly op: Op;
  readonly dtype: DType;
  /** The wasm export. */
  readonly symbol: KernelSymbol;
  readonly inputs: 1 | 2;
  readonly outputs: 1 | 2;
}

/** The two builds of the same source (asconfig.json). */
export interface BuildEntry {
  readonly name: 'simd' | 'scalar';
  readonly simd: boolean;
}

export type KernelSymbol =
  | 'f32_sigmoid' | 'f32_derivative' | 'f32_sigmoid_derivative' | 'f32_backward'
  | 'f64_sigmoid' | 'f64_derivative' | 'f64_sigmoid_derivative' | 'f64_backward';

export const KERNELS: readonly KernelEntry[] = [
  { name: 'f32_vsigmoid__f64_rr1_p7_div', op: 'sigmoid', dtype: 'float32', symbol: 'f32_sigmoid', inputs: 1, outputs: 1 },
  { name: 'f32_vsigmoidgrad__f64_abs_rr1_p7_div', op: 'derivative', dtype: 'float32', symbol: 'f32_derivative', inputs: 1, outputs: 1 },
  { name: 'f32_vsigmoid_and_grad__f64_rr1_p7_div', op: 'sigmoidWithDerivative', dtype: 'float32', symbol: 'f32_sigmoid_derivative', inputs: 1, outputs: 2 },
  { name: 'f32_vsigmoid_backward', op: 'backward', dtype: 'float32', symbol: 'f32_backward', inputs: 2, outputs: 1 },
  { name: 'f64_vsigmoid__rr2_p11_div_c', op: 'sigmoid', dtype: 'float64', symbol: 'f64_sigmoid', inputs: 1, outputs: 1 },
  { name: 'f64_vsigmoidgrad__rr2_p11_div_c', op: 'derivative', dtype: 'float64', symbol: 'f64_derivative', inputs: 1, outputs: 1 },
  { name: 'f64_vsigmoid_and_grad__rr2_p11_div_c', op: 'sigmoidWithDerivative', dtype: 'float64', symbol: 'f64_sigmoid_derivative', inputs: 1, outputs: 2 },
  { name: 'f64_vsigmoid_backward', op: 'backward', dtype: 'float64', symbol: 'f64_backward', inputs: 2, outputs: 1 },
];

export const BUILDS: readonly BuildEntry[] = [
  { name: 'simd', simd: true },
  { name: 'scalar', simd: false },
];

/** op -> dtype -> entry, built once: the look-up is on every call's path. */
const TABLE = {} as Record<Op, Record<DType, KernelEntry>>;
for (const k of KERNELS) (TABLE[k.op] ??= {} as Record<DType, KernelEntry>)[k.dtype] = k;

/** The registry entry for an operation and element type. */
export function kernelFor(op: Op, dtype: DType): KernelEntry {
  const entry = TABLE[op]?.[dtype];
  if (entry === undefined) throw new Error(`no kernel for ${op} ${dtype}`);
  return entry;
}
