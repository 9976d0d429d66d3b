// The sigmoid family (issue 11) in the accuracy sweeps: what each function's
// kernels are held to, the statistics kept, the wasm exports called directly,
// the float64 reference formulas of the float32 sweep (checked against the
// 200-bit mpmath fixtures), and the exact special values. Used by
// family32.mjs (verify:f32) and family64.mjs (verify:f64).
//
// The family is tier-independent: both precision tiers run the same kernels,
// so each function has one row per dtype, measured on the SIMD build and
// compared bitwise with the scalar and the relaxed-SIMD builds (which must
// give the same bits: any NaN matches any NaN).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { countOver } from './common.mjs';

// ---- the functions, their kernels and their contracts -----------------------------------

/**
 * The measured results ("keys"), each one row of the tables: a kernel on a
 * set of inputs, with the unit its error is measured in.
 *   ulp   error in ULPs of the result type at the true value (relative);
 *   abs   absolute error in units of 2^-p (p = 24 or 53): siluDerivative
 *         near its zero, where no relative bound can hold;
 *   mixed the soft-target gradient g = sigmoid(x) - y = (1 - y) s(x) - y s(-x),
 *         which cancels where s(x) is near y: error in units of
 *         ULP(g) + 2^-p S, S = (1 - y) s(x) + y s(-x) (the size of the terms).
 * `monotone`: +1 non-decreasing in x, -1 non-increasing, 'even' non-increasing
 * in |x|, 0: neither (not counted).
 */
export const RESULTS = {
  tanh: { fn: 'tanh', kernel: 'tanh', unit: 'ulp', monotone: 1, inputs: 'x' },
  tanhDerivative: { fn: 'tanhDerivative', kernel: 'tanh_derivative', unit: 'ulp', monotone: 'even', inputs: 'x' },
  silu: { fn: 'silu', kernel: 'silu', unit: 'ulp', monotone: 0, inputs: 'x' },
  siluDerivative: { fn: 'siluDerivative', kernel: 'silu_derivative', unit: 'ulp', monotone: 0, inputs: 'x outside [-1.4, -1.15]' },
  siluDerivativeBand: { fn: 'siluDerivative', kernel: 'silu_derivative', unit: 'abs', monotone: 0, inputs: '-1.4 <= x <= -1.15' },
  softplus: { fn: 'softplus', kernel: 'softplus', unit: 'ulp', monotone: 1, inputs: 'x' },
  logSigmoid: { fn: 'logSigmoid', kernel: 'log_sigmoid', unit: 'ulp', monotone: 1, inputs: 'x' },
  logit: { fn: 'logit', kernel: 'logit', unit: 'ulp', monotone: 1, inputs: 'p' },
  bce0: { fn: 'binaryCrossEntropyWithLogits', kernel: 'bce_logits', unit: 'ulp', monotone: 1, inputs: 'y = 0' },
  bce1: { fn: 'binaryCrossEntropyWithLogits', kernel: 'bce_logits', unit: 'ulp', monotone: -1, inputs: 'y = 1' },
  bceSoft: { fn: 'binaryCrossEntropyWithLogits', kernel: 'bce_logits', unit: 'ulp', monotone: 0, inputs: '0 < y < 1' },
  grad0: { fn: 'binaryCrossEntropyWithLogitsGradient', kernel: 'bce_logits_grad', unit: 'ulp', monotone: 1, inputs: 'y = 0' },
  grad1: { fn: 'binaryCrossEntropyWithLogitsGradient', kernel: 'bce_logits_grad', unit: 'ulp', monotone: 1, inputs: 'y = 1' },
  gradSoft: { fn: 'binaryCrossEntropyWithLogitsGradient', kernel: 'bce_logits_grad', unit: 'mixed', monotone: 0, inputs: '0 < y < 1' },
};
export const KEYS = Object.keys(RESULTS);

/** The unary kernels (x, out, n) and the binary ones (x, target, out, n), by the suffix of their export. */
export const UNARY = ['tanh', 'tanh_derivative', 'silu', 'silu_derivative', 'softplus', 'log_sigmoid', 'logit'];
export const BINARY = ['bce_logits', 'bce_logits_grad'];

export const symbolOf = (dtype, kernel) => `${dtype === 'float32' ? 'f32' : 'f64'}_${kernel}`;

