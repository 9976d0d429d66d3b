// The demo of `npm start` (after the build), through the same code as the
// command line (bin/cli.mjs): values at a few points, with the vanishing
// gradient of the plain s*(1-s) for contrast; the figures written to docs/;
// then a quick speed comparison (`sigmoid-wasm bench --quick`: the repo's
// bench/run.mjs --quick in a checkout, else the built-in quick benchmark).
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { evaluate, formatNumber, formatTable, runBench, writePlot } from '../bin/cli.mjs';
import { defaultKernel } from '../dist/index.js';
import { buildName } from '../dist/quickbench.js';

const root = fileURLToPath(new URL('..', import.meta.url));

// 1. Values. The derivative is computed from x, so it stays accurate in the
// tails, where s*(1-s) from a rounded s collapses to 0 (from |x| > 37 in
// float64): the gradient would vanish for no mathematical reason.
const points = [-800, -745, -40, -10, -2, -1, 0, 1, 2, 10, 40];
console.log(`sigmoid-wasm (${defaultKernel().precision} tier, ${buildName(defaultKernel())} build), float64\n`);
const rows = evaluate(points, 'f64').map(({ x, sigmoid: s, sigmoidDerivative: derivative }) => {
  const plain = 1 / (1 + Math.exp(-x));
  return [String(x), formatNumber(s, 'f64'), formatNumber(derivative, 'f64'), formatNumber(plain * (1 - plain), 'f64')];
});
console.log(formatTable(['x', 'sigmoid(x)', 'derivative(x)', 'plain JS s*(1-s)'], rows));

// 2. The figures: the article's plot, and the tanh contrast.
const docs = join(root, 'docs');
mkdirSync(docs, { recursive: true });
console.log('');
for (const [name, options] of [['sigmoid.svg', {}], ['sigmoid-tanh.svg', { tanh: true }]]) {
  const { file, points: n } = writePlot(join(docs, name), options);
  console.log(`wrote ${relative(process.cwd(), file) || file} (${n} points per curve${options.tanh ? ', with tanh' : ''})`);
}

// 3. Speed, measured here and now.
console.log('\nsigmoid-wasm bench --quick\n');
process.exitCode = await runBench(['--quick']);
