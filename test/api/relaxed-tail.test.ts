// The relaxed build runs an array's tail as one padded vector, so that an
// element's fused result does not depend on where it sits: in the body of
// the SIMD loop or in the tail, at any length and offset, in JS memory
// (streamed through the scratch slots) or in the wasm memory (where the
// kernel runs on the caller's range and must not touch what lies past it).
// Checked with the float32 inputs where fusing changes the result on this
// machine (found among seeded points) at every position of every short
// array: each element gives its one-element call's bits. Where the machine
// does not fuse, there are no such inputs: the relaxed build is the SIMD
// build's bits (builds.test.ts), and this runs on seeded points alike.
import { describe, expect, it } from 'vitest';

import type { OpSpec } from '../../src/op.js';
import { RELAXED, caseOf, hasRelaxedCode, relaxedMaddFuses } from '../support/cases.js';
import { describeDifference, sameBits, uniform, type Float } from '../support/numbers.js';
import { call, ELEMENTWISE, resultsOf } from '../support/ops.js';

const WITH_RELAXED_CODE = ELEMENTWISE.filter(hasRelaxedCode);
/** Every length from 0 to this: past two 16-element steps and their tails. */
const SHORT = 41;

let sensitive: Float32Array | undefined;

/** float32 inputs (of the real line) where the relaxed build's fast kernels differ from the SIMD build's here. */
function sensitiveInputs(): Float32Array {
  if (sensitive !== undefined) return sensitive;
  const x = uniform('float32', 400_000, -30, 30, 77) as Float32Array;
  const relaxed = caseOf('relaxed', 'fast').kernel;
  const simd = caseOf('simd', 'fast').kernel;
  const found = new Set<number>();
  for (const spec of WITH_RELAXED_CODE.filter((s) => s.domain === 'real' && s.shape !== 'binary' && s.shape !== 'loss')) {
    const a = resultsOf(spec, call(relaxed, spec, [x]));
    const b = resultsOf(spec, call(simd, spec, [x]));
    a.forEach((out, k) => out.forEach((v, i) => sameBits(v, b[k]![i]!) || found.add(x[i]!)));
  }
  return (sensitive = Float32Array.from(found));
}

describe(`the relaxed build's tail${RELAXED.supported ? '' : ` [SKIPPED: ${RELAXED.reason}]`}`, () => {
  it.skipIf(!RELAXED.supported)('has inputs to test with where it fuses (else the checks below are weak), none where it does not', () => {
    const n = sensitiveInputs().length;
    console.log(`relaxed build: ${n} of 400000 seeded float32 points differ from the SIMD build (relaxed_madd ${relaxedMaddFuses() ? 'fused' : 'not fused'} here)`);
    if (relaxedMaddFuses()) expect(n).toBeGreaterThan(0);
    else expect(n).toBe(0);
  });

  it.skipIf(!RELAXED.supported).each(WITH_RELAXED_CODE.map((spec) => ({ spec, name: spec.name })))(
    `$name: each element gives its one-element call's bits, at every position of every length 0..${SHORT}, every offset, in JS and in wasm memory`,
    ({ spec }: { spec: OpSpec }) => {
      const k = caseOf('relaxed', 'fast').kernel;
      const hot = sensitiveInputs();
      const points = hot.length > 0 ? hot : (uniform('float32', 64, -30, 30, 5) as Float32Array);
      // Inputs: the sensitive points, rotated so that each sits at every position in turn.
      const room = SHORT + 8;
      const wasmIn = k.allocFloat32(room);
      // A binary entry's second input (the loss's targets): hard and soft, rotated with x.
      const binary = spec.shape === 'binary' || spec.shape === 'loss';
      const wasmIn2 = k.allocFloat32(room);
      const wasmOut = [k.allocFloat32(room), k.allocFloat32(room)];
      try {
        for (let rotation = 0; rotation < Math.min(points.length, 16); rotation++) {
          const source = Float32Array.from({ length: room }, (_, i) => points[(i + rotation) % points.length]!);
          const second = Float32Array.from({ length: room }, (_, i) => [0, 1, 0.25, 0.7, 1, 0][(i + 3 * rotation) % 6]!);
          const single = (v: number, i: number): number[] =>
            resultsOf(spec, call(k, spec, binary ? [Float32Array.of(v), Float32Array.of(second[i]!)] : [Float32Array.of(v)])).map((a) => a[0]!);
          const want = Array.from(source, single);
          for (let offset = 0; offset < 8; offset++) {
            for (let n = 0; n <= SHORT; n++) {
              const js = source.subarray(offset, offset + n);
              const js2 = second.subarray(offset, offset + n);
              const inputs = binary ? [js, js2] : [js];
              const expected = (o: number) => Float32Array.from({ length: n }, (_, i) => want[offset + i]![o]!);
              const check = (label: string, got: Float[]) =>
                got.forEach((out, o) => {
                  const d = describeDifference(`${spec.name}, ${label}, rotation ${rotation}, offset ${offset}, n = ${n}, output ${o}`, out, expected(o), [js], 'float32');
                  if (d) expect.fail(d);
                });
              check('JS memory', resultsOf(spec, call(k, spec, inputs)));
              // In the wasm memory, at an offset: the kernel runs on the caller's range.
              const inView = wasmIn.array.subarray(offset, offset + n);
              inView.set(js);
              const inView2 = wasmIn2.array.subarray(offset, offset + n);
              inView2.set(js2);
              const outs = wasmOut.map((w, o) => w.array.subarray((offset + o) % 3, ((offset + o) % 3) + n)).slice(0, spec.shape === 'pair' ? 2 : 1);
              for (const w of wasmOut) w.array.fill(-7);
              call(k, spec, binary ? [inView, inView2] : [inView], outs);
              check('wasm memory', outs);
              for (const [o, w] of wasmOut.entries()) {
                if (o >= outs.length) continue;
                const start = (offset + o) % 3;
                const outside = [...w.array.subarray(0, start), ...w.array.subarray(start + n)];
                if (outside.some((v) => v !== -7)) expect.fail(`${spec.name}: written outside the output in wasm memory (offset ${offset}, n = ${n})`);
              }
            }
          }
        }
      } finally {
        wasmIn.free();
        wasmIn2.free();
        for (const w of wasmOut) w.free();
      }
    },
  );
});
