// The sigmoid's loops over linear memory: each runs over n elements at byte
// addresses; an output may be the same address as an input (in place); any
// other overlap is the caller's to avoid (the TypeScript layer copies first).
// The op modules (./ops/*.ts) export them, one module per function.
//
// Every op module is compiled three times (scripts/build-wasm.mjs):
//  - simd:    a v128 body, then a scalar tail;
//  - scalar:  compiled without the SIMD feature, ASC_FEATURE_SIMD is false and
//             the scalar loop runs over every element;
//  - relaxed: simd plus relaxed SIMD, which only the fast tier's float32
//             kernels use (fused multiply-add where the hardware has it); their
//             tail runs as one padded vector, so that an element's result does
//             not depend on its position.
// The accurate tier and all float64 kernels compute in float64 lanes
// (./lanes.ts, ./sigmoid.ts): float32 elements are widened on load and
// rounded on store, exactly as the scalar loop does. The fast tier's float32
// kernels compute in float32 lanes (./lanes32.ts, ./fast.ts). Either way the
// body and the tail take the same steps, so the simd and scalar builds give
// bitwise identical results.
//
// The SIMD body works on several vectors a step to give the CPU independent
// dependency chains (measured on V8, Node 20, x86-64: 1.5x the throughput of
// one vector a step; more was slower again, from register spills).

import { sigmoidF32, derivativeF32, sigmoidF64, derivativeF64, backward, sigmoidF32With, derivativeF32With, tableVector } from './sigmoid';
import { ZMAX32_AT, NEG_ZMAX32_AT, NEG_LOG2E_AT, MAGIC32_AT, NEG_LN2_AT, P7_C7_AT, P7_C6_AT, P7_C5_AT, P7_C4_AT, P7_C3_AT, P7_C2_AT, ONE_AT } from './sigmoid';
import { widenLo, widenHi, narrow } from './lanes';
import { coreConstant, sigmoidFast, derivativeFast, backwardFast32 } from './fast';

// The operations: the accurate tier, then the fast one, and both at once.
@inline export const SIGMOID: i32 = 0;
@inline export const DERIVATIVE: i32 = 1;
@inline export const FAST_SIGMOID: i32 = 2;
@inline export const FAST_DERIVATIVE: i32 = 3;
@inline export const FUSED: i32 = 4;

// ---- float64 elements: both tiers, float64 lanes (V = v128 of 2 x f64, or f64) ----

/** A float64 op on lanes V: sigmoid or derivative, accurate or fast. */
@inline function compute64<V>(x: V, op: i32): V {
  const accurate = op < FAST_SIGMOID;
  return op == SIGMOID || op == FAST_SIGMOID ? sigmoidF64<V>(x, accurate) : derivativeF64<V>(x, accurate);
}

/** y[i] = op(x[i]) over n float64 elements. */
@inline export function map64(x: usize, y: usize, n: usize, op: i32): void {
  const end = n << 3;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 64 <= end; i += 64) {
      const a = load<v128>(x + i);
      const b = load<v128>(x + i, 16);
      const c = load<v128>(x + i, 32);
      const d = load<v128>(x + i, 48);
      store<v128>(y + i, compute64<v128>(a, op));
      store<v128>(y + i, compute64<v128>(b, op), 16);
      store<v128>(y + i, compute64<v128>(c, op), 32);
      store<v128>(y + i, compute64<v128>(d, op), 48);
    }
    for (; i + 16 <= end; i += 16) store<v128>(y + i, compute64<v128>(load<v128>(x + i), op));
  }
  for (; i < end; i += 8) store<f64>(y + i, compute64<f64>(load<f64>(x + i), op));
}

/** y[i] = sigmoid(x[i]), dy[i] = derivative(x[i]) over n float64 elements (one evaluation: local-cse). */
@inline export function fused64(x: usize, y: usize, dy: usize, n: usize, fast: bool): void {
  const end = n << 3;
  const s = fast ? FAST_SIGMOID : SIGMOID;
  const d = fast ? FAST_DERIVATIVE : DERIVATIVE;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= end; i += 16) {
      const v = load<v128>(x + i);
      store<v128>(y + i, compute64<v128>(v, s));
      store<v128>(dy + i, compute64<v128>(v, d));
    }
  }
  for (; i < end; i += 8) {
    // One load, so the evaluation is shared (a store between two loads would
    // keep the optimizer from knowing they read the same value).
    const v = load<f64>(x + i);
    store<f64>(y + i, compute64<f64>(v, s));
    store<f64>(dy + i, compute64<f64>(v, d));
  }
}

