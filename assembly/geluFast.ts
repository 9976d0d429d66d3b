// GELU's fast tier for float32 (its kernels within 4 ULP, on every float32
// input, every build): float32 lanes where float32 suffices, float64 lanes
// for the two steps where a float32 rounding would show in the tail.
//
// gelu(x) = x Phi(x) and gelu'(x) = Phi(x) + x phi(x), from
// Phi(-t) = e^(-t^2/2) h(t), t = |x| (as ./gelu.ts):
//   t^2/2 = zh + zl exactly in float32: th = t with its low 12 significand
//     bits cleared (one and), tl = t - th (exact), th^2 (exact: 12 + 12 bits)
//     and tl (t + th) (2^-11 of it, its rounding far below float32's);
//   e' = 2^64 e^-(zh + zl) by ./fast.ts's core (its constants and
//     polynomial), zl joining the reduced argument: the rounding of x^2/2
//     (up to 50 ULP near x = -14) never happens;
//   h(t) = erfcx(t / sqrt 2) / 2, a rational of degree 4/5 on [0, 15] fitted
//     here for the relative error (2^-27.2), evaluated in float64 lanes and
//     rounded once: in float32 its Horner roundings alone cost 5 to 7 ULP
//     (measured), where they add up instead of dying out;
//   gelu = x Phi(-t) for x <= 0, x - x Phi(-t) otherwise;
//   gelu' = e' (h - t / sqrt(2 pi)) 2^-64 for x <= 0, 1 minus it otherwise
//     (h - t / sqrt(2 pi) in float64 too, before the rounding).
// geluTanh(x) = x sigmoid(v), v = x (C1 + C3 x^2): |v| and its reduction
// n = round(-|v| log2 e), r = |v| + n ln2 are computed in float64 lanes
// (a float32 v is off by |v| 2^-24, 100 ULP in the tail), then r rounded to
// float32 and 2^(n + 64) made from n's bits as the core makes it: the rest is
// ./fast.ts's sigmoid, one division; geluTanh'(x) = sigmoid(v) (1 + x v'
// (1 - sigmoid(v))) as ./fast.ts's silu', with m = |x v'| from float64.
// In the relaxed build the float64 steps use f64x2.relaxed_madd too; the
// tails run as one padded vector (./loops.ts), as for every fast kernel.

import { add, sub, mul, div, fma, fabs, pmin, pmax, neg, selectPositive, selectSign, shiftIntoExponent } from './lanes32';
import { widenLo, widenHi, narrow } from './lanes';

// ---- float32 constants --------------------------------------------------------
@inline const ONE: u32 = 0x3F800000;
@inline const HALF: u32 = 0x3F000000;
@inline const T_MAX: u32 = 0x41700000; // 15
@inline const NEG_T_MAX: u32 = 0xC1700000; // -15
@inline const X_TANH: u32 = 0x41400000; // 12: |v(12)| = 142, e^-112 (the core's limit) beyond
@inline const NEG_X_TANH: u32 = 0xC1400000; // -12
@inline const TWO_M64: u32 = 0x1F800000; // 2^-64
@inline const HI12: u32 = 0xFFFFF000; // sign, exponent and the top 11 stored significand bits

