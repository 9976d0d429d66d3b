// npm run bench — throughput of this package against the plain JS loop and
// the implementations users would pick instead, measured side by side.
//
// Method (tinybench 6): for each size, every task runs once per round, the
// rounds interleaved (the task order rotates each round), each task inside a
// round being a tinybench run with warm-up; a task's rate in a round is
// n / its median latency. Ratios are taken per round between tasks of the
// same round (so a slow spell of the shared machine hits both sides), then
// the median over rounds is reported, with the min-max spread. Every task
// consumes its result (a checksum that is printed), so no work can be
// skipped. Inputs are uniform in [-10, 10] from a fixed seed.
//
// Usage: node bench/run.mjs [--quick] [--json] [--sizes 1e3,1e6] [--rounds N]
//   --quick   float32 sigmoid only, three sizes, a few seconds (the README demo)
//   --json    print the results as JSON instead of tables
// A full run writes bench/results.json, BENCHMARKS.md and docs/benchmark.svg.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Bench } from 'tinybench';

import { createKernel } from '../dist/index.js';
import { writeBenchmarksMd } from './report.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FULL_SIZES = [16, 100, 1e3, 1e4, 1e5, 1e6, 1e7];
const QUICK_SIZES = [1e3, 1e5, 1e6];

function parseArgs(argv) {
  const args = { quick: false, json: false, sizes: null, rounds: null, peers: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--json') args.json = true;
    else if (a === '--no-peers') args.peers = false;
    else if (a === '--sizes') args.sizes = argv[++i].split(',').map(Number);
    else if (a === '--rounds') args.rounds = Number(argv[++i]);
    else if (a === '--help' || a === '-h') {
      console.log('usage: node bench/run.mjs [--quick] [--json] [--no-peers] [--sizes 16,1e6] [--rounds N]');
      process.exit(0);
    } else {
      console.error(`bench: unknown argument ${a} (try --help)`);
      process.exit(2);
    }
  }
  if (args.sizes && !args.sizes.every((n) => Number.isInteger(n) && n > 0)) {
    console.error('bench: --sizes must be positive integers, e.g. 16,1e6');
    process.exit(2);
  }
  if (args.rounds !== null && !(Number.isInteger(args.rounds) && args.rounds > 0)) {
    console.error('bench: --rounds must be a positive integer');
    process.exit(2);
  }
  return args;
}

