// The exported kernels: each runs over n elements at byte addresses in linear
// memory. An output may be the same address as an input (in place); any other
// overlap is the caller's to avoid (the TypeScript layer copies first).
//
// This one source gives both builds (asconfig.json):
//  - simd:   a v128 body, then a scalar tail;
//  - scalar: compiled without the SIMD feature, ASC_FEATURE_SIMD is false and
//            the scalar loop runs over every element.
// Both compute in float64 lanes with the same steps (./lanes.ts): float32
// elements are widened on load and rounded on store, exactly as the scalar
// loop does, so the two builds, and the body and the tail, give bitwise
// identical results.
//
// The SIMD body works on several vectors a step to give the CPU independent
// dependency chains (measured on V8, Node 20, x86-64: 1.5x the throughput of
// one vector a step; more was slower again, from register spills).

import { sigmoidF32, derivativeF32, sigmoidF64, derivativeF64, backward } from './sigmoid';

/** First free byte after the module's own data: the loader places its buffers from here. */
export function heapBase(): usize {
  return __heap_base;
}

const SIGMOID: i32 = 0;
const DERIVATIVE: i32 = 1;

// Every loop below is generic over the element type S in memory (f32 or
// f64); the arithmetic is always on float64 lanes. float32 elements are
// widened on load (a v128 of 4 x f32 becomes two of 2 x f64) and rounded on
// store, in the SIMD body exactly as in the scalar tail.

/** The op on float64 lanes V (a v128 of 2 x f64, or an f64), for element type S. */
@inline function compute<S, V>(x: V, op: i32): V {
  if (sizeof<S>() == 4) return op == SIGMOID ? sigmoidF32<V>(x) : derivativeF32<V>(x);
  else return op == SIGMOID ? sigmoidF64<V>(x) : derivativeF64<V>(x);
}

/** The low and high float32 pairs of v, widened to float64x2. */
@inline function widenLo(v: v128): v128 { return f64x2.promote_low_f32x4(v); }
@inline function widenHi(v: v128): v128 { return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)); }
/** Two float64x2 rounded to one float32x4. */
@inline function narrow(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** The op on one v128 of S elements. */
@inline function vector<S>(v: v128, op: i32): v128 {
  if (sizeof<S>() == 4) return narrow(compute<S, v128>(widenLo(v), op), compute<S, v128>(widenHi(v), op));
  else return compute<S, v128>(v, op);
}

/** The op on the one S element at x, stored at y. */
@inline function element<S>(x: usize, y: usize, op: i32): void {
  if (sizeof<S>() == 4) store<f32>(y, <f32>compute<S, f64>(<f64>load<f32>(x), op));
  else store<f64>(y, compute<S, f64>(load<f64>(x), op));
}

/** y[i] = op(x[i]) over n elements of S. */
@inline function map<S>(x: usize, y: usize, n: usize, op: i32): void {
  const end = n * sizeof<S>();
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 64 <= end; i += 64) {
      const a = load<v128>(x + i);
      const b = load<v128>(x + i, 16);
      const c = load<v128>(x + i, 32);
      const d = load<v128>(x + i, 48);
      store<v128>(y + i, vector<S>(a, op));
      store<v128>(y + i, vector<S>(b, op), 16);
      store<v128>(y + i, vector<S>(c, op), 32);
      store<v128>(y + i, vector<S>(d, op), 48);
    }
    for (; i + 16 <= end; i += 16) {
      store<v128>(y + i, vector<S>(load<v128>(x + i), op));
    }
  }
  for (; i < end; i += sizeof<S>()) element<S>(x + i, y + i, op);
}

/** Sigmoid and derivative of one v128 of S elements, stored at y and dy (one evaluation: local-cse). */
@inline function fusedVector<S>(v: v128, y: usize, dy: usize): void {
  if (sizeof<S>() == 4) {
    const lo = widenLo(v);
    const hi = widenHi(v);
    store<v128>(y, narrow(compute<S, v128>(lo, SIGMOID), compute<S, v128>(hi, SIGMOID)));
    store<v128>(dy, narrow(compute<S, v128>(lo, DERIVATIVE), compute<S, v128>(hi, DERIVATIVE)));
  } else {
    store<v128>(y, compute<S, v128>(v, SIGMOID));
    store<v128>(dy, compute<S, v128>(v, DERIVATIVE));
  }
}

