// Lane operations on float32, generic over the register type V: the scalar
// f32 itself, or a v128 holding 4 x f32. The float32 twin of ./lanes.ts,
// for the fast tier (./fast.ts), which computes float32 results in float32.
//
// Every helper is one IEEE-754 operation per lane (or one bitwise/integer
// operation) in both forms, so the scalar build and the SIMD build round
// identically. The one exception is `fma`: in the relaxed-SIMD build its
// vector form is f32x4.relaxed_madd, which the engine may run fused (one
// rounding) or not (two), as the hardware has it; its scalar form is always
// two roundings. Only the fast tier uses `fma`, and the relaxed build runs
// its tails as vectors too (./index.ts), so within one engine and machine a
// result does not depend on an element's position.

/** A constant from its bit pattern, in every lane. */
@inline export function k<V>(bits: u32): V {
  if (isVector<V>()) return <V>f32x4.splat(reinterpret<f32>(bits));
  else return <V>reinterpret<f32>(bits);
}

@inline export function add<V>(a: V, b: V): V {
  if (isVector<V>()) return <V>f32x4.add(<v128>a, <v128>b);
  else return a + b;
}

@inline export function sub<V>(a: V, b: V): V {
  if (isVector<V>()) return <V>f32x4.sub(<v128>a, <v128>b);
  else return a - b;
}

@inline export function mul<V>(a: V, b: V): V {
  if (isVector<V>()) return <V>f32x4.mul(<v128>a, <v128>b);
  else return a * b;
}

@inline export function div<V>(a: V, b: V): V {
  if (isVector<V>()) return <V>f32x4.div(<v128>a, <v128>b);
  else return a / b;
}

/**
 * a * b + c: two roundings, except in the relaxed-SIMD build's vector form
 * (f32x4.relaxed_madd), where the engine may fuse it into one.
 */
@inline export function fma<V>(a: V, b: V, c: V): V {
  if (isVector<V>() && ASC_FEATURE_RELAXED_SIMD) return <V>f32x4.relaxed_madd(<v128>a, <v128>b, <v128>c);
  return add<V>(mul<V>(a, b), c);
}

@inline export function fabs<V>(a: V): V {
  if (isVector<V>()) return <V>f32x4.abs(<v128>a);
  else return <V>abs<f32>(<f32>a);
}

/** `b < a ? b : a` per lane (wasm's pmin: one instruction; a NaN in `a` is kept). */
@inline export function pmin<V>(a: V, b: V): V {
  if (isVector<V>()) return <V>f32x4.pmin(<v128>a, <v128>b);
  else return select<V>(b, a, b < a);
}

/** `c > 0 ? ifPositive : otherwise` per lane (false for NaN and -0). */
@inline export function selectPositive<V>(c: V, ifPositive: V, otherwise: V): V {
  if (isVector<V>()) return <V>v128.bitselect(<v128>ifPositive, <v128>otherwise, f32x4.gt(<v128>c, f32x4.splat(0)));
  else return select<V>(ifPositive, otherwise, c > <V>0);
}

/**
 * The bits of `a` shifted left by 23 (the float32 significand width): the
 * integer in the low significand bits of `MAGIC + n` (see ./fast.ts) becomes
 * the exponent field, a power of two with no float-to-int conversion.
 */
@inline export function shiftIntoExponent<V>(a: V): V {
  if (isVector<V>()) return <V>i32x4.shl(<v128>a, 23);
  else return <V>reinterpret<f32>(reinterpret<u32>(<f32>a) << 23);
}

/** `a`'s sign bit set (negative, -0, or a NaN with the bit) ? ifNeg : otherwise, per lane: one bitselect on the sign mask. */
@inline export function selectSign<V>(a: V, ifNeg: V, otherwise: V): V {
  if (isVector<V>()) return <V>v128.bitselect(<v128>ifNeg, <v128>otherwise, i32x4.shr_s(<v128>a, 31));
  else return select<V>(ifNeg, otherwise, reinterpret<i32>(<f32>a) < 0);
}

/** `a < b ? b : a` per lane (wasm's pmax: one instruction; a NaN in `a` is kept). */
@inline export function pmax<V>(a: V, b: V): V {
  if (isVector<V>()) return <V>f32x4.pmax(<v128>a, <v128>b);
  else return select<V>(b, a, a < b);
}

/** The sign bit of `s` with the other bits of `m`, per lane (copysign(|m|, s) when m's sign is clear; one bitselect). */
@inline export function signOf<V>(s: V, m: V): V {
  if (isVector<V>()) return <V>v128.bitselect(<v128>s, <v128>m, i32x4.splat(0x80000000));
  else return reinterpret<f32>((reinterpret<u32>(<f32>s) & 0x80000000) | (reinterpret<u32>(<f32>m) & 0x7FFFFFFF));
}

/** `lo <= a <= hi ? v : NaN` per lane (NaN for a NaN `a`). */
@inline export function nanOutside<V>(a: V, lo: V, hi: V, v: V): V {
  if (isVector<V>()) {
    const inside = v128.and(f32x4.ge(<v128>a, <v128>lo), f32x4.le(<v128>a, <v128>hi));
    return <V>v128.bitselect(<v128>v, f32x4.splat(NaN), inside);
  } else return select<V>(v, <V>NaN, a >= lo && a <= hi);
}

/** `a == b ? 0 : v` per lane. */
@inline export function zeroIfEqual<V>(a: V, b: V, v: V): V {
  if (isVector<V>()) return <V>v128.andnot(<v128>v, f32x4.eq(<v128>a, <v128>b));
  else return select<V>(<V>0, v, a == b);
}

/** -a per lane (the sign bit flipped). */
@inline export function neg<V>(a: V): V {
  if (isVector<V>()) return <V>f32x4.neg(<v128>a);
  else return -a;
}
