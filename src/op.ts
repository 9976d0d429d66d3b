/**
 * What an entry of the table of operations (./ops.ts) says about its
 * function, and how an entry becomes that function.
 *
 * Everything else is made from the entries: the top-level functions (each
 * entry is one), the methods of a Kernel and of a Pool and their types
 * (./types.ts maps the entries' shapes to signatures), the CLI's `--fn`
 * list, the plot, the benchmark tasks, the accuracy sweeps' list and bounds,
 * and the generic tests. A new function is its kernel (assembly/ops/<name>.ts),
 * its entry, its reference (./reference.ts) and its docs row.
 */
import type { ModuleBytes } from './wasm.js';

/** Element type of an array. */
export type DType = 'float32' | 'float64';

/**
 * The precision tiers. 'fast' (the default): float32 computed in float32
 * lanes, within a few ULP; 'accurate': within half an ULP (and a hair) for
 * float32, monotone where the function is, the same bits on every engine.
 */
export type Precision = 'fast' | 'accurate';

export const DTYPES: readonly DType[] = ['float32', 'float64'];
export const PRECISIONS: readonly Precision[] = ['fast', 'accurate'];

/**
 * How a function takes its operands:
 * - `unary`: `f(x, out?)`, one result per element;
 * - `pair`: `f(x, value?, derivative?)`, two results per element, returned as
 *   `{ value, derivative }` (the sigmoid and its derivative in one pass);
 * - `binary`: `f(a, b, out?)`, two inputs of the same type and length, one
 *   result per element;
 * - `loss`: `f(x, y, { reduction, out })`, a binary function whose results can
 *   be summed or averaged instead (`reduction: 'sum' | 'mean'`);
 * - `rows`: `f(x, { rowLength, out })`, each row of `rowLength` elements (the
 *   whole array by default) computed on its own (softmax);
 * - `rowsBinary`: `f(y, dy, { rowLength, out })`, two arrays of the same type
 *   and length, by rows (the softmax's backward step);
 * - `rowsLoss`: `f(logits, targets, { rowLength, reduction, out })`, one value
 *   per row, or their sum or mean; targets are probabilities of the logits'
 *   type and length or a class index per row (Int32Array or Uint32Array);
 * - `rowsTargets`: `f(logits, targets, { rowLength, out })`, targets as for
 *   `rowsLoss`, one result per element (the loss's gradient).
 */
export type Shape = 'unary' | 'pair' | 'binary' | 'loss' | 'rows' | 'rowsBinary' | 'rowsLoss' | 'rowsTargets';

/** The shapes that work on rows (the others are elementwise). */
export const ROW_SHAPES: readonly Shape[] = ['rows', 'rowsBinary', 'rowsLoss', 'rowsTargets'];

/** Whether an entry works on rows (softmax and its relatives) rather than element by element. */
export function byRows(spec: { readonly shape: Shape }): boolean {
  return ROW_SHAPES.includes(spec.shape);
}

/**
 * The contract of one kernel (a function, a type, a tier): its error bound in
 * ULPs of the result type against the exact value (for a pair: the value's,
 * then the derivative's), checked on every float32 input by verify:f32, on
 * the mpmath set by verify:f64, and on fixtures by the tests.
 */
export interface KernelSpec {
  /**
   * The algorithm, in XNNPACK's grammar (evaluation type, range reduction,
   * polynomial degree, division): `f64`: in float64 lanes, rounded once;
   * `abs`: from |x|; `rr1`/`rr2`: one- or two-step range reduction;
   * `p6`/`p7`/`p11`: polynomial degree; `div`: one division; `dc`: the
   * divisor's rounding compensated; `c`: compensated roundings and the
   * division's remainder; `log1p`: a logarithm of 1 + e without forming 1 + e.
   */
  readonly algorithm: string;
  readonly bound: number | readonly [number, number];
  /** Whether the results are promised in order (the direction is the entry's `monotone`). */
  readonly monotone: boolean;
  /**
   * The other tier's kernel, when both tiers run this very kernel (the same
   * wasm function, the same bits): a sweep then measures it once.
   */
  readonly sameAs?: Precision;
}

export type Kernels = { readonly [D in DType]: { readonly [P in Precision]: KernelSpec } };

/** The plain JS formula users would write: x and, for two inputs, y. */
export type Formula = (x: number, y: number) => number;

/**
 * One entry of the table of operations.
 */
