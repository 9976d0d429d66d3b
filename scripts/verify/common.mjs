// Shared pieces of the accuracy verification (npm run verify:f32 / verify:f64):
// ULPs, the statistics kept per kernel, the rows ("subjects") of this package
// and the contract each is held to, read from the kernel registry
// (src/registry.ts, built to dist/registry.js).
import { spawnSync } from 'node:child_process';

import { findEngine, missingLine } from '../engines.mjs';

const scratch = new Float64Array(1);
const scratchHi = new Uint32Array(scratch.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0;

/** Powers of two 2^(k - 1100), k = 0..2200: the ULP is a table look-up. */
const POW2 = Float64Array.from({ length: 2200 }, (_, k) => 2 ** (k - 1100));

/**
 * The ULP of the target type at a true (reference) value r >= 0, Goldberg's
 * definition: the spacing of the binade holding r, with the subnormal spacing
 * below the normal range. `p` significand bits, `emin` the least normal exponent.
 */
export function makeUlp(p, emin) {
  const sub = 2 ** (emin - p + 1);
  const normal = 2 ** emin;
  return (r) => {
    if (!(r >= normal)) return sub; // also 0 and NaN
    scratch[0] = r;
    const e = ((scratchHi[HI] >>> 20) & 0x7ff) - 1023;
    return POW2[e - p + 1 + 1100];
  };
}

export const ulp32 = makeUlp(24, -126);
export const ulp64 = makeUlp(53, -1022);

/**
 * inv[i] = 1 / ulp32(ref[i]) for i < n (exact: powers of two), from the
 * float64 exponent field of each ref[i], read through a 32-bit alias: the
 * sweep's shared per-element ULPs.
 */
const INV_ULP32 = Float64Array.from({ length: 2048 }, (_, e) => 1 / (e === 0 || e === 2047 ? 2 ** -149 : ulp32(2 ** (e - 1023)))); // 0, NaN: as ulp32
export function invUlps32(ref, inv, n) {
  const words = new Uint32Array(ref.buffer, ref.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) inv[i] = INV_ULP32[(words[2 * i + HI] >>> 20) & 0x7ff];
}

/** Statistics of one kernel (or peer function) over an input set. */
export class Stats {
  constructor() {
    this.count = 0;
    this.maxUlp = 0;
    this.maxX = null;
    this.maxGot = null;
    this.maxRef = null;
    this.over05 = 0; // not correctly rounded (error > 0.5 ULP, beyond the reference's own error)
    this.over1 = 0;
    this.over2 = 0;
    this.over3 = 0;
    this.outside01 = 0;
    this.nanForNumber = 0; // NaN result for a non-NaN input
    this.nanLost = 0; // non-NaN result for a NaN input
    this.flushed = 0; // 0 while the correctly rounded result is not 0
    this.special = 0; // wrong result at +-0 or +-Inf (s: 0.5, 1, +0; s': 0.25, +0), bitwise
    this.monotone = 0; // monotonicity (sigmoid) / unimodality (derivative) violations
    this.symmetry = 0; // derivative(-x) !== derivative(x)
    this.buildMismatch = 0; // this build !== the build it is compared with (bitwise; NaN matches NaN)
    this.fusedMismatch = 0; // fused kernel !== separate kernel (bitwise)
  }

  /** Merges another Stats (from a worker) into this one. */
  merge(o) {
    for (const key of Object.keys(this)) {
      if (key.startsWith('max')) continue;
      this[key] += o[key] ?? 0;
    }
    if (o.maxUlp > this.maxUlp) {
      this.maxUlp = o.maxUlp;
      this.maxX = o.maxX;
      this.maxGot = o.maxGot;
      this.maxRef = o.maxRef;
    }
    return this;
  }

  /** An independent copy. */
  copy() {
    return Stats.from({ ...this });
  }

  static from(plain) {
    return Object.assign(new Stats(), plain);
  }
}

/** Counts an error into the buckets over 0.5 (and a hair), 1, 2 and 3 ULP (or the row's unit). */
export function countOver(s, err) {
  if (err > 0.5 + 1e-6) {
    s.over05++;
    if (err > 1) {
      s.over1++;
      if (err > 2) {
        s.over2++;
        if (err > 3) s.over3++;
      }
    }
  }
}

/**
 * Accumulates |got - (ref + lo)| in ULPs for one element: the true value is
 * ref + lo (lo = 0 when ref alone is precise enough). `half` is half the
 * smallest subnormal of the target type: a true value above it has a non-zero
 * correctly rounded result. Returns nothing; keeps the counts in `s`.
 */
export function record(s, x, got, ref, ulp, half, lo = 0) {
  s.count++;
  if (Number.isNaN(x)) {
    if (!Number.isNaN(got)) s.nanLost++;
    return;
  }
  if (Number.isNaN(got)) {
    s.nanForNumber++;
    return;
  }
  if (got < 0 || got > 1) s.outside01++;
  if (got === 0 && ref > half) s.flushed++;
  const err = Math.abs(got - ref - lo) / ulp(ref);
  countOver(s, err);
  if (err > s.maxUlp) {
    s.maxUlp = err;
    s.maxX = x;
    s.maxGot = got;
    s.maxRef = ref;
  }
}

/**
 * `record` for a whole array at once, the sweep's inner loop: `got[i]`
 * against the reference `ref[i]`, whose ULP's inverse is `inv[i]` (a power
 * of two, so the scaling is exact), for i < n; the inputs x[i] * sign are
 * NaN from `finite` on. Keeps the counts in locals, then adds them to `s`:
 * the same figures as `record` element by element.
 */
export function accumulate(s, got, ref, inv, n, finite, x, sign, half) {
  let over05 = 0;
  let over1 = 0;
  let over2 = 0;
  let over3 = 0;
  let outside01 = 0;
  let nanForNumber = 0;
  let flushed = 0;
  let max = s.maxUlp;
  let at = -1;
  for (let i = 0; i < finite; i++) {
    const g = got[i];
    if (g !== g) {
      nanForNumber++;
      continue;
    }
    if (g < 0 || g > 1) outside01++;
    const r = ref[i];
    if (g === 0 && r > half) flushed++;
    const err = Math.abs(g - r) * inv[i];
    if (err > 0.5 + 1e-6) {
      over05++;
      if (err > 1) {
        over1++;
        if (err > 2) {
          over2++;
          if (err > 3) over3++;
        }
      }
    }
    if (err > max) {
      max = err;
      at = i;
    }
  }
  let nanLost = 0;
  for (let i = finite; i < n; i++) if (got[i] === got[i]) nanLost++;
  s.count += n;
  s.over05 += over05;
  s.over1 += over1;
  s.over2 += over2;
  s.over3 += over3;
  s.outside01 += outside01;
  s.nanForNumber += nanForNumber;
  s.nanLost += nanLost;
  s.flushed += flushed;
  if (at >= 0) {
    s.maxUlp = max;
    s.maxX = sign * x[at];
    s.maxGot = got[at];
    s.maxRef = ref[at];
  }
}

/** Bitwise equality with any NaN equal to any NaN. */
export const same = (a, b) => Object.is(a, b) || (a !== a && b !== b);

/** The exact results at +-0 and +-Inf (README, "Numerical contract"); +0, not -0, for the zeros. */
export const SPECIAL = {
  sigmoid: [[0, 0.5], [-0, 0.5], [Infinity, 1], [-Infinity, 0]],
  derivative: [[0, 0.25], [-0, 0.25], [Infinity, 0], [-Infinity, 0]],
};

// ---- this package's rows and their contract -----------------------------------

/** The kernels each sweep measures: the two separate ones and the fused kernel's two outputs. */
export const MEASURED = ['sigmoid', 'derivative', 'fusedValue', 'fusedDerivative'];

/** 'sigmoid' or 'derivative': which function a measured kernel computes. */
export const kindOf = (kernel) => (kernel === 'sigmoid' || kernel === 'fusedValue' ? 'sigmoid' : 'derivative');

/**
 * The rows of this package: a precision tier on one build, whose outputs are
 * compared element by element with another build's. `mustMatch`: whether the
 * contract makes the two bitwise equal (SIMD = scalar; float64 relaxed =
 * SIMD: those kernels use no relaxed operation), or the differences are only
 * counted (float32 relaxed vs SIMD: fused multiply-add changes the last
 * bits). The relaxed row needs an engine with relaxed SIMD (relaxedHere).
 */
export function subjectsFor(dtype) {
  return [
    { subject: 'sigmoid-wasm/fast', label: 'sigmoid-wasm, fast', precision: 'fast', build: 'simd', against: 'scalar', mustMatch: true },
    { subject: 'sigmoid-wasm/accurate', label: 'sigmoid-wasm, accurate', precision: 'accurate', build: 'simd', against: 'scalar', mustMatch: true },
    { subject: 'sigmoid-wasm/fast-relaxed', label: 'sigmoid-wasm, fast', precision: 'fast', build: 'relaxed', against: 'simd', mustMatch: dtype === 'float64' },
  ];
}

/** 1st, 2nd, 3rd, 4th, ... 64th. */
export function ordinal(k) {
  const tens = k % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[k % 10] ?? 'th');
  return `${k}${suffix}`;
}