// ---- float64 constants (bits) -------------------------------------------------
@inline const D_NEG_LOG2E: u64 = 0xBFF71547652B82FE;
@inline const D_MAGIC: u64 = 0x43380000000000BF; // 1.5 * 2^52 + 191: n + 191 in the low bits, as ./fast.ts's MAGIC
@inline const D_LN2: u64 = 0x3FE62E42FEFA39EF;
@inline const D_ZMAX: u64 = 0x405C000000000000; // 112, the core's limit
@inline const D_C1: u64 = 0x3FF9884533D43651; // 2 sqrt(2/pi)
@inline const D_C3: u64 = 0x3FB2444F2A4D8B4B; // 0.044715 * 2 sqrt(2/pi)
@inline const D_C3X3: u64 = 0x3FCB6676BF7450F0; // 3 * 0.044715 * 2 sqrt(2/pi)
@inline const D_INV_SQRT_2PI: u64 = 0x3FD9884533D43651;
// h(t) ~ (P0 + ... + P4 t^4) / (1 + Q1 t + ... + Q5 t^5) on [0, 15], 2^-27.2 relative
@inline const P0: u64 = 0x3FE0000001B032AC;
@inline const P1: u64 = 0x3FDC1D28CD2EFD68;
@inline const P2: u64 = 0x3FC78C32632B4F28;
@inline const P3: u64 = 0x3FA4EE36A5D649D6;
@inline const P4: u64 = 0x3F7102BF66DBED88;
@inline const Q1: u64 = 0x3FFAD2B777FF68F8;
@inline const Q2: u64 = 0x3FF349E030A2CD85;
@inline const Q3: u64 = 0x3FDE2B6BC0520CF3;
@inline const Q4: u64 = 0x3FBA3BECEF3A6F04;
@inline const Q5: u64 = 0x3F8551CEEAE56471;

// The constants as 16-byte entries in linear memory: V8 13.6 and later
// rematerialize every v128.const at each use inside a loop (./fast.ts), three
// instructions where a load from the table is one.
@inline const I_D_NEG_LOG2E: i32 = 0;
@inline const I_D_MAGIC: i32 = 1;
@inline const I_D_LN2: i32 = 2;
@inline const I_D_ZMAX: i32 = 3;
@inline const I_D_C1: i32 = 4;
@inline const I_D_C3: i32 = 5;
@inline const I_D_C3X3: i32 = 6;
@inline const I_D_NEG_INV_SQRT_2PI: i32 = 7;
@inline const I_P: i32 = 8; // P0 .. P4: 8 .. 12
@inline const I_Q: i32 = 13; // Q1 .. Q5: 13 .. 17
@inline const I_D_ONE: i32 = 18;
@inline const I_ONE: i32 = 19; // float32 entries from here
@inline const I_HALF: i32 = 20;
@inline const I_T_MAX: i32 = 21;
@inline const I_NEG_T_MAX: i32 = 22;
@inline const I_X_TANH: i32 = 23;
@inline const I_NEG_X_TANH: i32 = 24;
@inline const I_TWO_M64: i32 = 25;
@inline const I_HI12: i32 = 26;
@inline const I_D_TWO_M64: i32 = 27;
@inline const D_TWO_M64: u64 = 0x3BF0000000000000; // 2^-64
@inline const D_ONE: u64 = 0x3FF0000000000000;
@inline const D_NEG_INV_SQRT_2PI: u64 = 0xBFD9884533D43651;
const TABLE: usize = memory.data<u64>([
  D_NEG_LOG2E, D_NEG_LOG2E, D_MAGIC, D_MAGIC, D_LN2, D_LN2, D_ZMAX, D_ZMAX,
  D_C1, D_C1, D_C3, D_C3, D_C3X3, D_C3X3, D_NEG_INV_SQRT_2PI, D_NEG_INV_SQRT_2PI,
  P0, P0, P1, P1, P2, P2, P3, P3, P4, P4, Q1, Q1, Q2, Q2, Q3, Q3, Q4, Q4, Q5, Q5, D_ONE, D_ONE,
  0x3F8000003F800000, 0x3F8000003F800000, 0x3F0000003F000000, 0x3F0000003F000000,
  0x4170000041700000, 0x4170000041700000, 0xC1700000C1700000, 0xC1700000C1700000,
  0x4140000041400000, 0x4140000041400000, 0xC1400000C1400000, 0xC1400000C1400000,
  0x1F8000001F800000, 0x1F8000001F800000, 0xFFFFF000FFFFF000, 0xFFFFF000FFFFF000, D_TWO_M64, D_TWO_M64,
], 16);

/** A float32 constant in every lane: loaded from the table (SIMD) or an immediate (scalar). */
@inline function kf<V>(at: i32, bits: u32): V {
  if (isVector<V>()) return <V>v128.load(TABLE + (<usize>at << 4));
  else return <V>reinterpret<f32>(bits);
}

