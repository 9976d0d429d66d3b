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

// ---- float32: widen, compute in float64, round ----------------------------------

@inline function op32<V>(x: V, op: i32): V {
  if (op == SIGMOID) return sigmoidF32<V>(x);
  else return derivativeF32<V>(x);
}

/** The low and high float32 pairs of v, widened to float64x2. */
@inline function widenLo(v: v128): v128 { return f64x2.promote_low_f32x4(v); }
@inline function widenHi(v: v128): v128 { return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)); }
/** Two float64x2 rounded to one float32x4. */
@inline function narrow(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}
@inline function simd32(v: v128, op: i32): v128 {
  return narrow(op32<v128>(widenLo(v), op), op32<v128>(widenHi(v), op));
}

@inline function map32(x: usize, y: usize, n: usize, op: i32): void {
  const end = n << 2;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 64 <= end; i += 64) {
      const a = load<v128>(x + i);
      const b = load<v128>(x + i, 16);
      const c = load<v128>(x + i, 32);
      const d = load<v128>(x + i, 48);
      store<v128>(y + i, simd32(a, op));
      store<v128>(y + i, simd32(b, op), 16);
      store<v128>(y + i, simd32(c, op), 32);
      store<v128>(y + i, simd32(d, op), 48);
    }
    for (; i + 16 <= end; i += 16) {
      store<v128>(y + i, simd32(load<v128>(x + i), op));
    }
  }
  for (; i < end; i += 4) {
    store<f32>(y + i, <f32>op32<f64>(<f64>load<f32>(x + i), op));
  }
}

@inline function fusedStep32(v: v128, y: usize, dy: usize): void {
  const lo = widenLo(v);
  const hi = widenHi(v);
  store<v128>(y, narrow(sigmoidF32<v128>(lo), sigmoidF32<v128>(hi)));
  store<v128>(dy, narrow(derivativeF32<v128>(lo), derivativeF32<v128>(hi)));
}

@inline function fused32(x: usize, y: usize, dy: usize, n: usize): void {
  const end = n << 2;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 32 <= end; i += 32) {
      const a = load<v128>(x + i);
      const b = load<v128>(x + i, 16);
      fusedStep32(a, y + i, dy + i);
      fusedStep32(b, y + i + 16, dy + i + 16);
    }
    for (; i + 16 <= end; i += 16) {
      fusedStep32(load<v128>(x + i), y + i, dy + i);
    }
  }
  for (; i < end; i += 4) {
    const v = <f64>load<f32>(x + i);
    store<f32>(y + i, <f32>sigmoidF32<f64>(v));
    store<f32>(dy + i, <f32>derivativeF32<f64>(v));
  }
}

@inline function backward32(y: usize, dy: usize, dx: usize, n: usize): void {
  const end = n << 2;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= end; i += 16) {
      const a = load<v128>(y + i);
      const b = load<v128>(dy + i);
      store<v128>(dx + i, narrow(backward<v128>(widenLo(a), widenLo(b)), backward<v128>(widenHi(a), widenHi(b))));
    }
  }
  for (; i < end; i += 4) {
    store<f32>(dx + i, <f32>backward<f64>(<f64>load<f32>(y + i), <f64>load<f32>(dy + i)));
  }
}

// ---- float64 ------------------------------------------------------------------

@inline function op64<V>(x: V, op: i32): V {
  if (op == SIGMOID) return sigmoidF64<V>(x);
  else return derivativeF64<V>(x);
}

@inline function map64(x: usize, y: usize, n: usize, op: i32): void {
  const end = n << 3;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 64 <= end; i += 64) {
      const a = load<v128>(x + i);
      const b = load<v128>(x + i, 16);
      const c = load<v128>(x + i, 32);
      const d = load<v128>(x + i, 48);
      store<v128>(y + i, op64<v128>(a, op));
      store<v128>(y + i, op64<v128>(b, op), 16);
      store<v128>(y + i, op64<v128>(c, op), 32);
      store<v128>(y + i, op64<v128>(d, op), 48);
    }
    for (; i + 16 <= end; i += 16) {
      store<v128>(y + i, op64<v128>(load<v128>(x + i), op));
    }
  }
  for (; i < end; i += 8) {
    store<f64>(y + i, op64<f64>(load<f64>(x + i), op));
  }
}

@inline function fused64(x: usize, y: usize, dy: usize, n: usize): void {
  const end = n << 3;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 32 <= end; i += 32) {
      const a = load<v128>(x + i);
      const b = load<v128>(x + i, 16);
      store<v128>(y + i, sigmoidF64<v128>(a));
      store<v128>(dy + i, derivativeF64<v128>(a));
      store<v128>(y + i, sigmoidF64<v128>(b), 16);
      store<v128>(dy + i, derivativeF64<v128>(b), 16);
    }
    for (; i + 16 <= end; i += 16) {
      const v = load<v128>(x + i);
      store<v128>(y + i, sigmoidF64<v128>(v));
      store<v128>(dy + i, derivativeF64<v128>(v));
    }
  }
  for (; i < end; i += 8) {
    const v = load<f64>(x + i);
    store<f64>(y + i, sigmoidF64<f64>(v));
    store<f64>(dy + i, derivativeF64<f64>(v));
  }
}

@inline function backward64(y: usize, dy: usize, dx: usize, n: usize): void {
  const end = n << 3;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= end; i += 16) {
      store<v128>(dx + i, backward<v128>(load<v128>(y + i), load<v128>(dy + i)));
    }
  }
  for (; i < end; i += 8) {
    store<f64>(dx + i, backward<f64>(load<f64>(y + i), load<f64>(dy + i)));
  }
}

/** y[i] = sigmoid(x[i]) */
export function f32_sigmoid(x: usize, y: usize, n: usize): void { map32(x, y, n, SIGMOID); }
/** y[i] = sigmoid'(x[i]) */
export function f32_derivative(x: usize, y: usize, n: usize): void { map32(x, y, n, DERIVATIVE); }
/** y[i] = sigmoid(x[i]), dy[i] = sigmoid'(x[i]), in one pass */
export function f32_sigmoid_derivative(x: usize, y: usize, dy: usize, n: usize): void { fused32(x, y, dy, n); }
/** dx[i] = dy[i] * y[i] * (1 - y[i]) */
export function f32_backward(y: usize, dy: usize, dx: usize, n: usize): void { backward32(y, dy, dx, n); }

/** y[i] = sigmoid(x[i]) */
export function f64_sigmoid(x: usize, y: usize, n: usize): void { map64(x, y, n, SIGMOID); }
/** y[i] = sigmoid'(x[i]) */
export function f64_derivative(x: usize, y: usize, n: usize): void { map64(x, y, n, DERIVATIVE); }
/** y[i] = sigmoid(x[i]), dy[i] = sigmoid'(x[i]), in one pass */
export function f64_sigmoid_derivative(x: usize, y: usize, dy: usize, n: usize): void { fused64(x, y, dy, n); }
/** dx[i] = dy[i] * y[i] * (1 - y[i]) */
export function f64_backward(y: usize, dy: usize, dx: usize, n: usize): void { backward64(y, dy, dx, n); }
