/**
 * TensorFlow.js integration, the `sigmoid-wasm/tfjs` entry: runs `tf.sigmoid`
 * (and, on request, `tf.tanh`, `tf.softplus` and `tf.softmax`) and their
 * gradients on this package's float32 kernels, so models with these
 * activations use them with no other change.
 *
 * Nothing here imports TensorFlow.js: the caller passes its `tf` module, and
 * only the kernel and gradient registries of tfjs-core are touched.
 *
 * How TensorFlow.js 4.x computes these activations and their gradients:
 * - `tf.sigmoid(x)` and `tf.tanh(x)` cast x to float32 and run the `Sigmoid`
 *   or `Tanh` kernel of the current backend (cpu: `1 / (1 + Math.exp(-x))`
 *   and `Math.tanh(x)` per element, from `unaryKernelFunc`); `tf.softplus(x)`
 *   runs `Softplus` (cpu: `Math.log(1 + Math.exp(x))`, with x itself above
 *   13.94 and `Math.exp(x)` below -13.94).
 * - There are no `SigmoidGrad`, `TanhGrad` or `SoftplusGrad` kernels in
 *   tfjs-core 4.x (kernel_names.ts). A gradient is the gradient config of the
 *   forward kernel (gradients/*_grad.ts; one for all backends):
 *   - `Sigmoid` saves the output y and returns `mul(dy, mul(y, sub(1, y)))`.
 *     From the rounded y, 1 - y loses digits as y nears 1 (44% off at x = 17)
 *     and is 0 once y rounds to 1 (x > 17.33), where the true derivative is
 *     still 3e-8, and 4.2e-18 at x = 40.
 *   - `Tanh` saves y and returns `mul(sub(1, square(y)), dy)`: 0 once y
 *     rounds to +-1 (|x| > 9.01 in float32), where the true derivative is
 *     still 6e-8, and 4.2e-17 at x = 20.
 *   - `Softplus` saves x and returns `mul(dy, sigmoid(x))`: from x already,
 *     two kernels (Sigmoid, Mul) and two roundings.
 *
 * So registration replaces the backend's forward kernel, adds a gradient
 * kernel (`SigmoidWasmGrad`, `TanhWasmGrad`, `SoftplusWasmGrad`: inputs x
 * and dy, output `dy * f'(x)` with the derivative computed from x) and
 * replaces the gradient config by one that saves x (and y where the original
 * needs it) and dispatches to the gradient kernel where it is registered, and
 * to the original gradient everywhere else. Each gradient kernel has a
 * gradient of its own, so nested `tf.grad` works (tfjs-core 4.22's own
 * sigmoid gradient throws there).
 *
 * `Softmax` (cpu: five kernels in a row, max, sub, exp, sum, div, each a
 * pass and a tensor) has a gradient config that saves the output y and
 * returns `dy y - sum(dy y) y` over the last axis in three more ops. Its
 * replacement runs the package's `softmax` over the rows of the last axis,
 * and its gradient as one kernel (`SoftmaxWasmGrad`: y (dy - sum(dy y)),
 * the package's softmax of the saved logits, then its `softmaxBackward`, the
 * sum in float64), whose own gradient reaches the logits.
 *
 * The state of a registration lives in the registries themselves (on the
 * registered config objects), so that `unregisterSigmoidKernels` finds it
 * without a handle, and two copies of this package see each other's.
 */
import { defaultKernel } from './api.js';
import { checkOptions } from './options.js';
import type { Kernel } from './types.js';

/** The forward kernel of the sigmoid (tfjs-core kernel_names.ts): always replaced. */
const SIGMOID = 'Sigmoid';
/** Where a registration keeps its state, on the config objects it registers. */
const MARK = Symbol.for('sigmoid-wasm/tfjs');

/** A tensor as kernels see it (tfjs-core's `TensorInfo`; a `Tensor` is one too). */
interface TfTensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}

/** The arguments of a kernel function (tfjs-core's `KernelFunc`). */
interface TfKernelParams {
  inputs: { [name: string]: TfTensorInfo | undefined };
  backend: {};
  attrs?: {};
}

/** A kernel registration (tfjs-core's `KernelConfig`). */
interface TfKernelConfig {
  kernelName: string;
  backendName: string;
  kernelFunc(params: TfKernelParams): TfTensorInfo | TfTensorInfo[];
  setupFunc?(backend: {}): void;
  disposeFunc?(backend: {}): void;
}

/** A gradient registration (tfjs-core's `GradConfig`). */
interface TfGradConfig {
  kernelName: string;
  inputsToSave?: string[];
  saveAllInputs?: boolean;
  outputsToSave?: boolean[];
  gradFunc(dy: TfTensorInfo | TfTensorInfo[], saved: TfTensorInfo[], attrs: {}): { [input: string]: () => unknown };
}

