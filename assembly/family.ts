// The sigmoid's family, written once for scalar and SIMD (./lanes.ts), in
// float64 lanes: the float32 kernels widen on load and round once on store,
// so their results are within a hair of half an ULP; the float64 kernels
// recover the roundings that matter (Fast2Sum, Dekker's product) and stay
// within 1 to 2 ULP. No relaxed operation anywhere: the same bits in every
// build, on every engine, for both precision tiers.
//
// Two building blocks:
//
// e^-z, z >= 0 (clamped by the caller to ZMAX, past which every result has
// reached its limit), as (E + ELo) 2^-512: the reduction of ./sigmoid.ts
// (n = round(-z log2 e) by the magic bias, t = -z - n ln2, e^t = 1 + t + t^2
// r(t)), p = 1 + t + t^2 r rounded and pErr its rounding error, both scaled
// by 2^(n + 512), exactly (so E stays normal where e^-z is subnormal, and a
// result computed from E rounds once at the end). When n = 0, p - 1 is exact
// and (p - 1) + pErr is e^-z - 1 without cancellation: tanh near 0 needs no
// polynomial of its own. float64 results use the two-step reduction and the
// degree-11 polynomial (2^-55.7), float32 ones one step and degree 7 (2^-32).
//
// log(u) + c, u > 0 (c a correction well below u's ULP, relative): fdlibm's
// algorithm (e_log.c, s_log1p.c; Sun Microsystems, 1993): u = 2^k m, m in
// [sqrt(1/2), sqrt(2)), f = m - 1 (exact), s = f / (2 + f), log(1 + f) =
// f - f^2/2 + s (f^2/2 + R(s^2)) with its minimax R (coefficients Lg1..Lg7),
// k ln2 added in two parts; k and m from the bit pattern with integer lane
// operations (no float-to-int conversion). fdlibm bounds its error below 1
// ULP.
//
// Each function (x is the input, e = e^-|x| or e^-2|x|, f = e / (1 + e) =
// sigmoid(-|x|)):
//   tanh(x)           = sign(x) (1 - e) / (1 + e), e = e^-2|x|: from |x|, so odd
//   tanhDerivative(x) = 4 f (1 - f), f = sigmoid(-2|x|): from |x|, so even;
//                       in the tail 4 F 2^-512 (1 - f), F = f 2^512, rounded once
//   silu(x)           = x (1 - f) for x > 0, x F 2^-512 otherwise
//   siluDerivative(x) = s (1 + x (1 - s)), s = sigmoid(x): x (1 - s) as an
//                       exact product plus its error terms, so 1 + x (1 - s)
//                       does not lose its low bits near the zero at -1.2785
//   softplus(x)       = max(x, 0) + log1p(e), e = e^-|x|: equal to x once
//                       log1p(e) is below half x's ULP
//   logSigmoid(x)     = -softplus(-x)
//   logit(p)          = log(r), r = p / (1 - p) carried as r + rLo: 1 - p
//                       and its error are exact (Fast2Sum), and the division's
//                       remainder exact (Dekker)
//   bce(x, y)         = x (1 - y) (x > 0) or -x y (otherwise), plus log1p(e):
//                       two non-negative terms, so no cancellation for any y
//   bceGradient(x, y) = (1 - y) sigmoid(x) - y sigmoid(-x): for y = 0 or 1 one
//                       term vanishes exactly, and the other is accurate in
//                       the tails where sigmoid(x) - y cancels to 0
// y outside [0, 1] (or NaN) gives NaN in the loss and its gradient.

import {
  kt, add, sub, mul, div, muladd, fabs, pmin, pmax, selectBelow, selectPositive, shiftIntoExponent,
  neg, copySign, selectEqual, selectWithin, isub, iadd, ishr52, widenLo, widenHi, narrow,
} from './lanes';
import {
  ONE, HALF, QUARTER, NEG_LOG2E, NEG_LN2_HI, NEG_LN2_LO, NEG_LN2, SPLIT, MAGIC64, TWO_M512,
  P7_C7, P7_C6, P7_C5, P7_C4, P7_C3, P7_C2,
  P11_C11, P11_C10, P11_C9, P11_C8, P11_C7, P11_C6, P11_C5, P11_C4, P11_C3, P11_C2,
} from './sigmoid';

