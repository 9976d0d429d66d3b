// Every bad argument an entry of the table can get, by its shape: each makes
// a call with exactly one thing wrong, and says which error it must throw
// and which arguments its message must name. test/api/errors.test.ts (the
// kernels and the top-level functions) and test/pool/errors.test.ts (the
// pool, which throws the Kernel's errors synchronously) check them all.
import fc from 'fast-check';

import { CHUNK_BYTES } from '../../src/heap.js';
import type { DType, OpSpec } from '../../src/op.js';
import type { WasmArray } from '../../src/types.js';
import { arity, inputsOf, outputNames, plain, type Target } from './ops.js';
import { arrayOf, describeDifference, type Float } from './numbers.js';
import { optionsOf } from './property.js';

/** What a bad case builds its call from. */
export interface Context {
  readonly dtype: DType;
  readonly n: number;
  /** Good inputs of the type and length. */
  readonly inputs: Float[];
  /** An array of the type: n sentinels (an output), or of another length or type. */
  fresh(n?: number, dtype?: DType): Float;
  /** A WasmArray of the subject's memory, freed. */
  freed(): WasmArray;
  /** A WasmArray of the subject's memory (live, of the type and length). */
  wasm(): WasmArray;
  /** An index in [0, n) (where a bad element goes). */
  readonly at: number;
}

export interface BadCase {
  readonly label: string;
  readonly error: typeof TypeError | typeof RangeError;
  /** The argument names the message must name (beside the function's). */
  readonly names: readonly string[];
  /** The fewest elements this case needs (default 0). */
  readonly minLength?: number;
  /** The call's arguments. */
  args(c: Context): unknown[];
}

/** Values that are not a number, an array of numbers, a float typed array or a WasmArray. */
const NOT_AN_ARRAY: Array<[string, () => unknown]> = [
  ['a string', () => 'abc'],
  ['null', () => null],
  ['undefined', () => undefined],
  ['an object', () => ({})],
  ['a bigint', () => 1n],
  ['a boolean', () => true],
  ['a symbol', () => Symbol('x')],
  ['a function', () => () => 1],
  ['an Int32Array', () => new Int32Array(3)],
  ['a Uint8Array', () => new Uint8Array(3)],
  ['a BigInt64Array', () => new BigInt64Array(3)],
  ['a DataView', () => new DataView(new ArrayBuffer(8))],
  ['an ArrayBuffer', () => new ArrayBuffer(8)],
];

/** Elements of an array of numbers that are not numbers. */
const NOT_A_NUMBER: Array<[string, unknown]> = [
  ['a string', '1'],
  ['null', null],
  ['undefined', undefined],
  ['an object', {}],
  ['a bigint', 1n],
];

/** The other float type. */
const other = (dtype: DType): DType => (dtype === 'float32' ? 'float64' : 'float32');

