// The benchmark's portable core: the tasks and the measuring loop, shared by
// npm run bench (bench/run.mjs, in Node) and the engine matrix
// (bench/engines.mjs, in each engine's own process: Node, Deno, Bun, and the
// browsers through bench/browser/). It imports tinybench and the table of
// operations (dist/table.js) and nothing else, so it runs anywhere.
//
// The tasks come from the table: per entry and element type, the plain JS
// loop of its formula (`spec.js`; `spec.js2` too for a pair), this package's
// function on JS arrays and on zero-copy arrays in each tier, and TF.js
// wasm's kernel where TF.js has the op. A new entry is benchmarked with no
// change here.
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

import { byRows } from '../dist/op.js';
import { OPS } from '../dist/table.js';

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

/** Targets: the values in turn (for [0, 1], exactly half of each when n is even), shuffled from a fixed seed. */
export function targetsOf(Type, n, values, seed) {
  const a = new Type(n);
  for (let i = 0; i < n; i++) a[i] = values[i % values.length];
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

let sink = 0; // every task adds to it: results are consumed

/** The sum of every task's results so far (printed, so nothing can be skipped). */
export const checksum = () => sink;

/** TF.js's op of an entry of the table, where TF.js has one (its wasm backend runs XNNPACK's kernels). */
export const TFJS_OPS = Object.freeze({ sigmoid: 'sigmoid', tanh: 'tanh', softplus: 'softplus', softmax: 'softmax', logSoftmax: 'logSoftmax' });

/**
 * The row lengths the entries over rows (softmax, logSoftmax) are measured
 * at, where n holds one: a row of 1000 (a classifier's) under the entry's own
 * name, 32768 (a long attention row) as `<name>@32768`; a size that is not a
 * multiple runs its whole rows only (both sides of a ratio alike).
 */
export const ROW_LENGTHS = Object.freeze([1000, 32768]);
export const rowOpName = (name, rowLength) => (rowLength === ROW_LENGTHS[0] ? name : `${name}@${rowLength}`);

/** A row's maximum: the first pass of every plain JS loop over rows. */
function rowMax(x, o, len) {
  let m = -Infinity;
  for (let i = 0; i < len; i++) if (x[o + i] > m) m = x[o + i];
  return m;
}

/** A row's sum of e^(x_i - m): the second pass. */
function rowSumExp(x, o, len, m) {
  let s = 0;
  for (let i = 0; i < len; i++) s += Math.exp(x[o + i] - m);
  return s;
}

/** The plain JS softmax of each row, in three passes (max; exponentials, stored, and their sum; divide). */
function plainSoftmax(rows, len, x, _b, out) {
  for (let r = 0; r < rows; r++) {
    const o = r * len;
    const m = rowMax(x, o, len);
    let s = 0;
    for (let i = 0; i < len; i++) s += out[o + i] = Math.exp(x[o + i] - m);
    for (let i = 0; i < len; i++) out[o + i] /= s;
  }
}

/**
 * The plain JS loop over rows users write, per entry over rows: `(rows,
 * len, x, b, out)`, b the second input (dy, or a class index per row), and
 * its row label: softmax and log-softmax in three passes (max; exponentials
 * and their sum; divide or subtract the log), the backward step in two (the
 * sum of dy y; y (dy - sum)), the loss of a class index in three (max; sum;
 * the loss) and its gradient as the softmax, minus 1 at the class.
 */
function plainRows(name) {
  const three = 'plain JS loop (three passes a row)';
  switch (name) {
    case 'softmax':
      return [three, plainSoftmax];
    case 'logSoftmax':
      return [three, (rows, len, x, _b, out) => {
        for (let r = 0; r < rows; r++) {
          const o = r * len;
          const m = rowMax(x, o, len);
          const l = Math.log(rowSumExp(x, o, len, m));
          for (let i = 0; i < len; i++) out[o + i] = x[o + i] - m - l;
        }
      }];
    case 'softmaxBackward':
      return ['plain JS loop (two passes a row)', (rows, len, y, dy, out) => {
        for (let r = 0; r < rows; r++) {
          const o = r * len;
          let s = 0;
          for (let i = 0; i < len; i++) s += dy[o + i] * y[o + i];
          for (let i = 0; i < len; i++) out[o + i] = y[o + i] * (dy[o + i] - s);
        }
      }];
    case 'softmaxCrossEntropyWithLogits':
      return [three, (rows, len, x, classes, out) => {
        for (let r = 0; r < rows; r++) {
          const o = r * len;
          const m = rowMax(x, o, len);
          out[r] = m + Math.log(rowSumExp(x, o, len, m)) - x[o + classes[r]];
        }
      }];
    case 'softmaxCrossEntropyWithLogitsGradient':
      return [three, (rows, len, x, classes, out) => {
        plainSoftmax(rows, len, x, undefined, out);
        for (let r = 0; r < rows; r++) out[r * len + classes[r]] -= 1;
      }];
  }
  throw new Error(`bench: no plain JS loop over rows for ${name}`);
}

/**
 * The entries a selection names: 'all', a section of the table ('sigmoid',
 * 'family'), or function names, comma-separated ('tanh,silu'); an array of
 * those works too. Throws an Error listing the names for an unknown one.
 * The entries come back in the table's order.
 */
export function selectOps(selection = 'all') {
  const words = (Array.isArray(selection) ? selection : String(selection).split(',')).map((w) => w.trim()).filter(Boolean);
  const chosen = new Set();
  for (const w of words) {
    const hits = w === 'all' ? OPS : OPS.filter((s) => s.section === w || s.name === w);
    if (!hits.length) throw new Error(`no function or section '${w}' in the table (all, sigmoid, family, ${OPS.map((s) => s.name).join(', ')})`);
    for (const s of hits) chosen.add(s);
  }
  return OPS.filter((s) => chosen.has(s));
}

/** The entries a run measures: the selection, with the sigmoid added (every row's `vsSigmoid` is against it). */
export const withSigmoid = (ops) => OPS.filter((s) => s.name === 'sigmoid' || ops.includes(s));

/** The id prefix, label and fields of this package's rows: tier x where the arrays live, and the builds. */
const ROWS = {
  copy: { precision: 'fast', access: 'copy' },
  zero: { precision: 'fast', access: 'zero' },
  'acc-copy': { precision: 'accurate', access: 'copy' },
  acc: { precision: 'accurate', access: 'zero' },
  plain: { precision: 'fast', access: 'zero', build: 'simd' },
  scalar: { precision: 'fast', access: 'zero', build: 'scalar' },
};

/** The name of a kernel's tier and build, for row labels. */
const kernelLabel = (k) => `sigmoid-wasm ${k.precision}${k.relaxed ? ' (relaxed SIMD)' : k.simd ? '' : ' (scalar build)'}`;
const buildOf = (k) => (k.relaxed ? 'relaxed' : k.simd ? 'simd' : 'scalar');

/**
 * Whether the entry's two tiers run one kernel for this type (the same wasm
 * function, the same bits: `sameAs` in the table): the accurate rows are then
 * not measured again but copied from the fast ones (bench rows with `sameAs`).
 */
export const oneKernel = (spec, dtype) => spec.kernels[dtype].fast.sameAs === 'accurate' || spec.kernels[dtype].accurate.sameAs === 'fast';

/**
 * The plain JS loop of an entry: its formula (`spec.js`, and `spec.js2` for a
 * pair's second result) compiled into a loop of its own with `new Function`,
 * so that every loop has its own call site, sees one array type and gets the
 * formula inlined by the JIT, as a hand-written loop would.
 */
function plainLoop(spec) {
  const f = `const f = ${String(spec.js)};\n`;
  if (spec.shape === 'pair') {
    return new Function(`${f}const g = ${String(spec.js2)};\nreturn function loop(n, a, b, out, out2) {\n  for (let i = 0; i < n; i++) {\n    const v = a[i];\n    out[i] = f(v);\n    out2[i] = g(v);\n  }\n};`)();
  }
  const call = spec.shape === 'unary' ? 'f(a[i])' : 'f(a[i], b[i])';
  return new Function(`${f}return function loop(n, a, b, out, out2) {\n  for (let i = 0; i < n; i++) out[i] = ${call};\n};`)();
}

/**
 * The entry's function on a kernel, as a call of (a, b, out, out2) with the
 * arguments its shape takes (a loss: per element, into `out`, its options
 * made once). Compiled per kernel and entry, so each has its own call site.
 */
function packageCall(spec, kernel, out) {
  const args = { unary: 'a, out', pair: 'a, out, out2', binary: 'a, b, out', loss: 'a, b, options' }[spec.shape];
  if (args === undefined) throw new Error(`bench: no call for shape '${spec.shape}' (${spec.name})`);
  if (!/^[A-Za-z_$][\w$]*$/.test(spec.name)) throw new Error(`bench: '${spec.name}' is not a method name`);
  return new Function('kernel', 'options', `return function call(a, b, out, out2) {\n  return kernel.${spec.name}(${args});\n};`)(kernel, { reduction: 'none', out });
}

/**
 * The inputs of one type, shared by every entry: x uniform in [-10, 10]
 * ('real'), p uniform in (0, 1) ('probability'), y = sigmoid(x), a saved
 * forward output ('output'), a gradient dy uniform in [-1, 1], and targets
 * per list of target values; the outputs out and out2.
 */
function inputsOf(Type, n, fast) {
  const x = uniform(Type, n, -10, 10, 1);
  const arrays = {
    x,
    // p in (0, 1): 1 - 2^-24 is the largest float32 below 1, so nothing rounds to 0 or 1.
    p: uniform(Type, n, 2 ** -24, 1 - 2 ** -24, 3),
    y: fast.sigmoid(x),
    dy: uniform(Type, n, -1, 1, 2),
    out: new Type(n),
    out2: new Type(n),
  };
  return {
    arrays,
    /** The array of an input, by name ('x', 'p', 'y', 'dy', 'targets:0,1'), made on first use. */
    get(name) {
      if (!(name in arrays)) arrays[name] = targetsOf(Type, n, name.slice('targets:'.length).split(',').map(Number), 4);
      return arrays[name];
    },
  };
}

/** The names of an entry's two inputs (the second null for one input). */
function operandsOf(spec) {
  const first = { real: 'x', probability: 'p', output: 'y' }[spec.domain];
  if (first === undefined) throw new Error(`bench: no inputs for domain '${spec.domain}' (${spec.name})`);
  if (spec.shape === 'unary' || spec.shape === 'pair') return [first, null];
  return [first, spec.targets ? `targets:${spec.targets.join(',')}` : 'dy'];
}

/**
 * The tasks for one size. Each has an id (`<impl>:<name>:<dtype>`), the row
 * it belongs to, the entry's name (`op`) and dtype, the tier, the arrays
 * (`access`: 'copy' for JS arrays, 'zero' for zero-copy), build and kernel
 * (`algorithm`, the table's, so that a row measured before the kernel
 * changed can be told apart) where it is this package's, and `fn`, which
 * processes `n` elements once. A task
 * with `sameAs` is not measured: its results are those of the task it names
 * (the accurate tier running the fast tier's very kernel).
 *
 * - kernels: { fast, accurate?, plain?, scalar? }: createKernel(), the
 *   accurate tier, the fast tier's plain SIMD build where the main one is
 *   relaxed, the scalar build
 * - ops: the table's entries to measure (selectOps)
 * - dtypes: which element types
 * - buildOps: the entries' names that also get the plain-SIMD and scalar rows (zero-copy)
 * - ceiling: add the copy ceiling `out.set(x)`
 * - peers: loaded peers with the bench/peers.mjs interface: 'tfjs-wasm'
 *   (kernel alone for TFJS_OPS, end to end for the sigmoid), 'tfjs-cpu',
 *   'onnxruntime-web' (float32 sigmoid only)
 * - tfjsCpu: { registerSigmoidKernels, tfCore } to add tf.sigmoid on the cpu
 *   backend with this package's kernels registered (sigmoid-wasm/tfjs)
 * - check: run every package task once before timing and compare it with the
 *   plain JS loop (a wiring check, not the accuracy test)
 */
export function makeTasks(n, { kernels, ops = OPS, dtypes = ['float32', 'float64'], buildOps = [], ceiling = false, peers = null, tfjsCpu = null, check = true }) {
  const tasks = [];
  const add = (task) => tasks.push(task);
  const { fast } = kernels;
  const last = n - 1;
  const tiers = [
    { kernel: fast, copy: 'copy', zero: 'zero' },
    ...(kernels.accurate ? [{ kernel: kernels.accurate, copy: 'acc-copy', zero: 'acc' }] : []),
  ];
  const builds = [
    ...(kernels.plain ? [{ kernel: kernels.plain, zero: 'plain', label: `${kernelLabel(kernels.plain)}, plain SIMD build` }] : []),
    ...(kernels.scalar ? [{ kernel: kernels.scalar, zero: 'scalar', label: kernelLabel(kernels.scalar) }] : []),
  ];
  const allocs = [];

  /**
   * Tier t's row label and the fields of its rows (tier, where the arrays
   * live, build, the table's algorithm); null when it runs the fast tier's
   * very kernel (the entry's sameAs): its rows, added here, are then the
   * fast ones' and nothing is measured.
   */
  const tierRows = (t, { kernel, copy, zero }, spec, dtype, op) => {
    const label = kernelLabel(kernel);
    const fields = (impl) => ({ ...ROWS[impl], build: ROWS[impl].build ?? buildOf(kernel), algorithm: spec.kernels[dtype][ROWS[impl].precision].algorithm });
    if (t === 0 || !oneKernel(spec, dtype)) return { label, fields };
    add({ id: `${copy}:${op}:${dtype}`, row: `${label}, JS arrays`, impl: copy, op, dtype, ...fields(copy), sameAs: `copy:${op}:${dtype}` });
    add({ id: `${zero}:${op}:${dtype}`, row: `${label}, zero-copy`, impl: zero, op, dtype, ...fields(zero), sameAs: `zero:${op}:${dtype}` });
    return null;
  };

  for (const dtype of dtypes) {
    const Type = dtype === 'float32' ? Float32Array : Float64Array;
    const inputs = inputsOf(Type, n, fast);
    const { out, out2 } = inputs.arrays;
    // Each kernel's zero-copy arrays: a copy of an input in its memory, made on first use.
    const wasmArrays = new Map();
    const wasm = (kernel, name) => {
      let own = wasmArrays.get(kernel);
      if (!own) wasmArrays.set(kernel, (own = new Map()));
      if (!own.has(name)) {
        const src = name === 'out' || name === 'out2' ? n : inputs.get(name);
        const a = dtype === 'float32' ? kernel.allocFloat32(src) : kernel.allocFloat64(src);
        allocs.push(a);
        own.set(name, a);
      }
      return own.get(name);
    };

    for (const spec of ops) {
      if (byRows(spec)) {
        addRowTasks(spec, dtype, inputs);
        continue;
      }
      const op = spec.name;
      const [an, bn] = operandsOf(spec);
      const a = inputs.get(an);
      const b = bn === null ? null : inputs.get(bn);
      const pair = spec.shape === 'pair';
      const loop = plainLoop(spec);
      const consume = (o, o2) => { sink += pair ? o[last] + o2[last] : o[last]; };

      // The plain JS loop: what users write.
      add({ id: `js:${op}:${dtype}`, row: 'plain JS loop', impl: 'js', op, dtype, fn: () => {
        loop(n, a, b, out, out2);
        consume(out, out2);
      } });
      let reference = null;
      if (check) {
        loop(n, a, b, out, out2);
        reference = [out.slice(), pair ? out2.slice() : null];
      }
      /** Runs a task once and compares its output with the plain loop's (1e-5 of max(1, |value|)). */
      const verify = (id, run, o, o2) => {
        if (!check) return;
        run();
        for (const [got, want, k] of [[o(), reference[0], 0], ...(pair ? [[o2(), reference[1], 1]] : [])]) {
          for (let i = 0; i < n; i++) {
            if (!(Math.abs(got[i] - want[i]) <= 1e-5 * Math.max(1, Math.abs(want[i])))) {
              throw new Error(`benchmark wiring: ${id}${pair ? ` (output ${k})` : ''} at element ${i} gives ${got[i]}, the plain JS loop ${want[i]}`);
            }
          }
        }
      };

      // This package, in each tier: arrays in JS memory (copies through the
      // scratch region) and zero-copy arrays in wasm memory.
      for (const [t, tier] of tiers.entries()) {
        const rowsOf = tierRows(t, tier, spec, dtype, op);
        if (rowsOf === null) continue;
        const { kernel, copy, zero } = tier;
        const { label, fields } = rowsOf;
        const callCopy = packageCall(spec, kernel, out);
        const runCopy = () => callCopy(a, b, out, out2);
        verify(`${copy}:${op}:${dtype}`, runCopy, () => out, () => out2);
        add({ id: `${copy}:${op}:${dtype}`, row: `${label}, JS arrays`, impl: copy, op, dtype, ...fields(copy), fn: () => {
          runCopy();
          consume(out, out2);
        } });
        const [wa, wb, wo, wo2] = [wasm(kernel, an), bn === null ? null : wasm(kernel, bn), wasm(kernel, 'out'), pair ? wasm(kernel, 'out2') : null];
        const callZero = packageCall(spec, kernel, wo);
        const runZero = () => callZero(wa, wb, wo, wo2);
        verify(`${zero}:${op}:${dtype}`, runZero, () => wo.array, () => wo2.array);
        add({ id: `${zero}:${op}:${dtype}`, row: `${label}, zero-copy`, impl: zero, op, dtype, ...fields(zero), fn: () => {
          runZero();
          consume(wo.array, wo2?.array);
        } });
      }
      // Other builds of the fast tier, zero-copy.
      if (buildOps.includes(op)) {
        for (const { kernel, zero, label } of builds) {
          const [wa, wb, wo, wo2] = [wasm(kernel, an), bn === null ? null : wasm(kernel, bn), wasm(kernel, 'out'), pair ? wasm(kernel, 'out2') : null];
          const call = packageCall(spec, kernel, wo);
          const run = () => call(wa, wb, wo, wo2);
          verify(`${zero}:${op}:${dtype}`, run, () => wo.array, () => wo2.array);
          add({ id: `${zero}:${op}:${dtype}`, row: `${label}, zero-copy`, impl: zero, op, dtype, ...ROWS[zero], algorithm: spec.kernels[dtype].fast.algorithm, fn: () => {
            run();
            consume(wo.array, wo2?.array);
          } });
        }
      }

      // TensorFlow.js wasm's kernel of the same op, float32 (kernel alone; end to end for the sigmoid).
      const tf = peers?.find((p) => p.name === 'tfjs-wasm');
      if (tf && dtype === 'float32' && TFJS_OPS[op] && spec.shape === 'unary') {
        const k = tf.kernel(a, TFJS_OPS[op]);
        add({ id: `tfjs-kernel:${op}:float32`, row: 'TensorFlow.js wasm, kernel alone', impl: 'tfjs-kernel', op, dtype, dispose: () => k.dispose(), fn: () => {
          k.run();
          sink += 1;
        } });
        if (op === 'sigmoid') {
          add({ id: 'tfjs-e2e:sigmoid:float32', row: 'TensorFlow.js wasm, end to end', impl: 'tfjs-e2e', op, dtype, async: true, fn: async () => {
            const r = await tf.sigmoid(a);
            sink += r[last];
          } });
        }
      }
    }

    /**
     * The tasks of an entry over rows at each row length n holds: the plain
     * JS loop, each tier (JS arrays, zero-copy), TF.js wasm's kernel where
     * it has one. Inputs: logits x; the backward step's y is the softmax of
     * x's rows and its dy x; the loss and its gradient take a class index
     * per row (their results per row, reduction 'none').
     */
    function addRowTasks(spec, dtype, inputs) {
      const { x, out } = inputs.arrays;
      const [label, loop] = plainRows(spec.name);
      const backward = spec.shape === 'rowsBinary';
      const classesIn = spec.shape === 'rowsLoss' || spec.shape === 'rowsTargets';
      // Where a result cancels (the backward step's dy_i - sum, the gradient's softmax - 1), the wiring check's tolerance is absolute.
      const floor = backward || spec.shape === 'rowsTargets' ? 1e-6 : 1e-30;
      for (const len of ROW_LENGTHS) {
        if (n < len) continue;
        const rows = Math.floor(n / len);
        const m = rows * len;
        const op = rowOpName(spec.name, len);
        let a = x.subarray(0, m);
        let b;
        if (backward) {
          b = a;
          a = new (dtype === 'float32' ? Float32Array : Float64Array)(m);
          plainSoftmax(rows, len, b, undefined, a);
        } else if (classesIn) {
          b = Int32Array.from({ length: rows }, (_, r) => (r * 7919) % len);
        }
        const outLength = spec.shape === 'rowsLoss' ? rows : m;
        const o = out.subarray(0, outLength);
        const args = b === undefined ? [a] : [a, b];
        add({ id: `js:${op}:${dtype}`, row: label, impl: 'js', op, dtype, fn: () => {
          loop(rows, len, a, b, o);
          sink += o[outLength - 1];
        } });
        loop(rows, len, a, b, o);
        const reference = o.slice();
        const verify = (id, got) => {
          if (!check) return;
          for (let i = 0; i < outLength; i++) {
            if (!(Math.abs(got[i] - reference[i]) <= 1e-5 * Math.max(Math.abs(reference[i]), floor))) throw new Error(`benchmark wiring: ${id} at element ${i} gives ${got[i]}, the plain JS loop ${reference[i]}`);
          }
        };
        for (const [t, tier] of tiers.entries()) {
          const rowsOf = tierRows(t, tier, spec, dtype, op);
          if (rowsOf === null) continue;
          const { kernel, copy, zero } = tier;
          const { label, fields } = rowsOf;
          const f = kernel[spec.name];
          const options = { rowLength: len, out: o };
          f(...args, options);
          verify(`${copy}:${op}:${dtype}`, o);
          add({ id: `${copy}:${op}:${dtype}`, row: `${label}, JS arrays`, impl: copy, op, dtype, ...fields(copy), fn: () => {
            f(...args, options);
            sink += o[outLength - 1];
          } });
          // Zero-copy: the float arrays in the kernel's memory (class indices are copied by every call, as they are checked).
          const alloc = (v) => (dtype === 'float32' ? kernel.allocFloat32(v) : kernel.allocFloat64(v));
          const wasmArgs = args.map((v) => (v instanceof Int32Array ? v : alloc(v)));
          const wo = alloc(outLength);
          allocs.push(...wasmArgs.filter((v) => !(v instanceof Int32Array)), wo);
          const zeroOptions = { rowLength: len, out: wo };
          f(...wasmArgs, zeroOptions);
          verify(`${zero}:${op}:${dtype}`, wo.array);
          add({ id: `${zero}:${op}:${dtype}`, row: `${label}, zero-copy`, impl: zero, op, dtype, ...fields(zero), fn: () => {
            f(...wasmArgs, zeroOptions);
            sink += wo.array[outLength - 1];
          } });
        }
        const tf = peers?.find((p) => p.name === 'tfjs-wasm');
        if (tf && dtype === 'float32' && TFJS_OPS[spec.name]) {
          const k = tf.kernel(a, TFJS_OPS[spec.name], len);
          add({ id: `tfjs-kernel:${op}:float32`, row: 'TensorFlow.js wasm, kernel alone', impl: 'tfjs-kernel', op, dtype, dispose: () => k.dispose(), fn: () => {
            k.run();
            sink += 1;
          } });
        }
      }
    }

    if (ceiling) {
      const { x } = inputs.arrays;
      add({ id: `copyceiling:sigmoid:${dtype}`, row: 'copy ceiling: out.set(x)', impl: 'ceiling', op: 'sigmoid', dtype, fn: () => {
        out.set(x);
        sink += out[last];
      } });
    }

    // Other peers (float32 sigmoid): TF.js cpu, onnxruntime-web.
    if (peers && dtype === 'float32' && ops.some((s) => s.name === 'sigmoid')) {
      const { x } = inputs.arrays;
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
      const ort = peers.find((p) => p.name === 'onnxruntime-web');
      if (ort) {
        add({ id: 'ort:sigmoid:float32', row: 'onnxruntime-web (wasm, 1 thread), end to end', impl: 'ort', op: 'sigmoid', dtype, async: true, fn: async () => {
          const r = await ort.sigmoid(x);
          sink += r[last];
        } });
      }
    }
  }
  // After the size's last round: the tasks' tensors and the zero-copy arrays.
  tasks.dispose = () => {
    for (const t of tasks) t.dispose?.();
    for (const a of allocs) a.free();
  };
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
 * each round, in million elements per second. Tasks with `sameAs` are not
 * run (summarize copies them).
 */
export async function measure(n, tasks, rounds, quick, { minElements } = {}) {
  const timed = tasks.filter((t) => !t.sameAs);
  const reps = repsFor(n, minElements);
  const rates = Object.fromEntries(timed.map((t) => [t.id, []]));
  for (let r = 0; r < rounds; r++) {
    const bench = new Bench({
      time: quick ? 60 : n >= 1e7 ? 250 : 120,
      iterations: n >= 1e6 ? 3 : 10,
      warmup: true,
      warmupTime: quick ? 20 : 40,
      warmupIterations: n >= 1e6 ? 1 : 5,
    });
    const order = timed.map((_, i) => timed[(i + r) % timed.length]);
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
 * The task a row's `vsSigmoid` compares with: the fast sigmoid of the same
 * type, on the same kind of arrays (JS arrays for JS-array rows, zero-copy for
 * the others), or the plain JS sigmoid loop for a plain loop, TF.js's
 * tf.sigmoid for its other kernels.
 */
function sigmoidOf(t) {
  const impl = { js: 'js', 'tfjs-kernel': 'tfjs-kernel', copy: 'copy', 'acc-copy': 'copy', zero: 'zero', acc: 'zero', plain: 'zero', scalar: 'zero' }[t.impl];
  return impl === undefined ? undefined : `${impl}:sigmoid:${t.dtype}`;
}

/**
 * One result row per task: its median rate and spread, and its ratios
 * (per round, then the median) to the plain JS loop of the same function
 * and type (`vsPlainJs`), to TensorFlow.js wasm's kernel of the same op
 * (`vsTfjsKernel`, float32 where TF.js has it), to TF.js end to end
 * (`vsTfjsEndToEnd`, float32 sigmoid), and to the fast sigmoid's rate in
 * the same rounds (`vsSigmoid`, see sigmoidOf). A task with `sameAs` gets the
 * figures of the task it names and keeps `sameAs`.
 */
export function summarize(n, tasks, rates) {
  const tfE2e = rates['tfjs-e2e:sigmoid:float32'];
  return tasks.map((t) => {
    const own = rates[t.sameAs ?? t.id];
    const baseline = rates[`js:${t.op}:${t.dtype}`];
    const tfOwn = t.dtype === 'float32' ? rates[`tfjs-kernel:${t.op}:float32`] : undefined;
    const sig = rates[sigmoidOf(t)];
    return {
      n,
      id: t.id,
      row: t.row,
      impl: t.impl,
      op: t.op,
      dtype: t.dtype,
      ...(t.precision ? { precision: t.precision, access: t.access, build: t.build, algorithm: t.algorithm } : {}),
      ...(t.sameAs ? { sameAs: t.sameAs } : {}),
      mElementsPerSecond: median(own),
      spread: { min: Math.min(...own), max: Math.max(...own) },
      vsPlainJs: baseline ? ratio(own, baseline) : null,
      vsTfjsKernel: tfOwn ? ratio(own, tfOwn) : null,
      vsTfjsEndToEnd: t.op === 'sigmoid' && t.dtype === 'float32' && tfE2e ? ratio(own, tfE2e) : null,
      vsSigmoid: sig ? ratio(own, sig) : null,
    };
  });
}

/**
 * TensorFlow.js's wasm backend as a peer, from a `tf` whose 'wasm' backend
 * is already active, in any engine (bench/peers.mjs has the Node-only
 * adapter with more checks; this one is what the engine matrix needs).
 * "kernel alone": tf.<op> on an existing tensor, result disposed;
 * "end to end": Float32Array in, read-back Float32Array out (the sigmoid).
 */
export function tfjsWasmPeer(tf) {
  if (tf.getBackend() !== 'wasm') throw new Error(`TF.js backend is '${tf.getBackend()}', not 'wasm'`);
  return {
    name: 'tfjs-wasm',
    kernel: (x, op = 'sigmoid', rowLength = 0) => {
      const f = tf[op];
      if (typeof f !== 'function') throw new Error(`TF.js has no op tf.${op}`);
      // rows (softmax, logSoftmax): a [rows, rowLength] tensor, over its last axis
      const t = rowLength > 0 ? tf.tensor2d(x, [x.length / rowLength, rowLength], 'float32') : tf.tensor1d(x, 'float32');
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

/**
 * What the engine matrix measures in every engine (bench/engines.mjs): every
 * entry of the table (or a selection, always with the sigmoid), both types,
 * both tiers on JS arrays and zero-copy, the plain-SIMD and scalar builds of
 * `buildOps`, TF.js's kernels.
 */
export const MATRIX = Object.freeze({
  sizes: Object.freeze([1e2, 1e4, 1e5, 1e6]),
  rounds: 5,
  dtypes: Object.freeze(['float32', 'float64']),
  buildOps: Object.freeze(['sigmoid']),
});

/**
 * The engine matrix's run in this engine: the entries `ops` selects
 * (selectOps; the sigmoid always among them), this package's rows in each
 * tier, the plain JS loops and, when `tf` is given (with its wasm backend
 * active), TensorFlow.js wasm. Returns the result rows, the names measured,
 * the time and the checksum.
 */
export async function runMatrix({ createKernel, tf = null, ops = 'all', sizes = MATRIX.sizes, rounds = MATRIX.rounds, minElements, log = () => {} }) {
  // The default kernel (fast tier, relaxed SIMD where the engine has it),
  // the accurate tier, the fast tier's plain SIMD build when that differs,
  // and the scalar build.
  const fast = createKernel();
  const kernels = {
    fast,
    accurate: createKernel({ precision: 'accurate' }),
    plain: fast.relaxed ? createKernel({ relaxed: false }) : null,
    scalar: createKernel({ simd: false }),
  };
  const entries = withSigmoid(selectOps(ops));
  const peers = tf ? [tfjsWasmPeer(tf)] : null;
  const started = performance.now();
  const results = [];
  for (const n of sizes) {
    const tasks = makeTasks(n, { kernels, ops: entries, dtypes: MATRIX.dtypes, buildOps: MATRIX.buildOps, peers });
    log(`  n = ${n}: ${tasks.filter((t) => !t.sameAs).length} tasks x ${rounds} rounds`);
    const rates = await measure(n, tasks, rounds, false, { minElements });
    results.push(...summarize(n, tasks, rates));
    tasks.dispose();
  }
  return {
    simd: fast.simd,
    relaxed: fast.relaxed,
    ops: entries.map((s) => s.name),
    rounds,
    seconds: Math.round((performance.now() - started) / 1000),
    results,
    checksum: checksum(),
  };
}
