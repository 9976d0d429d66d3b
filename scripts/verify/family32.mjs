// The sigmoid family in verify:f32: every float32 input through each unary
// kernel (tanh, tanhDerivative, silu, siluDerivative, softplus, logSigmoid,
// logit) and through the loss and its gradient with y = 0 and y = 1; a
// sampled sweep of soft targets (every `softStride`-th magnitude, both signs,
// times SOFT_Y: 256 targets in (0, 1), and times the four targets nearest
// sigmoid(x), where the gradient cancels). A worker of f32.mjs runs it block by
// block, on the same inputs as the sigmoid's, and calls the wasm exports
// directly on chunks of 2^18 elements: the SIMD build is measured against the
// float64 reference (family.mjs, fillReference), the scalar and relaxed-SIMD
// builds are compared with it bitwise (they must give the same bits), which
// needs no reference.
import { countOver, invUlps32, ulp32 } from './common.mjs';
import { BAND, FamilyStats, KEYS, REF_ARRAYS, RESULTS, SPECIAL_SLOTS, differ, fillReference, logitRef, openBuild } from './family.mjs';

const INF = 0x7f800000;
const FIRST_NAN = 0x7f800001;
const ONE = 0x3f800000;
const HALF_SUBNORMAL = 2 ** -150;
const SIGN = 0x80000000;
const f32bits = (v) => new Uint32Array(new Float32Array([v]).buffer)[0];
const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));

/** siluDerivative's band -1.4 <= x <= -1.15, as the magnitudes' bit patterns [BAND_FIRST, BAND_LAST]. */
const BAND_FIRST = f32bits(-BAND[1]) + (Math.fround(-BAND[1]) < -BAND[1] ? 1 : 0);
const BAND_LAST = f32bits(-BAND[0]) - (Math.fround(-BAND[0]) > -BAND[0] ? 1 : 0);

/**
 * The series of the sweep: one kernel's outputs on x = +m or x = -m (m the
 * chunk's magnitudes, ascending), the result they count in, their reference
 * array (times `rs`), the direction of the order check as m grows (dir: +1
 * non-decreasing, -1 non-increasing, 0 none) and the function's range. The
 * loss and the gradient run with y = 0 or 1. logit is apart (its domain).
 */
function series() {
  const list = [];
  const add = (name, key, kernel, y, pos, neg, range) => {
    const mono = RESULTS[key].monotone;
    const dirPos = mono === 'even' ? -1 : mono;
    const dirNeg = mono === 'even' ? -1 : -mono;
    list.push({ name: `${name}+`, key, kernel, y, sign: 1, ref: pos[0], rs: pos[1], dir: dirPos, lo: range[0], hi: range[1] });
    list.push({ name: `${name}-`, key, kernel, y, sign: -1, ref: neg[0], rs: neg[1], dir: dirNeg, lo: range[0], hi: range[1] });
  };
  const all = [-Infinity, Infinity];
  add('tanh', 'tanh', 'tanh', null, ['tanh', 1], ['tanh', -1], [-1, 1]);
  add('tanhD', 'tanhDerivative', 'tanh_derivative', null, ['tanhD', 1], ['tanhD', 1], [0, 1]);
  add('silu', 'silu', 'silu', null, ['siluP', 1], ['siluN', 1], all);
  add('siluD', 'siluDerivative', 'silu_derivative', null, ['siluDP', 1], ['siluDN', 1], all);
  add('softplus', 'softplus', 'softplus', null, ['spP', 1], ['spN', 1], [0, Infinity]);
  add('logSigmoid', 'logSigmoid', 'log_sigmoid', null, ['spN', -1], ['spP', -1], [-Infinity, 0]);
  add('bce0', 'bce0', 'bce_logits', 0, ['spP', 1], ['spN', 1], [0, Infinity]);
  add('bce1', 'bce1', 'bce_logits', 1, ['spN', 1], ['spP', 1], [0, Infinity]);
  add('grad0', 'grad0', 'bce_logits_grad', 0, ['sP', 1], ['sN', 1], [-1, 1]);
  add('grad1', 'grad1', 'bce_logits_grad', 1, ['sN', -1], ['sP', -1], [-1, 1]);
  return list;
}
export const SERIES = series();
const LOGIT_SERIES = { name: 'logit+', key: 'logit', dir: 1 };
/** The order check's direction of every series, for the check across blocks (f32.mjs). */
export const SERIES_DIR = Object.fromEntries([...SERIES.map((s) => [s.name, s.dir]), ['logit+', 1]]);

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
/**
 * Work sizes: the family works through a chunk SUB elements at a time, and
 * the soft targets SOFT_XS inputs times SOFT_GROUP targets a kernel call, so
 * that each pass over the outputs, the references and their ULPs stays in
 * the core's L2 cache (a pass over 2^18 elements streams from memory at
 * about twice the time).
 */
