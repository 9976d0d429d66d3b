// Softmax and its relatives over rows (the table's row entries: softmax,
// logSoftmax, softmaxBackward, softmaxCrossEntropyWithLogits and its
// gradient), every build and tier, both types:
//   - against the 200-bit mpmath rows of test/fixtures/softmax-<type>.json
//     (scripts/reference.py --sets softmax: lengths 1 to 1000, entries mild
//     to 1e4 in float32 and 1e6 in float64, tiny and subnormal
//     probabilities, -Inf, equal and dominant entries, the special rows),
//     each result within its entry's bound: the fast float32 tier within
//     (4 + |x_i - m|) ULP where it rounds x_i - m once, the losses and the
//     gradient in the mixed unit where the gradient cancels;
//   - long rows (10^4 and 10^5 elements) against a float64 reference, each
//     row summing to 1 within a few ULP whatever its length;
//   - the scalar and SIMD builds give the same bits (the relaxed build too:
//     no relaxed operation in these kernels);
//   - rows are independent (a call over k rows is k calls), every way of
//     passing the arrays gives the same bits (JS arrays, plain arrays, out,
//     in place, WasmArray), reductions are Neumaier sums of the per-row
//     losses (the pool's split at row boundaries: test/pool/calls.test.ts);
//   - every bad argument is a TypeError or RangeError thrown before
//     anything is written, and the function works after.
// Runs under Node and in the browsers.
import { describe, expect, it } from 'vitest';

import { createKernel, type Kernel } from '../../src/index.js';
import { boundOf, type DType, type OpSpec } from '../../src/op.js';
import { opNamed } from '../../src/table.js';
import { CASES } from '../support/cases.js';
import { precisionBits, TYPES, ulp, type Float } from '../support/numbers.js';

interface Row {
  x: (number | string)[];
  t: number[];
  c: number;
  p?: [number | string, number][];
  l?: [number | string, number][];
  loss?: [number | string, number];
  lossClass?: [number | string, number];
  grad?: [number | string, number][];
  gradClass?: [number | string, number][];
  y?: number[];
  dy?: number[];
  dx?: [number | string, number][];
}

async function readRows(name: string): Promise<Row[]> {
  const url = new URL(`../fixtures/${name}`, import.meta.url);
  const text = url.protocol === 'file:' ? await (await import('node:fs/promises')).readFile(url, 'utf8') : await (await fetch(url)).text();
  return JSON.parse(text) as Row[];
}

const ROWS: Record<DType, Row[]> = { float32: await readRows('softmax-f32.json'), float64: await readRows('softmax-f64.json') };
const num = (v: number | string): number => (typeof v === 'number' ? v : Number(v));
const arrayOf = (dtype: DType, values: ArrayLike<number>): Float => (dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values));
const spec = (name: string): OpSpec => opNamed(name)!;
const SOFTMAX = spec('softmax');
const LOG_SOFTMAX = spec('logSoftmax');
const BACKWARD = spec('softmaxBackward');
const LOSS = spec('softmaxCrossEntropyWithLogits');
const GRADIENT = spec('softmaxCrossEntropyWithLogitsGradient');

type Loose = (...args: unknown[]) => unknown;
const fn = (k: object, name: string): Loose => (k as Record<string, Loose>)[name]!;

/** The error of `got` against hi + lo in ULPs of the result (0 for equal non-finite values, NaN for NaN). */
function ulpError(dtype: DType, got: number, hi: number, lo: number): number {
  if (Number.isNaN(hi) || Number.isNaN(got)) return Number.isNaN(hi) && Number.isNaN(got) ? 0 : Infinity;
  if (!Number.isFinite(hi) || !Number.isFinite(got)) return got === hi ? 0 : Infinity;
  return Math.abs(got - hi - lo) / ulp(hi, dtype);
}

