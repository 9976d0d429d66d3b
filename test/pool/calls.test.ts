// The worker pool gives the single-thread kernels' bits: every entry of the
// table called in every way (test/support/forms.ts: random type, length and
// offset; fresh results, out, in place, an out that partly overlaps an
// input, arrays of numbers, numbers, arrays in the shared memory and views
// of it mixed with JS arrays, a loss's reductions), against the scalar build
// (or, where the relaxed build fuses, its own plain call), on pools of both
// tiers with chunks from 64 bytes (every thread alternating along the array)
// to 64 KiB, every array sent to the threads or only the big ones, and with
// the calling thread idle (the workers alone). The row functions (softmax
// and its relatives) on the same pools: split at row boundaries (a 64-byte
// chunk is then one row), rows of 1 to 4099 elements with their special
// rows, JS arrays, out, class indices, reductions, in place in the shared
// memory: the single-thread kernel's bits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createKernel, type Kernel } from '../../src/index.js';
import type { DType, OpSpec } from '../../src/op.js';
import type { PoolOptions } from '../../src/types.js';
import { buildOf, oracleFor } from '../support/cases.js';
import { checkCalls, subjectOf } from '../support/forms.js';
import { arrayOf, rng, type Float } from '../support/numbers.js';
import { ELEMENTWISE, ROW_OPS, fnOf } from '../support/ops.js';
import { testPool, type TestPool } from './hooks.js';
import type { Pool } from '../../src/types.js';

const CONFIGS: Array<{ label: string; options: PoolOptions; idle?: boolean }> = [
  { label: 'fast, 2 threads, 64-byte chunks', options: { precision: 'fast', threads: 2, chunkBytes: 64, parallelThreshold: 0 } },
  { label: 'fast, 3 threads, 4 KiB chunks', options: { precision: 'fast', threads: 3, chunkBytes: 4096, parallelThreshold: 0 } },
  { label: 'fast, the default threshold and chunks', options: { precision: 'fast', threads: 2 } },
  { label: 'accurate, 2 threads, 192-byte chunks', options: { precision: 'accurate', threads: 2, chunkBytes: 192, parallelThreshold: 0 } },
  { label: 'accurate, 3 threads, 64 KiB chunks, the calling thread idle', options: { precision: 'accurate', threads: 3, chunkBytes: 65536, parallelThreshold: 0 }, idle: true },
];

/** Random recipes per entry and pool, after the edge lengths. */
const RUNS = 12;

describe.each(CONFIGS)('a pool ($label)', ({ label, options, idle }) => {
  let pool: Pool & TestPool;
  beforeAll(async () => {
    pool = testPool(options);
    pool.callerIdle = idle === true;
    await pool.ready;
  });
  afterAll(() => pool.close());

  it('runs the build and tier createKernel() runs with the same options', () => {
    const { threads: _t, chunkBytes: _c, parallelThreshold: _p, ...kernelOptions } = options;
    const k = createKernel(kernelOptions);
    expect([pool.simd, pool.relaxed, pool.precision]).toEqual([k.simd, k.relaxed, k.precision]);
    expect(pool.threads).toBe(options.threads);
  });

  it.each(ELEMENTWISE.map((spec) => ({ spec, name: spec.name })))('$name: every way of calling it gives the scalar build\'s bits, no worker dying', async ({ spec }) => {
    const workers = pool.workers();
    expect(workers).toHaveLength(options.threads! - 1);
    await checkCalls(() => subjectOf(`pool (${label})`, pool, pool), spec, (dtype) => oracleFor(buildOf(pool), pool.precision, spec, dtype), {
      name: `pool calls ${label} ${spec.name}`,
      numRuns: RUNS,
    });
    // A worker that died was replaced: the calls above passed without it, but it must not die.
    expect(pool.workers(), 'the same workers as before the calls (none died and was replaced)').toEqual(workers);
  });
});

/** Rows x row length: one element a row, short rows, rows of a few chunks' worth, rows longer than a 64-byte chunk. */
const GEOMETRIES: Array<[number, number]> = [
  [37, 1],
  [9, 3],
  [50, 64],
  [5, 1000],
  [3, 4099],
];

