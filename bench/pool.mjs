// The worker pool's rows of the benchmark (createPool, src/pool.ts): the
// float32 fast sigmoid on a pool of 1 and 2 threads (the calling thread
// counts as one) against the single-thread kernel (createKernel()), in the
// same engine's process. npm run bench -- --engines --pool runs it in Node 24
// and Chromium (bench/engines.mjs: bench/engine-run.mjs --pool, and
// bench/browser/index.html?pool=1, a cross-origin isolated page); it imports
// nothing but tinybench and bench/core.mjs, so it runs in any engine.
//
// What is measured (POOL below), each group its own interleaved rounds:
// - zero-copy: pool.allocFloat32 arrays through `await pool.sigmoid(x, out)`
//   against kernel.allocFloat32 arrays through `kernel.sigmoid(x, out)`,
//   default createPool({ threads }) options;
// - JS arrays: a Float32Array in, a preallocated Float32Array out, the same
//   two calls (the pool copies into its shared memory and back);
// - the per-chunk overhead: n = 10^6 zero-copy on 2 threads with
//   parallelThreshold 0 and chunkBytes 65536 against 4096; per chunk:
//   (t_4096 - t_65536) / (chunks_4096 - chunks_65536), per round, then the
//   median; and the fixed cost of a parallel call: n = 16 with
//   parallelThreshold 0 (one chunk: the job's setup, the workers' wake-up
//   and the Promise), beside the same call inline (default threshold);
// - the crossover: 2 threads, parallelThreshold 0, n = 8192 .. 262144
//   against the kernel: where the pool starts to win (what the default
//   parallelThreshold rests on).
//
// Method, as bench/core.mjs: per group, every task runs once per round, the
// task order rotating each round, each run a tinybench run with warm-up;
// ratios are taken per round (single-thread kernel time / pool time, the
// await included), then the median over rounds with the min-max spread.
// Pool calls are back to back in tinybench's loop (the workers stay awake
// between calls, as in a real loop over batches). Repetitions per sample
// are calibrated per task to about `sampleMs` (browsers coarsen the clock).
// Every task adds an element of its output to a checksum that is reported,
// and before timing each pool task's output is checked bit for bit against
// the kernel's.
import { Bench } from 'tinybench';

import { median, ratio, uniform } from './core.mjs';

/** What the pool's rows measure (npm run bench -- --engines --pool). */
export const POOL = Object.freeze({
  zeroSizes: Object.freeze([1e3, 1e4, 1e5, 1e6, 1e7]),
  copySizes: Object.freeze([1e5, 1e6, 1e7]),
  threads: Object.freeze([1, 2]),
  overhead: Object.freeze({ n: 1e6, threads: 2, chunkBytes: Object.freeze([65536, 4096]) }),
  roundTripN: 16,
  crossoverSizes: Object.freeze([8192, 16384, 32768, 65536, 131072, 262144]),
  rounds: 15,
  engines: Object.freeze(['node24', 'chromium']),
});

let sink = 0;

/** The sum of every pool-benchmark task's results so far. */
export const poolChecksum = () => sink;

/** Chunks of a parallel float32 call, as src/pool.ts splits it. */
export function chunksOf(n, chunkBytes, size = 4) {
  const chunk = Math.max(chunkBytes / size, Math.ceil(n / 2 ** 31 / 16) * 16);
  return Math.ceil(n / chunk);
}

/**
 * Calls of fn per timed sample so that a sample takes about sampleMs: the
 * calls are doubled until a batch takes a quarter of that, then the batch is
 * timed three times more and the fastest gives the time of a call (a pause
 * of the machine or of the collector in one batch would otherwise make the
 * samples far too short for a coarse clock).
 */
async function calibrate(task, sampleMs) {
  const time = async (reps) => {
    const t0 = performance.now();
    if (task.async) for (let k = 0; k < reps; k++) await task.fn();
    else for (let k = 0; k < reps; k++) task.fn();
    return performance.now() - t0;
  };
  await time(3);
  let reps = 1;
  let dt = await time(reps);
  while (dt < sampleMs / 4 && reps < 2 ** 20) {
    reps *= 2;
    dt = await time(reps);
  }
  for (let i = 0; i < 3; i++) dt = Math.min(dt, await time(reps));
  return Math.max(1, Math.ceil((reps * sampleMs) / Math.max(dt, 1e-6)));
}

