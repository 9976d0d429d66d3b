// Arrays in JS memory stream through the scratch slots, 64 KiB at a time; an
// array in the wasm memory runs in one kernel call where it is. For every
// entry of the table on every build and tier, both types, at the lengths
// around the chunk boundaries: the streamed call gives the bits of the
// resident one, element for element (the generic property,
// test/api/calls.test.ts, also runs these lengths in every call form; this
// names the boundary itself).
import { describe, expect, it } from 'vitest';

import { CHUNK_BYTES } from '../../src/heap.js';
import type { WasmArray } from '../../src/types.js';
import { CASES } from '../support/cases.js';
import { describeDifference, TYPES } from '../support/numbers.js';
import { call, inputsOf, ELEMENTWISE, resultsOf } from '../support/ops.js';

describe.each(CASES)('$title', (c) => {
  it.skipIf(c.skip !== null).each(TYPES)('%s: streamed through the scratch slots, every entry gives its bits in the wasm memory, across the chunk boundaries', (dtype) => {
    const k = c.kernel;
    const chunk = CHUNK_BYTES / (dtype === 'float32' ? 4 : 8);
    for (const spec of ELEMENTWISE) {
      for (const n of [chunk - 1, chunk, chunk + 1, 2 * chunk - 1, 2 * chunk, 2 * chunk + 1, 3 * chunk + 7]) {
        const values = inputsOf(spec, dtype, n, n);
        const streamed = resultsOf(spec, call(k, spec, values));
        const alloc = (v: number | ArrayLike<number>): WasmArray => (dtype === 'float32' ? k.allocFloat32(v) : k.allocFloat64(v));
        // Inputs and outputs all in the memory: one kernel call over the whole array.
        const resident = values.map((v) => alloc(v));
        const outputs = streamed.map(() => alloc(n));
        try {
          const inPlace = resultsOf(spec, call(k, spec, resident, outputs));
          streamed.forEach((s, o) => expect(describeDifference(`${spec.name}, n = ${n}, output ${o}: streamed vs resident`, s, inPlace[o]!, values, dtype)).toBe(''));
        } finally {
          for (const r of [...resident, ...outputs]) r.free();
        }
      }
    }
  });
});
