// The public surface of sigmoid-wasm: re-exports only.
export { sigmoid, sigmoidDerivative, sigmoidWithDerivative, sigmoidBackward, defaultKernel } from './api.js';
export { createKernel } from './kernel.js';
export { relaxedSimdSupported, simdSupported } from './wasm.js';
export type {
  Float32Like,
  Float64Like,
  Kernel,
  KernelOptions,
  SigmoidAndDerivative,
  SigmoidBackwardFunction,
  SigmoidFunction,
  SigmoidWithDerivativeFunction,
  WasmArray,
} from './types.js';
