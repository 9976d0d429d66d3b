// The kernels under test: every build the loader runs here x every tier
// (both tiers on the SIMD and the scalar build, the fast tier on the relaxed
// build), whether the relaxed build runs on this engine (and why not), and
// whether its multiply-adds are fused on this machine. Runs under Node and in
// the browsers.
import { createKernel, relaxedSimdSupported } from '../../src/index.js';
import { PRECISIONS, type DType, type OpSpec, type Precision } from '../../src/op.js';
import type { Kernel, KernelOptions } from '../../src/types.js';
import { bytesOf, type BuildName } from '../../src/wasm.js';

export type { BuildName, Precision };

/** The engine running the tests, for messages: `Node 20.20.2`, or the browser's user agent. */
export function engineLabel(): string {
  return underNode() ? `Node ${process.versions.node}` : typeof navigator === 'undefined' ? 'this engine' : navigator.userAgent;
}

/** Whether the tests run under Node (not in a browser page). */
export function underNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string' && typeof (globalThis as { document?: unknown }).document === 'undefined';
}

/** Whether the relaxed build runs here, and if not, why (the skip reason). */
export const RELAXED: { readonly supported: boolean; readonly reason: string } = relaxedSimdSupported()
  ? { supported: true, reason: '' }
  : { supported: false, reason: `${engineLabel()} does not support WebAssembly relaxed SIMD (relaxedSimdSupported() is false)` };

/**
 * The createKernel options of a build and tier. 'simd' must say relaxed:
 * false, or the fast tier gets the relaxed build where it runs.
 */
export function optionsFor(build: BuildName, precision: Precision): KernelOptions {
  switch (build) {
    case 'simd':
      return { precision, simd: true, relaxed: false };
    case 'scalar':
      return { precision, simd: false };
    case 'relaxed':
      return { precision, relaxed: true };
  }
}

/** One kernel under test: a build and a tier. */
export interface KernelCase {
  readonly build: BuildName;
  readonly precision: Precision;
  /** `fast relaxed build`, plus the reason when skipped: the title of its describe block. */
  readonly title: string;
  /** Why this case cannot run on this engine, or null when it runs. */
  readonly skip: string | null;
  /** The kernel (created on first use; throws for a skipped case: use it inside tests, never while collecting). */
  readonly kernel: Kernel;
}

const kernels = new Map<string, Kernel>();

/** The build a kernel runs, from what it says about itself. */
export function buildOf(k: { readonly simd: boolean; readonly relaxed: boolean }): BuildName {
  return k.relaxed ? 'relaxed' : k.simd ? 'simd' : 'scalar';
}

/** The (one, shared) kernel of a build and tier. */
export function kernelFor(build: BuildName, precision: Precision): Kernel {
  const key = `${build} ${precision}`;
  let k = kernels.get(key);
  if (k === undefined) kernels.set(key, (k = createKernel(optionsFor(build, precision))));
  return k;
}

function makeCase(build: BuildName, precision: Precision): KernelCase {
  const skip = build === 'relaxed' && !RELAXED.supported ? RELAXED.reason : null;
  return {
    build,
    precision,
    title: `${precision} ${build} build${skip === null ? '' : ` [SKIPPED: ${skip}]`}`,
    skip,
    get kernel(): Kernel {
      if (skip !== null) throw new Error(`the ${precision} ${build} case is skipped here: ${skip}`);
      return kernelFor(build, precision);
    },
  };
}

/**
 * Every build x tier the loader runs. The relaxed case is listed on every
 * engine, marked skipped (with the reason) where relaxed SIMD does not run
 * (Node 20).
 */
export const CASES: readonly KernelCase[] = PRECISIONS.flatMap((precision) =>
  (['simd', 'relaxed', 'scalar'] as const).filter((b) => precision === 'fast' || b !== 'relaxed').map((b) => makeCase(b, precision)),
);

