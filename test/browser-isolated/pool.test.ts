// chromium-isolated project only (headless Chromium, the page served with
// Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy:
// require-corp: vitest.config.ts): the worker pool in a browser, where its
// workers are Web Workers from a Blob URL sharing the wasm memory with the
// page. Each result is compared bit for bit with createKernel()'s, the
// single-thread kernel of the same options.
import { afterAll, describe, expect, it } from 'vitest';

import { createKernel, type Pool, type WasmArray } from '../../src/index.js';
import { testPool, type TestPool } from '../pool/hooks.js';
import { bits, rng } from '../support/numbers.js';

type Float = Float32Array | Float64Array;
type DType = 'float32' | 'float64';

const LENGTHS = [0, 1, 17, 100_000] as const;

/** Logits: the specials first (so n = 17 has them all), then seeded points in [-60, 60]. */
function logits(n: number, seed: number): number[] {
  const specials = [0, -0, NaN, Infinity, -Infinity, 1e-40, -1e-40, 1e-310, 88.7, -88.7, 16.5, -16.5, 745, -745, 1, -1];
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => (i < specials.length ? specials[i]! : -60 + 120 * r()));
}

/** Targets of the loss in [0, 1], 0 and 1 included. */
function targets(n: number, seed: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : i % 7 === 1 ? 1 : r()));
}

/** The index of the first element whose bits differ (NaN payloads too), or -1. */
function firstBitDifference(got: Float, want: Float): number {
  if (got.length !== want.length || got.BYTES_PER_ELEMENT !== want.BYTES_PER_ELEMENT) return 0;
  const a = new Uint8Array(got.buffer, got.byteOffset, got.byteLength);
  const b = new Uint8Array(want.buffer, want.byteOffset, want.byteLength);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return Math.floor(i / got.BYTES_PER_ELEMENT);
  return -1;
}

function expectSameBits(got: unknown, want: Float, x: ArrayLike<number>, label: string): void {
  expect(got, label).toBeInstanceOf(want.constructor);
  const g = got as Float;
  expect(g.length, `${label}: length`).toBe(want.length);
  const i = firstBitDifference(g, want);
  const dtype: DType = want instanceof Float32Array ? 'float32' : 'float64';
  const where = i < 0 ? '' : `${label}: x = ${x[i]} (index ${i}): got ${g[i]} (${bits(g[i]!, dtype)}), expected ${want[i]} (${bits(want[i]!, dtype)})`;
  expect(i, where).toBe(-1);
}

/**
 * The same number: the same bits, but for NaN, which is any NaN. (A JS
 * number's NaN bits are the engine's business: the loss of an input with
 * both infinities, summed in JS, is NaN with the sign bit set in the pool
 * and clear in the kernel, in Chromium on x86-64.)
 */
function expectSameNumber(got: unknown, want: number, label: string): void {
  expect(typeof got, label).toBe('number');
  const same = Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want));
  expect(same, `${label}: got ${String(got)} (${bits(got as number, 'float64')}), expected ${want} (${bits(want, 'float64')})`).toBe(true);
}

const typed = (dtype: DType, values: number[]): Float => (dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values));

/** The single-thread kernel every result is compared with. */
const kernel = createKernel();

type Unary = 'sigmoid' | 'tanh';
/** An op of the kernel and of a pool, for either dtype (the overloads are checked in test/api.test.ts). */
const kernelOp = (op: Unary) => kernel[op] as unknown as (x: unknown) => Float;
const poolOp = (pool: Pool, op: Unary) => pool[op] as unknown as (x: unknown, out?: unknown) => Promise<unknown>;

describe('the page', () => {
  it('is cross-origin isolated (crossOriginIsolated true, SharedArrayBuffer there), in headless Chromium', () => {
    expect(navigator.userAgent).toMatch(/\bHeadlessChrome\/\d+/);
    expect(crossOriginIsolated).toBe(true);
    expect(typeof SharedArrayBuffer).toBe('function');
  });
});

// Two pools: the default 64 KiB chunks (100000 elements are 7 or 13 chunks)
// and 64-byte ones (16 or 8 elements), so the page and the worker alternate
// all along the array.
const POOLS = [
  { label: 'threads: 2, parallelThreshold: 0', options: { threads: 2, parallelThreshold: 0 } },
  { label: 'threads: 2, parallelThreshold: 0, chunkBytes: 64', options: { threads: 2, parallelThreshold: 0, chunkBytes: 64 } },
] as const;

