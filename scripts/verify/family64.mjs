// The sigmoid family in verify:f64: the float64 kernels on the 200-bit
// mpmath points of scripts/reference.py --sets family (x, a target y, and
// every function's true value as hi + lo), on the SIMD build, compared
// bitwise with the scalar and relaxed-SIMD builds; plus dense walks of
// consecutive float64 values for the order checks, the exact special values,
// and tanh's and tanhDerivative's symmetry on every point.
import { BAND, BINARY, FamilyStats, KEYS, RESULTS, SPECIAL_SLOTS, UNARY, differ, openBuild, readFixture, recordError, runSpecials } from './family.mjs';
import { ulp64 } from './common.mjs';

const HALF_SUBNORMAL = 2 ** -1075;
const UNIT_ABS = 2 ** -53;

/** Which fixture function each result is checked against. */
const FIXTURE_OF = {
  tanh: 'tanh', tanhDerivative: 'tanhDerivative', silu: 'silu', siluDerivative: 'siluDerivative', siluDerivativeBand: 'siluDerivative',
  softplus: 'softplus', logSigmoid: 'logSigmoid', logit: 'logit', bce0: 'bce', bce1: 'bce', bceSoft: 'bce', grad0: 'bceGradient', grad1: 'bceGradient', gradSoft: 'bceGradient',
};
/** The range of each function's results (a result outside is counted). */
const RANGE = {
  tanh: [-1, 1], tanhDerivative: [0, 1], softplus: [0, Infinity], logSigmoid: [-Infinity, 0], bce0: [0, Infinity], bce1: [0, Infinity], bceSoft: [0, Infinity],
  grad0: [-1, 1], grad1: [-1, 1], gradSoft: [-1, 1],
};

/** Dense walks: runs of consecutive float64 values (x ascending), where a wiggle in a monotone kernel would show. */
function walks(count, steps) {
  const starts = [];
  let seed = 0x51ed270b;
  const rand = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
  // Thresholds: tanh rounding to 1 (19.06), softplus to x (31 .. 37.4), tiny x, and logit's interesting points.
  const fixed = [19.06, -19.06, 18.7, 36.7, -36.7, 33.3, 1e-8, -1e-8, 2 ** -27, 0.5, 0.5 - 1e-13, 1 - 1e-12, 1e-300, 0.25, 0.75, 1.2784645427610738, -1.2784645427610738, 745, -745, 709.7, -709.7];
  starts.push(...fixed);
  while (starts.length < count / 2) starts.push((rand() < 0.5 ? -1 : 1) * 10 ** (-12 + 14.9 * rand()));
  while (starts.length < count) starts.push(rand() < 0.5 ? rand() : 10 ** (-300 * rand())); // in (0, 1), for logit
  const x = new Float64Array(count * steps);
  const bits = new BigUint64Array(x.buffer);
  starts.forEach((v, w) => {
    const b0 = new BigUint64Array(new Float64Array([v]).buffer)[0];
    for (let j = 0; j < steps; j++) bits[w * steps + j] = v < 0 ? b0 - BigInt(j) : b0 + BigInt(j);
  });
  return { x, count, steps };
}

/**
 * The family's float64 check. `file` is family-f64.bin (scripts/reference.py
 * --sets family --types f64), `builds` 'simd' first. Returns { results,
 * walks, specialsWrong, points }.
 */