// ---- float64 lanes W (v128 of 2 x f64, or f64) ---------------------------------
@inline function d<W>(at: i32, bits: u64): W {
  if (isVector<W>()) return <W>v128.load(TABLE + (<usize>at << 4));
  else return <W>reinterpret<f64>(bits);
}
@inline function dadd<W>(a: W, b: W): W { if (isVector<W>()) return <W>f64x2.add(<v128>a, <v128>b); else return a + b; }
@inline function dsub<W>(a: W, b: W): W { if (isVector<W>()) return <W>f64x2.sub(<v128>a, <v128>b); else return a - b; }
@inline function dmul<W>(a: W, b: W): W { if (isVector<W>()) return <W>f64x2.mul(<v128>a, <v128>b); else return a * b; }
@inline function ddiv<W>(a: W, b: W): W { if (isVector<W>()) return <W>f64x2.div(<v128>a, <v128>b); else return a / b; }
/** a b + c: relaxed_madd in the relaxed build's vectors, else two roundings. */
@inline function dfma<W>(a: W, b: W, c: W): W {
  if (isVector<W>() && ASC_FEATURE_RELAXED_SIMD) return <W>f64x2.relaxed_madd(<v128>a, <v128>b, <v128>c);
  return dadd<W>(dmul<W>(a, b), c);
}
@inline function dselectPositive<W>(c: W, a: W, b: W): W {
  if (isVector<W>()) return <W>v128.bitselect(<v128>a, <v128>b, f64x2.gt(<v128>c, f64x2.splat(0)));
  else return select<W>(a, b, c > <W>0);
}
@inline function dmin<W>(a: W, b: W): W { if (isVector<W>()) return <W>f64x2.pmin(<v128>a, <v128>b); else return select<W>(b, a, b < a); }

@inline const H_NUM: i32 = 0; // P(t)
@inline const H_DEN: i32 = 1; // Q(t): h(t) = P(t) / Q(t)
@inline const W_NUM: i32 = 2; // P(t) - t Q(t) / sqrt(2 pi): h(t) - t / sqrt(2 pi) = W / Q
@inline const H: i32 = 3; // h(t) = P / Q
@inline const W_H: i32 = 4; // h(t) - t / sqrt(2 pi) = W / Q

/** h's numerator or denominator (`part`), t in [0, 15], in float64. */
@inline function hPart<W>(t: W, part: i32): W {
  let q = dfma<W>(d<W>(I_Q + 4, Q5), t, d<W>(I_Q + 3, Q4));
  q = dfma<W>(q, t, d<W>(I_Q + 2, Q3));
  q = dfma<W>(q, t, d<W>(I_Q + 1, Q2));
  q = dfma<W>(q, t, d<W>(I_Q, Q1));
  q = dfma<W>(q, t, d<W>(I_D_ONE, D_ONE));
  if (part == H_DEN) return q;
  let p = dfma<W>(d<W>(I_P + 4, P4), t, d<W>(I_P + 3, P3));
  p = dfma<W>(p, t, d<W>(I_P + 2, P2));
  p = dfma<W>(p, t, d<W>(I_P + 1, P1));
  p = dfma<W>(p, t, d<W>(I_P, P0));
  if (part == H_NUM) return p;
  if (part == H) return ddiv<W>(p, q);
  if (part == W_H) return dfma<W>(t, d<W>(I_D_NEG_INV_SQRT_2PI, D_NEG_INV_SQRT_2PI), ddiv<W>(p, q));
  return dfma<W>(dmul<W>(t, d<W>(I_D_NEG_INV_SQRT_2PI, D_NEG_INV_SQRT_2PI)), q, p);
}

/**
 * hPart for float32 lanes: widened, evaluated, rounded once. The kernels take
 * the quotient in float64 (H, W_H): dividing P and Q rounded to float32 (one
 * division of 4 lanes instead of two of 2) measured no faster on Node 24 and
 * cost a ULP (4.17 ULP sampled for gelu, over its bound).
 */
@inline function h32<V>(t: V, part: i32): V {
  if (isVector<V>()) return <V>narrow(hPart<v128>(widenLo(<v128>t), part), hPart<v128>(widenHi(<v128>t), part));
  else return <V><f32>hPart<f64>(<f64><f32>t, part);
}