/**
 * dx[i] = dy[i] * y[i] * (1 - y[i]) over n elements of S: in float64 lanes
 * (one rounding for float32 elements), or, `fast` with float32 elements, in
 * float32 lanes (three roundings: within 3 ULP; no conversions, no relaxed operation, so
 * the same bits in every build).
 */
@inline export function backwardLoop<S>(y: usize, dy: usize, dx: usize, n: usize, fast: bool): void {
  const end = n * sizeof<S>();
  let i: usize = 0;
  const in32 = fast && sizeof<S>() == 4;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= end; i += 16) {
      const a = load<v128>(y + i);
      const b = load<v128>(dy + i);
      if (in32) store<v128>(dx + i, backwardFast32<v128>(a, b));
      else if (sizeof<S>() == 4) store<v128>(dx + i, narrow(backward<v128>(widenLo(a), widenLo(b)), backward<v128>(widenHi(a), widenHi(b))));
      else store<v128>(dx + i, backward<v128>(a, b));
    }
  }
  for (; i < end; i += sizeof<S>()) {
    if (in32) store<f32>(dx + i, backwardFast32<f32>(load<f32>(y + i), load<f32>(dy + i)));
    else if (sizeof<S>() == 4) store<f32>(dx + i, <f32>backward<f64>(<f64>load<f32>(y + i), <f64>load<f32>(dy + i)));
    else store<f64>(dx + i, backward<f64>(load<f64>(y + i), load<f64>(dy + i)));
  }
}

// The fast tier's float32 loops (./fast.ts): the core's 11 constants loaded
// once per call from its table (./fast.ts says why), then 4 vectors a step.
// What bounded the old kernel (35 operations a vector, 13 constants and 4
// vectors' temporaries in 16 xmm registers: 84 of its 100 vmovups were
// spills) is what the new one spends less of: 17 operations, 11 constants.
// `Op`: a class of ./fast.ts (changetype<Op>(0).of<V>(...)). The relaxed
// build runs the tail as one padded vector, so that an element's result does
// not depend on its position (fma may fuse in a vector, never in a scalar).

/** 32 bytes for the relaxed build's padded tails: a value and a derivative vector (the lanes past n are stale, and unused). */
export const TAIL: usize = memory.data(32, 16);