/**
 * The parts of the TensorFlow.js module that this entry uses: the module
 * namespace of `@tensorflow/tfjs-core` (4.x) or of `@tensorflow/tfjs`, as
 * imported, fits.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import type { TfjsModule } from 'sigmoid-wasm/tfjs';
 * const module: TfjsModule = tf;
 * ```
 */
export interface TfjsModule {
  getKernel(kernelName: string, backendName: string): TfKernelConfig | undefined;
  registerKernel(config: TfKernelConfig): void;
  unregisterKernel(kernelName: string, backendName: string): void;
  getGradient(kernelName: string): TfGradConfig | undefined;
  registerGradient(config: TfGradConfig): void;
  unregisterGradient(kernelName: string): void;
  getBackend(): string;
  engine(): { runKernel(kernelName: string, inputs: unknown, attrs?: unknown): unknown; readonly backend: unknown };
  mul(a: unknown, b: unknown): unknown;
  sub(a: unknown, b: unknown): unknown;
  sum(x: unknown, axis?: number | number[], keepDims?: boolean): unknown;
  softmax(logits: unknown, dim?: number): unknown;
  tanh(x: unknown): unknown;
  sigmoid(x: unknown): unknown;
  neg(x: unknown): unknown;
}

/**
 * Options of {@link registerSigmoidKernels} and {@link unregisterSigmoidKernels}
 * (which reads `backend` only).
 *
 * @example
 * ```ts
 * registerSigmoidKernels(tf, { backend: 'cpu' });                          // Sigmoid
 * registerSigmoidKernels(tf, { backend: 'cpu', tanh: true, softplus: true }); // Sigmoid, Tanh, Softplus
 * registerSigmoidKernels(tf, { softmax: true });                           // Sigmoid, Softmax
 * ```
 */
export interface SigmoidKernelsOptions {
  /**
   * The backend whose kernels to replace: `'cpu'` (default), or a backend
   * that stores its data as the cpu backend does (a copy of it under another
   * name). On a backend that does not, the original kernels keep running.
   */
  backend?: string;
  /**
   * Also replace `Tanh` and its gradient: `tf.tanh` runs this package's
   * `tanh`, and its gradient `dy * tanhDerivative(x)`, computed from x
   * (TensorFlow.js's `dy * (1 - y^2)` is 0 for |x| > 9.01). Default false.
   */
  tanh?: boolean;
  /**
   * Also replace `Softplus` and its gradient: `tf.softplus` runs this
   * package's `softplus`, and its gradient `dy * sigmoid(x)` runs as one
   * kernel. Default false.
   */
  softplus?: boolean;
  /**
   * Also replace `Softmax` and its gradient: `tf.softmax` (over the last
   * axis, the only one TensorFlow.js takes) runs this package's `softmax`
   * on each row, and its gradient `y (dy - sum(dy y))` runs as one kernel,
   * `softmaxBackward`. Default false.
   */
  softmax?: boolean;
}

/**
 * A registration made by {@link registerSigmoidKernels}.
 *
 * @example
 * ```ts
 * const registration = registerSigmoidKernels(tf, { tanh: true });
 * registration.active;    // true
 * registration.kernels;   // ['Sigmoid', 'Tanh']
 * registration.restore(); // the original kernels again
 * registration.active;    // false
 * ```
 */
export interface SigmoidKernels {
  /** The backend whose kernels were replaced. */
  readonly backend: string;
  /** The forward kernels replaced, in this order: `'Sigmoid'`, then `'Tanh'`, `'Softplus'` and `'Softmax'` when asked for. */
  readonly kernels: readonly ActivationKernelName[];
  /** True until `restore()` (or {@link unregisterSigmoidKernels}) put the original kernels back. */
  readonly active: boolean;
  /**
   * Puts back the original kernel and gradient configs (the very objects
   * that were registered before) and removes the gradient kernels
   * (`SigmoidWasmGrad`, ...). Does nothing when already restored.
   *
   * @throws {Error} when one of the replaced kernels of the backend was
   * replaced or removed by someone else since (then nothing is changed);
   * restore that first (last in, first out).
   */
  restore(): void;
  /** `restore()`, for `using`. */
  [Symbol.dispose](): void;
}

/**
 * The TensorFlow.js kernels this entry can replace.
 *
 * @example
 * ```ts
 * const names: ActivationKernelName[] = registerSigmoidKernels(tf, { tanh: true }).kernels.slice();
 * ```
 */
export type ActivationKernelName = 'Sigmoid' | 'Tanh' | 'Softplus' | 'Softmax';

/** What a registration leaves on the kernel config it registers. */
interface KernelMark {
  restore(): void;
  readonly state: { restored: boolean };
}

/** What a registration leaves on the gradient config it registers. */
interface GradMark {
  /** The gradient config it replaced (undefined when there was none: tfjs-core alone registers no gradients). */
  readonly original: TfGradConfig | undefined;
  /** The backends where the gradient kernel (`SigmoidWasmGrad`, ...) serves this gradient. */
  readonly backends: Set<string>;
  /** The gradient config of the gradient kernel, registered with this one. */
  readonly secondOrder: TfGradConfig;
}

