/**
 * The loader: which builds this engine runs, the op modules compiled on
 * first use (synchronously, so the package is usable right after `import`
 * with no `await`), and memories with the modules' static data in place.
 *
 * Each function has its own module (assembly/ops/<name>.ts), in three builds
 * (scripts/build-wasm.mjs): simd, relaxed (where it differs from simd) and
 * scalar. The modules import their memory (`env.memory`), so every module of
 * a kernel works on one memory, and the worker pool shares it with workers.
 */
import { DATA, DATA_OFFSET } from './generated/wasm.js';

/** A module's bytes in each build, base64 (src/generated/wasm.ts); relaxed is null where it equals simd. */
export interface ModuleBytes {
  readonly simd: string;
  readonly relaxed: string | null;
  readonly scalar: string;
}

export type BuildName = 'simd' | 'relaxed' | 'scalar';

/** A kernel as the modules export it: pointers and lengths (2 or 3 pointers, then n). */
export type KernelFunction = (a: number, b: number, c: number, n?: number) => void;

/** One past the last byte of the modules' static data. */
export const DATA_END = DATA_OFFSET + Math.floor((DATA.length * 3) / 4) - (DATA.endsWith('==') ? 2 : DATA.endsWith('=') ? 1 : 0);

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function requireWebAssembly(): void {
  if (typeof WebAssembly === 'undefined') {
    throw new Error('sigmoid-wasm: this JavaScript engine has no WebAssembly (e.g. node --jitless); it cannot run');
  }
}

// Two tiny modules that validate only where the feature is (the approach of
// wasm-feature-detect): () -> v128 made with i8x16.splat, and with
// f32x4.relaxed_madd.
const SIMD_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11];
const RELAXED_PROBE = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 19, 1, 17, 0, 65, 0, 253, 15, 65, 0, 253, 15, 65, 0, 253, 15, 253, 133, 2, 11,
];

let simdSupport: boolean | undefined;
let relaxedSupport: boolean | undefined;

/**
 * Whether this engine runs WebAssembly SIMD (every engine the package is
 * tested on does: Node 20+, Deno, Bun, Chromium, Firefox; Safari from 16.4).
 * Where it does not, kernels run the scalar build (the same bits).
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
    simdSupport = WebAssembly.validate(new Uint8Array(SIMD_PROBE));
  }
  return simdSupport;
}

/**
 * Whether this engine runs WebAssembly relaxed SIMD (fused multiply-add in
 * the fast tier where the hardware has it). Node 22 and later, Deno, Bun,
 * Chromium and Firefox do (tested: npm run engines); Node 20 does not.
 *
 * @example
 * ```ts
 * import { relaxedSimdSupported } from 'sigmoid-wasm';
 * console.log(relaxedSimdSupported() ? 'relaxed SIMD available' : 'plain SIMD only');
 * ```
 */
export function relaxedSimdSupported(): boolean {
  if (relaxedSupport === undefined) relaxedSupport = simdSupported() && WebAssembly.validate(new Uint8Array(RELAXED_PROBE));
  return relaxedSupport;
}

/** The bytes of a module's build (relaxed falls back to simd where they are the same). */
export function bytesOf(bytes: ModuleBytes, build: BuildName): Uint8Array<ArrayBuffer> {
  return decodeBase64(build === 'relaxed' ? (bytes.relaxed ?? bytes.simd) : bytes[build]);
}

/** Compiles bytes synchronously, with the Error that says what to do where the engine refuses. */
function compile(what: string, bytes: Uint8Array<ArrayBuffer>): WebAssembly.Module {
  try {
    return new WebAssembly.Module(bytes);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // Chrome and Edge before 115 on a page's main thread: modules over 4 KB.
    throw new Error(
      `sigmoid-wasm: this engine refuses to compile ${what} (${bytes.length} bytes) synchronously here ` +
        `(${error.message}); Chrome and Edge before 115 do so on a page's main thread: use sigmoid-wasm in a Worker there`,
    );
  }
}

const compiled = new WeakMap<ModuleBytes, Partial<Record<string, WebAssembly.Module>>>();

/**
 * The compiled module of a function's build, once per build (and, `shared`,
 * its variant over a shared memory: the worker pool's).
 */
export function moduleOf(name: string, bytes: ModuleBytes, build: BuildName, shared = false): WebAssembly.Module {
  requireWebAssembly();
  let cache = compiled.get(bytes);
  if (cache === undefined) compiled.set(bytes, (cache = {}));
  const key = shared ? `${build} shared` : build;
  let module = cache[key];
  if (module === undefined) {
    const raw = bytesOf(bytes, build);
    module = cache[key] = compile(`the ${build} build of ${name}${shared ? ' (threaded)' : ''}`, shared ? sharedVariant(raw) : raw);
  }
  return module;
}

/** An instance of a module over a memory: its kernels, by export name. */
export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): Record<string, KernelFunction> {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, KernelFunction>;
}

/** The modules' static data, decoded once. */
let data: Uint8Array | undefined;

/** Writes the modules' static data into a memory (a new one, or a shared one before its workers start). */
export function writeData(memory: WebAssembly.Memory): void {
  data ??= decodeBase64(DATA);
  new Uint8Array(memory.buffer, DATA_OFFSET, data.length).set(data);
}

/** The largest memory a threaded build declares: 65536 pages, the whole 4 GiB of wasm32. */
export const SHARED_MAXIMUM_PAGES = 65536;

/**
 * The threaded variant of a module: the same bytes but for its memory
 * import, declared shared, with a maximum of SHARED_MAXIMUM_PAGES (a shared
 * memory must have one). Every other section is copied as it is, so the
 * threaded module runs the very kernels of the single-thread one (the same
 * bits), and the package carries no second copy of them.
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
  const parts: number[][] = [Array.from(bytes.subarray(0, 8))];
  let found = false;
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at]!;
    const [size, body] = leb(at + 1);
    const end = body + size;
    if (id !== 2) {
      parts.push(Array.from(bytes.subarray(at, end)));
      at = end;
      continue;
    }
    // The import section: one import, env.memory, a memory (kind 2) with limits (flags, minimum[, maximum]).
    let p = body;
    const [count, afterCount] = leb(p);
    p = afterCount;
    const payload: number[] = Array.from(bytes.subarray(body, afterCount));
    for (let i = 0; i < count; i++) {
      const start = p;
      const [moduleLength, moduleAt] = leb(p);
      const [fieldLength, fieldAt] = leb(moduleAt + moduleLength);
      p = fieldAt + fieldLength;
      const kind = bytes[p]!;
      if (kind !== 2) throw new Error('sharedVariant: the module imports something other than a memory');
      payload.push(...bytes.subarray(start, p + 1));
      const flags = bytes[p + 1]!;
      const [minimum, next] = leb(p + 2);
      p = next;
      if (flags & 1) [, p] = leb(p);
      payload.push(3, ...encode(minimum), ...encode(SHARED_MAXIMUM_PAGES));
      found = true;
    }
    parts.push([2, ...encode(payload.length), ...payload]);
    at = end;
  }
  if (!found) throw new Error('sharedVariant: the module imports no memory');
  return Uint8Array.from(parts.flat());
}