/** The case of a build and tier. */
export function caseOf(build: BuildName, precision: Precision): KernelCase {
  const c = CASES.find((k) => k.build === build && k.precision === precision);
  if (c === undefined) throw new Error(`no ${precision} ${build} case`);
  return c;
}

// ---- fused multiply-add --------------------------------------------------------------

/**
 * A module exporting madd(a, b, c) = lane 0 of f32x4.relaxed_madd(splat a,
 * splat b, splat c): relaxed SIMD lets the engine fuse it (one rounding) or
 * not (two), as the hardware allows; the relaxed build's fast float32
 * kernels are made of the same instruction, so this says which results they
 * give on this machine.
 */
const MADD_MODULE = [
  0, 97, 115, 109, 1, 0, 0, 0,
  1, 8, 1, 0x60, 3, 0x7d, 0x7d, 0x7d, 1, 0x7d, // type (f32, f32, f32) -> f32
  3, 2, 1, 0, // one function of that type
  7, 8, 1, 4, 109, 97, 100, 100, 0, 0, // export "madd"
  10, 22, 1, 20, 0,
  0x20, 0, 0xfd, 0x13, 0x20, 1, 0xfd, 0x13, 0x20, 2, 0xfd, 0x13, // local.get i; f32x4.splat (x3)
  0xfd, 0x85, 0x02, // f32x4.relaxed_madd
  0xfd, 0x1f, 0, // f32x4.extract_lane 0
  0x0b,
];

let fuses: boolean | undefined;

/**
 * Whether f32x4.relaxed_madd is fused on this engine and machine. On
 * a = b = 1 + 2^-12, c = -(1 + 2^-11): the exact a b + c is 2^-24; rounding
 * a b first gives 1 + 2^-11 (a tie, to even), and then 0.
 *
 * @throws where relaxed SIMD does not run (ask RELAXED first).
 */
export function relaxedMaddFuses(): boolean {
  if (fuses === undefined) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(MADD_MODULE)));
    const madd = instance.exports.madd as (a: number, b: number, c: number) => number;
    const a = 1 + 2 ** -12;
    const got = madd(a, a, -(1 + 2 ** -11));
    if (got !== 2 ** -24 && got !== 0) throw new Error(`relaxed_madd(1 + 2^-12, 1 + 2^-12, -(1 + 2^-11)) = ${got}: neither fused (2^-24) nor unfused (0)`);
    fuses = got !== 0;
  }
  return fuses;
}

/** Whether a function's relaxed module is another module than its SIMD one (it uses a relaxed instruction). */
export function hasRelaxedCode(spec: OpSpec): boolean {
  const a = bytesOf(spec.wasm, 'relaxed');
  const b = bytesOf(spec.wasm, 'simd');
  return a.length !== b.length || a.some((v, i) => v !== b[i]);
}

/**
 * Whether a kernel may give other bits than the scalar build here: the fast
 * float32 kernel of the relaxed build, for a function with relaxed code, on
 * a machine that fuses. Everywhere else every build gives the same bits.
 */
export function mayDifferFromScalar(build: BuildName, precision: Precision, spec: OpSpec, dtype: DType): boolean {
  return build === 'relaxed' && precision === 'fast' && dtype === 'float32' && hasRelaxedCode(spec) && relaxedMaddFuses();
}

/**
 * The kernel whose plain call (fresh arrays, no out) gives the bits a case
 * must give in every other way it is called: the scalar build of the tier,
 * or, where the relaxed build may fuse, the relaxed build itself (its
 * elements do not depend on where they sit: test/api/relaxed-tail.test.ts).
 */
export function oracleFor(build: BuildName, precision: Precision, spec: OpSpec, dtype: DType): Kernel {
  return mayDifferFromScalar(build, precision, spec, dtype) ? kernelFor('relaxed', precision) : kernelFor('scalar', precision);
}

// One line per test file that has skipped cases, so a skip is never silent
// (vitest also counts them as skipped, with the reason in their titles).
if (!RELAXED.supported) console.warn(`relaxed-build tests SKIPPED: ${RELAXED.reason}`);