type Marked<T, M> = T & { [MARK]: M };

/** The cpu backend's storage, as its own kernels use it. */
interface CpuLikeBackend {
  data: { get(dataId: object): { values?: unknown } | undefined };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): TfTensorInfo;
}

const TF_FUNCTIONS = [
  'getKernel',
  'registerKernel',
  'unregisterKernel',
  'getGradient',
  'registerGradient',
  'unregisterGradient',
  'getBackend',
  'engine',
  'mul',
  'sub',
  'sum',
  'softmax',
  'tanh',
  'sigmoid',
  'neg',
] as const;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value;
}

function checkTf(fn: string, tf: unknown): asserts tf is TfjsModule {
  if (tf === null || (typeof tf !== 'object' && typeof tf !== 'function')) {
    throw new TypeError(`${fn}: tf must be the TensorFlow.js module, e.g. import * as tf from '@tensorflow/tfjs-core' (got ${describe(tf)})`);
  }
  const missing = TF_FUNCTIONS.filter((name) => typeof (tf as Record<string, unknown>)[name] !== 'function');
  if (missing.length > 0) {
    throw new TypeError(`${fn}: tf must be the TensorFlow.js module (4.x); it has no ${missing.map((m) => `tf.${m}()`).join(', ')}`);
  }
}

/** The keys of registerSigmoidKernels' options (unregisterSigmoidKernels takes the same). */
const OPTION_KEYS = ['backend', 'tanh', 'softplus', 'softmax'] as const;

function backendOption(fn: string, options: unknown): string {
  checkOptions(fn, options, OPTION_KEYS);
  const backend = (options as SigmoidKernelsOptions).backend ?? 'cpu';
  if (typeof backend !== 'string' || backend === '') {
    throw new TypeError(`${fn}: options.backend must be a backend name such as 'cpu' (got ${describe(backend)})`);
  }
  return backend;
}

function flagOption(fn: string, options: SigmoidKernelsOptions, key: 'tanh' | 'softplus' | 'softmax'): boolean {
  const value: unknown = options[key] ?? false;
  if (typeof value !== 'boolean') throw new TypeError(`${fn}: options.${key} must be a boolean (got ${describe(value)})`);
  return value;
}

/**
 * Leaves a registration's state on a config object, non-enumerable: a copy
 * of the config (tfjs-core's copyRegisteredKernels uses Object.assign) is
 * not taken for the registration itself.
 */
function mark<T extends object, M>(config: T, state: M): Marked<T, M> {
  return Object.defineProperty(config, MARK, { value: state, enumerable: false }) as Marked<T, M>;
}

function markOf<M>(config: object | null | undefined): M | undefined {
  return config == null ? undefined : (config as { [MARK]?: M })[MARK];
}