// ---- constants: exact bit patterns (float64) --------------------------------
@inline const ZERO: u64 = 0;
@inline const TWO: u64 = 0x4000000000000000; // 2.0
@inline const TWO_P512: u64 = 0x5FF0000000000000; // 2^512
@inline const TWO_M510: u64 = 0x2010000000000000; // 2^-510 = 4 * 2^-512
// Past |z| = 760 (float64) or 120 (float32) every result here has reached its
// limit: e.g. |x| e^-|x| < 2^-1075 from |x| = 751.7, < 2^-150 from 108.6.
@inline const ZMAX64: u64 = 0x4087C00000000000; // 760.0
@inline const NEG_ZMAX64: u64 = 0xC087C00000000000; // -760.0
@inline const ZMAX32: u64 = 0x405E000000000000; // 120.0
@inline const NEG_ZMAX32: u64 = 0xC05E000000000000; // -120.0
// fdlibm's log polynomial, R(z) = Lg1 z + ... + Lg7 z^7 (e_log.c)
@inline const LG1: u64 = 0x3FE5555555555593; // 6.666666666666735130e-01
@inline const LG2: u64 = 0x3FD999999997FA04; // 3.999999999940941908e-01
@inline const LG3: u64 = 0x3FD2492494229359; // 2.857142874366239149e-01
@inline const LG4: u64 = 0x3FCC71C51D8E78AF; // 2.222219843214978396e-01
@inline const LG5: u64 = 0x3FC7466496CB03DE; // 1.818357216161805012e-01
@inline const LG6: u64 = 0x3FC39A09D078C69F; // 1.531383769920937332e-01
@inline const LG7: u64 = 0x3FC2F112DF3E5244; // 1.479819860511658591e-01
@inline const LN2_HI: u64 = 0x3FE62E42FEE00000; // 6.93147180369123816490e-01
@inline const LN2_LO: u64 = 0x3DEA39EF35793C76; // 1.90821492927058770002e-10
// Bit patterns used as integers by the log's reduction.
@inline const SQRT_HALF: u64 = 0x3FE6A09E667F3BCD; // sqrt(1/2): u - this, shifted by 52, is k
@inline const MAGIC_K: u64 = 0x4338000000000000; // 1.5 * 2^52: k's bits + these, minus this, is k as a float
@inline const TWO_P54: u64 = 0x4350000000000000; // 2^54, to make subnormal u normal
@inline const NEG_54: u64 = 0xC04B000000000000; // -54.0
@inline const MIN_NORMAL: u64 = 0x0010000000000000; // 2^-1022
@inline const INF: u64 = 0x7FF0000000000000;
@inline const NEG_INF: u64 = 0xFFF0000000000000;
@inline const NAN: u64 = 0x7FF8000000000000;
@inline const SIGN: u64 = 0x8000000000000000;

// The table (SIMD loads the 16 bytes of entry i; see ./sigmoid.ts for why
// not v128.const), and each constant's index in it.
@inline const I_ONE: i32 = 0;
@inline const I_HALF: i32 = 1;
@inline const I_QUARTER: i32 = 2;
@inline const I_TWO: i32 = 3;
@inline const I_ZERO: i32 = 4;
@inline const I_NEG_LOG2E: i32 = 5;
@inline const I_MAGIC64: i32 = 6;
@inline const I_NEG_LN2_HI: i32 = 7;
@inline const I_NEG_LN2_LO: i32 = 8;
@inline const I_NEG_LN2: i32 = 9;
@inline const I_TWO_M512: i32 = 10;
@inline const I_TWO_P512: i32 = 11;
@inline const I_TWO_M510: i32 = 12;
@inline const I_ZMAX64: i32 = 13;
@inline const I_NEG_ZMAX64: i32 = 14;
@inline const I_ZMAX32: i32 = 15;
@inline const I_NEG_ZMAX32: i32 = 16;
@inline const I_P7: i32 = 17; // P7_C7 .. P7_C2: 17 .. 22
@inline const I_P11: i32 = 23; // P11_C11 .. P11_C2: 23 .. 32
@inline const I_LG1: i32 = 33; // LG1 .. LG7: 33 .. 39
@inline const I_LN2_HI: i32 = 40;
@inline const I_LN2_LO: i32 = 41;
@inline const I_SQRT_HALF: i32 = 42;
@inline const I_MAGIC_K: i32 = 43;
@inline const I_TWO_P54: i32 = 44;
@inline const I_NEG_54: i32 = 45;
@inline const I_MIN_NORMAL: i32 = 46;
@inline const I_INF: i32 = 47;
@inline const I_NEG_INF: i32 = 48;
@inline const I_NAN: i32 = 49;
@inline const I_SIGN: i32 = 50;
@inline const I_SPLIT: i32 = 51;
const TABLE: usize = memory.data<u64>([
  ONE, ONE, HALF, HALF, QUARTER, QUARTER, TWO, TWO, ZERO, ZERO,
  NEG_LOG2E, NEG_LOG2E, MAGIC64, MAGIC64, NEG_LN2_HI, NEG_LN2_HI, NEG_LN2_LO, NEG_LN2_LO, NEG_LN2, NEG_LN2,
  TWO_M512, TWO_M512, TWO_P512, TWO_P512, TWO_M510, TWO_M510,
  ZMAX64, ZMAX64, NEG_ZMAX64, NEG_ZMAX64, ZMAX32, ZMAX32, NEG_ZMAX32, NEG_ZMAX32,
  P7_C7, P7_C7, P7_C6, P7_C6, P7_C5, P7_C5, P7_C4, P7_C4, P7_C3, P7_C3, P7_C2, P7_C2,
  P11_C11, P11_C11, P11_C10, P11_C10, P11_C9, P11_C9, P11_C8, P11_C8, P11_C7, P11_C7,
  P11_C6, P11_C6, P11_C5, P11_C5, P11_C4, P11_C4, P11_C3, P11_C3, P11_C2, P11_C2,
  LG1, LG1, LG2, LG2, LG3, LG3, LG4, LG4, LG5, LG5, LG6, LG6, LG7, LG7,
  LN2_HI, LN2_HI, LN2_LO, LN2_LO, SQRT_HALF, SQRT_HALF, MAGIC_K, MAGIC_K, TWO_P54, TWO_P54, NEG_54, NEG_54,
  MIN_NORMAL, MIN_NORMAL, INF, INF, NEG_INF, NEG_INF, NAN, NAN, SIGN, SIGN, SPLIT, SPLIT,
], 16);

