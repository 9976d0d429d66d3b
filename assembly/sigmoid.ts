// The sigmoid algorithms, written once for scalar and SIMD (./lanes.ts).
//
//   sigmoid(x)    = 1 / (1 + e^-x)
//   derivative(x) = sigmoid(x) (1 - sigmoid(x)) = f (1 - f),  f = sigmoid(-|x|)
//
// The derivative always starts from f = sigmoid(-|x|) = e / (1 + e),
// e = e^-|x|: from |x| only, so it is exactly symmetric. The float64 sigmoid
// is f for x <= 0 and 1 - f for x > 0; the float32 one is 1 / (1 + e^-x)
// straight from x (see sigmoidF32). NaN stays NaN, +-0 give 0.5.
// For float64 the derivative is f - f*f for f < 1/4, else 1/4 - g*g with
// g = 1/2 - f: both are increasing functions of f made of monotone operations
// (g is exact by Sterbenz's lemma), so the derivative is non-increasing in |x|
// wherever f is monotone, and the second form avoids the cancellation of
// f - f*f near f = 1/2.
//
// e^-z (z = |x|, or x itself for the float32 sigmoid; clamped to +-ZMAX,
// past which every result is 0 or 1):
//   n = round(-z log2 e), by the "magic bias" (adding 1.5 * 2^52 leaves the
//   integer in the low significand bits; shifted left by 52 they form 2^n);
//   t = -z - n ln2, |t| <= ln2/2: for float64 results in two steps, with
//   ln2 = LN2_HI + LN2_LO (Cody & Waite, Software Manual for the Elementary
//   Functions, 1980; the reduction of XNNPACK's sigmoid and musl's exp), for
//   float32 results in one; e^t = 1 + t + t^2 r(t), r fitted by
//   scripts/exp-poly.py.
//
// float32 kernels ("f64_rr1_p7_div"): computed in float64 with a degree-7 polynomial
// (relative error 2^-32) and no compensation; the float64 result is within
// about 2^-45 of the truth, so rounding it to float32 gives the correctly
// rounded result except within 2^-20 ULP of a tie.
//
// float64 kernels ("rr2_p11_div_c"): degree 11 (2^-55.7), and every rounding
// that matters is recovered exactly and fed back:
//   p = 1 + tHi + u rounded, pErr its error (Fast2Sum; tHi = -z - n LN2_HI is
//   exact), e = eHi + eLo = (p + pErr) 2^n, with eHi = (p 2^(n+512)) 2^-512
//   so that results below the normal range round once instead of flushing;
//   d = 1 + eHi with its error dErr (Fast2Sum); q = eHi / d, with the exact
//   remainder rem = eHi - q d (Dekker's product, Veltkamp's split: T. J.
//   Dekker, A floating-point technique for extending the available
//   precision, 1971); then
//     f = q + corr,  corr = (rem + eLo - q (dErr + eLo)) / (1 + e)
//   (1/(1 + e) = 1 - f is taken as 1 - q, enough for a term of 2^-53).
//   f is rounded once from a value within about 2^-55 of the truth.
//
// Measured error (ACCURACY.md has every column):
//   float32, all 2^32 inputs (npm run verify:f32, float64 reference checked
//   against mpmath): sigmoid 0.5024 ULP, derivative 0.5024 ULP; all but 35,272
//   and 47,450 of the 2^32 results correctly rounded; no order violation.
//   float64, 1,050,328 mpmath points at 200 bits (npm run verify:f64):
//   sigmoid 1.000 ULP, derivative 1.410 ULP; no order violation there nor in
//   4,000,000 consecutive float64 inputs.

import { kt, add, sub, mul, div, muladd, fabs, pmin, pmax, selectBelow, selectPositive, shiftIntoExponent } from './lanes';

