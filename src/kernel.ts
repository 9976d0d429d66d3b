/**
 * createKernel: every function of the table of operations as a method,
 * bound to one core (its own memory, build and tier), plus arrays that live
 * in that memory for zero-copy calls.
 */
import { Core } from './core.js';
import { KERNEL_OPTION_KEYS, checkOptions, resolveBuild } from './options.js';
import { OPS } from './table.js';
import type { Kernel, KernelOptions, WasmArray } from './types.js';

export class KernelImpl {
  readonly #core: Core;
  readonly simd: boolean;
  readonly relaxed: boolean;
  readonly precision: 'fast' | 'accurate';

  constructor(core: Core) {
    this.#core = core;
    this.simd = core.build !== 'scalar';
    this.relaxed = core.build === 'relaxed';
    this.precision = core.precision;
    for (const spec of OPS) {
      const method = (a?: unknown, b?: unknown, c?: unknown): unknown => core.call(spec, a, b, c);
      Object.defineProperty(method, 'name', { value: spec.name });
      Object.defineProperty(this, spec.name, { value: method, enumerable: true });
    }
  }

  allocFloat32(lengthOrValues: number | ArrayLike<number>): WasmArray<Float32Array> {
    return this.#core.alloc('float32', 'allocFloat32', lengthOrValues) as WasmArray<Float32Array>;
  }

  allocFloat64(lengthOrValues: number | ArrayLike<number>): WasmArray<Float64Array> {
    return this.#core.alloc('float64', 'allocFloat64', lengthOrValues) as WasmArray<Float64Array>;
  }
}

/**
 * A kernel with its own wasm memory: every function of the package as a
 * method (`kernel.sigmoid`, `kernel.tanh`, ...), in the chosen build and
 * tier, plus arrays that live in its memory for zero-copy calls.
 *
 * `precision`: `'fast'` (the default; float32 computed in float32, within 2
 * ULP for the sigmoid and 3 for the derivative) or `'accurate'` (float32
 * correctly rounded but for 2^-20 ULP of a tie, monotone, the same bits on
 * every engine). `simd`: `'auto'` (default), `true` (required) or `false`
 * (the scalar build). `relaxed`: the fast tier's relaxed-SIMD build, with
 * fused multiply-add where the hardware has it: `'auto'` (default: where the
 * engine validates it), `true` (required) or `false` (the plain SIMD build,
 * whose results are the same bits on every engine).
 *
 * @throws {TypeError} for an unknown option (a typo such as `precison` is not
 *   ignored) or value, or `relaxed: true` with `precision: 'accurate'` or
 *   `simd: false`.
 * @throws {Error} when `simd: true` or `relaxed: true` is asked of an engine without it.
 * @example
 * ```ts
 * import { createKernel } from 'sigmoid-wasm';
 * const k = createKernel({ simd: 'auto' });
 * console.log(k.simd, k.precision);    // true 'fast' where the engine has wasm SIMD
 * using x = k.allocFloat32(1024);      // lives in wasm memory
 * using y = k.allocFloat32(1024);
 * x.array.fill(0.5);
 * k.sigmoid(x, y);                     // no copies
 * k.sigmoidBackward(y, x, x);          // dx = dy * y * (1 - y), in place
 * const exact = createKernel({ precision: 'accurate' }); // 0.5025 ULP, monotone
 * ```
 */
export function createKernel(options: KernelOptions = {}): Kernel {
  checkOptions('createKernel', options, KERNEL_OPTION_KEYS);
  const { build, precision } = resolveBuild('createKernel', options);
  return new KernelImpl(new Core(build, precision)) as unknown as Kernel;
}
