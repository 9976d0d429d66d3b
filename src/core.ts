/**
 * A kernel's engine: one memory and its heap, one build and tier, and the
 * op modules instantiated on that memory when a function is first called.
 * It runs any entry of the table of operations (`call`), so the top-level
 * functions, the Kernel's methods and the worker pool's calling thread all
 * run through it; it knows no entry by name.
 */
import { allocate, Heap, INITIAL_PAGES, type WasmArrayImpl } from './heap.js';
import { exportName, type DType, type OpSpec, type Precision } from './op.js';
import { plan, type Call } from './plan.js';
import { execute, executeNumbers, executeRows, unaryInOneChunk } from './stream.js';
import { instantiate, moduleOf, writeData, type BuildName, type KernelFunction } from './wasm.js';

export class Core {
  readonly heap: Heap;
  readonly build: BuildName;
  readonly precision: Precision;
  readonly #shared: boolean;
  /** Per entry: its float32 and float64 kernel of this tier (and, for targets as classes, their `_classes` exports), instantiated on first use. */
  readonly #kernels = new Map<OpSpec, { readonly float32: KernelFunction; readonly float64: KernelFunction; readonly classes?: { readonly float32: KernelFunction; readonly float64: KernelFunction } }>();

  /**
   * A core of `build` in `precision` over its own new memory, or, for the
   * worker pool, over a shared memory (`shared`: the data already written),
   * running the modules' threaded variants.
   */
  constructor(build: BuildName, precision: Precision, shared?: WebAssembly.Memory) {
    this.build = build;
    this.precision = precision;
    this.#shared = shared !== undefined;
    let memory = shared;
    if (memory === undefined) {
      memory = new WebAssembly.Memory({ initial: INITIAL_PAGES });
      writeData(memory);
    }
    this.heap = new Heap(memory);
  }

  /** The kernels of an entry in this build and tier (its module instantiated on this memory on first use). */
  kernelsOf(spec: OpSpec): { readonly float32: KernelFunction; readonly float64: KernelFunction; readonly classes?: { readonly float32: KernelFunction; readonly float64: KernelFunction } } {
    let kernels = this.#kernels.get(spec);
    if (kernels === undefined) {
      const exports = instantiate(moduleOf(spec.name, spec.wasm, this.build, this.#shared), this.heap.memory);
      const f32 = exportName('float32', this.precision);
      const f64 = exportName('float64', this.precision);
      kernels = {
        float32: exports[f32]!,
        float64: exports[f64]!,
        ...(spec.classes ? { classes: { float32: exports[`${f32}_classes`]!, float64: exports[`${f64}_classes`]! } } : {}),
      };
      this.#kernels.set(spec, kernels);
    }
    return kernels;
  }

  kernel(spec: OpSpec, dtype: DType): KernelFunction {
    return this.kernelsOf(spec)[dtype];
  }

  /** Checks a call of an entry and makes it ready to run here (or in the pool). */
  plan(spec: OpSpec, a: unknown, b: unknown, c: unknown): Call {
    return plan(this.heap, spec, a, b, c);
  }

  /** Runs a planned call here, now; returns what the call returns. */
  execute(call: Call): unknown {
    if (call.kind === 'numbers') return executeNumbers(this.heap, this.kernel(call.spec, 'float64'), call);
    if (call.kind === 'rows') {
      const kernels = this.kernelsOf(call.spec);
      return executeRows(this.heap, call.classes !== null ? kernels.classes![call.dtype] : kernels[call.dtype], call);
    }
    return execute(this.heap, this.kernel(call.spec, call.dtype), call);
  }

  /** A call of an entry with the caller's arguments, run here. */
  call(spec: OpSpec, a: unknown, b: unknown, c: unknown): unknown {
    if (spec.shape === 'unary') {
      const done = unaryInOneChunk(this.heap, (dtype) => this.kernel(spec, dtype), a, b);
      if (done !== null) return done;
    }
    return this.execute(plan(this.heap, spec, a, b, c));
  }

  alloc(dtype: DType, fn: string, lengthOrValues: unknown): WasmArrayImpl {
    return allocate(this.heap, dtype, fn, lengthOrValues);
  }
}
