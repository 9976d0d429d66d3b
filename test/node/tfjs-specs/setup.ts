// Set-up of tfjs-core's own softmax and log-softmax specs (./entry.ts),
// bundled with them into one script and run by the jasmine runner (the
// framework the specs are written for): see ../tfjs-specs.test.ts.
//
// It imports what @tensorflow/tfjs imports (tfjs-core's gradients and the
// cpu backend), names the cpu backend as the one test environment of
// tfjs-core's jasmine_util (as tfjs-backend-cpu's own test set-up does),
// and, when SIGMOID_WASM_TFJS_SPECS is 'registered', calls
// registerSigmoidKernels(tf, { softmax: true }). Either way it counts the
// calls of the registered Softmax kernel, of the cpu backend's own one (the
// registration runs it for what it leaves alone) and of SoftmaxWasmGrad,
// wrapping each config's kernelFunc in place (so restore() still finds its
// own objects), and prints them, after the specs, on a line starting with
// SIGMOID_WASM_COUNTS.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
import '@tensorflow/tfjs-backend-cpu';
import { setTestEnvs } from '@tensorflow/tfjs-core/dist/jasmine_util.js';

import { registerSigmoidKernels } from '../../../src/tfjs.js';

declare const jasmine: { DEFAULT_TIMEOUT_INTERVAL: number; getEnv(): { addReporter(reporter: { jasmineDone(): void }): void } };

// As tfjs-core's jasmine_util sets it (on a core of its own: see ./jasmine-require.cjs).
jasmine.DEFAULT_TIMEOUT_INTERVAL = 20000;

const mode = process.env['SIGMOID_WASM_TFJS_SPECS'];
if (mode !== 'registered' && mode !== 'original') throw new Error(`SIGMOID_WASM_TFJS_SPECS must be 'registered' or 'original' (got ${String(mode)})`);

setTestEnvs([{ name: 'cpu', backendName: 'cpu', isDataSync: true }]);

const counts: Record<'Softmax' | 'original' | 'SoftmaxWasmGrad', number> = { Softmax: 0, original: 0, SoftmaxWasmGrad: 0 };
function count(config: tf.KernelConfig | undefined, key: keyof typeof counts): void {
  if (config === undefined) return;
  const run = config.kernelFunc;
  config.kernelFunc = (params) => {
    counts[key]++;
    return run(params);
  };
}
count(tf.getKernel('Softmax', 'cpu'), 'original');
const registration = mode === 'registered' ? registerSigmoidKernels(tf, { softmax: true }) : null;
if (registration !== null) {
  count(tf.getKernel('Softmax', 'cpu'), 'Softmax');
  count(tf.getKernel('SoftmaxWasmGrad', 'cpu'), 'SoftmaxWasmGrad');
}

jasmine.getEnv().addReporter({
  jasmineDone() {
    console.log(`SIGMOID_WASM_COUNTS ${JSON.stringify({ mode, kernels: registration?.kernels ?? [], counts })}`);
  },
});