/**
 * Runs the tasks `rounds` times, interleaved (the order rotating); returns
 * id -> milliseconds per call of each round (tinybench's median sample /
 * the calls in a sample).
 */
async function measureGroup(n, tasks, rounds, sampleMs, time) {
  const reps = {};
  for (const t of tasks) reps[t.id] = await calibrate(t, sampleMs);
  const ms = Object.fromEntries(tasks.map((t) => [t.id, []]));
  const big = n >= 1e7;
  for (let r = 0; r < rounds; r++) {
    const bench = new Bench({ time: time ?? (big ? 200 : 100), iterations: 5, warmup: true, warmupTime: 20, warmupIterations: 2 });
    const order = tasks.map((_, i) => tasks[(i + r) % tasks.length]);
    for (const t of order) {
      const k = reps[t.id];
      const fn = t.fn;
      if (t.async) {
        bench.add(t.id, async () => {
          for (let i = 0; i < k; i++) await fn();
        });
      } else {
        bench.add(t.id, () => {
          for (let i = 0; i < k; i++) fn();
        });
      }
    }
    await bench.run();
    for (const task of bench.tasks) {
      if (task.result.state !== 'completed') throw new Error(`pool benchmark: ${task.name} at n = ${n}: ${task.result.error?.stack ?? task.result.state}`);
      ms[task.name].push(task.result.latency.p50 / reps[task.name]);
    }
  }
  return { ms, reps };
}

/** Result rows of one group: per task its time, rate and ratio to its baseline (the kernel's time / its time). */
function summarizeGroup(group, n, tasks, { ms, reps }) {
  const rates = Object.fromEntries(Object.entries(ms).map(([id, v]) => [id, v.map((t) => n / t / 1e3)]));
  return tasks.map((t) => ({
    group,
    n,
    id: t.id,
    row: t.row,
    threads: t.threads,
    parallelThreshold: t.parallelThreshold ?? null,
    chunkBytes: t.chunkBytes ?? null,
    reps: reps[t.id],
    usPerCall: median(ms[t.id]) * 1e3,
    usSpread: { min: Math.min(...ms[t.id]) * 1e3, max: Math.max(...ms[t.id]) * 1e3 },
    usPerRound: ms[t.id].map((v) => Number((v * 1e3).toPrecision(4))),
    mElementsPerSecond: median(rates[t.id]),
    vsKernel: t.baseline ? ratio(rates[t.id], rates[t.baseline]) : null,
  }));
}

/** Throws unless a and b hold the same bits. */
function sameBits(a, b, what) {
  const u = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const v = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < u.length; i++) {
    if (u[i] !== v[i]) throw new Error(`pool benchmark: ${what} differs from the kernel at element ${i}: ${a[i]} against ${b[i]}`);
  }
}

/**
 * The pool's rows in this engine. createKernel and createPool are the
 * package's (dist/index.js). Returns the rows of every group and what is
 * derived from them: the per-chunk overhead, the round trip, the crossover.
 */