/** Constant NAME: kc<V>(I_NAME, NAME). */
@inline function kc<V>(at: i32, bits: u64): V {
  return kt<V>(TABLE, at, bits);
}

@inline export function one<V>(): V { return kc<V>(I_ONE, ONE); }
@inline export function zero<V>(): V { return kc<V>(I_ZERO, ZERO); }
@inline export function zmax<V>(precise: bool): V { return precise ? kc<V>(I_ZMAX64, ZMAX64) : kc<V>(I_ZMAX32, ZMAX32); }
@inline export function negZmax<V>(precise: bool): V { return precise ? kc<V>(I_NEG_ZMAX64, NEG_ZMAX64) : kc<V>(I_NEG_ZMAX32, NEG_ZMAX32); }
@inline export function down512<V>(a: V): V { return mul<V>(a, kc<V>(I_TWO_M512, TWO_M512)); }
@inline export function up512<V>(a: V): V { return mul<V>(a, kc<V>(I_TWO_P512, TWO_P512)); }

// ---- exact-error building blocks -------------------------------------------

/** Veltkamp's split: the high 26 bits of a. */
@inline export function hi26<V>(a: V): V {
  const c = mul<V>(kc<V>(I_SPLIT, SPLIT), a);
  return sub<V>(c, sub<V>(c, a));
}

/** a b - P exactly, P = a b rounded (Dekker's product; no overflow for |a|, |b| < 2^995). */
@inline export function productError<V>(a: V, b: V, P: V): V {
  const ah = hi26<V>(a);
  const al = sub<V>(a, ah);
  const bh = hi26<V>(b);
  const bl = sub<V>(b, bh);
  return add<V>(add<V>(add<V>(sub<V>(mul<V>(ah, bh), P), mul<V>(ah, bl)), mul<V>(al, bh)), mul<V>(al, bl));
}

/** (a + b) - S exactly, S = a + b rounded, any magnitudes (Knuth's TwoSum). */
@inline export function sumError<V>(a: V, b: V, S: V): V {
  const bb = sub<V>(S, a);
  return add<V>(sub<V>(a, sub<V>(S, bb)), sub<V>(b, bb));
}

// ---- e^-z ---------------------------------------------------------------------

/**
 * e^-z = (E + ELo) 2^-512 for z in [0, ZMAX] (or NaN): E when !wantLo, ELo
 * when wantLo. Callers take both; binaryen's local-cse evaluates it once.
 */
@inline export function expScaled<V>(z: V, wantLo: bool, precise: bool): V {
  const magic = kc<V>(I_MAGIC64, MAGIC64);
  const vn = muladd<V>(z, kc<V>(I_NEG_LOG2E, NEG_LOG2E), magic);
  const scale = shiftIntoExponent<V>(vn); // 2^(n + 512)
  const n = sub<V>(vn, magic);
  let tHi: V, u: V;
  if (precise) {
    tHi = sub<V>(mul<V>(n, kc<V>(I_NEG_LN2_HI, NEG_LN2_HI)), z); // exact
    const tLo = mul<V>(n, kc<V>(I_NEG_LN2_LO, NEG_LN2_LO));
    const t = add<V>(tHi, tLo);
    let r = muladd<V>(kc<V>(I_P11, P11_C11), t, kc<V>(I_P11 + 1, P11_C10));
    r = muladd<V>(r, t, kc<V>(I_P11 + 2, P11_C9));
    r = muladd<V>(r, t, kc<V>(I_P11 + 3, P11_C8));
    r = muladd<V>(r, t, kc<V>(I_P11 + 4, P11_C7));
    r = muladd<V>(r, t, kc<V>(I_P11 + 5, P11_C6));
    r = muladd<V>(r, t, kc<V>(I_P11 + 6, P11_C5));
    r = muladd<V>(r, t, kc<V>(I_P11 + 7, P11_C4));
    r = muladd<V>(r, t, kc<V>(I_P11 + 8, P11_C3));
    r = muladd<V>(r, t, kc<V>(I_P11 + 9, P11_C2));
    u = muladd<V>(mul<V>(t, t), r, tLo);
  } else {
    // One step: exact for n = 0 (small z, where it matters), else within
    // 2^-53 n ln2 absolute, far below a float32 result's ULP.
    tHi = sub<V>(mul<V>(n, kc<V>(I_NEG_LN2, NEG_LN2)), z);
    let r = muladd<V>(kc<V>(I_P7, P7_C7), tHi, kc<V>(I_P7 + 1, P7_C6));
    r = muladd<V>(r, tHi, kc<V>(I_P7 + 2, P7_C5));
    r = muladd<V>(r, tHi, kc<V>(I_P7 + 3, P7_C4));
    r = muladd<V>(r, tHi, kc<V>(I_P7 + 4, P7_C3));
    r = muladd<V>(r, tHi, kc<V>(I_P7 + 5, P7_C2));
    u = mul<V>(mul<V>(tHi, tHi), r);
  }
  const o = one<V>();
  const p = add<V>(add<V>(tHi, u), o);
  if (!wantLo) return mul<V>(p, scale);
  const pErr = add<V>(add<V>(sub<V>(o, p), tHi), u); // (1 + tHi + u) - p, exact but for u's last bits
  return mul<V>(pErr, scale);
}

