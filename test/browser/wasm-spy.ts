// Records which bytes every WebAssembly.Module was compiled from and which
// module every instance runs, on which memory, so a test can tell which
// build a kernel runs; and emulates engines without SIMD, without relaxed
// SIMD, or with Chrome's old 4 KB limit on synchronous compilation. Install
// it before src/ is first evaluated (import src/ dynamically after
// installWasmSpy()); vitest browser mode gives every test file its own
// iframe, so the module cache of src/wasm.ts starts empty in each file.
import type { WasmArrayImpl } from '../../src/heap.js';
import { OPS } from '../../src/table.js';
import type { Kernel } from '../../src/types.js';
import { bytesOf, type BuildName } from '../../src/wasm.js';

export type { BuildName };

const BUILDS: readonly BuildName[] = ['simd', 'scalar', 'relaxed'];

/** Every function's module in each build, as embedded. */
export const MODULE_BYTES: ReadonlyArray<{ readonly name: string; readonly build: BuildName; readonly bytes: Uint8Array }> = OPS.flatMap((spec) =>
  BUILDS.map((build) => ({ name: spec.name, build, bytes: bytesOf(spec.wasm, build) })),
);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Which function's module, in which build, these bytes are, or null (a
 * probe, or anything else). A module whose relaxed build is its SIMD build
 * byte for byte is named 'simd'.
 */
export function moduleOf(bytes: Uint8Array): { name: string; build: BuildName } | null {
  for (const build of BUILDS) {
    const found = MODULE_BYTES.find((m) => m.build === build && sameBytes(m.bytes, bytes));
    if (found !== undefined) return { name: found.name, build };
  }
  return null;
}

/** The build of these bytes, or null. */
export const buildOf = (bytes: Uint8Array): BuildName | null => moduleOf(bytes)?.build ?? null;

/** Whether the bytes are a small module (a feature probe) that uses an instruction: a prefix then its opcode bytes. */
function probeWith(bytes: Uint8Array, opcode: readonly number[]): boolean {
  return bytes.length < 64 && bytes.some((_, i) => opcode.every((v, j) => bytes[i + j] === v));
}

function copyOf(source: unknown): Uint8Array {
  if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0));
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength));
  throw new TypeError(`wasm-spy: unexpected module source ${String(source)}`);
}

export interface WasmSpy {
  /** Bytes of every module compilation tried since install (failed ones too), in order. */
  readonly compiled: Uint8Array[];
  /** Bytes of every WebAssembly.validate call since install, in order. */
  readonly validated: Uint8Array[];
  /** The build a kernel runs: that of the sigmoid's module instantiated on its memory (instantiated now if need be). */
  buildOf(kernel: Kernel): BuildName;
  restore(): void;
}

export interface WasmSpyOptions {
  /** Emulate an engine without wasm SIMD: any SIMD instruction fails validation and compilation. */
  withoutSimd?: boolean;
  /** Emulate an engine with wasm SIMD but without relaxed SIMD (Node 20, Safari): relaxed instructions fail. */
  withoutRelaxed?: boolean;
  /** Emulate Chrome/Edge before 115 on the main thread: `new WebAssembly.Module` of more than this many bytes throws a RangeError (4096 there). */
  maxSyncCompileBytes?: number;
}

export function installWasmSpy(options: WasmSpyOptions = {}): WasmSpy {
  const wasm = WebAssembly as unknown as Record<'Module' | 'Instance' | 'validate', unknown>;
  const real = { Module: WebAssembly.Module, Instance: WebAssembly.Instance, validate: WebAssembly.validate };
  const moduleBytes = new WeakMap<WebAssembly.Module, Uint8Array>();
  const instances: Array<{ module: WebAssembly.Module; memory: unknown }> = [];
  const compiled: Uint8Array[] = [];
  const validated: Uint8Array[] = [];
  const refused = (bytes: Uint8Array): string | null => {
    const build = buildOf(bytes);
    if (options.withoutSimd === true && (build === 'simd' || build === 'relaxed' || probeWith(bytes, [0xfd]))) return 'SIMD';
    if (options.withoutRelaxed === true && (build === 'relaxed' || probeWith(bytes, [0xfd, 0x85, 0x02]))) return 'relaxed SIMD';
    return null;
  };

  wasm.Module = new Proxy(real.Module, {
    construct(target, args, newTarget) {
      const bytes = copyOf(args[0]);
      compiled.push(bytes);
      const missing = refused(bytes);
      if (missing !== null) throw new WebAssembly.CompileError(`wasm-spy: this emulated engine has no ${missing}`);
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
      instances.push({ module: args[0] as WebAssembly.Module, memory: (args[1] as { env?: { memory?: unknown } } | undefined)?.env?.memory });
      return instance;
    },
  });
  wasm.validate = (source: unknown) => {
    const bytes = copyOf(source);
    validated.push(bytes);
    return refused(bytes) === null && real.validate(source as BufferSource);
  };

  return {
    compiled,
    validated,
    buildOf(kernel) {
      const probe = kernel.allocFloat32(0) as unknown as WasmArrayImpl;
      const memory = probe.heap.memory;
      probe.free();
      kernel.sigmoid(Float32Array.of(0)); // its module instantiated on the kernel's memory, if it was not yet
      const found = instances
        .filter((i) => i.memory === memory)
        .map((i) => moduleBytes.get(i.module))
        .map((bytes) => (bytes === undefined ? null : moduleOf(bytes)))
        .filter((m) => m?.name === 'sigmoid');
      if (found.length === 0) throw new Error('wasm-spy: no sigmoid instance on this kernel\'s memory (was it made before installWasmSpy()?)');
      return found[0]!.build;
    },
    restore() {
      wasm.Module = real.Module;
      wasm.Instance = real.Instance;
      wasm.validate = real.validate;
    },
  };
}
