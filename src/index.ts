// The public surface of sigmoid-wasm: re-exports only.
//
// Every function of the table of operations (src/ops.ts, each entry one
// function), then the factories and the feature probes.
export * from './ops.js';
export { defaultKernel } from './api.js';
export { createKernel } from './kernel.js';
export { createPool } from './pool/pool.js';
export { relaxedSimdSupported, simdSupported } from './wasm.js';
export type {
  BinaryElementwiseFunction,
  ClassIndices,
  ElementwiseFunction,
  Float32Like,
  Float64Like,
  Functions,
  Kernel,
  KernelOptions,
  LossFunction,
  LossOptions,
  Mode,
  OpName,
  Pool,
  PoolOptions,
  Reduction,
  Result,
  RowBinaryFunction,
  RowFunction,
  RowLossFunction,
  RowLossOptions,
  RowOptions,
  RowTargetsFunction,
  SigmoidAndDerivative,
  SigmoidWithDerivativeFunction,
  WasmArray,
} from './types.js';