export async function runPool({ createKernel, createPool, sizes = null, rounds = POOL.rounds, sampleMs = 0.5, log = () => {} }) {
  const started = performance.now();
  const kernel = createKernel();
  const pools = {
    pool1: createPool({ threads: 1 }),
    pool2: createPool({ threads: 2 }),
    // 2 threads, every call parallel: 64 KiB chunks (the default) and 4 KiB.
    t0: createPool({ threads: 2, parallelThreshold: 0, chunkBytes: POOL.overhead.chunkBytes[0] }),
    t0small: createPool({ threads: 2, parallelThreshold: 0, chunkBytes: POOL.overhead.chunkBytes[1] }),
  };
  await Promise.all(Object.values(pools).map((p) => p.ready));
  const defaults = { parallelThreshold: pools.pool2.parallelThreshold, chunkBytes: pools.pool2.chunkBytes };
  const results = [];
  const zeroSizes = sizes ?? POOL.zeroSizes;
  const copySizes = sizes ? sizes.filter((n) => n >= 1e5) : POOL.copySizes;

  /** The kernel's and the pools' zero-copy tasks at n, with their arrays. */
  const setUp = async (n, entries, { copy = false } = {}) => {
    const x = uniform(Float32Array, n, -10, 10, 1);
    const last = n - 1;
    const kx = kernel.allocFloat32(x);
    const kout = kernel.allocFloat32(n);
    const tasks = [];
    const owned = [kx, kout];
    tasks.push({ id: 'kernel:zero', row: 'single-thread kernel, zero-copy', threads: 1, fn: () => {
      kernel.sigmoid(kx, kout);
      sink += kout.array[last];
    } });
    kernel.sigmoid(kx, kout);
    for (const { key, id, row, threads, parallelThreshold, chunkBytes } of entries) {
      const pool = pools[key];
      const px = pool.allocFloat32(x);
      const pout = pool.allocFloat32(n);
      owned.push(px, pout);
      await pool.sigmoid(px, pout);
      sameBits(pout.array, kout.array, `${id} (n = ${n})`);
      tasks.push({ id: `${id}:zero`, row: `${row}, zero-copy`, threads, parallelThreshold, chunkBytes, baseline: 'kernel:zero', async: true, fn: async () => {
        await pool.sigmoid(px, pout);
        sink += pout.array[last];
      } });
    }
    if (copy) {
      const kcopy = new Float32Array(n);
      kernel.sigmoid(x, kcopy);
      sameBits(kcopy, kout.array, `kernel JS arrays (n = ${n})`);
      tasks.push({ id: 'kernel:copy', row: 'single-thread kernel, JS arrays', threads: 1, fn: () => {
        kernel.sigmoid(x, kcopy);
        sink += kcopy[last];
      } });
      for (const { key, id, row, threads } of entries) {
        const pool = pools[key];
        const out = new Float32Array(n);
        await pool.sigmoid(x, out);
        sameBits(out, kout.array, `${id} JS arrays (n = ${n})`);
        tasks.push({ id: `${id}:copy`, row: `${row}, JS arrays`, threads, baseline: 'kernel:copy', async: true, fn: async () => {
          await pool.sigmoid(x, out);
          sink += out[last];
        } });
      }
    }
    return { tasks, dispose: () => owned.forEach((a) => a.free()) };
  };

  const run = async (group, n, entries, options = {}) => {
    const { tasks, dispose } = await setUp(n, entries, options);
    log(`  pool, ${group}, n = ${n}: ${tasks.length} tasks x ${rounds} rounds`);
    const measured = await measureGroup(n, tasks, rounds, sampleMs, options.time);
    results.push(...summarizeGroup(group, n, tasks, measured));
    dispose();
    return measured;
  };

  const defaultPools = POOL.threads.map((threads) => ({ key: `pool${threads}`, id: `pool${threads}`, row: `pool, ${threads} thread${threads === 1 ? '' : 's'}`, threads }));
  // 1. zero-copy and JS arrays, default options, 1 and 2 threads.
  for (const n of zeroSizes) await run('default', n, defaultPools, { copy: copySizes.includes(n) });

  // 2. The per-chunk overhead: 2 threads, every call parallel, 64 KiB and 4 KiB
  // chunks; longer runs than the rest (the difference is a fifth of a call).
  const [bigChunk, smallChunk] = POOL.overhead.chunkBytes;
  const parallel = (key, chunkBytes) => ({ key, id: `pool2-t0-c${chunkBytes}`, row: `pool, 2 threads, parallelThreshold 0, chunkBytes ${chunkBytes}`, threads: 2, parallelThreshold: 0, chunkBytes });
  const on = POOL.overhead.n;
  const m = await run('overhead', on, [parallel('t0', bigChunk), parallel('t0small', smallChunk)], { time: 300 });
  const chunks = [chunksOf(on, bigChunk), chunksOf(on, smallChunk)];
  const perChunk = m.ms[`pool2-t0-c${smallChunk}:zero`].map((t, i) => ((t - m.ms[`pool2-t0-c${bigChunk}:zero`][i]) * 1e3) / (chunks[1] - chunks[0]));
  const kernelUs = median(m.ms['kernel:zero']) * 1e3;
  const chunkOverhead = {
    n: on,
    threads: 2,
    chunkBytes: [bigChunk, smallChunk],
    chunks,
    usPerCall: [median(m.ms[`pool2-t0-c${bigChunk}:zero`]) * 1e3, median(m.ms[`pool2-t0-c${smallChunk}:zero`]) * 1e3],
    kernelUsPerCall: kernelUs,
    // The single-thread kernel's time for one default chunk (64 KiB: 16384 float32 elements) at this n.
    kernelUsPerDefaultChunk: (kernelUs * (bigChunk / 4)) / on,
    usPerChunk: { median: median(perChunk), min: Math.min(...perChunk), max: Math.max(...perChunk) },
  };

  // 3. The fixed cost of a parallel call: n = 16, one chunk, against inline.
  const rn = POOL.roundTripN;
  const rt = await run('roundtrip', rn, [
    { key: 'pool2', id: 'pool2', row: 'pool, 2 threads, default threshold (inline)', threads: 2, parallelThreshold: defaults.parallelThreshold },
    { ...parallel('t0', bigChunk), id: 'pool2-t0', row: 'pool, 2 threads, parallelThreshold 0' },
  ]);
  const diff = (a, b) => {
    const d = rt.ms[a].map((t, i) => (t - rt.ms[b][i]) * 1e3);
    return { median: median(d), min: Math.min(...d), max: Math.max(...d) };
  };
  const roundTrip = {
    n: rn,
    chunks: chunksOf(rn, bigChunk),
    kernelUs: median(rt.ms['kernel:zero']) * 1e3,
    inlineUs: median(rt.ms['pool2:zero']) * 1e3,
    parallelUs: median(rt.ms['pool2-t0:zero']) * 1e3,
    inlineOverUs: diff('pool2:zero', 'kernel:zero'),
    parallelOverUs: diff('pool2-t0:zero', 'kernel:zero'),
  };

  // 4. The crossover: 2 threads, every call parallel, against the kernel.
  const crossover = { threads: 2, parallelThreshold: 0, chunkBytes: bigChunk, points: [], smallestWin: null };
  for (const n of POOL.crossoverSizes) {
    await run('crossover', n, [{ ...parallel('t0', bigChunk), id: 'pool2-t0', row: 'pool, 2 threads, parallelThreshold 0' }]);
    const q = results.find((r) => r.group === 'crossover' && r.n === n && r.id === 'pool2-t0:zero');
    crossover.points.push({ n, chunks: chunksOf(n, bigChunk), vsKernel: q.vsKernel });
  }
  crossover.smallestWin = crossover.points.find((p) => p.vsKernel.median > 1)?.n ?? null;
  // Whether every larger size wins too (a crossover, not a lucky point).
  crossover.winsAbove = crossover.smallestWin !== null && crossover.points.filter((p) => p.n >= crossover.smallestWin).every((p) => p.vsKernel.median > 1);

  for (const p of Object.values(pools)) await p.close();
  return {
    simd: kernel.simd,
    relaxed: kernel.relaxed,
    precision: kernel.precision,
    defaults,
    rounds,
    sampleMs,
    seconds: Math.round((performance.now() - started) / 1000),
    results,
    chunkOverhead,
    roundTrip,
    crossover,
    checksum: sink,
  };
}

