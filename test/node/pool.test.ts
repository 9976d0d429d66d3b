// The worker pool under Node (worker_threads): the same bits as the
// single-thread kernel for every op, type, tier, length and split; arguments
// checked before any work; calls served in order; close(); a worker that dies
// (terminated, or an exception) rejects the call it held and is replaced; the
// shared memory stays the same size over 10^4 calls; a process that never
// calls close() exits.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createKernel, createPool } from '../../src/index.js';
import { relaxedBase64, scalarBase64, simdBase64 } from '../../src/generated/wasm.js';
import { callerIdle, crashNextJob, workersOf } from '../../src/pool.js';
import { SHARED_MAXIMUM_PAGES, sharedVariant } from '../../src/wasm.js';
import type { Kernel, Pool, PoolOptions, WasmArray } from '../../src/types.js';
import { FAMILY_BINARY, FAMILY_UNARY, RELAXED, describeDifference, firstDifference, uniform, type DType, type Float, type Precision } from '../helpers.js';

const UNARY = ['sigmoid', 'sigmoidDerivative', ...FAMILY_UNARY] as const;
const BINARY = ['sigmoidBackward', ...FAMILY_BINARY] as const;
type Call = (...args: unknown[]) => unknown;

const pools: Pool[] = [];
function pool(options: PoolOptions): Pool {
  const p = createPool(options);
  pools.push(p);
  return p;
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

/** Inputs for an op: logits over the sigmoid's range; targets and probabilities in [0, 1]; specials included. */
function inputsFor(op: string, dtype: DType, n: number, seed: number): { a: Float; b: Float } {
  const a = uniform(dtype, n, op === 'logit' ? 0 : -30, op === 'logit' ? 1 : 30, seed);
  const b = uniform(dtype, n, op === 'sigmoidBackward' ? -4 : 0, op === 'sigmoidBackward' ? 4 : 1, seed + 1);
  const specials = [0, -0, NaN, Infinity, -Infinity, 1e-40, 100];
  for (let i = 0; i < Math.min(n, specials.length); i++) a[(i * 7919) % n] = specials[i]!;
  return { a, b };
}

const LENGTHS = [0, 1, 3, 15, 16, 17, 63, 64, 65, 1000, 4097, 70001];

describe.each([
  { precision: 'fast' as Precision, chunkBytes: 64, threads: 2 },
  { precision: 'fast' as Precision, chunkBytes: 4096, threads: 3 },
  { precision: 'accurate' as Precision, chunkBytes: 192, threads: 2 },
  { precision: 'accurate' as Precision, chunkBytes: 65536, threads: 3 },
])('$precision tier, threads $threads, chunks of $chunkBytes bytes: the single-thread kernel\'s bits', ({ precision, chunkBytes, threads }) => {
  let p: Pool;
  let k: Kernel;
  beforeAll(async () => {
    p = pool({ precision, chunkBytes, threads, parallelThreshold: 0 });
    k = createKernel({ precision });
    await p.ready;
    expect([p.simd, p.relaxed, p.precision]).toEqual([k.simd, k.relaxed, k.precision]);
  });

  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: every unary op, JS arrays and arrays in the shared memory, every length`, async () => {
      for (const op of UNARY) {
        for (const n of LENGTHS) {
          const { a } = inputsFor(op, dtype, n, n + 1);
          const want = (k[op] as Call)(a) as Float;
          const got = (await (p[op] as Call)(a)) as Float;
          expect(got.constructor).toBe(want.constructor);
          expect(firstDifference(got, want), describeDifference(`${op} n = ${n}`, got, want, a, dtype)).toBe(-1);
          // In the shared memory, in place.
          const shared = (dtype === 'float32' ? p.allocFloat32(a) : p.allocFloat64(a)) as WasmArray;
          expect(await (p[op] as Call)(shared, shared)).toBe(shared);
          expect(firstDifference(shared.array, want), `${op} n = ${n}, in place in the shared memory`).toBe(-1);
          shared.free();
        }
      }
    });

    it(`${dtype}: the fused pair, the backward step and the loss (none, sum, mean) and its gradient`, async () => {
      for (const n of LENGTHS) {
        const { a, b } = inputsFor('sigmoid', dtype, n, 3 * n + 5);
        const fused = (await p.sigmoidWithDerivative(a as Float64Array)) as { value: Float; derivative: Float };
        const fusedWant = k.sigmoidWithDerivative(a as Float64Array);
        expect(firstDifference(fused.value, fusedWant.value), `fused value n = ${n}`).toBe(-1);
        expect(firstDifference(fused.derivative, fusedWant.derivative), `fused derivative n = ${n}`).toBe(-1);
        for (const op of BINARY) {
          const { a: x, b: y } = inputsFor(op, dtype, n, 5 * n + 7);
          const want = (k[op] as Call)(x, y) as Float;
          const got = (await (p[op] as Call)(x, y)) as Float;
          expect(firstDifference(got, want), describeDifference(`${op} n = ${n}`, got, want, x, dtype)).toBe(-1);
        }
        const { a: x, b: y } = inputsFor('binaryCrossEntropyWithLogits', dtype, n, 11 * n);
        for (const reduction of ['sum', 'mean'] as const) {
          const want = k.binaryCrossEntropyWithLogits(x as Float64Array, y as Float64Array, { reduction });
          const got = await p.binaryCrossEntropyWithLogits(x as Float64Array, y as Float64Array, { reduction });
          expect(Object.is(got, want), `loss ${reduction} n = ${n}: ${got} vs ${want}`).toBe(true);
        }
      }
    });
  }
});

describe('the threaded build: the embedded build with its memory imported as shared', () => {
  /** Section id -> its bytes (header included), in order. */
  const sections = (bytes: Uint8Array): Array<[number, string]> => {
    const out: Array<[number, string]> = [];
    for (let at = 8; at < bytes.length; ) {
      const id = bytes[at]!;
      let size = 0;
      let shift = 0;
      let p = at + 1;
      for (let byte = 0x80; byte & 0x80; shift += 7) {
        byte = bytes[p++]!;
        size += (byte & 0x7f) * 2 ** shift;
      }
      out.push([id, Buffer.from(bytes.subarray(at, p + size)).toString('hex')]);
      at = p + size;
    }
    return out;
  };

  const builds: Array<[string, string]> = [
    ['simd', simdBase64],
    ['scalar', scalarBase64],
    ...(RELAXED.supported ? [['relaxed', relaxedBase64] as [string, string]] : []),
  ];
  it.each(builds)('%s: the same exports and the same code, data and type sections; the memory an import of a shared one', (_, base64) => {
    const single = new Uint8Array(Buffer.from(base64, 'base64'));
    const threaded = sharedVariant(single);
    expect(WebAssembly.validate(threaded)).toBe(true);
    const a = new WebAssembly.Module(single);
    const b = new WebAssembly.Module(threaded);
    expect(WebAssembly.Module.exports(b)).toEqual(WebAssembly.Module.exports(a));
    expect(WebAssembly.Module.imports(a)).toEqual([]);
    expect(WebAssembly.Module.imports(b)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    const before = sections(single);
    const after = sections(threaded);
    // Only the memory section (5) goes, and an import section (2) comes; every other section is byte for byte the same.
    expect(after.filter(([id]) => id !== 2)).toEqual(before.filter(([id]) => id !== 5));
    expect(after.filter(([id]) => id === 2)).toHaveLength(1);
    // A shared memory of up to SHARED_MAXIMUM_PAGES is accepted; an unshared one is not.
    const shared = new WebAssembly.Memory({ initial: 4, maximum: SHARED_MAXIMUM_PAGES, shared: true });
    expect(() => new WebAssembly.Instance(b, { env: { memory: shared } })).not.toThrow();
    expect(() => new WebAssembly.Instance(b, { env: { memory: new WebAssembly.Memory({ initial: 4, maximum: 8 }) } })).toThrow(WebAssembly.LinkError);
  });
});

describe('the default pool (fast tier, the default build)', () => {
  it('the same bits as createKernel() over big arrays, split dynamically between the threads', async () => {
    const p = pool({ threads: 2 });
    const k = createKernel();
    const x = uniform('float32', 1_000_003, -12, 12, 99) as Float32Array;
    const want = k.sigmoid(x);
    for (let round = 0; round < 3; round++) expect(firstDifference(await p.sigmoid(x), want)).toBe(-1);
    const shared = p.allocFloat32(x);
    const out = p.allocFloat32(x.length);
    await p.sigmoid(shared, out);
    expect(firstDifference(out.array, want)).toBe(-1);
    // In place in JS memory, and an out that overlaps x partly (read as if x was copied first).
    const inPlace = x.slice();
    expect(await p.sigmoid(inPlace, inPlace)).toBe(inPlace);
    expect(firstDifference(inPlace, want)).toBe(-1);
    const buffer = new Float32Array(x.length + 16);
    buffer.set(x);
    const shifted = await p.sigmoid(buffer.subarray(0, x.length), buffer.subarray(16));
    expect(firstDifference(shifted, want)).toBe(-1);
  });

  it('the workers alone (the calling thread idle) give the same bits too', async () => {
    const p = pool({ threads: 3, parallelThreshold: 0, chunkBytes: 1024 });
    const k = createKernel();
    await p.ready;
    callerIdle(p, true);
    const x = uniform('float64', 100_001, -40, 40, 5) as Float64Array;
    expect(firstDifference(await p.tanh(x), k.tanh(x))).toBe(-1);
    expect(firstDifference(await p.sigmoidDerivative(x), k.sigmoidDerivative(x))).toBe(-1);
    callerIdle(p, false);
  });

  it('has the options it was given; threads count the calling thread', async () => {
    const p = pool({ threads: 2, precision: 'accurate', parallelThreshold: 10, chunkBytes: 128 });
    expect([p.threads, p.precision, p.relaxed, p.parallelThreshold, p.chunkBytes]).toEqual([2, 'accurate', false, 10, 128]);
    expect(workersOf(p)).toHaveLength(1);
    await p.ready;
    const solo = pool({ threads: 1 });
    expect(workersOf(solo)).toHaveLength(0);
    await solo.ready;
    expect(await solo.sigmoid(0)).toBe(0.5);
  });
});

describe('argument errors are thrown before any work, as the Kernel throws them', () => {
  it('bad options: TypeError or RangeError', () => {
    expect(() => createPool(null as unknown as PoolOptions)).toThrow(TypeError);
    expect(() => createPool({ precision: 'exact' as 'fast' })).toThrow(/createPool: options\.precision must be 'fast' or 'accurate'/);
    for (const threads of [0, 65, 1.5, NaN]) expect(() => createPool({ threads }), `threads ${threads}`).toThrow(RangeError);
    for (const chunkBytes of [0, 100, 32, 2 ** 31]) expect(() => createPool({ chunkBytes }), `chunkBytes ${chunkBytes}`).toThrow(RangeError);
    expect(() => createPool({ parallelThreshold: -1 })).toThrow(RangeError);
  });

  it('bad calls throw synchronously with the Kernel\'s messages; nothing is written; the pool keeps working', async () => {
    const p = pool({ threads: 2, parallelThreshold: 0 });
    const k = createKernel();
    const x = new Float32Array(100_000).fill(1);
    const out = new Float32Array(99_999).fill(7);
    const message = (f: () => unknown): string => {
      try {
        f();
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
      return 'no error';
    };
    const cases: Array<[string, () => unknown, () => unknown]> = [
      ['a string', () => p.sigmoid('x' as unknown as Float32Array), () => k.sigmoid('x' as unknown as Float32Array)],
      ['out too short', () => p.sigmoid(x, out), () => k.sigmoid(x, out)],
      ['out of another type', () => (p.tanh as Call)(x, new Float64Array(x.length)), () => (k.tanh as Call)(x, new Float64Array(x.length))],
      ['mixed types', () => (p.sigmoidBackward as Call)(x, new Float64Array(x.length)), () => (k.sigmoidBackward as Call)(x, new Float64Array(x.length))],
      ['a bad reduction', () => p.binaryCrossEntropyWithLogits(x, x, { reduction: 'max' as 'sum' }), () => k.binaryCrossEntropyWithLogits(x, x, { reduction: 'max' as 'sum' })],
      ['a freed array', () => { const f = p.allocFloat32(4); f.free(); return p.sigmoid(f); }, () => { const f = k.allocFloat32(4); f.free(); return k.sigmoid(f); }],
    ];
    for (const [label, poolCall, kernelCall] of cases) {
      const got = message(poolCall);
      expect(got, label).not.toBe('no error');
      expect(got, label).toBe(message(kernelCall));
    }
    expect(out.every((v) => v === 7)).toBe(true);
    expect(firstDifference(await p.sigmoid(x), k.sigmoid(x))).toBe(-1);
  });
});

describe('order and data: concurrent calls are served in order, without mixing', () => {
  it('calls on shared arrays, made without awaiting, see each other\'s results in call order', async () => {
    const p = pool({ threads: 3, parallelThreshold: 1000, chunkBytes: 4096 });
    const k = createKernel();
    const x = uniform('float32', 200_000, -8, 8, 1) as Float32Array;
    const small = uniform('float32', 500, -8, 8, 2) as Float32Array;
    const a = p.allocFloat32(x);
    const b = p.allocFloat32(x.length);
    const s = p.allocFloat32(small);
    // a -> b (parallel), b -> a (parallel), s in place (small, behind them: runs in turn), a -> b again.
    const calls = [p.sigmoid(a, b), p.tanh(b, a), p.softplus(s, s), p.sigmoidDerivative(a, b)];
    const settled: number[] = [];
    calls.forEach((c, i) => void c.then(() => settled.push(i)));
    await Promise.all(calls);
    expect(settled).toEqual([0, 1, 2, 3]);
    const want = k.sigmoidDerivative(k.tanh(k.sigmoid(x)));
    expect(firstDifference(b.array, want)).toBe(-1);
    expect(firstDifference(s.array, k.softplus(small))).toBe(-1);
  });

  it('JS arrays are read at the call: changing them afterwards changes nothing', async () => {
    const p = pool({ threads: 2, parallelThreshold: 1000 });
    const k = createKernel();
    const big = uniform('float64', 100_000, -5, 5, 3) as Float64Array;
    const small = uniform('float64', 100, -5, 5, 4) as Float64Array;
    const wantBig = k.sigmoid(big);
    const wantSmall = k.logSigmoid(small);
    const first = p.sigmoid(big); // runs now
    const blocker = p.silu(p.allocFloat64(200_000)); // keeps the queue busy
    const second = p.logSigmoid(small); // small, queued behind: its input is copied now
    big.fill(0);
    small.fill(0);
    await blocker;
    expect(firstDifference(await first, wantBig)).toBe(-1);
    expect(firstDifference(await second, wantSmall)).toBe(-1);
  });

  it('many callers at once each get their own results', async () => {
    const p = pool({ threads: 2, parallelThreshold: 5000, chunkBytes: 8192 });
    const k = createKernel();
    const inputs = Array.from({ length: 40 }, (_, i) => uniform('float32', i % 2 === 0 ? 20_000 + i : 100 + i, -9, 9, 100 + i) as Float32Array);
    const results = await Promise.all(inputs.map((x, i) => (i % 3 === 0 ? p.sigmoid(x) : i % 3 === 1 ? p.tanh(x) : p.silu(x))));
    results.forEach((got, i) => {
      const x = inputs[i]!;
      const want = i % 3 === 0 ? k.sigmoid(x) : i % 3 === 1 ? k.tanh(x) : k.silu(x);
      expect(firstDifference(got, want), `call ${i}`).toBe(-1);
    });
  });
});

describe('lifecycle and faults', () => {
  it('close() rejects the calls not finished with an Error saying so, ends the workers; later calls reject too', async () => {
    const p = pool({ threads: 3, parallelThreshold: 0 });
    await p.ready;
    callerIdle(p, true);
    const x = p.allocFloat64(2_000_000);
    const pending = [p.sigmoid(x, x), p.tanh(x, x), p.sigmoid(new Float64Array(10))];
    const rejected = pending.map((call) => expect(call).rejects.toThrow(/sigmoid-wasm pool: closed \(pool\.close\(\)\) before this call finished/));
    const workers = workersOf(p);
    const closing = p.close();
    expect(p.close()).toBe(closing);
    await closing;
    await Promise.all(rejected);
    // Ended: terminating again settles at once (Node's Worker.terminate() on an ended worker).
    await Promise.all(workers.map((w) => w.terminate()));
    await expect(p.sigmoid(new Float32Array(4))).rejects.toThrow(/the pool is closed/);
    await expect(p.sigmoid(0.5)).rejects.toThrow(/the pool is closed/);
    await expect(p.sigmoidBackward(0.5, 1)).rejects.toThrow(/the pool is closed/);
    expect(() => p.allocFloat32(4)).toThrow(/allocFloat32: the pool is closed/);
  });

  it('Symbol.asyncDispose closes the pool (await using)', async () => {
    const p = createPool({ threads: 2 });
    await p.ready;
    await p[Symbol.asyncDispose]();
    await expect(p.sigmoid(new Float32Array(1))).rejects.toThrow(/closed/);
  });

  it('a worker terminated during a call: that call rejects saying so; the pool replaces the worker and later calls work', async () => {
    const p = pool({ threads: 2, parallelThreshold: 0, precision: 'accurate' });
    const k = createKernel({ precision: 'accurate' });
    await p.ready;
    callerIdle(p, true);
    const x = p.allocFloat64(uniform('float64', 4_000_000, -20, 20, 8));
    const out = p.allocFloat64(x.length); // zeros until the worker writes: a sign it is inside the call
    const call = p.sigmoid(x, out);
    while (out.array[0] === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    void workersOf(p)[0]!.terminate();
    await expect(call).rejects.toThrow(/sigmoid-wasm pool: sigmoid failed: worker 0 exited with code 1 while running it/);
    callerIdle(p, false);
    const y = uniform('float64', 300_000, -20, 20, 9) as Float64Array;
    expect(firstDifference(await p.sigmoid(y), k.sigmoid(y))).toBe(-1);
    await p.ready;
    callerIdle(p, true); // the replacement alone
    expect(firstDifference(await p.tanh(y), k.tanh(y))).toBe(-1);
    callerIdle(p, false);
  });

  it('a worker that throws: the call it held rejects with the exception; the next calls work', async () => {
    const p = pool({ threads: 2, parallelThreshold: 0 });
    const k = createKernel();
    await p.ready;
    callerIdle(p, true);
    crashNextJob(p);
    const x = uniform('float32', 500_000, -20, 20, 10) as Float32Array;
    await expect(p.sigmoid(x)).rejects.toThrow(/sigmoid failed: worker 0 threw TypeError/);
    expect(firstDifference(await p.sigmoid(x), k.sigmoid(x))).toBe(-1);
    callerIdle(p, false);
    for (let i = 0; i < 3; i++) expect(firstDifference(await p.sigmoid(x), k.sigmoid(x))).toBe(-1);
  });

  it('small calls run on the calling thread: no worker is involved (a crashing job is never sent)', async () => {
    const p = pool({ threads: 2 });
    const k = createKernel();
    await p.ready;
    crashNextJob(p);
    const x = uniform('float32', 10_000, -5, 5, 11) as Float32Array;
    expect(firstDifference(await p.sigmoid(x), k.sigmoid(x))).toBe(-1);
  });

  it('the shared memory stays the same size over 10^4 calls, and the allocator returns the same place', async () => {
    const p = pool({ threads: 2, parallelThreshold: 0, chunkBytes: 1024 });
    const x = uniform('float32', 4096, -5, 5, 12) as Float32Array;
    const out = new Float32Array(x.length);
    for (let i = 0; i < 100; i++) await p.sigmoid(x, out);
    const probe = p.allocFloat32(16);
    const size = probe.array.buffer.byteLength;
    const place = probe.array.byteOffset;
    probe.free();
    for (let i = 0; i < 10_000; i++) {
      if (i % 3 === 0) await p.sigmoid(x, out);
      else if (i % 3 === 1) await p.binaryCrossEntropyWithLogits(x, out, { reduction: 'mean' });
      else await p.sigmoidWithDerivative(x);
    }
    const after = p.allocFloat32(16);
    expect(after.array.buffer.byteLength).toBe(size);
    expect(after.array.byteOffset).toBe(place);
    after.free();
  }, 120_000);

  it('a process that never calls close() exits by itself (dist/, as built by npm test)', () => {
    const script = `
      import { createPool } from ${JSON.stringify(new URL('../../dist/index.js', import.meta.url).href)};
      const pool = createPool({ threads: 2, parallelThreshold: 0 });
      await pool.ready;
      const y = await pool.sigmoid(new Float32Array(100000).fill(1));
      console.log(y[0]);
    `;
    const started = Date.now();
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    });
    expect(child.error).toBeUndefined();
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(Number(child.stdout.trim())).toBeCloseTo(0.7310585786, 7);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
