// The sigmoid algorithm, written once for f32 and f64, scalar and SIMD.
//
//   sigmoid(x)    = 1 / (1 + e^-x)
//   derivative(x) = sigmoid(x) * (1 - sigmoid(x)) = e / (1 + e)^2,  e = e^-|x|
//
// Method ("rr2_p6_div_c" for f32, "rr2_p11_div_c" for f64):
//  1. z = min(|x|, ZMAX). Past ZMAX every result has saturated (to 0 or 1) or
//     underflowed to 0, so clamping changes nothing and keeps 2^n in range.
//  2. e = e^-z = 2^n * e^t, with n = round(-z * log2 e) and t = -z - n ln2,
//     |t| <= ln2/2. n comes from the "magic bias" rounding (adding 1.5 * 2^p
//     leaves round(-z log2 e) in the low significand bits), t from a two-step
//     Cody-Waite reduction with ln2 = LN2_HI + LN2_LO, where n * LN2_HI and
//     the first subtraction are exact (rr2).
//     W. J. Cody, W. Waite, Software Manual for the Elementary Functions, 1980;
//     the same reduction as XNNPACK's f32-sigmoid rr2 kernels and musl's exp.
//  3. e^t = 1 + t + t^2 r(t), r a degree-4 (f32) or degree-9 (f64) polynomial
//     fitted by scripts/exp-poly.py (max relative error 2^-26.5 and 2^-55.7).
//  4. 2^n is built in two steps, p * 2^(n + B) * 2^-B (B = 64 for f32, 512 for
//     f64): the first product is exact, the second rounds once, so results in
//     the subnormal range are rounded correctly instead of flushed to zero.
//  5. f = sigmoid(-|x|) = e / (1 + e). The rounding error of d = 1 + e is
//     recovered exactly (Fast2Sum, Dekker 1971) and removed to first order:
//     e / (d + dErr) ~ q - q * dErr / d, with q = e / d and 1/d = 1 - q.
//  6. sigmoid(x) = f for x <= 0, and 1 - f for x > 0 (by symmetry). NaN gives
//     NaN (every step propagates it), +-0 give exactly 0.5.
//  7. derivative = f * (1 - f), with 1 - f = r + rErr held exactly (Fast2Sum),
//     so derivative = f * r + f * rErr. It uses |x| only, so it is exactly
//     symmetric, and it never cancels: f is accurate down to the subnormals.
//
// Constants are exact bit patterns (f32 | f64) with their decimal values.
//
// Measured error (npm run verify:f32 / verify:f64, against float64 / mpmath
// references; see ACCURACY.md for the input sets and the current figures):
// the numerical contract is <= 2 ULP for sigmoid and <= 3 ULP for derivative.

import { sel, splat, add, sub, mul, div, muladd, fabs, pmin, selectPositive, shiftIntoExponent } from './lanes';

/** A constant of type V from its f32 and f64 bit patterns. */
@inline function k<V, S>(bits32: u32, bits64: u64): V {
  return splat<V, S>(sel<S>(bits32, bits64));
}