function asCpuBackend(backend: unknown): CpuLikeBackend | null {
  if (backend === null || typeof backend !== 'object') return null;
  const b = backend as Partial<CpuLikeBackend>;
  return typeof b.makeTensorInfo === 'function' && typeof b.data?.get === 'function' ? (b as CpuLikeBackend) : null;
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** The float32 elements of a tensor stored as the cpu backend stores them, or null. */
function float32Values(backend: CpuLikeBackend, t: TfTensorInfo): Float32Array | null {
  if (t.dtype !== 'float32') return null;
  const values = backend.data.get(t.dataId)?.values;
  return values instanceof Float32Array && values.length === sizeOf(t.shape) ? values : null;
}

function sameShape(a: TfTensorInfo, b: TfTensorInfo): boolean {
  return a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
}

/**
 * One activation: its forward kernel, its gradient kernel, and how both are
 * computed on this package's kernels and, where those do not run, with
 * TensorFlow.js's ops (always from x).
 */
interface Activation {
  readonly kernelName: Exclude<ActivationKernelName, 'Softmax'>;
  /** The gradient kernel added by this module: inputs x and dy, output dy * f'(x). */
  readonly gradName: string;
  /** f(x) into out. */
  forward(kernel: Kernel, x: Float32Array, out: Float32Array): void;
  /** f'(x) into out, computed from x. */
  derivative(kernel: Kernel, x: Float32Array, out: Float32Array): void;
  /** `v * f'(x)` with TensorFlow.js's ops, from x: where the gradient kernel does not run. */
  fallback(tf: TfjsModule, x: TfTensorInfo, v: TfTensorInfo): unknown;
  /** `f''(x) / f'(x)` with TensorFlow.js's ops: the gradient of the gradient kernel is `upstream * dy * f'(x)` times this. */
  curvature(tf: TfjsModule, x: TfTensorInfo): unknown;
}

const ACTIVATIONS: Record<Exclude<ActivationKernelName, 'Softmax'>, Activation> = {
  Sigmoid: {
    kernelName: 'Sigmoid',
    gradName: 'SigmoidWasmGrad',
    forward: (k, x, out) => void k.sigmoid(x, out),
    derivative: (k, x, out) => void k.sigmoidDerivative(x, out),
    // s'(x) = s(x) s(-x): no cancellation.
    fallback: (tf, x, v) => tf.mul(v, tf.mul(tf.sigmoid(x), tf.sigmoid(tf.neg(x)))),
    // s'' = s' (1 - 2 s) = s' tanh(-x / 2).
    curvature: (tf, x) => tf.tanh(tf.mul(x, -0.5)),
  },
  Tanh: {
    kernelName: 'Tanh',
    gradName: 'TanhWasmGrad',
    forward: (k, x, out) => void k.tanh(x, out),
    derivative: (k, x, out) => void k.tanhDerivative(x, out),
    // 1 - tanh(x)^2 = 4 s(2x) s(-2x): from x, no cancellation.
    fallback: (tf, x, v) => tf.mul(v, tf.mul(tf.mul(tf.sigmoid(tf.mul(x, 2)), tf.sigmoid(tf.mul(x, -2))), 4)),
    // tanh'' = -2 tanh tanh'.
    curvature: (tf, x) => tf.mul(tf.tanh(x), -2),
  },
  Softplus: {
    kernelName: 'Softplus',
    gradName: 'SoftplusWasmGrad',
    forward: (k, x, out) => void k.softplus(x, out),
    derivative: (k, x, out) => void k.sigmoid(x, out),
    fallback: (tf, x, v) => tf.mul(v, tf.sigmoid(x)),
    // softplus'' = s' = s(x) s(-x), and softplus' = s(x).
    curvature: (tf, x) => tf.sigmoid(tf.neg(x)),
  },
};

/**
 * The replacement forward kernel: float32 tensors of a cpu-like backend run
 * on the wasm kernel; anything else (int32 given to runKernel directly,
 * complex64, another storage) runs the original kernel, unchanged.
 */
function forwardKernelFunc(activation: Activation, original: TfKernelConfig): TfKernelConfig['kernelFunc'] {
  return (params) => {
    const x = params.inputs['x'];
    const backend = asCpuBackend(params.backend);
    const values = x === undefined || backend === null ? null : float32Values(backend, x);
    if (x === undefined || backend === null || values === null) return original.kernelFunc(params);
    const out = new Float32Array(values.length);
    activation.forward(defaultKernel(), values, out);
    return backend.makeTensorInfo(x.shape.slice(), 'float32', out);
  };
}

/** The gradient kernel (`SigmoidWasmGrad`, ...): `dy * f'(x)`, the derivative from x, times dy with one rounding. */
function gradKernelFunc(activation: Activation): TfKernelConfig['kernelFunc'] {
  const name = activation.gradName;
  return ({ inputs, backend: b }) => {
    const { x, dy } = inputs;
    if (x === undefined || dy === undefined) throw new TypeError(`${name}: expects the inputs x and dy`);
    if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
      throw new TypeError(`${name}: x and dy must be float32 (got ${x.dtype} and ${dy.dtype})`);
    }
    if (!sameShape(x, dy)) throw new RangeError(`${name}: x and dy must have the same shape (got [${x.shape}] and [${dy.shape}])`);
    const backend = asCpuBackend(b);
    const xs = backend === null ? null : float32Values(backend, x);
    const dys = backend === null ? null : float32Values(backend, dy);
    if (backend === null || xs === null || dys === null) {
      throw new TypeError(`${name}: the backend does not store float32 data as the cpu backend does`);
    }
    const out = new Float32Array(xs.length);
    activation.derivative(defaultKernel(), xs, out);
    // A float32 product is exact in float64: storing it rounds once.
    for (let i = 0; i < out.length; i++) out[i] = out[i]! * dys[i]!;
    return backend.makeTensorInfo(x.shape.slice(), 'float32', out);
  };
}

/** Whether the gradient kernel `gradName` can run on these tensors (float32, one shape) on the current backend. */
function gradKernelRuns(tf: TfjsModule, gradName: string, backends: ReadonlySet<string>, tensors: readonly TfTensorInfo[]): boolean {
  const name = tf.getBackend();
  if (!backends.has(name) || tf.getKernel(gradName, name) == null) return false;
  if (!tensors.every((t) => t.dtype === 'float32' && sameShape(t, tensors[0]!))) return false;
  const backend = asCpuBackend(tf.engine().backend);
  return backend !== null && tensors.every((t) => float32Values(backend, t) !== null);
}

/** `v * f'(x)` as a tensor: the gradient kernel where it runs, else TensorFlow.js's ops from x. */
function derivativeTimes(tf: TfjsModule, activation: Activation, backends: ReadonlySet<string>, x: TfTensorInfo, v: TfTensorInfo): unknown {
  if (gradKernelRuns(tf, activation.gradName, backends, [x, v])) return tf.engine().runKernel(activation.gradName, { x, dy: v });
  return activation.fallback(tf, x, v);
}