// ---- constants: exact bit patterns (float64) --------------------------------
@inline export const ONE: u64 = 0x3FF0000000000000; // 1.0
@inline export const HALF: u64 = 0x3FE0000000000000; // 0.5
@inline export const QUARTER: u64 = 0x3FD0000000000000; // 0.25
// -log2(e) = -1.4426950408889634
@inline export const NEG_LOG2E: u64 = 0xBFF71547652B82FE;
// -ln2 = NEG_LN2_HI + NEG_LN2_LO. HI has 21 trailing zero bits: n * HI is
// exact for |n| < 2^11, and so is -z - n ln2_hi near |t| <= ln2/2.
@inline export const NEG_LN2_HI: u64 = 0xBFE62E42FEE00000; // -0.6931471803691238
@inline export const NEG_LN2_LO: u64 = 0xBDEA39EF35793C76; // -1.9082149292705877e-10
// -ln2 rounded to float64 = -0.6931471805599453 (the float32 kernels' one-step reduction)
@inline export const NEG_LN2: u64 = 0xBFE62E42FEFA39EF;
// Veltkamp's splitting constant 2^27 + 1 = 134217729.
@inline export const SPLIT: u64 = 0x41A0000002000000;

// float32 kernels: |x| >= 104 gives e^-|x| < 2^-150, half the smallest float32
// subnormal: sigmoid rounds to 0 or 1 and the derivative to 0.
@inline const ZMAX32: u64 = 0x405A000000000000; // 104.0
@inline const NEG_ZMAX32: u64 = 0xC05A000000000000; // -104.0
// MAGIC32 = 1.5 * 2^52 + 1023: the low bits of z * -log2(e) + MAGIC32 hold n + 1023.
@inline const MAGIC32: u64 = 0x43380000000003FF;
// r(t) ~ (e^t - 1 - t) / t^2, degree 5 (so e^t has degree 7)
@inline export const P7_C7: u64 = 0x3F2A1258C600F075; // 0.00019891103420544327
@inline export const P7_C6: u64 = 0x3F56D43D29BDA4F5; // 0.0013933751387987224
@inline export const P7_C5: u64 = 0x3F81110E0BA6338C; // 0.008333310823923211
@inline export const P7_C4: u64 = 0x3FA5554E88885680; // 0.04166646401078555
@inline export const P7_C3: u64 = 0x3FC5555555A81E0E; // 0.16666666681725
@inline export const P7_C2: u64 = 0x3FE0000000BA5507; // 0.5000000013557447

// float64 kernels: |x| >= 746 gives e^-|x| < 2^-1075, half the smallest subnormal.
@inline const ZMAX64: u64 = 0x4087500000000000; // 746.0
// MAGIC64 = 1.5 * 2^52 + 1023 + 512: the low bits hold n + 1023 + 512, so the
// first scale factor 2^(n+512) stays normal down to n = -1077.
@inline export const MAGIC64: u64 = 0x43380000000005FF;
@inline export const TWO_M512: u64 = 0x1FF0000000000000; // 2^-512 = 7.458340731200207e-155
// r(t), degree 9 (e^t has degree 11)
@inline export const P11_C11: u64 = 0x3E5AF3924BE99A57; // 2.5100494788905042e-08
@inline export const P11_C10: u64 = 0x3E92891E963AB1F9; // 2.76202305675069e-07
@inline export const P11_C9: u64 = 0x3EC71DE0D7A972EF; // 2.7557268229963227e-06
@inline export const P11_C8: u64 = 0x3EFA019B8B8F8697; // 2.4801520996825697e-05
@inline export const P11_C7: u64 = 0x3F2A01A01A7D176D; // 0.00019841269863201828
@inline export const P11_C6: u64 = 0x3F56C16C178A18C1; // 0.0013888888917406447
@inline export const P11_C5: u64 = 0x3F811111111109A2; // 0.008333333333330032
@inline export const P11_C4: u64 = 0x3FA5555555553D2B; // 0.04166666666662374
@inline export const P11_C3: u64 = 0x3FC5555555555556; // 0.16666666666666669
@inline export const P11_C2: u64 = 0x3FE0000000000001; // 0.5000000000000001