// 1.0
@inline const ONE32: u32 = 0x3F800000;
@inline const ONE64: u64 = 0x3FF0000000000000;
// ZMAX: 104.0 | 746.0. e^-104 < 2^-150 and e^-746 < 2^-1075: below half the
// smallest subnormal, so sigmoid(-z) rounds to 0 there (and 1 - it to 1).
@inline const ZMAX32: u32 = 0x42D00000;
@inline const ZMAX64: u64 = 0x4087500000000000;
// -log2(e): -1.44269502162933349609375 | -1.4426950408889634
@inline const NEG_LOG2E32: u32 = 0xBFB8AA3B;
@inline const NEG_LOG2E64: u64 = 0xBFF71547652B82FE;
// MAGIC = 1.5 * 2^23 + 127 + 64 = 12583103 | 1.5 * 2^52 + 1023 + 512.
// Adding it rounds to an integer; its low bits hold n + exponent bias + B.
@inline const MAGIC32: u32 = 0x4B4000BF;
@inline const MAGIC64: u64 = 0x43380000000005FF;
// 2^-B: 2^-64 = 5.421010862427522e-20 | 2^-512 = 7.458340731200207e-155
@inline const TWO_M_B32: u32 = 0x1F800000;
@inline const TWO_M_B64: u64 = 0x1FF0000000000000;
// -ln2 = NEG_LN2_HI + NEG_LN2_LO. HI has 9 | 21 trailing zero bits, so n * HI
// is exact for |n| <= 2^8 | 2^11.
// HI: -0.693145751953125 | -0.6931471803691238
@inline const NEG_LN2_HI32: u32 = 0xBF317200;
@inline const NEG_LN2_HI64: u64 = 0xBFE62E42FEE00000;
// LO: -1.428606765330187e-06 | -1.9082149292705877e-10
@inline const NEG_LN2_LO32: u32 = 0xB5BFBE8E;
@inline const NEG_LN2_LO64: u64 = 0xBDEA39EF35793C76;
// Polynomial r(t) ~ (e^t - 1 - t) / t^2 on [-0.347, 0.347]
// (scripts/exp-poly.py; c_k multiplies t^k in e^t).
// f64 only:
@inline const C11_64: u64 = 0x3E5AF3924BE99A57; // 2.5100494788905042e-08
@inline const C10_64: u64 = 0x3E92891E963AB1F9; // 2.76202305675069e-07
@inline const C9_64: u64 = 0x3EC71DE0D7A972EF; // 2.7557268229963227e-06
@inline const C8_64: u64 = 0x3EFA019B8B8F8697; // 2.4801520996825697e-05
@inline const C7_64: u64 = 0x3F2A01A01A7D176D; // 0.00019841269863201828
// both:
@inline const C6_32: u32 = 0x3AB688CD; // 0.001392626785673201
@inline const C6_64: u64 = 0x3F56C16C178A18C1; // 0.0013888888917406447
@inline const C5_32: u32 = 0x3C090600; // 0.00836324691772461
@inline const C5_64: u64 = 0x3F811111111109A2; // 0.008333333333330032
@inline const C4_32: u32 = 0x3D2AAA8C; // 0.04166655242443085
@inline const C4_64: u64 = 0x3FA5555555553D2B; // 0.04166666666662374
@inline const C3_32: u32 = 0x3E2AAA6E; // 0.16666576266288757
@inline const C3_64: u64 = 0x3FC5555555555556; // 0.16666666666666669
@inline const C2_32: u32 = 0x3F000000; // 0.5
@inline const C2_64: u64 = 0x3FE0000000000001; // 0.5000000000000001

/**
 * f = sigmoid(-|x|) = e / (1 + e), e = e^-|x|, as q + c: q = e / (1 + e)
 * rounded (in [0, 0.5], NaN for NaN), and c its small correction. Returns q,
 * or c when `wantCorrection`. Callers need both and call this twice with the
 * same x: the optimizer (binaryen local-cse) evaluates it once.
 */
