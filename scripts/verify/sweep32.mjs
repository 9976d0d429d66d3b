// The float32 sweep's method (verify:f32 runs it on worker threads, one per
// core, block by block): every float32 input of a block of 2^22 magnitudes,
// both signs, through the kernels of the table, measured against the float64
// references. A record's key holds a hash of this file: change what is
// measured here, and every kernel is swept in full again.
//
// A block's tasks are "<kernel id>|<build>" (f32.mjs plans them). Per chunk of
// CHUNK magnitudes, for each kernel and series (a sign, and for a binary
// entry a target):
//   simd     its results against the reference, row by row (the error in the
//            row's unit, the counts over 0.5, 1, 2, 3, range, NaN in and out,
//            flushing to 0, the exact value at +-Inf where the reference has
//            one), the order of adjacent inputs (the entry's `monotone`
//            direction) and the symmetry (odd or even, bit for bit);
//   scalar   bit for bit against the simd build's results (any NaN matches
//            any NaN): the mismatches;
//   relaxed  (only where its code differs from simd's) measured as simd is,
//            and its differences from simd's results counted.
// A pair's results are compared bit for bit with its parts' (same build,
// same tier); where they match, the part's figures are the pair's. A
// symmetric function's results at -x, where they are bit for bit those at x
// (or their negation), have x's figures (the true values are as symmetric).
// Binary entries: every x at each target, and per block a sampled sweep of
// soft targets (every softStride-th magnitude, both signs, times the soft
// targets, and the four float32 targets nearest sigmoid(x)).
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

import { HI, INV_ULP32, Stats, THRESHOLD, instantiate, loadBuilds, loadTable, makeMemory, kernelIdOf, recordError, specialise, ulp32 } from './common.mjs';

export const BLOCK = 1 << 22; // magnitudes per work unit
export const MAGNITUDES = 0x80000000; // bit patterns 0 .. 0x7fffffff: +0 .. +Inf, then the NaNs
export const BLOCKS = MAGNITUDES / BLOCK;
const CHUNK = 4096; // magnitudes per kernel call: every array of a chunk stays in the core's L2 cache
const INF = 0x7f800000;
const FIRST_NAN = 0x7f800001;
const SIGN = 0x80000000;
const HALF_SUBNORMAL = 2 ** -150; // a true value above it has a non-zero correctly rounded float32
const ABS_UNIT = 2 ** 24; // 1 / 2^-24
const SOFT_XS = 1024; // soft sweep: inputs a kernel call, times
const SOFT_GROUP = 4; // targets
const SOFT_N = SOFT_XS * SOFT_GROUP;
const SLOTS = 512; // result arrays of a chunk (kernel x build x series x output)
const PROFILE = Boolean(process.env.SIGMOID_VERIFY_PROFILE); // milliseconds per kernel, printed by f32.mjs
const profile = {};

/**
 * The sample a kernel standing on its record is swept on, every run: every
 * 64th block, six blocks where the functions bend (x in [0.5, 1), [1, 2),
 * [4, 8), [8, 16), [16, 32), [64, 96)), and the last two (+Inf, the NaNs),
 * both signs: 16 of the 512 blocks.
 */
export const SAMPLE_BLOCKS = [...Array.from({ length: BLOCKS / 64 }, (_, i) => 64 * i), 253, 255, 259, 261, 263, 266, BLOCKS - 2, BLOCKS - 1].sort((a, b) => a - b);

/** The soft targets: edge values, then seeded uniform, log-spaced towards 0 and towards 1; all float32 in (0, 1). */
export function softTargets() {
  const ys = new Set([0.5, 0.25, 0.75, 0.1, 0.9, 1e-3, 1 - 1e-3, 1e-7, 2 ** -24, 1 - 2 ** -24, 2 ** -23, 1 - 2 ** -23, 1e-30, 2 ** -126, 2 ** -149, 1 / 3, 2 / 3, 0.01, 0.99, 1e-20].map(Math.fround));
  let seed = 0x9e3779b9;
  const rand = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
  const add = (until, make) => {
    while (ys.size < until) {
      const y = Math.fround(make());
      if (y > 0 && y < 1) ys.add(y);
    }
  };
  add(128, rand);
  add(192, () => 2 ** (-149 * rand()));
  add(256, () => 1 - 2 ** (-1 - 23 * rand()));
  return [...ys];
}

