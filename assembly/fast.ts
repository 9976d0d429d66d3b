// The fast tier for float32: computed in float32 lanes (./lanes32.ts), four
// to a v128 where the accurate tier (./sigmoid.ts, ./family.ts) holds two
// float64. The contract (src/ops.ts): the sigmoid within 3 ULP, every other
// function within 4, on all 2^32 inputs and in every build; nothing flushed
// to 0 while the correctly rounded result is not; probabilities in [0, 1];
// derivatives from x, exactly even or odd as the function is.
//
// One core, e' = 2^64 e^-z for z >= 0 (expScaled):
//   n = round(-z log2 e), by the magic bias (1.5 * 2^23 + 127 + 64: the low
//   significand bits hold n + 191, and shifted left by 23 they are the
//   exponent of s = 2^(n + 64), normal for every n >= -190);
//   t = z + n ln2 in two steps, ln2 = LN2_HI + LN2_LO, LN2_HI with 9
//   trailing zero bits so that n LN2_HI is exact and z + n LN2_HI exact too
//   (Sterbenz) whether or not the engine fuses: Cody & Waite's reduction,
//   as in XNNPACK's rr2 sigmoid kernels;
//   e^-t = 1 + t p(t), p of degree 5 (e^-t of degree 6), fitted for the
//   relative error of e^-t on |t| <= ln2/2 (2^-26.6);
//   e' = s + (t s) p: e scaled by 2^64, so that e' and d' = 2^64 + e' stay
//   normal down to the smallest subnormal result, and a result rounds once,
//   in its last division, instead of flushing.
// The sigmoid is then one division: sigmoid(x) = num / d' with num = e' for
// a negative x and 2^64 otherwise (the sign bit picks it: one bitselect).
// The old fast tier compensated the rounding of d' (seven operations a
// vector, for 2 ULP); the 3-ULP contract lets it go.
//
// The family reuses the core (2 |x| for tanh and its derivative, exact):
//   tanh(x) = -expm1(-2|x|) / (2 + expm1(-2|x|)) with x's sign, expm1 as
//     (s - 2^64) + (t s) p (s - 2^64 exact for the n it meets): no
//     cancellation near 0, and no rational to clamp;
//   tanh'(x) = 4 q - 4 q^2 / 4 with 4 q = 4 e' / d' for 2 |x|;
//   silu(x) = x / (d' 2^-64) for x > 0, (x e') / d' otherwise;
//   silu'(x) = (1 - q) + x (q - q^2) for x > 0, (e' ((1 + x) - x q)) / d'
//     otherwise (1 + x is exact there; the zero near -1.2785 is the
//     absolute band's, src/ops.ts);
//   the loss's gradient sigmoid(x) - t = ((1 - t) a - t b) / d', a and b
//     the numerators of sigmoid(x) and 1 - sigmoid(x): one of them vanishes
//     for t = 0 or 1;
//   softplus(x) = max(x, 0) + log1p(e), e = e^-|x|, log1p(e) = 2 atanh(s)
//     with 2 s = 2 e / (2 + e) = e' / (2^64 + e'/2) rounded once (s itself
//     could round to 0 where 2 s does not), 2 atanh(s) = 2 s (1 + w Q(w)),
//     w = s^2 <= 1/9; logSigmoid(x) = -softplus(-x), exactly;
//   the loss max(x, 0) - x t + log1p(e), the first two as x (1 - t) or -x t;
//   logit(p) = k ln2 + 2 atanh(s), s = (p 2^-k - (1 - p)) / (p 2^-k + (1 - p))
//     with k the difference of the exponents of p and 1 - p, moved by one so
//     that the ratio is in [0.71, 1.42] (|s| <= 0.172), p 2^-k - (1 - p)
//     exact (Sterbenz) and 1 - p's rounding fed back (Fast2Sum): no
//     rounded p / (1 - p), no cancellation near p = 1/2 (k = 0, s = 2p - 1).
// Measured on every float32 input, every build: npm run verify:f32
// (docs/accuracy.md).

