/**
 * Options objects: every one the package takes (createKernel's, createPool's,
 * a loss's, registerSigmoidKernels') is checked here the same way. An
 * unknown key is a TypeError that names it and the accepted ones (a typo such
 * as `precison` must not silently give the default), a wrong value a
 * TypeError that says what is accepted.
 */
import { describe } from './heap.js';
import type { Precision } from './op.js';
import type { KernelOptions } from './types.js';
import { relaxedSimdSupported, simdSupported, type BuildName } from './wasm.js';

/** The edit distance of two short strings (for "did you mean"). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * Checks that `options` is a plain options object whose keys are all in
 * `accepted`; returns it. `fn` names the caller in the messages; `example`
 * (such as `{ reduction: 'mean' }`) is shown where a non-object was passed.
 *
 * @throws {TypeError} for a non-object (null, an array, a typed array) or an unknown key.
 */
export function checkOptions(fn: string, options: unknown, accepted: readonly string[], example = ''): Record<string, unknown> {
  if (options === null || typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw new TypeError(`${fn}: options must be an object${example ? ` such as ${example}` : ''} (got ${describe(options)})`);
  }
  for (const key of Object.keys(options)) {
    if (accepted.includes(key)) continue;
    const near = accepted.find((a) => distance(a.toLowerCase(), key.toLowerCase()) <= 2);
    throw new TypeError(
      `${fn}: unknown option '${key}'${near === undefined ? '' : ` (did you mean '${near}'?)`}; the options are ${accepted.map((a) => `'${a}'`).join(', ')}`,
    );
  }
  return options as Record<string, unknown>;
}

/** The keys of createKernel's options. */
export const KERNEL_OPTION_KEYS = ['simd', 'precision', 'relaxed'] as const;

/**
 * Which build and tier createKernel's options ask for (the worker pool takes
 * the same), checked: TypeError for an unknown key or value or a
 * contradiction, Error for a feature the engine lacks. `fn` names the caller
 * in the messages.
 */
export function resolveBuild(fn: string, options: KernelOptions): { build: BuildName; precision: Precision } {
  const simd = options.simd ?? 'auto';
  if (simd !== 'auto' && simd !== true && simd !== false) {
    throw new TypeError(`${fn}: options.simd must be 'auto', true or false (got ${String(simd)})`);
  }
  const precision = options.precision ?? 'fast';
  if (precision !== 'fast' && precision !== 'accurate') {
    throw new TypeError(`${fn}: options.precision must be 'fast' or 'accurate' (got ${String(precision)})`);
  }
  const relaxed = options.relaxed ?? 'auto';
  if (relaxed !== 'auto' && relaxed !== true && relaxed !== false) {
    throw new TypeError(`${fn}: options.relaxed must be 'auto', true or false (got ${String(relaxed)})`);
  }
  if (relaxed === true && precision === 'accurate') {
    throw new TypeError(`${fn}: relaxed: true is for precision: 'fast' only (the accurate tier is the same bits everywhere)`);
  }
  if (relaxed === true && simd === false) throw new TypeError(`${fn}: relaxed: true needs the SIMD build (got simd: false)`);
  const supported = simdSupported();
  if (simd === true && !supported) throw new Error(`${fn}: this engine does not support WebAssembly SIMD; use simd: 'auto' or false`);
  const useSimd = simd === 'auto' ? supported : simd;
  if (relaxed === true && !relaxedSimdSupported()) {
    throw new Error(`${fn}: this engine does not support WebAssembly relaxed SIMD; use relaxed: 'auto' or false`);
  }
  const useRelaxed = useSimd && precision === 'fast' && relaxed !== false && relaxedSimdSupported();
  return { build: useRelaxed ? 'relaxed' : useSimd ? 'simd' : 'scalar', precision };
}
