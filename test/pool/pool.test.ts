// The worker pool under Node (worker_threads), beyond its results
// (calls.test.ts) and its argument checks (errors.test.ts): the threaded
// modules; calls served in order, without mixing, JS arrays read at the
// call; close() and `await using`; a worker that dies (terminated, or an
// exception) rejects the call it held and is replaced; workers that cannot
// start make every call reject; small calls never reach a worker; the
// shared memory stays the same size over 10^4 calls; a process that never
// calls close() exits. Faults are made through test/pool/hooks.ts (a
// subclass of PoolImpl), so nothing test-only ships.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { createKernel, createPool } from '../../src/index.js';
import type { Pool, PoolOptions, WasmArray } from '../../src/types.js';
import { SHARED_MAXIMUM_PAGES, bytesOf, sharedVariant, type BuildName } from '../../src/wasm.js';
import { RELAXED } from '../support/cases.js';
import { firstDifference, uniform } from '../support/numbers.js';
import { ELEMENTWISE } from '../support/ops.js';
import { testPool, type TestPool } from './hooks.js';

const pools: Pool[] = [];
function pool(options: PoolOptions, hooks?: { failStart?: boolean }): Pool & TestPool {
  const p = testPool(options, hooks);
  pools.push(p);
  return p;
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

const settle = (p: Promise<unknown>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error: error as Error }),
  );

