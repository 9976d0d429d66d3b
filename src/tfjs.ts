/**
 * TensorFlow.js integration, the `sigmoid-wasm/tfjs` entry: runs `tf.sigmoid`
 * and its gradient on this package's float32 kernels, so models with sigmoid
 * activations use them with no other change.
 *
 * Nothing here imports TensorFlow.js: the caller passes its `tf` module, and
 * only the kernel and gradient registries of tfjs-core are touched.
 *
 * How TensorFlow.js 4.x computes a sigmoid and its gradient:
 * - `tf.sigmoid(x)` casts x to float32 and runs the `Sigmoid` kernel of the
 *   current backend (cpu: `1 / (1 + Math.exp(-x))` per element, from
 *   `unaryKernelFunc`).
 * - There is no `SigmoidGrad` kernel in tfjs-core 4.x (kernel_names.ts). The
 *   gradient is the gradient config of `Sigmoid` (gradients/Sigmoid_grad.ts;
 *   one for all backends): it saves the output y and returns
 *   `mul(dy, mul(y, sub(1, y)))`, i.e. the Mul and Sub kernels. From the
 *   rounded y, 1 - y loses digits as y nears 1 (44% off at x = 17) and is 0
 *   once y rounds to 1 (x > 17.33), where the true derivative is still
 *   3e-8, and 4.2e-18 at x = 40.
 *
 * So registration replaces the backend's `Sigmoid` kernel, adds a
 * `SigmoidWasmGrad` kernel (inputs x and dy, output `dy * sigmoid'(x)` with the
 * derivative computed from x, within 3 ULP) and replaces the `Sigmoid`
 * gradient config by one that saves x as well as y and dispatches to
 * `SigmoidWasmGrad` where it is registered, and to the original gradient
 * everywhere else. `SigmoidWasmGrad` has a gradient of its own, so nested
 * `tf.grad` of a sigmoid works (tfjs-core 4.22's own gradient throws there).
 *
 * The state of a registration lives in the registries themselves (on the
 * registered config objects), so that `unregisterSigmoidKernels` finds it
 * without a handle, and two copies of this package see each other's.
 */
import { defaultKernel } from './api.js';

/** The forward kernel (tfjs-core kernel_names.ts). */
const SIGMOID = 'Sigmoid';
/** The gradient kernel added by this module: inputs x and dy, output dy * sigmoid'(x). */
const GRAD = 'SigmoidWasmGrad';
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
  tanh(x: unknown): unknown;
  sigmoid(x: unknown): unknown;
  neg(x: unknown): unknown;
}

/**
 * Options of {@link registerSigmoidKernels} and {@link unregisterSigmoidKernels}.
 *
 * @example
 * ```ts
 * registerSigmoidKernels(tf, { backend: 'cpu' });
 * ```
 */
export interface SigmoidKernelsOptions {
  /**
   * The backend whose `Sigmoid` kernel to replace: `'cpu'` (default), or a
   * backend that stores its data as the cpu backend does (a copy of it under
   * another name). On a backend that does not, the original kernels keep
   * running.
   */
  backend?: string;
}

/**
 * A registration made by {@link registerSigmoidKernels}.
 *
 * @example
 * ```ts
 * const registration = registerSigmoidKernels(tf);
 * registration.active;    // true
 * registration.restore(); // the original kernels again
 * registration.active;    // false
 * ```
 */
export interface SigmoidKernels {
  /** The backend whose kernels were replaced. */
  readonly backend: string;
  /** True until `restore()` (or {@link unregisterSigmoidKernels}) put the original kernels back. */
  readonly active: boolean;
  /**
   * Puts back the original `Sigmoid` kernel and gradient configs (the very
   * objects that were registered before) and removes `SigmoidWasmGrad`.
   * Does nothing when already restored.
   *
   * @throws {Error} when the `Sigmoid` kernel of the backend was replaced or
   * removed by someone else since; restore that first (last in, first out).
   */
  restore(): void;
  /** `restore()`, for `using`. */
  [Symbol.dispose](): void;
}