/** The direction of an entry's order along a series of growing |x| (sign: of x): +1 non-decreasing, -1 non-increasing, 0 none. */
export function directionOf(monotone, sign) {
  if (monotone === 'even') return -1;
  if (monotone === 1) return sign;
  if (monotone === -1) return -sign;
  return 0;
}

const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
const f32bits = (v) => new Uint32Array(new Float32Array([v]).buffer)[0];

/** The magnitudes' bit patterns [first, last] of sign * m in [lo, hi] (empty: first > last). */
function bitRange(lo, hi, sign) {
  const [mlo, mhi] = sign > 0 ? [Math.max(lo, 0), hi] : [Math.max(-hi, 0), -lo];
  if (mlo > mhi) return [1, 0];
  const first = f32bits(mlo) + (Math.fround(mlo) < mlo ? 1 : 0);
  const last = f32bits(mhi) - (Math.fround(mhi) > mhi ? 1 : 0);
  return [first, last];
}

/** The bytes of a typed array (no copy): Buffer.compare runs memcmp on them. */
const bytes = (a, n) => Buffer.from(a.buffer, a.byteOffset, 4 * n);
const SPAN = 512;

/** Elements where two results differ bit for bit, any NaN matching any NaN; equal bytes (the usual case) cost one memcmp. */
export function differ(ua, ub, fa, fb, n) {
  const a = bytes(ua, n);
  const b = bytes(ub, n);
  if (a.equals(b)) return 0;
  let count = 0;
  for (let lo = 0; lo < n; lo += SPAN) {
    const hi = Math.min(n, lo + SPAN);
    if (a.compare(b, 4 * lo, 4 * hi, 4 * lo, 4 * hi) === 0) continue;
    for (let i = lo; i < hi; i++) if (ua[i] !== ub[i] && !(fa[i] !== fa[i] && fb[i] !== fb[i])) count++;
  }
  return count;
}

/** Order violations in values[0 .. count): dir > 0 must not decrease, dir < 0 must not increase. */
function ordered(values, count, dir) {
  let bad = 0;
  if (dir > 0) {
    for (let i = 1; i < count; i++) if (values[i] < values[i - 1]) bad++;
  } else {
    for (let i = 1; i < count; i++) if (values[i] > values[i - 1]) bad++;
  }
  return bad;
}

/** The slow path of a row's measurement: NaN in or out, range, flushing, the counts. */
function slow(s, g, r, err, x, y, lo, hi, relative) {
  if (g === r) return; // exact (an infinite true value too)
  if (g !== g) {
    if (r === r) s.nanForNumber++;
    return;
  }
  if (r !== r) {
    s.nanLost++;
    return;
  }
  if (g < lo || g > hi) s.outside++;
  if (relative && g === 0 && Math.abs(r) > HALF_SUBNORMAL) s.flushed++;
  recordError(s, err, x, y, g, r);
}

/**
 * Errors in ULPs of got[from .. to) against ref (refHi: its high words), the
 * inputs sign * xs[i]. The loop tests each error against min(max so far,
 * THRESHOLD) only: the counts, a new max, NaN, the range and flushing happen
 * in `slow`, for the few elements that need it. That loses nothing: a result
 * within THRESHOLD of its true value is in range (the range's ends are floats
 * holding the true value) and not a flushed 0.
 */
function measureUlp(s, got, ref, refHi, from, to, xs, sign, y, lo, hi) {
  let lim = Math.min(s.maxError, THRESHOLD);
  for (let i = from; i < to; i++) {
    const r = ref[i];
    const err = Math.abs(got[i] - r) * INV_ULP32[(refHi[2 * i + HI] >>> 20) & 0x7ff];
    if (!(err <= lim)) {
      slow(s, got[i], r, err, sign * xs[i], y, lo, hi, true);
      lim = Math.min(s.maxError, THRESHOLD);
    }
  }
  s.count += Math.max(0, to - from);
}