export interface OpSpec<N extends string = string, S extends Shape = Shape> {
  /** The one name: the function, the Kernel and Pool method, the wasm module (assembly/ops/<name>.ts), the CLI's `--fn`. */
  readonly name: N;
  readonly shape: S;
  /** Where the docs list it. */
  readonly section: 'sigmoid' | 'family' | 'softmax';
  /** The inputs' names, for error messages: `['x']`, `['y', 'dy']`. */
  readonly inputs: readonly string[];
  /** The formula, as the docs print it. */
  readonly formula: string;
  /** The plain JS formula (the benchmark's baseline loop, the demo's comparison); a pair gives its value's. Elementwise entries only. */
  readonly js?: Formula;
  /** For a pair: the plain JS formula of its second result. */
  readonly js2?: Formula;
  /** The kernels, per type and tier. */
  readonly kernels: Kernels;
  /**
   * The direction of the order a monotone kernel keeps (KernelSpec.monotone):
   * `1` non-decreasing in x, `-1` non-increasing, `'even'` non-increasing in
   * |x|; for a binary function, in x with y fixed at the targets the sweep uses.
   */
  readonly monotone?: 1 | -1 | 'even';
  /** Exactly odd (`f(-x) === -f(x)`) or even (`f(-x) === f(x)`), bit for bit, for every x. */
  readonly symmetry?: 'odd' | 'even';
  /** Every result lies in [lo, hi] (NaN aside). */
  readonly range?: readonly [number, number];
  /** Exact results, bit for bit in both types: [x, f(x)] (unary; a pair: [x, value, derivative]) or [x, y, f(x, y)] (binary, loss). */
  readonly special: readonly (readonly number[])[];
  /**
   * For a row entry: the exports of its kernels that take a class index per
   * row (u32) instead of probability targets (`<export>_classes`).
   */
  readonly classes?: boolean;
  /**
   * Where no relative bound can hold (near a zero of the function): the
   * interval of x where the bound is absolute, in units of 2^-p (p = 24 or 53).
   */
  readonly absolute?: readonly [number, number];
  /** The inputs a plot, a demo and a sweep use: 'real' (any x), 'probability' (p in [0, 1]), 'output' (a saved result y in [0, 1]). */
  readonly domain: 'real' | 'probability' | 'output';
  /**
   * For a binary function of logits and targets: the targets every float32
   * x is swept with (verify:f32; soft targets are sampled besides). Absent:
   * the function is not swept exhaustively (the backward step: its tests
   * compare it with exact products).
   */
  readonly targets?: readonly number[];
  /** The plot: the curve's `data-series` id, legend label and colour, and the function drawn with it. */
  readonly plot?: { readonly id: string; readonly label: string; readonly color: string; readonly with?: string };
  /** The module's bytes in each build (src/generated/wasm.ts). */
  readonly wasm: ModuleBytes;
}

/** Where a defined function keeps its entry. */
const SPEC: unique symbol = Symbol('sigmoid-wasm op');

/** A function of the table, tagged with its entry. */
export type Defined<S extends OpSpec, F> = F & { readonly [SPEC]: S };

/** The shape of a function of the table (its entry's). */
export type ShapeOf<F> = F extends { readonly [SPEC]: { readonly shape: infer S extends Shape } } ? S : never;

/**
 * The entry behind a function of the table (a top-level export of the
 * package), or undefined for anything else.
 */
export function specOf(value: unknown): OpSpec | undefined {
  return typeof value === 'function' ? (value as { [SPEC]?: OpSpec })[SPEC] : undefined;
}

/** Tags a function with its entry (not enumerable, so the function looks like any other). */
export function tag<S extends OpSpec, F extends object>(spec: S, fn: F): Defined<S, F> {
  Object.defineProperty(fn, SPEC, { value: spec });
  Object.defineProperty(fn, 'name', { value: spec.name });
  return fn as Defined<S, F>;
}

/** The wasm module export of a kernel: `f32_fast`, `f64_accurate`. */
export function exportName(dtype: DType, precision: Precision): `${'f32' | 'f64'}_${Precision}` {
  return `${dtype === 'float32' ? 'f32' : 'f64'}_${precision}`;
}

/** A kernel's bound for output k (a pair has two). */
export function boundOf(kernel: KernelSpec, k = 0): number {
  return typeof kernel.bound === 'number' ? kernel.bound : kernel.bound[k]!;
}
