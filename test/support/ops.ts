// Calling any entry of the table of operations (src/table.ts, OPS) the same
// way whatever its shape, and the seeded inputs of each entry's domain.
// Runs under Node and in the browsers.
import { byRows, type DType, type OpSpec } from '../../src/op.js';
import { OPS } from '../../src/table.js';
import { MAX, TINY, arrayOf, rng, type Float } from './numbers.js';

export { OPS };

/** The elementwise entries (every shape but those over rows), which the elementwise properties hold for. */
export const ELEMENTWISE: readonly OpSpec[] = OPS.filter((s) => !byRows(s));
/** The entries over rows: softmax and its relatives (test/api/softmax.test.ts). */
export const ROW_OPS: readonly OpSpec[] = OPS.filter((s) => byRows(s));

/** Something with the functions of the table as methods: a Kernel, the package's exports. */
export type Target = object;

type Loose = (a?: unknown, b?: unknown, c?: unknown) => unknown;

/** The function of an entry on a target: `kernel.sigmoid`, or the top-level `sigmoid`. */
export function fnOf(target: Target, spec: OpSpec): Loose {
  const fn = (target as Record<string, unknown>)[spec.name];
  if (typeof fn !== 'function') throw new Error(`${spec.name} is not a function of the target`);
  return fn as Loose;
}

/** How many array inputs an entry takes: 1 (unary, pair, rows) or 2 (the others). */
export const arity = (spec: OpSpec): 1 | 2 => (spec.shape === 'unary' || spec.shape === 'pair' || spec.shape === 'rows' ? 1 : 2);

/** The names of an entry's outputs, as its messages name them. */
export function outputNames(spec: OpSpec): string[] {
  if (spec.shape === 'pair') return ['value', 'derivative'];
  return [spec.shape === 'loss' || byRows(spec) ? 'options.out' : 'out'];
}

/**
 * Calls an entry with its inputs and, optionally, its outputs (`undefined`
 * for an output the call makes itself); a loss takes its output in its
 * options, with `reduction` besides when given.
 */
export function call(target: Target, spec: OpSpec, inputs: readonly unknown[], outputs: readonly unknown[] = [], reduction?: string): unknown {
  const f = fnOf(target, spec);
  switch (spec.shape) {
    case 'unary':
      return outputs[0] === undefined ? f(inputs[0]) : f(inputs[0], outputs[0]);
    case 'pair':
      return outputs.length === 0 ? f(inputs[0]) : f(inputs[0], outputs[0], outputs[1]);
    case 'binary':
      return outputs[0] === undefined ? f(inputs[0], inputs[1]) : f(inputs[0], inputs[1], outputs[0]);
    case 'loss':
    case 'rowsLoss':
    case 'rowsBinary':
    case 'rowsTargets': {
      const options: Record<string, unknown> = {};
      if (outputs[0] !== undefined) options.out = outputs[0];
      if (reduction !== undefined) options.reduction = reduction;
      return Object.keys(options).length === 0 ? f(inputs[0], inputs[1]) : f(inputs[0], inputs[1], options);
    }
    case 'rows':
      return outputs[0] === undefined ? f(inputs[0]) : f(inputs[0], { out: outputs[0] });
  }
}

/** The arrays a call returned (a pair's value and derivative; a WasmArray's view). */
export function resultsOf(spec: OpSpec, returned: unknown): Float[] {
  const view = (v: unknown): Float => ((v as { array?: Float }).array ?? v) as Float;
  if (spec.shape === 'pair') {
    const r = returned as { value: unknown; derivative: unknown };
    return [view(r.value), view(r.derivative)];
  }
  return [view(returned)];
}

/** The numbers a call on numbers returned (a pair's value and derivative). */
export function numbersOf(spec: OpSpec, returned: unknown): number[] {
  if (spec.shape === 'pair') {
    const r = returned as { value: number; derivative: number };
    return [r.value, r.derivative];
  }
  return [returned as number];
}

