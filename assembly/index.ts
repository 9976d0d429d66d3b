// The exported kernels: each runs over n elements at byte addresses in linear
// memory. An output may be the same address as an input (in place); any other
// overlap is the caller's to avoid (the TypeScript layer copies first).
//
// This one source gives both builds (asconfig.json):
//  - simd:   a v128 body, 4 vectors (16 x f32 or 8 x f64) a step, then single
//            vectors, then a scalar tail;
//  - scalar: compiled without the SIMD feature, ASC_FEATURE_SIMD is false and
//            the scalar loop runs over every element.
// The scalar loop and the v128 body follow the same steps (./lanes.ts), so the
// two builds, and the body and the tail, give bitwise identical results.
//
// The 4-vector step gives the CPU four independent dependency chains: measured
// on V8 (Node 20, x86-64), 1.5x the throughput of one vector a step; eight was
// slower again (register spills).

import { sigmoidOf, derivativeOf, backward as backwardStep } from './sigmoid';

/** First free byte after the module's own data: the loader places its buffers from here. */
export function heapBase(): usize {
  return __heap_base;
}

// One pass of `op` over n elements of S: in -> out (1 input, 1 output).
// Written as a macro-like inline so each kernel is a straight loop.
@inline function map1<S>(x: usize, y: usize, n: usize, op: u32): void {
  const end = n * sizeof<S>();
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 64 <= end; i += 64) {
      const a = load<v128>(x + i);
      const b = load<v128>(x + i, 16);
      const c = load<v128>(x + i, 32);
      const d = load<v128>(x + i, 48);
      store<v128>(y + i, apply1<v128, S>(a, op));
      store<v128>(y + i, apply1<v128, S>(b, op), 16);
      store<v128>(y + i, apply1<v128, S>(c, op), 32);
      store<v128>(y + i, apply1<v128, S>(d, op), 48);
    }
    for (; i + 16 <= end; i += 16) {
      store<v128>(y + i, apply1<v128, S>(load<v128>(x + i), op));
    }
  }
  for (; i < end; i += sizeof<S>()) {
    store<S>(y + i, apply1<S, S>(load<S>(x + i), op));
  }
}

const OP_SIGMOID: u32 = 0;
const OP_DERIVATIVE: u32 = 1;

@inline function apply1<V, S>(v: V, op: u32): V {
  if (op == OP_SIGMOID) return sigmoidOf<V, S>(v);
  else return derivativeOf<V, S>(v);
}

@inline function fusedLoop<S>(x: usize, y: usize, dy: usize, n: usize): void {
  const end = n * sizeof<S>();
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 64 <= end; i += 64) {
      const a = load<v128>(x + i);
      const b = load<v128>(x + i, 16);
      const c = load<v128>(x + i, 32);
      const d = load<v128>(x + i, 48);
      store<v128>(y + i, sigmoidOf<v128, S>(a));
      store<v128>(dy + i, derivativeOf<v128, S>(a));
      store<v128>(y + i, sigmoidOf<v128, S>(b), 16);
      store<v128>(dy + i, derivativeOf<v128, S>(b), 16);
      store<v128>(y + i, sigmoidOf<v128, S>(c), 32);
      store<v128>(dy + i, derivativeOf<v128, S>(c), 32);
      store<v128>(y + i, sigmoidOf<v128, S>(d), 48);
      store<v128>(dy + i, derivativeOf<v128, S>(d), 48);
    }
    for (; i + 16 <= end; i += 16) {
      const v = load<v128>(x + i);
      store<v128>(y + i, sigmoidOf<v128, S>(v));
      store<v128>(dy + i, derivativeOf<v128, S>(v));
    }
  }
  for (; i < end; i += sizeof<S>()) {
    const v = load<S>(x + i);
    store<S>(y + i, sigmoidOf<S, S>(v));
    store<S>(dy + i, derivativeOf<S, S>(v));
  }
}

@inline function backwardLoop<S>(y: usize, dy: usize, dx: usize, n: usize): void {
  const end = n * sizeof<S>();
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= end; i += 16) {
      store<v128>(dx + i, backwardStep<v128, S>(load<v128>(y + i), load<v128>(dy + i)));
    }
  }
  for (; i < end; i += sizeof<S>()) {
    store<S>(dx + i, backwardStep<S, S>(load<S>(y + i), load<S>(dy + i)));
  }
}

/** y[i] = sigmoid(x[i]) */
export function f32_sigmoid(x: usize, y: usize, n: usize): void { map1<f32>(x, y, n, OP_SIGMOID); }
/** y[i] = sigmoid'(x[i]) */
export function f32_derivative(x: usize, y: usize, n: usize): void { map1<f32>(x, y, n, OP_DERIVATIVE); }
/** y[i] = sigmoid(x[i]), dy[i] = sigmoid'(x[i]), in one pass */
export function f32_sigmoid_derivative(x: usize, y: usize, dy: usize, n: usize): void { fusedLoop<f32>(x, y, dy, n); }
/** dx[i] = dy[i] * y[i] * (1 - y[i]) */
export function f32_backward(y: usize, dy: usize, dx: usize, n: usize): void { backwardLoop<f32>(y, dy, dx, n); }

/** y[i] = sigmoid(x[i]) */
export function f64_sigmoid(x: usize, y: usize, n: usize): void { map1<f64>(x, y, n, OP_SIGMOID); }
/** y[i] = sigmoid'(x[i]) */
export function f64_derivative(x: usize, y: usize, n: usize): void { map1<f64>(x, y, n, OP_DERIVATIVE); }
/** y[i] = sigmoid(x[i]), dy[i] = sigmoid'(x[i]), in one pass */
export function f64_sigmoid_derivative(x: usize, y: usize, dy: usize, n: usize): void { fusedLoop<f64>(x, y, dy, n); }
/** dx[i] = dy[i] * y[i] * (1 - y[i]) */
export function f64_backward(y: usize, dy: usize, dx: usize, n: usize): void { backwardLoop<f64>(y, dy, dx, n); }