/**
 * The bounds of issue 11, used where the registry has no entry for a symbol
 * yet (and for the two bounds a registry entry does not carry: the absolute
 * one of siluDerivative near its zero, in units of 2^-p, and the soft-target
 * gradient's, in units of ULP(g) + 2^-p S, which is the kernel's own ULP
 * bound). Everything printed says where each bound came from.
 */
const ISSUE_BOUNDS = { tanh: 2, tanh_derivative: 3, silu: 3, silu_derivative: 3, softplus: 2, log_sigmoid: 2, logit: 2, bce_logits: 3, bce_logits_grad: 3 };
const BAND_BOUND = 1; // |error| <= 2^-24 (float32), 2^-53 (float64), between x = -1.4 and -1.15

/** siluDerivative's absolute-error band: -1.4 <= x <= -1.15. */
export const BAND = [-1.4, -1.15];

/**
 * Each result's contract { symbol, name, bound, unit, monotone, source }:
 * the bound of the kernel's registry entry (dist/registry.js, found by its
 * wasm symbol), or the issue's where the registry has none. `monotone`
 * (whether order violations fail the sweep) is the registry entry's.
 */
export function familyContract(registry, dtype) {
  const out = {};
  for (const [key, r] of Object.entries(RESULTS)) {
    const symbol = symbolOf(dtype, r.kernel);
    const entry = (registry.ALL_KERNELS ?? [...(registry.KERNELS ?? []), ...(registry.FAMILY_KERNELS ?? [])]).find((k) => k.symbol === symbol);
    let bound = entry ? entry.bound[0] : ISSUE_BOUNDS[r.kernel];
    let source = entry ? `registry ${entry.name}` : 'issue 11 (no registry entry)';
    if (r.unit === 'abs') {
      bound = entry?.absoluteBound ?? BAND_BOUND;
      source = entry?.absoluteBound !== undefined ? `registry ${entry.name}` : 'issue 11: 2^-p absolute';
    }
    out[key] = { symbol, name: entry?.name ?? symbol, bound, unit: r.unit, monotone: Boolean(entry?.monotone) && r.monotone !== 0, source };
  }
  return out;
}

// ---- statistics ---------------------------------------------------------------------

/** Statistics of one result; merged across workers and builds. */
export class FamilyStats {
  constructor() {
    this.count = 0;
    this.maxUlp = 0; // the max error, in the result's unit
    this.maxX = null;
    this.maxY = null;
    this.maxGot = null;
    this.maxRef = null;
    this.over05 = 0;
    this.over1 = 0;
    this.over2 = 0;
    this.over3 = 0;
    this.outside = 0; // outside the function's range
    this.nanForNumber = 0; // NaN where the result is a number
    this.nanLost = 0; // a number where the result is NaN (NaN input, logit outside [0, 1], y outside [0, 1])
    this.flushed = 0; // 0 while the correctly rounded result is not
    this.special = 0; // wrong exact special value (bitwise)
    this.monotone = 0; // order violations between adjacent inputs
    this.symmetry = 0; // tanh not odd, tanhDerivative not even (bitwise)
    this.buildMismatch = 0; // scalar build != SIMD build (bitwise, NaN matches NaN)
    this.relaxedMismatch = 0; // relaxed-SIMD build != SIMD build
    this.buildCompared = 0; // outputs compared with the scalar build
    this.relaxedCompared = 0; // outputs compared with the relaxed-SIMD build
  }

  merge(o) {
    for (const key of Object.keys(this)) if (!key.startsWith('max')) this[key] += o[key] ?? 0;
    if (o.maxUlp > this.maxUlp || (Number.isNaN(o.maxUlp) && !Number.isNaN(this.maxUlp))) {
      for (const key of ['maxUlp', 'maxX', 'maxY', 'maxGot', 'maxRef']) this[key] = o[key];
    }
    return this;
  }

  copy() {
    return FamilyStats.from({ ...this });
  }

  static from(plain) {
    return Object.assign(new FamilyStats(), plain);
  }
}

/** Counts one error (in the result's unit) into s; `x`, `y`, `got`, `ref` are kept for the worst. */
export function recordError(s, err, x, y, got, ref) {
  countOver(s, err);
  if (err > s.maxUlp || (err !== err && !(s.maxUlp !== s.maxUlp))) {
    s.maxUlp = err;
    s.maxX = x;
    s.maxY = y;
    s.maxGot = got;
    s.maxRef = ref;
  }
}