export async function checkFamily64(root, file, builds) {
  const f = readFixture(file);
  const n = f.n;
  const W = walks(1000, 2000);
  const layout = { x: [Float64Array, n], y: [Float64Array, n], nx: [Float64Array, n], w: [Float64Array, W.x.length], wo: [Float64Array, W.x.length] };
  for (const k of [...UNARY, ...BINARY]) layout[k] = [Float64Array, n];
  layout.tanhNeg = [Float64Array, n];
  layout.tanhDNeg = [Float64Array, n];
  Object.assign(layout, { sx: [Float64Array, SPECIAL_SLOTS], sy: [Float64Array, SPECIAL_SLOTS], so: [Float64Array, SPECIAL_SLOTS] });

  const results = Object.fromEntries(KEYS.map((k) => [k, new FamilyStats()]));
  const specialsWrong = {};
  const walkOrder = {};
  const outs = {};
  for (const build of builds) {
    const b = await openBuild(root, build, layout);
    b.view.x.set(f.x);
    b.view.y.set(f.y);
    for (let i = 0; i < n; i++) b.view.nx[i] = -f.x[i];
    const e = b.exports;
    for (const k of UNARY) e[`f64_${k}`](b.ptr.x, b.ptr[k], n);
    for (const k of BINARY) e[`f64_${k}`](b.ptr.x, b.ptr.y, b.ptr[k], n);
    e.f64_tanh(b.ptr.nx, b.ptr.tanhNeg, n);
    e.f64_tanh_derivative(b.ptr.nx, b.ptr.tanhDNeg, n);
    outs[build] = { ...Object.fromEntries([...UNARY, ...BINARY, 'tanhNeg', 'tanhDNeg'].map((k) => [k, Float64Array.from(b.view[k])])) };
    // The walks: the monotone kernels, and tanhDerivative (non-increasing in |x|).
    b.view.w.set(W.x);
    const order = (walkOrder[build] = {});
    for (const [key, kernel] of [['tanh', 'tanh'], ['tanhDerivative', 'tanh_derivative'], ['softplus', 'softplus'], ['logSigmoid', 'log_sigmoid'], ['logit', 'logit']]) {
      e[`f64_${kernel}`](b.ptr.w, b.ptr.wo, W.x.length);
      const v = b.view.wo;
      let bad = 0;
      for (let w = 0; w < W.count; w++) {
        for (let j = w * W.steps + 1; j < (w + 1) * W.steps; j++) {
          const a = v[j - 1];
          const c = v[j];
          if (a !== a || c !== c) continue; // logit outside [0, 1]
          if (key === 'tanhDerivative' ? (W.x[j] <= 0 ? c < a : c > a) : c < a) bad++;
        }
      }
      order[key] = bad;
    }
    for (const [key, lines] of Object.entries(runSpecials(b, 'float64', (v) => v))) (specialsWrong[key] ??= []).push(...lines.map((l) => `${build}: ${l}`));
  }
  const main = outs[builds[0]];

  // The other builds: bitwise equal (NaN matches NaN).
  const bitsOf = (a) => new BigUint64Array(a.buffer, a.byteOffset, a.length);
  for (const other of builds.slice(1)) {
    const field = other === 'relaxed' ? 'relaxedMismatch' : 'buildMismatch';
    const o = outs[other];
    const count = (k) => differ(bitsOf(main[k]), bitsOf(o[k]), main[k], o[k], n);
    for (const key of KEYS) {
      // Each kernel's mismatches once, under its first result.
      const kernel = RESULTS[key].kernel;
      if (KEYS.find((k) => RESULTS[k].kernel === kernel) !== key) continue;
      results[key][field] += count(kernel);
      results[key][field.replace('Mismatch', 'Compared')] += n;
    }
    results.tanh[field] += count('tanhNeg');
    results.tanhDerivative[field] += count('tanhDNeg');
    for (const key of ['tanh', 'tanhDerivative', 'softplus', 'logSigmoid', 'logit']) {
      if (walkOrder[other][key] !== walkOrder[builds[0]][key]) results[key][field]++;
    }
  }

  // Unary results: every distinct x once.
  const seen = new Set();
  const first = new Uint8Array(n);
  const xb = bitsOf(f.x);
  for (let i = 0; i < n; i++) {
    if (!seen.has(xb[i])) {
      seen.add(xb[i]);
      first[i] = 1;
    }
  }
  const check = (key, i, got, unit) => {
    const s = results[key];
    const fn = FIXTURE_OF[key];
    const hi = f.hi[fn][i];
    const lo = f.lo[fn][i];
    const x = f.x[i];
    const y = RESULTS[key].kernel.startsWith('bce') ? f.y[i] : null;
    s.count++;
    if (hi !== hi) {
      if (got === got) s.nanLost++;
      return;
    }
    if (got !== got) {
      s.nanForNumber++;
      return;
    }
    if (!Number.isFinite(hi) || !Number.isFinite(x)) {
      if (!(got === hi || (got === 0 && hi === 0))) s.special++;
      return;
    }
    const range = RANGE[key];
    if (range && (got < range[0] || got > range[1])) s.outside++;
    if (got === 0 && Math.abs(hi) > HALF_SUBNORMAL) s.flushed++;
    const diff = Math.abs(got - hi - lo);
    let err;
    if (unit === 'abs') err = diff / UNIT_ABS;
    else if (unit === 'mixed') {
      const e = Math.exp(-Math.abs(x));
      const sx = x >= 0 ? 1 / (1 + e) : e / (1 + e);
      const S = (1 - y) * sx + y * (1 - sx);
      err = diff / (ulp64(Math.abs(hi)) + 2 ** -53 * S);
    } else err = diff / ulp64(Math.abs(hi));
    recordError(s, err, x, y, got, hi);
  };
  for (let i = 0; i < n; i++) {
    const x = f.x[i];
    if (first[i]) {
      check('tanh', i, main.tanh[i], 'ulp');
      check('tanhDerivative', i, main.tanh_derivative[i], 'ulp');
      check('silu', i, main.silu[i], 'ulp');
      if (x >= BAND[0] && x <= BAND[1]) check('siluDerivativeBand', i, main.silu_derivative[i], 'abs');
      else check('siluDerivative', i, main.silu_derivative[i], 'ulp');
      check('softplus', i, main.softplus[i], 'ulp');
      check('logSigmoid', i, main.log_sigmoid[i], 'ulp');
      check('logit', i, main.logit[i], 'ulp');
      // Symmetry, bitwise: tanh odd, tanhDerivative even (NaN inputs aside).
      if (x === x) {
        if (!Object.is(main.tanhNeg[i], -main.tanh[i])) results.tanh.symmetry++;
        if (!Object.is(main.tanhDNeg[i], main.tanh_derivative[i])) results.tanhDerivative.symmetry++;
      }
    }
    const y = f.y[i];
    const [lk, gk] = y === 0 ? ['bce0', 'grad0'] : y === 1 ? ['bce1', 'grad1'] : ['bceSoft', 'gradSoft'];
    check(lk, i, main.bce_logits[i], 'ulp');
    check(gk, i, main.bce_logits_grad[i], RESULTS[gk].unit);
  }

  // Order over the sorted points: the monotone results (tanhDerivative: non-increasing in |x|).
  const sortedBy = (pick) => {
    const idx = [];
    for (let i = 0; i < n; i++) if (pick(i)) idx.push(i);
    return idx.sort((a, b) => f.x[a] - f.x[b]);
  };
  const orderCount = (idx, values, mode) => {
    let bad = 0;
    for (let j = 1; j < idx.length; j++) {
      const a = values[idx[j - 1]];
      const c = values[idx[j]];
      const xa = f.x[idx[j - 1]];
      const xc = f.x[idx[j]];
      if (xa === xc) continue;
      if (mode > 0 ? c < a : mode < 0 ? c > a : xc <= 0 ? c < a : xa >= 0 && c > a) bad++;
    }
    return bad;
  };
  const finiteFirst = sortedBy((i) => first[i] && Number.isFinite(f.x[i]));
  results.tanh.monotone += orderCount(finiteFirst, main.tanh, 1);
  results.tanhDerivative.monotone += orderCount(finiteFirst, main.tanh_derivative, 0);
  results.softplus.monotone += orderCount(finiteFirst, main.softplus, 1);
  results.logSigmoid.monotone += orderCount(finiteFirst, main.log_sigmoid, 1);
  results.logit.monotone += orderCount(sortedBy((i) => first[i] && f.x[i] >= 0 && f.x[i] <= 1), main.logit, 1);
  for (const [key, yv, values, mode] of [['bce0', 0, main.bce_logits, 1], ['bce1', 1, main.bce_logits, -1], ['grad0', 0, main.bce_logits_grad, 1], ['grad1', 1, main.bce_logits_grad, 1]]) {
    results[key].monotone += orderCount(sortedBy((i) => f.y[i] === yv && Number.isFinite(f.x[i])), values, mode);
  }
  for (const [key, v] of Object.entries(walkOrder[builds[0]])) results[key].monotone += v;
  for (const [key, lines] of Object.entries(specialsWrong)) results[key].special += lines.length;
  return { results, walks: { count: W.count, steps: W.steps, order: walkOrder }, specialsWrong, points: n, distinctX: seen.size };
}
