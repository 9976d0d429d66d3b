// The fast tier for float32: computed in float32 lanes (./lanes32.ts), four
// to a v128 where the accurate tier (./sigmoid.ts) holds two float64.
//
//   f = sigmoid(-|x|) = e / (1 + e),  e = e^-|x|
//   sigmoid(x)    = f for x <= 0, 1 - f for x > 0
//   derivative(x) = f - f^2
// From |x| only, as in the accurate tier: the derivative is exactly
// symmetric, and the fused kernel (both from one f) is bitwise equal to the
// two separate ones. NaN stays NaN, +-0 give 0.5.
//
// e^-z, z = min(|x|, 104) (past 104 every result is 0 or 1):
//   n = round(-z log2 e), by the magic bias (1.5 * 2^23 + 127 + 64: the low
//   significand bits hold n + 191, and shifted left by 23 they are the
//   exponent of s = 2^(n + 64), normal for every n >= -150);
//   t = -z - n ln2 in two steps, ln2 = LN2_HI + LN2_LO with LN2_HI's 9
//   trailing zero bits making n LN2_HI exact (Cody & Waite's reduction, as
//   in XNNPACK's rr2 sigmoid kernels); -z - n LN2_HI is then exact
//   (Sterbenz), and adding n LN2_LO rounds once;
//   e^t = 1 + t + t^2 r(t), r of degree 4 (scripts/exp-poly.py: relative
//   error 2^-26.5 in float32 coefficients), and e' = s + s (t + t^2 r):
//   e scaled by 2^64, so that e' and d' = 2^64 + e' stay normal down to the
//   smallest subnormal result, and f = e'/d' rounds once there, never
//   flushing to 0.
// The rounding of d' is what the error budget cannot afford (with it left
// alone the sigmoid is 2.3 ULP off, even from a correctly rounded e): its
// error dErr = (2^64 - d') + e' is exact (Fast2Sum, |e'| <= 2^64), and
//   f = q - q dErr / d',  q = e'/d',  1/d' = 2^-64 (1 - f) ~ 2^-64 (1 - q).
// Five more operations a vector; without them the contract does not hold.
// The derivative needs one rounding less again: where f is just above a
// power of two and f (1 - f) just below it, f's error counts double in the
// derivative's ULPs (verify:f32 found 3.22 ULP at x = 6.2354 with the
// sigmoid's f). So the derivative's f also feeds back e's own rounding,
// eErr = (s + su) - e (exact, Fast2Sum): f = q + (eErr - q (dErr + eErr)) / d'.
// Measured on every float32 input, every build (npm run verify:f32):
// sigmoid 1.967 ULP, derivative within 3 (ACCURACY.md has the figure).
//
// Measured (npm run verify:f32, every float32 input): see the header of the
// registry entry (src/registry.ts) and ACCURACY.md.

import { k, add, sub, mul, div, fma, fabs, pmin, selectPositive, shiftIntoExponent } from './lanes32';

// ---- constants: exact bit patterns (float32) --------------------------------
@inline const ONE: u32 = 0x3F800000; // 1.0
@inline const ZMAX: u32 = 0x42D00000; // 104.0: e^-104 < 2^-150, half the smallest subnormal
@inline const NEG_LOG2E: u32 = 0xBFB8AA3B; // -1.44269502
@inline const MAGIC: u32 = 0x4B4000BF; // 1.5 * 2^23 + 191 = 12583103
@inline const NEG_LN2_HI: u32 = 0xBF317200; // -0.693145751953125 (9 trailing zero bits)
@inline const NEG_LN2_LO: u32 = 0xB5BFBE8E; // -1.42860677e-06 = -(ln2 - LN2_HI) rounded
@inline const TWO64: u32 = 0x5F800000; // 2^64
@inline const TWO_M64: u32 = 0x1F800000; // 2^-64
// r(t) ~ (e^t - 1 - t) / t^2, degree 4 (e^t of degree 6), scripts/exp-poly.py
@inline const P6_C6: u32 = 0x3AB688CD; // 0.00139262679
@inline const P6_C5: u32 = 0x3C090600; // 0.00836324692
@inline const P6_C4: u32 = 0x3D2AAA8C; // 0.0416665524
@inline const P6_C3: u32 = 0x3E2AAA6E; // 0.166665763
@inline const P6_C2: u32 = 0x3F000000; // 0.5

/**
 * The constants of fFast32, as values of the lane type: the SIMD loops load
 * them from CONSTANTS once per call (see below) and pass them in; the scalar
 * code passes immediates.
 */
