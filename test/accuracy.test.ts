// Accuracy in ULPs, for every registry entry on every build that runs here,
// each against its own bound in the registry (src/registry.ts): sigmoid,
// derivative and the fused kernel against the 200-bit mpmath reference
// (test/fixtures, made by scripts/reference.py: random, log-spaced,
// threshold-neighbour, subnormal and special inputs), the backward step
// against the exact dy * y * (1 - y) of its inputs (exact rational
// arithmetic, helpers.ts).
import { describe, expect, it } from 'vitest';

import {
  CASES,
  arrayOf,
  backwardExact,
  backwardInputs,
  backwardUlpError,
  loadReference,
  outputLabel,
  run,
  ulpError,
  type KernelEntry,
} from './helpers.js';

/** At most this many failing points are printed. */
const SHOWN = 10;

function forwardCheck(entry: KernelEntry, outputs: ArrayLike<number>[], x: ArrayLike<number>, columns: [Float64Array, Float64Array][]) {
  const failures: string[] = [];
  const worst: number[] = [];
  outputs.forEach((got, k) => {
    const bound = entry.bound[k]!;
    const [hi, lo] = columns[k]!;
    let max = 0;
    let over = 0;
    for (let i = 0; i < got.length; i++) {
      const err = ulpError(got[i]!, hi[i]!, lo[i]!, entry.dtype);
      max = Math.max(max, err);
      if (!(err <= bound)) {
        over++;
        if (failures.length < SHOWN) {
          failures.push(`${outputLabel(entry, k)}: x = ${x[i]}: got ${got[i]}, expected ${hi[i]! + lo[i]!} (${err.toFixed(3)} ULP > ${bound})`);
        }
      }
    }
    if (over > 0) failures.push(`${outputLabel(entry, k)}: ${over} points over ${bound} ULP (worst ${max.toFixed(3)})`);
    worst.push(max);
  });
  return { failures, worst };
}

describe.each(CASES)('$title', (c) => {
  describe.skipIf(c.skip !== null).each(c.entries)('$name ($op, $dtype)', (entry) => {
    if (entry.op !== 'backward') {
      const ref = loadReference(entry.dtype);
      const columns: [Float64Array, Float64Array][] =
        entry.op === 'sigmoid' ? [ref.sigmoid] : entry.op === 'derivative' ? [ref.derivative] : [ref.sigmoid, ref.derivative];

      it(`is within its registry bound (${entry.bound.join(' / ')} ULP) on ${ref.x.length} reference points`, () => {
        const x = arrayOf(entry.dtype, ref.x);
        const outputs = run(c.kernel, entry, x);
        expect(outputs).toHaveLength(entry.outputs);
        const { failures, worst } = forwardCheck(entry, outputs, x, columns);
        expect(failures, `${entry.name} on the ${c.build} build`).toEqual([]);
        worst.forEach((w, k) => expect(w, outputLabel(entry, k)).toBeLessThanOrEqual(entry.bound[k]!));
      });
    } else {
      const { y, dy } = backwardInputs(entry.dtype);

      it(`is within its registry bound (${entry.bound[0]} ULP of the exact dy * y * (1 - y)) on ${y.length} points`, () => {
        const [got] = run(c.kernel, entry, y, dy);
        const bound = entry.bound[0];
        const failures: string[] = [];
        let over = 0;
        let worst = 0;
        for (let i = 0; i < got!.length; i++) {
          const err = backwardUlpError(got![i]!, y[i]!, dy[i]!, entry.dtype);
          worst = Math.max(worst, err);
          if (!(err <= bound)) {
            over++;
            if (failures.length < SHOWN) {
              failures.push(`y = ${y[i]}, dy = ${dy[i]}: got ${got![i]}, expected ${backwardExact(y[i]!, dy[i]!)} (${err.toFixed(3)} ULP > ${bound})`);
            }
          }
        }
        if (over > 0) failures.push(`${over} points over ${bound} ULP (worst ${worst.toFixed(3)})`);
        expect(failures, `${entry.name} on the ${c.build} build`).toEqual([]);
      });
    }
  });
});