/** Absolute errors in units of 2^-24 (an entry's `absolute` interval), every element through the slow path. */
function measureAbs(s, got, ref, from, to, xs, sign, y, lo, hi) {
  for (let i = from; i < to; i++) {
    const g = got[i];
    const r = ref[i];
    slow(s, g, r, Math.abs(g - r) * ABS_UNIT, sign * xs[i], y, lo, hi, false);
  }
  s.count += Math.max(0, to - from);
}

/** The reference loops, one copy per reference (specialise): x[i] with a fixed y, and x[i] with y[i]. */
function fillOne(R, x, y, k, out, n) {
  for (let i = 0; i < n; i++) out[i] = R(x[i], y, k);
}
function fillPairs(R, x, y, out, n) {
  for (let i = 0; i < n; i++) out[i] = R(x[i], y[i], 0);
}

async function worker() {
  const { plan, softStride, peers: withPeers, peerStride } = workerData;
  const table = await loadTable();
  const { OPS, REFERENCE, SCALE } = table;
  const builds = loadBuilds();
  const specOf = new Map(OPS.map((s) => [s.name, s]));
  const kernels = plan.map((k) => ({ ...k, spec: specOf.get(k.name) }));
  const byId = new Map(kernels.map((k) => [k.id, k]));
  // Parts before pairs, so that a pair finds its parts' figures of the chunk.
  kernels.sort((a, b) => (a.shape === 'pair') - (b.shape === 'pair'));

  // ---- memory: one for every module of every build ----
  const targetsUsed = [...new Set(kernels.flatMap((k) => k.spec.targets ?? []))];
  const { memory, alloc } = makeMemory(builds, 65536 + (2 + targetsUsed.length + SLOTS) * CHUNK * 4 + 6 * SOFT_N * 4 + 65536);
  const f32At = (n) => {
    const ptr = alloc(4 * n);
    return { ptr, f: new Float32Array(memory.buffer, ptr, n), u: new Uint32Array(memory.buffer, ptr, n) };
  };
  const xs = { 1: f32At(CHUNK), [-1]: f32At(CHUNK) };
  const ys = new Map(targetsUsed.map((t) => [t, f32At(CHUNK)]));
  for (const [t, a] of ys) a.f.fill(t);
  const soft = { x: f32At(SOFT_N), y: f32At(SOFT_N), out: { simd: f32At(SOFT_N), scalar: f32At(SOFT_N), relaxed: f32At(SOFT_N) } };

  const instances = new Map();
  const exportOf = (name, build, field) => {
    const key = `${name}.${build}`;
    if (!instances.has(key)) instances.set(key, instantiate(builds, name, build, memory));
    const f = instances.get(key)[field];
    if (typeof f !== 'function') throw new Error(`build/${name}.${build}.wasm has no export ${field}`);
    return f;
  };

  // ---- the results of a chunk, made on first use ----
  let stamp = 0;
  const slots = new Map();
  const outputs = (K, build, sign, target) => {
    const key = `${K.id}|${build}|${sign}|${target}`;
    let slot = slots.get(key);
    if (slot === undefined) {
      if (slots.size >= SLOTS) throw new Error('verify: more result arrays than SLOTS');
      slot = { stamp: -1, outs: Array.from({ length: K.shape === 'pair' ? 2 : 1 }, () => f32At(CHUNK)), fn: exportOf(K.name, build, K.exportName) };
      slots.set(key, slot);
    }
    if (slot.stamp !== stamp) {
      const x = xs[sign].ptr;
      const [o0, o1] = slot.outs;
      if (K.shape === 'pair') slot.fn(x, o0.ptr, o1.ptr, chunkN);
      else if (K.shape === 'unary') slot.fn(x, o0.ptr, chunkN);
      else slot.fn(x, ys.get(target).ptr, o0.ptr, chunkN);
      slot.stamp = stamp;
    }
    return slot.outs;
  };
  const fills = new Map();
  const refs = new Map();
  /** REFERENCE[name](sign * x, target, k) over the chunk. */
  const reference = (name, k, sign, target) => {
    const key = `${name}|${k}|${sign}|${target}`;
    let r = refs.get(key);
    if (r === undefined) {
      const v = new Float64Array(CHUNK);
      refs.set(key, (r = { stamp: -1, v, hi: new Uint32Array(v.buffer) }));
    }
    if (r.stamp !== stamp) {
      if (!fills.has(name)) fills.set(name, specialise(fillOne, {}));
      fills.get(name)(REFERENCE[name], xs[sign].f, target ?? 0, k, r.v, chunkN);
      r.stamp = stamp;
    }
    return r;
  };

  // ---- per block ----
  let chunkN = 0;
  let results; // task -> { rows: { row: Stats }, compared, mismatches, differs }
  let edges; // task|row|sign -> { first, last, dir }
  let chunkStats; // task|row|sign -> Stats of this chunk
  const resultOf = (task) => (results[task] ??= { rows: {}, compared: 0, mismatches: 0, differs: 0 });
  const rowStats = (task, row) => (resultOf(task).rows[row] ??= new Stats());

  /** Order inside values[0 .. count) and across the edge with the block's previous chunk; keeps the block's first and last value. */
  const track = (key, values, count, dir) => {
    if (count === 0 || dir === 0) return 0;
    let bad = ordered(values, count, dir);
    const edge = edges[key];
    if (edge && (dir > 0 ? values[0] < edge.last : values[0] > edge.last)) bad++;
    edges[key] = { first: edge ? edge.first : values[0], last: values[count - 1], dir };
    return bad;
  };

  /** The index ranges [from, to) of a row in the chunk starting at magnitude b (without +-Inf, handled apart). */
  const bandOf = new Map();
  const rangesOf = (row, entry, sign, b, n) => {
    let band = [0, -1];
    if (entry.absolute) {
      const key = `${entry.name}|${sign}`;
      if (!bandOf.has(key)) bandOf.set(key, bitRange(entry.absolute[0], entry.absolute[1], sign));
      const [first, last] = bandOf.get(key);
      band = [clamp(first - b, 0, n), clamp(last + 1 - b, 0, n)];
    }
    const inside = row.unit === 'abs';
    const raw = inside ? [band] : band[1] > band[0] ? [[0, band[0]], [band[1], n]] : [[0, n]];
    const inf = INF - b;
    const out = [];
    for (const [from, to] of raw) {
      if (inf >= from && inf < to) out.push([from, inf], [inf + 1, to]);
      else out.push([from, to]);
    }
    return out.filter(([from, to]) => to > from);
  };

  function chunk(b, n, tasks) {
    stamp++;
    chunkN = n;
    chunkStats = new Map();
    const pos = xs[1].u;
    const neg = xs[-1].u;
    for (let i = 0; i < n; i++) {
      pos[i] = b + i;
      neg[i] = (b + i) | SIGN;
    }
    const nanStart = clamp(FIRST_NAN - b, 0, n);
    const infAt = INF >= b && INF < b + n ? INF - b : -1;
    for (const K of kernels) {
      const mine = tasks.get(K.id);
      if (mine === undefined) continue;
      const targets = K.spec.targets && K.shape !== 'unary' && K.shape !== 'pair' ? K.spec.targets : [null];
      const t = PROFILE ? performance.now() : 0;
      for (const target of targets) {
        for (const sign of [1, -1]) series(K, mine, target, sign, b, n, nanStart, infAt);
      }
      if (PROFILE) profile[K.id] = (profile[K.id] ?? 0) + performance.now() - t;
    }
  }

  /** One kernel on one series of the chunk: the builds of `mine` (a Set of build names). */
  function series(K, mine, target, sign, b, n, nanStart, infAt) {
    const simd = outputs(K, 'simd', sign, target);
    for (const other of ['scalar', 'relaxed']) {
      if (!mine.has(other)) continue;
      const outs = outputs(K, other, sign, target);
      const r = resultOf(`${K.id}|${other}`);
      outs.forEach((o, k) => {
        r.compared += n;
        const d = differ(simd[k].u, o.u, simd[k].f, o.f, n);
        if (other === 'scalar') r.mismatches += d;
        else r.differs += d;
      });
    }
    for (const build of ['simd', 'relaxed']) {
      if (!mine.has(build)) continue;
      const task = `${K.id}|${build}`;
      const outs = build === 'simd' ? simd : outputs(K, build, sign, target);
      for (const row of K.rows) {
        if (row.soft || (row.target !== undefined && row.target !== target)) continue;
        const entry = specOf.get(row.of);
        const got = outs[row.k];
        const key = `${task}|${row.row}|${sign}`;
        const s = new Stats();
        const main = row.unit !== 'abs';
        // The pair: bit for bit its part's results (counted once per output, on its main row).
        let fromPart = null;
        if (K.shape === 'pair') {
          const partK = byId.get(kernelIdOf(entry, 'float32', K.tier));
          const partOut = outputs(partK, build, sign, null)[0];
          const d = differ(got.u, partOut.u, got.f, partOut.f, n);
          if (main) s.partMismatch += d;
          const partRow = row.row.endsWith('absolute') ? 'absolute' : 'x';
          if (d === 0) fromPart = chunkStats.get(`${partK.id}|${build}|${partRow}|${sign}`) ?? null;
        }
        // Symmetry, bit for bit, at -x (every non-NaN x), on the main row.
        let mirror = null;
        if (entry.symmetry && sign < 0 && K.shape !== 'binary' && K.shape !== 'loss') {
          const p = outputs(K, build, 1, target)[row.k].u;
          const q = got.u;
          let asym = 0;
          if (entry.symmetry === 'even') {
            if (!bytes(p, nanStart).equals(bytes(q, nanStart))) for (let i = 0; i < nanStart; i++) if (p[i] !== q[i]) asym++;
          } else {
            for (let i = 0; i < nanStart; i++) if (((p[i] ^ SIGN) >>> 0) !== q[i]) asym++;
          }
          if (main) s.symmetry += asym;
          if (asym === 0 && !entry.absolute) mirror = chunkStats.get(`${task}|${row.row}|1`) ?? null;
        }
        if (fromPart) {
          s.merge(Stats.from({ ...fromPart, partMismatch: 0, symmetry: 0, order: 0 }));
        } else if (mirror) {
          const odd = entry.symmetry === 'odd';
          s.merge(Stats.from({ ...mirror, symmetry: 0, order: 0, partMismatch: 0, maxX: mirror.maxX === null ? null : -mirror.maxX, maxGot: odd && mirror.maxGot !== null ? -mirror.maxGot : mirror.maxGot, maxRef: odd && mirror.maxRef !== null ? -mirror.maxRef : mirror.maxRef }));
        } else {
          const ref = reference(K.name, row.k, sign, target);
          const [lo, hi] = entry.range ?? [-Infinity, Infinity];
          const x = xs[1].f; // magnitudes; the inputs are sign * x
          for (const [from, to] of rangesOf(row, entry, sign, b, n)) {
            if (main) measureUlp(s, got.f, ref.v, ref.hi, from, to, x, sign, target, lo, hi);
            else measureAbs(s, got.f, ref.v, from, to, x, sign, target, lo, hi);
          }
          // +-Inf: the reference's value, exactly, where it has one (else the entry's special values judge).
          if (main && infAt >= 0) {
            s.count++;
            const r = ref.v[infAt];
            const g = got.f[infAt];
            if (r === r && g !== Math.fround(r)) s.special++;
          }
        }
        chunkStats.set(key, s);
        // Order along growing |x|, over the non-NaN inputs; at x = +-0, f(-0) against f(+0).
        if (main) {
          const dir = directionOf(entry.monotone, sign);
          s.order += track(key, got.f, nanStart, dir);
          if (sign < 0 && b === 0 && dir !== 0) {
            const p = outputs(K, build, 1, target)[row.k].f[0];
            const q = got.f[0];
            if (entry.monotone === 1 ? q > p : entry.monotone === -1 ? q < p : false) s.order++;
          }
        }
        rowStats(task, row.row).merge(s);
      }
    }
  }

  // ---- soft targets ----
  const SOFT_Y = softTargets();
  const softFills = new Map();
  function softSweep(lo, hi, tasks) {
    const ks = kernels.filter((K) => tasks.has(K.id) && K.rows.some((r) => r.soft));
    if (ks.length === 0) return;
    const k = Math.ceil((hi - lo) / softStride);
    const nx = 2 * k;
    const xv = new Float32Array(nx);
    const xb = new Uint32Array(xv.buffer);
    for (let j = 0; j < k; j++) {
      xb[j] = lo + j * softStride;
      xb[k + j] = (lo + j * softStride) | SIGN;
    }
    const sigmoid = REFERENCE.sigmoid;
    const near = new Float32Array(nx); // sigmoid(x) rounded: the gradient's cancellation
    if (sigmoid) for (let j = 0; j < nx; j++) near[j] = sigmoid(xv[j], 0, 0);
    const nearBits = new Uint32Array(near.buffer);
    const ref = new Float64Array(SOFT_N);
    const scale = new Float64Array(SOFT_N);
    for (const K of ks) {
      const mine = tasks.get(K.id);
      const row = K.rows.find((r) => r.soft);
      const R = REFERENCE[K.name];
      const S = SCALE[K.name];
      if (!softFills.has(K.name)) softFills.set(K.name, { ref: specialise(fillPairs, {}), scale: specialise(fillPairs, {}) });
      const fill = softFills.get(K.name);
      const entry = K.spec;
      const [rlo, rhi] = entry.range ?? [-Infinity, Infinity];
      const fns = Object.fromEntries(['simd', 'scalar', 'relaxed'].filter((b) => b === 'simd' || mine.has(b)).map((b) => [b, exportOf(K.name, b, K.exportName)]));
      const pass = (w, n) => {
        for (const [b, fn] of Object.entries(fns)) fn(soft.x.ptr, soft.y.ptr, soft.out[b].ptr, n);
        const sim = soft.out.simd;
        for (const other of ['scalar', 'relaxed']) {
          if (!mine.has(other)) continue;
          const r = resultOf(`${K.id}|${other}`);
          r.compared += n;
          const d = differ(sim.u, soft.out[other].u, sim.f, soft.out[other].f, n);
          if (other === 'scalar') r.mismatches += d;
          else r.differs += d;
        }
        const needRef = mine.has('simd') || mine.has('relaxed');
        if (!needRef) return;
        fill.ref(R, soft.x.f, soft.y.f, ref, n);
        if (S) fill.scale(S, soft.x.f, soft.y.f, scale, n);
        for (const build of ['simd', 'relaxed']) {
          if (!mine.has(build)) continue;
          const s = rowStats(`${K.id}|${build}`, row.row);
          const got = soft.out[build].f;
          const tx = soft.x.f;
          const ty = soft.y.f;
          for (let i = 0; i < n; i++) {
            const g = got[i];
            const r = ref[i];
            s.count++;
            if (!Number.isFinite(tx[i]) && tx[i] === tx[i]) {
              if (r === r && g !== Math.fround(r)) s.special++;
              continue;
            }
            const err = Math.abs(g - r) / (S ? ulp32(r) + 2 ** -24 * scale[i] : ulp32(r));
            if (!(err <= Math.min(s.maxError, THRESHOLD))) slow(s, g, r, err, tx[i], ty[i], rlo, rhi, row.unit === 'ulp');
          }
        }
      };
      for (let j0 = 0; j0 < nx; j0 += SOFT_XS) {
        const w = Math.min(SOFT_XS, nx - j0);
        for (let g = 0; g < SOFT_GROUP; g++) soft.x.f.set(xv.subarray(j0, j0 + w), g * w);
        for (let g0 = 0; g0 < SOFT_Y.length; g0 += SOFT_GROUP) {
          const groups = Math.min(SOFT_GROUP, SOFT_Y.length - g0);
          for (let g = 0; g < groups; g++) soft.y.f.fill(SOFT_Y[g0 + g], g * w, (g + 1) * w);
          pass(w, groups * w);
        }
        if (!sigmoid) continue;
        // The four float32 targets nearest sigmoid(x): rounded, and -1, +1, +2 ULP from it.
        const y32 = new Float32Array(1);
        const yb = new Uint32Array(y32.buffer);
        for (let g = 0; g < SOFT_GROUP; g++) {
          for (let jj = 0; jj < w; jj++) {
            const v = near[j0 + jj];
            let t = 0.5;
            if (v > 0 && v < 1) {
              yb[0] = nearBits[j0 + jj] + (g === 0 ? -1 : g - 1);
              if (y32[0] > 0 && y32[0] < 1) t = y32[0];
            }
            soft.y.f[g * w + jj] = t;
          }
        }
        pass(w, SOFT_GROUP * w);
      }
    }
  }

  // ---- the peers (full sweeps only): every peerStride-th magnitude, both signs ----
  const PEER_METHODS = { sigmoid: 'sigmoid', sigmoidDerivative: 'derivative' };
  const peers = withPeers ? await (await import('../../bench/peers.mjs')).loadPeers() : [];
  async function peerBlock(lo, hi, out, peerEdges) {
    const m = Math.ceil((hi - lo) / peerStride);
    const bits = new Uint32Array(2 * m);
    for (let j = 0; j < m; j++) {
      bits[j] = lo + j * peerStride;
      bits[m + j] = (lo + j * peerStride) | SIGN;
    }
    const x = new Float32Array(bits.buffer);
    let finite = 0;
    for (let j = 0; j < m; j++) if (bits[j] < FIRST_NAN) finite++;
    for (const peer of peers) {
      for (const [name, method] of Object.entries(PEER_METHODS)) {
        if (!peer[method] || !REFERENCE[name]) continue;
        const entry = specOf.get(name);
        const got = await peer[method](x);
        const s = ((out[peer.name] ??= {})[name] ??= new Stats());
        const R = REFERENCE[name];
        for (let j = 0; j < 2 * m; j++) {
          const xv = x[j];
          const r = R(xv, 0, 0);
          s.count++;
          if (!Number.isFinite(xv) && xv === xv) {
            if (got[j] !== Math.fround(r)) s.special++;
            continue;
          }
          const g = got[j];
          const err = Math.abs(g - r) / ulp32(r);
          if (!(err <= Math.min(s.maxError, THRESHOLD))) slow(s, g, r, err, xv, null, ...(entry.range ?? [-Infinity, Infinity]), true);
        }
        for (const [sign, part] of [[1, got.subarray(0, m)], [-1, got.subarray(m)]]) {
          const dir = directionOf(entry.monotone, sign);
          if (dir === 0) continue;
          const key = `${peer.name}|${name}|${sign}`;
          let bad = ordered(part, finite, dir);
          const edge = peerEdges[key];
          if (edge && (dir > 0 ? part[0] < edge.last : part[0] > edge.last)) bad++;
          peerEdges[key] = { first: edge ? edge.first : part[0], last: part[finite - 1], dir };
          s.order += bad;
        }
        if (entry.symmetry) for (let j = 0; j < finite; j++) if (!Object.is(got[m + j], entry.symmetry === 'odd' ? -got[j] : got[j])) s.symmetry++;
      }
    }
  }

  parentPort.on('message', async (msg) => {
    if (msg === null) {
      for (const p of peers) await p.dispose();
      process.exit(0);
    }
    const { index, tasks: list, peers: doPeers } = msg;
    const tasks = new Map();
    for (const t of list) {
      const [id, build] = t.split('|');
      if (!tasks.has(id)) tasks.set(id, new Set());
      tasks.get(id).add(build);
    }
    const t0 = performance.now();
    results = {};
    edges = {};
    const lo = index * BLOCK;
    const hi = Math.min(lo + BLOCK, MAGNITUDES);
    for (let b = lo; b < hi; b += CHUNK) chunk(b, Math.min(CHUNK, hi - b), tasks);
    const ts = performance.now();
    softSweep(lo, hi, tasks);
    if (PROFILE) profile.soft = (profile.soft ?? 0) + performance.now() - ts;
    const peerResults = {};
    const peerEdges = {};
    if (doPeers && peers.length > 0) await peerBlock(lo, hi, peerResults, peerEdges);
    parentPort.postMessage({ index, results, edges, peerResults, peerEdges, seconds: (performance.now() - t0) / 1000, ...(PROFILE ? { profile } : {}) });
  });
  parentPort.postMessage({ ready: true, peerInfo: peers.map((p) => ({ name: p.name, label: p.label, info: p.info })) });
}

if (!isMainThread && workerData?.verifyF32) await worker();