/** The replacement gradient config of a forward kernel, and the one of its gradient kernel. */
function gradConfigs(tf: TfjsModule, activation: Activation, original: TfGradConfig | undefined): Marked<TfGradConfig, GradMark> {
  const backends = new Set<string>();
  const kernelName = activation.kernelName;
  const secondOrder: TfGradConfig = {
    kernelName: activation.gradName,
    inputsToSave: ['x', 'dy'],
    // d/dx (dy * f'(x)) = dy * f'(x) * (f''(x) / f'(x)); d/d(dy) = f'(x).
    gradFunc: (g, saved) => {
      const [x, dy] = saved as [TfTensorInfo, TfTensorInfo];
      const upstream = g as TfTensorInfo;
      return {
        x: () => tf.mul(derivativeTimes(tf, activation, backends, x, tf.mul(upstream, dy) as TfTensorInfo), activation.curvature(tf, x)),
        dy: () => derivativeTimes(tf, activation, backends, x, upstream),
      };
    },
  };
  // Whether the original gradient needs the output (Sigmoid's and Tanh's do).
  const savesOutput = original?.outputsToSave?.[0] === true;
  return mark<TfGradConfig, GradMark>({
    kernelName,
    // x for this package's gradient, y too when the original one uses it.
    inputsToSave: ['x'],
    ...(savesOutput ? { outputsToSave: [true] } : {}),
    gradFunc: (dy, saved, attrs) => {
      const [x, y] = saved as [TfTensorInfo, TfTensorInfo | undefined];
      if (!Array.isArray(dy) && gradKernelRuns(tf, activation.gradName, backends, [x, dy])) {
        return { x: () => tf.engine().runKernel(activation.gradName, { x, dy }) };
      }
      if (original === undefined) {
        // What tfjs-core says when no gradient is registered for a kernel.
        throw new Error(`Cannot compute gradient: gradient function not found for ${kernelName}.`);
      }
      // The tensors the original config saves, in its order: inputs, then outputs.
      const inputs = original.saveAllInputs === true ? [x] : (original.inputsToSave ?? []).map(() => x);
      const outputs = savesOutput ? [y!] : [];
      return original.gradFunc(dy, [...inputs, ...outputs], attrs);
    },
  }, { original, backends, secondOrder });
}

// ---- Softmax ----------------------------------------------------------------

/**
 * The gradient kernel of Softmax added by this module: inputs logits and dy,
 * output y (dy - sum(dy y)) over the last axis, y = softmax(logits).
 */
const SOFTMAX_GRAD = 'SoftmaxWasmGrad';

/**
 * The row length of a softmax of `t` over the axis `attrs.dim`: its last
 * dimension when `dim` is -1 or the last axis (what tf.softmax passes), else
 * null (another axis, a scalar, an empty row: the original kernel or ops run).
 */
function lastAxisRows(t: TfTensorInfo, attrs: unknown): number | null {
  const rank = t.shape.length;
  const dim = (attrs as { dim?: unknown } | undefined)?.dim ?? -1;
  if (rank === 0 || (dim !== -1 && dim !== rank - 1)) return null;
  const rowLength = t.shape[rank - 1]!;
  return rowLength > 0 ? rowLength : null;
}

/**
 * The replacement Softmax kernel: float32 logits of a cpu-like backend over
 * their last axis run the package's softmax on each row; anything else runs
 * the original kernel (which throws for another axis, as before).
 */
function softmaxKernelFunc(original: TfKernelConfig): TfKernelConfig['kernelFunc'] {
  return (params) => {
    const logits = params.inputs['logits'];
    const backend = asCpuBackend(params.backend);
    const rowLength = logits === undefined ? null : lastAxisRows(logits, params.attrs);
    const values = logits === undefined || backend === null ? null : float32Values(backend, logits);
    if (logits === undefined || backend === null || values === null || rowLength === null) return original.kernelFunc(params);
    const out = new Float32Array(values.length);
    defaultKernel().softmax(values, { rowLength, out });
    return backend.makeTensorInfo(logits.shape.slice(), 'float32', out);
  };
}

/**
 * `SoftmaxWasmGrad`: y (dy - sum(dy y)) over the last axis, y the package's
 * softmax of the logits (the forward's very bits), then its softmaxBackward
 * (the sum in float64) in place. From the logits rather than the saved
 * output, so that its own gradient reaches the logits (nested tf.grad).
 */