import { k, add, sub, mul, div, fma, fabs, pmin, pmax, selectPositive, selectSign, signOf, nanOutside, zeroIfEqual, shiftIntoExponent } from './lanes32';

// ---- constants: exact bit patterns (float32) --------------------------------
@inline export const ONE: u32 = 0x3F800000; // 1.0
@inline const TWO: u32 = 0x40000000; // 2.0
@inline const FOUR: u32 = 0x40800000; // 4.0
@inline const QUARTER: u32 = 0x3E800000; // 0.25
@inline const NEG_QUARTER: u32 = 0xBE800000; // -0.25
@inline const HALF: u32 = 0x3F000000; // 0.5
@inline const TWO32: u32 = 0x4F800000; // 2^32
@inline const SQRT2: u32 = 0x3FB504F3; // 1.4142135
@inline const SQRT_HALF: u32 = 0x3F3504F3; // 0.70710677
@inline const ZMAX: u32 = 0x42D00000; // 104: e^-104 < 2^-150, half the smallest subnormal
@inline const ZMAX_SILU: u32 = 0x42E00000; // 112: |x| e^-|x| < 2^-150 past it
@inline const NEG_ZMAX_SILU: u32 = 0xC2E00000; // -112
@inline const ZMAX_TANH: u32 = 0x41900000; // 18 (for 2|x|): tanh rounds to 1 from |x| = 9.01
@inline const NEG_LOG2E: u32 = 0xBFB8AA3B; // -1.44269502
@inline const MAGIC: u32 = 0x4B4000BF; // 1.5 * 2^23 + 191 = 12583103
@inline const LN2_HI: u32 = 0x3F317200; // 0.693145751953125 (9 trailing zero bits)
@inline const LN2_LO: u32 = 0x35BFBE8E; // 1.42860677e-06 = ln2 - LN2_HI rounded
// e^-t = 1 + t p(t), p(t) = C1 + C2 t + ... + C6 t^5 (minimax for the relative
// error of e^-t on [-ln2/2, ln2/2]: 2^-26.6 with these float32 coefficients).
@inline const C6: u32 = 0x3AB6A1E9; // 0.00139336
@inline const C5: u32 = 0xBC091F20; // -0.00837
@inline const C4: u32 = 0x3D2AAA74; // 0.0416665
@inline const C3: u32 = 0xBE2AAA3E; // -0.166665
@inline const C2: u32 = 0x3F000000; // 0.5
@inline const C1: u32 = 0xBF800000; // -1
@inline const TWO64: u32 = 0x5F800000; // 2^64
@inline const TWO65: u32 = 0x60000000; // 2^65
@inline const TWO_M64: u32 = 0x1F800000; // 2^-64

// The core's constants splatted to 4 lanes, 16 bytes each, in linear memory.
// V8 13.6 and later (Node 24+, Deno, Chromium) rematerialize every
// v128.const inside a loop (movq, vmovq, vpunpcklqdq for each use; known
// upstream: nodejs/node#61695), where V8 12 hoisted them. Loaded from memory
// once before the loop, they are values the register allocator keeps in
// registers (measured: 10-20 % faster than loading them at each use).
// Order: the arguments of Core (below).
const CONSTANTS: usize = memory.data<u32>([
  NEG_LOG2E, NEG_LOG2E, NEG_LOG2E, NEG_LOG2E, MAGIC, MAGIC, MAGIC, MAGIC,
  LN2_HI, LN2_HI, LN2_HI, LN2_HI, LN2_LO, LN2_LO, LN2_LO, LN2_LO,
  C6, C6, C6, C6, C5, C5, C5, C5, C4, C4, C4, C4, C3, C3, C3, C3, C2, C2, C2, C2, C1, C1, C1, C1,
  TWO64, TWO64, TWO64, TWO64,
], 16);

/** The core's constant number i (0-10), as a value of the lane type. */
@inline export function coreConstant<V>(i: i32): V {
  if (isVector<V>()) return <V>v128.load(CONSTANTS + (<usize>i << 4));
  else return <V>load<f32>(CONSTANTS + (<usize>i << 4));
}

