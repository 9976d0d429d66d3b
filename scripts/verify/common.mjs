// Shared pieces of the accuracy verification (npm run verify:f32 / verify:f64):
// ULPs, the statistics kept per kernel, and the contract they are held to.

/** The numerical contract (README, "Numerical contract"). */
export const CONTRACT = { sigmoid: 2, derivative: 3 };

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
    this.monotone = 0; // monotonicity (sigmoid) / unimodality (derivative) violations
    this.symmetry = 0; // derivative(-x) !== derivative(x)
    this.buildMismatch = 0; // SIMD build !== scalar build (bitwise; NaN matches NaN)
    this.fusedMismatch = 0; // fused kernel !== separate kernel (bitwise)
  }

  /** Merges another Stats (from a worker) into this one. */
  merge(o) {
    for (const key of Object.keys(this)) {
      if (key.startsWith('max')) continue;
      this[key] += o[key];
    }
    if (o.maxUlp > this.maxUlp) {
      this.maxUlp = o.maxUlp;
      this.maxX = o.maxX;
      this.maxGot = o.maxGot;
      this.maxRef = o.maxRef;
    }
    return this;
  }

  static from(plain) {
    return Object.assign(new Stats(), plain);
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
  if (err > s.maxUlp) {
    s.maxUlp = err;
    s.maxX = x;
    s.maxGot = got;
    s.maxRef = ref;
  }
}

/** Bitwise equality with any NaN equal to any NaN. */
export const same = (a, b) => Object.is(a, b) || (a !== a && b !== b);

/** The contract violations of this package's row, as readable lines. */
export function violations(label, kind, s) {
  const out = [];
  const bound = CONTRACT[kind];
  if (!(s.maxUlp <= bound)) out.push(`${label}: max error ${s.maxUlp} ULP > ${bound} at x = ${s.maxX}`);
  for (const key of ['outside01', 'nanForNumber', 'nanLost', 'flushed', 'monotone', 'symmetry', 'buildMismatch', 'fusedMismatch']) {
    if (s[key] > 0) out.push(`${label}: ${key} = ${s[key]}`);
  }
  return out;
}
