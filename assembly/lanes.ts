// Lane operations, generic over the element type S (f32 or f64) and the
// register type V (the scalar S itself, or a v128 holding 4 x f32 / 2 x f64).
//
// The sigmoid algorithm in ./sigmoid.ts is written once against these
// helpers. Instantiated with V = S it is the scalar build; with V = v128 it is
// the 128-bit SIMD build. Every helper maps to exactly one IEEE-754 operation
// per lane (or one bitwise/integer operation), in both forms, so the SIMD
// body, the scalar tail and the scalar build round identically: their results
// are bitwise equal by construction, and the tests check it.
//
// All branches below are on compile-time constants (isVector, sizeof), so
// each instantiation compiles to straight-line wasm with no branching.

/** S-typed constant chosen by element width: `bits32` for f32, `bits64` for f64. */
@inline export function sel<S>(bits32: u32, bits64: u64): S {
  if (sizeof<S>() == 4) return <S>reinterpret<f32>(bits32);
  else return <S>reinterpret<f64>(bits64);
}

/** Broadcast a scalar into every lane of V. */
@inline export function splat<V, S>(c: S): V {
  if (isVector<V>()) {
    if (sizeof<S>() == 4) return <V>f32x4.splat(<f32>c);
    else return <V>f64x2.splat(<f64>c);
  } else {
    return <V>c;
  }
}

@inline export function add<V, S>(a: V, b: V): V {
  if (isVector<V>()) {
    if (sizeof<S>() == 4) return <V>f32x4.add(<v128>a, <v128>b);
    else return <V>f64x2.add(<v128>a, <v128>b);
  } else {
    return a + b;
  }
}

@inline export function sub<V, S>(a: V, b: V): V {
  if (isVector<V>()) {
    if (sizeof<S>() == 4) return <V>f32x4.sub(<v128>a, <v128>b);
    else return <V>f64x2.sub(<v128>a, <v128>b);
  } else {
    return a - b;
  }
}

@inline export function mul<V, S>(a: V, b: V): V {
  if (isVector<V>()) {
    if (sizeof<S>() == 4) return <V>f32x4.mul(<v128>a, <v128>b);
    else return <V>f64x2.mul(<v128>a, <v128>b);
  } else {
    return a * b;
  }
}

@inline export function div<V, S>(a: V, b: V): V {
  if (isVector<V>()) {
    if (sizeof<S>() == 4) return <V>f32x4.div(<v128>a, <v128>b);
    else return <V>f64x2.div(<v128>a, <v128>b);
  } else {
    return a / b;
  }
}

/** a * b + c, as two rounded operations (wasm SIMD has no fused multiply-add). */
@inline export function muladd<V, S>(a: V, b: V, c: V): V {
  return add<V, S>(mul<V, S>(a, b), c);
}

@inline export function fabs<V, S>(a: V): V {
  if (isVector<V>()) {
    if (sizeof<S>() == 4) return <V>f32x4.abs(<v128>a);
    else return <V>f64x2.abs(<v128>a);
  } else {
    return <V>abs<S>(<S>a);
  }
}

/**
 * `b < a ? b : a` per lane (wasm's pmin, one instruction on x86 and ARM).
 * A NaN in `a` is kept, so NaN inputs stay NaN.
 */
@inline export function pmin<V, S>(a: V, b: V): V {
  if (isVector<V>()) {
    if (sizeof<S>() == 4) return <V>f32x4.pmin(<v128>a, <v128>b);
    else return <V>f64x2.pmin(<v128>a, <v128>b);
  } else {
    return select<V>(b, a, b < a);
  }
}

/** `positive > 0 ? ifPositive : otherwise` per lane (false for NaN and -0). */
@inline export function selectPositive<V, S>(positive: V, ifPositive: V, otherwise: V): V {
  if (isVector<V>()) {
    const zero = splat<V, S>(<S>0);
    if (sizeof<S>() == 4) return <V>v128.bitselect(<v128>ifPositive, <v128>otherwise, f32x4.gt(<v128>positive, <v128>zero));
    else return <V>v128.bitselect(<v128>ifPositive, <v128>otherwise, f64x2.gt(<v128>positive, <v128>zero));
  } else {
    return select<V>(ifPositive, otherwise, positive > <V>0);
  }
}

/**
 * Reinterpret the bits of `a` as integers, shift them left by the width of the
 * significand (23 for f32, 52 for f64) and reinterpret back. Applied to
 * `MAGIC + n` (see ./sigmoid.ts) this moves the integer `n + bias` held in the
 * low significand bits into the exponent field: the result is 2^(n + bias - 127)
 * (or - 1023), with no float-to-int conversion.
 */
@inline export function shiftIntoExponent<V, S>(a: V): V {
  if (isVector<V>()) {
    if (sizeof<S>() == 4) return <V>i32x4.shl(<v128>a, 23);
    else return <V>i64x2.shl(<v128>a, 52);
  } else {
    if (sizeof<S>() == 4) return <V>reinterpret<f32>(reinterpret<u32>(<f32>a) << 23);
    else return <V>reinterpret<f64>(reinterpret<u64>(<f64>a) << 52);
  }
}
