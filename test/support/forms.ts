// The ways an entry can be called, as one seeded property over every entry
// (test/api/calls.test.ts for the kernels and the top-level functions,
// test/pool/calls.test.ts for the pool): a random type, length and offset;
// fresh results, `out`, in place over either input, an out that partly
// overlaps an input, arrays of numbers, numbers, arrays in the wasm memory
// (WasmArray objects, or typed-array views of the memory) mixed with arrays
// in JS memory, and a loss's reductions. Each call must give the oracle's
// bits (a plain call of the scalar build: test/support/cases.ts, oracleFor),
// return what it promises, and write nothing but its outputs: every array
// involved, its guard elements around the views included, is compared
// element for element with what it must hold afterwards.
import fc from 'fast-check';

import { CHUNK_BYTES } from '../../src/heap.js';
import type { DType, OpSpec } from '../../src/op.js';
import type { WasmArray } from '../../src/types.js';
import { arity, inputsOf, numbersOf, plain, resultsOf, type Target } from './ops.js';
import { optionsOf } from './property.js';
import { arrayOf, describeDifference, neumaier, sameBits, show, type Float } from './numbers.js';

/** What is called: a kernel (sync), the top-level functions (sync, the default kernel's memory), a pool (async). */
export interface Subject {
  readonly label: string;
  /** Calls an entry (a Promise for a pool). */
  call(spec: OpSpec, args: readonly unknown[]): unknown;
  /** An array in the subject's memory. */
  alloc(dtype: DType, n: number): WasmArray;
}

/** A subject made of a target with the table's functions as methods and the alloc functions. */
export function subjectOf(label: string, target: Target, allocator: { allocFloat32(n: number): WasmArray; allocFloat64(n: number): WasmArray }): Subject {
  return {
    label,
    call: (spec, args) => (target as Record<string, (...a: unknown[]) => unknown>)[spec.name]!(...args),
    alloc: (dtype, n) => (dtype === 'float32' ? allocator.allocFloat32(n) : allocator.allocFloat64(n)),
  };
}

/** Where an array lives: JS memory, a WasmArray passed as it is, or a typed-array view of the wasm memory. */
export type Place = 'js' | 'wasm' | 'view';

/**
 * How the outputs are given: none (fresh results), separate arrays, in place
 * over an input, partly overlapping an input (shifted), or, for a loss, a
 * reduction.
 */
export type Form = 'fresh' | 'out' | 'inPlace' | 'overlap' | 'list' | 'numbers' | 'sum' | 'mean';

export interface Recipe {
  readonly dtype: DType;
  readonly n: number;
  /** Elements before each view in its buffer. */
  readonly offset: number;
  readonly form: Form;
  /** The input the output aliases (in place, overlap), and which output (a pair's value or derivative). */
  readonly input: number;
  readonly output: number;
  /** The overlap's shift, in elements (not 0). */
  readonly shift: number;
  /** Where each array lives: inputs, then outputs. */
  readonly places: readonly Place[];
  /** The inputs' seed. */
  readonly seed: number;
}

/** Guard elements on each side of a view. */
const GUARD = 4;
/** What the guards and fresh outputs hold before the call. */
const SENTINEL = -7.25;

/** Interesting lengths: the tails of 4-, 8- and 16-element steps, and the 64 KiB streaming chunk of each type. */
export function edgeLengths(dtype: DType): number[] {
  const chunk = CHUNK_BYTES / (dtype === 'float32' ? 4 : 8);
  return [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, chunk - 1, chunk, chunk + 1, 2 * chunk + 5];
}

/** The forms an entry takes. */
export function formsOf(spec: OpSpec): Form[] {
  const forms: Form[] = ['fresh', 'out', 'inPlace', 'overlap', 'list', 'numbers'];
  if (spec.shape === 'loss') forms.push('sum', 'mean');
  return forms;
}