/** The contract violations of one result, as readable lines. */
export function familyViolations(label, key, s, c) {
  const out = [];
  const at = `x = ${s.maxX}${s.maxY !== null && s.maxY !== undefined ? `, y = ${s.maxY}` : ''}`;
  if (!(s.maxUlp <= c.bound)) out.push(`${label} ${key}: max error ${s.maxUlp} ${UNIT_WORD[c.unit]} > ${c.bound} at ${at} (got ${s.maxGot}, expected ${s.maxRef})`);
  // A 0 where the true value is not is a relative bound's failure; under the mixed and the absolute
  // unit (the soft-target gradient's cancellation, siluDerivative's zero) it is only counted.
  const keys = ['outside', 'nanForNumber', 'nanLost', ...(c.unit === 'ulp' ? ['flushed'] : []), 'special', 'symmetry', 'buildMismatch', 'relaxedMismatch'];
  if (c.monotone) keys.push('monotone');
  for (const k of keys) if (s[k] > 0) out.push(`${label} ${key}: ${k} = ${s[k]}`);
  return out;
}
const UNIT_WORD = { ulp: 'ULP', abs: 'x 2^-p (absolute)', mixed: 'x (ULP(g) + 2^-p S)' };

// ---- the wasm exports, called directly -------------------------------------------------

/**
 * A fresh instance of a build (dist/wasm.js), with `arrays` ({ name: [Ctor,
 * length] }) laid out from its heap base, the memory grown once to fit:
 * returns { exports, ptr: { name: byte address }, view: { name: typed array } }.
 * SIGMOID_FAMILY_EXPORTS may name a module with the same `instantiate(build)`
 * (a stand-in for the wasm, to test this verifier itself).
 */
export async function openBuild(root, build, arrays) {
  const module = process.env.SIGMOID_FAMILY_EXPORTS ? pathToFileURL(process.env.SIGMOID_FAMILY_EXPORTS).href : pathToFileURL(join(root, 'dist', 'wasm.js')).href;
  const { instantiate } = await import(module);
  const exports = instantiate(build);
  const missing = [...UNARY, ...BINARY].flatMap((k) => ['f32', 'f64'].map((t) => `${t}_${k}`)).filter((s) => typeof exports[s] !== 'function');
  if (missing.length > 0) throw new Error(`the ${build} build has no ${missing.join(', ')}: run npm run build once the family's kernels exist`);
  let at = (exports.heapBase() + 63) & ~63;
  const ptr = {};
  for (const [name, [Ctor, length]] of Object.entries(arrays)) {
    ptr[name] = at;
    at += (length * Ctor.BYTES_PER_ELEMENT + 63) & ~63;
  }
  const need = Math.ceil(at / 65536) - exports.memory.buffer.byteLength / 65536;
  if (need > 0) exports.memory.grow(need);
  const view = {};
  for (const [name, [Ctor, length]] of Object.entries(arrays)) view[name] = new Ctor(exports.memory.buffer, ptr[name], length);
  return { exports, ptr, view };
}

/** Elements where two outputs differ bitwise (`ua`, `ub` their bits), any NaN matching any NaN (`fa`, `fb` their values). */
export function differ(ua, ub, fa, fb, n) {
  const a = Buffer.from(ua.buffer, ua.byteOffset, n * ua.BYTES_PER_ELEMENT);
  const b = Buffer.from(ub.buffer, ub.byteOffset, n * ub.BYTES_PER_ELEMENT);
  if (a.equals(b)) return 0;
  const SPAN = 1024;
  const w = ua.BYTES_PER_ELEMENT;
  let count = 0;
  for (let lo = 0; lo < n; lo += SPAN) {
    const hi = Math.min(n, lo + SPAN);
    if (a.compare(b, w * lo, w * hi, w * lo, w * hi) === 0) continue;
    for (let i = lo; i < hi; i++) if (ua[i] !== ub[i] && !(fa[i] !== fa[i] && fb[i] !== fb[i])) count++;
  }
  return count;
}

// ---- the float64 reference of the float32 sweep ------------------------------------------