@inline function sigmoidOfMinusAbsParts<V, S>(x: V, wantCorrection: bool): V {
  const one = k<V, S>(ONE32, ONE64);
  const z = pmin<V, S>(fabs<V, S>(x), k<V, S>(ZMAX32, ZMAX64));

  // n = round(-z log2 e) <= 0, in the low bits of vn; scale = 2^(n + B).
  const magic = k<V, S>(MAGIC32, MAGIC64);
  const vn = muladd<V, S>(z, k<V, S>(NEG_LOG2E32, NEG_LOG2E64), magic);
  const scale = shiftIntoExponent<V, S>(vn);
  const n = sub<V, S>(vn, magic);

  // t = -z - n ln2 = tHi + tLo, |t| <= ln2/2 (+ rounding margin); tHi is
  // exact (n * LN2_HI and the subtraction are), and t = tHi + tLo rounded.
  const tHi = sub<V, S>(mul<V, S>(n, k<V, S>(NEG_LN2_HI32, NEG_LN2_HI64)), z);
  const tLo = mul<V, S>(n, k<V, S>(NEG_LN2_LO32, NEG_LN2_LO64));
  const t = add<V, S>(tHi, tLo);

  // e^t = 1 + tHi + u, u = tLo + t^2 r(t); r by Horner's rule.
  let r: V;
  if (sizeof<S>() == 8) {
    r = muladd<V, S>(k<V, S>(0, C11_64), t, k<V, S>(0, C10_64));
    r = muladd<V, S>(r, t, k<V, S>(0, C9_64));
    r = muladd<V, S>(r, t, k<V, S>(0, C8_64));
    r = muladd<V, S>(r, t, k<V, S>(0, C7_64));
    r = muladd<V, S>(r, t, k<V, S>(0, C6_64));
  } else {
    r = k<V, S>(C6_32, 0);
  }
  r = muladd<V, S>(r, t, k<V, S>(C5_32, C5_64));
  r = muladd<V, S>(r, t, k<V, S>(C4_32, C4_64));
  r = muladd<V, S>(r, t, k<V, S>(C3_32, C3_64));
  r = muladd<V, S>(r, t, k<V, S>(C2_32, C2_64));
  const u = muladd<V, S>(mul<V, S>(t, t), r, tLo);
  // p = 1 + tHi + u rounded, and pErr = (1 + tHi + u) - p: 1 - p is exact,
  // and so is adding tHi whenever |u| << |tHi|; otherwise both are tiny.
  const p = add<V, S>(add<V, S>(tHi, u), one);
  const pErr = add<V, S>(add<V, S>(sub<V, S>(one, p), tHi), u);

  // e = eHi + eLo = (p + pErr) 2^n. eHi = (p 2^(n+B)) 2^-B: an exact product,
  // then one rounding, so results in the subnormal range are kept, not flushed.
  const twoToN = mul<V, S>(scale, k<V, S>(TWO_M_B32, TWO_M_B64));
  const eHi = mul<V, S>(mul<V, S>(p, scale), k<V, S>(TWO_M_B32, TWO_M_B64));
  const eLo = mul<V, S>(pErr, twoToN);

  // f = (eHi + eLo) / (1 + eHi + eLo). With d = 1 + eHi (dErr its rounding
  // error, exactly) and q = eHi / d, to first order
  //   f = q + (eLo - q (dErr + eLo)) / d,  and 1/d = 1 - q.
  const d = add<V, S>(one, eHi);
  const dErr = add<V, S>(sub<V, S>(one, d), eHi); // (1 + eHi) - d, exactly
  const q = div<V, S>(eHi, d);
  let c = sub<V, S>(eLo, mul<V, S>(q, add<V, S>(dErr, eLo)));
  c = sub<V, S>(c, mul<V, S>(c, q));
  if (wantCorrection) return c;
  return q;
}

/** q of sigmoid(-|x|) = q + c. */
@inline export function negQ<V, S>(x: V): V { return sigmoidOfMinusAbsParts<V, S>(x, false); }
/** c of sigmoid(-|x|) = q + c. */
@inline export function negC<V, S>(x: V): V { return sigmoidOfMinusAbsParts<V, S>(x, true); }

/** 1 - q, rounded; with oneMinusQErr it holds 1 - q exactly (Fast2Sum, q <= 1/2). */
@inline function oneMinusQ<V, S>(q: V): V {
  return sub<V, S>(k<V, S>(ONE32, ONE64), q);
}
@inline function oneMinusQErr<V, S>(q: V, r: V): V {
  return sub<V, S>(sub<V, S>(k<V, S>(ONE32, ONE64), r), q); // (1 - q) - r, exactly
}

/** sigmoid(x) = q + c for x <= 0, (1 - q) - c = r + (rErr - c) for x > 0. */
@inline export function sigmoidOf<V, S>(x: V): V {
  const q = negQ<V, S>(x);
  const c = negC<V, S>(x);
  const r = oneMinusQ<V, S>(q);
  const positive = add<V, S>(r, sub<V, S>(oneMinusQErr<V, S>(q, r), c));
  return selectPositive<V, S>(x, positive, add<V, S>(q, c));
}

/**
 * derivative = f (1 - f), f = q + c, 1 - q = r + rErr:
 *   (q + c)(r + rErr - c) = q r + (q rErr + c (r - q)) + O(c^2).
 * It uses |x| only, so derivative(-x) === derivative(x) exactly.
 */
@inline export function derivativeOf<V, S>(x: V): V {
  const q = negQ<V, S>(x);
  const c = negC<V, S>(x);
  const r = oneMinusQ<V, S>(q);
  const small = muladd<V, S>(q, oneMinusQErr<V, S>(q, r), mul<V, S>(c, sub<V, S>(r, q)));
  return muladd<V, S>(q, r, small);
}

/** dx = dy * (y * (1 - y)): the backward step from the saved output y. */
@inline export function backward<V, S>(y: V, dy: V): V {
  const one = k<V, S>(ONE32, ONE64);
  return mul<V, S>(dy, mul<V, S>(y, sub<V, S>(one, y)));
}