// The same constants, each splatted to 2 lanes (16 bytes), in linear memory,
// at the index NAME_AT: the SIMD code loads them from there (one load a use,
// 16-byte aligned), where a v128.const would be rematerialized by V8 13.6 and
// later at every use inside the loops (movq, vmovq, vpunpcklqdq; known
// upstream: nodejs/node#61695). The scalar code uses the bits as immediates.
// An index pointing at the wrong constant would make the SIMD build differ
// from the scalar one, which the tests check bit for bit.
@inline export const ONE_AT: i32 = 0;
@inline const HALF_AT: i32 = 1;
@inline const QUARTER_AT: i32 = 2;
@inline export const NEG_LOG2E_AT: i32 = 3;
@inline const NEG_LN2_HI_AT: i32 = 4;
@inline const NEG_LN2_LO_AT: i32 = 5;
@inline export const NEG_LN2_AT: i32 = 6;
@inline const SPLIT_AT: i32 = 7;
@inline export const ZMAX32_AT: i32 = 8;
@inline export const NEG_ZMAX32_AT: i32 = 9;
@inline export const MAGIC32_AT: i32 = 10;
@inline export const P7_C7_AT: i32 = 11;
@inline export const P7_C6_AT: i32 = 12;
@inline export const P7_C5_AT: i32 = 13;
@inline export const P7_C4_AT: i32 = 14;
@inline export const P7_C3_AT: i32 = 15;
@inline export const P7_C2_AT: i32 = 16;
@inline const ZMAX64_AT: i32 = 17;
@inline const MAGIC64_AT: i32 = 18;
@inline const TWO_M512_AT: i32 = 19;
@inline const P11_C11_AT: i32 = 20;
@inline const P11_C10_AT: i32 = 21;
@inline const P11_C9_AT: i32 = 22;
@inline const P11_C8_AT: i32 = 23;
@inline const P11_C7_AT: i32 = 24;
@inline const P11_C6_AT: i32 = 25;
@inline const P11_C5_AT: i32 = 26;
@inline const P11_C4_AT: i32 = 27;
@inline const P11_C3_AT: i32 = 28;
@inline const P11_C2_AT: i32 = 29;
const TABLE: usize = memory.data<u64>([
  ONE, ONE, HALF, HALF, QUARTER, QUARTER, NEG_LOG2E, NEG_LOG2E, NEG_LN2_HI, NEG_LN2_HI, NEG_LN2_LO, NEG_LN2_LO, NEG_LN2, NEG_LN2, SPLIT, SPLIT, ZMAX32, ZMAX32, NEG_ZMAX32, NEG_ZMAX32, MAGIC32, MAGIC32, P7_C7, P7_C7, P7_C6, P7_C6, P7_C5, P7_C5, P7_C4, P7_C4, P7_C3, P7_C3, P7_C2, P7_C2, ZMAX64, ZMAX64, MAGIC64, MAGIC64, TWO_M512, TWO_M512, P11_C11, P11_C11, P11_C10, P11_C10, P11_C9, P11_C9, P11_C8, P11_C8, P11_C7, P11_C7, P11_C6, P11_C6, P11_C5, P11_C5, P11_C4, P11_C4, P11_C3, P11_C3, P11_C2, P11_C2,
], 16);

/** Constant NAME, from the table (SIMD) or as an immediate (scalar): kc<V>(NAME_AT, NAME). */
@inline function kc<V>(at: i32, bits: u64): V {
  return kt<V>(TABLE, at, bits);
}

// ---- shared tail -------------------------------------------------------------

/** sigmoid from x and f = sigmoid(-|x|): f for x <= 0, `positive` (= 1 - f) for x > 0. */
@inline function chooseSide<V>(x: V, f: V, positive: V): V {
  return selectPositive<V>(x, positive, f);
}

/** derivative = f (1 - f), from f = sigmoid(-|x|) in [0, 1/2]; see the header. */
@inline export function derivativeFromF<V>(f: V): V {
  const g = sub<V>(kc<V>(HALF_AT, HALF), f); // exact for f in [1/4, 1/2]
  const nearTop = sub<V>(kc<V>(QUARTER_AT, QUARTER), mul<V>(g, g));
  const tails = sub<V>(f, mul<V>(f, f));
  return selectBelow<V>(f, kc<V>(QUARTER_AT, QUARTER), tails, nearTop);
}