/**
 * The reference values at the magnitudes m[0 .. n) (float32 values, m >= 0,
 * finite or +Inf), from e = e^-m (given, or computed when `haveE` is false),
 * into the arrays of `r`:
 *   sP, sN    sigmoid(m), sigmoid(-m)             1/(1+e), e/(1+e)
 *   spP, spN  softplus(m), softplus(-m)           m + log1p(e), log1p(e)
 *   tanh      tanh(m)                             Math.tanh
 *   tanhD     tanhDerivative(m)                   4 e^2 / (1 + e^2)^2
 *   siluP, siluN      silu(m), silu(-m)           m sP, -m sN
 *   siluDP, siluDN    siluDerivative(m), (-m)     sP (1 + m sN), sN ((1 - m) + e) / (1 + e)
 * logSigmoid(+-m) = -softplus(-+m), and the loss and gradient at y = 0 and 1
 * (softplus(+-x), sigmoid(x) and -sigmoid(-x)) are these same values. Each
 * formula is a few roundings of float64 without cancellation (siluDN: the
 * sum (1 - m) + e cancels only near the zero of siluDerivative, where its
 * error is measured absolutely); checkReference32 measures them against the
 * mpmath fixtures.
 */
export function fillReference(m, n, E, haveE, r) {
  const { sP, sN, spP, spN, tanh, tanhD, siluP, siluN, siluDP, siluDN } = r;
  for (let i = 0; i < n; i++) {
    const x = m[i];
    const e = haveE ? E[i] : (E[i] = Math.exp(-x));
    const ope = 1 + e;
    const sp = 1 / ope;
    const sn = e / ope;
    const lp = Math.log1p(e);
    sP[i] = sp;
    sN[i] = sn;
    spP[i] = x + lp;
    spN[i] = lp;
    tanh[i] = Math.tanh(x);
    const e2 = e * e;
    const ope2 = 1 + e2;
    tanhD[i] = (4 * e2) / (ope2 * ope2);
    siluP[i] = x * sp;
    siluN[i] = -x * sn;
    siluDP[i] = sp * (1 + x * sn);
    siluDN[i] = (sn * (1 - x + e)) / ope;
  }
}

/** logit(p) for p in (0, 1): log(p / (1 - p)) below 1/4, log1p((2p - 1) / (1 - p)) above (2p - 1 and 1 - p exact there). */
export function logitRef(p) {
  return p < 0.25 ? Math.log(p / (1 - p)) : Math.log1p((2 * p - 1) / (1 - p));
}

export const REF_ARRAYS = ['sP', 'sN', 'spP', 'spN', 'tanh', 'tanhD', 'siluP', 'siluN', 'siluDP', 'siluDN'];

// ---- the fixtures ----------------------------------------------------------------------

/** Column order of family-<type>.bin (scripts/reference.py, FAMILY): x, y, then hi, lo of each. */
export const FIXTURE_FUNCTIONS = ['tanh', 'tanhDerivative', 'silu', 'siluDerivative', 'softplus', 'logSigmoid', 'logit', 'bce', 'bceGradient'];
export const FIXTURE_COLUMNS = 2 + 2 * FIXTURE_FUNCTIONS.length;

/** The rows of a family fixture file as columns: { x, y, hi: { fn: Float64Array }, lo: { fn } }. */
export function readFixture(file) {
  const bytes = readFileSync(file);
  if (bytes.byteLength % (8 * FIXTURE_COLUMNS) !== 0) throw new Error(`${file}: not rows of ${FIXTURE_COLUMNS} float64`);
  const rows = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const n = rows.length / FIXTURE_COLUMNS;
  const col = (c) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = rows[FIXTURE_COLUMNS * i + c];
    return out;
  };
  const hi = {};
  const lo = {};
  FIXTURE_FUNCTIONS.forEach((fn, k) => {
    hi[fn] = col(2 + 2 * k);
    lo[fn] = col(3 + 2 * k);
  });
  return { n, x: col(0), y: col(1), hi, lo };
}

/**
 * The float32 sweep's reference (fillReference, logitRef, and the soft-target
 * formulas of family32.mjs) against the 200-bit values of
 * test/fixtures/family-f32.bin: the worst relative error of each, in units of
 * 2^-53 (siluDerivative in the band, and the soft-target gradient: the error
 * relative to the size of the terms, S). Returns { worst, perFunction }.
 */