/** Every bad case of an entry. */
export function badCases(spec: OpSpec): BadCase[] {
  const cases: BadCase[] = [];
  const names = spec.inputs;
  const binary = arity(spec) === 2;
  const outs = outputNames(spec);
  /** The call with its inputs and outputs (a loss's output in its options), as the shape takes them. */
  const withArgs = (inputs: unknown[], outputs: unknown[] = []): unknown[] => {
    if (spec.shape === 'loss') return outputs.length === 0 ? inputs : [...inputs, { out: outputs[0] }];
    return [...inputs, ...outputs];
  };
  const replaced = (c: Context, i: number, v: unknown): unknown[] => c.inputs.map((a, k) => (k === i ? v : a));

  // ---- inputs ----
  names.forEach((name, i) => {
    for (const [what, make] of NOT_AN_ARRAY) {
      cases.push({ label: `${name} = ${what}`, error: TypeError, names: [name], args: (c) => withArgs(replaced(c, i, make())) });
    }
    for (const [what, value] of NOT_A_NUMBER) {
      cases.push({
        label: `${name} an array of numbers with ${what} at one index`,
        error: TypeError,
        names: [`${name}[`],
        minLength: 1,
        args: (c) => {
          const list: unknown[] = Array.from(c.inputs[i]!);
          list[c.at] = value;
          // The other input an array of numbers too (arrays of numbers are float64).
          return withArgs(c.inputs.map((a, k) => (k === i ? list : Array.from(a))));
        },
      });
    }
    cases.push({ label: `${name} a freed WasmArray`, error: TypeError, names: [name], args: (c) => withArgs(replaced(c, i, c.freed())) });
  });
  if (binary) {
    const [a, b] = names as [string, string];
    cases.push({ label: `${a} and ${b} of different types`, error: TypeError, names: [a, b], args: (c) => withArgs([c.inputs[0], c.fresh(c.n, other(c.dtype))]) });
    cases.push({ label: `${a} of the other type than ${b}`, error: TypeError, names: [a, b], args: (c) => withArgs([c.fresh(c.n, other(c.dtype)), c.inputs[1]]) });
    cases.push({ label: `${a} and ${b} of different lengths`, error: RangeError, names: [a, b], args: (c) => withArgs([c.inputs[0], c.fresh(c.n + 1)]) });
    cases.push({ label: `${a} a number, ${b} an array`, error: TypeError, names: [a, b], args: (c) => withArgs([0.5, c.inputs[1]]) });
    cases.push({ label: `${a} an array, ${b} a number`, error: TypeError, names: [a, b], args: (c) => withArgs([c.inputs[0], 0.5]) });
  }

  // ---- outputs ----
  outs.forEach((name, k) => {
    const outputs = (c: Context, bad: unknown): unknown[] => outs.map((_, j) => (j === k ? bad : c.fresh()));
    const kinds: Array<[string, (c: Context) => unknown]> = [
      ['a string', () => 'out'],
      ['a number', () => 1],
      ['null', () => null],
      ['an object', () => ({})],
      ['an array of numbers', (c) => Array.from(c.fresh())],
      ['an Int32Array', (c) => new Int32Array(c.n)],
      ['a DataView', () => new DataView(new ArrayBuffer(8))],
      ['of the other type', (c) => c.fresh(c.n, other(c.dtype))],
      ['a freed WasmArray', (c) => c.freed()],
    ];
    for (const [what, make] of kinds) cases.push({ label: `${name} ${what}`, error: TypeError, names: [name], args: (c) => withArgs(c.inputs, outputs(c, make(c))) });
    cases.push({ label: `${name} one element longer`, error: RangeError, names: [name], args: (c) => withArgs(c.inputs, outputs(c, c.fresh(c.n + 1))) });
    cases.push({ label: `${name} one element shorter`, error: RangeError, names: [name], minLength: 1, args: (c) => withArgs(c.inputs, outputs(c, c.fresh(c.n - 1))) });
    cases.push({
      label: `${name} given with numbers`,
      error: TypeError,
      names: [name],
      args: () => withArgs(names.map(() => 0.5), outs.map(() => new Float64Array(1))),
    });
  });
  if (spec.shape === 'pair') {
    cases.push({
      label: 'value and derivative the same array',
      error: RangeError,
      names: ['value', 'derivative'],
      minLength: 1,
      args: (c) => {
        const out = c.fresh();
        return [c.inputs[0], out, out];
      },
    });
    cases.push({
      label: 'value and derivative partly overlapping',
      error: RangeError,
      names: ['value', 'derivative'],
      minLength: 2,
      args: (c) => {
        const buffer = c.fresh(c.n + 1);
        return [c.inputs[0], buffer.subarray(0, c.n), buffer.subarray(1)];
      },
    });
  }

  // ---- a loss's options ----
  if (spec.shape === 'loss') {
    const options: Array<[string, (c: Context) => unknown]> = [
      ['null', () => null],
      ['a string', () => 'sum'],
      ['a number', () => 1],
      ['a boolean', () => true],
      ['an array', () => [1, 2]],
      ['an output array (typed)', (c) => c.fresh()],
      ['an output array (WasmArray)', (c) => c.wasm()],
    ];
    for (const [what, make] of options) cases.push({ label: `options ${what}`, error: TypeError, names: ['options'], args: (c) => [...c.inputs, make(c)] });
    for (const key of ['reductoin', 'Reduction', 'output', 'precision']) {
      cases.push({ label: `options with an unknown key '${key}'`, error: TypeError, names: [`'${key}'`, "'reduction'", "'out'"], args: (c) => [...c.inputs, { [key]: 'sum' }] });
    }
    for (const reduction of ['max', 'Sum', '', 1, true, null]) {
      cases.push({ label: `options.reduction ${JSON.stringify(reduction)}`, error: TypeError, names: ['options.reduction'], args: (c) => [...c.inputs, { reduction }] });
    }
    for (const reduction of ['sum', 'mean']) {
      cases.push({ label: `options.out with reduction '${reduction}'`, error: TypeError, names: ['options.out'], args: (c) => [...c.inputs, { reduction, out: c.fresh() }] });
      cases.push({ label: `${names[0]} and ${names[1]} of different lengths, reduction '${reduction}'`, error: RangeError, names: [...names], args: (c) => [c.inputs[0], c.fresh(c.n + 1), { reduction }] });
    }
  }
  return cases;
}

/** What throws the error: a kernel's or the top-level functions (sync), or a pool (a sync throw, never a rejection). */
export interface ErrorSubject {
  readonly label: string;
  call(spec: OpSpec, args: readonly unknown[]): unknown;
  alloc(dtype: DType, n: number): WasmArray;
}

const SENTINEL = 9.5;