/** Checks results against [hi, lo] pairs: the worst error over the bound `allowed(i)`, and where (or '' when all hold). */
function check(dtype: DType, got: ArrayLike<number>, want: [number | string, number][], allowed: (i: number) => number, label: string): string {
  for (let i = 0; i < got.length; i++) {
    const e = ulpError(dtype, got[i]!, num(want[i]![0]), want[i]![1]);
    if (!(e <= allowed(i))) return `${label}[${i}]: got ${got[i]}, true ${num(want[i]![0]) + want[i]![1]} (${e} ULP > ${allowed(i)})`;
  }
  return '';
}

/** The row's maximum (NaN and +-Inf as they are). */
function maxOf(x: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) m = Math.max(m, x[i]!);
  return m;
}

describe.each(CASES)('$title', (c) => {
  describe.each(TYPES)('%s', (dtype) => {
    const bound = (s: OpSpec): number => boundOf(s.kernels[dtype][c.precision]);
    const fastF32 = dtype === 'float32' && c.precision === 'fast';

    it.skipIf(c.skip !== null)('softmax and logSoftmax: every fixture row within its bound (fast float32: 4 + |x_i - m| ULP)', () => {
      const problems: string[] = [];
      ROWS[dtype].forEach((row, r) => {
        const x = arrayOf(dtype, row.x.map(num));
        const m = maxOf(x);
        const allowed = (s: OpSpec) => (i: number) => bound(s) + (fastF32 && Number.isFinite(m) && Number.isFinite(x[i]!) ? Math.abs(x[i]! - m) : 0);
        const p = fn(c.kernel, 'softmax')(x) as Float;
        const l = fn(c.kernel, 'logSoftmax')(x) as Float;
        if (row.p === undefined) {
          if (!p.every(Number.isNaN) || !l.every(Number.isNaN)) problems.push(`row ${r}: a special row must give NaN`);
          return;
        }
        problems.push(check(dtype, p, row.p, allowed(SOFTMAX), `row ${r} softmax`), check(dtype, l, row.l!, allowed(LOG_SOFTMAX), `row ${r} logSoftmax`));
        // Each row sums to 1 within a few ULP (rounding of each probability only).
        let s = 0;
        for (const v of p) s += v;
        if (Number.isFinite(s) && Math.abs(s - 1) > 4 * 2 ** (1 - precisionBits(dtype))) problems.push(`row ${r}: the softmax sums to ${s}`);
      });
      expect(problems.filter((p) => p !== '').slice(0, 6).join('\n')).toBe('');
    });

    it.skipIf(c.skip !== null)('the loss (probabilities and class indices), its gradient and the backward step: every fixture row within its bound', () => {
      const problems: string[] = [];
      const p = precisionBits(dtype);
      ROWS[dtype].forEach((row, r) => {
        const x = arrayOf(dtype, row.x.map(num));
        const t = arrayOf(dtype, row.t);
        const loss = fn(c.kernel, LOSS.name)(x, t) as Float;
        const lossClass = fn(c.kernel, LOSS.name)(x, Int32Array.of(row.c)) as Float;
        const grad = fn(c.kernel, GRADIENT.name)(x, t) as Float;
        const gradClass = fn(c.kernel, GRADIENT.name)(x, Uint32Array.of(row.c)) as Float;
        if (row.loss === undefined) {
          if (!Number.isNaN(loss[0]!) || !grad.every(Number.isNaN)) problems.push(`row ${r}: a special row must give NaN`);
          return;
        }
        problems.push(check(dtype, loss, [row.loss], () => bound(LOSS), `row ${r} loss`));
        problems.push(check(dtype, lossClass, [row.lossClass!], () => bound(LOSS), `row ${r} loss (class)`));
        // softmax - t cancels where they agree: the error is bounded by the bound times 2^-p of the softmax value as well.
        const mixed = (got: Float, want: [number | string, number][], label: string) => {
          for (let i = 0; i < got.length; i++) {
            const hi = num(want[i]![0]);
            const pi = num(row.p![i]![0]);
            const diff = Math.abs(got[i]! - hi - want[i]![1]);
            if (!(diff <= bound(GRADIENT) * (ulp(hi, dtype) + 2 ** -p * pi))) problems.push(`row ${r} ${label}[${i}]: got ${got[i]}, true ${hi}`);
          }
        };
        mixed(grad, row.grad!, 'gradient');
        mixed(gradClass, row.gradClass!, 'gradient (class)');
        // The backward step: within its bound where dy_i - sum does not cancel, else absolutely (bound x 2^-p y_i sum |dy y|).
        const y = arrayOf(dtype, row.y!);
        const dy = arrayOf(dtype, row.dy!);
        const dx = fn(c.kernel, BACKWARD.name)(y, dy) as Float;
        let scale = 0;
        for (let i = 0; i < y.length; i++) scale += Math.abs(y[i]! * dy[i]!);
        for (let i = 0; i < dx.length; i++) {
          const hi = num(row.dx![i]![0]);
          const diff = Math.abs(dx[i]! - hi - row.dx![i]![1]);
          if (!(diff <= bound(BACKWARD) * (ulp(hi, dtype) + 2 ** -p * y[i]! * (scale + Math.abs(dy[i]!))))) problems.push(`row ${r} backward[${i}]: got ${dx[i]}, true ${hi}`);
        }
      });
      expect(problems.filter((p) => p !== '').slice(0, 6).join('\n')).toBe('');
    });

    it.skipIf(c.skip !== null)('long rows (10^4, 10^5): within the bound of a float64 reference, summing to 1 within a few ULP', () => {
      for (const n of [10_000, 100_000]) {
        let seed = n;
        const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
        const x = arrayOf(dtype, Array.from({ length: n }, () => 6 * (rand() + rand() + rand()) - 9));
        const y = fn(c.kernel, 'softmax')(x) as Float;
        const m = maxOf(x);
        // e^(x_i - m) and their sum in float64, compensated: within a few float64 ULP, far below a float32 one.
        let s = 0;
        let comp = 0;
        const e = Float64Array.from(x, (v) => Math.exp(v - m));
        for (const v of e) {
          const t = s + v;
          comp += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
          s = t;
        }
        s += comp;
        let total = 0;
        let totalComp = 0;
        let worst = 0;
        for (let i = 0; i < n; i++) {
          const v = y[i]!;
          const tt = total + v;
          totalComp += Math.abs(total) >= Math.abs(v) ? total - tt + v : v - tt + total;
          total = tt;
          const err = Math.abs(y[i]! - e[i]! / s) / ulp(e[i]! / s, dtype) - (fastF32 ? Math.abs(x[i]! - m) : 0);
          worst = Math.max(worst, err);
        }
        total += totalComp;
        // float64: the reference itself is within ~2 ULP, so allow it beside the bound
        expect(worst, `n = ${n}`).toBeLessThanOrEqual(bound(SOFTMAX) + (dtype === 'float64' ? 2 : 0.01));
        expect(Math.abs(total - 1), `n = ${n}: sum`).toBeLessThanOrEqual((dtype === 'float32' ? 4 : 64) * 2 ** (1 - precisionBits(dtype)));
      }
    });

    it.skipIf(c.skip !== null)('rows are independent: one call over k rows gives the bits of k calls; plain arrays, out, in place and WasmArrays give the same bits', () => {
      const k = c.kernel;
      const rows = 7;
      const len = 37;
      const x = arrayOf(dtype, Array.from({ length: rows * len }, (_, i) => Math.sin(i * 1.7) * 12));
      const t = arrayOf(dtype, Array.from({ length: rows * len }, (_, i) => (i % 3 === 0 ? 0 : (i % 7) / 7)));
      const classes = Int32Array.from({ length: rows }, (_, r) => (r * 5) % len);
      for (const name of ['softmax', 'logSoftmax', BACKWARD.name, LOSS.name, GRADIENT.name]) {
        const s = spec(name);
        const second = s.shape === 'rows' ? [] : [s.shape === 'rowsBinary' ? t : t];
        const whole = fn(k, name)(x, ...second, { rowLength: len }) as Float;
        const perRow: number[] = [];
        for (let r = 0; r < rows; r++) {
          const part = (a: Float) => a.slice(r * len, (r + 1) * len);
          perRow.push(...(fn(k, name)(part(x), ...second.map(part)) as Float));
        }
        expect(Array.from(whole), `${name}: rows`).toEqual(perRow);
        // plain arrays (float64), out, in place, WasmArrays
        if (dtype === 'float64') expect(Array.from(fn(k, name)(Array.from(x), ...second.map((a) => Array.from(a)), { rowLength: len }) as Float), `${name}: plain arrays`).toEqual(perRow);
        const out = arrayOf(dtype, new Array(whole.length).fill(7));
        expect(fn(k, name)(x, ...second, { rowLength: len, out })).toBe(out);
        expect(Array.from(out), `${name}: out`).toEqual(perRow);
        if (s.shape !== 'rowsLoss') {
          const inPlace = x.slice();
          fn(k, name)(inPlace, ...second, { rowLength: len, out: inPlace });
          expect(Array.from(inPlace), `${name}: in place`).toEqual(perRow);
        }
        const alloc = (a: Float) => (dtype === 'float32' ? k.allocFloat32(a) : k.allocFloat64(a));
        const wx = alloc(x);
        const wsecond = second.map(alloc);
        const wout = alloc(new Float64Array(whole.length));
        fn(k, name)(wx, ...wsecond, { rowLength: len, out: wout });
        expect(Array.from(wout.array), `${name}: WasmArrays`).toEqual(perRow);
        for (const w of [wx, ...wsecond, wout]) w.free();
      }
      // class indices: Int32Array and Uint32Array alike, and a loss per row
      const a = fn(k, LOSS.name)(x, classes, { rowLength: len }) as Float;
      const b = fn(k, LOSS.name)(x, Uint32Array.from(classes), { rowLength: len }) as Float;
      expect(a.length).toBe(rows);
      expect(Array.from(a)).toEqual(Array.from(b));
      // reductions: the Neumaier sum of the per-row losses, in row order, and its mean over rows
      let sum = 0;
      let comp = 0;
      for (const v of a) {
        const tt = sum + v;
        comp += Math.abs(sum) >= Math.abs(v) ? sum - tt + v : v - tt + sum;
        sum = tt;
      }
      sum += comp;
      expect(fn(k, LOSS.name)(x, classes, { rowLength: len, reduction: 'sum' })).toBe(sum);
      expect(fn(k, LOSS.name)(x, classes, { rowLength: len, reduction: 'mean' })).toBe(sum / rows);
    });
  });
});