export function checkReference32(root) {
  const f = readFixture(join(root, 'test', 'fixtures', 'family-f32.bin'));
  const one = (name) => new Float64Array(1);
  const r = Object.fromEntries(REF_ARRAYS.map((k) => [k, one(k)]));
  const E = new Float64Array(1);
  const m = new Float64Array(1);
  const worst = {};
  const note = (fn, err) => {
    if (!(err <= (worst[fn] ?? 0))) worst[fn] = err;
  };
  for (let i = 0; i < f.n; i++) {
    const x = f.x[i];
    if (!Number.isFinite(x)) continue;
    m[0] = Math.abs(x);
    fillReference(m, 1, E, false, r);
    const pos = x >= 0 && !Object.is(x, -0);
    const v = {
      tanh: pos ? r.tanh[0] : -r.tanh[0],
      tanhDerivative: r.tanhD[0],
      silu: pos ? r.siluP[0] : r.siluN[0],
      siluDerivative: pos ? r.siluDP[0] : r.siluDN[0],
      softplus: pos ? r.spP[0] : r.spN[0],
      logSigmoid: -(pos ? r.spN[0] : r.spP[0]),
    };
    const s = pos ? r.sP[0] : r.sN[0];
    const sn = pos ? r.sN[0] : r.sP[0];
    if (x > 0 && x < 1) v.logit = logitRef(x);
    const y = f.y[i];
    let S = 0;
    if (y >= 0 && y <= 1) {
      const sp = pos ? r.spP[0] : r.spN[0];
      const spn = pos ? r.spN[0] : r.spP[0];
      v.bce = (1 - y) * sp + y * spn;
      v.bceGradient = (1 - y) * s - y * sn;
      S = (1 - y) * s + y * sn;
    }
    for (const [fn, got] of Object.entries(v)) {
      const truth = f.hi[fn][i] + f.lo[fn][i];
      const diff = Math.abs(got - f.hi[fn][i] - f.lo[fn][i]);
      if (fn === 'siluDerivative' && x >= BAND[0] && x <= BAND[1]) note('siluDerivative (band, absolute)', diff / 2 ** -53);
      else if (fn === 'bceGradient') note('bceGradient (relative to S)', diff / S / 2 ** -53);
      else if (truth !== 0) note(fn, diff / Math.abs(truth) / 2 ** -53);
    }
  }
  return { worst: Math.max(...Object.values(worst)), perFunction: worst };
}

// ---- exact special values -----------------------------------------------------------------

const LN2 = Math.LN2;
const Z = 'zero'; // +0 or -0: the sign is not part of the contract

/**
 * Exact results (bitwise, after rounding to the type where `round` says so):
 * [key, x, y, expected]. Where the sign of a zero is the limit's (the finite
 * neighbours round to that zero), it is given; `Z` accepts either zero.
 * Every key's NaN input gives NaN (checked in the sweeps), as do logit
 * outside [0, 1] and a target outside [0, 1].
 */
