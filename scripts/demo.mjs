// The main job's demo (npm start): values of sigmoid and its derivative at a
// few points, then a quick speed comparison with the plain JS loop, measured
// in the same run (interleaved rounds, medians, ratios; never a lone time).
import { createKernel, sigmoid, sigmoidDerivative, simdSupported } from '../dist/index.js';

const points = [-800, -745, -40, -10, -2, -1, 0, 1, 2, 10, 40];
console.log(`sigmoid-wasm (${simdSupported() ? 'SIMD' : 'scalar'} build)\n`);
console.log('        x   sigmoid(x)               derivative(x)            plain JS s*(1-s)');
for (const x of points) {
  const s = 1 / (1 + Math.exp(-x));
  console.log(
    `${String(x).padStart(9)}   ${sigmoid(x).toExponential(15).padEnd(23)}  ${sigmoidDerivative(x).toExponential(15).padEnd(23)}  ${(s * (1 - s)).toExponential(6)}`,
  );
}

// Quick speed comparison, float32, n = 1e6.
const n = 1_000_000;
const x = new Float32Array(n);
let seed = 42;
for (let i = 0; i < n; i++) {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  x[i] = (seed / 2 ** 32) * 20 - 10;
}
const out = new Float32Array(n);
const kernel = createKernel();
const wx = kernel.allocFloat32(x);
const wy = kernel.allocFloat32(n);
let sink = 0;
const candidates = {
  'plain JS loop': () => {
    for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
    sink += out[n >> 1];
  },
  'sigmoid-wasm, JS arrays': () => {
    kernel.sigmoid(x, out);
    sink += out[n >> 1];
  },
  'sigmoid-wasm, zero-copy': () => {
    kernel.sigmoid(wx, wy);
    sink += wy.array[n >> 1];
  },
};
const names = Object.keys(candidates);
const times = Object.fromEntries(names.map((k) => [k, []]));
for (let round = 0; round < 15; round++) {
  for (let j = 0; j < names.length; j++) {
    const name = names[(round + j) % names.length];
    const t0 = performance.now();
    candidates[name]();
    times[name].push(performance.now() - t0);
  }
}
const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
const base = median(times['plain JS loop']);
console.log(`\nfloat32 sigmoid, n = 1e6, 15 interleaved rounds (median; ratio to the plain JS loop):`);
for (const name of names) {
  const t = median(times[name]);
  console.log(`  ${name.padEnd(26)} ${(n / t / 1e3).toFixed(0).padStart(6)} M elements/s   ${(base / t).toFixed(1)}x`);
}
if (!Number.isFinite(sink)) throw new Error('unreachable: results are consumed');
wx.free();
wy.free();
