// The page's side of the engine matrix: the same run as bench/engine-run.mjs,
// in the browser's main thread. The result is the promise
// window.matrixResult (the driver awaits it); ?sizes=100,1e6&rounds=N;
// ?fn=tanh,silu (or ?fn=family): those entries of the table only (the
// sigmoid always with them); ?pool=1: the worker pool's rows
// only (bench/pool.mjs: Web Workers over a shared memory, so the page must be
// cross-origin isolated, which bench/engines.mjs's server makes it; no TF.js).
import { createKernel, createPool } from '/dist/index.js';
import { MATRIX, runMatrix } from '/bench/core.mjs';

const params = new URLSearchParams(location.search);
const ops = params.get('fn') ?? 'all';
const poolOnly = params.get('pool') === '1';
const sizes = params.get('sizes')?.split(',').map(Number);
const rounds = params.get('rounds') === null ? undefined : Number(params.get('rounds'));
const pre = document.getElementById('log');

function engine() {
  const ua = navigator.userAgent;
  const firefox = ua.match(/Firefox\/([\d.]+)/);
  if (firefox) return { name: 'firefox', version: firefox[1], js: 'SpiderMonkey', userAgent: ua };
  const chrome = ua.match(/Chrome\/([\d.]+)/);
  return { name: 'chromium', version: chrome ? chrome[1] : '?', js: 'V8', userAgent: ua };
}

/** The smallest step of performance.now() seen, in ms. */
function clockResolution() {
  let best = Infinity;
  for (let i = 0; i < 50; i++) {
    const a = performance.now();
    let b = a;
    while (b === a) b = performance.now();
    best = Math.min(best, b - a);
  }
  return best;
}

const log = (line) => {
  pre.textContent += `\n${line}`;
  console.log(line);
};

/** ?pool=1: the pool's rows; samples of about 1.5 ms (300 steps of the isolated page's 5 µs clock). */
async function poolResult() {
  if (globalThis.crossOriginIsolated !== true) throw new Error('bench/browser: the page is not cross-origin isolated (COOP/COEP headers missing), so createPool cannot run');
  const { POOL, runPool } = await import('/bench/pool.mjs');
  const clock = clockResolution();
  const pool = await runPool({ createKernel, createPool, sizes: sizes ?? null, rounds: rounds ?? POOL.rounds, sampleMs: 1.5, log });
  pre.textContent += '\ndone';
  return {
    engine: { ...engine(), hardwareConcurrency: navigator.hardwareConcurrency },
    crossOriginIsolated: true,
    clockResolutionMs: clock,
    checksum: pool.checksum,
    pool,
  };
}

window.matrixResult = poolOnly ? poolResult() : (async () => {
  const tf = globalThis.tf;
  // The wasm binaries next to the UMD bundle. The page is cross-origin
  // isolated (for a finer performance.now()), where TF.js would pick its
  // threaded binary: the flag keeps it on the single-threaded SIMD binary,
  // as in the other engines and as this package runs.
  tf.wasm.setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) throw new Error("tf.setBackend('wasm') failed");
  const tfSimd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threads = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) ? tf.wasm.getThreadsCount() : 1;
  const clock = clockResolution();
  // Samples of 2 million elements at least (1-20 ms): a few hundred clock ticks.
  const run = await runMatrix({ createKernel, tf, ops, sizes: sizes ?? MATRIX.sizes, rounds: rounds ?? MATRIX.rounds, minElements: 2e6, log });
  pre.textContent += '\ndone';
  return {
    engine: engine(),
    tfjs: { core: tf.version_core, wasm: tf.wasm.version_wasm, simd: tfSimd, threads },
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    clockResolutionMs: clock,
    ...run,
  };
})();