export function specialCases(round) {
  const nan = NaN;
  const inf = Infinity;
  const ln2 = round(LN2);
  const cases = [
    ['tanh', 0, null, 0], ['tanh', -0, null, -0], ['tanh', inf, null, 1], ['tanh', -inf, null, -1],
    ['tanhDerivative', 0, null, 1], ['tanhDerivative', -0, null, 1], ['tanhDerivative', inf, null, 0], ['tanhDerivative', -inf, null, 0],
    ['silu', 0, null, 0], ['silu', -0, null, -0], ['silu', inf, null, inf], ['silu', -inf, null, -0],
    ['siluDerivative', 0, null, 0.5], ['siluDerivative', -0, null, 0.5], ['siluDerivative', inf, null, 1], ['siluDerivative', -inf, null, -0],
    ['softplus', 0, null, ln2], ['softplus', -0, null, ln2], ['softplus', inf, null, inf], ['softplus', -inf, null, 0],
    ['logSigmoid', 0, null, -ln2], ['logSigmoid', -0, null, -ln2], ['logSigmoid', inf, null, -0], ['logSigmoid', -inf, null, -inf],
    ['logit', 0, null, -inf], ['logit', -0, null, -inf], ['logit', 1, null, inf], ['logit', 0.5, null, 0],
    ['logit', inf, null, nan], ['logit', -inf, null, nan], ['logit', -1, null, nan], ['logit', 2, null, nan],
    ['logit', round(1 + 2 ** -20), null, nan], ['logit', -(2 ** -149), null, nan], ['logit', nan, null, nan],
    ['bce0', 0, 0, ln2], ['bce0', -0, 0, ln2], ['bce0', inf, 0, inf], ['bce0', -inf, 0, 0], ['bce0', 0, -0, ln2],
    ['bce1', 0, 1, ln2], ['bce1', -0, 1, ln2], ['bce1', inf, 1, Z], ['bce1', -inf, 1, inf],
    ['bceSoft', inf, 0.5, inf], ['bceSoft', -inf, 0.5, inf], ['bceSoft', 0, 0.5, ln2], ['bceSoft', -0, 0.25, ln2],
    // Targets so near 0 or 1 that 1 - y rounds to 1 (or y to 1) in float64: still +Inf at the infinities.
    ['bceSoft', inf, 2 ** -60, inf], ['bceSoft', inf, 2 ** -100, inf], ['bceSoft', -inf, 2 ** -60, inf], ['bceSoft', -inf, round(1 - 2 ** -24), inf],
    ['gradSoft', inf, 2 ** -60, 1], ['gradSoft', -inf, 2 ** -60, -(2 ** -60)],
    ['grad0', 0, 0, 0.5], ['grad0', -0, 0, 0.5], ['grad0', inf, 0, 1], ['grad0', -inf, 0, 0], ['grad0', 0, -0, 0.5],
    ['grad1', 0, 1, -0.5], ['grad1', -0, 1, -0.5], ['grad1', inf, 1, Z], ['grad1', -inf, 1, -1],
    ['gradSoft', inf, 0.5, 0.5], ['gradSoft', -inf, 0.5, -0.5], ['gradSoft', 0, 0.5, Z], ['gradSoft', inf, 0.25, 0.75], ['gradSoft', -inf, 0.25, -0.25],
  ];
  // A target outside [0, 1] (or NaN) gives NaN, for any x; a NaN x too.
  for (const x of [0, -0, 1.5, -3, 40, -40, inf, -inf, nan]) {
    for (const y of [nan, -0.5, 1.5, inf, -inf, -(2 ** -149), round(1 + 2 ** -23)]) cases.push(['bceSoft', x, y, nan], ['gradSoft', x, y, nan]);
    if (x !== x) for (const y of [0, 1, 0.5]) cases.push([y === 0 ? 'bce0' : y === 1 ? 'bce1' : 'bceSoft', x, y, nan], [y === 0 ? 'grad0' : y === 1 ? 'grad1' : 'gradSoft', x, y, nan]);
  }
  return cases;
}

/** Whether `got` is the exact special value `want` (NaN: any NaN; Z: either zero; else bitwise, -0 != +0). */
export const isSpecial = (got, want) => (want === Z ? got === 0 : Number.isNaN(want) ? Number.isNaN(got) : Object.is(got, want));

/**
 * Runs the special cases on one opened build (openBuild with arrays sx, sy,
 * so: `dtype` elements of SPECIAL_SLOTS) and returns { key: [wrong lines] }.
 */
export function runSpecials(b, dtype, round) {
  const cases = specialCases(round);
  const t = dtype === 'float32' ? 'f32' : 'f64';
  const wrong = {};
  const n = cases.length;
  if (n > SPECIAL_SLOTS) throw new Error('SPECIAL_SLOTS too small');
  for (let i = 0; i < n; i++) {
    b.view.sx[i] = cases[i][1];
    b.view.sy[i] = cases[i][2] ?? 0;
  }
  const outs = {};
  for (const k of UNARY) {
    b.exports[`${t}_${k}`](b.ptr.sx, b.ptr.so, n);
    outs[k] = Array.from(b.view.so.subarray(0, n));
  }
  for (const k of BINARY) {
    b.exports[`${t}_${k}`](b.ptr.sx, b.ptr.sy, b.ptr.so, n);
    outs[k] = Array.from(b.view.so.subarray(0, n));
  }
  cases.forEach(([key, x, y, want], i) => {
    const got = outs[RESULTS[key].kernel][i];
    if (!isSpecial(got, want)) (wrong[key] ??= []).push(`${RESULTS[key].fn}(${fmt(x)}${y === null ? '' : `, ${fmt(y)}`}) = ${fmt(got)}, expected ${want === Z ? '0' : fmt(want)}`);
  });
  return wrong;
}
export const SPECIAL_SLOTS = 256;
const fmt = (v) => (Object.is(v, -0) ? '-0' : String(v));
