/**
 * Compiles and instantiates the embedded wasm builds, synchronously, so the
 * package is usable right after `import` with no `await`.
 */
import { scalarBase64, simdBase64 } from './generated/wasm.js';
import type { KernelSymbol } from './registry.js';

/** What a wasm build exports. Pointers and lengths only; see assembly/index.ts. */
export type KernelExports = {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
} & {
  readonly [K in KernelSymbol]: K extends `${string}_sigmoid_derivative` | `${string}_backward`
    ? (a: number, b: number, c: number, n: number) => void
    : (x: number, y: number, n: number) => void;
};

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const modules: { simd?: WebAssembly.Module; scalar?: WebAssembly.Module } = {};
let simdSupport: boolean | undefined;
let simdUnavailable = '';

function requireWebAssembly(): void {
  if (typeof WebAssembly === 'undefined') {
    throw new Error('sigmoid-wasm: this JavaScript engine has no WebAssembly (e.g. node --jitless); it cannot run');
  }
}

/**
 * Whether this engine can run the SIMD build: it validates the build itself
 * (the approach of wasm-feature-detect, applied to the real module), then
 * compiles it. Chrome and Edge before 115 refuse to compile modules over
 * 4 KB synchronously on a page's main thread (a RangeError); the SIMD build is
 * larger, the scalar build is not, so there the scalar build runs.
 *
 * @example
 * ```ts
 * import { simdSupported } from 'sigmoid-wasm';
 * console.log(simdSupported() ? 'SIMD build' : 'scalar build');
 * ```
 */
export function simdSupported(): boolean {
  if (simdSupport === undefined) {
    requireWebAssembly();
    const bytes = decodeBase64(simdBase64);
    if (!WebAssembly.validate(bytes)) {
      simdSupport = false;
      simdUnavailable = 'this engine does not support WebAssembly SIMD';
    } else {
      try {
        modules.simd = new WebAssembly.Module(bytes);
        simdSupport = true;
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        simdSupport = false;
        simdUnavailable = `this engine cannot compile the SIMD build synchronously here (${error.message})`;
      }
    }
  }
  return simdSupport;
}

/** Why the SIMD build cannot run ('' when it can). */
export function simdUnavailableReason(): string {
  simdSupported();
  return simdUnavailable;
}

/** A new instance (own memory) of the SIMD or the scalar build. */
export function instantiate(simd: boolean): KernelExports {
  requireWebAssembly();
  const key = simd ? 'simd' : 'scalar';
  let module = modules[key];
  if (module === undefined) {
    module = new WebAssembly.Module(decodeBase64(simd ? simdBase64 : scalarBase64));
    modules[key] = module;
  }
  return new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
}