/** The arbitrary of a recipe for an entry (the types given, or both). */
export function recipeArbitrary(spec: OpSpec, dtypes: readonly DType[] = ['float32', 'float64'], places: readonly Place[] = ['js', 'wasm', 'view']): fc.Arbitrary<Recipe> {
  const outputs = spec.shape === 'pair' ? 2 : 1;
  return fc
    .record({
      dtype: fc.constantFrom(...dtypes),
      pick: fc.nat(),
      small: fc.integer({ min: 0, max: 300 }),
      large: fc.nat(),
      which: fc.integer({ min: 0, max: 9 }),
      offset: fc.integer({ min: 0, max: 7 }),
      form: fc.constantFrom(...formsOf(spec)),
      input: fc.integer({ min: 0, max: arity(spec) - 1 }),
      output: fc.integer({ min: 0, max: outputs - 1 }),
      shift: fc.constantFrom(-3, -2, -1, 1, 2, 3, 17),
      places: fc.array(fc.constantFrom(...places), { minLength: arity(spec) + outputs, maxLength: arity(spec) + outputs }),
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    })
    .map(({ dtype, pick, small, large, which, ...rest }): Recipe => {
      const edges = edgeLengths(dtype);
      const chunk = CHUNK_BYTES / (dtype === 'float32' ? 4 : 8);
      // Mostly short (the tails), now and then across one or two chunks.
      const n = which < 5 ? edges[pick % edges.length]! : which < 9 ? small : chunk - 40 + (large % (chunk + 100));
      return { dtype, n, ...rest };
    });
}

/** Recipes every run starts with: every edge length once, each in another form and place. */
export function edgeRecipes(spec: OpSpec, dtypes: readonly DType[] = ['float32', 'float64'], places: readonly Place[] = ['js', 'wasm', 'view']): Recipe[] {
  const forms = formsOf(spec);
  const count = arity(spec) + (spec.shape === 'pair' ? 2 : 1);
  const out: Recipe[] = [];
  let i = 0;
  for (const dtype of dtypes) {
    for (const n of edgeLengths(dtype)) {
      out.push({
        dtype,
        n,
        offset: i % 3,
        form: forms[i % forms.length]!,
        input: i % arity(spec),
        output: spec.shape === 'pair' ? (i >> 1) % 2 : 0,
        shift: i % 2 === 0 ? 1 : -1,
        places: Array.from({ length: count }, (_, k) => places[(i + k) % places.length]!),
        seed: 1000 + i,
      });
      i++;
    }
  }
  return out;
}

/** An array the call may touch: the buffer it sits in (its guards included), and what that buffer must hold afterwards. */
interface Slab {
  /** A JS typed array, or a WasmArray (read .array after every allocation: the memory may grow). */
  readonly store: Float | WasmArray;
  readonly label: string;
  before: Float;
}

const viewOfStore = (s: Float | WasmArray): Float => ((s as WasmArray).array ?? s) as Float;

/** The result of running one recipe: '' when every check held, else what went wrong. */
export async function runRecipe(subject: Subject, spec: OpSpec, r: Recipe, oracle: Target): Promise<string> {
  const { dtype, n } = r;
  // Numbers are float64, and so are arrays of numbers: for float32 these forms become others.
  const form: Form = r.form === 'list' && dtype === 'float32' ? 'fresh' : r.form === 'numbers' && dtype === 'float32' ? 'out' : r.form;
  const values = inputsOf(spec, dtype, n, r.seed);
  const want = plain(oracle, spec, values);
  const where = `${subject.label}, ${spec.name}, ${dtype}, n = ${n}, ${form}${form === 'overlap' ? ` (shift ${r.shift})` : ''}, places ${r.places.join('/')}, offset ${r.offset}`;
  if (form === 'numbers') return numbersForm(subject, spec, values, want, where);
  if (form === 'list') return listForm(subject, spec, r, values, want, where);
  const setup = arrange(subject, spec, { ...r, form }, values);
  try {
    let returned: unknown;
    try {
      returned = await subject.call(spec, setup.args);
    } catch (error) {
      return `${where}: threw ${String(error)}`;
    }
    return returnedProblem(spec, form, setup, returned, values, want, where) || memoryProblem(setup, values, want, where);
  } finally {
    for (const a of setup.allocated) a.free();
  }
}

/** A number (two for a binary function) gives the float64 kernel's result, as a one-element array does. */
async function numbersForm(subject: Subject, spec: OpSpec, values: Float[], want: Float[], where: string): Promise<string> {
  const n = values[0]!.length;
  for (let i = 0; i < Math.min(n, 8); i++) {
    const args = values.map((v) => v[i]!);
    const got = numbersOf(spec, await subject.call(spec, args));
    for (let k = 0; k < got.length; k++) {
      if (!sameBits(got[k]!, want[k]![i]!)) {
        return `${where}: ${spec.name}(${args.map((a) => show(a, 'float64')).join(', ')}) = ${show(got[k]!, 'float64')}, the array gives ${show(want[k]![i]!, 'float64')}`;
      }
    }
  }
  return '';
}