/** What a registration leaves on the kernel config it registers. */
interface KernelMark {
  restore(): void;
  readonly state: { restored: boolean };
}

/** What a registration leaves on the gradient config it registers. */
interface GradMark {
  /** The gradient config it replaced (undefined when there was none: tfjs-core alone registers no gradients). */
  readonly original: TfGradConfig | undefined;
  /** The backends where `SigmoidWasmGrad` serves this gradient. */
  readonly backends: Set<string>;
  /** The gradient config of `SigmoidWasmGrad`, registered with this one. */
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

function backendOption(fn: string, options: unknown): string {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: options must be an object (got ${describe(options)})`);
  }
  const backend = (options as SigmoidKernelsOptions).backend ?? 'cpu';
  if (typeof backend !== 'string' || backend === '') {
    throw new TypeError(`${fn}: options.backend must be a backend name such as 'cpu' (got ${describe(backend)})`);
  }
  return backend;
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
 * The replacement `Sigmoid` kernel: float32 tensors of a cpu-like backend
 * run on the wasm kernel; anything else (int32 given to runKernel directly,
 * complex64, another storage) runs the original kernel, unchanged.
 */
function sigmoidKernelFunc(original: TfKernelConfig): TfKernelConfig['kernelFunc'] {
  return (params) => {
    const x = params.inputs['x'];
    const backend = asCpuBackend(params.backend);
    const values = x === undefined || backend === null ? null : float32Values(backend, x);
    if (x === undefined || backend === null || values === null) return original.kernelFunc(params);
    const out = new Float32Array(values.length);
    defaultKernel().sigmoid(values, out);
    return backend.makeTensorInfo(x.shape.slice(), 'float32', out);
  };
}

/** `SigmoidWasmGrad`: `dy * sigmoid'(x)`, the derivative from x (within 3 ULP), times dy with one rounding. */
const gradKernelFunc: TfKernelConfig['kernelFunc'] = ({ inputs, backend: b }) => {
  const { x, dy } = inputs;
  if (x === undefined || dy === undefined) throw new TypeError(`${GRAD}: expects the inputs x and dy`);
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new TypeError(`${GRAD}: x and dy must be float32 (got ${x.dtype} and ${dy.dtype})`);
  }
  if (!sameShape(x, dy)) throw new RangeError(`${GRAD}: x and dy must have the same shape (got [${x.shape}] and [${dy.shape}])`);
  const backend = asCpuBackend(b);
  const xs = backend === null ? null : float32Values(backend, x);
  const dys = backend === null ? null : float32Values(backend, dy);
  if (backend === null || xs === null || dys === null) {
    throw new TypeError(`${GRAD}: the backend does not store float32 data as the cpu backend does`);
  }
  const out = new Float32Array(xs.length);
  defaultKernel().sigmoidDerivative(xs, out);
  // A float32 product is exact in float64: storing it rounds once.
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * dys[i]!;
  return backend.makeTensorInfo(x.shape.slice(), 'float32', out);
};

/** Whether `SigmoidWasmGrad` can run on these tensors on the current backend. */
function gradKernelRuns(tf: TfjsModule, backends: ReadonlySet<string>, tensors: readonly TfTensorInfo[]): boolean {
  const name = tf.getBackend();
  if (!backends.has(name) || tf.getKernel(GRAD, name) == null) return false;
  if (!tensors.every((t) => t.dtype === 'float32' && sameShape(t, tensors[0]!))) return false;
  const backend = asCpuBackend(tf.engine().backend);
  return backend !== null && tensors.every((t) => float32Values(backend, t) !== null);
}

/** `v * sigmoid'(x)` as a tensor: `SigmoidWasmGrad` where it runs, else `v * sigmoid(x) * sigmoid(-x)`. */
function derivativeTimes(tf: TfjsModule, backends: ReadonlySet<string>, x: TfTensorInfo, v: TfTensorInfo): unknown {
  if (gradKernelRuns(tf, backends, [x, v])) return tf.engine().runKernel(GRAD, { x, dy: v });
  return tf.mul(v, tf.mul(tf.sigmoid(x), tf.sigmoid(tf.neg(x))));
}

/** The replacement gradient config of `Sigmoid`, and the one of `SigmoidWasmGrad`. */
function gradConfigs(tf: TfjsModule, original: TfGradConfig | undefined): Marked<TfGradConfig, GradMark> {
  const backends = new Set<string>();
  const secondOrder: TfGradConfig = {
    kernelName: GRAD,
    inputsToSave: ['x', 'dy'],
    // d/dx (dy * s'(x)) = dy * s'(x) * (1 - 2 s(x)) = dy * s'(x) * tanh(-x / 2); d/d(dy) = s'(x).
    gradFunc: (g, saved) => {
      const [x, dy] = saved as [TfTensorInfo, TfTensorInfo];
      const upstream = g as TfTensorInfo;
      return {
        x: () =>
          tf.mul(
            derivativeTimes(tf, backends, x, tf.mul(upstream, dy) as TfTensorInfo),
            tf.tanh(tf.mul(x, -0.5)),
          ),
        dy: () => derivativeTimes(tf, backends, x, upstream),
      };
    },
  };
  return mark<TfGradConfig, GradMark>({
    kernelName: SIGMOID,
    // x for this package's gradient, y for the original one (which saves the output).
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, y] = saved as [TfTensorInfo, TfTensorInfo];
      if (!Array.isArray(dy) && gradKernelRuns(tf, backends, [x, dy])) {
        return { x: () => tf.engine().runKernel(GRAD, { x, dy }) };
      }
      if (original === undefined) {
        // What tfjs-core says when no gradient is registered for a kernel.
        throw new Error(`Cannot compute gradient: gradient function not found for ${SIGMOID}.`);
      }
      // The tensors the original config saves, in its order: inputs, then outputs.
      const inputs = original.saveAllInputs === true ? [x] : (original.inputsToSave ?? []).map(() => x);
      const outputs = original.outputsToSave?.[0] === true ? [y] : [];
      return original.gradFunc(dy, [...inputs, ...outputs], attrs);
    },
  }, { original, backends, secondOrder });
}

