// Records which bytes every WebAssembly.Module was compiled from and which
// module every instance runs, so a test can tell which build a kernel runs.
// Install it before src/ is first evaluated (import src/ dynamically after
// installWasmSpy()); vitest browser mode gives every test file its own iframe,
// so the module cache of src/wasm.ts starts empty in each file.
import { relaxedBase64, scalarBase64, simdBase64 } from '../../src/generated/wasm.js';
import type { KernelImpl } from '../../src/kernel.js';
import type { Kernel } from '../../src/types.js';

function decode(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** The three builds, as embedded in src/generated/wasm.ts. */
export const BUILD_BYTES = { simd: decode(simdBase64), scalar: decode(scalarBase64), relaxed: decode(relaxedBase64) } as const;

export type BuildName = keyof typeof BUILD_BYTES;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Which embedded build these bytes are, or null. */
export function buildOf(bytes: Uint8Array): BuildName | null {
  for (const name of ['simd', 'scalar', 'relaxed'] as const) if (sameBytes(bytes, BUILD_BYTES[name])) return name;
  return null;
}

function bytesOf(source: unknown): Uint8Array {
  if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0));
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength));
  throw new TypeError(`wasm-spy: unexpected module source ${String(source)}`);
}

export interface WasmSpy {
  /** Bytes of every module compilation tried since install (failed ones too), in order. */
  readonly compiled: Uint8Array[];
  /** Bytes of every WebAssembly.validate call since install, in order. */
  readonly validated: Uint8Array[];
  /** The build a kernel runs (throws if its instance was not seen, i.e. src/ was loaded before install). */
  buildOf(kernel: Kernel): BuildName;
  restore(): void;
}

export interface WasmSpyOptions {
  /** Emulate an engine without wasm SIMD: the SIMD and the relaxed build fail validation and compilation. */
  withoutSimd?: boolean;
  /**
   * Emulate an engine with wasm SIMD but without relaxed SIMD (Node 20,
   * Safari): the relaxed build fails validation and compilation.
   */
  withoutRelaxed?: boolean;
  /**
   * Emulate Chrome/Edge before 115 on the main thread: `new WebAssembly.Module`
   * of more than this many bytes throws a RangeError (4096 there).
   */
  maxSyncCompileBytes?: number;
}

export function installWasmSpy(options: WasmSpyOptions = {}): WasmSpy {
  const wasm = WebAssembly as unknown as Record<'Module' | 'Instance' | 'validate', unknown>;
  const real = { Module: WebAssembly.Module, Instance: WebAssembly.Instance, validate: WebAssembly.validate };
  const moduleBytes = new WeakMap<WebAssembly.Module, Uint8Array>();
  const instanceModule = new WeakMap<object, WebAssembly.Module>();
  const compiled: Uint8Array[] = [];
  const validated: Uint8Array[] = [];
  const refused = (bytes: Uint8Array) => {
    const build = buildOf(bytes);
    if (options.withoutSimd === true && (build === 'simd' || build === 'relaxed')) return true;
    return options.withoutRelaxed === true && build === 'relaxed';
  };

  wasm.Module = new Proxy(real.Module, {
    construct(target, args, newTarget) {
      const bytes = bytesOf(args[0]);
      compiled.push(bytes);
      if (refused(bytes)) throw new WebAssembly.CompileError(`wasm-spy: this emulated engine has no ${buildOf(bytes) === 'relaxed' ? 'relaxed ' : ''}SIMD`);
      if (options.maxSyncCompileBytes !== undefined && bytes.length > options.maxSyncCompileBytes) {
        throw new RangeError(
          'WebAssembly.Compile is disallowed on the main thread, if the buffer size is larger than 4KB. ' +
            'Use WebAssembly.compile, or compile on a worker thread. (emulated by wasm-spy)',
        );
      }
      const module = Reflect.construct(target, args, newTarget) as WebAssembly.Module;
      moduleBytes.set(module, bytes);
      return module;
    },
  });
  wasm.Instance = new Proxy(real.Instance, {
    construct(target, args, newTarget) {
      const instance = Reflect.construct(target, args, newTarget) as WebAssembly.Instance;
      instanceModule.set(instance.exports, args[0] as WebAssembly.Module);
      return instance;
    },
  });
  wasm.validate = (source: unknown) => {
    const bytes = bytesOf(source);
    validated.push(bytes);
    return refused(bytes) ? false : real.validate(source as BufferSource);
  };

  return {
    compiled,
    validated,
    buildOf(kernel) {
      const module = instanceModule.get((kernel as KernelImpl).exports);
      const bytes = module === undefined ? undefined : moduleBytes.get(module);
      if (bytes === undefined) throw new Error('wasm-spy: this kernel was instantiated before installWasmSpy()');
      const build = buildOf(bytes);
      if (build === null) throw new Error(`wasm-spy: the kernel runs a module of ${bytes.length} bytes that is none of the three builds`);
      return build;
    },
    restore() {
      wasm.Module = real.Module;
      wasm.Instance = real.Instance;
      wasm.validate = real.validate;
    },
  };
}
