// Every elementwise entry of the table (ELEMENTWISE; the entries over rows: test/api/softmax.test.ts), every build and tier, and the top-level
// functions: called in every way (test/support/forms.ts: a random type,
// length and offset; fresh results, out, in place over either input, an out
// that partly overlaps an input, arrays of numbers, numbers, WasmArrays and
// views of the wasm memory mixed with JS arrays, a loss's reductions), each
// call gives the scalar build's bits (any NaN matches any NaN; where the
// relaxed build fuses multiply-adds, its own plain call's), returns what it
// promises and writes nothing but its outputs. Seeded: fast-check prints the
// seed, path and recipe of a failure.
import { describe, it } from 'vitest';

import * as api from '../../src/index.js';
import { CASES, buildOf, oracleFor } from '../support/cases.js';
import { checkCalls, subjectOf } from '../support/forms.js';
import { ELEMENTWISE } from '../support/ops.js';

/** Random recipes per entry, case and run, after the edge lengths (every one, once). */
const RUNS = 30;

describe.each(CASES)('$title', (c) => {
  it.skipIf(c.skip !== null).each(ELEMENTWISE.map((spec) => ({ spec, name: spec.name })))('$name: every way of calling it gives the scalar build\'s bits', async ({ spec }) => {
    await checkCalls(() => subjectOf(`${c.precision} ${c.build}`, c.kernel, c.kernel), spec, (dtype) => oracleFor(c.build, c.precision, spec, dtype), {
      name: `calls ${c.title} ${spec.name}`,
      numRuns: RUNS,
    });
  });
});

describe('the top-level functions (the default kernel: the fast tier, relaxed where it runs)', () => {
  const k = api.defaultKernel();
  const build = buildOf(k);
  it.each(ELEMENTWISE.map((spec) => ({ spec, name: spec.name })))('$name: every way of calling it gives the scalar build\'s bits', async ({ spec }) => {
    // Arrays of the default kernel's memory are its own (zero-copy for the top-level functions).
    await checkCalls(() => subjectOf('top-level', api, k), spec, (dtype) => oracleFor(build, 'fast', spec, dtype), {
      name: `calls top-level ${spec.name}`,
      numRuns: RUNS / 2,
    });
  });
});
