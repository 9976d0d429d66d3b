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

/**
 * Whether this engine can run the SIMD build: validates the build itself, so
 * the answer is exact for the instructions it uses (the approach of
 * wasm-feature-detect, applied to the real module).
 */
export function simdSupported(): boolean {
  if (simdSupport === undefined) {
    simdSupport = WebAssembly.validate(decodeBase64(simdBase64));
  }
  return simdSupport;
}

/** A new instance (own memory) of the SIMD or the scalar build. */
export function instantiate(simd: boolean): KernelExports {
  const key = simd ? 'simd' : 'scalar';
  let module = modules[key];
  if (module === undefined) {
    module = new WebAssembly.Module(decodeBase64(simd ? simdBase64 : scalarBase64));
    modules[key] = module;
  }
  return new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
}