describe('the threaded modules: each module of each build with its memory imported as shared', () => {
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
  const builds: BuildName[] = ['simd', 'scalar', ...(RELAXED.supported ? (['relaxed'] as const) : [])];
  const each = ELEMENTWISE.flatMap((spec) => builds.map((build) => ({ spec, build, title: `${spec.name}, ${build}` })));

  it.each(each)('$title: the same exports and every other section byte for byte; a shared memory links, an unshared one does not', ({ spec, build }) => {
    const single = bytesOf(spec.wasm, build);
    const threaded = sharedVariant(single);
    expect(WebAssembly.validate(threaded)).toBe(true);
    const a = new WebAssembly.Module(single);
    const b = new WebAssembly.Module(threaded);
    expect(WebAssembly.Module.exports(b)).toEqual(WebAssembly.Module.exports(a));
    expect(WebAssembly.Module.imports(a)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(WebAssembly.Module.imports(b)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    // Only the import section (2) changes.
    expect(sections(threaded).filter(([id]) => id !== 2)).toEqual(sections(single).filter(([id]) => id !== 2));
    const shared = new WebAssembly.Memory({ initial: 4, maximum: SHARED_MAXIMUM_PAGES, shared: true });
    const unshared = new WebAssembly.Memory({ initial: 4, maximum: 8 });
    expect(() => new WebAssembly.Instance(b, { env: { memory: shared } })).not.toThrow();
    expect(() => new WebAssembly.Instance(b, { env: { memory: unshared } })).toThrow(WebAssembly.LinkError);
    expect(() => new WebAssembly.Instance(a, { env: { memory: unshared } })).not.toThrow();
  });
});

describe('order: concurrent calls are served in order, without mixing', () => {
  it("calls on shared arrays, made without awaiting, see each other's results in call order", async () => {
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
    expect(firstDifference(b.array, k.sigmoidDerivative(k.tanh(k.sigmoid(x))))).toBe(-1);
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
    p.callerIdle = true;
    const x = p.allocFloat64(2_000_000);
    const pending = [p.sigmoid(x, x), p.tanh(x, x), p.sigmoid(new Float64Array(10))];
    const rejected = pending.map((call) => expect(call).rejects.toThrow(/sigmoid-wasm pool: closed \(pool\.close\(\)\) before this call finished/));
    const workers = p.workers();
    expect(workers).toHaveLength(2);
    const closing = p.close();
    expect(p.close()).toBe(closing);
    await closing;
    await Promise.all(rejected);
    // Ended: terminating again settles at once.
    await Promise.all(workers.map((w) => w.terminate()));
    await expect(p.sigmoid(new Float32Array(4))).rejects.toThrow(/the pool is closed/);
    await expect(p.sigmoid(0.5)).rejects.toThrow(/the pool is closed/);
    await expect(p.sigmoidBackward(0.5, 1)).rejects.toThrow(/the pool is closed/);
    expect(() => p.allocFloat32(4)).toThrow(/allocFloat32: the pool is closed/);
  });

  it('Symbol.asyncDispose closes the pool (await using), and close() settles once the workers have ended', async () => {
    const p = pool({ threads: 2 });
    await p.sigmoid(new Float32Array(1e6));
    await p[Symbol.asyncDispose]();
    await expect(p.sigmoid(new Float32Array(1))).rejects.toThrow(/closed/);
  });

  it('a worker terminated during a call: that call rejects saying so; the pool replaces the worker and later calls work', async () => {
    const p = pool({ threads: 2, parallelThreshold: 0, precision: 'accurate' });
    const k = createKernel({ precision: 'accurate' });
    await p.ready;
    p.callerIdle = true;
    const x = p.allocFloat64(uniform('float64', 4_000_000, -20, 20, 8));
    const out = p.allocFloat64(x.length); // zeros until the worker writes: a sign it is inside the call
    const call = settle(p.sigmoid(x, out));
    const first = p.workers()[0]!;
    // Until the worker writes (it is inside the call), at most 10 s: spinning on the shared memory, yielding
    // to microtasks only, so that the terminate() below follows the first write at once. (Polling through
    // the event loop let a busy machine finish the whole call between two polls: the call then fulfilled.)
    const deadline = Date.now() + 10_000;
    for (let i = 0; out.array[0] === 0 && Date.now() < deadline; i++) if (i % 1024 === 0) await Promise.resolve();
    expect(out.array[0], 'the worker never wrote: it never ran the call').not.toBe(0);
    void first.terminate();
    const r = await call;
    expect(r.ok ? 'fulfilled' : r.error.message).toMatch(/^sigmoid-wasm pool: sigmoid failed: worker 0 exited with code 1 while running it$/);
    p.callerIdle = false;
    const y = uniform('float64', 300_000, -20, 20, 9) as Float64Array;
    expect(firstDifference(await p.sigmoid(y), k.sigmoid(y))).toBe(-1);
    expect(p.workers()[0]).not.toBe(first);
    p.callerIdle = true; // the replacement alone
    expect(firstDifference(await p.tanh(y), k.tanh(y))).toBe(-1);
    p.callerIdle = false;
  });

  it('a worker that throws: the call it held rejects with the exception; the next calls work, with its replacement', async () => {
    const p = pool({ threads: 2, parallelThreshold: 0 });
    const k = createKernel();
    await p.ready;
    p.callerIdle = true;
    const first = p.workers()[0];
    p.crashNext();
    const x = uniform('float32', 500_000, -20, 20, 10) as Float32Array;
    await expect(p.sigmoid(x)).rejects.toThrow(/^sigmoid-wasm pool: sigmoid failed: worker 0 threw TypeError.* while running it$/);
    expect(firstDifference(await p.sigmoid(x), k.sigmoid(x))).toBe(-1);
    expect(p.workers()[0]).not.toBe(first);
    p.callerIdle = false;
    for (let i = 0; i < 3; i++) expect(firstDifference(await p.sigmoid(x), k.sigmoid(x))).toBe(-1);
  });

  it('small calls run on the calling thread: no worker is involved (a crashing job is never sent)', async () => {
    const p = pool({ threads: 2 });
    const k = createKernel();
    await p.ready;
    const workers = p.workers();
    p.crashNext();
    const x = uniform('float32', 10_000, -5, 5, 11) as Float32Array;
    expect(firstDifference(await p.sigmoid(x), k.sigmoid(x))).toBe(-1);
    expect(p.workers()).toEqual(workers);
  });

  it('workers that cannot start: ready rejects and every call rejects with the reason; small ones too once it is known', async () => {
    const p = pool({ threads: 3, parallelThreshold: 0 }, { failStart: true });
    await expect(p.ready).rejects.toThrow(/^sigmoid-wasm pool: a worker could not start: it threw Error: refused to start \(test\)$/);
    const r = await settle(p.sigmoid(new Float32Array(100_000)));
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.message).toMatch(/a worker could not start/);
    await expect(p.tanh(new Float64Array(10))).rejects.toThrow(/a worker could not start/);
    await p.close();
  });

  it('the shared memory stays the same size over 10^4 calls, and the allocator returns the same place', async () => {
    const p = pool({ threads: 2, parallelThreshold: 0, chunkBytes: 1024 });
    const x = uniform('float32', 4096, -5, 5, 12) as Float32Array;
    const out = new Float32Array(x.length);
    for (let i = 0; i < 100; i++) await p.sigmoid(x, out);
    const probe = p.allocFloat32(16) as WasmArray<Float32Array>;
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

  it('a process that never calls close() exits by itself, code 0, once its calls are done (dist/, as npm test builds it)', () => {
    const script = `
      import { createPool } from ${JSON.stringify(new URL('../../dist/index.js', import.meta.url).href)};
      const pool = createPool({ threads: 2, parallelThreshold: 0 });
      await pool.ready;
      const y = await pool.sigmoid(new Float32Array(100000).fill(1));
      console.log(y[0]);
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    });
    expect(child.error).toBeUndefined();
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(Number(child.stdout.trim())).toBeCloseTo(0.7310585786, 7);
  });
});

describe('createPool() with the defaults', () => {
  it('the same bits as createKernel() over big arrays, split dynamically between the threads', async () => {
    const p = createPool({ threads: 2 });
    pools.push(p);
    const k = createKernel();
    const x = uniform('float32', 1_000_003, -12, 12, 99) as Float32Array;
    const want = k.sigmoid(x);
    for (let round = 0; round < 3; round++) expect(firstDifference(await p.sigmoid(x), want)).toBe(-1);
    const shared = p.allocFloat32(x);
    const out = p.allocFloat32(x.length);
    await p.sigmoid(shared, out);
    expect(firstDifference(out.array, want)).toBe(-1);
  });
});