// Every function below takes the core's 11 constants as arguments (nl,
// magic, lh, ll, c6 ... c1, two64: the table's order), which the loops load
// once per call; constants of one function alone are immediates.

/**
 * e' = 2^64 e^-z, z in [0, 112] (see the header); with `expm1`, 2^64 expm1(-z)
 * = e' - 2^64 without the cancellation (s - 2^64 is exact for n >= -27).
 */
@inline export function expScaled<V>(z: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V, expm1: bool = false): V {
  const vn = fma<V>(z, nl, magic);
  const s = shiftIntoExponent<V>(vn); // 2^(n + 64)
  const n = sub<V>(vn, magic);
  let t = fma<V>(n, lh, z); // exact
  t = fma<V>(n, ll, t);
  let p = fma<V>(c6, t, c5);
  p = fma<V>(p, t, c4);
  p = fma<V>(p, t, c3);
  p = fma<V>(p, t, c2);
  p = fma<V>(p, t, c1);
  return fma<V>(mul<V>(t, s), p, expm1 ? sub<V>(s, two64) : s);
}

/** sigmoid(x). */
@inline export function sigmoidFast<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V {
  const e = expScaled<V>(pmin<V>(fabs<V>(x), k<V>(ZMAX)), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64);
  return div<V>(selectSign<V>(x, e, two64), add<V>(e, two64));
}

/** sigmoid'(x) = q - q^2, q = sigmoid(-|x|). */
@inline export function derivativeFast<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V {
  const e = expScaled<V>(pmin<V>(fabs<V>(x), k<V>(ZMAX)), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64);
  const q = div<V>(e, add<V>(e, two64));
  return sub<V>(q, mul<V>(q, q));
}

/** tanh(x) = -expm1(-2|x|) / (2 + expm1(-2|x|)), with x's sign. */
@inline export function tanhFast<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V {
  const z = pmin<V>(add<V>(fabs<V>(x), fabs<V>(x)), k<V>(ZMAX_TANH));
  const em1 = expScaled<V>(z, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64, true); // 2^64 expm1(-z)
  return signOf<V>(x, div<V>(em1, add<V>(em1, k<V>(TWO65)))); // the quotient is <= 0: x's sign, its magnitude
}

/** tanh'(x) = 1 - tanh(x)^2 = 4 q (1 - q), q = sigmoid(-2|x|). */
@inline export function tanhDerivativeFast<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V {
  const z = pmin<V>(add<V>(fabs<V>(x), fabs<V>(x)), k<V>(ZMAX_SILU));
  const e = expScaled<V>(z, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64);
  const q4 = div<V>(mul<V>(e, k<V>(FOUR)), add<V>(e, two64));
  // q4 - q4^2/4 as one multiply-add (fused where relaxed SIMD fuses; the same bits as before where not).
  return fma<V>(mul<V>(q4, k<V>(NEG_QUARTER)), q4, q4);
}

/** silu(x) = x sigmoid(x). */
@inline export function siluFast<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V {
  const e = expScaled<V>(pmin<V>(fabs<V>(x), k<V>(ZMAX_SILU)), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64);
  const d = add<V>(e, two64);
  // x <= -112 (and -Inf) as -112: the result rounds to -0 there.
  const num = selectPositive<V>(x, x, mul<V>(pmax<V>(x, k<V>(NEG_ZMAX_SILU)), e));
  return div<V>(num, selectPositive<V>(x, mul<V>(d, k<V>(TWO_M64)), d));
}

/** silu'(x) = sigmoid(x) (1 + x (1 - sigmoid(x))). */
@inline export function siluDerivativeFast<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V {
  const e = expScaled<V>(pmin<V>(fabs<V>(x), k<V>(ZMAX_SILU)), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64);
  const d = add<V>(e, two64);
  const q = div<V>(e, d);
  // x >= 112 (and +Inf) as 112: q - q^2 is 0 there and the result 1.
  const positive = fma<V>(pmin<V>(x, k<V>(ZMAX_SILU)), sub<V>(q, mul<V>(q, q)), sub<V>(k<V>(ONE), q));
  const xc = pmax<V>(x, k<V>(NEG_ZMAX_SILU));
  const w = sub<V>(add<V>(k<V>(ONE), xc), mul<V>(xc, q));
  return selectPositive<V>(x, positive, div<V>(mul<V>(e, w), d));
}

