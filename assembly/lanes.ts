// Lane operations on float64, generic over the register type V: the scalar
// f64 itself, or a v128 holding 2 x f64.
//
// Both kernels compute in float64 (the float32 ones convert on load and
// store), and the algorithm in ./sigmoid.ts is written once against these
// helpers. Instantiated with V = f64 it is the scalar build and the SIMD
// build's tail; with V = v128 it is the SIMD body. Every helper is exactly one
// IEEE-754 operation per lane (or one bitwise/integer operation) in both
// forms, so all of them round identically: their results are bitwise equal
// by construction, and the tests check it.
//
// The branches below are on compile-time constants (isVector), so each
// instantiation is straight-line wasm.

/**
 * A constant: in the SIMD form the 16 bytes at table + 16 * index (one load;
 * see ./sigmoid.ts for why not a v128.const), in the scalar form its bits.
 */
@inline export function kt<V>(table: usize, index: i32, bits: u64): V {
  if (isVector<V>()) return <V>v128.load(table + (<usize>index << 4));
  else return <V>reinterpret<f64>(bits);
}

@inline export function add<V>(a: V, b: V): V {
  if (isVector<V>()) return <V>f64x2.add(<v128>a, <v128>b);
  else return a + b;
}

@inline export function sub<V>(a: V, b: V): V {
  if (isVector<V>()) return <V>f64x2.sub(<v128>a, <v128>b);
  else return a - b;
}

@inline export function mul<V>(a: V, b: V): V {
  if (isVector<V>()) return <V>f64x2.mul(<v128>a, <v128>b);
  else return a * b;
}

@inline export function div<V>(a: V, b: V): V {
  if (isVector<V>()) return <V>f64x2.div(<v128>a, <v128>b);
  else return a / b;
}

/** a * b + c, as two rounded operations (wasm SIMD has no fused multiply-add). */
@inline export function muladd<V>(a: V, b: V, c: V): V {
  return add<V>(mul<V>(a, b), c);
}

@inline export function fabs<V>(a: V): V {
  if (isVector<V>()) return <V>f64x2.abs(<v128>a);
  else return <V>abs<f64>(<f64>a);
}

/** `b < a ? b : a` per lane (wasm's pmin: one instruction; a NaN in `a` is kept). */
@inline export function pmin<V>(a: V, b: V): V {
  if (isVector<V>()) return <V>f64x2.pmin(<v128>a, <v128>b);
  else return select<V>(b, a, b < a);
}

/** `a < b ? b : a` per lane (wasm's pmax: one instruction; a NaN in `a` is kept). */
@inline export function pmax<V>(a: V, b: V): V {
  if (isVector<V>()) return <V>f64x2.pmax(<v128>a, <v128>b);
  else return select<V>(b, a, a < b);
}

/** `c < limit ? ifBelow : otherwise` per lane (false for NaN). */
@inline export function selectBelow<V>(c: V, limit: V, ifBelow: V, otherwise: V): V {
  if (isVector<V>()) return <V>v128.bitselect(<v128>ifBelow, <v128>otherwise, f64x2.lt(<v128>c, <v128>limit));
  else return select<V>(ifBelow, otherwise, c < limit);
}

/** `c > 0 ? ifPositive : otherwise` per lane (false for NaN and -0). */
@inline export function selectPositive<V>(c: V, ifPositive: V, otherwise: V): V {
  if (isVector<V>()) return <V>v128.bitselect(<v128>ifPositive, <v128>otherwise, f64x2.gt(<v128>c, f64x2.splat(0)));
  else return select<V>(ifPositive, otherwise, c > <V>0);
}

/**
 * The bits of `a` shifted left by 52 (the significand width). Applied to
 * `MAGIC + n` (see ./sigmoid.ts) this moves the integer held in the low
 * significand bits into the exponent field, giving a power of two with no
 * float-to-int conversion.
 */
@inline export function shiftIntoExponent<V>(a: V): V {
  if (isVector<V>()) return <V>i64x2.shl(<v128>a, 52);
  else return <V>reinterpret<f64>(reinterpret<u64>(<f64>a) << 52);
}

// ---- for the sigmoid family (./family.ts) ---------------------------------------

@inline export function neg<V>(a: V): V {
  if (isVector<V>()) return <V>f64x2.neg(<v128>a);
  else return <V>-(<f64>a);
}

/** |mag| with the sign of `sgn` (signMask: the sign bit in every lane, used by the SIMD form). */
@inline export function copySign<V>(mag: V, sgn: V, signMask: V): V {
  if (isVector<V>()) return <V>v128.bitselect(<v128>sgn, <v128>mag, <v128>signMask);
  else return <V>copysign<f64>(<f64>mag, <f64>sgn);
}

/** `a == b ? ifEqual : otherwise` per lane (false for NaN). */
@inline export function selectEqual<V>(a: V, b: V, ifEqual: V, otherwise: V): V {
  if (isVector<V>()) return <V>v128.bitselect(<v128>ifEqual, <v128>otherwise, f64x2.eq(<v128>a, <v128>b));
  else return select<V>(ifEqual, otherwise, a == b);
}

/** `lo <= a && a <= hi ? inside : otherwise` per lane (false for NaN). */
@inline export function selectWithin<V>(a: V, lo: V, hi: V, inside: V, otherwise: V): V {
  if (isVector<V>()) {
    return <V>v128.bitselect(<v128>inside, <v128>otherwise, v128.and(f64x2.ge(<v128>a, <v128>lo), f64x2.le(<v128>a, <v128>hi)));
  } else return select<V>(inside, otherwise, a >= lo && a <= hi);
}

/** The bit patterns as 64-bit integers: a - b. */
@inline export function isub<V>(a: V, b: V): V {
  if (isVector<V>()) return <V>i64x2.sub(<v128>a, <v128>b);
  else return <V>reinterpret<f64>(reinterpret<i64>(<f64>a) - reinterpret<i64>(<f64>b));
}

/** The bit patterns as 64-bit integers: a + b. */
@inline export function iadd<V>(a: V, b: V): V {
  if (isVector<V>()) return <V>i64x2.add(<v128>a, <v128>b);
  else return <V>reinterpret<f64>(reinterpret<i64>(<f64>a) + reinterpret<i64>(<f64>b));
}

/** The bit pattern as a signed 64-bit integer, shifted right by 52 (arithmetic): the exponent field, signed. */
@inline export function ishr52<V>(a: V): V {
  if (isVector<V>()) return <V>i64x2.shr_s(<v128>a, 52);
  else return <V>reinterpret<f64>(reinterpret<i64>(<f64>a) >> 52);
}

/** The low and high float32 pairs of v, widened to float64x2. */
@inline export function widenLo(v: v128): v128 { return f64x2.promote_low_f32x4(v); }
@inline export function widenHi(v: v128): v128 { return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)); }
/** Two float64x2 rounded to one float32x4. */
@inline export function narrow(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