/** Seeded rows: logits mostly on [-30, 30], a row with a NaN, one with +Inf, one all -Inf, scattered -Inf; targets or dy. */
function rowInputs(spec: OpSpec, dtype: DType, rows: number, rowLength: number, seed: number): { x: Float; y: Float; classes: Int32Array } {
  const r = rng(seed);
  const n = rows * rowLength;
  const x = arrayOf(dtype, n);
  const y = arrayOf(dtype, n);
  const output = spec.domain === 'output';
  for (let i = 0; i < n; i++) {
    x[i] = output ? r() / rowLength : r() < 0.02 ? -Infinity : 60 * r() - 30;
    y[i] = output ? 4 * r() - 2 : r() < 0.3 ? 0 : r();
  }
  if (!output && rows > 3) {
    x[rowLength + Math.floor(r() * rowLength)] = NaN;
    x[2 * rowLength + Math.floor(r() * rowLength)] = Infinity;
    x.fill(-Infinity, 3 * rowLength, 4 * rowLength);
  }
  const classes = Int32Array.from({ length: rows }, () => Math.floor(r() * rowLength));
  return { x, y, classes };
}

const bytes = (a: Float): number[] => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

describe.each(CONFIGS)('a pool ($label), the row functions', ({ options, idle }) => {
  let pool: Pool & TestPool;
  let k: Kernel;
  beforeAll(async () => {
    pool = testPool(options);
    pool.callerIdle = idle === true;
    await pool.ready;
    k = createKernel({ precision: pool.precision, simd: pool.simd, relaxed: pool.relaxed });
  });
  afterAll(() => pool.close());

  it.each(ROW_OPS.map((spec) => ({ spec, name: spec.name })))('$name: split at row boundaries, the single-thread kernel\'s bits for every way of calling it', async ({ spec }) => {
    const workers = pool.workers();
    const f = fnOf(pool, spec) as (...args: unknown[]) => Promise<unknown>;
    const g = fnOf(k, spec) as (...args: unknown[]) => unknown;
    const two = spec.shape !== 'rows';
    const classesToo = spec.shape === 'rowsLoss' || spec.shape === 'rowsTargets';
    let seed = 1;
    for (const dtype of ['float32', 'float64'] as const) {
      for (const [rows, rowLength] of GEOMETRIES) {
        const where = `${dtype}, ${rows} rows of ${rowLength}`;
        const { x, y, classes } = rowInputs(spec, dtype, rows, rowLength, seed++);
        const inputs = two ? [x, y] : [x];
        const targetsList: Array<[string, unknown]> = [['arrays', y], ...(classesToo ? ([['class indices', classes]] as Array<[string, unknown]>) : [])];
        for (const [label, second] of two ? targetsList : [['one input', undefined] as [string, unknown]]) {
          const args = two ? [x, second] : [x];
          const want = g(...args, { rowLength }) as Float;
          // Fresh results, from JS arrays.
          expect(bytes((await f(...args, { rowLength })) as Float), `${where}, ${label}`).toEqual(bytes(want));
          // An out in JS memory.
          const out = arrayOf(dtype, want.length).fill(7);
          expect(await f(...args, { rowLength, out })).toBe(out);
          expect(bytes(out), `${where}, ${label}, out`).toEqual(bytes(want));
          // Reductions: the per-row losses summed in row order, compensated, as the Kernel does.
          if (spec.shape === 'rowsLoss') {
            for (const reduction of ['sum', 'mean'] as const) {
              expect(Object.is(await f(...args, { rowLength, reduction }), g(...args, { rowLength, reduction })), `${where}, ${label}, ${reduction}`).toBe(true);
            }
          }
        }
        // In the shared memory, in place where the function allows it (over its first input; for the backward step, over dy).
        if (spec.shape !== 'rowsLoss') {
          const alloc = (a: Float) => (dtype === 'float32' ? pool.allocFloat32(a) : pool.allocFloat64(a));
          const wasm = inputs.map(alloc);
          try {
            const target = spec.shape === 'rowsBinary' ? wasm[1]! : wasm[0]!;
            const want = g(...inputs, { rowLength }) as Float;
            const returned = await f(...wasm, { rowLength, out: target });
            expect(returned).toBe(target);
            expect(bytes(target.array), `${where}, in place in the shared memory`).toEqual(bytes(want));
          } finally {
            for (const w of wasm) w.free();
          }
        }
      }
    }
    expect(pool.workers(), 'the same workers as before the calls (none died and was replaced)').toEqual(workers);
  });
});