describe('special rows and values', () => {
  const k = createKernel();
  it('-Inf gets 0 (log: -Inf); a NaN or a row of -Inf only: NaN in that row only; +Inf logits share the mass', () => {
    const x = Float64Array.of(-Infinity, 0, 1, -Infinity, 2, NaN, 1, 2, -Infinity, -Infinity, -Infinity, Infinity, 1, Infinity, -Infinity);
    const p = k.softmax(x, { rowLength: 5 } as never) as unknown as Float64Array;
    expect(p[0]).toBe(0);
    expect(p[3]).toBe(0);
    expect(p[1]! + p[2]! + p[4]!).toBeCloseTo(1, 15);
    expect(Array.from(p.slice(5, 10)).every(Number.isNaN)).toBe(true);
    expect(Array.from(p.slice(10))).toEqual([0, 0.5, 0, 0.5, 0]);
    const l = k.logSoftmax(x, { rowLength: 5 } as never) as unknown as Float64Array;
    expect(l[0]).toBe(-Infinity);
    expect(Array.from(l.slice(10))).toEqual([-Infinity, -Math.LN2, -Infinity, -Math.LN2, -Infinity]);
  });

  it('a dominant logit keeps its log-probability (log1p of S - 1, not log of a rounded S)', () => {
    const l = k.logSoftmax(Float64Array.of(0, 90)) as unknown as Float64Array;
    expect(l[1]).toBeLessThan(0);
    expect(Math.abs(l[1]! + Math.exp(-90)) / Math.exp(-90)).toBeLessThan(1e-15);
  });

  it('a target of 0 costs nothing, even against a -Inf logit; a target outside [0, 1] gives NaN for its row', () => {
    const x = Float64Array.of(-Infinity, 0, 0);
    expect((k.softmaxCrossEntropyWithLogits(x, Float64Array.of(0, 0.5, 0.5)) as unknown as Float64Array)[0]).toBeCloseTo(Math.LN2, 15);
    expect((k.softmaxCrossEntropyWithLogits(x, Int32Array.of(0)) as unknown as Float64Array)[0]).toBe(Infinity);
    expect(Number.isNaN((k.softmaxCrossEntropyWithLogits(x, Float64Array.of(0, 1.5, 0)) as unknown as Float64Array)[0])).toBe(true);
  });
});

