// npm run bench — throughput of this package against the plain JS loop and
// the implementations users would pick instead, measured side by side, in
// this process's engine (the method and the tasks, made from the table of
// operations, are in bench/core.mjs). Inputs are uniform in [-10, 10] from a
// fixed seed.
//
// `npm run bench -- --engines` hands over to bench/engines.mjs: the matrix,
// every function of the table in every engine's own process (`--engines --fn
// tanh,silu` or `--engines --family`: some functions only; `--engines --pool`:
// the worker pool's rows, bench/pool.mjs, in Node 24 and Chromium).
//
// Usage: node bench/run.mjs [--quick] [--json] [--fn sigmoid] [--sizes 1e3,1e6] [--rounds N]
//   --quick   float32 sigmoid only, three sizes, a few seconds (the README demo)
//   --json    print the results as JSON instead of tables
//   --fn      which functions of the table (names, a section, or all; default
//             the sigmoid's own: sigmoid, sigmoidDerivative, sigmoidWithDerivative,
//             sigmoidBackward; the matrix has the others in every engine)
// A full run (default functions, sizes and rounds) writes bench/results.json,
// BENCHMARKS.md and docs/benchmark.svg.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createKernel } from '../dist/index.js';
import { checksum, makeTasks, measure, selectOps, summarize } from './core.mjs';
import { writeBenchmarksMd } from './report.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FULL_SIZES = [16, 100, 1e3, 1e4, 1e5, 1e6, 1e7];
const QUICK_SIZES = [1e3, 1e5, 1e6];

function parseArgs(argv) {
  if (argv.includes('--engines')) {
    // The engine matrix: bench/engines.mjs, with the other flags.
    const rest = argv.filter((a) => a !== '--engines');
    const child = spawnSync(process.execPath, [join(root, 'bench', 'engines.mjs'), ...rest], { stdio: 'inherit' });
    process.exit(child.status ?? 1);
  }
  const args = { quick: false, json: false, sizes: null, rounds: null, peers: true, fn: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--json') args.json = true;
    else if (a === '--no-peers') args.peers = false;
    else if (a === '--sizes') args.sizes = argv[++i].split(',').map(Number);
    else if (a === '--rounds') args.rounds = Number(argv[++i]);
    else if (a === '--fn') args.fn = argv[++i];
    else if (a === '--family' || a === '--pool') {
      console.error(`bench: ${a} is a part of the engine matrix: npm run bench -- --engines ${a}`);
      process.exit(2);
    } else if (a === '--help' || a === '-h') {
      console.log('usage: node bench/run.mjs [--quick] [--json] [--no-peers] [--fn sigmoid|family|all|tanh,silu] [--sizes 16,1e6] [--rounds N]\n       node bench/run.mjs --engines [--fn tanh,silu | --family | --pool] [--only node24,chromium] [--sizes ...] [--rounds N]   (bench/engines.mjs)');
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
  try {
    args.ops = selectOps(args.quick ? 'sigmoid' : args.fn ?? 'sigmoid');
    if (args.quick) args.ops = args.ops.filter((s) => s.name === 'sigmoid');
  } catch (error) {
    console.error(`bench: --fn: ${error.message}`);
    process.exit(2);
  }
  return args;
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
  const kernels = { fast: createKernel(), scalar: createKernel({ simd: false }), accurate: args.quick ? null : createKernel({ precision: 'accurate' }) };
  const peers = args.peers && !args.quick ? await (await import('./peers.mjs')).loadPeers(['tfjs-wasm', 'tfjs-cpu', 'onnxruntime-web']) : null;
  // Loaded after the peers: peers.mjs registers TF.js's own Sigmoid gradient when none exists.
  const tfjsCpu = peers
    ? { registerSigmoidKernels: (await import('../dist/tfjs.js')).registerSigmoidKernels, tfCore: await import('@tensorflow/tfjs-core') }
    : null;
  const log = args.json ? () => {} : (line) => console.log(line);
  const started = performance.now();

  const results = [];
  for (const n of sizes) {
    const tasks = makeTasks(n, args.quick
      ? { kernels, ops: args.ops, dtypes: ['float32'] }
      : { kernels, ops: args.ops, buildOps: ['sigmoid', 'sigmoidDerivative'], ceiling: true, peers, tfjsCpu });
    if (!args.json) process.stderr.write(`  n = ${n}: ${tasks.filter((t) => !t.sameAs).length} tasks x ${rounds} rounds\n`);
    const rates = await measure(n, tasks, rounds, args.quick);
    results.push(...summarize(n, tasks, rates));
    tasks.dispose();
  }
  const environment = {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    v8: process.versions.v8,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    simd: kernels.fast.simd,
    relaxed: kernels.fast.relaxed,
    precision: kernels.fast.precision,
    ops: args.ops.map((s) => s.name),
    packages: Object.fromEntries(['tinybench', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', 'onnxruntime-web'].map((p) => [p, packageVersion(p)])),
    rounds,
    seconds: Math.round((performance.now() - started) / 1000),
  };
  const report = { quick: args.quick, environment, results, checksum: checksum() };
  for (const p of peers ?? []) await p.dispose();

  if (args.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  printTables(report, log);
  if (!args.quick && !args.sizes && !args.rounds && args.fn === null) {
    writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(report, null, 2) + '\n');
    writeBenchmarksMd(root);
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
    const body = rows.map((r) => [`${r.row}${r.sameAs ? ' (= fast: one kernel)' : ''}`, r.op, r.dtype.replace('float', 'f'), ...sizes.map((n) => cell(report.results.find((q) => q.n === n && q.id === r.id), key))]);
    const table = [head, ...body];
    const widths = head.map((_, c) => Math.max(...table.map((t) => t[c].length)));
    for (const t of table) log(t.map((v, c) => (c < 3 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  '));
  }
  const e = report.environment;
  log(`\n${e.cpu}, ${e.cores} cores; Node ${e.node} (V8 ${e.v8}); ${e.simd ? 'SIMD' : 'scalar'} build; ${e.rounds} rounds; checksum ${report.checksum.toPrecision(6)}`);
}

await main();