// ---- float32 kernels: float64 evaluation ---------------------------------------

/**
 * e^-x for float32 inputs, in float64, with x clamped to [-ZMAX32, ZMAX32]
 * (float64 holds e^104 and e^-104 with room to spare); NaN stays NaN. The
 * constants come in as values of the lane type: the SIMD loops load them
 * once per call from TABLE into locals and pass them in (mapAccurate32 in
 * ./index.ts); elsewhere they are immediates or table loads (kc).
 */
@inline function expMinusF32With<V>(
  x: V, zmax: V, negZmax: V, negLog2e: V, magic: V, negLn2: V,
  c7: V, c6: V, c5: V, c4: V, c3: V, c2: V, one: V,
): V {
  const z = pmax<V>(pmin<V>(x, zmax), negZmax);
  const vn = muladd<V>(z, negLog2e, magic);
  const scale = shiftIntoExponent<V>(vn); // 2^n, n in [-151, 151]
  const n = sub<V>(vn, magic);
  // One reduction step is enough here: n * ln2 rounds by at most 2^-53 * 105,
  // a relative error of 2^-46 in e, far below what a float32 result can show.
  const t = sub<V>(mul<V>(n, negLn2), z);
  let r = muladd<V>(c7, t, c6);
  r = muladd<V>(r, t, c5);
  r = muladd<V>(r, t, c4);
  r = muladd<V>(r, t, c3);
  r = muladd<V>(r, t, c2);
  const p = add<V>(muladd<V>(mul<V>(t, t), r, t), one);
  return mul<V>(p, scale);
}

/** Vector i of TABLE (for the loops that load the constants once). */
@inline export function tableVector(i: i32): v128 {
  return v128.load(TABLE + (<usize>i << 4));
}

/**
 * sigmoid(x) = 1 / (1 + e^-x) for a float32 x held in float64, straight from
 * x: no |x|, no choice of side (20% faster than f or 1 - f from |x|). Within
 * 2^-45 of the truth, so the caller's rounding to float32 is correct but
 * within 2^-20 ULP of a tie; monotone, as a composition of monotone steps.
 */
@inline export function sigmoidF32With<V>(
  x: V, zmax: V, negZmax: V, negLog2e: V, magic: V, negLn2: V,
  c7: V, c6: V, c5: V, c4: V, c3: V, c2: V, one: V,
): V {
  return div<V>(one, add<V>(one, expMinusF32With<V>(x, zmax, negZmax, negLog2e, magic, negLn2, c7, c6, c5, c4, c3, c2, one)));
}

/**
 * derivative(x) = f (1 - f), f = sigmoid(-|x|) = e / (1 + e), e = e^-|x|, for
 * a float32 x held in float64 (the caller rounds it to float32). It starts
 * from |x|, never from x: the same float64 value for x and -x, so the
 * derivative is exactly symmetric. (From x, as e^-x s^2, the two sides differ
 * by a few 2^-53, and verify:f32 found 47,548 float32 inputs where that
 * tipped the rounding.) f - f*f in float64 is within 2^-51 of f (1 - f) for
 * f <= 1/2, far inside a float32 ULP. So the fused kernel evaluates two
 * exponentials, e^-x and e^-|x|: one pass over memory, the arithmetic of both.
 */
@inline export function derivativeF32With<V>(
  x: V, zmax: V, negZmax: V, negLog2e: V, magic: V, negLn2: V,
  c7: V, c6: V, c5: V, c4: V, c3: V, c2: V, one: V,
): V {
  const e = expMinusF32With<V>(fabs<V>(x), zmax, negZmax, negLog2e, magic, negLn2, c7, c6, c5, c4, c3, c2, one);
  const f = div<V>(e, add<V>(one, e));
  return sub<V>(f, mul<V>(f, f));
}