@inline const ARG_R: i32 = 0; // r = |v| + n ln2, rounded to float32
@inline const ARG_N: i32 = 1; // MAGIC + n, whose low bits make 2^(n + 64)

/** For t = |x| in float64: the reduction of |v| = t (C1 + C3 t^2) (`part`: r or MAGIC + n). */
@inline function tanhArg<W>(t: W, part: i32): W {
  const tt = dmul<W>(t, t);
  const a = dmin<W>(dmul<W>(t, dfma<W>(tt, d<W>(I_D_C3, D_C3), d<W>(I_D_C1, D_C1))), d<W>(I_D_ZMAX, D_ZMAX));
  const magic = d<W>(I_D_MAGIC, D_MAGIC);
  const vn = dfma<W>(a, d<W>(I_D_NEG_LOG2E, D_NEG_LOG2E), magic);
  if (part == ARG_N) return vn;
  return dfma<W>(dsub<W>(vn, magic), d<W>(I_D_LN2, D_LN2), a);
}

/** tanhArg for float32 lanes: r rounded to float32, or 2^(n + 64) (ARG_N). */
@inline function tanhArg32<V>(t: V, part: i32): V {
  if (isVector<V>()) {
    const lo = tanhArg<v128>(widenLo(<v128>t), part);
    const hi = tanhArg<v128>(widenHi(<v128>t), part);
    if (part == ARG_N) return <V>i32x4.shl(v128.shuffle<i32>(lo, hi, 0, 2, 4, 6), 23);
    return <V>narrow(lo, hi);
  } else {
    const w = tanhArg<f64>(<f64><f32>t, part);
    if (part == ARG_N) return <V>reinterpret<f32>(<u32>reinterpret<u64>(w) << 23);
    return <V><f32>w;
  }
}

/** e' = 2^64 e^-(zh + zl) by ./fast.ts's core (its constants as arguments), zl in the reduced argument. */
@inline function expTwo<V>(zh: V, zl: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V): V {
  const vn = fma<V>(add<V>(zh, zl), nl, magic);
  const s = shiftIntoExponent<V>(vn); // 2^(n + 64)
  const n = sub<V>(vn, magic);
  let t = fma<V>(n, lh, zh); // exact
  t = add<V>(fma<V>(n, ll, t), zl);
  return expPoly<V>(t, s, c6, c5, c4, c3, c2, c1);
}

/** s e^-t = s + (t s) p(t) (./fast.ts's polynomial). */
@inline function expPoly<V>(t: V, s: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V): V {
  let p = fma<V>(c6, t, c5);
  p = fma<V>(p, t, c4);
  p = fma<V>(p, t, c3);
  p = fma<V>(p, t, c2);
  p = fma<V>(p, t, c1);
  return fma<V>(mul<V>(t, s), p, s);
}

/** 2^64 e^(-t^2/2), t = |x| <= 15, the square carried exactly. */
@inline function gauss<V>(t: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V): V {
  let th: V;
  if (isVector<V>()) th = <V>v128.and(<v128>t, v128.load(TABLE + (<usize>I_HI12 << 4)));
  else th = <V>reinterpret<f32>(reinterpret<u32>(<f32>t) & HI12);
  const tl = sub<V>(t, th);
  const half = kf<V>(I_HALF, HALF);
  const zh = mul<V>(mul<V>(th, th), half);
  const zl = mul<V>(mul<V>(tl, add<V>(t, th)), half);
  return expTwo<V>(zh, zl, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1);
}

/** x Phi(x). */
@inline export function geluFast<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V {
  const xc = pmin<V>(pmax<V>(x, kf<V>(I_NEG_T_MAX, NEG_T_MAX)), kf<V>(I_T_MAX, T_MAX));
  const t = fabs<V>(xc);
  const e = gauss<V>(t, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1);
  const q = mul<V>(mul<V>(mul<V>(xc, h32<V>(t, H)), e), kf<V>(I_TWO_M64, TWO_M64)); // x Phi(-t)
  return selectSign<V>(x, q, sub<V>(x, q));
}