/** Deterministic inputs: uniform in [lo, hi). */
function uniform(Type, n, lo, hi, seed) {
  const a = new Type(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  return a;
}

let sink = 0; // every task adds to it: results are consumed
let registerSigmoidKernels = null; // sigmoid-wasm/tfjs, loaded with the peers
let tfCore = null; // the same tfjs-core module instance the peers use

/**
 * The tasks for one size. Each has an id, the row it belongs to, the op and
 * dtype (to find its baseline: the plain JS loop of the same op and dtype),
 * and `fn`, which processes `n` elements `reps` times.
 */
function makeTasks(n, { quick, peers, kernels }) {
  const tasks = [];
  const add = (task) => tasks.push(task);
  const { simd, scalar } = kernels;

  for (const [dtype, Type] of [['float32', Float32Array], ['float64', Float64Array]]) {
    if (quick && dtype === 'float64') continue;
    const x = uniform(Type, n, -10, 10, 1);
    const y = simd.sigmoid(x); // a saved forward output, for backward
    const dy = uniform(Type, n, -1, 1, 2);
    const out = new Type(n);
    const out2 = new Type(n);
    const alloc = (k, init) => (dtype === 'float32' ? k.allocFloat32(init) : k.allocFloat64(init));
    const w = { x: alloc(simd, x), y: alloc(simd, y), dy: alloc(simd, dy), out: alloc(simd, n), out2: alloc(simd, n) };
    const ws = { x: alloc(scalar, x), y: alloc(scalar, y), dy: alloc(scalar, dy), out: alloc(scalar, n), out2: alloc(scalar, n) };
    const last = n - 1;

    // The plain JS loops: what users write.
    add({ id: `js:sigmoid:${dtype}`, row: 'plain JS loop', impl: 'js', op: 'sigmoid', dtype, fn: () => {
      for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
      sink += out[last];
    } });
    if (!quick) {
      add({ id: `js:derivative:${dtype}`, row: 'plain JS loop', impl: 'js', op: 'derivative', dtype, fn: () => {
        for (let i = 0; i < n; i++) {
          const s = 1 / (1 + Math.exp(-x[i]));
          out[i] = s * (1 - s);
        }
        sink += out[last];
      } });
      add({ id: `js:sigmoidWithDerivative:${dtype}`, row: 'plain JS loop', impl: 'js', op: 'sigmoidWithDerivative', dtype, fn: () => {
        for (let i = 0; i < n; i++) {
          const s = 1 / (1 + Math.exp(-x[i]));
          out[i] = s;
          out2[i] = s * (1 - s);
        }
        sink += out[last] + out2[last];
      } });
      add({ id: `js:backward:${dtype}`, row: 'plain JS loop', impl: 'js', op: 'backward', dtype, fn: () => {
        for (let i = 0; i < n; i++) out[i] = dy[i] * y[i] * (1 - y[i]);
        sink += out[last];
      } });
    }

    // This package: arrays in JS memory (copies through the scratch region),
    // zero-copy arrays in wasm memory, and the scalar build (zero-copy).
    const ops = quick ? ['sigmoid'] : ['sigmoid', 'derivative', 'sigmoidWithDerivative', 'backward'];
    for (const op of ops) {
      add({ id: `copy:${op}:${dtype}`, row: 'sigmoid-wasm, JS arrays', impl: 'copy', op, dtype, fn: () => {
        if (op === 'sigmoid') simd.sigmoid(x, out);
        else if (op === 'derivative') simd.sigmoidDerivative(x, out);
        else if (op === 'sigmoidWithDerivative') simd.sigmoidWithDerivative(x, out, out2);
        else simd.sigmoidBackward(y, dy, out);
        sink += out[last];
      } });
      add({ id: `zero:${op}:${dtype}`, row: 'sigmoid-wasm, zero-copy', impl: 'zero', op, dtype, fn: () => {
        if (op === 'sigmoid') simd.sigmoid(w.x, w.out);
        else if (op === 'derivative') simd.sigmoidDerivative(w.x, w.out);
        else if (op === 'sigmoidWithDerivative') simd.sigmoidWithDerivative(w.x, w.out, w.out2);
        else simd.sigmoidBackward(w.y, w.dy, w.out);
        sink += w.out.array[last];
      } });
      if (!quick && (op === 'sigmoid' || op === 'derivative')) {
        add({ id: `scalar:${op}:${dtype}`, row: 'sigmoid-wasm, scalar build (zero-copy)', impl: 'scalar', op, dtype, fn: () => {
          if (op === 'sigmoid') scalar.sigmoid(ws.x, ws.out);
          else scalar.sigmoidDerivative(ws.x, ws.out);
          sink += ws.out.array[last];
        } });
      }
    }

    if (!quick) {
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
      if (cpu && registerSigmoidKernels) {
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

/** Repetitions per call, so that one call takes long enough to time (about 30 µs at least). */
const repsFor = (n) => Math.max(1, Math.ceil(30_000 / n));

async function measure(n, tasks, rounds, quick) {
  const reps = repsFor(n);
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

const median = (a) => {
  const s = [...a].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Median over rounds of the per-round ratio a / b, with its min and max. */
function ratio(ratesA, ratesB) {
  const per = ratesA.map((v, i) => v / ratesB[i]);
  return { median: median(per), min: Math.min(...per), max: Math.max(...per) };
}

function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', ...name.split('/'), 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const sizes = args.sizes ?? (args.quick ? QUICK_SIZES : FULL_SIZES);
  const rounds = args.rounds ?? (args.quick ? 3 : 7);
  const kernels = { simd: createKernel(), scalar: createKernel({ simd: false }) };
  const peers = args.peers && !args.quick ? await (await import('./peers.mjs')).loadPeers(['tfjs-wasm', 'tfjs-cpu', 'onnxruntime-web']) : null;
  // Registered after the peers load: peers.mjs registers TF.js's own Sigmoid gradient when none exists.
  registerSigmoidKernels = peers ? (await import('../dist/tfjs.js')).registerSigmoidKernels : null;
  tfCore = peers ? await import('@tensorflow/tfjs-core') : null;
  const log = args.json ? () => {} : (line) => console.log(line);
  const started = performance.now();

  const results = [];
  for (const n of sizes) {
    const tasks = makeTasks(n, { quick: args.quick, peers, kernels });
    if (!args.json) process.stderr.write(`  n = ${n}: ${tasks.length} tasks x ${rounds} rounds\n`);
    const rates = await measure(n, tasks, rounds, args.quick);
    for (const t of tasks) {
      const baseline = rates[`js:${t.op}:${t.dtype}`] ?? rates[`js:sigmoid:${t.dtype}`];
      const tfKernel = rates['tfjs-kernel:sigmoid:float32'];
      const tfE2e = rates['tfjs-e2e:sigmoid:float32'];
      results.push({
        n,
        id: t.id,
        row: t.row,
        impl: t.impl,
        op: t.op,
        dtype: t.dtype,
        mElementsPerSecond: median(rates[t.id]),
        spread: { min: Math.min(...rates[t.id]), max: Math.max(...rates[t.id]) },
        vsPlainJs: ratio(rates[t.id], baseline),
        vsTfjsKernel: t.dtype === 'float32' && t.op === 'sigmoid' && tfKernel ? ratio(rates[t.id], tfKernel) : null,
        vsTfjsEndToEnd: t.dtype === 'float32' && t.op === 'sigmoid' && tfE2e ? ratio(rates[t.id], tfE2e) : null,
      });
      t.dispose?.();
    }
  }
  const environment = {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    v8: process.versions.v8,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    simd: kernels.simd.simd,
    packages: Object.fromEntries(['tinybench', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', 'onnxruntime-web'].map((p) => [p, packageVersion(p)])),
    rounds,
    seconds: Math.round((performance.now() - started) / 1000),
  };
  const report = { quick: args.quick, environment, results, checksum: sink };
  for (const p of peers ?? []) await p.dispose();

  if (args.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  printTables(report, log);
  if (!args.quick && !args.sizes) {
    writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(report, null, 2) + '\n');
    writeBenchmarksMd(root, report);
    log('\nwrote bench/results.json, BENCHMARKS.md and docs/benchmark.svg');
  }
}

function printTables(report, log) {
  const sizes = [...new Set(report.results.map((r) => r.n))];
  const rows = [...new Map(report.results.map((r) => [`${r.row}|${r.op}|${r.dtype}`, r])).values()];
  const fmtN = (n) => (n >= 1e3 ? `1e${Math.round(Math.log10(n))}` : String(n));
  const cell = (r, key) => {
    if (!r) return '';
    if (key === 'rate') return r.mElementsPerSecond >= 100 ? r.mElementsPerSecond.toFixed(0) : r.mElementsPerSecond.toFixed(1);
    const v = r[key];
    return v ? `${v.median.toFixed(2)}x` : '';
  };
  for (const [title, key] of [['million elements per second (median)', 'rate'], ['ratio to the plain JS loop of the same op and type (median of per-round ratios)', 'vsPlainJs']]) {
    log(`\n${title}`);
    const head = ['row', 'op', 'type', ...sizes.map(fmtN)];
    const body = rows.map((r) => [r.row, r.op, r.dtype.replace('float', 'f'), ...sizes.map((n) => cell(report.results.find((q) => q.n === n && q.id === r.id), key))]);
    const table = [head, ...body];
    const widths = head.map((_, c) => Math.max(...table.map((t) => t[c].length)));
    for (const t of table) log(t.map((v, c) => (c < 3 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  '));
  }
  const e = report.environment;
  log(`\n${e.cpu}, ${e.cores} cores; Node ${e.node} (V8 ${e.v8}); ${e.simd ? 'SIMD' : 'scalar'} build; ${e.rounds} rounds; checksum ${report.checksum.toPrecision(6)}`);
}

await main();
