// Every bad argument of every entry of the table (test/support/bad.ts: each
// input of a kind that is no array of floats, an element that is not a
// number, a freed WasmArray, inputs of different types or lengths, numbers
// mixed with arrays; each output of another kind, type or length, given with
// numbers, a pair's outputs overlapping; a loss's options), on the top-level
// functions and on kernels of both tiers: a TypeError or RangeError whose
// message starts with the function's name and names the argument, thrown
// before anything is written (every array of the call compared element for
// element), and the function gives the scalar build's bits right after.
import { describe, it } from 'vitest';

import * as api from '../../src/index.js';
import type { OpSpec } from '../../src/op.js';
import type { Kernel } from '../../src/types.js';
import { checkBadArguments, type ErrorSubject } from '../support/bad.js';
import { buildOf, caseOf, oracleFor } from '../support/cases.js';
import { call, ELEMENTWISE } from '../support/ops.js';

/** Random bad calls per entry and subject, after every bad case once. */
const RUNS = 40;

function subjectOf(label: string, target: object, memory: Kernel): ErrorSubject {
  return {
    label,
    call: (spec: OpSpec, args: readonly unknown[]) => (target as Record<string, (...a: unknown[]) => unknown>)[spec.name]!(...args),
    alloc: (dtype, n) => (dtype === 'float32' ? memory.allocFloat32(n) : memory.allocFloat64(n)),
  };
}

/** The top-level functions, a fast kernel and an accurate one (the checks are the same JS code on every build). */
const SUBJECTS: Array<{ label: string; kernel: () => Kernel; target: () => object }> = [
  { label: 'the top-level functions', kernel: () => api.defaultKernel(), target: () => api },
  { label: 'a fast kernel (SIMD)', kernel: () => caseOf('simd', 'fast').kernel, target: () => caseOf('simd', 'fast').kernel },
  { label: 'an accurate kernel (scalar)', kernel: () => caseOf('scalar', 'accurate').kernel, target: () => caseOf('scalar', 'accurate').kernel },
];

describe.each(SUBJECTS)('$label', ({ label, kernel, target }) => {
  it.each(ELEMENTWISE.map((spec) => ({ spec, name: spec.name })))(
    '$name: every bad argument is a TypeError or RangeError naming it, thrown before anything is written; the function works after',
    async ({ spec }) => {
      const k = kernel();
      await checkBadArguments(() => subjectOf(label, target(), k), spec, (dtype) => oracleFor(buildOf(k), k.precision, spec, dtype), {
        name: `errors ${label} ${spec.name}`,
        numRuns: RUNS,
      });
    },
  );
});

// Not generic: what is left of an argument list when a call has fewer.
describe('a call without its arguments', () => {
  it.each(ELEMENTWISE.map((spec) => ({ spec, name: spec.name })))('$name(): a TypeError naming its first input', ({ spec }) => {
    let thrown: unknown;
    try {
      call(api, spec, []);
    } catch (error) {
      thrown = error;
    }
    if (!(thrown instanceof TypeError) || !thrown.message.startsWith(`${spec.name}: ${spec.inputs[0]} `)) {
      throw new Error(`${spec.name}() threw ${String(thrown)}`);
    }
  });
});