/**
 * e^-x for the float32 kernels, x clamped to [-ZMAX32, ZMAX32] (NaN stays
 * NaN): float64 holds e^120 with room to spare, so these start from x, not
 * |x|, as the accurate tier's float32 sigmoid does (./sigmoid.ts).
 */
@inline function expMinus32<V>(x: V): V {
  const xc = pmax<V>(pmin<V>(x, kc<V>(I_ZMAX32, ZMAX32)), kc<V>(I_NEG_ZMAX32, NEG_ZMAX32));
  return down512<V>(expScaled<V>(xc, false, false));
}

// ---- f = sigmoid(-z) = e / (1 + e) ---------------------------------------------

@inline export const PART_Q: i32 = 0; // Q = f 2^512, rounded (the quotient E / d)
@inline export const PART_CORR: i32 = 1; // CorrS: f 2^512 = Q + CorrS to about 2^-55 relative (precise only; else 0)

/**
 * sigmoid(-z) 2^512 = Q + CorrS for z in [0, ZMAX] (or NaN), as in ./sigmoid.ts
 * (fParts64) but scaled, so that a product with it rounds once even where
 * f is subnormal. Not precise: Q alone (within 2^-31: P7's error).
 */
@inline export function fScaled<V>(z: V, part: i32, precise: bool): V {
  const E = expScaled<V>(z, false, precise);
  const eHi = down512<V>(E);
  const o = one<V>();
  const d = add<V>(o, eHi);
  const Q = div<V>(E, d);
  if (part == PART_Q) return Q;
  if (!precise) return zero<V>();
  const ELo = expScaled<V>(z, true, precise);
  const eLo = down512<V>(ELo);
  const dErr = add<V>(sub<V>(o, d), eHi);
  const rem = sub<V>(sub<V>(E, mul<V>(Q, d)), productError<V>(Q, d, mul<V>(Q, d)));
  const num = sub<V>(add<V>(rem, ELo), mul<V>(Q, add<V>(dErr, eLo)));
  return sub<V>(num, mul<V>(num, down512<V>(Q))); // num (1 - q) ~ num / (1 + e)
}

/** 1 - f = G + GLo for the same z: `lo` picks GLo (0 when not precise). */
@inline export function gParts<V>(z: V, lo: bool, precise: bool): V {
  const q = down512<V>(fScaled<V>(z, PART_Q, precise));
  const o = one<V>();
  const r = sub<V>(o, q);
  if (!lo) return r;
  if (!precise) return zero<V>();
  const rErr = sub<V>(sub<V>(o, r), q); // exact: q <= 1/2
  return sub<V>(rErr, down512<V>(fScaled<V>(z, PART_CORR, precise)));
}

// ---- e^-z and sigmoid(-z) for z in two parts (GELU, ./gelu.ts) --------------------

/**
 * expScaled(z + zl, wantLo, true) for an argument in two parts: zl (|zl| < 1,
 * with z >= 1 or zl tiny beside z, so that z + n ln2_hi stays exact) joins
 * the reduction's low part, and the sum of the high and low parts is carried
 * exactly (TwoSum). The float64 GELU's tails need e^-(x^2/2 + ...) with x^2/2
 * exact (./gelu.ts). A twin of expScaled rather than a flag on it: the flag
 * changed the code binaryen makes of every kernel, and with it their records.
 */
@inline export function expScaledTwo<V>(z: V, zl: V, wantLo: bool): V {
  const magic = kc<V>(I_MAGIC64, MAGIC64);
  const vn = muladd<V>(add<V>(z, zl), kc<V>(I_NEG_LOG2E, NEG_LOG2E), magic);
  const scale = shiftIntoExponent<V>(vn); // 2^(n + 512)
  const n = sub<V>(vn, magic);
  const hi = sub<V>(mul<V>(n, kc<V>(I_NEG_LN2_HI, NEG_LN2_HI)), z); // exact
  const lo = sub<V>(mul<V>(n, kc<V>(I_NEG_LN2_LO, NEG_LN2_LO)), zl);
  const t = add<V>(hi, lo);
  const tLo = sumError<V>(hi, lo, t); // t + tLo = -(z + zl) - n ln2, |t| <= ln2 / 2
  let r = muladd<V>(kc<V>(I_P11, P11_C11), t, kc<V>(I_P11 + 1, P11_C10));
  r = muladd<V>(r, t, kc<V>(I_P11 + 2, P11_C9));
  r = muladd<V>(r, t, kc<V>(I_P11 + 3, P11_C8));
  r = muladd<V>(r, t, kc<V>(I_P11 + 4, P11_C7));
  r = muladd<V>(r, t, kc<V>(I_P11 + 5, P11_C6));
  r = muladd<V>(r, t, kc<V>(I_P11 + 6, P11_C5));
  r = muladd<V>(r, t, kc<V>(I_P11 + 7, P11_C4));
  r = muladd<V>(r, t, kc<V>(I_P11 + 8, P11_C3));
  r = muladd<V>(r, t, kc<V>(I_P11 + 9, P11_C2));
  const u = muladd<V>(mul<V>(t, t), r, tLo);
  const o = one<V>();
  const p = add<V>(add<V>(t, u), o);
  if (!wantLo) return mul<V>(p, scale);
  return mul<V>(add<V>(add<V>(sub<V>(o, p), t), u), scale);
}

