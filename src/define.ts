/**
 * How an entry of the table of operations becomes a top-level function: a
 * call on the default core (created on first use: the fast tier, SIMD where
 * the engine has it, relaxed SIMD where it runs), tagged with its entry.
 */
import { Core } from './core.js';
import { tag, type Defined, type OpSpec, type Shape } from './op.js';
import { resolveBuild } from './options.js';
import type { ShapeSignatures } from './types.js';

let core: Core | undefined;

/** The core behind the top-level functions and defaultKernel(). */
export function defaultCore(): Core {
  if (core === undefined) {
    const { build, precision } = resolveBuild('sigmoid-wasm', {});
    core = new Core(build, precision);
  }
  return core;
}

/** The top-level function of an entry. */
export function define<const S extends OpSpec<string, Shape>>(spec: S): Defined<S, ShapeSignatures<'sync'>[S['shape']]> {
  const fn = (a?: unknown, b?: unknown, c?: unknown): unknown => defaultCore().call(spec, a, b, c);
  return tag(spec, fn) as unknown as Defined<S, ShapeSignatures<'sync'>[S['shape']]>;
}