@inline export function fWith<V>(
  x: V, zmax: V, negLog2e: V, magic: V, negLn2Hi: V, negLn2Lo: V,
  c6: V, c5: V, c4: V, c3: V, c2: V, two64: V, one: V, twoM64: V, forDerivative: bool,
): V {
  const z = pmin<V>(fabs<V>(x), zmax); // NaN stays NaN
  const vn = fma<V>(z, negLog2e, magic);
  const s = shiftIntoExponent<V>(vn); // 2^(n + 64)
  const n = sub<V>(vn, magic);
  let t = sub<V>(mul<V>(n, negLn2Hi), z); // exact
  t = fma<V>(n, negLn2Lo, t);
  let r = fma<V>(c6, t, c5);
  r = fma<V>(r, t, c4);
  r = fma<V>(r, t, c3);
  r = fma<V>(r, t, c2);
  const u = fma<V>(mul<V>(t, t), r, t); // e^t - 1
  const su = mul<V>(s, u); // exact: s is a power of two
  const e = add<V>(su, s); // 2^64 e^-z, one rounding
  const d = add<V>(e, two64);
  const dErr = add<V>(sub<V>(two64, d), e); // (2^64 + e) - d, exactly
  const q = div<V>(e, d);
  if (!forDerivative) {
    const c = mul<V>(mul<V>(mul<V>(q, dErr), sub<V>(one, q)), twoM64);
    return sub<V>(q, c);
  }
  // For the derivative, e's own rounding too: eErr = (s + su) - e exactly
  // (Fast2Sum, |su| < |s|), and f = q + (eErr - q (dErr + eErr)) / d'.
  const eErr = add<V>(sub<V>(s, e), su);
  const num = sub<V>(eErr, mul<V>(q, add<V>(dErr, eErr)));
  return add<V>(q, mul<V>(mul<V>(num, sub<V>(one, q)), twoM64));
}

/** f = sigmoid(-|x|) in float32 lanes (see the header), constants as immediates. */
@inline export function fFast32<V>(x: V, forDerivative: bool): V {
  return fWith<V>(
    x, k<V>(ZMAX), k<V>(NEG_LOG2E), k<V>(MAGIC), k<V>(NEG_LN2_HI), k<V>(NEG_LN2_LO),
    k<V>(P6_C6), k<V>(P6_C5), k<V>(P6_C4), k<V>(P6_C3), k<V>(P6_C2), k<V>(TWO64), k<V>(ONE), k<V>(TWO_M64), forDerivative,
  );
}

// The same constants splatted to 4 lanes, 16 bytes each, in linear memory.
// V8 13.6 and later (Node 24+, Deno, Chromium) rematerialize every
// v128.const inside a loop (movq, vmovq, vpunpcklqdq for each use; known
// upstream: nodejs/node#61695), where V8 12 hoisted them. Loaded from memory
// once before the loop, they are values the register allocator keeps in
// registers or spill slots instead. See mapFast32 in ./index.ts.
const CONSTANTS: usize = memory.data<u32>([
  ZMAX, ZMAX, ZMAX, ZMAX, NEG_LOG2E, NEG_LOG2E, NEG_LOG2E, NEG_LOG2E, MAGIC, MAGIC, MAGIC, MAGIC,
  NEG_LN2_HI, NEG_LN2_HI, NEG_LN2_HI, NEG_LN2_HI, NEG_LN2_LO, NEG_LN2_LO, NEG_LN2_LO, NEG_LN2_LO,
  P6_C6, P6_C6, P6_C6, P6_C6, P6_C5, P6_C5, P6_C5, P6_C5, P6_C4, P6_C4, P6_C4, P6_C4,
  P6_C3, P6_C3, P6_C3, P6_C3, P6_C2, P6_C2, P6_C2, P6_C2, TWO64, TWO64, TWO64, TWO64,
  ONE, ONE, ONE, ONE, TWO_M64, TWO_M64, TWO_M64, TWO_M64,
], 16);

/** The constant table's vector number i. */
@inline export function constant(i: i32): v128 {
  return v128.load(CONSTANTS + <usize>(i << 4));
}

/** sigmoid(x) from x and f = sigmoid(-|x|). */
@inline export function sigmoidFromF32<V>(x: V, f: V): V {
  return selectPositive<V>(x, sub<V>(k<V>(ONE), f), f);
}

/** derivative(x) = f (1 - f) = f - f^2, from f = sigmoid(-|x|) in [0, 1/2]. */
@inline export function derivativeFromF32<V>(f: V): V {
  return sub<V>(f, mul<V>(f, f));
}

/** dx = dy * (y * (1 - y)), in float32: three roundings, within 3 ULP. */
@inline export function backwardFast32<V>(y: V, dy: V): V {
  return mul<V>(dy, mul<V>(y, sub<V>(k<V>(ONE), y)));
}
