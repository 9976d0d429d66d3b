// tfjs-core's own specs of tf.softmax and tf.logSoftmax (dist/ops/
// softmax_test.js and log_softmax_test.js, as tfjs-core 4.22 publishes
// them) pass on the cpu backend with registerSigmoidKernels(tf, { softmax:
// true }): the forward and the gradient they check then run on this
// package's softmax and softmaxBackward.
//
// The specs are jasmine specs in tfjs-core's ES module build, so they run
// as tfjs runs them: bundled (rolldown) with their set-up
// (./tfjs-specs/setup.ts: the gradients, the chained ops, the cpu backend,
// the test environment, the registration, counters) into one script, run
// by the jasmine runner in its own Node process, once with the
// registration and once without. The registered run must pass every spec
// the original run counts, with the package's kernels taking every
// Softmax call and gradient (the backend's own Softmax kernel never runs).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { rolldown } from 'rolldown';
import { beforeAll, describe, expect, it } from 'vitest';

const path = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));
const OUT = path('../../test-output/tfjs-specs/');
const BUNDLE = `${OUT}specs.mjs`;
const JASMINE = path('../../node_modules/jasmine/bin/jasmine.js');

interface Run {
  specs: number;
  failures: number;
  counts: { Softmax: number; original: number; SoftmaxWasmGrad: number };
  kernels: string[];
  output: string;
}

/** Runs the bundled specs in a new Node process, with or without the registration. */
function runSpecs(mode: 'registered' | 'original'): Run {
  const result = spawnSync(process.execPath, [JASMINE, BUNDLE, '--random=false'], {
    cwd: OUT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, SIGMOID_WASM_TFJS_SPECS: mode },
  });
  const output = `${result.stdout}\n${result.stderr}`;
  const summary = output.match(/^(\d+) specs?, (\d+) failures?/m);
  const line = output.split('\n').find((l) => l.startsWith('SIGMOID_WASM_COUNTS '));
  if (summary === null || line === undefined) throw new Error(`the jasmine run (${mode}) printed no summary (exit ${result.status}):\n${output}`);
  const { counts, kernels } = JSON.parse(line.slice('SIGMOID_WASM_COUNTS '.length)) as Pick<Run, 'counts' | 'kernels'>;
  return { specs: Number(summary[1]), failures: Number(summary[2]), counts, kernels, output };
}

describe("tfjs-core's softmax and log-softmax specs", () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const bundle = await rolldown({
      input: path('./tfjs-specs/entry.ts'),
      platform: 'node',
      logLevel: 'warn',
      // Keep every module: tfjs-core and this package say they have no side effects, and the specs are nothing but.
      treeshake: false,
      resolve: {
        // The ES module builds (the specs are one), and one tfjs-core for all of them.
        mainFields: ['module', 'main'],
        alias: {
          '@tensorflow/tfjs-core': path('../../node_modules/@tensorflow/tfjs-core/dist/index.js'),
          'jasmine-core/lib/jasmine-core/jasmine.js': path('./tfjs-specs/jasmine-require.cjs'),
        },
      },
    });
    await bundle.write({ file: BUNDLE, format: 'esm' });
    await bundle.close();
  }, 120_000);

  it('pass with registerSigmoidKernels(tf, { softmax: true }), every Softmax call and gradient on the package\'s kernels', () => {
    const original = runSpecs('original');
    expect(original.failures, original.output).toBe(0);
    expect(original.specs).toBeGreaterThanOrEqual(20);
    expect(original.counts.original).toBeGreaterThan(0);

    const registered = runSpecs('registered');
    expect(registered.kernels).toEqual(['Sigmoid', 'Softmax']);
    expect(registered.failures, registered.output).toBe(0);
    expect(registered.specs).toBe(original.specs);
    // The same Softmax calls, every one on the package's softmax; the gradients on softmaxBackward.
    expect(registered.counts.Softmax).toBe(original.counts.original);
    expect(registered.counts.original).toBe(0);
    expect(registered.counts.SoftmaxWasmGrad).toBeGreaterThan(0);
  }, 240_000);
});