const opened: Pool[] = [];
afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
});

for (const { label, options } of POOLS) {
  describe(`createPool({ ${label} }) gives createKernel()'s bits`, () => {
    const pool = testPool(options);
    opened.push(pool);

    it('has one Web Worker, started; the same build and tier as createKernel()', async () => {
      await pool.ready;
      expect(pool.workers()).toHaveLength(1);
      expect([pool.threads, pool.simd, pool.relaxed, pool.precision]).toEqual([2, kernel.simd, kernel.relaxed, kernel.precision]);
      // Chromium has relaxed SIMD: the pool runs the threaded variant of the relaxed build.
      expect(pool.relaxed).toBe(true);
    });

    for (const op of ['sigmoid', 'tanh'] as const) {
      for (const dtype of ['float32', 'float64'] as const) {
        it(`${op}, ${dtype}: typed arrays in JS memory, lengths ${LENGTHS.join(', ')}`, async () => {
          for (const n of LENGTHS) {
            const x = typed(dtype, logits(n, n + 1));
            const want = kernelOp(op)(x);
            expectSameBits(await poolOp(pool, op)(x), want, x, `${op} ${dtype} n = ${n}`);
          }
        });

        it(`${op}, ${dtype}: pool.alloc${dtype === 'float32' ? 'Float32' : 'Float64'} arrays (zero-copy), into a fresh array and into another pool array`, async () => {
          for (const n of LENGTHS) {
            const values = logits(n, n + 2);
            const want = kernelOp(op)(typed(dtype, values));
            const alloc = (v: number | number[]): WasmArray => (dtype === 'float32' ? pool.allocFloat32(v) : pool.allocFloat64(v));
            const x = alloc(values);
            const out = alloc(n);
            try {
              expectSameBits(await poolOp(pool, op)(x), want, values, `${op} ${dtype} n = ${n}, zero-copy input`);
              const returned = await poolOp(pool, op)(x, out);
              expect(returned).toBe(out);
              expectSameBits(out.array, want, values, `${op} ${dtype} n = ${n}, zero-copy input and output`);
            } finally {
              x.free();
              out.free();
            }
          }
        });
      }

      it(`${op}: a JS array of numbers (float64), lengths ${LENGTHS.join(', ')}`, async () => {
        for (const n of LENGTHS) {
          const x = logits(n, n + 3);
          expectSameBits(await pool[op](x), kernel[op](x), x, `${op} number[] n = ${n}`);
        }
      });
    }

    for (const dtype of ['float32', 'float64'] as const) {
      it(`binaryCrossEntropyWithLogits, reduction 'mean', ${dtype}: typed arrays, zero-copy arrays, lengths ${LENGTHS.join(', ')}`, async () => {
        for (const n of LENGTHS) {
          const xs = logits(n, n + 4);
          const ys = targets(n, n + 5);
          const want = kernel.binaryCrossEntropyWithLogits(typed(dtype, xs), typed(dtype, ys), { reduction: 'mean' });
          if (n === 0) expect(want).toBeNaN();
          const got = await pool.binaryCrossEntropyWithLogits(typed(dtype, xs), typed(dtype, ys), { reduction: 'mean' });
          expectSameNumber(got, want, `mean loss ${dtype} n = ${n}`);
          const x = dtype === 'float32' ? pool.allocFloat32(xs) : pool.allocFloat64(xs);
          const y = dtype === 'float32' ? pool.allocFloat32(ys) : pool.allocFloat64(ys);
          try {
            const zeroCopy = await (pool.binaryCrossEntropyWithLogits as (a: unknown, b: unknown, o: unknown) => Promise<unknown>)(x, y, {
              reduction: 'mean',
            });
            expectSameNumber(zeroCopy, want, `mean loss ${dtype} n = ${n}, zero-copy`);
          } finally {
            x.free();
            y.free();
          }
        }
      });
    }

    it("binaryCrossEntropyWithLogits, reduction 'mean': JS arrays of numbers (float64), lengths 0, 1, 17, 100000", async () => {
      for (const n of LENGTHS) {
        const x = logits(n, n + 6);
        const y = targets(n, n + 7);
        const want = kernel.binaryCrossEntropyWithLogits(x, y, { reduction: 'mean' });
        expectSameNumber(await pool.binaryCrossEntropyWithLogits(x, y, { reduction: 'mean' }), want, `mean loss number[] n = ${n}`);
      }
    });
  });
}