/** fScaled(z + zl, part, true): sigmoid(-(z + zl)) 2^512 = Q + CorrS (see expScaledTwo). */
@inline export function fScaledTwo<V>(z: V, zl: V, part: i32): V {
  const E = expScaledTwo<V>(z, zl, false);
  const eHi = down512<V>(E);
  const o = one<V>();
  const d = add<V>(o, eHi);
  const Q = div<V>(E, d);
  if (part == PART_Q) return Q;
  const ELo = expScaledTwo<V>(z, zl, true);
  const eLo = down512<V>(ELo);
  const dErr = add<V>(sub<V>(o, d), eHi);
  const rem = sub<V>(sub<V>(E, mul<V>(Q, d)), productError<V>(Q, d, mul<V>(Q, d)));
  const num = sub<V>(add<V>(rem, ELo), mul<V>(Q, add<V>(dErr, eLo)));
  return sub<V>(num, mul<V>(num, down512<V>(Q)));
}

/** 1 - sigmoid(-(z + zl)) = G + GLo (`lo` picks GLo), as gParts. */
@inline export function gPartsTwo<V>(z: V, zl: V, lo: bool): V {
  const q = down512<V>(fScaledTwo<V>(z, zl, PART_Q));
  const o = one<V>();
  const r = sub<V>(o, q);
  if (!lo) return r;
  const rErr = sub<V>(sub<V>(o, r), q);
  return sub<V>(rErr, down512<V>(fScaledTwo<V>(z, zl, PART_CORR)));
}

// ---- log ------------------------------------------------------------------------

/**
 * log(u 2^kAdj) + c for u normal and positive (c well below u's ULP,
 * relative); fdlibm's algorithm (header). `adjusted` false: kAdj is 0.
 */
@inline function logNormal<V>(u: V, c: V, adjusted: bool, kAdj: V, precise: bool): V {
  const bits = isub<V>(u, kc<V>(I_SQRT_HALF, SQRT_HALF));
  const kBits = ishr52<V>(bits); // k as a 64-bit integer
  const m = isub<V>(u, shiftIntoExponent<V>(kBits)); // u 2^-k, in [sqrt(1/2), sqrt(2))
  const magicK = kc<V>(I_MAGIC_K, MAGIC_K);
  let k = sub<V>(iadd<V>(kBits, magicK), magicK);
  if (adjusted) k = add<V>(k, kAdj);
  const o = one<V>();
  const f = sub<V>(m, o);
  const s = div<V>(f, add<V>(kc<V>(I_TWO, TWO), f));
  const z = mul<V>(s, s);
  const w = mul<V>(z, z);
  let R: V;
  if (precise) {
    const t1 = mul<V>(w, muladd<V>(w, muladd<V>(w, kc<V>(I_LG1 + 5, LG6), kc<V>(I_LG1 + 3, LG4)), kc<V>(I_LG1 + 1, LG2)));
    const t2 = mul<V>(z, muladd<V>(w, muladd<V>(w, muladd<V>(w, kc<V>(I_LG1 + 6, LG7), kc<V>(I_LG1 + 4, LG5)), kc<V>(I_LG1 + 2, LG3)), kc<V>(I_LG1, LG1)));
    R = add<V>(t2, t1);
  } else {
    // float32 results: Lg6 z^6 + Lg7 z^7 < 1.1e-10 (z = s^2 <= 0.0295), and
    // R's error counts s / log(1 + f) < 1/2 times: 2^-34 relative.
    const t1 = mul<V>(w, muladd<V>(w, kc<V>(I_LG1 + 3, LG4), kc<V>(I_LG1 + 1, LG2)));
    const t2 = mul<V>(z, muladd<V>(w, muladd<V>(w, kc<V>(I_LG1 + 4, LG5), kc<V>(I_LG1 + 2, LG3)), kc<V>(I_LG1, LG1)));
    R = add<V>(t2, t1);
  }
  const hfsq = mul<V>(mul<V>(kc<V>(I_HALF, HALF), f), f);
  const low = add<V>(mul<V>(k, kc<V>(I_LN2_LO, LN2_LO)), c);
  // k ln2_hi - ((hfsq - (s (hfsq + R) + (k ln2_lo + c))) - f)
  return sub<V>(mul<V>(k, kc<V>(I_LN2_HI, LN2_HI)), sub<V>(sub<V>(hfsq, muladd<V>(s, add<V>(hfsq, R), low)), f));
}

/** log(u) + c for any u: subnormal u scaled by 2^54 first (`subnormals`; else u must not be subnormal); log(+-0) = -Inf, log(+Inf) = +Inf, NaN for u < 0 or NaN. */
@inline export function logAny<V>(u: V, c: V, subnormals: bool): V {
  const minNormal = kc<V>(I_MIN_NORMAL, MIN_NORMAL);
  const adjusted = subnormals
    ? logNormal<V>(
      selectBelow<V>(u, minNormal, mul<V>(u, kc<V>(I_TWO_P54, TWO_P54)), u), c,
      true, selectBelow<V>(u, minNormal, kc<V>(I_NEG_54, NEG_54), zero<V>()), true)
    : logNormal<V>(u, c, false, u, false);
  const inf = kc<V>(I_INF, INF);
  let r = selectEqual<V>(u, inf, inf, adjusted);
  r = selectEqual<V>(u, zero<V>(), kc<V>(I_NEG_INF, NEG_INF), r);
  return selectWithin<V>(u, zero<V>(), inf, r, kc<V>(I_NAN, NAN));
}