/** Arrays of numbers (float64): the chosen input as a list, and every input placed 'js' too. */
async function listForm(subject: Subject, spec: OpSpec, r: Recipe, values: Float[], want: Float[], where: string): Promise<string> {
  const args: unknown[] = values.map((v, k) => (k === r.input || r.places[k] === 'js' ? Array.from(v) : v.slice()));
  const got = resultsOf(spec, await subject.call(spec, args));
  for (let k = 0; k < got.length; k++) {
    if (!(got[k] instanceof Float64Array)) return `${where}: result ${k} is a ${got[k]?.constructor.name}, not a Float64Array`;
    const d = describeDifference(`${where}, result ${k}`, got[k]!, want[k]!, values, 'float64');
    if (d) return d;
  }
  return '';
}

/** The arrays of a call, each in its place, and what each holds before it. */
interface Setup {
  readonly args: unknown[];
  readonly slabs: Slab[];
  /** Where each output sits: its buffer, and the index of its first element there. */
  readonly outputs: Array<{ slab: Slab; at: number; arg: unknown }>;
  readonly allocated: WasmArray[];
  /** Where the inputs' views start in their buffers. */
  readonly start: number;
}

function arrange(subject: Subject, spec: OpSpec, r: Recipe, values: Float[]): Setup {
  const { dtype, n, form } = r;
  const outputCount = spec.shape === 'pair' ? 2 : 1;
  const reduction = form === 'sum' || form === 'mean';
  const withOutputs = form !== 'fresh' && !reduction;
  const aliased = form === 'inPlace' || form === 'overlap';
  const room = n + 2 * GUARD + r.offset + (form === 'overlap' ? Math.abs(r.shift) : 0);
  const slabs: Slab[] = [];
  const allocated: WasmArray[] = [];
  // Every allocation first: a later one may grow the memory and detach the views made before it.
  const make = (place: Place, label: string): Slab => {
    let store: Float | WasmArray;
    if (place === 'js') store = arrayOf(dtype, room);
    else {
      const a = subject.alloc(dtype, place === 'wasm' ? n : room);
      allocated.push(a);
      store = a;
    }
    const slab: Slab = { store, label, before: arrayOf(dtype, 0) };
    slabs.push(slab);
    return slab;
  };
  // An input that an output overlaps is a view (a WasmArray can only be aliased whole: in place).
  const inputSlabs = values.map((_, k) => make(form === 'overlap' && k === r.input && r.places[k] === 'wasm' ? 'view' : r.places[k]!, `input ${k}`));
  const own = Array.from({ length: outputCount }, (_, k) => (withOutputs && !(aliased && k === r.output) ? make(r.places[values.length + k]!, `output ${k}`) : null));

  const start = GUARD + r.offset + (form === 'overlap' && r.shift < 0 ? -r.shift : 0);
  const isWhole = (slab: Slab): boolean => viewOfStore(slab.store).length === n && slab.store !== viewOfStore(slab.store);
  /** The argument for an array at `at` in its buffer: the WasmArray itself, or a view. */
  const argAt = (slab: Slab, at: number): unknown => (isWhole(slab) ? slab.store : viewOfStore(slab.store).subarray(at, at + n));
  for (const slab of slabs) viewOfStore(slab.store).fill(SENTINEL);
  const inputArgs = inputSlabs.map((slab, k) => {
    const whole = viewOfStore(slab.store);
    if (isWhole(slab)) whole.set(values[k]!);
    else whole.set(values[k]!, start);
    return argAt(slab, start);
  });
  const outputs: Setup['outputs'] = [];
  if (withOutputs) {
    for (let k = 0; k < outputCount; k++) {
      const slab = own[k];
      if (slab !== null && slab !== undefined) outputs.push({ slab, at: start, arg: argAt(slab, start) });
      else {
        const input = inputSlabs[r.input]!;
        const at = form === 'inPlace' ? start : start + r.shift;
        outputs.push({ slab: input, at, arg: form === 'inPlace' ? inputArgs[r.input] : viewOfStore(input.store).subarray(at, at + n) });
      }
    }
  }
  for (const slab of slabs) slab.before = viewOfStore(slab.store).slice();

  let args: unknown[];
  if (reduction) args = [...inputArgs, { reduction: form }];
  else if (!withOutputs) args = inputArgs;
  else if (spec.shape === 'loss') args = [...inputArgs, { out: outputs[0]!.arg }];
  else args = [...inputArgs, ...outputs.map((o) => o.arg)];
  return { args, slabs, outputs, allocated, start };
}