const SUB = 4096;
const SOFT_XS = 1024;
const SOFT_GROUP = 4;
/**
 * The relaxed-SIMD build runs the family's kernels of the SIMD build (no
 * relaxed operation in them), so it is compared on a sample: every
 * RELAXED_EVERY-th sub-chunk and soft-target subset (its cost is a full
 * kernel pass; the scalar build is compared on every input).
 */
export const RELAXED_EVERY = 8;

const THRESHOLD = 0.5 + 1e-6; // "> 0.5 ULP": not correctly rounded, beyond the reference's own error

/**
 * The ULP errors of got[from .. to) against rs * ref[i] (1/ULP in inv[i]),
 * into s: the counts of recordError, the range check, NaN, flushing; the
 * inputs are sign * m[i]. The loop only tests each error against
 * min(max so far, THRESHOLD): everything else (the counts, a new max, a NaN)
 * happens in `slow`, for the few elements that need it. That loses nothing:
 * an error within THRESHOLD is in range (lo, hi are floats and the true
 * value is within them) and not flushed (a 0 for a true value above half
 * the smallest subnormal is more than half an ULP off).
 */
function accumulate(s, got, ref, rs, inv, from, to, m, sign, lo, hi) {
  let lim = Math.min(s.maxUlp, THRESHOLD);
  for (let i = from; i < to; i++) {
    const err = Math.abs(got[i] - rs * ref[i]) * inv[i];
    if (!(err <= lim)) {
      slow(s, got[i], rs * ref[i], err, sign * m[i], lo, hi);
      lim = Math.min(s.maxUlp, THRESHOLD);
    }
  }
  s.count += to - from;
}

function slow(s, g, r, err, x, lo, hi) {
  if (g !== g) {
    s.nanForNumber++;
    return;
  }
  if (g < lo || g > hi) s.outside++;
  if (g === 0 && Math.abs(r) > HALF_SUBNORMAL) s.flushed++;
  recordSoft(s, err, x, null, g, r);
}

/** Absolute errors in units of 2^-24 (siluDerivative's band). */
function accumulateAbs(s, got, ref, from, to, m, sign) {
  const scale = 2 ** 24;
  for (let i = from; i < to; i++) {
    const g = got[i];
    s.count++;
    if (g !== g) {
      s.nanForNumber++;
      continue;
    }
    const err = Math.abs(g - ref[i]) * scale;
    if (err > s.maxUlp || err !== err) {
      s.maxUlp = err;
      s.maxX = sign * m[i];
      s.maxGot = g;
      s.maxRef = ref[i];
    }
    countOver(s, err);
  }
}

/** Order violations in values[from .. to): dir > 0 must not decrease, dir < 0 must not increase. */
function ordered(values, from, to, dir) {
  let bad = 0;
  if (dir > 0) {
    for (let i = from + 1; i < to; i++) if (values[i] < values[i - 1]) bad++;
  } else {
    for (let i = from + 1; i < to; i++) if (values[i] > values[i - 1]) bad++;
  }
  return bad;
}

const nonNaN = (a, from, to) => {
  let c = 0;
  for (let i = from; i < to; i++) if (a[i] === a[i]) c++;
  return c;
};

/**
 * The family's part of a worker: `builds` ('simd' first, then those it is
 * compared with). Call chunk() for each chunk of a block, soft() once per
 * block, then take() for the block's { stats, edges }.
 */
