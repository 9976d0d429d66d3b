// npm run verify:f32 — every float32 input through the float32 kernels.
//
// All 2^32 bit patterns go through sigmoid, derivative and the fused kernel,
// in the SIMD and in the scalar build, on worker threads (one per core). Per
// kernel it reports the max ULP error and where, the counts over 0.5, 1 and 2
// ULP, monotonicity (sigmoid) and symmetry/unimodality (derivative)
// violations, outputs outside [0, 1], NaN for non-NaN input (and the reverse),
// results flushed to 0 while the correctly rounded result is not, and SIMD vs
// scalar and fused vs separate identity. The peers users would pick instead
// (bench/peers.mjs) are measured on the same inputs at a stated stride.
//
// The reference: float64 evaluation of e = exp(-|x|), 1/(1+e), e/(1+e) and
// e/(1+e)^2. V8's Math.exp is fdlibm's (error < 1 float64 ULP), and the rest
// adds a few roundings of 2^-53: the reference is within about 2^-50 of the
// truth, 2^-27 of a float32 ULP. The script checks that claim on the 200-bit
// mpmath fixtures (test/fixtures/f32.bin) before it starts.
//
// Usage: node scripts/verify/f32.mjs [--stride S] [--no-peers] [--workers N] [--json FILE]
// Exit code 1 if any bound of the numerical contract is exceeded.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

import { Stats, record, same, ulp32, violations } from './common.mjs';
import { writeReport } from './report.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HALF_SUBNORMAL = 2 ** -150;
const BLOCK = 1 << 22; // magnitudes per work unit
const CHUNK = 1 << 18; // elements per kernel call
const MAGNITUDES = 0x80000000; // bit patterns 0 .. 0x7fffffff (+0 .. +Inf, then NaNs)
const FIRST_NAN = 0x7f800001;

// Series whose order is checked: [kernel, sign]
const SERIES = ['sigmoid+', 'sigmoid-', 'derivative+', 'derivative-', 'fusedValue+', 'fusedValue-', 'fusedDerivative+', 'fusedDerivative-'];
const KIND = (name) => (name.startsWith('sigmoid') || name.startsWith('fusedValue') ? 'sigmoid' : 'derivative');
/** +1: must not decrease as |x| grows; -1: must not increase. */
const DIRECTION = { 'sigmoid+': 1, 'sigmoid-': -1, 'fusedValue+': 1, 'fusedValue-': -1 };
const direction = (name) => DIRECTION[name] ?? -1;

if (isMainThread) await main();
else await worker();