// A call is held up (pending) only while a worker holds one of its chunks.
// A worker that throws (crashNextJob) holds the chunk it took: the call
// stays pending until the pool hears of the worker's error, a task later.
// Whether the worker takes a chunk at all is a race with the page's share
// (the page works on every call): with 64-byte chunks of 2^20 elements the
// page is busy for milliseconds, so the worker nearly always does; each test
// tries up to ATTEMPTS times, and says when it needed more than one.
const ATTEMPTS = 5;
const BIG = 1 << 20;
const FAILING = { threads: 2, parallelThreshold: 0, chunkBytes: 64 } as const;

const settle = (p: Promise<unknown>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

describe('failures (threads: 2, parallelThreshold: 0, chunkBytes: 64)', () => {
  const x = Float32Array.from(logits(BIG, 8));
  const want = kernel.sigmoid(x);

  it('close() rejects the pending calls with an Error that says the pool closed; later calls reject, allocFloat32 throws', async () => {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const pool = testPool(FAILING);
      opened.push(pool);
      await pool.ready;
      pool.crashNext();
      const held = settle(pool.sigmoid(x)); // pending if the worker took a chunk (and threw)
      const queued = settle(pool.sigmoid(x)); // then queued behind it: pending too
      const closing = pool.close();
      const results = [await held, await queued];
      await closing;
      for (const r of results) {
        if (r.ok) expectSameBits(r.value, want, x, 'a call that was done before close()');
        else {
          expect(r.error).toBeInstanceOf(Error);
          expect((r.error as Error).message).toMatch(/closed/);
        }
      }
      if (results.every((r) => r.ok)) {
        console.log(`close(), attempt ${attempt}: the page ran every chunk, no call was pending; again`);
        continue;
      }
      // The queued call is behind the held one: it cannot have finished first.
      expect(results.map((r) => r.ok)).not.toEqual([false, true]);
      await expect(pool.sigmoid(x)).rejects.toThrow(/closed/);
      expect(() => pool.allocFloat32(4)).toThrow(/closed/);
      await expect(pool.close()).resolves.toBeUndefined();
      return;
    }
    expect.fail(`no call was pending at close() in ${ATTEMPTS} attempts`);
  });

  /** crashNextJob, then calls until one rejects (the worker took a chunk and threw): its error. */
  const crash = async (pool: Pool & TestPool, what: string): Promise<unknown> => {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      pool.crashNext();
      const r = await settle(pool.sigmoid(x));
      if (!r.ok) return r.error;
      expectSameBits(r.value, want, x, `${what}: a call the worker took no part in`);
      console.log(`${what}, attempt ${attempt}: the worker took no chunk (the page ran them all); again`);
    }
    return expect.fail(`${what}: the worker took no chunk in ${ATTEMPTS} calls`);
  };

  /** A few calls, a little apart (the replacement worker starts meanwhile): each the kernel's bits. */
  const callsWork = async (pool: Pool, what: string): Promise<void> => {
    for (let i = 0; i < 5; i++) {
      expectSameBits(await pool.sigmoid(x), want, x, `${what}, call ${i}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('a worker that throws makes that call reject with an Error; the pool replaces the worker, and later calls work, with it', async () => {
    const pool = testPool(FAILING);
    opened.push(pool);
    await pool.ready;
    const first = pool.workers()[0];
    const error = await crash(pool, 'first crash');
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^sigmoid-wasm pool: sigmoid failed: worker 0 threw .* while running it$/);
    const second = pool.workers()[0];
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    await callsWork(pool, 'after the crash');
    // The replacement takes part in jobs: it takes a chunk of the next crashing one.
    expect((await crash(pool, 'second crash')) as Error).toBeInstanceOf(Error);
    expect(pool.workers()[0]).not.toBe(second);
    await callsWork(pool, 'after the second crash');
    // Small calls, and the other ops, too.
    expect(await pool.sigmoid(0)).toBe(0.5);
    expectSameNumber(
      await pool.binaryCrossEntropyWithLogits(x, want, { reduction: 'mean' }),
      kernel.binaryCrossEntropyWithLogits(x, want, { reduction: 'mean' }),
      'mean loss after the crashes',
    );
  });
});