/** The loss's gradient sigmoid(x) - t, NaN for t outside [0, 1]. */
@inline export function bceGradientFast<V>(x: V, t: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V {
  // z up to 112, not 104: at x = -Inf, e^-112 is too small to move t's subnormal last bit.
  const e = expScaled<V>(pmin<V>(fabs<V>(x), k<V>(ZMAX_SILU)), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64);
  const a = selectSign<V>(x, e, two64); // d' sigmoid(x)
  const b = selectSign<V>(x, two64, e); // d' (1 - sigmoid(x))
  const num = fma<V>(sub<V>(k<V>(ONE), t), a, mul<V>(mul<V>(t, b), c1));
  return nanOutside<V>(t, k<V>(0), k<V>(ONE), div<V>(num, add<V>(e, two64)));
}

/** 2 atanh(s) = log1p(2s / (1 - s)) from s2 = 2 s, |s| <= 1/3: s2 (1 + w Q(w)), w = s^2. */
@inline function atanh2<V>(s2: V): V {
  const w = mul<V>(mul<V>(s2, s2), k<V>(QUARTER));
  // Q(w) ~ (atanh(s)/s - 1)/w, degree 4 (with 1/3 the first): 2^-27 relative on |s| <= 1/3.
  let q = fma<V>(w, k<V>(0x3DF9CB2B), k<V>(0x3DDB1F0B));
  q = fma<V>(q, w, k<V>(0x3E128914));
  q = fma<V>(q, w, k<V>(0x3E4CCB1C));
  q = fma<V>(q, w, k<V>(0x3EAAAAAD));
  return fma<V>(s2, mul<V>(q, w), s2);
}

/** log1p(e^-|x|), from e' = 2^64 e^-|x|. */
@inline function log1pExp<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V {
  const e = expScaled<V>(pmin<V>(fabs<V>(x), k<V>(ZMAX)), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64);
  return atanh2<V>(div<V>(e, fma<V>(e, k<V>(HALF), two64)));
}

/** softplus(x) = max(x, 0) + log1p(e^-|x|). */
@inline export function softplusFast<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V {
  return add<V>(pmax<V>(x, k<V>(0)), log1pExp<V>(x, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
}

/**
 * log(sigmoid(x)) = min(x, -0) - log1p(e^-|x|): -softplus(-x) bit for bit
 * (negation is exact and rounding symmetric; -0 where softplus(-x) is +0),
 * without its two negations.
 */
@inline export function logSigmoidFast<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V {
  return sub<V>(pmin<V>(x, k<V>(0x80000000)), log1pExp<V>(x, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
}

/** The loss max(x, 0) - x t + log1p(e^-|x|), NaN for t outside [0, 1]. */
@inline export function bceFast<V>(x: V, t: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V {
  const one = k<V>(ONE);
  // x (1 - t) for x > 0, -x t otherwise; 0 where the factor is (x = +-Inf there too).
  const positive = zeroIfEqual<V>(t, one, mul<V>(x, sub<V>(one, t)));
  const negative = zeroIfEqual<V>(t, k<V>(0), mul<V>(x, mul<V>(t, c1)));
  const loss = add<V>(selectPositive<V>(x, positive, negative), log1pExp<V>(x, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
  return nanOutside<V>(t, k<V>(0), one, loss);
}

/** logit(p) = log(p / (1 - p)) (see the header); -Inf at 0, +Inf at 1, NaN outside [0, 1]. */
@inline export function logitFast<V>(p: V, lh: V, ll: V): V {
  const one = k<V>(ONE);
  const omp = sub<V>(one, p);
  const c = sub<V>(sub<V>(one, omp), p); // 1 - p = omp + c exactly (Fast2Sum)
  const pp = mul<V>(p, k<V>(TWO32)); // normal for every p > 0
  let pk = k<V>(0);
  let kf = k<V>(0);
  if (isVector<V>()) {
    let kk = i32x4.sub(i32x4.sub(i32x4.shr_s(<v128>pp, 23), i32x4.shr_s(<v128>omp, 23)), i32x4.splat(32));
    let r = v128.or(v128.and(<v128>pp, i32x4.splat(0x807FFFFF)), v128.and(<v128>omp, i32x4.splat(0x7F800000)));
    const big = f32x4.gt(r, f32x4.mul(<v128>omp, f32x4.splat(reinterpret<f32>(SQRT2))));
    const small = f32x4.lt(r, f32x4.mul(<v128>omp, f32x4.splat(reinterpret<f32>(SQRT_HALF))));
    kk = i32x4.add(i32x4.sub(kk, big), small);
    pk = <V>v128.bitselect(f32x4.mul(r, f32x4.splat(0.5)), v128.bitselect(f32x4.add(r, r), r, small), big);
    kf = <V>f32x4.convert_i32x4_s(kk);
  } else {
    const ppb = reinterpret<i32>(<f32>pp), ob = reinterpret<i32>(<f32>omp);
    let kk = (ppb >> 23) - (ob >> 23) - 32;
    let r = reinterpret<f32>((ppb & 0x807FFFFF) | (ob & 0x7F800000));
    const big = r > <f32>omp * reinterpret<f32>(SQRT2);
    const small = r < <f32>omp * reinterpret<f32>(SQRT_HALF);
    kk = kk + (big ? 1 : 0) - (small ? 1 : 0);
    r = big ? r * <f32>0.5 : small ? r + r : r;
    pk = <V>r;
    kf = <V><f32>kk;
  }
  const num = sub<V>(sub<V>(pk, omp), c); // pk - omp exact
  const den = add<V>(add<V>(pk, omp), c);
  const l = atanh2<V>(div<V>(add<V>(num, num), den));
  let y = fma<V>(kf, lh, fma<V>(kf, ll, l));
  if (isVector<V>()) {
    const at1 = f32x4.eq(<v128>p, f32x4.splat(1));
    const at0 = f32x4.eq(<v128>p, f32x4.splat(0));
    y = <V>v128.bitselect(f32x4.splat(Infinity), v128.bitselect(f32x4.splat(-Infinity), <v128>y, at0), at1);
  } else {
    y = p == <V>1 ? <V>Infinity : p == <V>0 ? <V>-Infinity : y;
  }
  return nanOutside<V>(p, k<V>(0), one, y);
}

/** dx = dy * (y * (1 - y)), in float32: three roundings, within 3 ULP. */
@inline export function backwardFast32<V>(y: V, dy: V): V {
  return mul<V>(dy, mul<V>(y, sub<V>(k<V>(ONE), y)));
}

// The functions of the tier as classes, so that one loop (./loops.ts:
// mapFast32, mapFast32x2) instantiated for a class compiles that function
// alone: changetype<Op>(0).of<V>(...) is a static call to an @inline method.
export class SigmoidFast { @inline of<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V { return sigmoidFast<V>(x, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64); } }
export class DerivativeFast { @inline of<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V { return derivativeFast<V>(x, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64); } }
export class TanhFast { @inline of<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V { return tanhFast<V>(x, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64); } }
export class TanhDerivativeFast { @inline of<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V { return tanhDerivativeFast<V>(x, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64); } }
export class SiluFast { @inline of<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V { return siluFast<V>(x, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64); } }
export class SiluDerivativeFast { @inline of<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V { return siluDerivativeFast<V>(x, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64); } }
export class BceGradientFast { @inline of<V>(x: V, t: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V { return bceGradientFast<V>(x, t, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64); } }
export class SoftplusFast { @inline of<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V { return softplusFast<V>(x, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64); } }
export class LogSigmoidFast { @inline of<V>(x: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V { return logSigmoidFast<V>(x, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64); } }
export class LogitFast { @inline of<V>(p: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V { return logitFast<V>(p, lh, ll); } }
export class BceFast { @inline of<V>(x: V, t: V, nl: V, magic: V, lh: V, ll: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V, two64: V): V { return bceFast<V>(x, t, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64); } }