/** sigmoidF32With with the constants as immediates (scalar) or table loads (SIMD). */
@inline export function sigmoidF32<V>(x: V): V {
  return sigmoidF32With<V>(
    x, kc<V>(ZMAX32_AT, ZMAX32), kc<V>(NEG_ZMAX32_AT, NEG_ZMAX32), kc<V>(NEG_LOG2E_AT, NEG_LOG2E), kc<V>(MAGIC32_AT, MAGIC32), kc<V>(NEG_LN2_AT, NEG_LN2),
    kc<V>(P7_C7_AT, P7_C7), kc<V>(P7_C6_AT, P7_C6), kc<V>(P7_C5_AT, P7_C5), kc<V>(P7_C4_AT, P7_C4), kc<V>(P7_C3_AT, P7_C3), kc<V>(P7_C2_AT, P7_C2), kc<V>(ONE_AT, ONE),
  );
}

/** derivativeF32With with the constants as immediates (scalar) or table loads (SIMD). */
@inline export function derivativeF32<V>(x: V): V {
  return derivativeF32With<V>(
    x, kc<V>(ZMAX32_AT, ZMAX32), kc<V>(NEG_ZMAX32_AT, NEG_ZMAX32), kc<V>(NEG_LOG2E_AT, NEG_LOG2E), kc<V>(MAGIC32_AT, MAGIC32), kc<V>(NEG_LN2_AT, NEG_LN2),
    kc<V>(P7_C7_AT, P7_C7), kc<V>(P7_C6_AT, P7_C6), kc<V>(P7_C5_AT, P7_C5), kc<V>(P7_C4_AT, P7_C4), kc<V>(P7_C3_AT, P7_C3), kc<V>(P7_C2_AT, P7_C2), kc<V>(ONE_AT, ONE),
  );
}

// ---- float64 kernels: compensated evaluation -----------------------------------

/** Veltkamp's split: the high 26 bits of a (the low part is a - hi, exactly). */
@inline export function splitHi<V>(a: V): V {
  const c = mul<V>(kc<V>(SPLIT_AT, SPLIT), a);
  return sub<V>(c, sub<V>(c, a));
}

/**
 * sigmoid(-|x|) = q + corr for float64 (see the header): returns q, or corr
 * when `wantCorr`. Callers need both and call this twice with the same x;
 * the optimizer (binaryen's local-cse) evaluates it once. `withRemainder`
 * false is the fast tier: corr without the division's remainder (no
 * Dekker product), so f is within about 1 ULP rather than rounded once.
 */
