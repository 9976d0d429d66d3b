/**
 * Compiles and instantiates the embedded wasm builds, synchronously, so the
 * package is usable right after `import` with no `await`.
 */
import { relaxedBase64, scalarBase64, simdBase64 } from './generated/wasm.js';
import type { BuildEntry, KernelSymbol } from './registry.js';

/** What a wasm build exports. Pointers and lengths only; see assembly/index.ts. */
export type KernelExports = {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
} & {
  readonly [K in KernelSymbol]: K extends `${string}_sigmoid_derivative` | `${string}_backward` | `${string}_bce_logits` | `${string}_bce_logits_grad`
    ? (a: number, b: number, c: number, n: number) => void
    : (x: number, y: number, n: number) => void;
};

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

type BuildName = BuildEntry['name'];
const BASE64: Record<BuildName, string> = { simd: simdBase64, scalar: scalarBase64, relaxed: relaxedBase64 };
const modules: Partial<Record<BuildName, WebAssembly.Module>> = {};
let simdSupport: boolean | undefined;
let simdUnavailable = '';
let relaxedSupport: boolean | undefined;

function requireWebAssembly(): void {
  if (typeof WebAssembly === 'undefined') {
    throw new Error('sigmoid-wasm: this JavaScript engine has no WebAssembly (e.g. node --jitless); it cannot run');
  }
}

/**
 * Whether this engine can run the SIMD build: it validates the build itself
 * (the approach of wasm-feature-detect, applied to the real module), then
 * compiles it. Chrome and Edge before 115 refuse to compile modules over
 * 4 KB synchronously on a page's main thread (a RangeError): there it is
 * false, and creating any kernel throws an Error that says to use a Worker
 * (every build is over 4 KB).
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

/**
 * Whether this engine can run the relaxed-SIMD build (fused multiply-add in
 * the fast tier where the hardware has it): it validates and compiles the
 * build itself. Node 22 and later, Deno, Bun, Chromium and Firefox do (tested:
 * npm run engines); Node 20 does not.
 *
 * @example
 * ```ts
 * import { relaxedSimdSupported } from 'sigmoid-wasm';
 * console.log(relaxedSimdSupported() ? 'relaxed SIMD available' : 'plain SIMD only');
 * ```
 */
export function relaxedSimdSupported(): boolean {
  if (relaxedSupport === undefined) {
    if (!simdSupported()) relaxedSupport = false;
    else {
      const bytes = decodeBase64(relaxedBase64);
      if (!WebAssembly.validate(bytes)) relaxedSupport = false;
      else {
        try {
          modules.relaxed = new WebAssembly.Module(bytes);
          relaxedSupport = true;
        } catch (error) {
          if (!(error instanceof RangeError)) throw error;
          relaxedSupport = false;
        }
      }
    }
  }
  return relaxedSupport;
}

/** A new instance (own memory) of a build. */
export function instantiate(build: BuildName): KernelExports {
  requireWebAssembly();
  let module = modules[build];
  if (module === undefined) {
    const bytes = decodeBase64(BASE64[build]);
    try {
      module = new WebAssembly.Module(bytes);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // Chrome and Edge before 115 on a page's main thread: every build is over their 4 KB limit.
      throw new Error(
        `sigmoid-wasm: this engine refuses to compile the ${build} build (${bytes.length} bytes) synchronously here ` +
          `(${error.message}); Chrome and Edge before 115 do so on a page's main thread: use sigmoid-wasm in a Worker there`,
      );
    }
    modules[build] = module;
  }
  return new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
}