/** Phi(x) + x phi(x). */
@inline export function geluDerivativeFast<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V {
  const t = pmin<V>(fabs<V>(x), kf<V>(I_T_MAX, T_MAX));
  const e = gauss<V>(t, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1);
  const r = mul<V>(mul<V>(h32<V>(t, W_H), e), kf<V>(I_TWO_M64, TWO_M64)); // Phi(-t) - t phi(t)
  return selectSign<V>(x, r, sub<V>(kf<V>(I_ONE, ONE), r));
}

/** 2^64 e^-|v|, v = x (C1 + C3 x^2), for t = |x| clamped to 12. */
@inline function expV<V>(t: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V): V {
  return expPoly<V>(tanhArg32<V>(t, ARG_R), tanhArg32<V>(t, ARG_N), c6, c5, c4, c3, c2, c1);
}

/** x sigmoid(v). */
@inline export function geluTanhFast<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V {
  const t = pmin<V>(fabs<V>(x), kf<V>(I_X_TANH, X_TANH));
  const e = expV<V>(t, c6, c5, c4, c3, c2, c1);
  const dd = add<V>(e, two64);
  // x sigmoid(v) (v has x's sign) as one division, as ./fast.ts's silu: x e' / d' for x <= 0 (x <= -12
  // and -Inf as -12: the result rounds to -0 there), x / (d' 2^-64) otherwise
  const num = selectSign<V>(x, mul<V>(pmax<V>(x, kf<V>(I_NEG_X_TANH, NEG_X_TANH)), e), x);
  return div<V>(num, selectSign<V>(x, dd, mul<V>(dd, kf<V>(I_TWO_M64, TWO_M64))));
}

/**
 * sigmoid(v) (1 + x v' (1 - sigmoid(v))) from x (in [-12, 12]) and e = e^-|v|,
 * in float64: w = 1 + x v', then (1 + w e) / (1 + e)^2 for x > 0 and
 * e (w + e) / (1 + e)^2 otherwise, rounded once to float32 by the caller
 * (in float32 the squares and sums cost 5 ULP, measured).
 */
@inline function tanhDerivativeOf<W>(x: W, e: W): W {
  const o = d<W>(I_D_ONE, D_ONE);
  const w = dfma<W>(x, dfma<W>(dmul<W>(x, x), d<W>(I_D_C3X3, D_C3X3), d<W>(I_D_C1, D_C1)), o);
  const dd = dadd<W>(o, e);
  const num = dselectPositive<W>(x, dfma<W>(w, e, o), dmul<W>(e, dadd<W>(w, e)));
  return ddiv<W>(num, dmul<W>(dd, dd));
}

/** sigmoid(v) (1 + x v' (1 - sigmoid(v))). */
@inline export function geluTanhDerivativeFast<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V {
  const xc = pmin<V>(pmax<V>(x, kf<V>(I_NEG_X_TANH, NEG_X_TANH)), kf<V>(I_X_TANH, X_TANH));
  const e = expV<V>(fabs<V>(xc), c6, c5, c4, c3, c2, c1); // 2^64 e^-|v|, normal (e^-|v| alone is not past |v| = 87)
  if (isVector<V>()) {
    const m = d<v128>(I_D_TWO_M64, D_TWO_M64);
    return <V>narrow(tanhDerivativeOf<v128>(widenLo(<v128>xc), dmul<v128>(widenLo(<v128>e), m)), tanhDerivativeOf<v128>(widenHi(<v128>xc), dmul<v128>(widenHi(<v128>e), m)));
  } else return <V><f32>tanhDerivativeOf<f64>(<f64><f32>xc, <f64><f32>e * reinterpret<f64>(D_TWO_M64));
}

export class GeluFast { @inline of<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V { return geluFast<V>(x, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64); } }
export class GeluDerivativeFast { @inline of<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V { return geluDerivativeFast<V>(x, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64); } }
export class GeluTanhFast { @inline of<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V { return geluTanhFast<V>(x, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64); } }
export class GeluTanhDerivativeFast { @inline of<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V { return geluTanhDerivativeFast<V>(x, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64); } }
