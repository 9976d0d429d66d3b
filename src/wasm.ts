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

/** Compiles bytes synchronously, with the Error that says what to do where the engine refuses. */
function compile(build: string, bytes: Uint8Array<ArrayBuffer>): WebAssembly.Module {
  try {
    return new WebAssembly.Module(bytes);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // Chrome and Edge before 115 on a page's main thread: every build is over their 4 KB limit.
    throw new Error(
      `sigmoid-wasm: this engine refuses to compile the ${build} build (${bytes.length} bytes) synchronously here ` +
        `(${error.message}); Chrome and Edge before 115 do so on a page's main thread: use sigmoid-wasm in a Worker there`,
    );
  }
}

/** A new instance (own memory) of a build. */
export function instantiate(build: BuildName): KernelExports {
  requireWebAssembly();
  const module = (modules[build] ??= compile(build, decodeBase64(BASE64[build])));
  return new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
}

// ---- the threaded builds (the worker pool) ----------------------------------

/** The largest memory a threaded build declares: 65536 pages, the whole 4 GiB of wasm32. */
export const SHARED_MAXIMUM_PAGES = 65536;

/**
 * The threaded variant of a build: the same bytes but for the memory, which
 * is imported (`env.memory`) as a shared memory of at most
 * SHARED_MAXIMUM_PAGES instead of defined by the module. The type, function,
 * code and data sections are copied as they are, so the threaded build runs
 * the very kernels of the single-thread one (the same bits), and the package
 * carries no second copy of them. Throws for a module that already imports
 * something or defines no memory (not one of this package's builds).
 */
export function sharedVariant(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const leb = (at: number): [number, number] => {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return [value, at];
  };
  const encode = (value: number): number[] => {
    const out: number[] = [];
    do {
      let byte = value % 128;
      value = Math.floor(value / 128);
      if (value > 0) byte |= 0x80;
      out.push(byte);
    } while (value > 0);
    return out;
  };
  const sections: Array<{ id: number; start: number; end: number; body: number }> = [];
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at]!;
    const [size, body] = leb(at + 1);
    sections.push({ id, start: at, end: body + size, body });
    at = body + size;
  }
  if (sections.some((s) => s.id === 2)) throw new Error('sharedVariant: the module already has imports');
  const memory = sections.find((s) => s.id === 5);
  if (memory === undefined) throw new Error('sharedVariant: the module defines no memory');
  const [count, limits] = leb(memory.body);
  if (count !== 1) throw new Error(`sharedVariant: the module defines ${count} memories`);
  const [minimum] = leb(limits + 1);
  const name = (text: string): number[] => [text.length, ...Array.from(text, (c) => c.charCodeAt(0))];
  // One import: "env" "memory", a memory (kind 2), shared with a maximum (limits flag 3).
  const payload = [1, ...name('env'), ...name('memory'), 2, 3, ...encode(minimum), ...encode(SHARED_MAXIMUM_PAGES)];
  const importSection = [2, ...encode(payload.length), ...payload];
  const parts: number[][] = [Array.from(bytes.subarray(0, 8))];
  let inserted = false;
  for (const s of sections) {
    // Known sections are ordered by id (custom sections, id 0, may sit anywhere): the import section goes before the first known section after it.
    if (!inserted && s.id > 2) {
      parts.push(importSection);
      inserted = true;
    }
    if (s.id !== 5) parts.push(Array.from(bytes.subarray(s.start, s.end)));
  }
  if (!inserted) parts.push(importSection);
  return Uint8Array.from(parts.flat());
}

const sharedModules: Partial<Record<BuildName, WebAssembly.Module>> = {};

/**
 * The compiled threaded variant of a build (see sharedVariant), made once
 * and shared by the pool's calling-thread instance and its workers.
 */
export function sharedModule(build: BuildName): WebAssembly.Module {
  requireWebAssembly();
  return (sharedModules[build] ??= compile(`threaded ${build}`, sharedVariant(decodeBase64(BASE64[build]))));
}

/** An instance of a threaded build over a shared memory. */
export function instantiateShared(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
}
