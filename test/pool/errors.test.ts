// The pool checks a call as the Kernel does, on the calling thread, before
// any work is queued: every bad argument of every entry of the table
// (test/support/bad.ts) throws synchronously (never a rejected Promise) the
// Kernel's error, naming the argument, with nothing written, and the pool
// works after; and createPool's options are checked like createKernel's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createKernel, createPool } from '../../src/index.js';
import type { OpSpec } from '../../src/op.js';
import type { Pool, PoolOptions } from '../../src/types.js';
import { badCases, checkBadArguments, type ErrorSubject } from '../support/bad.js';
import { buildOf, oracleFor } from '../support/cases.js';
import { ELEMENTWISE, inputsOf } from '../support/ops.js';

type Loose = (...a: unknown[]) => unknown;

/** The error a call throws, as "Name: message", or 'no error'. */
function message(f: () => unknown): string {
  try {
    const r = f();
    return r instanceof Promise ? 'a Promise' : 'no error';
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe.each([{ parallelThreshold: 0 }, {}])('a pool (threads: 2, %o)', (extra) => {
  let pool: Pool;
  beforeAll(async () => {
    pool = createPool({ threads: 2, ...extra });
    await pool.ready;
  });
  afterAll(() => pool.close());

  it.each(ELEMENTWISE.map((spec) => ({ spec, name: spec.name })))('$name: every bad argument throws synchronously, naming it, before anything is written; the pool works after', async ({ spec }) => {
    const subject: ErrorSubject = {
      label: 'pool',
      call: (s: OpSpec, args: readonly unknown[]) => (pool as unknown as Record<string, Loose>)[s.name]!(...args),
      alloc: (dtype, n) => (dtype === 'float32' ? pool.allocFloat32(n) : pool.allocFloat64(n)),
    };
    await checkBadArguments(() => subject, spec, (dtype) => oracleFor(buildOf(pool), pool.precision, spec, dtype), { name: `pool errors ${JSON.stringify(extra)} ${spec.name}`, numRuns: 10 });
  });

  // Every array of these pools goes to the threads (threshold 0) or, if short, runs here: either way checked by one plan.
  it.each(ELEMENTWISE.map((spec) => ({ spec, name: spec.name })))('$name: the Kernel\'s messages, word for word', ({ spec }) => {
    const k = createKernel();
    const n = 33;
    const fresh = () => inputsOf(spec, 'float32', n, 3);
    for (const bad of badCases(spec)) {
      const context = (alloc: (n: number) => { free(): void }) => ({
        dtype: 'float32' as const,
        n,
        inputs: fresh(),
        at: 7,
        fresh: (m = n, t: 'float32' | 'float64' = 'float32') => (t === 'float32' ? new Float32Array(m) : new Float64Array(m)).fill(9),
        freed: () => {
          const a = alloc(n);
          a.free();
          return a as never;
        },
        wasm: () => alloc(n) as never,
      });
      const fromPool = message(() => (pool as unknown as Record<string, Loose>)[spec.name]!(...bad.args(context((m) => pool.allocFloat32(m)))));
      const fromKernel = message(() => (k as unknown as Record<string, Loose>)[spec.name]!(...bad.args(context((m) => k.allocFloat32(m)))));
      expect(fromPool, bad.label).toBe(fromKernel);
    }
  });
});

describe('createPool options', () => {
  it("an unknown key is a TypeError naming it, the likely one and every accepted key: createPool({ thread: 2 })", () => {
    expect(() => createPool({ thread: 2 } as PoolOptions)).toThrow(
      new TypeError("createPool: unknown option 'thread' (did you mean 'threads'?); the options are 'simd', 'precision', 'relaxed', 'threads', 'parallelThreshold', 'chunkBytes'"),
    );
    expect(() => createPool({ precison: 'accurate' } as PoolOptions)).toThrow(/^createPool: unknown option 'precison' \(did you mean 'precision'\?\)/);
    expect(() => createPool({ chunksize: 64 } as PoolOptions)).toThrow(TypeError);
  });

  it('not an object, or a bad value: a TypeError or RangeError naming the option', () => {
    expect(() => createPool(null as unknown as PoolOptions)).toThrow(TypeError);
    expect(() => createPool('fast' as unknown as PoolOptions)).toThrow(TypeError);
    expect(() => createPool({ precision: 'exact' as 'fast' })).toThrow(/createPool: options\.precision must be 'fast' or 'accurate'/);
    expect(() => createPool({ relaxed: true, precision: 'accurate' })).toThrow(TypeError);
    for (const threads of [0, 65, 1.5, NaN, '2']) expect(() => createPool({ threads: threads as number }), `threads ${threads}`).toThrow(/createPool: options\.threads must be an integer from 1 to 64/);
    for (const chunkBytes of [0, 100, 32, 2 ** 31, -64]) expect(() => createPool({ chunkBytes }), `chunkBytes ${chunkBytes}`).toThrow(/createPool: options\.chunkBytes must be a multiple of 64/);
    for (const parallelThreshold of [-1, 0.5, NaN]) expect(() => createPool({ parallelThreshold }), `parallelThreshold ${parallelThreshold}`).toThrow(/createPool: options\.parallelThreshold must be a non-negative integer/);
  });

  it('has the options it was given; threads count the calling thread', async () => {
    const p = createPool({ threads: 2, precision: 'accurate', parallelThreshold: 10, chunkBytes: 128 });
    try {
      expect([p.threads, p.precision, p.relaxed, p.parallelThreshold, p.chunkBytes]).toEqual([2, 'accurate', false, 10, 128]);
      await p.ready;
    } finally {
      await p.close();
    }
    const solo = createPool({ threads: 1 });
    await solo.ready;
    expect(await solo.sigmoid(0)).toBe(0.5);
    expect(Array.from(await solo.sigmoid(new Float64Array(100_000)))).toEqual(new Array(100_000).fill(0.5));
    await solo.close();
  });
});