function parseArgs(argv) {
  const args = { stride: 64, peers: true, workers: Math.max(1, Math.min(availableParallelism(), 8)), json: join(root, 'accuracy', 'f32.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--stride') args.stride = Number(argv[++i]);
    else if (a === '--no-peers') args.peers = false;
    else if (a === '--workers') args.workers = Number(argv[++i]);
    else if (a === '--json') args.json = argv[++i];
    else if (a === '--help') {
      console.log('usage: node scripts/verify/f32.mjs [--stride S] [--no-peers] [--workers N] [--json FILE]');
      process.exit(0);
    } else {
      console.error(`verify:f32: unknown argument ${a}`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(args.stride) || args.stride < 1) throw new RangeError('--stride must be a positive integer');
  return args;
}

/** Checks the float64 reference against the 200-bit mpmath fixtures. */
function checkReference() {
  const bytes = readFileSync(join(root, 'test', 'fixtures', 'f32.bin'));
  const rows = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  let worst = 0;
  for (let i = 0; i < rows.length; i += 5) {
    const x = rows[i];
    if (!Number.isFinite(x)) continue;
    const e = Math.exp(-Math.abs(x));
    const ope = 1 + e;
    const s = x > 0 ? 1 / ope : e / ope;
    const d = e / (ope * ope);
    for (const [got, hi, lo] of [[s, rows[i + 1], rows[i + 2]], [d, rows[i + 3], rows[i + 4]]]) {
      const truth = hi + lo;
      if (truth === 0) continue;
      worst = Math.max(worst, Math.abs((got - hi - lo) / truth));
    }
  }
  return worst;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const refError = checkReference();
  console.log(`reference: float64 formulas agree with the 200-bit mpmath fixtures within ${(refError / 2 ** -53).toFixed(2)} x 2^-53 relative (${(refError / 2 ** -24).toExponential(2)} float32 ULP at most)`);
  if (refError > 2 ** -48) throw new Error('the float64 reference is not accurate enough to judge float32 results');

  const blocks = Math.ceil(MAGNITUDES / BLOCK);
  const results = new Array(blocks);
  let next = 0;
  let done = 0;
  let peerInfo = null;
  await new Promise((resolve, reject) => {
    for (let w = 0; w < args.workers; w++) {
      const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { stride: args.stride, peers: args.peers } });
      const give = () => {
        if (next < blocks) worker.postMessage(next++);
        else worker.postMessage(-1);
      };
      worker.on('message', (m) => {
        if (m.ready) {
          peerInfo ??= m.peerInfo;
          give();
          return;
        }
        results[m.index] = m;
        done++;
        if (done % 32 === 0) process.stderr.write(`  ${done}/${blocks} blocks, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
        give();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`worker exited with ${code}`));
        else if (done === blocks) resolve();
      });
    }
  });

  // Merge, then check the order across block edges.
  const merged = {};
  for (const r of results) {
    for (const [subject, kernels] of Object.entries(r.stats)) {
      merged[subject] ??= {};
      for (const [kernel, s] of Object.entries(kernels)) {
        merged[subject][kernel] = (merged[subject][kernel] ?? new Stats()).merge(Stats.from(s));
      }
    }
  }
  for (const subject of Object.keys(merged)) {
    for (const series of Object.keys(results[0].edges[subject] ?? {})) {
      const kernel = series.replace(/[+-]$/, '');
      for (let b = 1; b < results.length; b++) {
        const prev = results[b - 1].edges[subject][series];
        const cur = results[b].edges[subject][series];
        if (prev?.last === undefined || cur?.first === undefined) continue;
        const dir = direction(series);
        if (dir > 0 ? cur.first < prev.last : cur.first > prev.last) merged[subject][kernel].monotone++;
      }
    }
  }

  const seconds = (performance.now() - started) / 1000;
  const report = {
    type: 'float32',
    inputs: `all 2^32 float32 bit patterns (this package); every ${args.stride}th magnitude, both signs, for the peers`,
    reference: `float64 evaluation, within ${(refError / 2 ** -53).toFixed(2)} x 2^-53 of mpmath on the fixtures`,
    seconds,
    workers: args.workers,
    environment: { node: process.version, v8: process.versions.v8, cpu: (await import('node:os')).cpus()[0]?.model ?? 'unknown' },
    peers: peerInfo,
    results: Object.fromEntries(Object.entries(merged).map(([subject, kernels]) => [subject, Object.fromEntries(Object.entries(kernels).map(([k, s]) => [k, { ...s }]))])),
  };
  mkdirSync(dirname(args.json), { recursive: true });
  writeFileSync(args.json, JSON.stringify(report, null, 2) + '\n');
  writeReport(root);

  const bad = [];
  for (const [kernel, s] of Object.entries(merged['sigmoid-wasm'])) bad.push(...violations(`sigmoid-wasm ${kernel}`, KIND(kernel), s));
  printTable(merged);
  console.log(`\n${seconds.toFixed(0)} s on ${args.workers} workers; results in ${args.json}`);
  if (bad.length > 0) {
    console.error(`\nCONTRACT VIOLATED:\n  ${bad.join('\n  ')}`);
    process.exit(1);
  }
  console.log('numerical contract: met for every float32 input (both builds)');
}

function printTable(merged) {
  const rows = [['subject', 'kernel', 'inputs', 'max ULP', 'at x', '>0.5', '>1', '>2', 'order', 'sym', 'out[0,1]', 'NaN', 'flushed', 'simd!=scalar', 'fused!=sep']];
  for (const [subject, kernels] of Object.entries(merged)) {
    for (const [kernel, s] of Object.entries(kernels)) {
      rows.push([subject, kernel, s.count, s.maxUlp.toFixed(3), String(s.maxX), s.over05, s.over1, s.over2, s.monotone, s.symmetry, s.outside01, s.nanForNumber + s.nanLost, s.flushed, s.buildMismatch, s.fusedMismatch].map(String));
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((v, c) => v.padStart(widths[c])).join('  '));
}

// ---- worker -------------------------------------------------------------------

async function worker() {
  const { createKernel } = await import(join(root, 'dist', 'index.js'));
  const simd = createKernel({ simd: true });
  const scalar = createKernel({ simd: false });
  const peers = workerData.peers ? await (await import(join(root, 'bench', 'peers.mjs'))).loadPeers() : [];
  const stride = workerData.stride;

  // Wasm-resident arrays: the kernels run on them with no copies.
  const alloc = (k) => k.allocFloat32(CHUNK);
  const xs = { pos: alloc(simd), neg: alloc(simd) };
  const xsScalar = { pos: alloc(scalar), neg: alloc(scalar) };
  const out = Object.fromEntries(['s', 'd', 'v', 'g'].flatMap((k) => ['pos', 'neg'].map((sgn) => [`${k}${sgn}`, alloc(simd)])));
  const outScalar = Object.fromEntries(['s', 'd', 'v', 'g'].flatMap((k) => ['pos', 'neg'].map((sgn) => [`${k}${sgn}`, alloc(scalar)])));

  parentPort.postMessage({ ready: true, peerInfo: peers.map((p) => ({ name: p.name, label: p.label, info: p.info })) });
  parentPort.on('message', async (index) => {
    if (index < 0) {
      for (const p of peers) p.dispose();
      process.exit(0);
    }
    parentPort.postMessage(await block(index));
  });

  async function block(index) {
    const lo = index * BLOCK;
    const hi = Math.min(lo + BLOCK, MAGNITUDES);
    const stats = { 'sigmoid-wasm': Object.fromEntries(['sigmoid', 'derivative', 'fusedValue', 'fusedDerivative'].map((k) => [k, new Stats()])) };
    const edges = { 'sigmoid-wasm': {} };
    const track = makeTracker(stats['sigmoid-wasm'], edges['sigmoid-wasm']);

    for (let b = lo; b < hi; b += CHUNK) {
      const n = Math.min(CHUNK, hi - b);
      const pos = new Uint32Array(xs.pos.array.buffer, xs.pos.array.byteOffset, n);
      const neg = new Uint32Array(xs.neg.array.buffer, xs.neg.array.byteOffset, n);
      for (let i = 0; i < n; i++) {
        pos[i] = b + i;
        neg[i] = (b + i) | 0x80000000;
      }
      xsScalar.pos.array.set(xs.pos.array);
      xsScalar.neg.array.set(xs.neg.array);
      const view = (w) => w.array.subarray(0, n);
      for (const [k, kernel, x] of [['pos', simd, xs], ['pos', scalar, xsScalar], ['neg', simd, xs], ['neg', scalar, xsScalar]]) {
        const o = kernel === simd ? out : outScalar;
        const input = view(x[k]);
        kernel.sigmoid(input, view(o[`s${k}`]));
        kernel.sigmoidDerivative(input, view(o[`d${k}`]));
        kernel.sigmoidWithDerivative(input, view(o[`v${k}`]), view(o[`g${k}`]));
      }
      const xp = view(xs.pos);
      const arrays = Object.fromEntries(Object.entries(out).map(([k, w]) => [k, view(w)]));
      const arraysScalar = Object.fromEntries(Object.entries(outScalar).map(([k, w]) => [k, view(w)]));
      const S = stats['sigmoid-wasm'];
      for (let i = 0; i < n; i++) {
        const x = xp[i];
        const e = Math.exp(-x);
        const ope = 1 + e;
        const sPos = 1 / ope;
        const sNeg = e / ope;
        const d = e / (ope * ope);
        record(S.sigmoid, x, arrays.spos[i], sPos, ulp32, HALF_SUBNORMAL);
        record(S.sigmoid, -x, arrays.sneg[i], sNeg, ulp32, HALF_SUBNORMAL);
        record(S.derivative, x, arrays.dpos[i], d, ulp32, HALF_SUBNORMAL);
        record(S.derivative, -x, arrays.dneg[i], d, ulp32, HALF_SUBNORMAL);
        record(S.fusedValue, x, arrays.vpos[i], sPos, ulp32, HALF_SUBNORMAL);
        record(S.fusedValue, -x, arrays.vneg[i], sNeg, ulp32, HALF_SUBNORMAL);
        record(S.fusedDerivative, x, arrays.gpos[i], d, ulp32, HALF_SUBNORMAL);
        record(S.fusedDerivative, -x, arrays.gneg[i], d, ulp32, HALF_SUBNORMAL);
      }
      // Identity between builds and between fused and separate kernels.
      for (const [kernel, a, c] of [['sigmoid', 's', 'v'], ['derivative', 'd', 'g']]) {
        for (const sgn of ['pos', 'neg']) {
          const simdOut = arrays[`${a}${sgn}`];
          const scalarOut = arraysScalar[`${a}${sgn}`];
          const fused = arrays[`${c}${sgn}`];
          const fusedScalar = arraysScalar[`${c}${sgn}`];
          const fusedStats = kernel === 'sigmoid' ? S.fusedValue : S.fusedDerivative;
          for (let i = 0; i < n; i++) {
            if (!same(simdOut[i], scalarOut[i])) S[kernel].buildMismatch++;
            if (!same(fused[i], fusedScalar[i])) fusedStats.buildMismatch++;
            if (!same(fused[i], simdOut[i])) fusedStats.fusedMismatch++;
          }
        }
      }
      // Order: sigmoid non-decreasing in x, derivative non-increasing in |x| and symmetric.
      const finite = Math.max(0, Math.min(n, FIRST_NAN - b));
      track('sigmoid', 'sigmoid+', arrays.spos, finite);
      track('sigmoid', 'sigmoid-', arrays.sneg, finite);
      track('derivative', 'derivative+', arrays.dpos, finite);
      track('derivative', 'derivative-', arrays.dneg, finite);
      track('fusedValue', 'fusedValue+', arrays.vpos, finite);
      track('fusedValue', 'fusedValue-', arrays.vneg, finite);
      track('fusedDerivative', 'fusedDerivative+', arrays.gpos, finite);
      track('fusedDerivative', 'fusedDerivative-', arrays.gneg, finite);
      for (const [kernel, a] of [['derivative', 'd'], ['fusedDerivative', 'g']]) {
        const p = arrays[`${a}pos`];
        const q = arrays[`${a}neg`];
        for (let i = 0; i < finite; i++) if (!Object.is(p[i], q[i])) S[kernel].symmetry++;
      }

      // Peers: every `stride`-th magnitude of this chunk, both signs.
      if (peers.length > 0) {
        const first = Math.ceil((b - lo) / stride) * stride + lo;
        const m = first < b + n ? Math.ceil((b + n - first) / stride) : 0;
        if (m > 0) await peerChunk(first, m);
      }
    }
    return { index, stats, edges };

    async function peerChunk(first, m) {
      const bits = new Uint32Array(2 * m);
      for (let j = 0; j < m; j++) {
        bits[j] = first + j * stride;
        bits[m + j] = (first + j * stride) | 0x80000000;
      }
      const x = new Float32Array(bits.buffer);
      const finite = bits.subarray(0, m).filter((v) => v < FIRST_NAN).length;
      for (const peer of peers) {
        stats[peer.name] ??= { sigmoid: new Stats(), ...(peer.derivative ? { derivative: new Stats() } : {}) };
        edges[peer.name] ??= {};
        const ps = stats[peer.name];
        const trackPeer = makeTracker(ps, edges[peer.name]);
        const s = await peer.sigmoid(x);
        const d = peer.derivative ? await peer.derivative(x) : null;
        for (let j = 0; j < 2 * m; j++) {
          const xv = x[j];
          const e = Math.exp(-Math.abs(xv));
          const ope = 1 + e;
          record(ps.sigmoid, xv, s[j], xv > 0 ? 1 / ope : e / ope, ulp32, HALF_SUBNORMAL);
          if (d) record(ps.derivative, xv, d[j], e / (ope * ope), ulp32, HALF_SUBNORMAL);
        }
        trackPeer('sigmoid', 'sigmoid+', s.subarray(0, m), finite);
        trackPeer('sigmoid', 'sigmoid-', s.subarray(m), finite);
        if (d) {
          trackPeer('derivative', 'derivative+', d.subarray(0, m), finite);
          trackPeer('derivative', 'derivative-', d.subarray(m), finite);
          for (let j = 0; j < finite; j++) if (!Object.is(d[j], d[m + j])) ps.derivative.symmetry++;
        }
      }
    }
  }
}

/** Counts order violations inside a series, remembering its first and last value for the block edges. */
function makeTracker(stats, edges) {
  return (kernel, series, values, count) => {
    if (count === 0) return;
    const dir = direction(series);
    const edge = (edges[series] ??= { first: values[0], last: values[0] });
    let prev = edge.last;
    let bad = 0;
    for (let i = 0; i < count; i++) {
      const v = values[i];
      if (dir > 0 ? v < prev : v > prev) bad++;
      prev = v;
    }
    edge.last = prev;
    stats[kernel].monotone += bad;
  };
}