/** What the call returned against what it must return: '' or the problem. */
function returnedProblem(spec: OpSpec, form: Form, setup: Setup, returned: unknown, values: Float[], want: Float[], where: string): string {
  const n = values[0]!.length;
  const dtype = values[0] instanceof Float32Array ? 'float32' : 'float64';
  if (form === 'sum' || form === 'mean') {
    const sum = neumaier(want[0]!);
    const expected = form === 'sum' ? sum : n === 0 ? NaN : sum / n;
    if (typeof returned !== 'number' || !sameBits(returned, expected)) {
      return `${where}: the ${form} is ${String(returned)}, expected ${expected} (Neumaier's sum of the per-element results, in index order)`;
    }
    return '';
  }
  if (setup.outputs.length > 0) {
    if (spec.shape === 'pair') {
      const p = returned as { value: unknown; derivative: unknown };
      if (p.value !== setup.outputs[0]!.arg || p.derivative !== setup.outputs[1]!.arg) return `${where}: did not return { value, derivative } as given`;
    } else if (returned !== setup.outputs[0]!.arg) return `${where}: did not return its out`;
    return '';
  }
  const got = resultsOf(spec, returned);
  const type = dtype === 'float32' ? Float32Array : Float64Array;
  for (let k = 0; k < got.length; k++) {
    if (!(got[k] instanceof type) || got[k]!.length !== n) return `${where}: result ${k} is a ${got[k]?.constructor.name} of ${got[k]?.length}, expected a ${type.name} of ${n}`;
    const d = describeDifference(`${where}, result ${k}`, got[k]!, want[k]!, values, dtype);
    if (d) return d;
  }
  return '';
}

/** Every array of the call against what it must hold now: its outputs' regions the oracle's results, all else as before. */
function memoryProblem(setup: Setup, values: Float[], want: Float[], where: string): string {
  const n = values[0]!.length;
  const dtype = values[0] instanceof Float32Array ? 'float32' : 'float64';
  const expected = new Map<Slab, Float>(setup.slabs.map((s) => [s, s.before.slice()]));
  setup.outputs.forEach(({ slab, at }, k) => {
    const e = expected.get(slab)!;
    if (e.length === n) e.set(want[k]!);
    else e.set(want[k]!, at);
  });
  for (const slab of setup.slabs) {
    const now = viewOfStore(slab.store);
    const e = expected.get(slab)!;
    const i = now.length !== e.length ? 0 : e.findIndex((v, j) => !sameBits(v, now[j]!));
    if (i < 0) continue;
    const out = setup.outputs.find((o) => o.slab === slab);
    const at = e.length === n ? 0 : (out?.at ?? setup.start);
    const index = i - at;
    const inside = index >= 0 && index < n;
    const what = inside ? `index ${index}, inputs ${values.map((v) => show(v[index]!, dtype)).join(', ')}` : 'a guard element';
    return `${where}: ${slab.label}, element ${i} of its buffer (${what}): ${show(now[i]!, dtype)}, expected ${show(e[i]!, dtype)}`;
  }
  return '';
}

/**
 * The property of one entry on one subject: every recipe gives the oracle's
 * bits. fast-check prints the seed, the path and the recipe of a failure,
 * and its message (the index, the inputs, both results, their bits).
 */
export async function checkCalls(
  subject: () => Subject,
  spec: OpSpec,
  oracle: (dtype: DType) => Target,
  options: { name: string; numRuns: number; dtypes?: readonly DType[]; places?: readonly Place[]; edges?: boolean },
): Promise<void> {
  const dtypes = options.dtypes ?? ['float32', 'float64'];
  const places = options.places ?? ['js', 'wasm', 'view'];
  const s = subject();
  const examples = options.edges === false ? [] : edgeRecipes(spec, dtypes, places).map((r) => [r] as [Recipe]);
  await fc.assert(
    fc.asyncProperty(recipeArbitrary(spec, dtypes, places), async (r) => {
      const problem = await runRecipe(s, spec, r, oracle(r.dtype));
      if (problem !== '') throw new Error(problem);
    }),
    optionsOf(options.name, options.numRuns, examples),
  );
}