/** A plain call on fresh arrays (copies of the inputs), as the oracle of every other call. */
export function plain(target: Target, spec: OpSpec, inputs: readonly Float[]): Float[] {
  return resultsOf(spec, call(target, spec, inputs.map((a) => a.slice())));
}

// ---- inputs ---------------------------------------------------------------------------

/**
 * Seeded inputs of an entry, n of each, rounded to the type, with the
 * entry's special points, subnormals and the largest values among them:
 * - x over the reals: uniform on [-30, 30], log-spaced magnitudes of both
 *   signs over the whole type, specials;
 * - a probability (logit): uniform on [0, 1], 2^-k and 1 - 2^-k, a few outside;
 * - the saved output y of the backward step: in [0, 1], with 0, 1 and 1/2;
 *   its dy: mostly in [-2, 2], some powers of two, a few specials;
 * - targets (the losses' y): 0, 1, soft values, a few outside [0, 1] or NaN.
 */
export function inputsOf(spec: OpSpec, dtype: DType, n: number, seed: number): Float[] {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const tiny = TINY[dtype];
  const max = MAX[dtype];
  const top = dtype === 'float32' ? 128 : 1024;
  const logMagnitude = () => (r() < 0.5 ? -1 : 1) * 2 ** (-(top + 20) + 2 * (top + 10) * r());
  const specials = [NaN, 0, -0, Infinity, -Infinity, tiny, -tiny, max, -max, 1, -1, 0.5];
  const real = (): number => {
    const u = r();
    if (u < 0.45) return 60 * r() - 30;
    if (u < 0.85) return logMagnitude();
    if (u < 0.95) return pick(specials);
    return (r() < 0.5 ? -1 : 1) * (700 + 100 * r());
  };
  const probability = (): number => {
    const u = r();
    const k = 1 + Math.floor(r() * (dtype === 'float32' ? 149 : 1074));
    if (u < 0.5) return r();
    if (u < 0.7) return 2 ** -k * (1 + r());
    if (u < 0.9) return 1 - 2 ** -Math.min(k, dtype === 'float32' ? 24 : 53) * (1 + r()) / 2;
    return pick([0, -0, 1, 0.5, NaN, -1, 2, Infinity, -Infinity, -tiny]);
  };
  const output = (): number => (r() < 0.9 ? r() : pick([0, 1, 0.5, tiny, 1 - 2 ** -24, NaN]));
  const gradient = (): number => {
    const u = r();
    if (u < 0.7) return 4 * r() - 2;
    if (u < 0.95) return (r() < 0.5 ? -1 : 1) * (1 + r()) * 2 ** Math.floor(81 * r() - 40);
    return pick([0, -0, NaN, Infinity, -Infinity]);
  };
  const target = (): number => {
    const u = r();
    if (u < 0.3) return 0;
    if (u < 0.6) return 1;
    if (u < 0.95) return r();
    return pick([NaN, -0, -0.5, 1.5, Infinity, tiny, 1 - 2 ** -24]);
  };
  const xs = arrayOf(dtype, n);
  const ys = arrayOf(dtype, n);
  if (byRows(spec)) {
    // One row (the default rowLength): logits on [-30, 30] and a few -Inf
    // (a NaN or +Inf would make the whole row special); targets or dy.
    for (let i = 0; i < n; i++) {
      xs[i] = spec.domain === 'output' ? r() / n : r() < 0.02 ? -Infinity : 60 * r() - 30;
      ys[i] = spec.domain === 'output' ? gradient() : r() < 0.3 ? 0 : r();
    }
    return arity(spec) === 1 ? [xs] : [xs, ys];
  }
  for (let i = 0; i < n; i++) {
    if (spec.domain === 'output') {
      xs[i] = output();
      ys[i] = gradient();
    } else {
      xs[i] = spec.domain === 'probability' ? probability() : real();
      ys[i] = target();
    }
  }
  return arity(spec) === 1 ? [xs] : [xs, ys];
}