describe('bad arguments', () => {
  const k: Kernel = createKernel();
  const x = Float32Array.of(1, 2, 3, 4, 5, 6);
  const cases: [string, () => unknown, 'TypeError' | 'RangeError', RegExp][] = [
    ['rowLength not dividing', () => k.softmax(x, { rowLength: 4 }), 'RangeError', /rowLength \(4\) must divide x's length \(6\)/],
    ['rowLength 0', () => k.softmax(x, { rowLength: 0 }), 'RangeError', /positive integer/],
    ['rowLength 1.5', () => k.logSoftmax(x, { rowLength: 1.5 }), 'RangeError', /positive integer/],
    ['rowLength a string', () => k.softmax(x, { rowLength: '3' as never }), 'RangeError', /positive integer/],
    ['unknown option', () => k.softmax(x, { rowLen: 3 } as never), 'TypeError', /unknown option 'rowLen'/],
    ['options an array', () => k.softmax(x, new Float32Array(6) as never), 'TypeError', /options must be an object/],
    ['a number', () => k.softmax(3 as never), 'TypeError', /x must be an array/],
    ['a string', () => k.softmax('abc' as never), 'TypeError', /x must be/],
    ['out of another type', () => k.softmax(x, { out: new Float64Array(6) as never }), 'TypeError', /out must have the input's type/],
    ['out of another length', () => k.softmax(x, { out: new Float32Array(5) }), 'RangeError', /out must have the input's length/],
    ['dy of another type', () => k.softmaxBackward(x, new Float64Array(6) as never), 'TypeError', /same type/],
    ['dy of another length', () => k.softmaxBackward(x, new Float32Array(3)), 'RangeError', /same length/],
    ['class index out of range', () => k.softmaxCrossEntropyWithLogits(x, Int32Array.of(0, 3), { rowLength: 3 }), 'RangeError', /targets\[1\] is 3, not a class index in \[0, 3\)/],
    ['negative class index', () => k.softmaxCrossEntropyWithLogitsGradient(x, Int32Array.of(-1, 0), { rowLength: 3 }), 'RangeError', /targets\[0\] is -1/],
    ['class count', () => k.softmaxCrossEntropyWithLogits(x, Int32Array.of(0), { rowLength: 3 }), 'RangeError', /one per row \(got 1, 2 rows of 3\)/],
    ['reduction unknown', () => k.softmaxCrossEntropyWithLogits(x, x, { reduction: 'avg' as never }), 'TypeError', /reduction must be/],
    ['out with a reduction', () => k.softmaxCrossEntropyWithLogits(x, x, { reduction: 'sum', out: new Float32Array(1) } as never), 'TypeError', /out must be omitted/],
    ['loss out of another length', () => k.softmaxCrossEntropyWithLogits(x, x, { rowLength: 3, out: new Float32Array(6) }), 'RangeError', /length 2 \(one loss per row\)/],
    ['targets of class type for the backward step', () => k.softmaxBackward(x, Int32Array.of(0) as never), 'TypeError', /dy must be/],
  ];
  it.each(cases)('%s: a clear error, nothing written, the function works after', (_name, call, type, message) => {
    const before = x.slice();
    let error: unknown;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect((error as Error)?.constructor.name).toBe(type);
    expect((error as Error).message).toMatch(message);
    expect(Array.from(x)).toEqual(Array.from(before));
    expect(Array.from(k.softmax(Float32Array.of(0, 0)))).toEqual([0.5, 0.5]);
  });
});