/** y[i] = Op(x[i]) over n float32 elements, in float32 lanes. */
@inline export function mapFast32<Op>(x: usize, y: usize, n: usize): void {
  const end = n << 2;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const nl = coreConstant<v128>(0), magic = coreConstant<v128>(1), lh = coreConstant<v128>(2), ll = coreConstant<v128>(3);
    const c6 = coreConstant<v128>(4), c5 = coreConstant<v128>(5), c4 = coreConstant<v128>(6), c3 = coreConstant<v128>(7);
    const c2 = coreConstant<v128>(8), c1 = coreConstant<v128>(9), two64 = coreConstant<v128>(10);
    for (; i + 64 <= end; i += 64) {
      const a = load<v128>(x + i);
      const b = load<v128>(x + i, 16);
      const c = load<v128>(x + i, 32);
      const d = load<v128>(x + i, 48);
      store<v128>(y + i, changetype<Op>(0).of<v128>(a, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
      store<v128>(y + i, changetype<Op>(0).of<v128>(b, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64), 16);
      store<v128>(y + i, changetype<Op>(0).of<v128>(c, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64), 32);
      store<v128>(y + i, changetype<Op>(0).of<v128>(d, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64), 48);
    }
    for (; i + 16 <= end; i += 16) {
      store<v128>(y + i, changetype<Op>(0).of<v128>(load<v128>(x + i), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
    }
    if (ASC_FEATURE_RELAXED_SIMD && i < end) {
      const tail = end - i;
      memory.copy(TAIL, x + i, tail);
      store<v128>(TAIL, changetype<Op>(0).of<v128>(load<v128>(TAIL), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
      memory.copy(y + i, TAIL, tail);
      return;
    }
  }
  const nl = coreConstant<f32>(0), magic = coreConstant<f32>(1), lh = coreConstant<f32>(2), ll = coreConstant<f32>(3);
  const c6 = coreConstant<f32>(4), c5 = coreConstant<f32>(5), c4 = coreConstant<f32>(6), c3 = coreConstant<f32>(7);
  const c2 = coreConstant<f32>(8), c1 = coreConstant<f32>(9), two64 = coreConstant<f32>(10);
  for (; i < end; i += 4) store<f32>(y + i, changetype<Op>(0).of<f32>(load<f32>(x + i), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
}

/** out[i] = Op(x[i], t[i]) over n float32 elements, in float32 lanes. */
@inline export function mapFast32x2<Op>(x: usize, t: usize, out: usize, n: usize): void {
  const end = n << 2;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const nl = coreConstant<v128>(0), magic = coreConstant<v128>(1), lh = coreConstant<v128>(2), ll = coreConstant<v128>(3);
    const c6 = coreConstant<v128>(4), c5 = coreConstant<v128>(5), c4 = coreConstant<v128>(6), c3 = coreConstant<v128>(7);
    const c2 = coreConstant<v128>(8), c1 = coreConstant<v128>(9), two64 = coreConstant<v128>(10);
    for (; i + 32 <= end; i += 32) {
      const a = load<v128>(x + i);
      const b = load<v128>(x + i, 16);
      const ta = load<v128>(t + i);
      const tb = load<v128>(t + i, 16);
      store<v128>(out + i, changetype<Op>(0).of<v128>(a, ta, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
      store<v128>(out + i, changetype<Op>(0).of<v128>(b, tb, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64), 16);
    }
    for (; i + 16 <= end; i += 16) {
      store<v128>(out + i, changetype<Op>(0).of<v128>(load<v128>(x + i), load<v128>(t + i), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
    }
    if (ASC_FEATURE_RELAXED_SIMD && i < end) {
      const tail = end - i;
      memory.copy(TAIL, x + i, tail);
      memory.copy(TAIL + 16, t + i, tail);
      store<v128>(TAIL, changetype<Op>(0).of<v128>(load<v128>(TAIL), load<v128>(TAIL + 16), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
      memory.copy(out + i, TAIL, tail);
      return;
    }
  }
  const nl = coreConstant<f32>(0), magic = coreConstant<f32>(1), lh = coreConstant<f32>(2), ll = coreConstant<f32>(3);
  const c6 = coreConstant<f32>(4), c5 = coreConstant<f32>(5), c4 = coreConstant<f32>(6), c3 = coreConstant<f32>(7);
  const c2 = coreConstant<f32>(8), c1 = coreConstant<f32>(9), two64 = coreConstant<f32>(10);
  for (; i < end; i += 4) store<f32>(out + i, changetype<Op>(0).of<f32>(load<f32>(x + i), load<f32>(t + i), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
}

/** y[i] = sigmoid(x[i]), dy[i] = sigmoid'(x[i]) over n float32 elements, in float32 lanes: the same bits as the two separate kernels. */
@inline export function fusedFast32(x: usize, y: usize, dy: usize, n: usize): void {
  const end = n << 2;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const nl = coreConstant<v128>(0), magic = coreConstant<v128>(1), lh = coreConstant<v128>(2), ll = coreConstant<v128>(3);
    const c6 = coreConstant<v128>(4), c5 = coreConstant<v128>(5), c4 = coreConstant<v128>(6), c3 = coreConstant<v128>(7);
    const c2 = coreConstant<v128>(8), c1 = coreConstant<v128>(9), two64 = coreConstant<v128>(10);
    for (; i + 32 <= end; i += 32) {
      const a = load<v128>(x + i);
      const b = load<v128>(x + i, 16);
      store<v128>(y + i, sigmoidFast<v128>(a, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
      store<v128>(dy + i, derivativeFast<v128>(a, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
      store<v128>(y + i, sigmoidFast<v128>(b, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64), 16);
      store<v128>(dy + i, derivativeFast<v128>(b, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64), 16);
    }
    for (; i + 16 <= end; i += 16) {
      const a = load<v128>(x + i);
      store<v128>(y + i, sigmoidFast<v128>(a, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
      store<v128>(dy + i, derivativeFast<v128>(a, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
    }
    if (ASC_FEATURE_RELAXED_SIMD && i < end) {
      const tail = end - i;
      memory.copy(TAIL, x + i, tail);
      const a = load<v128>(TAIL);
      store<v128>(TAIL, sigmoidFast<v128>(a, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
      store<v128>(TAIL + 16, derivativeFast<v128>(a, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
      memory.copy(y + i, TAIL, tail);
      memory.copy(dy + i, TAIL + 16, tail);
      return;
    }
  }
  const nl = coreConstant<f32>(0), magic = coreConstant<f32>(1), lh = coreConstant<f32>(2), ll = coreConstant<f32>(3);
  const c6 = coreConstant<f32>(4), c5 = coreConstant<f32>(5), c4 = coreConstant<f32>(6), c3 = coreConstant<f32>(7);
  const c2 = coreConstant<f32>(8), c1 = coreConstant<f32>(9), two64 = coreConstant<f32>(10);
  for (; i < end; i += 4) {
    const v = load<f32>(x + i);
    store<f32>(y + i, sigmoidFast<f32>(v, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
    store<f32>(dy + i, derivativeFast<f32>(v, nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64));
  }
}

/** mapAccurate32's step: one v128 of 4 float32 (two float64 pairs). */
@inline function accurateVector(
  v: v128, y: usize, dy: usize, mode: i32, zmax: v128, negZmax: v128, negLog2e: v128, magic: v128, negLn2: v128,
  c7: v128, c6: v128, c5: v128, c4: v128, c3: v128, c2: v128, one: v128,
): void {
  const lo = widenLo(v);
  const hi = widenHi(v);
  if (mode != DERIVATIVE) {
    store<v128>(y, narrow(
      sigmoidF32With<v128>(lo, zmax, negZmax, negLog2e, magic, negLn2, c7, c6, c5, c4, c3, c2, one),
      sigmoidF32With<v128>(hi, zmax, negZmax, negLog2e, magic, negLn2, c7, c6, c5, c4, c3, c2, one),
    ));
  }
  if (mode != SIGMOID) {
    store<v128>(mode == FUSED ? dy : y, narrow(
      derivativeF32With<v128>(lo, zmax, negZmax, negLog2e, magic, negLn2, c7, c6, c5, c4, c3, c2, one),
      derivativeF32With<v128>(hi, zmax, negZmax, negLog2e, magic, negLn2, c7, c6, c5, c4, c3, c2, one),
    ));
  }
}

// The accurate tier's float32 loops, shaped like mapFast32: the constants
// of sigmoidF32With / derivativeF32With loaded once per call from the
// constant table, then 4 vectors (8 float64 pairs) a step. `mode`: SIGMOID
// or DERIVATIVE into y, or FUSED into y and dy.
@inline export function mapAccurate32(x: usize, y: usize, dy: usize, n: usize, mode: i32): void {
  const end = n << 2;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const zmax = tableVector(ZMAX32_AT), negZmax = tableVector(NEG_ZMAX32_AT), negLog2e = tableVector(NEG_LOG2E_AT);
    const magic = tableVector(MAGIC32_AT), negLn2 = tableVector(NEG_LN2_AT), one = tableVector(ONE_AT);
    const c7 = tableVector(P7_C7_AT), c6 = tableVector(P7_C6_AT), c5 = tableVector(P7_C5_AT);
    const c4 = tableVector(P7_C4_AT), c3 = tableVector(P7_C3_AT), c2 = tableVector(P7_C2_AT);
    for (; i + 64 <= end; i += 64) {
      const a = load<v128>(x + i);
      const b = load<v128>(x + i, 16);
      const c = load<v128>(x + i, 32);
      const d = load<v128>(x + i, 48);
      accurateVector(a, y + i, dy + i, mode, zmax, negZmax, negLog2e, magic, negLn2, c7, c6, c5, c4, c3, c2, one);
      accurateVector(b, y + i + 16, dy + i + 16, mode, zmax, negZmax, negLog2e, magic, negLn2, c7, c6, c5, c4, c3, c2, one);
      accurateVector(c, y + i + 32, dy + i + 32, mode, zmax, negZmax, negLog2e, magic, negLn2, c7, c6, c5, c4, c3, c2, one);
      accurateVector(d, y + i + 48, dy + i + 48, mode, zmax, negZmax, negLog2e, magic, negLn2, c7, c6, c5, c4, c3, c2, one);
    }
    for (; i + 16 <= end; i += 16) {
      accurateVector(load<v128>(x + i), y + i, dy + i, mode, zmax, negZmax, negLog2e, magic, negLn2, c7, c6, c5, c4, c3, c2, one);
    }
  }
  for (; i < end; i += 4) {
    const v = <f64>load<f32>(x + i);
    if (mode != DERIVATIVE) store<f32>(y + i, <f32>sigmoidF32<f64>(v));
    if (mode != SIGMOID) store<f32>((mode == FUSED ? dy : y) + i, <f32>derivativeF32<f64>(v));
  }
}

