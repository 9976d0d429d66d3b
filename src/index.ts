// The public surface of sigmoid-wasm: re-exports only.
export { sigmoid, sigmoidDerivative, sigmoidWithDerivative, sigmoidBackward, defaultKernel } from './api.js';
export {
  tanh,
  tanhDerivative,
  silu,
  siluDerivative,
  softplus,
  logSigmoid,
  logit,
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsGradient,
} from './api.js';
export { createKernel } from './kernel.js';
export { createPool } from './pool.js';
export { relaxedSimdSupported, simdSupported } from './wasm.js';
export type {
  AsyncBinaryCrossEntropyWithLogitsFunction,
  AsyncBinaryElementwiseFunction,
  AsyncElementwiseFunction,
  AsyncSigmoidWithDerivativeFunction,
  BinaryCrossEntropyOptions,
  BinaryCrossEntropyWithLogitsFunction,
  BinaryElementwiseFunction,
  ElementwiseFunction,
  Float32Like,
  Float64Like,
  Kernel,
  KernelOptions,
  Pool,
  PoolOptions,
  Reduction,
  SigmoidAndDerivative,
  SigmoidBackwardFunction,
  SigmoidFunction,
  SigmoidWithDerivativeFunction,
  WasmArray,
} from './types.js';