@inline function fParts64<V>(x: V, wantCorr: bool, withRemainder: bool): V {
  const one = kc<V>(ONE_AT, ONE);
  const z = pmin<V>(fabs<V>(x), kc<V>(ZMAX64_AT, ZMAX64));
  const vn = muladd<V>(z, kc<V>(NEG_LOG2E_AT, NEG_LOG2E), kc<V>(MAGIC64_AT, MAGIC64));
  const scale = shiftIntoExponent<V>(vn); // 2^(n + 512)
  const n = sub<V>(vn, kc<V>(MAGIC64_AT, MAGIC64));

  // t = tHi + tLo; tHi exact, t their rounded sum (for the polynomial).
  const tHi = sub<V>(mul<V>(n, kc<V>(NEG_LN2_HI_AT, NEG_LN2_HI)), z);
  const tLo = mul<V>(n, kc<V>(NEG_LN2_LO_AT, NEG_LN2_LO));
  const t = add<V>(tHi, tLo);
  let r = muladd<V>(kc<V>(P11_C11_AT, P11_C11), t, kc<V>(P11_C10_AT, P11_C10));
  r = muladd<V>(r, t, kc<V>(P11_C9_AT, P11_C9));
  r = muladd<V>(r, t, kc<V>(P11_C8_AT, P11_C8));
  r = muladd<V>(r, t, kc<V>(P11_C7_AT, P11_C7));
  r = muladd<V>(r, t, kc<V>(P11_C6_AT, P11_C6));
  r = muladd<V>(r, t, kc<V>(P11_C5_AT, P11_C5));
  r = muladd<V>(r, t, kc<V>(P11_C4_AT, P11_C4));
  r = muladd<V>(r, t, kc<V>(P11_C3_AT, P11_C3));
  r = muladd<V>(r, t, kc<V>(P11_C2_AT, P11_C2));
  // e^t = 1 + tHi + u, u = tLo + t^2 r; p rounded, pErr = (1 + tHi + u) - p:
  // 1 - p is exact, and so is adding tHi whenever |u| << |tHi|.
  const u = muladd<V>(mul<V>(t, t), r, tLo);
  const p = add<V>(add<V>(tHi, u), one);
  const pErr = add<V>(add<V>(sub<V>(one, p), tHi), u);

  // e = eHi + eLo = (p + pErr) 2^n; eHi an exact product then one rounding.
  const twoM512 = kc<V>(TWO_M512_AT, TWO_M512);
  const eHi = mul<V>(mul<V>(p, scale), twoM512);
  const eLo = mul<V>(pErr, mul<V>(scale, twoM512));

  // q = eHi / d, d = 1 + eHi, dErr = (1 + eHi) - d exactly.
  const d = add<V>(one, eHi);
  const dErr = add<V>(sub<V>(one, d), eHi);
  const q = div<V>(eHi, d);
  if (!wantCorr) return q;
  if (!withRemainder) {
    const num = sub<V>(eLo, mul<V>(q, add<V>(dErr, eLo)));
    return sub<V>(num, mul<V>(num, q));
  }

  // rem = eHi - q d exactly: q d = P + PErr by Dekker's product.
  const P = mul<V>(q, d);
  const qh = splitHi<V>(q);
  const ql = sub<V>(q, qh);
  const dh = splitHi<V>(d);
  const dl = sub<V>(d, dh);
  const PErr = add<V>(add<V>(add<V>(sub<V>(mul<V>(qh, dh), P), mul<V>(qh, dl)), mul<V>(ql, dh)), mul<V>(ql, dl));
  const rem = sub<V>(sub<V>(eHi, P), PErr);

  // corr = (rem + eLo - q (dErr + eLo)) (1 - q).
  const num = sub<V>(add<V>(rem, eLo), mul<V>(q, add<V>(dErr, eLo)));
  return sub<V>(num, mul<V>(num, q));
}

/** f = sigmoid(-|x|), rounded once from q + corr. */
@inline function fOfF64<V>(x: V, withRemainder: bool): V {
  return add<V>(fParts64<V>(x, false, withRemainder), fParts64<V>(x, true, withRemainder));
}

/**
 * sigmoid(x), float64: f for x <= 0, (1 - q) - corr = r + (rErr - corr) for
 * x > 0. `withRemainder`: the accurate tier (true) or the fast one.
 */
@inline export function sigmoidF64<V>(x: V, withRemainder: bool): V {
  const q = fParts64<V>(x, false, withRemainder);
  const corr = fParts64<V>(x, true, withRemainder);
  const r = sub<V>(kc<V>(ONE_AT, ONE), q);
  const rErr = sub<V>(sub<V>(kc<V>(ONE_AT, ONE), r), q); // (1 - q) - r, exactly (q <= 1/2)
  return chooseSide<V>(x, add<V>(q, corr), add<V>(r, sub<V>(rErr, corr)));
}

/** derivative(x), float64; `withRemainder` as for sigmoidF64. */
@inline export function derivativeF64<V>(x: V, withRemainder: bool): V {
  return derivativeFromF<V>(fOfF64<V>(x, withRemainder));
}

// ---- backward ------------------------------------------------------------------

/** dx = dy * (y * (1 - y)): the backward step from the saved output y (any lane type). */
@inline export function backward<V>(y: V, dy: V): V {
  return mul<V>(dy, mul<V>(y, sub<V>(kc<V>(ONE_AT, ONE), y)));
}
