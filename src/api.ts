/**
 * The kernel behind the top-level functions (src/ops.ts: each entry of the
 * table of operations is one), as a Kernel.
 */
import { defaultCore } from './define.js';
import { KernelImpl } from './kernel.js';
import type { Kernel } from './types.js';

let kernel: Kernel | undefined;

/**
 * The kernel behind the top-level functions (created on first use): the
 * fast tier, with the relaxed-SIMD build where the engine has it. Arrays it
 * allocates live in the memory the top-level functions use.
 *
 * @example
 * ```ts
 * import { defaultKernel } from 'sigmoid-wasm';
 * console.log(defaultKernel().precision, defaultKernel().relaxed); // 'fast', and whether FMA may run
 * ```
 */
export function defaultKernel(): Kernel {
  return (kernel ??= new KernelImpl(defaultCore()) as unknown as Kernel);
}