/** log1p(e^-z) for z in [0, ZMAX] (or NaN): e = eHi + eLo, u = 1 + eHi in [1, 2] and its error exact. */
@inline function log1pExp<V>(z: V, precise: bool): V {
  const E = expScaled<V>(z, false, precise);
  const eHi = down512<V>(E);
  const o = one<V>();
  const u = add<V>(o, eHi);
  const err = add<V>(sub<V>(o, u), eHi); // exact (Fast2Sum: 1 >= eHi)
  // log(u + err) = log(u) + err / u; for float32 results err alone will do:
  // err (1 - 1/u) is below 2^-53 e, since 1 - 1/u < e.
  if (!precise) return logNormal<V>(u, err, false, u, false);
  return logNormal<V>(u, div<V>(add<V>(err, down512<V>(expScaled<V>(z, true, precise))), u), false, u, true);
}

// ---- the functions ------------------------------------------------------------

/** tanh(x) = sign(x) (1 - e) / (1 + e), e = e^-2|x|. */
@inline export function tanhOf<V>(x: V, precise: bool): V {
  const z = pmin<V>(mul<V>(fabs<V>(x), kc<V>(I_TWO, TWO)), zmax<V>(precise));
  const E = expScaled<V>(z, false, precise);
  const eHi = down512<V>(E);
  const eLo = down512<V>(expScaled<V>(z, true, precise));
  const o = one<V>();
  const signMask = kc<V>(I_SIGN, SIGN);
  if (!precise) {
    // (1 - e) / (1 + e) with e's rounding error fed into the numerator (it
    // is all that is left of 1 - e near 0): 2 roundings, far below float32's.
    return copySign<V>(div<V>(sub<V>(sub<V>(o, eHi), eLo), add<V>(o, eHi)), x, signMask);
  }
  // numerator 1 - e = nHi + nLo (1 - eHi's error exact by Fast2Sum)
  const nHi = sub<V>(o, eHi);
  const nLo = sub<V>(sub<V>(sub<V>(o, nHi), eHi), eLo);
  // denominator 1 + e = d + dd
  const d = add<V>(o, eHi);
  const dd = add<V>(add<V>(sub<V>(o, d), eHi), eLo);
  const q = div<V>(nHi, d);
  let num = sub<V>(nLo, mul<V>(q, dd));
  if (precise) num = add<V>(num, sub<V>(sub<V>(nHi, mul<V>(q, d)), productError<V>(q, d, mul<V>(q, d))));
  return copySign<V>(add<V>(q, div<V>(num, d)), x, signMask);
}

/** 1 - tanh(x)^2 = 4 f (1 - f), f = sigmoid(-2|x|); see the header. */
@inline export function tanhDerivativeOf<V>(x: V, precise: bool): V {
  const z = pmin<V>(mul<V>(fabs<V>(x), kc<V>(I_TWO, TWO)), zmax<V>(precise));
  if (!precise) {
    // 4e / (1 + e)^2: positive terms only, four roundings in float64.
    const E = expScaled<V>(z, false, false);
    const d = add<V>(one<V>(), down512<V>(E));
    return div<V>(mul<V>(E, kc<V>(I_TWO_M510, TWO_M510)), mul<V>(d, d));
  }
  const F = add<V>(fScaled<V>(z, PART_Q, precise), fScaled<V>(z, PART_CORR, precise));
  const f = down512<V>(F);
  const tails = mul<V>(sub<V>(F, mul<V>(F, f)), kc<V>(I_TWO_M510, TWO_M510)); // 4 f (1 - f), rounded once
  const g2 = sub<V>(one<V>(), add<V>(f, f)); // 1 - 2f, exact for f in [1/4, 1/2]
  const nearTop = sub<V>(one<V>(), mul<V>(g2, g2));
  return selectBelow<V>(f, kc<V>(I_QUARTER, QUARTER), tails, nearTop);
}

/** x sigmoid(x): x (1 - f) for x > 0, x F 2^-512 for x <= 0. */
@inline export function siluOf<V>(x: V, precise: bool): V {
  if (!precise) {
    // x / (1 + e^-x), the clamped x in the product so that -Inf gives -0
    const s = div<V>(one<V>(), add<V>(one<V>(), expMinus32<V>(x)));
    return mul<V>(selectPositive<V>(x, x, pmax<V>(x, kc<V>(I_NEG_ZMAX32, NEG_ZMAX32))), s);
  }
  const xc = pmax<V>(x, negZmax<V>(precise)); // -Inf F would be -Inf, not -0
  const z = pmin<V>(fabs<V>(x), zmax<V>(precise));
  const F = add<V>(fScaled<V>(z, PART_Q, precise), fScaled<V>(z, PART_CORR, precise));
  const G = add<V>(gParts<V>(z, false, precise), gParts<V>(z, true, precise));
  return selectPositive<V>(x, mul<V>(x, G), down512<V>(mul<V>(xc, F)));
}

