// The engine matrix's run in a Node, Deno or Bun process (bench/engines.mjs
// starts it with each engine): the package as built in dist/, TensorFlow.js
// wasm from node_modules, the method of bench/core.mjs. Prints one JSON line
// prefixed with RESULT: at the end; progress goes to stderr. Every entry of
// the table of operations (runMatrix); --fn: a selection of them (names or a
// section, `--fn family`; the sigmoid is always measured too); --family is
// `--fn family`. --pool: the worker pool's rows only (bench/pool.mjs; no
// TF.js), --sizes then replacing its zero-copy and JS-array sizes.
//
// Usage: <engine> bench/engine-run.mjs [--fn tanh,silu | --family | --pool] [--sizes 100,1e6] [--rounds N]
import { createKernel, createPool } from '../dist/index.js';
import { MATRIX, runMatrix } from './core.mjs';

const argv = (globalThis.Deno?.args ?? globalThis.process.argv.slice(2));
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const ops = argv.includes('--family') ? 'family' : opt('--fn') ?? 'all';
const sizes = opt('--sizes')?.split(',').map(Number);
const rounds = opt('--rounds') === undefined ? undefined : Number(opt('--rounds'));
const poolOnly = argv.includes('--pool');

function engine() {
  if (globalThis.Deno) return { name: 'deno', version: Deno.version.deno, js: `V8 ${Deno.version.v8}` };
  if (globalThis.Bun) return { name: 'bun', version: Bun.version, js: `JavaScriptCore (WebKit ${process.versions.webkit ?? '?'})` };
  return { name: 'node', version: process.versions.node, js: `V8 ${process.versions.v8}` };
}

if (poolOnly) await runPoolOnly();
else await runTable();

/** --pool: the worker pool's rows (bench/pool.mjs), without TF.js. */
async function runPoolOnly() {
  const { POOL, runPool } = await import('./pool.mjs');
  const pool = await runPool({ createKernel, createPool, sizes: sizes ?? null, rounds: rounds ?? POOL.rounds, log: (line) => console.error(line) });
  console.log(`RESULT:${JSON.stringify({ engine: engine(), checksum: pool.checksum, pool })}`);
}

async function runTable() {
  // TF.js's wasm backend: in these engines its Emscripten glue reads the binary
  // from the file system (fs.readFileSync(prefix + file)), so the prefix is the
  // package's dist/ folder as a path. One thread: TF.js never picks the
  // threaded binary outside a browser.
  const tf = await import('@tensorflow/tfjs-core');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  tf.enableProdMode();
  wasm.setWasmPaths(decodeURIComponent(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname));
  wasm.setThreadsCount(1);
  if (!(await tf.setBackend('wasm'))) throw new Error("tf.setBackend('wasm') failed");
  const tfSimd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));

  const run = await runMatrix({ createKernel, tf, ops, sizes: sizes ?? MATRIX.sizes, rounds: rounds ?? MATRIX.rounds, log: (line) => console.error(line) });
  const report = {
    engine: engine(),
    tfjs: { core: tf.version_core, wasm: wasm.version_wasm, simd: tfSimd, threads: wasm.getThreadsCount() },
    ...run,
  };
  console.log(`RESULT:${JSON.stringify(report)}`);
}