function softmaxGradKernelFunc(): TfKernelConfig['kernelFunc'] {
  return ({ inputs, backend: b, attrs }) => {
    const { logits, dy } = inputs;
    if (logits === undefined || dy === undefined) throw new TypeError(`${SOFTMAX_GRAD}: expects the inputs logits and dy`);
    if (logits.dtype !== 'float32' || dy.dtype !== 'float32') {
      throw new TypeError(`${SOFTMAX_GRAD}: logits and dy must be float32 (got ${logits.dtype} and ${dy.dtype})`);
    }
    if (!sameShape(logits, dy)) throw new RangeError(`${SOFTMAX_GRAD}: logits and dy must have the same shape (got [${logits.shape}] and [${dy.shape}])`);
    const rowLength = lastAxisRows(logits, attrs);
    if (rowLength === null) {
      throw new RangeError(`${SOFTMAX_GRAD}: works over the last axis of a non-empty tensor (got shape [${logits.shape}], dim ${String((attrs as { dim?: unknown } | undefined)?.dim)})`);
    }
    const backend = asCpuBackend(b);
    const xs = backend === null ? null : float32Values(backend, logits);
    const dys = backend === null ? null : float32Values(backend, dy);
    if (backend === null || xs === null || dys === null) {
      throw new TypeError(`${SOFTMAX_GRAD}: the backend does not store float32 data as the cpu backend does`);
    }
    const kernel = defaultKernel();
    const y = kernel.softmax(xs, { rowLength });
    kernel.softmaxBackward(y, dys, { rowLength, out: y });
    return backend.makeTensorInfo(logits.shape.slice(), 'float32', y);
  };
}

/**
 * The replacement gradient config of Softmax and the one of
 * SoftmaxWasmGrad. Softmax's saves the logits (and y when the original
 * gradient needs it, as tfjs-core's does: it runs on other backends). With
 * dx = y (dy - s), s = sum(dy y), and an upstream g: d/d(dy) = y (g - sum(g
 * y)) (the backward step again) and d/d(logits)_k = y_k (g_k (dy_k - s) -
 * sum_i g_i y_i (dy_i - s) - (dy_k - s) sum(g y)).
 */
function softmaxGradConfigs(tf: TfjsModule, original: TfGradConfig | undefined): Marked<TfGradConfig, GradMark> {
  const backends = new Set<string>();
  const runs = (logits: TfTensorInfo, v: TfTensorInfo, attrs: unknown): boolean =>
    lastAxisRows(logits, attrs) !== null && gradKernelRuns(tf, SOFTMAX_GRAD, backends, [logits, v]);
  const rowSum = (t: unknown): unknown => tf.sum(t, -1, true);
  /** y (v - sum(v y)), y = softmax(logits): the gradient kernel where it runs, else TensorFlow.js's ops. */
  const backward = (logits: TfTensorInfo, v: TfTensorInfo, attrs: {}): unknown => {
    if (runs(logits, v, attrs)) return tf.engine().runKernel(SOFTMAX_GRAD, { logits, dy: v }, attrs);
    const y = tf.softmax(logits);
    return tf.mul(y, tf.sub(v, rowSum(tf.mul(v, y))));
  };
  const secondOrder: TfGradConfig = {
    kernelName: SOFTMAX_GRAD,
    inputsToSave: ['logits', 'dy'],
    gradFunc: (g, saved, attrs) => {
      const [logits, dy] = saved as [TfTensorInfo, TfTensorInfo];
      const upstream = g as TfTensorInfo;
      return {
        logits: () => {
          const y = tf.softmax(logits);
          const centred = tf.sub(dy, rowSum(tf.mul(dy, y)));
          const gy = rowSum(tf.mul(upstream, y));
          const gyc = rowSum(tf.mul(tf.mul(upstream, y), centred));
          return tf.mul(y, tf.sub(tf.sub(tf.mul(upstream, centred), gyc), tf.mul(centred, gy)));
        },
        dy: () => backward(logits, upstream, attrs),
      };
    },
  };
  const savesOutput = original?.outputsToSave?.[0] === true;
  return mark<TfGradConfig, GradMark>({
    kernelName: 'Softmax',
    inputsToSave: ['logits'],
    ...(savesOutput ? { outputsToSave: [true] } : {}),
    gradFunc: (dy, saved, attrs) => {
      const [logits, y] = saved as [TfTensorInfo, TfTensorInfo | undefined];
      if (!Array.isArray(dy) && runs(logits, dy, attrs)) return { logits: () => tf.engine().runKernel(SOFTMAX_GRAD, { logits, dy }, attrs) };
      // What tfjs-core says when no gradient is registered for a kernel.
      if (original === undefined) throw new Error('Cannot compute gradient: gradient function not found for Softmax.');
      // The tensors the original config saves, in its order: inputs, then outputs.
      const inputs = original.saveAllInputs === true ? [logits] : (original.inputsToSave ?? []).map(() => logits);
      return original.gradFunc(dy, [...inputs, ...(savesOutput ? [y!] : [])], attrs);
    },
  }, { original, backends, secondOrder });
}

// ---- registration -------------------------------------------------------------

/** What a registration replaces for one forward kernel, and how it makes the configs it registers. */
interface Replacement {
  readonly kernelName: ActivationKernelName;
  /** Its gradient kernel (`SigmoidWasmGrad`, ...). */
  readonly gradName: string;
  forward(original: TfKernelConfig): TfKernelConfig['kernelFunc'];
  gradKernel(): TfKernelConfig['kernelFunc'];
  gradConfigs(tf: TfjsModule, original: TfGradConfig | undefined): Marked<TfGradConfig, GradMark>;
}

