/**
 * The entries of the table of operations (src/ops.ts) as a list, in the
 * order the docs show them (the sigmoid's own functions, then the family;
 * within each, by shape: one input, a pair of results, a loss, two inputs;
 * then by name), and look-ups by name. The Kernel, the Pool, the CLI,
 * the plot, the benchmarks, the sweeps and the tests iterate over OPS.
 */
import type { OpSpec } from './op.js';
import { specOf } from './op.js';
import * as ops from './ops.js';
import type { OpName } from './types.js';

const SECTIONS: readonly OpSpec['section'][] = ['sigmoid', 'family', 'softmax'];
const SHAPES: readonly OpSpec['shape'][] = ['unary', 'pair', 'loss', 'binary', 'rows', 'rowsBinary', 'rowsLoss', 'rowsTargets'];

/** Every entry, in docs order. */
export const OPS: readonly OpSpec<OpName>[] = Object.values(ops)
  .map((fn) => specOf(fn) as OpSpec<OpName>)
  .sort(
    (a, b) =>
      SECTIONS.indexOf(a.section) - SECTIONS.indexOf(b.section) ||
      SHAPES.indexOf(a.shape) - SHAPES.indexOf(b.shape) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );

/** Every function's name, in docs order. */
export const OP_NAMES: readonly OpName[] = OPS.map((s) => s.name);

const BY_NAME = new Map<string, OpSpec<OpName>>(OPS.map((s) => [s.name, s]));

/** The entry of a function, or undefined. */
export function opNamed(name: string): OpSpec<OpName> | undefined {
  return BY_NAME.get(name);
}