/** s (1 + x (1 - s)), s = sigmoid(x); see the header. */
@inline export function siluDerivativeOf<V>(x: V, precise: bool): V {
  const xc = pmax<V>(pmin<V>(x, zmax<V>(precise)), negZmax<V>(precise));
  if (!precise) {
    // s = 1 / (1 + e), 1 - s = e s, e = e^-x; s (1 + x (1 - s)) in float64
    // is within about 2^-32 s of the truth near the zero as well (absolute).
    const e = expMinus32<V>(x);
    const s = div<V>(one<V>(), add<V>(one<V>(), e));
    return mul<V>(s, muladd<V>(xc, mul<V>(e, s), one<V>()));
  }
  const z = pmin<V>(fabs<V>(x), zmax<V>(precise));
  const Q = fScaled<V>(z, PART_Q, precise);
  const corrS = fScaled<V>(z, PART_CORR, precise);
  const G = gParts<V>(z, false, precise);
  const GLo = gParts<V>(z, true, precise);
  const scale = kc<V>(I_TWO_P512, TWO_P512);
  // s 2^512 (x <= 0: f; x > 0: 1 - f, scaled up exactly) and g = 1 - s, unscaled
  const sHi = selectPositive<V>(x, mul<V>(G, scale), Q);
  const sLo = selectPositive<V>(x, mul<V>(GLo, scale), corrS);
  const gHi = selectPositive<V>(x, down512<V>(Q), G);
  const gLo = selectPositive<V>(x, down512<V>(corrS), GLo);
  // h = 1 + x g = H + hLo
  const P = mul<V>(xc, gHi);
  let lo = mul<V>(xc, gLo);
  if (precise) lo = add<V>(lo, productError<V>(xc, gHi, P));
  const o = one<V>();
  const H = add<V>(o, P);
  const hLo = precise ? add<V>(sumError<V>(o, P, H), lo) : lo;
  const sh = add<V>(mul<V>(sHi, H), add<V>(mul<V>(sHi, hLo), mul<V>(sLo, H)));
  return down512<V>(sh);
}

/** log(1 + e^x) = max(x, 0) + log1p(e^-|x|). */
@inline export function softplusOf<V>(x: V, precise: bool): V {
  const z = pmin<V>(fabs<V>(x), zmax<V>(precise));
  return add<V>(pmax<V>(x, zero<V>()), log1pExp<V>(z, precise));
}

/** log(sigmoid(x)) = -softplus(-x). */
@inline export function logSigmoidOf<V>(x: V, precise: bool): V {
  return neg<V>(softplusOf<V>(neg<V>(x), precise));
}

/** log(p / (1 - p)); see the header. */
@inline export function logitOf<V>(p: V, precise: bool): V {
  const o = one<V>();
  const h = sub<V>(o, p);
  const r = div<V>(p, h);
  let c = zero<V>();
  if (precise) {
    const l = sub<V>(sub<V>(o, h), p); // (1 - p) - h, exact (Fast2Sum) for p in [0, 1]
    const rh = mul<V>(r, h);
    const rem = sub<V>(sub<V>(p, rh), productError<V>(r, h, rh)); // p - r h, exact
    c = div<V>(div<V>(sub<V>(rem, mul<V>(r, l)), h), r);
  }
  // float32 p gives r >= 2^-149: never subnormal in float64
  return logAny<V>(r, c, precise);
}

/** The logistic loss from logits: x (1 - y) or -x y, plus log1p(e^-|x|); NaN for y outside [0, 1]. */
@inline export function bceOf<V>(x: V, y: V, precise: bool): V {
  const z = pmin<V>(fabs<V>(x), zmax<V>(precise));
  const o = one<V>();
  const zr = zero<V>();
  const omy = sub<V>(o, y);
  let pos = mul<V>(x, omy);
  if (precise) {
    // 1 - y's rounding, exactly, times x; left out for x = +Inf (where it
    // would be Inf * 0 or -Inf, and x (1 - y) is already +Inf)
    const omyErr = sub<V>(sub<V>(o, omy), y);
    pos = add<V>(pos, selectBelow<V>(x, kc<V>(I_INF, INF), mul<V>(x, omyErr), zr));
  }
  pos = selectEqual<V>(y, o, zr, pos); // x (1 - y) = 0 for y = 1, x = +Inf too
  const negative = selectEqual<V>(y, zr, zr, neg<V>(mul<V>(x, y)));
  const loss = add<V>(selectPositive<V>(x, pos, negative), log1pExp<V>(z, precise));
  return selectWithin<V>(y, zr, o, loss, kc<V>(I_NAN, NAN));
}