function replacementOf(name: ActivationKernelName): Replacement {
  if (name === 'Softmax') {
    return { kernelName: name, gradName: SOFTMAX_GRAD, forward: softmaxKernelFunc, gradKernel: softmaxGradKernelFunc, gradConfigs: softmaxGradConfigs };
  }
  const activation = ACTIVATIONS[name];
  return {
    kernelName: name,
    gradName: activation.gradName,
    forward: (original) => forwardKernelFunc(activation, original),
    gradKernel: () => gradKernelFunc(activation),
    gradConfigs: (tf, original) => gradConfigs(tf, activation, original),
  };
}

/** One kernel of a registration: what it replaced, and what it registered. */
interface Replaced {
  readonly activation: Replacement;
  readonly original: TfKernelConfig;
  readonly config: TfKernelConfig;
  readonly grad: Marked<TfGradConfig, GradMark>;
}

/**
 * Runs `tf.sigmoid` and its gradient on this package's float32 kernels, on
 * the cpu backend (or `options.backend`): `tf.sigmoid`, `tf.grad` and the
 * training of models with sigmoid activations use them with no other change.
 * With `{ tanh: true }` and `{ softplus: true }`, `tf.tanh` and `tf.softplus`
 * too; with `{ softmax: true }`, `tf.softmax` (and tfjs-layers' softmax
 * activation) over the last axis: the forward on this package's `softmax`
 * (fast tier: within 4 ULP, or 4 + |x_i - max| where it rounds x_i - max
 * once), the gradient `y (dy - sum(dy y))` as one kernel (`SoftmaxWasmGrad`:
 * `softmax` of the logits, then `softmaxBackward`, the sum in float64), where
 * TensorFlow.js runs five kernels forward and three ops backward; a gradient
 * of the gradient (nested tf.grad) works, as TensorFlow.js's own does not.
 *
 * - Forward: the `Sigmoid` (`Tanh`, `Softplus`) kernel of the backend is
 *   replaced; float32 inputs run the wasm kernel (within the table's bound
 *   of the default kernel: 2 ULP), any other input runs the original kernel
 *   as before.
 * - Gradient: `dy * f'(x)` with the derivative computed from x (sigmoid,
 *   tanh: within 3 ULP; softplus: `dy * sigmoid(x)`, within 2 ULP), times dy
 *   with one rounding. TensorFlow.js computes `dy * y * (1 - y)` and
 *   `dy * (1 - y^2)` from the rounded output, which are 0 in float32 for
 *   x > 17.33 and |x| > 9.01. A gradient config is global in TensorFlow.js:
 *   on other backends (and for non-float32 tensors) it runs the original
 *   gradient, unchanged; it saves x as well as y for that, one more tensor
 *   kept per sigmoid or tanh while a gradient tape records.
 *
 * Register after importing the TensorFlow.js modules that register gradients
 * (`@tensorflow/tfjs`, `@tensorflow/tfjs-layers`): importing one later
 * replaces the gradients again. `tf.fused` ops with a `'sigmoid'` activation
 * call the backend's sigmoid directly and keep doing so (tfjs-layers does not
 * fuse activations).
 *
 * @param tf The TensorFlow.js module (`import * as tf from '@tensorflow/tfjs-core'` or `'@tensorflow/tfjs'`).
 * @returns A handle whose `restore()` puts the original kernels back.
 * @throws {TypeError} when `tf` is not the TensorFlow.js module or the options are malformed.
 * @throws {RangeError} when the backend has no `Sigmoid` kernel (or no `Tanh`,
 *   `Softplus`, `Softmax` kernel when asked for): not imported, or an unknown name.
 * @throws {Error} when this package's kernels are registered on that backend already.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { registerSigmoidKernels } from 'sigmoid-wasm/tfjs';
 *
 * await tf.setBackend('cpu');
 * const registration = registerSigmoidKernels(tf, { backend: 'cpu', tanh: true, softplus: true });
 * tf.grad((x) => tf.sigmoid(x))(tf.tensor1d([0, 40])).dataSync();
 * // Float32Array [0.25, 4.248354e-18] (TensorFlow.js's own gradient: [0.25, 0])
 * tf.grad((x) => tf.tanh(x))(tf.tensor1d([0, 10])).dataSync();
 * // Float32Array [1, 8.2446e-9] (TensorFlow.js's own gradient: [1, 0])
 * registration.restore(); // the original kernels again
 *
 * const withSoftmax = registerSigmoidKernels(tf, { softmax: true }); // Sigmoid and Softmax
 * tf.softmax(tf.tensor2d([[1, 2, 3], [0, 0, 0]])).dataSync();
 * // Float32Array [0.09003057, 0.24472848, 0.66524094, 0.33333334, 0.33333334, 0.33333334]
 * withSoftmax.restore();
 * ```
 */