export async function createFamily32(root, { block: BLOCK, softStride, builds }) {
  const CHUNK = SUB;
  const SOFT_Y = softTargets();
  const softX = Math.ceil(BLOCK / softStride) * 2;
  const layout = { xp: [Float32Array, CHUNK], xn: [Float32Array, CHUNK], y0: [Float32Array, CHUNK], y1: [Float32Array, CHUNK] };
  for (const s of SERIES) layout[s.name] = [Float32Array, CHUNK];
  layout['logit+'] = [Float32Array, CHUNK];
  layout['logit-'] = [Float32Array, CHUNK];
  const SOFT_N = SOFT_XS * SOFT_GROUP;
  Object.assign(layout, { tx: [Float32Array, SOFT_N], ty: [Float32Array, SOFT_N], tl: [Float32Array, SOFT_N], tg: [Float32Array, SOFT_N] });
  Object.assign(layout, { sx: [Float32Array, SPECIAL_SLOTS], sy: [Float32Array, SPECIAL_SLOTS], so: [Float32Array, SPECIAL_SLOTS] });
  const inst = [];
  for (const build of builds) {
    const b = await openBuild(root, build, layout);
    b.build = build;
    b.view.y1.fill(1);
    b.bits = Object.fromEntries(Object.entries(b.view).map(([k, v]) => [k, new Uint32Array(v.buffer, v.byteOffset, v.length)]));
    inst.push(b);
  }
  const main = inst[0];
  const R = Object.fromEntries(REF_ARRAYS.map((k) => [k, new Float64Array(CHUNK)]));
  const INV = Object.fromEntries(REF_ARRAYS.map((k) => [k, new Float64Array(CHUNK)]));
  const refLogit = new Float64Array(CHUNK);
  const invLogit = new Float64Array(CHUNK);
  const softRef = { m: new Float64Array(softX), E: new Float64Array(softX), ...Object.fromEntries(REF_ARRAYS.map((k) => [k, new Float64Array(softX)])) };
  const sx = new Float64Array(softX); // s(x), s(-x), softplus(x), softplus(-x) of each soft-sweep x
  const snx = new Float64Array(softX);
  const spx = new Float64Array(softX);
  const spnx = new Float64Array(softX);
  const kind = new Uint8Array(softX); // 0: finite x, 1: +-Inf, 2: NaN

  let stats;
  let edges;
  const reset = () => {
    stats = Object.fromEntries(KEYS.map((k) => [k, new FamilyStats()]));
    edges = {};
  };
  reset();

  /** Order inside values[0 .. count) and across the edge with the previous chunk; keeps the block's first and last value. */
  const track = (name, key, dir, values, count) => {
    if (count === 0 || dir === 0) return;
    let bad = ordered(values, 0, count, dir);
    const edge = edges[name];
    if (edge && (dir > 0 ? values[0] < edge.last : values[0] > edge.last)) bad++;
    edges[name] = { key, first: edge ? edge.first : values[0], last: values[count - 1] };
    stats[key].monotone += bad;
  };

  const t = 'f32';
  function runKernels(b, n, logit) {
    const e = b.exports;
    if (b !== main) {
      b.view.xp.set(main.view.xp.subarray(0, n));
      b.view.xn.set(main.view.xn.subarray(0, n));
    }
    for (const s of SERIES) {
      const x = s.sign > 0 ? b.ptr.xp : b.ptr.xn;
      if (s.y === null) e[`${t}_${s.kernel}`](x, b.ptr[s.name], n);
      else e[`${t}_${s.kernel}`](x, s.y === 0 ? b.ptr.y0 : b.ptr.y1, b.ptr[s.name], n);
    }
    if (logit) {
      e.f32_logit(b.ptr.xp, b.ptr['logit+'], n);
      e.f32_logit(b.ptr.xn, b.ptr['logit-'], n);
    }
  }

  /**
   * One chunk: magnitudes b .. b + n (bit patterns), xPos/xNeg their values
   * of both signs. Leaves e^-xPos[i] in E (the sigmoid's reference uses it too).
   */
  function chunk(b, n, xPos, xNeg, E) {
    for (let off = 0; off < n; off += SUB) sub(b + off, Math.min(SUB, n - off), xPos.subarray(off), xNeg.subarray(off), E.subarray(off));
  }

  function sub(b, n, xPos, xNeg, E) {
    const finiteEnd = clamp(INF - b, 0, n);
    const nanStart = clamp(FIRST_NAN - b, 0, n);
    main.view.xp.set(xPos.subarray(0, n));
    main.view.xn.set(xNeg.subarray(0, n));
    const m = main.view.xp;
    fillReference(m, nanStart, E, false, R);
    for (let i = nanStart; i < n; i++) E[i] = NaN;
    for (const k of REF_ARRAYS) invUlps32(R[k], INV[k], finiteEnd);
    const logit = b <= ONE;
    const dEnd = logit ? Math.min(n, ONE + 1 - b) : 0; // the domain [0, 1]: indices below dEnd
    for (let i = 0; i < dEnd; i++) {
      const bits = b + i;
      refLogit[i] = bits === 0 ? -Infinity : bits === ONE ? Infinity : logitRef(m[i]);
    }
    if (dEnd > 0) invUlps32(refLogit, invLogit, dEnd);

    const others = inst.slice(1).filter((o) => o.build !== 'relaxed' || (b / SUB) % RELAXED_EVERY === 0);
    for (const x of [main, ...others]) runKernels(x, n, true);
    // The other builds: bitwise equal to the SIMD build.
    for (const other of others) {
      const field = other.build === 'relaxed' ? 'relaxedMismatch' : 'buildMismatch';
      for (const s of SERIES) if (s.sign > 0) stats[s.key][`${field.slice(0, -8)}Compared`] += 2 * n;
      stats.logit[`${field.slice(0, -8)}Compared`] += 2 * n;
      for (const s of SERIES) stats[s.key][field] += differ(main.bits[s.name], other.bits[s.name], main.view[s.name], other.view[s.name], n);
      for (const name of ['logit+', 'logit-']) stats.logit[field] += differ(main.bits[name], other.bits[name], main.view[name], other.view[name], n);
    }

    const out = main.view;
    const u = main.bits;
    for (const s of SERIES) {
      const S = stats[s.key];
      const got = out[s.name];
      // tanh odd, tanhDerivative even: bitwise, for every non-NaN x; then -x's figures are +x's.
      if (s.sign < 0 && (s.key === 'tanh' || s.key === 'tanhDerivative')) {
        const pos = u[`${s.name.slice(0, -1)}+`];
        const neg = u[s.name];
        let asym = 0;
        if (s.key === 'tanh') {
          for (let i = 0; i < nanStart; i++) if ((pos[i] ^ SIGN) >>> 0 !== neg[i]) asym++;
        } else if (!Buffer.from(pos.buffer, pos.byteOffset, 4 * nanStart).equals(Buffer.from(neg.buffer, neg.byteOffset, 4 * nanStart))) {
          for (let i = 0; i < nanStart; i++) if (pos[i] !== neg[i]) asym++;
        }
        S.symmetry += asym;
        if (asym === 0) {
          S.merge(FamilyStats.from({ ...lastPos, nanLost: nonNaN(got, nanStart, n) }));
          track(s.name, s.key, s.dir, got, finiteEnd);
          continue;
        }
      }
      const one = new FamilyStats();
      if (s.key === 'siluDerivative' && s.sign < 0) {
        const from = clamp(BAND_FIRST - b, 0, finiteEnd);
        const to = clamp(BAND_LAST + 1 - b, 0, finiteEnd);
        accumulate(one, got, R[s.ref], s.rs, INV[s.ref], 0, from, m, -1, s.lo, s.hi);
        accumulate(one, got, R[s.ref], s.rs, INV[s.ref], to, finiteEnd, m, -1, s.lo, s.hi);
        if (to > from) accumulateAbs(stats.siluDerivativeBand, got, R[s.ref], from, to, m, -1);
      } else {
        accumulate(one, got, R[s.ref], s.rs, INV[s.ref], 0, finiteEnd, m, s.sign, s.lo, s.hi);
      }
      one.nanLost += nonNaN(got, nanStart, n);
      one.count += n - finiteEnd; // +Inf (a special case) and the NaNs
      S.merge(one);
      lastPos = one;
      track(s.name, s.key, s.dir, got, finiteEnd);
    }
    // -0 against +0 (the order across x = 0), in the first chunk.
    if (b === 0) {
      for (const s of SERIES) {
        if (s.sign < 0 || s.dir === 0) continue;
        const p = out[s.name][0];
        const q = out[`${s.name.slice(0, -1)}-`][0];
        if (s.dir > 0 ? q > p : q < p) stats[s.key].monotone++;
      }
    }

    // logit: the domain [0, 1] on +m (0 and 1 are special cases: -Inf, +Inf), NaN elsewhere (-0 gives -Inf).
    const L = stats.logit;
    const lp = out['logit+'];
    const ln = out['logit-'];
    if (dEnd > 0) {
      const from = b === 0 ? 1 : 0;
      const to = Math.min(dEnd, ONE - b);
      if (to > from) accumulate(L, lp, refLogit, 1, invLogit, from, to, m, 1, -Infinity, Infinity);
      track(LOGIT_SERIES.name, 'logit', 1, lp, dEnd);
    }
    L.nanLost += nonNaN(lp, dEnd, n) + nonNaN(ln, b === 0 ? 1 : 0, n);
    L.count += 2 * n - (dEnd > 0 ? Math.max(0, Math.min(dEnd, ONE - b) - (b === 0 ? 1 : 0)) : 0); // every input: the NaN ones and the special ones too
  }
  let lastPos = new FamilyStats();

  /** The soft targets on every softStride-th magnitude of [lo, hi), both signs, and +-Inf and NaN where the block has them. */
  function soft(lo, hi) {
    const k = Math.ceil((hi - lo) / softStride);
    const nx = 2 * k;
    const xs = new Float32Array(nx);
    const xb = new Uint32Array(xs.buffer);
    for (let j = 0; j < k; j++) {
      xb[j] = lo + j * softStride;
      xb[k + j] = (lo + j * softStride) | SIGN;
    }
    for (let j = 0; j < k; j++) softRef.m[j] = xs[j];
    const finite = clamp(Math.ceil((INF - lo) / softStride), 0, k);
    const notNaN = clamp(Math.ceil((FIRST_NAN - lo) / softStride), 0, k);
    fillReference(softRef.m, notNaN, softRef.E, false, softRef);
    for (let j = 0; j < k; j++) {
      const c = j < finite ? 0 : j < notNaN ? 1 : 2;
      kind[j] = kind[k + j] = c;
      sx[j] = snx[k + j] = softRef.sP[j];
      snx[j] = sx[k + j] = softRef.sN[j];
      spx[j] = spnx[k + j] = softRef.spP[j];
      spnx[j] = spx[k + j] = softRef.spN[j];
    }
    const Ls = stats.bceSoft;
    const Gs = stats.gradSoft;
    const y32 = new Float32Array(1);
    const yBits = new Uint32Array(y32.buffer);
    for (let j0 = 0; j0 < nx; j0 += SOFT_XS) {
      const w = Math.min(SOFT_XS, nx - j0);
      const others = inst.slice(1).filter((o) => o.build !== 'relaxed' || ((lo / softStride + j0) / SOFT_XS) % RELAXED_EVERY === 0);
      const run = [main, ...others];
      for (const b of run) for (let g = 0; g < SOFT_GROUP; g++) b.view.tx.set(xs.subarray(j0, j0 + w), g * w);
      for (let g0 = 0; g0 < SOFT_Y.length; g0 += SOFT_GROUP) {
        const groups = Math.min(SOFT_GROUP, SOFT_Y.length - g0);
        for (const b of run) for (let g = 0; g < groups; g++) b.view.ty.fill(SOFT_Y[g0 + g], g * w, (g + 1) * w);
        pass(j0, w, groups * w, run, others);
      }
      // The gradient's cancellation: y = sigmoid(x) rounded to float32, and its neighbours -1, +1, +2 ULP.
      const ty = main.view.ty;
      for (let g = 0; g < SOFT_GROUP; g++) {
        for (let jj = 0; jj < w; jj++) {
          const j = j0 + jj;
          y32[0] = sx[j];
          if (kind[j] === 0 && y32[0] > 0 && y32[0] < 1) {
            yBits[0] += g === 0 ? -1 : g - 1;
            ty[g * w + jj] = y32[0] > 0 && y32[0] < 1 ? y32[0] : 0.5;
          } else ty[g * w + jj] = 0.5;
        }
      }
      for (const b of others) b.view.ty.set(ty.subarray(0, SOFT_GROUP * w));
      pass(j0, w, SOFT_GROUP * w, run, others);
    }

    /** The kernels on tx, ty[0 .. n) (x = xs[j0 + (i mod w)]), the builds compared, the SIMD build's errors. */
    function pass(j0, w, n, run, others) {
      for (const b of run) {
        b.exports.f32_bce_logits(b.ptr.tx, b.ptr.ty, b.ptr.tl, n);
        b.exports.f32_bce_logits_grad(b.ptr.tx, b.ptr.ty, b.ptr.tg, n);
      }
      for (const other of others) {
        const field = other.build === 'relaxed' ? 'relaxedMismatch' : 'buildMismatch';
        Ls[`${field.slice(0, -8)}Compared`] += n;
        Gs[`${field.slice(0, -8)}Compared`] += n;
        Ls[field] += differ(main.bits.tl, other.bits.tl, main.view.tl, other.view.tl, n);
        Gs[field] += differ(main.bits.tg, other.bits.tg, main.view.tg, other.view.tg, n);
      }
      const gl = main.view.tl;
      const gg = main.view.tg;
      const ty = main.view.ty;
      for (let base = 0; base < n; base += w) {
        for (let jj = 0; jj < w; jj++) {
          const j = j0 + jj;
          const y = ty[base + jj];
          const omy = 1 - y;
          const l = gl[base + jj];
          const d = gg[base + jj];
          const c = kind[j];
          Ls.count++;
          Gs.count++;
          if (c === 2) {
            if (l === l) Ls.nanLost++;
            if (d === d) Gs.nanLost++;
            continue;
          }
          // The loss: (1 - y) softplus(x) + y softplus(-x), both terms >= 0.
          const L = omy * spx[j] + y * spnx[j];
          if (l !== l) Ls.nanForNumber++;
          else if (c === 1) {
            if (l !== L) Ls.special++;
          } else {
            if (l < 0) Ls.outside++;
            if (l === 0 && L > HALF_SUBNORMAL) Ls.flushed++;
            const err = Math.abs(l - L) / ulp32(L);
            if (err > THRESHOLD || err > Ls.maxUlp || err !== err) recordSoft(Ls, err, xs[j], y, l, L);
          }
          // The gradient: (1 - y) s(x) - y s(-x), in units of ULP(g) + 2^-24 S.
          const G = omy * sx[j] - y * snx[j];
          const S = omy * sx[j] + y * snx[j];
          if (d !== d) Gs.nanForNumber++;
          else {
            if (d < -1 || d > 1) Gs.outside++;
            if (d === 0 && Math.abs(G) > HALF_SUBNORMAL) Gs.flushed++;
            const err = Math.abs(d - G) / (ulp32(Math.abs(G)) + 2 ** -24 * S);
            if (err > THRESHOLD || err > Gs.maxUlp || err !== err) recordSoft(Gs, err, xs[j], y, d, G);
          }
        }
      }
    }
  }

  function take() {
    const out = { stats, edges };
    reset();
    return out;
  }

  /** The exact special values on every build (family.mjs, runSpecials). */
  return { chunk, soft, take, instances: inst, softTargets: SOFT_Y };
}

function recordSoft(s, err, x, y, got, ref) {
  countOver(s, err);
  if (err > s.maxUlp || err !== err) {
    s.maxUlp = err;
    s.maxX = x;
    s.maxY = y;
    s.maxGot = got;
    s.maxRef = ref;
  }
}