/** sigmoid(x) - y = (1 - y) sigmoid(x) - y sigmoid(-x); NaN for y outside [0, 1]. */
@inline export function bceGradientOf<V>(x: V, y: V, precise: bool): V {
  if (!precise) {
    const e = expMinus32<V>(x);
    const s = div<V>(one<V>(), add<V>(one<V>(), e)); // sigmoid(x); e s = sigmoid(-x)
    const g = sub<V>(mul<V>(sub<V>(one<V>(), y), s), mul<V>(y, mul<V>(e, s)));
    return selectWithin<V>(y, zero<V>(), one<V>(), g, kc<V>(I_NAN, NAN));
  }
  const z = pmin<V>(fabs<V>(x), zmax<V>(precise));
  const F = add<V>(fScaled<V>(z, PART_Q, precise), fScaled<V>(z, PART_CORR, precise));
  const G = mul<V>(add<V>(gParts<V>(z, false, precise), gParts<V>(z, true, precise)), kc<V>(I_TWO_P512, TWO_P512));
  const o = one<V>();
  const omy = sub<V>(o, y);
  const ny = neg<V>(y);
  // x <= 0: (1 - y) f - y (1 - f); x > 0: (1 - y) (1 - f) - y f; all scaled by 2^512
  const small = selectPositive<V>(x, ny, omy);
  const big = selectPositive<V>(x, omy, ny);
  let sum = add<V>(mul<V>(small, F), mul<V>(big, G));
  if (precise) {
    // 1 - y's rounding error, times the term it multiplies
    const omyErr = sub<V>(sub<V>(o, omy), y);
    sum = add<V>(sum, mul<V>(omyErr, selectPositive<V>(x, G, F)));
  }
  return selectWithin<V>(y, zero<V>(), o, down512<V>(sum), kc<V>(I_NAN, NAN));
}

// ---- loops ----------------------------------------------------------------------

// One class per function, so that a loop instantiated for it compiles that
// function alone (a run-time `op` argument made every module compile all
// nine, and the build 4x slower): mapFamily32<Tanh>(...) calls
// changetype<Tanh>(0).of<V>(x, precise), a static call to an @inline method
// that never touches `this`.
export class Tanh { @inline of<V>(x: V, precise: bool): V { return tanhOf<V>(x, precise); } }
export class TanhDerivative { @inline of<V>(x: V, precise: bool): V { return tanhDerivativeOf<V>(x, precise); } }
export class Silu { @inline of<V>(x: V, precise: bool): V { return siluOf<V>(x, precise); } }
export class SiluDerivative { @inline of<V>(x: V, precise: bool): V { return siluDerivativeOf<V>(x, precise); } }
export class Softplus { @inline of<V>(x: V, precise: bool): V { return softplusOf<V>(x, precise); } }
export class LogSigmoid { @inline of<V>(x: V, precise: bool): V { return logSigmoidOf<V>(x, precise); } }
export class Logit { @inline of<V>(x: V, precise: bool): V { return logitOf<V>(x, precise); } }
export class Bce { @inline of<V>(x: V, y: V, precise: bool): V { return bceOf<V>(x, y, precise); } }
export class BceGradient { @inline of<V>(x: V, y: V, precise: bool): V { return bceGradientOf<V>(x, y, precise); } }

/** y[i] = op(x[i]) over n float32 elements, in float64 lanes, rounded once. */
@inline export function mapFamily32<Op>(x: usize, y: usize, n: usize): void {
  const end = n << 2;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= end; i += 16) {
      const v = load<v128>(x + i);
      store<v128>(y + i, narrow(changetype<Op>(0).of<v128>(widenLo(v), false), changetype<Op>(0).of<v128>(widenHi(v), false)));
    }
  }
  for (; i < end; i += 4) store<f32>(y + i, <f32>changetype<Op>(0).of<f64>(<f64>load<f32>(x + i), false));
}

/** y[i] = op(x[i]) over n float64 elements. */
@inline export function mapFamily64<Op>(x: usize, y: usize, n: usize): void {
  const end = n << 3;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 32 <= end; i += 32) {
      const a = load<v128>(x + i);
      const b = load<v128>(x + i, 16);
      store<v128>(y + i, changetype<Op>(0).of<v128>(a, true));
      store<v128>(y + i, changetype<Op>(0).of<v128>(b, true), 16);
    }
    for (; i + 16 <= end; i += 16) store<v128>(y + i, changetype<Op>(0).of<v128>(load<v128>(x + i), true));
  }
  for (; i < end; i += 8) store<f64>(y + i, changetype<Op>(0).of<f64>(load<f64>(x + i), true));
}

/** out[i] = op(x[i], t[i]) over n float32 elements. */
@inline export function mapFamily32x2<Op>(x: usize, t: usize, out: usize, n: usize): void {
  const end = n << 2;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= end; i += 16) {
      const a = load<v128>(x + i);
      const b = load<v128>(t + i);
      store<v128>(out + i, narrow(changetype<Op>(0).of<v128>(widenLo(a), widenLo(b), false), changetype<Op>(0).of<v128>(widenHi(a), widenHi(b), false)));
    }
  }
  for (; i < end; i += 4) store<f32>(out + i, <f32>changetype<Op>(0).of<f64>(<f64>load<f32>(x + i), <f64>load<f32>(t + i), false));
}

/** out[i] = op(x[i], t[i]) over n float64 elements. */
@inline export function mapFamily64x2<Op>(x: usize, t: usize, out: usize, n: usize): void {
  const end = n << 3;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= end; i += 16) store<v128>(out + i, changetype<Op>(0).of<v128>(load<v128>(x + i), load<v128>(t + i), true));
  }
  for (; i < end; i += 8) store<f64>(out + i, changetype<Op>(0).of<f64>(load<f64>(x + i), load<f64>(t + i), true));
}