/**
 * Runs `tf.sigmoid` and its gradient on this package's float32 kernels, on
 * the cpu backend (or `options.backend`): `tf.sigmoid`, `tf.grad` and the
 * training of models with sigmoid activations use them with no other change.
 *
 * - Forward: the `Sigmoid` kernel of the backend is replaced; float32 inputs
 *   run the wasm kernel (within 2 ULP), any other input runs the original
 *   kernel as before.
 * - Gradient: `dy * sigmoid'(x)` with the derivative computed from x (within
 *   3 ULP), where TensorFlow.js computes `dy * y * (1 - y)` from the rounded
 *   output, which is 0 in float32 for x > 17.33. The gradient config of
 *   `Sigmoid` is global in TensorFlow.js: on other backends (and for
 *   non-float32 tensors) it runs the original gradient, unchanged; it saves x
 *   as well as y for that, one more tensor kept per sigmoid while a gradient
 *   tape records.
 *
 * Register after importing the TensorFlow.js modules that register gradients
 * (`@tensorflow/tfjs`, `@tensorflow/tfjs-layers`): importing one later
 * replaces the gradient again. `tf.fused` ops with a `'sigmoid'` activation
 * call the backend's sigmoid directly and keep doing so (tfjs-layers does not
 * fuse sigmoid activations).
 *
 * @param tf The TensorFlow.js module (`import * as tf from '@tensorflow/tfjs-core'` or `'@tensorflow/tfjs'`).
 * @returns A handle whose `restore()` puts the original kernels back.
 * @throws {TypeError} when `tf` is not the TensorFlow.js module or the options are malformed.
 * @throws {RangeError} when the backend has no `Sigmoid` kernel (not imported, or unknown name).
 * @throws {Error} when this package's kernels are registered on that backend already.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { registerSigmoidKernels } from 'sigmoid-wasm/tfjs';
 *
 * await tf.setBackend('cpu');
 * const registration = registerSigmoidKernels(tf, { backend: 'cpu' });
 * tf.grad((x) => tf.sigmoid(x))(tf.tensor1d([0, 40])).dataSync();
 * // Float32Array [0.25, 4.248354e-18] (TensorFlow.js's own gradient: [0.25, 0])
 * registration.restore(); // the original kernels again
 * ```
 */