/** Runs one bad case: '' when it threw as it must, wrote nothing, and the function works afterwards; else the problem. */
export async function runBadCase(subject: ErrorSubject, spec: OpSpec, bad: BadCase, dtype: DType, n: number, at: number, seed: number, oracle: Target): Promise<string> {
  const where = `${subject.label}, ${spec.name}, ${bad.label} (${dtype}, n = ${n})`;
  const watched: Float[] = [];
  const live: WasmArray[] = [];
  const track = <A extends Float>(a: A): A => {
    watched.push(a);
    return a;
  };
  const inputs = inputsOf(spec, dtype, n, seed).map(track);
  const context: Context = {
    dtype,
    n,
    inputs,
    at,
    fresh: (m = n, t = dtype) => track(arrayOf(t, m).fill(SENTINEL)),
    freed: () => {
      const a = subject.alloc(dtype, n);
      a.free();
      return a;
    },
    wasm: () => {
      const a = subject.alloc(dtype, n);
      live.push(a);
      return a;
    },
  };
  try {
    const args = bad.args(context);
    for (const a of live) a.array.fill(SENTINEL);
    const before = watched.map((a) => a.slice());
    const wasmBefore = live.map((a) => a.array.slice());
    let thrown: unknown = null;
    let returned: unknown;
    try {
      returned = subject.call(spec, args);
    } catch (error) {
      thrown = error;
    }
    if (thrown === null) {
      if (returned instanceof Promise) {
        const settled = await returned.then(
          () => 'fulfilled',
          (e: unknown) => `rejected with ${String(e)}`,
        );
        return `${where}: returned a Promise (${settled}) instead of throwing a ${bad.error.name}`;
      }
      return `${where}: did not throw (returned ${String(returned)}), expected a ${bad.error.name}`;
    }
    if (!(thrown instanceof bad.error)) return `${where}: threw ${String(thrown)}, expected a ${bad.error.name}`;
    const message = thrown.message;
    if (!message.startsWith(`${spec.name}: `)) return `${where}: the message does not start with '${spec.name}: ': ${message}`;
    for (const name of bad.names) {
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const pattern = new RegExp(`(^|[^\\w.])${escaped}${/\w$/.test(name) ? '(?!\\w)' : ''}`);
      if (!pattern.test(message.slice(spec.name.length + 2))) return `${where}: the message does not name ${name}: ${message}`;
    }
    // Nothing written: the inputs, the outputs, every array of the call.
    for (let k = 0; k < watched.length; k++) {
      const d = describeDifference(`${where}: array ${k} of the call was written`, watched[k]!, before[k]!, [before[k]!], watched[k] instanceof Float32Array ? 'float32' : 'float64');
      if (d) return d;
    }
    for (let k = 0; k < live.length; k++) {
      const d = describeDifference(`${where}: WasmArray ${k} of the call was written`, live[k]!.array, wasmBefore[k]!, [wasmBefore[k]!], dtype);
      if (d) return d;
    }
    // And the function keeps working.
    const want = plain(oracle, spec, inputs);
    const got = await subject.call(spec, inputs.map((a) => a.slice()));
    const results = spec.shape === 'pair' ? [(got as { value: Float }).value, (got as { derivative: Float }).derivative] : [got as Float];
    for (let k = 0; k < results.length; k++) {
      const d = describeDifference(`${where}: the next good call, result ${k}`, results[k]!, want[k]!, inputs, dtype);
      if (d) return d;
    }
    return '';
  } finally {
    for (const a of live) a.free();
  }
}

/**
 * The property: every bad case of the entry (each once first, then random
 * ones) on random types and lengths (short, and past a streaming chunk).
 */
export async function checkBadArguments(subject: () => ErrorSubject, spec: OpSpec, oracle: (dtype: DType) => Target, options: { name: string; numRuns: number }): Promise<void> {
  const cases = badCases(spec);
  const s = subject();
  const lengths = (dtype: DType) => [0, 1, 3, 17, 40, CHUNK_BYTES / (dtype === 'float32' ? 4 : 8) + 3];
  const arbitrary = fc.record({
    k: fc.integer({ min: 0, max: cases.length - 1 }),
    dtype: fc.constantFrom<DType>('float32', 'float64'),
    length: fc.integer({ min: 0, max: 5 }),
    at: fc.nat(),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  });
  type Drawn = { k: number; dtype: DType; length: number; at: number; seed: number };
  const examples: Array<[Drawn]> = cases.map((_, k) => [{ k, dtype: k % 2 === 0 ? 'float32' : 'float64', length: 2, at: k, seed: k + 1 }]);
  await fc.assert(
    fc.asyncProperty(arbitrary, async ({ k, dtype, length, at, seed }) => {
      const bad = cases[k]!;
      let n = lengths(dtype)[length]!;
      n = Math.max(n, bad.minLength ?? 0);
      const problem = await runBadCase(s, spec, bad, dtype, n, n === 0 ? 0 : at % n, seed, oracle(dtype));
      if (problem !== '') throw new Error(problem);
    }),
    optionsOf(options.name, options.numRuns, examples),
  );
}