/** y[i] = sigmoid(x[i]), dy[i] = derivative(x[i]) over n elements of S. */
@inline function fused<S>(x: usize, y: usize, dy: usize, n: usize): void {
  const end = n * sizeof<S>();
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 32 <= end; i += 32) {
      const a = load<v128>(x + i);
      const b = load<v128>(x + i, 16);
      fusedVector<S>(a, y + i, dy + i);
      fusedVector<S>(b, y + i + 16, dy + i + 16);
    }
    for (; i + 16 <= end; i += 16) fusedVector<S>(load<v128>(x + i), y + i, dy + i);
  }
  for (; i < end; i += sizeof<S>()) {
    // One load, so the evaluation is shared (a store between two loads would
    // keep the optimizer from knowing they read the same value).
    if (sizeof<S>() == 4) {
      const v = <f64>load<f32>(x + i);
      store<f32>(y + i, <f32>compute<S, f64>(v, SIGMOID));
      store<f32>(dy + i, <f32>compute<S, f64>(v, DERIVATIVE));
    } else {
      const v = load<f64>(x + i);
      store<f64>(y + i, compute<S, f64>(v, SIGMOID));
      store<f64>(dy + i, compute<S, f64>(v, DERIVATIVE));
    }
  }
}

/** dx[i] = dy[i] * y[i] * (1 - y[i]) over n elements of S. */
@inline function backwardLoop<S>(y: usize, dy: usize, dx: usize, n: usize): void {
  const end = n * sizeof<S>();
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= end; i += 16) {
      const a = load<v128>(y + i);
      const b = load<v128>(dy + i);
      if (sizeof<S>() == 4) store<v128>(dx + i, narrow(backward<v128>(widenLo(a), widenLo(b)), backward<v128>(widenHi(a), widenHi(b))));
      else store<v128>(dx + i, backward<v128>(a, b));
    }
  }
  for (; i < end; i += sizeof<S>()) {
    if (sizeof<S>() == 4) store<f32>(dx + i, <f32>backward<f64>(<f64>load<f32>(y + i), <f64>load<f32>(dy + i)));
    else store<f64>(dx + i, backward<f64>(load<f64>(y + i), load<f64>(dy + i)));
  }
}

/** y[i] = sigmoid(x[i]) */
export function f32_sigmoid(x: usize, y: usize, n: usize): void { map<f32>(x, y, n, SIGMOID); }
/** y[i] = sigmoid'(x[i]) */
export function f32_derivative(x: usize, y: usize, n: usize): void { map<f32>(x, y, n, DERIVATIVE); }
/** y[i] = sigmoid(x[i]), dy[i] = sigmoid'(x[i]), in one pass */
export function f32_sigmoid_derivative(x: usize, y: usize, dy: usize, n: usize): void { fused<f32>(x, y, dy, n); }
/** dx[i] = dy[i] * y[i] * (1 - y[i]) */
export function f32_backward(y: usize, dy: usize, dx: usize, n: usize): void { backwardLoop<f32>(y, dy, dx, n); }

/** y[i] = sigmoid(x[i]) */
export function f64_sigmoid(x: usize, y: usize, n: usize): void { map<f64>(x, y, n, SIGMOID); }
/** y[i] = sigmoid'(x[i]) */
export function f64_derivative(x: usize, y: usize, n: usize): void { map<f64>(x, y, n, DERIVATIVE); }
/** y[i] = sigmoid(x[i]), dy[i] = sigmoid'(x[i]), in one pass */
export function f64_sigmoid_derivative(x: usize, y: usize, dy: usize, n: usize): void { fused<f64>(x, y, dy, n); }
/** dx[i] = dy[i] * y[i] * (1 - y[i]) */
export function f64_backward(y: usize, dy: usize, dx: usize, n: usize): void { backwardLoop<f64>(y, dy, dx, n); }