export function registerSigmoidKernels(tf: TfjsModule, options: SigmoidKernelsOptions = {}): SigmoidKernels {
  const fn = 'registerSigmoidKernels';
  checkTf(fn, tf);
  const backend = backendOption(fn, options);
  const original = tf.getKernel(SIGMOID, backend);
  if (original == null) {
    throw new RangeError(
      `${fn}: no '${SIGMOID}' kernel is registered for backend '${backend}' (import '@tensorflow/tfjs-backend-cpu' first, or check the backend name)`,
    );
  }
  if (markOf<KernelMark>(original) !== undefined) {
    throw new Error(
      `${fn}: sigmoid-wasm's kernels are registered for backend '${backend}' already; call restore() on that registration (or unregisterSigmoidKernels(tf)) first`,
    );
  }

  // The gradient config: shared by all the backends registered at a time.
  const currentGrad = tf.getGradient(SIGMOID);
  let grad = currentGrad as Marked<TfGradConfig, GradMark> | undefined;
  if (markOf<GradMark>(currentGrad) === undefined) {
    grad = gradConfigs(tf, currentGrad ?? undefined);
    tf.registerGradient(grad);
    tf.registerGradient(grad[MARK].secondOrder);
  }
  const gradMark = grad![MARK];
  const gradConfig = grad!;
  gradMark.backends.add(backend);

  if (tf.getKernel(GRAD, backend) != null) tf.unregisterKernel(GRAD, backend);
  tf.registerKernel({ kernelName: GRAD, backendName: backend, kernelFunc: gradKernelFunc });

  const state = { restored: false };
  const restore = (): void => {
    if (state.restored) return;
    const current = tf.getKernel(SIGMOID, backend);
    if (current !== config) {
      throw new Error(
        `restore: the '${SIGMOID}' kernel of backend '${backend}' was ${current == null ? 'unregistered' : 'replaced'} after registerSigmoidKernels, ` +
          'restore that registration first (last in, first out)',
      );
    }
    tf.unregisterKernel(SIGMOID, backend);
    tf.registerKernel(original);
    if (tf.getKernel(GRAD, backend) != null) tf.unregisterKernel(GRAD, backend);
    gradMark.backends.delete(backend);
    if (gradMark.backends.size === 0) {
      // Only undo what is still ours: a gradient registered since stays.
      if (tf.getGradient(SIGMOID) === gradConfig) {
        if (gradMark.original !== undefined) tf.registerGradient(gradMark.original);
        else tf.unregisterGradient(SIGMOID);
      }
      if (tf.getGradient(GRAD) === gradMark.secondOrder) tf.unregisterGradient(GRAD);
    }
    state.restored = true;
  };
  const config = mark<TfKernelConfig, KernelMark>(
    {
      kernelName: SIGMOID,
      backendName: backend,
      kernelFunc: sigmoidKernelFunc(original),
      // A backend initialised while this config is registered runs these.
      ...(original.setupFunc === undefined ? {} : { setupFunc: original.setupFunc }),
      ...(original.disposeFunc === undefined ? {} : { disposeFunc: original.disposeFunc }),
    },
    { restore, state },
  );
  tf.unregisterKernel(SIGMOID, backend);
  tf.registerKernel(config);

  return {
    backend,
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
