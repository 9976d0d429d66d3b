// The benchmark's portable core: the tasks and the measuring loop, shared by
// npm run bench (bench/run.mjs, in Node) and the engine matrix
// (bench/engines.mjs, in each engine's own process: Node, Deno, Bun, and the
// browsers through bench/browser/). It imports nothing but tinybench, so it
// runs anywhere.
//
// Method (tinybench 6): for each size, every task runs once per round, the
// rounds interleaved (the task order rotates each round), each task inside a
// round being a tinybench run with warm-up; a task's rate in a round is
// n / its median latency. Ratios are taken per round between tasks of the
// same round (so a slow spell of the shared machine hits both sides), then
// the median over rounds is reported, with the min-max spread. Every task
// consumes its result (a checksum that is reported), so no work can be
// skipped.
import { Bench } from 'tinybench';

/** Deterministic inputs: uniform in [lo, hi). */
export function uniform(Type, n, lo, hi, seed) {
  const a = new Type(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  return a;
}

let sink = 0; // every task adds to it: results are consumed

/** The sum of every task's results so far (printed, so nothing can be skipped). */
export const checksum = () => sink;

/** Every operation the benchmark knows, in table order. */
export const OPS = Object.freeze(['sigmoid', 'derivative', 'sigmoidWithDerivative', 'backward']);

/** The name of a kernel's tier and build, for row labels. */
const kernelLabel = (k) => `sigmoid-wasm ${k.precision}${k.relaxed ? ' (relaxed SIMD)' : k.simd ? '' : ' (scalar build)'}`;

/**
 * The rows of this package: `simd` (the main kernel: JS arrays and
 * zero-copy, every op; ids copy:/zero:), then, zero-copy only, `plain` (the
 * fast tier's plain SIMD build where the main one is relaxed; ids plain:),
 * `scalar` (the scalar build, scalarOps; ids scalar:) and `accurate` (the
 * other tier, JS arrays and zero-copy; ids acc-copy:/acc:).
 */
function packageRows({ simd, plain, scalar, accurate }, ops, scalarOps) {
  const rows = [{ prefix: 'zero', copy: 'copy', kernel: simd, label: kernelLabel(simd), rowOps: ops }];
  if (plain) rows.push({ prefix: 'plain', copy: null, kernel: plain, label: `${kernelLabel(plain)}, plain SIMD build`, rowOps: scalarOps });
  if (scalar) rows.push({ prefix: 'scalar', copy: null, kernel: scalar, label: kernelLabel(scalar), rowOps: scalarOps });
  if (accurate) rows.push({ prefix: 'acc', copy: 'acc-copy', kernel: accurate, label: kernelLabel(accurate), rowOps: ops.filter((op) => op !== 'backward') });
  return rows;
}

/**
 * The tasks for one size. Each has an id, the row it belongs to, the op and
 * dtype (to find its baseline: the plain JS loop of the same op and dtype),
 * and `fn`, which processes `n` elements once.
 *
 * - kernels: { simd, scalar?, plain?, accurate? }: the main kernel (createKernel()),
 *   and optional others (see packageRows)
 * - ops, dtypes: which operations and element types (plain JS loop, JS arrays, zero-copy)
 * - scalarOps: the ops that also get a scalar-build row (zero-copy)
 * - ceiling: add the copy ceiling `out.set(x)`
 * - peers: loaded peers with the bench/peers.mjs interface (float32 sigmoid only):
 *   'tfjs-wasm' (kernel alone and end to end), 'tfjs-cpu', 'onnxruntime-web'
 * - tfjsCpu: { registerSigmoidKernels, tfCore } to add tf.sigmoid on the cpu
 *   backend with this package's kernels registered (sigmoid-wasm/tfjs)
 */
export function makeTasks(n, { kernels, ops = OPS, dtypes = ['float32', 'float64'], scalarOps = [], ceiling = false, peers = null, tfjsCpu = null }) {
  const tasks = [];
  const add = (task) => tasks.push(task);
  const { simd } = kernels;

  for (const dtype of dtypes) {
    const Type = dtype === 'float32' ? Float32Array : Float64Array;
    const x = uniform(Type, n, -10, 10, 1);
    const y = simd.sigmoid(x); // a saved forward output, for backward
    const dy = uniform(Type, n, -1, 1, 2);
    const out = new Type(n);
    const out2 = new Type(n);
    const alloc = (k, init) => (dtype === 'float32' ? k.allocFloat32(init) : k.allocFloat64(init));
    const allocAll = (k) => ({ x: alloc(k, x), y: alloc(k, y), dy: alloc(k, dy), out: alloc(k, n), out2: alloc(k, n) });
    const w = allocAll(simd);
    const last = n - 1;

    // The plain JS loops: what users write.
    add({ id: `js:sigmoid:${dtype}`, row: 'plain JS loop', impl: 'js', op: 'sigmoid', dtype, fn: () => {
      for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
      sink += out[last];
    } });
    if (ops.includes('derivative')) {
      add({ id: `js:derivative:${dtype}`, row: 'plain JS loop', impl: 'js', op: 'derivative', dtype, fn: () => {
        for (let i = 0; i < n; i++) {
          const s = 1 / (1 + Math.exp(-x[i]));
          out[i] = s * (1 - s);
        }
        sink += out[last];
      } });
    }
    if (ops.includes('sigmoidWithDerivative')) {
      add({ id: `js:sigmoidWithDerivative:${dtype}`, row: 'plain JS loop', impl: 'js', op: 'sigmoidWithDerivative', dtype, fn: () => {
        for (let i = 0; i < n; i++) {
          const s = 1 / (1 + Math.exp(-x[i]));
          out[i] = s;
          out2[i] = s * (1 - s);
        }
        sink += out[last] + out2[last];
      } });
    }
    if (ops.includes('backward')) {
      add({ id: `js:backward:${dtype}`, row: 'plain JS loop', impl: 'js', op: 'backward', dtype, fn: () => {
        for (let i = 0; i < n; i++) out[i] = dy[i] * y[i] * (1 - y[i]);
        sink += out[last];
      } });
    }

    // This package, each kernel in `kernels` a set of rows: arrays in JS
    // memory (copies through the scratch region) and zero-copy arrays in
    // wasm memory for the main kernels, zero-copy only for the others.
    for (const { prefix, kernel, label, copy, rowOps } of packageRows(kernels, ops, scalarOps)) {
      const wk = prefix === 'zero' || prefix === 'copy' ? w : allocAll(kernel);
      for (const op of rowOps) {
        if (copy) {
          add({ id: `${copy}:${op}:${dtype}`, row: `${label}, JS arrays`, impl: copy, op, dtype, fn: () => {
            if (op === 'sigmoid') kernel.sigmoid(x, out);
            else if (op === 'derivative') kernel.sigmoidDerivative(x, out);
            else if (op === 'sigmoidWithDerivative') kernel.sigmoidWithDerivative(x, out, out2);
            else kernel.sigmoidBackward(y, dy, out);
            sink += out[last];
          } });
        }
        add({ id: `${prefix}:${op}:${dtype}`, row: `${label}, zero-copy`, impl: prefix, op, dtype, fn: () => {
          if (op === 'sigmoid') kernel.sigmoid(wk.x, wk.out);
          else if (op === 'derivative') kernel.sigmoidDerivative(wk.x, wk.out);
          else if (op === 'sigmoidWithDerivative') kernel.sigmoidWithDerivative(wk.x, wk.out, wk.out2);
          else kernel.sigmoidBackward(wk.y, wk.dy, wk.out);
          sink += wk.out.array[last];
        } });
      }
    }

    if (ceiling) {
      add({ id: `copyceiling:sigmoid:${dtype}`, row: 'copy ceiling: out.set(x)', impl: 'ceiling', op: 'sigmoid', dtype, fn: () => {
        out.set(x);
        sink += out[last];
      } });
    }

    // Peers (float32): TF.js wasm (kernel alone and end to end), onnxruntime-web.
    if (peers && dtype === 'float32') {
      const tf = peers.find((p) => p.name === 'tfjs-wasm');
      const ort = peers.find((p) => p.name === 'onnxruntime-web');
      if (tf) {
        const k = tf.kernel(x);
        add({ id: 'tfjs-kernel:sigmoid:float32', row: 'TensorFlow.js wasm, kernel alone', impl: 'tfjs-kernel', op: 'sigmoid', dtype, dispose: () => k.dispose(), fn: () => {
          k.run();
          sink += 1;
        } });
        add({ id: 'tfjs-e2e:sigmoid:float32', row: 'TensorFlow.js wasm, end to end', impl: 'tfjs-e2e', op: 'sigmoid', dtype, async: true, fn: async () => {
          const r = await tf.sigmoid(x);
          sink += r[last];
        } });
      }
      const cpu = peers.find((p) => p.name === 'tfjs-cpu');
      if (cpu && tfjsCpu) {
        const { registerSigmoidKernels, tfCore } = tfjsCpu;
        // tf.sigmoid on TF.js's cpu backend, before and after registering this
        // package's kernels (sigmoid-wasm/tfjs); each task registers in its own
        // phase and restores after it.
        const k = cpu.kernel(x);
        let registration = null;
        add({ id: 'tfjs-cpu:sigmoid:float32', row: 'TensorFlow.js cpu, tf.sigmoid', impl: 'tfjs-cpu', op: 'sigmoid', dtype, dispose: () => k.dispose(), fn: () => {
          k.run();
          sink += 1;
        } });
        add({ id: 'tfjs-cpu-registered:sigmoid:float32', row: 'TensorFlow.js cpu, tf.sigmoid with sigmoid-wasm/tfjs', impl: 'tfjs-cpu-registered', op: 'sigmoid', dtype,
          hooks: {
            beforeAll: () => { registration = registerSigmoidKernels(tfCore, { backend: 'cpu' }); },
            afterAll: () => { registration?.restore(); registration = null; },
          },
          fn: () => {
            k.run();
            sink += 1;
          } });
      }
      if (ort) {
        add({ id: 'ort:sigmoid:float32', row: 'onnxruntime-web (wasm, 1 thread), end to end', impl: 'ort', op: 'sigmoid', dtype, async: true, fn: async () => {
          const r = await ort.sigmoid(x);
          sink += r[last];
        } });
      }
    }
  }
  return tasks;
}

/**
 * Repetitions per timed sample, so that one sample is long enough for the
 * clock: `minElements` elements at least (30,000 by default: about 30 µs at
 * 1 ns an element; browsers coarsen performance.now(), so the browser pages
 * ask for more).
 */
export const repsFor = (n, minElements = 30_000) => Math.max(1, Math.ceil(minElements / n));

/**
 * Runs every task `rounds` times, interleaved; returns id -> the rate of
 * each round, in million elements per second.
 */
export async function measure(n, tasks, rounds, quick, { minElements } = {}) {
  const reps = repsFor(n, minElements);
  const rates = Object.fromEntries(tasks.map((t) => [t.id, []]));
  for (let r = 0; r < rounds; r++) {
    const bench = new Bench({
      time: quick ? 60 : n >= 1e7 ? 250 : 120,
      iterations: n >= 1e6 ? 3 : 10,
      warmup: true,
      warmupTime: quick ? 20 : 40,
      warmupIterations: n >= 1e6 ? 1 : 5,
    });
    const order = tasks.map((_, i) => tasks[(i + r) % tasks.length]);
    for (const t of order) {
      if (t.async) {
        bench.add(t.id, async () => {
          for (let k = 0; k < reps; k++) await t.fn();
        }, t.hooks);
      } else {
        bench.add(t.id, () => {
          for (let k = 0; k < reps; k++) t.fn();
        }, t.hooks);
      }
    }
    await bench.run();
    for (const task of bench.tasks) {
      const ms = task.result.latency.p50;
      rates[task.name].push((n * reps) / ms / 1e3); // million elements per second
    }
  }
  return rates;
}

export const median = (a) => {
  const s = [...a].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Median over rounds of the per-round ratio a / b, with its min and max. */
export function ratio(ratesA, ratesB) {
  const per = ratesA.map((v, i) => v / ratesB[i]);
  return { median: median(per), min: Math.min(...per), max: Math.max(...per) };
}


/**
 * One result row per task: its median rate and spread, and its ratios
 * (per round, then the median) to the plain JS loop of the same op and type
 * and, for float32 sigmoid, to TensorFlow.js wasm's kernel and end to end.
 */
export function summarize(n, tasks, rates) {
  const tfKernel = rates['tfjs-kernel:sigmoid:float32'];
  const tfE2e = rates['tfjs-e2e:sigmoid:float32'];
  return tasks.map((t) => {
    const baseline = rates[`js:${t.op}:${t.dtype}`] ?? rates[`js:sigmoid:${t.dtype}`];
    const f32sigmoid = t.dtype === 'float32' && t.op === 'sigmoid';
    // TF.js's kernel of the same op (tf.sigmoid, and in the family run tf.tanh, tf.softplus).
    const tfOwn = t.dtype === 'float32' ? rates[`tfjs-kernel:${t.op}:float32`] ?? (f32sigmoid ? tfKernel : undefined) : undefined;
    return {
      n,
      id: t.id,
      row: t.row,
      impl: t.impl,
      op: t.op,
      dtype: t.dtype,
      mElementsPerSecond: median(rates[t.id]),
      spread: { min: Math.min(...rates[t.id]), max: Math.max(...rates[t.id]) },
      vsPlainJs: ratio(rates[t.id], baseline),
      vsTfjsKernel: tfOwn ? ratio(rates[t.id], tfOwn) : null,
      vsTfjsEndToEnd: f32sigmoid && tfE2e ? ratio(rates[t.id], tfE2e) : null,
    };
  });
}

/**
 * TensorFlow.js's wasm backend as a peer, from a `tf` whose 'wasm' backend
 * is already active, in any engine (bench/peers.mjs has the Node-only
 * adapter with more checks; this one is what the engine matrix needs).
 * "kernel alone": tf.sigmoid on an existing tensor, result disposed;
 * "end to end": Float32Array in, read-back Float32Array out.
 */
export function tfjsWasmPeer(tf) {
  if (tf.getBackend() !== 'wasm') throw new Error(`TF.js backend is '${tf.getBackend()}', not 'wasm'`);
  return {
    name: 'tfjs-wasm',
    kernel: (x, op = 'sigmoid') => {
      const f = { sigmoid: tf.sigmoid, tanh: tf.tanh, softplus: tf.softplus }[op];
      const t = tf.tensor1d(x, 'float32');
      return { run: () => f(t).dispose(), dispose: () => t.dispose() };
    },
    sigmoid: async (x) => {
      const t = tf.tensor1d(x, 'float32');
      const y = tf.sigmoid(t);
      t.dispose();
      try {
        return await y.data();
      } finally {
        y.dispose();
      }
    },
    dispose: () => {},
  };
}

/** What the engine matrix measures in every engine (bench/engines.mjs). */
export const MATRIX = Object.freeze({
  sizes: [1e2, 1e4, 1e5, 1e6],
  rounds: 5,
  ops: ['sigmoid', 'derivative', 'backward'],
  dtypes: ['float32', 'float64'],
  scalarOps: ['sigmoid'],
});

/**
 * The engine matrix's run in this engine: this package (JS arrays,
 * zero-copy, scalar build), the plain JS loops and, when `tf` is given
 * (with its wasm backend active), TensorFlow.js wasm. Returns the result
 * rows and the checksum.
 */
export async function runMatrix({ createKernel, tf = null, sizes = MATRIX.sizes, rounds = MATRIX.rounds, minElements, log = () => {} }) {
  // The default kernel (fast tier, relaxed SIMD where the engine has it),
  // the fast tier's plain SIMD build when that differs, the scalar build,
  // and the accurate tier.
  const simd = createKernel();
  const kernels = {
    simd,
    plain: simd.relaxed ? createKernel({ relaxed: false }) : null,
    scalar: createKernel({ simd: false }),
    accurate: createKernel({ precision: 'accurate' }),
  };
  const peers = tf ? [tfjsWasmPeer(tf)] : null;
  const results = [];
  for (const n of sizes) {
    const tasks = makeTasks(n, { kernels, ops: MATRIX.ops, dtypes: MATRIX.dtypes, scalarOps: MATRIX.scalarOps, peers });
    log(`  n = ${n}: ${tasks.length} tasks x ${rounds} rounds`);
    const rates = await measure(n, tasks, rounds, false, { minElements });
    results.push(...summarize(n, tasks, rates));
    for (const t of tasks) t.dispose?.();
  }
  return { simd: simd.simd, relaxed: simd.relaxed, results, checksum: checksum() };
}

/**
 * The sigmoid family in the engine matrix (issue 11): each function of the
 * family, float32, on zero-copy arrays of the default kernel, against the
 * plain JS formula loop over Float32Arrays and, for tanh and softplus,
 * TensorFlow.js wasm's kernel alone (`tf.tanh`, `tf.softplus` on an existing
 * tensor, result disposed). `js` is the loop a user writes; `inputs` which
 * arrays the function reads: x uniform in [-10, 10], y targets in {0, 1}
 * (half each, shuffled), p uniform in (0, 1).
 */
export const FAMILY = Object.freeze({
  sizes: [1e4, 1e6],
  rounds: 5,
  functions: Object.freeze([
    { op: 'tanh', inputs: 'x', js: 'Math.tanh(x)', tfjs: true },
    { op: 'tanhDerivative', inputs: 'x', js: 't = Math.tanh(x); 1 - t * t' },
    { op: 'silu', inputs: 'x', js: 'x / (1 + Math.exp(-x))' },
    { op: 'siluDerivative', inputs: 'x', js: 's = 1 / (1 + Math.exp(-x)); s * (1 + x * (1 - s))' },
    { op: 'softplus', inputs: 'x', js: 'Math.log1p(Math.exp(x))', tfjs: true },
    { op: 'logSigmoid', inputs: 'x', js: '-Math.log1p(Math.exp(-x))' },
    { op: 'logit', inputs: 'p', js: 'Math.log(p / (1 - p))' },
    { op: 'binaryCrossEntropyWithLogits', inputs: 'x, y', js: 'Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)))' },
    { op: 'binaryCrossEntropyWithLogitsGradient', inputs: 'x, y', js: '1 / (1 + Math.exp(-x)) - y' },
  ].map(Object.freeze)),
});

/** Targets in {0, 1}, exactly half of each (n even), shuffled from a fixed seed. */
export function binaryTargets(Type, n, seed) {
  const a = new Type(n);
  for (let i = n >> 1; i < n; i++) a[i] = 1;
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = Math.floor((s / 2 ** 32) * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/**
 * The family's tasks for one size: per function the plain JS loop (id
 * js:<op>:float32) and this package on zero-copy arrays (zero:<op>:float32);
 * with `tf` (a tfjsWasmPeer), tfjs-kernel:tanh:float32 and
 * tfjs-kernel:softplus:float32. summarize() gives each row its ratio to the
 * plain JS loop of the same function and, where TF.js has the kernel, to it.
 * Returns the tasks and `dispose` (frees the tensors and the wasm arrays).
 */
export function makeFamilyTasks(n, { kernel, tf = null }) {
  const tasks = [];
  const dtype = 'float32';
  const x = uniform(Float32Array, n, -10, 10, 1);
  const y = binaryTargets(Float32Array, n, 4);
  // p in (0, 1): 1 - 2^-24 is the largest float32 below 1, so nothing rounds to 0 or 1.
  const p = uniform(Float32Array, n, 2 ** -24, 1 - 2 ** -24, 3);
  const out = new Float32Array(n);
  const w = { x: kernel.allocFloat32(x), y: kernel.allocFloat32(y), p: kernel.allocFloat32(p), out: kernel.allocFloat32(n) };
  const last = n - 1;
  const label = `${kernelLabel(kernel)}, zero-copy`;

  // The plain JS formula loops, one per function, written out (no closures
  // in the loop body), as a user would.
  const loops = {
    tanh: () => { for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]); },
    tanhDerivative: () => {
      for (let i = 0; i < n; i++) {
        const t = Math.tanh(x[i]);
        out[i] = 1 - t * t;
      }
    },
    silu: () => {
      for (let i = 0; i < n; i++) {
        const v = x[i];
        out[i] = v / (1 + Math.exp(-v));
      }
    },
    siluDerivative: () => {
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const s = 1 / (1 + Math.exp(-v));
        out[i] = s * (1 + v * (1 - s));
      }
    },
    softplus: () => { for (let i = 0; i < n; i++) out[i] = Math.log1p(Math.exp(x[i])); },
    logSigmoid: () => { for (let i = 0; i < n; i++) out[i] = -Math.log1p(Math.exp(-x[i])); },
    logit: () => {
      for (let i = 0; i < n; i++) {
        const v = p[i];
        out[i] = Math.log(v / (1 - v));
      }
    },
    binaryCrossEntropyWithLogits: () => {
      for (let i = 0; i < n; i++) {
        const v = x[i];
        out[i] = Math.max(v, 0) - v * y[i] + Math.log1p(Math.exp(-Math.abs(v)));
      }
    },
    binaryCrossEntropyWithLogitsGradient: () => {
      for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i])) - y[i];
    },
  };
  // This package, the Kernel methods on WasmArrays (nothing copied).
  const lossOptions = { reduction: 'none', out: w.out };
  const ours = {
    tanh: () => kernel.tanh(w.x, w.out),
    tanhDerivative: () => kernel.tanhDerivative(w.x, w.out),
    silu: () => kernel.silu(w.x, w.out),
    siluDerivative: () => kernel.siluDerivative(w.x, w.out),
    softplus: () => kernel.softplus(w.x, w.out),
    logSigmoid: () => kernel.logSigmoid(w.x, w.out),
    logit: () => kernel.logit(w.p, w.out),
    binaryCrossEntropyWithLogits: () => kernel.binaryCrossEntropyWithLogits(w.x, w.y, lossOptions),
    binaryCrossEntropyWithLogitsGradient: () => kernel.binaryCrossEntropyWithLogitsGradient(w.x, w.y, w.out),
  };

  for (const { op, tfjs } of FAMILY.functions) {
    const loop = loops[op];
    const run = ours[op];
    // Once before timing: both sides compute the same function (a wiring check,
    // not the accuracy test: 1e-5 of max(1, |value|)).
    loop();
    run();
    for (let i = 0; i < n; i++) {
      const a = w.out.array[i];
      const b = out[i];
      if (!(Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b)))) {
        throw new Error(`family benchmark: ${op} at element ${i} gives ${a}, the plain JS loop ${b}`);
      }
    }
    tasks.push({ id: `js:${op}:${dtype}`, row: 'plain JS loop', impl: 'js', op, dtype, fn: () => {
      loop();
      sink += out[last];
    } });
    tasks.push({ id: `zero:${op}:${dtype}`, row: label, impl: 'zero', op, dtype, fn: () => {
      run();
      sink += w.out.array[last];
    } });
    if (tfjs && tf) {
      const k = tf.kernel(x, op);
      tasks.push({ id: `tfjs-kernel:${op}:${dtype}`, row: 'TensorFlow.js wasm, kernel alone', impl: 'tfjs-kernel', op, dtype, dispose: () => k.dispose(), fn: () => {
        k.run();
        sink += 1;
      } });
    }
  }
  const dispose = () => {
    for (const t of tasks) t.dispose?.();
    for (const a of Object.values(w)) a.free();
  };
  return { tasks, dispose };
}

/**
 * The family's part of the engine matrix in this engine: makeFamilyTasks at
 * each size, interleaved rounds as the rest. Returns the result rows (as
 * summarize gives them), the rounds, the time and the checksum.
 */
export async function runFamily({ createKernel, tf = null, sizes = FAMILY.sizes, rounds = FAMILY.rounds, minElements, log = () => {} }) {
  const kernel = createKernel();
  const peer = tf ? tfjsWasmPeer(tf) : null;
  const started = performance.now();
  const results = [];
  for (const n of sizes) {
    const { tasks, dispose } = makeFamilyTasks(n, { kernel, tf: peer });
    log(`  family, n = ${n}: ${tasks.length} tasks x ${rounds} rounds`);
    const rates = await measure(n, tasks, rounds, false, { minElements });
    results.push(...summarize(n, tasks, rates));
    dispose();
  }
  return {
    simd: kernel.simd,
    relaxed: kernel.relaxed,
    precision: kernel.precision,
    rounds,
    seconds: Math.round((performance.now() - started) / 1000),
    results,
    checksum: checksum(),
  };
}