export function registerSigmoidKernels(tf: TfjsModule, options: SigmoidKernelsOptions = {}): SigmoidKernels {
  const fn = 'registerSigmoidKernels';
  checkTf(fn, tf);
  const backend = backendOption(fn, options);
  const names: ActivationKernelName[] = [SIGMOID];
  if (flagOption(fn, options, 'tanh')) names.push('Tanh');
  if (flagOption(fn, options, 'softplus')) names.push('Softplus');
  if (flagOption(fn, options, 'softmax')) names.push('Softmax');

  // Every check before any change: a registration is all or nothing.
  const originals = names.map((name) => {
    const original = tf.getKernel(name, backend);
    if (original == null) {
      throw new RangeError(
        `${fn}: no '${name}' kernel is registered for backend '${backend}' (import '@tensorflow/tfjs-backend-cpu' first, or check the backend name)`,
      );
    }
    if (markOf<KernelMark>(original) !== undefined) {
      throw new Error(
        `${fn}: sigmoid-wasm's kernels are registered for backend '${backend}' already; call restore() on that registration (or unregisterSigmoidKernels(tf)) first`,
      );
    }
    return original;
  });

  const state = { restored: false };
  const replaced: Replaced[] = names.map((name, i) => {
    const activation = replacementOf(name);
    const original = originals[i]!;
    // The gradient config: shared by all the backends registered at a time.
    const currentGrad = tf.getGradient(name);
    let grad = currentGrad as Marked<TfGradConfig, GradMark> | undefined;
    if (markOf<GradMark>(currentGrad) === undefined) {
      grad = activation.gradConfigs(tf, currentGrad ?? undefined);
      tf.registerGradient(grad);
      tf.registerGradient(grad[MARK].secondOrder);
    }
    grad![MARK].backends.add(backend);

    if (tf.getKernel(activation.gradName, backend) != null) tf.unregisterKernel(activation.gradName, backend);
    tf.registerKernel({ kernelName: activation.gradName, backendName: backend, kernelFunc: activation.gradKernel() });

    const config = mark<TfKernelConfig, KernelMark>(
      {
        kernelName: name,
        backendName: backend,
        kernelFunc: activation.forward(original),
        // A backend initialised while this config is registered runs these.
        ...(original.setupFunc === undefined ? {} : { setupFunc: original.setupFunc }),
        ...(original.disposeFunc === undefined ? {} : { disposeFunc: original.disposeFunc }),
      },
      { restore: () => restore(), state },
    );
    tf.unregisterKernel(name, backend);
    tf.registerKernel(config);
    return { activation, original, config, grad: grad! };
  });

  const restore = (): void => {
    if (state.restored) return;
    // All the checks first: nothing changes when one kernel is not ours any more.
    for (const { activation, config } of replaced) {
      const current = tf.getKernel(activation.kernelName, backend);
      if (current !== config) {
        throw new Error(
          `restore: the '${activation.kernelName}' kernel of backend '${backend}' was ${current == null ? 'unregistered' : 'replaced'} after registerSigmoidKernels, ` +
            'restore that registration first (last in, first out)',
        );
      }
    }
    for (const { activation, original, grad } of replaced) {
      const name = activation.kernelName;
      tf.unregisterKernel(name, backend);
      tf.registerKernel(original);
      if (tf.getKernel(activation.gradName, backend) != null) tf.unregisterKernel(activation.gradName, backend);
      const gradMark = grad[MARK];
      gradMark.backends.delete(backend);
      if (gradMark.backends.size === 0) {
        // Only undo what is still ours: a gradient registered since stays.
        if (tf.getGradient(name) === grad) {
          if (gradMark.original !== undefined) tf.registerGradient(gradMark.original);
          else tf.unregisterGradient(name);
        }
        if (tf.getGradient(activation.gradName) === gradMark.secondOrder) tf.unregisterGradient(activation.gradName);
      }
    }
    state.restored = true;
  };

  return {
    backend,
    kernels: Object.freeze(names.slice()),
    get active() {
      return !state.restored;
    },
    restore,
    [Symbol.dispose]: restore,
  };
}

/**
 * Puts back the original kernels replaced by {@link registerSigmoidKernels}
 * on a backend, without its handle (e.g. in a test's `afterEach`).
 *
 * @returns true when it restored a registration, false when this package's
 * kernels were not registered on that backend (nothing to do).
 * @throws {TypeError} when `tf` is not the TensorFlow.js module or the options are malformed.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { registerSigmoidKernels, unregisterSigmoidKernels } from 'sigmoid-wasm/tfjs';
 *
 * registerSigmoidKernels(tf);
 * unregisterSigmoidKernels(tf); // true: the original kernels again
 * unregisterSigmoidKernels(tf); // false: nothing registered
 * ```
 */
export function unregisterSigmoidKernels(tf: TfjsModule, options: SigmoidKernelsOptions = {}): boolean {
  const fn = 'unregisterSigmoidKernels';
  checkTf(fn, tf);
  const backend = backendOption(fn, options);
  const mark = markOf<KernelMark>(tf.getKernel(SIGMOID, backend));
  if (mark === undefined || mark.state.restored) return false;
  mark.restore();
  return true;
}