/** createKernel options that select exactly one build of a tier. */
export function kernelOptions(precision, build) {
  if (build === 'relaxed') return { precision, relaxed: true };
  if (build === 'simd') return { precision, simd: true, relaxed: false };
  return { precision, simd: false };
}

/**
 * The contract of each measured kernel of a tier, from the registry:
 * { name, bound, monotone } for sigmoid, derivative, fusedValue and
 * fusedDerivative (the fused kernel's two bounds).
 */
export function contractFor(kernelFor, precision, dtype) {
  const entry = (op) => kernelFor(precision, op, dtype);
  const row = (e, i) => ({ name: e.name, bound: e.bound[i], monotone: e.monotone });
  const fused = entry('sigmoidWithDerivative');
  if (fused.bound.length !== 2) throw new Error(`registry: ${fused.name} must have two bounds`);
  return { sigmoid: row(entry('sigmoid'), 0), derivative: row(entry('derivative'), 0), fusedValue: row(fused, 0), fusedDerivative: row(fused, 1) };
}

/**
 * The contract violations of one of this package's rows, as readable lines.
 * `c`: the kernel's contract ({ bound, monotone }); `mustMatch`: whether the
 * build comparison must find no difference. Order violations count against a
 * kernel only where the registry promises monotonicity.
 */