/** The ratio row of a run: id at n in group (default: the default-options group). */
export const poolRow = (run, id, n, group = 'default') => run.results.find((q) => q.group === group && q.id === id && q.n === n);

/**
 * The pool issue's targets on one engine's run: 2 threads, zero-copy,
 * n >= 10^6: >= 1.7x the kernel; n <= 10^4 (inline), 1 and 2 threads: no
 * slower than the kernel (>= 1.0x); 2 threads, JS arrays, n >= 10^6: >= 1.5x
 * the kernel's copy path.
 */
export function evaluatePoolTargets(run) {
  const pick = (id, pred) => run.results.filter((q) => q.group === 'default' && q.id === id && pred(q.n)).map((q) => ({ n: q.n, value: q.vsKernel.median, min: q.vsKernel.min, max: q.vsKernel.max }));
  // Met when the median, to the 2 decimals the tables print, reaches the goal.
  const check = (label, items, goal) => ({ label, goal, items, met: items.length > 0 && items.every((i) => Math.round(i.value * 100) / 100 >= goal) });
  return [
    check('zero-copy, 2 threads, n >= 10^6: >= 1.7x the single-thread kernel', pick('pool2:zero', (n) => n >= 1e6), 1.7),
    check('zero-copy, 2 threads, n <= 10^4 (inline): no slower than the kernel (>= 1.0x)', pick('pool2:zero', (n) => n <= 1e4), 1.0),
    check('zero-copy, 1 thread, n <= 10^4 (inline): no slower than the kernel (>= 1.0x)', pick('pool1:zero', (n) => n <= 1e4), 1.0),
    check('JS arrays, 2 threads, n >= 10^6: >= 1.5x the single-thread copy path', pick('pool2:copy', (n) => n >= 1e6), 1.5),
  ];
}
