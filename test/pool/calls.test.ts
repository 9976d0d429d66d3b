// The worker pool gives the single-thread kernels' bits: every entry of the
// table called in every way (test/support/forms.ts: random type, length and
// offset; fresh results, out, in place, an out that partly overlaps an
// input, arrays of numbers, numbers, arrays in the shared memory and views
// of it mixed with JS arrays, a loss's reductions), against the scalar build
// (or, where the relaxed build fuses, its own plain call), on pools of both
// tiers with chunks from 64 bytes (every thread alternating along the array)
// to 64 KiB, every array sent to the threads or only the big ones, and with
// the calling thread idle (the workers alone).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createKernel } from '../../src/index.js';
import type { PoolOptions } from '../../src/types.js';
import { buildOf, oracleFor } from '../support/cases.js';
import { checkCalls, subjectOf } from '../support/forms.js';
import { ELEMENTWISE } from '../support/ops.js';
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