export function violations(label, s, c, mustMatch) {
  const out = [];
  if (!(s.maxUlp <= c.bound)) out.push(`${label}: max error ${s.maxUlp} ULP > ${c.bound} at x = ${s.maxX} (got ${s.maxGot}, expected ${s.maxRef})`);
  const keys = ['outside01', 'nanForNumber', 'nanLost', 'flushed', 'special', 'symmetry', 'fusedMismatch'];
  if (c.monotone) keys.push('monotone');
  if (mustMatch) keys.push('buildMismatch');
  for (const key of keys) if (s[key] > 0) out.push(`${label}: ${key} = ${s[key]}`);
  return out;
}

// ---- the relaxed-SIMD build: where it can run -------------------------------

/**
 * Makes sure the relaxed-SIMD build can be measured. The machine's Node 20
 * does not validate relaxed SIMD; there the script re-runs itself, whole,
 * under Node 24 (scripts/engines.mjs) and exits with its status: the other
 * builds give the same bits on every engine, so one process can compare
 * them all. Returns { run: true } when this engine has relaxed SIMD; when
 * Node 24 is not installed, { run: false, skipped } locally and
 * { run: false, error } under CI (env CI set), a failure of the sweep.
 */
export function relaxedHere(script, supported) {
  if (supported) return { run: true };
  if (process.env.SIGMOID_VERIFY_REEXEC) return { run: false, error: `re-run under ${process.execPath} (${process.version}), which has no relaxed SIMD either` };
  const engine = findEngine('node24');
  if (engine === null) {
    const line = missingLine('node24');
    return process.env.CI ? { run: false, error: `relaxed-SIMD build not measured: ${line}` } : { run: false, skipped: line };
  }
  console.log(`this Node (${process.version}) has no relaxed SIMD: running the whole sweep under ${engine.label} ${engine.version} (${engine.path})`);
  const r = spawnSync(engine.path, [script, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, SIGMOID_VERIFY_REEXEC: '1' } });
  if (r.error) {
    console.error(`could not start ${engine.path}: ${r.error.message}`);
    process.exit(1);
  }
  process.exit(r.status ?? 1);
}
