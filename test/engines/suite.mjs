// The API suite for other engines (Deno, Bun; plain Node to debug it): the
// built package imported as its users import it, and every entry of the
// table of operations (dist/table.js) checked the way the vitest suite checks
// it (test/api/**), with the entries' own bounds, special values and
// promises, on every build the engine runs: both tiers on the SIMD and the
// scalar build, the fast tier on the relaxed build (Deno and Bun have relaxed
// SIMD; a case that cannot run is listed as skipped, and
// test/node/engines.test.ts fails on such a skip there). Every test asserts;
// where relaxed SIMD may or may not fuse, this machine's choice is detected
// and the matching expectation asserted.
//
// Plain JavaScript, one ES module, no test framework and no bundler, so each
// engine runs exactly what its users would. Only `node:fs` (the fixtures) and
// `node:process` (exit code, versions) are imported besides the package.
//
//   node test/engines/suite.mjs
//   deno run --no-remote --no-lock --no-prompt --allow-read=<repo>/test/fixtures test/engines/suite.mjs
//   bun --no-install --no-env-file test/engines/suite.mjs
// (the flags are explained in test/node/engines.test.ts)
//
// Output: `engine: <name> <version>` and `import: ...` first, then one line
// per test, "ok - name", "not ok - name: details" or "skip - name: reason"
// (not counted below), and last "N passed, N failed". Exit code 1 on any
// failure. dist/ must be built (`npm run build`; `npm test` builds it first).
import { readFileSync } from 'node:fs';
import process from 'node:process';

// ---- the harness ------------------------------------------------------------

/** @type {Array<{ name: string, fn: () => unknown, skip?: string }>} */
const tests = [];
/** Registers a test; a string it returns is printed after the name, as a note. */
const test = (name, fn) => void tests.push({ name, fn });
/** Registers a test that cannot run here: printed as `skip - name: reason`, counted neither way. */
const skip = (name, reason) => void tests.push({ name, fn: () => {}, skip: reason });

/** A failed check (as opposed to an unexpected exception from the code under test). */
class Failure extends Error {}
const fail = (message) => {
  throw new Failure(message);
};
const check = (condition, message) => {
  if (!condition) fail(typeof message === 'function' ? message() : message);
};

/** A number as a message shows it: -0 and NaN spelled out. */
const fmt = (v) => (Object.is(v, -0) ? '-0' : String(v));
/** What a value is, for messages. */
const what = (v) => (v === null ? 'null' : typeof v === 'object' ? (v.constructor?.name ?? 'an object') : `${typeof v} ${fmt(v)}`);

/** Calls fn; fails unless it throws an instance of Ctor whose message matches `expected` (a RegExp, or undefined: any). */
function throws(label, fn, Ctor, expected) {
  let error;
  let threw = false;
  let returned;
  try {
    returned = fn();
  } catch (e) {
    error = e;
    threw = true;
  }
  if (!threw) fail(`${label}: did not throw (returned ${what(returned)}), expected a ${Ctor.name}`);
  if (!(error instanceof Ctor)) fail(`${label}: threw ${what(error)} ${JSON.stringify(String(error?.message))}, expected a ${Ctor.name}`);
  if (expected instanceof RegExp && !expected.test(error.message)) fail(`${label}: message ${JSON.stringify(error.message)} does not match ${expected}`);
  return error;
}

/** The engine running this file, as `name version`; Deno and Bun also set process.versions.node, so they go first. */
function engine() {
  const g = globalThis;
  if (typeof g.Deno?.version?.deno === 'string') return `deno ${g.Deno.version.deno}`;
  if (typeof g.Bun?.version === 'string') return `bun ${g.Bun.version}`;
  return `node ${process.versions.node}`;
}

async function runAll() {
  const started = Date.now();
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const { name, fn, skip: reason } of tests) {
    if (reason !== undefined) {
      console.log(`skip - ${name}: ${reason}`);
      skipped++;
      continue;
    }
    try {
      const note = await fn();
      console.log(`ok - ${name}${typeof note === 'string' ? ` # ${note}` : ''}`);
      passed++;
    } catch (e) {
      const detail =
        e instanceof Failure
          ? e.message
          : `threw ${what(e)}: ${String(e?.message ?? e)}${e?.stack ? ` (${String(e.stack).split('\n').find((l) => /^\s+at /.test(l))?.trim() ?? ''})` : ''}`;
      console.log(`not ok - ${name}: ${detail.trim().replace(/\s*\n\s*/g, ' | ')}`);
      failed++;
    }
  }
  console.log(`time: ${Date.now() - started} ms${skipped > 0 ? `, ${skipped} skipped` : ''}`);
  console.log(`${passed} passed, ${failed} failed`);
  // exitCode rather than exit(): let stdout drain. All three engines honour it.
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}

// ---- the package, imported as users import it ---------------------------------

const DIST = new URL('../../dist/index.js', import.meta.url).href;
console.log(`engine: ${engine()}`);

// By name first: the repository's own package.json ("name" and "exports")
// makes `sigmoid-wasm` resolve to dist/ in Node, Bun and Deno alike (package
// self-reference). Should the name fail, the rest runs on dist/index.js and
// the first test fails saying why. The specifiers are literals: Deno loads a
// statically known import without a read permission.
let lib;
let byName = null;
let nameError = null;
try {
  byName = await import('sigmoid-wasm');
  lib = byName;
  console.log(`import: sigmoid-wasm -> ${import.meta.resolve('sigmoid-wasm')}`);
} catch (e) {
  nameError = e;
  lib = await import('../../dist/index.js');
  console.log(`import: ../../dist/index.js (sigmoid-wasm did not resolve: ${String(e?.message).split('\n')[0]})`);
}
// The table, the references and the loader's internals, from the same build.
const { OPS, OP_NAMES } = await import('../../dist/table.js');
const { boundOf, exportName, byRows } = await import('../../dist/op.js');
/** The elementwise entries (the properties below are theirs); the entries over rows have their own test below. */
const ELEMENTWISE = OPS.filter((s) => !byRows(s));
const ROW_OPS = OPS.filter((s) => byRows(s));
const { REFERENCE, SCALE } = await import('../../dist/reference.js');
const { bytesOf } = await import('../../dist/wasm.js');
const { CHUNK_BYTES } = await import('../../dist/heap.js');
const { createKernel, createPool, defaultKernel, relaxedSimdSupported, simdSupported } = lib;

test("import 'sigmoid-wasm' resolves to the built dist/index.js, one module instance", async () => {
  check(nameError === null, () => `import('sigmoid-wasm') threw: ${nameError?.message}`);
  check(import.meta.resolve('sigmoid-wasm') === DIST, `sigmoid-wasm resolves to ${import.meta.resolve('sigmoid-wasm')}, expected ${DIST}`);
  check((await import('../../dist/index.js')) === byName, 'importing dist/index.js by path gave a second module instance');
});

test("the exports are the table's functions and createKernel, createPool, defaultKernel, relaxedSimdSupported, simdSupported", () => {
  const want = [...OP_NAMES, 'createKernel', 'createPool', 'defaultKernel', 'relaxedSimdSupported', 'simdSupported'].sort();
  const got = Object.keys(lib).sort();
  check(JSON.stringify(got) === JSON.stringify(want), `exports ${got.join(', ')}; expected ${want.join(', ')}`);
  for (const k of want) check(typeof lib[k] === 'function', `${k} is ${typeof lib[k]}, not a function`);
  for (const spec of OPS) check(lib[spec.name].name === spec.name, `${spec.name}.name is ${lib[spec.name].name}`);
});

// ---- numbers -----------------------------------------------------------------------

const TYPES = ['float32', 'float64'];
const TINY = { float32: 2 ** -149, float64: 2 ** -1074 };
const MAX = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE };
const arrayOf = (dtype, n) => (dtype === 'float32' ? (typeof n === 'number' ? new Float32Array(n) : Float32Array.from(n)) : typeof n === 'number' ? new Float64Array(n) : Float64Array.from(n));
const round = (dtype, v) => (dtype === 'float32' ? Math.fround(v) : v);

/** Mulberry32, the generator of test/support/numbers.ts. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FORMAT = { float32: [24, -126], float64: [53, -1022] };
/** The ULP of the type at the true value v (Goldberg; subnormal spacing below the normal range). */
function ulp(v, dtype) {
  const [p, emin] = FORMAT[dtype];
  const a = Math.abs(v);
  if (a === 0 || !Number.isFinite(a)) return 2 ** (emin - p + 1);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  return 2 ** (Math.max(e, emin) - p + 1);
}

/** Bitwise equality, except that any NaN equals any NaN. */
const sameBits = (a, b) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
/** Fails with the first difference of two arrays: index, inputs, both values. */
function sameArrays(label, got, want, inputs) {
  check(got.length === want.length, () => `${label}: length ${got.length}, expected ${want.length}`);
  for (let i = 0; i < got.length; i++) {
    if (!sameBits(got[i], want[i])) fail(`${label}: index ${i}, inputs ${inputs.map((a) => fmt(a[i])).join(', ')}: got ${fmt(got[i])}, expected ${fmt(want[i])}`);
  }
}

// Exact arithmetic for the backward step: every finite float is an integer
// times a power of two, and so is dy * y * (1 - y).
function dyadic(v) {
  if (v === 0) return [0n, 0];
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const b = view.getBigUint64(0);
  const exponent = Number((b >> 52n) & 0x7ffn);
  let m = b & ((1n << 52n) - 1n);
  if (exponent !== 0) m |= 1n << 52n;
  return [b >> 63n ? -m : m, exponent === 0 ? -1074 : exponent - 1075];
}
const bitLength = (m) => (m === 0n ? 0 : (m < 0n ? -m : m).toString(2).length);
function scale(m, e) {
  const extra = bitLength(m) - 64;
  if (extra > 0) {
    m >>= BigInt(extra);
    e += extra;
  }
  let v = Number(m);
  while (e > 1000) (v *= 2 ** 1000), (e -= 1000);
  while (e < -1000) (v *= 2 ** -1000), (e += 1000);
  return v * 2 ** e;
}
/** The error of got against the exact dy * y * (1 - y), in ULPs of the type at the exact value. */
function backwardUlpError(got, y, dy, dtype) {
  if (!Number.isFinite(got)) return Infinity;
  const [ym, ye] = dyadic(y);
  const [dm, de] = dyadic(dy);
  const e0 = Math.min(0, ye);
  const m = ym * ((1n << BigInt(-e0)) - (ym << BigInt(ye - e0))) * dm;
  const e = ye + e0 + de;
  const [gm, ge] = dyadic(got);
  const low = Math.min(ge, e);
  let diff = gm * (1n << BigInt(ge - low)) - m * (1n << BigInt(e - low));
  if (diff < 0n) diff = -diff;
  const [p, emin] = FORMAT[dtype];
  const binade = m === 0n ? emin : bitLength(m) - 1 + e;
  return scale(diff, low - (Math.max(binade, emin) - p + 1));
}

/** Neumaier's compensated sum in index order: what a loss's 'sum' promises, bit for bit. */
function neumaier(values) {
  let sum = 0;
  let c = 0;
  for (const v of values) {
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return Number.isFinite(sum) ? sum + c : sum;
}

// ---- the entries ---------------------------------------------------------------------

const unaryLike = (spec) => spec.shape === 'unary' || spec.shape === 'pair';
const outputsOf = (spec) => (spec.shape === 'pair' ? 2 : 1);
/** Calls an entry of a target (a Kernel, the package) with inputs and optional outputs; the results as arrays. */
function call(target, spec, inputs, outputs = [], reduction) {
  const f = target[spec.name];
  if (spec.shape === 'loss') {
    const options = {};
    if (outputs[0] !== undefined) options.out = outputs[0];
    if (reduction !== undefined) options.reduction = reduction;
    return Object.keys(options).length === 0 ? f(inputs[0], inputs[1]) : f(inputs[0], inputs[1], options);
  }
  return f(...inputs, ...outputs);
}
const resultsOf = (spec, r) => (spec.shape === 'pair' ? [r.value, r.derivative] : [r]).map((a) => a.array ?? a);

/** Seeded inputs of an entry, as test/support/ops.ts makes them: its domain, with specials, subnormals and the largest values. */
function inputsOf(spec, dtype, n, seed) {
  const r = rng(seed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const top = dtype === 'float32' ? 128 : 1024;
  const specials = [NaN, 0, -0, Infinity, -Infinity, TINY[dtype], -TINY[dtype], MAX[dtype], -MAX[dtype], 1, -1, 0.5];
  const real = () => {
    const u = r();
    if (u < 0.45) return 60 * r() - 30;
    if (u < 0.85) return (r() < 0.5 ? -1 : 1) * 2 ** (-(top + 20) + 2 * (top + 10) * r());
    if (u < 0.95) return pick(specials);
    return (r() < 0.5 ? -1 : 1) * (700 + 100 * r());
  };
  const probability = () => {
    const u = r();
    const k = 1 + Math.floor(r() * (dtype === 'float32' ? 149 : 1074));
    if (u < 0.5) return r();
    if (u < 0.7) return 2 ** -k * (1 + r());
    if (u < 0.9) return 1 - (2 ** -Math.min(k, dtype === 'float32' ? 24 : 53) * (1 + r())) / 2;
    return pick([0, -0, 1, 0.5, NaN, -1, 2, Infinity, -Infinity]);
  };
  const target = () => (r() < 0.3 ? 0 : r() < 0.43 ? 1 : r() < 0.95 ? r() : pick([NaN, -0, -0.5, 1.5, Infinity]));
  const xs = arrayOf(dtype, n);
  const ys = arrayOf(dtype, n);
  for (let i = 0; i < n; i++) {
    if (spec.domain === 'output') {
      xs[i] = r() < 0.9 ? r() : pick([0, 1, 0.5, NaN]);
      ys[i] = r() < 0.8 ? 4 * r() - 2 : pick([0, -0, NaN, Infinity, 1e-30, 1e30]);
    } else {
      xs[i] = spec.domain === 'probability' ? probability() : real();
      ys[i] = target();
    }
  }
  return unaryLike(spec) ? [xs] : [xs, ys];
}

// ---- the fixtures (test/support/fixtures.ts: 200-bit mpmath values as hi + lo) ----------

/** The family files' columns by the table's names (family-columns.json, written by scripts/reference.py with the files). */
const FAMILY_COLUMNS = JSON.parse(readFileSync(new URL('../fixtures/family-columns.json', import.meta.url), 'utf8')).columns;
const FAMILY_WIDTH = 2 + 2 * FAMILY_COLUMNS.length;
const readRows = (name) => {
  const b = readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const FIXTURES = { float32: { own: readRows('f32.bin'), family: readRows('family-f32.bin') }, float64: { own: readRows('f64.bin'), family: readRows('family-f64.bin') } };
const column = (rows, width, c) => Float64Array.from({ length: rows.length / width }, (_, i) => rows[width * i + c]);
/** An entry's fixture in a type: { x, y, outputs: [[hi, lo]...] }, or null (the backward step). */
function fixtureOf(spec, dtype) {
  const own = ['sigmoid', 'sigmoidDerivative', 'sigmoidWithDerivative'].indexOf(spec.name);
  const f = FIXTURES[dtype];
  if (own >= 0) {
    const pair = (c) => [column(f.own, 5, c), column(f.own, 5, c + 1)];
    return { x: column(f.own, 5, 0), y: null, outputs: own === 0 ? [pair(1)] : own === 1 ? [pair(3)] : [pair(1), pair(3)] };
  }
  const k = FAMILY_COLUMNS.indexOf(spec.name);
  if (k < 0) return null;
  return { x: column(f.family, FAMILY_WIDTH, 0), y: unaryLike(spec) ? null : column(f.family, FAMILY_WIDTH, 1), outputs: [[column(f.family, FAMILY_WIDTH, 2 + 2 * k), column(f.family, FAMILY_WIDTH, 3 + 2 * k)]] };
}

/** The error of got against hi + lo in the unit of the entry's bound at (x, y): ULPs, 2^-p (its absolute interval), or ULP + 2^-p S (SCALE). */
function errorOf(spec, dtype, got, hi, lo, x, y) {
  if (Number.isNaN(hi) || Number.isNaN(got)) return Number.isNaN(hi) && Number.isNaN(got) ? 0 : Infinity;
  if (!Number.isFinite(hi) || !Number.isFinite(got)) return got === hi ? 0 : Infinity;
  const diff = Math.abs(got - hi - lo);
  const p = FORMAT[dtype][0];
  if (spec.absolute !== undefined && x >= spec.absolute[0] && x <= spec.absolute[1]) return diff / 2 ** -p;
  const s = SCALE[spec.name];
  if (s !== undefined && y > 0 && y < 1) return diff / (ulp(hi, dtype) + 2 ** -p * s(x, y));
  return diff / ulp(hi, dtype);
}

// ---- the kernels under test -------------------------------------------------------------

const RELAXED = relaxedSimdSupported();
const RELAXED_REASON = `${engine()} does not support WebAssembly relaxed SIMD (relaxedSimdSupported() is false)`;
const optionsFor = (build, precision) =>
  build === 'simd' ? { precision, simd: true, relaxed: false } : build === 'scalar' ? { precision, simd: false } : { precision, relaxed: true };
const kernels = new Map();
const kernelFor = (build, precision) => {
  const key = `${build} ${precision}`;
  if (!kernels.has(key)) kernels.set(key, createKernel(optionsFor(build, precision)));
  return kernels.get(key);
};
const CASES = ['fast', 'accurate'].flatMap((precision) =>
  ['simd', 'relaxed', 'scalar'].filter((b) => precision === 'fast' || b !== 'relaxed').map((build) => ({ build, precision, name: `${precision} ${build}`, skip: build === 'relaxed' && !RELAXED ? RELAXED_REASON : null })),
);
/** Registers a test of a case: skipped (with the reason) where the case cannot run. */
const caseTest = (c, name, fn) => (c.skip === null ? test(`${c.name}: ${name}`, () => fn(kernelFor(c.build, c.precision))) : skip(`${c.name}: ${name}`, c.skip));

// f32x4.relaxed_madd(a, b, c) in lane 0: fused (2^-24) or not (0) on a = b = 1 + 2^-12, c = -(1 + 2^-11).
const MADD = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 0x60, 3, 0x7d, 0x7d, 0x7d, 1, 0x7d, 3, 2, 1, 0, 7, 8, 1, 4, 109, 97, 100, 100, 0, 0, 10, 22, 1, 20, 0,
  0x20, 0, 0xfd, 0x13, 0x20, 1, 0xfd, 0x13, 0x20, 2, 0xfd, 0x13, 0xfd, 0x85, 0x02, 0xfd, 0x1f, 0, 0x0b,
]);
let fused;
const relaxedFuses = () => (fused ??= new WebAssembly.Instance(new WebAssembly.Module(MADD)).exports.madd(1 + 2 ** -12, 1 + 2 ** -12, -(1 + 2 ** -11)) !== 0);
const hasRelaxedCode = (spec) => {
  const [a, b] = [bytesOf(spec.wasm, 'relaxed'), bytesOf(spec.wasm, 'simd')];
  return a.length !== b.length || a.some((v, i) => v !== b[i]);
};
/** The kernel whose plain call gives the bits a case must give: the scalar build, or the relaxed build itself where it fuses. */
const oracleFor = (build, precision, spec, dtype) =>
  build === 'relaxed' && dtype === 'float32' && precision === 'fast' && hasRelaxedCode(spec) && relaxedFuses() ? kernelFor('relaxed', precision) : kernelFor('scalar', precision);

test(`relaxed SIMD is supported on ${engine()} (Deno, Bun and Node 22+ have it); SIMD everywhere`, () => {
  check(simdSupported() === true, 'simdSupported() is false');
  const known = !engine().startsWith('node') || Number(process.versions.node.split('.')[0]) >= 22;
  check(relaxedSimdSupported() === known, `relaxedSimdSupported() = ${relaxedSimdSupported()}, expected ${known}`);
  return RELAXED ? `relaxed_madd ${relaxedFuses() ? 'fused' : 'not fused'} here` : undefined;
});

test('the default kernel: the fast tier, relaxed where supported, the same kernel every time', () => {
  const k = defaultKernel();
  check(JSON.stringify([k.precision, k.simd, k.relaxed]) === JSON.stringify(['fast', simdSupported(), RELAXED]), `${k.precision}, ${k.simd}, ${k.relaxed}`);
  check(defaultKernel() === k, 'another kernel');
});

for (const c of CASES) {
  caseTest(c, 'is the build and tier it says', (k) => {
    const got = [k.simd, k.relaxed, k.precision];
    const want = [c.build !== 'scalar', c.build === 'relaxed', c.precision];
    check(JSON.stringify(got) === JSON.stringify(want), `simd, relaxed, precision = ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  });
}

// ---- the entries over rows (softmax and its relatives) ---------------------------------------

/** Calls an entry over rows: (x[, second], options). */
const callRows = (k, spec, x, second, options) => (spec.shape === 'rows' ? k[spec.name](x, options) : k[spec.name](x, second, options));

for (const c of CASES) {
  for (const spec of ROW_OPS) {
    caseTest(c, `${spec.name}: every way of calling it (rows: one call over k rows is k calls; out, in place, WasmArrays, class indices) gives the ${c.build === 'relaxed' ? 'oracle' : 'scalar build'}'s bits`, (k) => {
      for (const dtype of TYPES) {
        const oracle = oracleFor(c.build, c.precision, spec, dtype);
        const T = dtype === 'float32' ? Float32Array : Float64Array;
        for (const [rows, len] of [[1, 1], [3, 5], [5, 37], [2, 4099]]) {
          const n = rows * len;
          const x = T.from({ length: n }, (_, i) => (i % 17 === 3 ? -Infinity : Math.sin(1.3 * i) * 25));
          const second = spec.shape === 'rows' ? null : T.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : (i % 11) / 11));
          const want = callRows(oracle, spec, x, second, { rowLength: len });
          const same = (got, label) => {
            check(got.length === want.length, `${label}: length ${got.length}, expected ${want.length}`);
            for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) return check(false, `${spec.name} ${dtype} ${label}: [${i}] = ${got[i]}, expected ${want[i]}`);
          };
          same(callRows(k, spec, x, second, { rowLength: len }), 'fresh');
          const perRow = [];
          for (let r = 0; r < rows; r++) perRow.push(...callRows(k, spec, x.slice(r * len, (r + 1) * len), second?.slice(r * len, (r + 1) * len), undefined));
          same(perRow, 'row by row');
          const out = new T(want.length).fill(7);
          check(callRows(k, spec, x, second, { rowLength: len, out }) === out, 'did not return its out');
          same(out, 'out');
          if (spec.shape !== 'rowsLoss') {
            const inPlace = x.slice();
            callRows(k, spec, inPlace, second, { rowLength: len, out: inPlace });
            same(inPlace, 'in place');
          }
          const alloc = (a) => (dtype === 'float32' ? k.allocFloat32(a) : k.allocFloat64(a));
          const wx = alloc(x);
          const ws = second && alloc(second);
          const wo = alloc(want.length);
          callRows(k, spec, wx, ws, { rowLength: len, out: wo });
          same(wo.array, 'WasmArrays');
          for (const w of [wx, ws, wo]) w?.free();
          if (spec.classes) {
            const classes = Int32Array.from({ length: rows }, (_, r) => (r * 7) % len);
            const a = callRows(k, spec, x, classes, { rowLength: len });
            const b = callRows(oracle, spec, x, Uint32Array.from(classes), { rowLength: len });
            for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return check(false, `${spec.name} ${dtype} classes: [${i}] = ${a[i]}, expected ${b[i]}`);
          }
        }
      }
      // softmax rows sum to 1 within a few ULP; a dominant logit keeps its log-probability
      if (spec.name === 'softmax') {
        const p = k.softmax(Float32Array.from({ length: 100_000 }, (_, i) => Math.sin(i) * 5));
        let sum = 0;
        for (const v of p) sum += v;
        check(Math.abs(sum - 1) < 8 * 2 ** -23, `softmax of 10^5 elements sums to ${sum}`);
      }
      if (spec.name === 'logSoftmax') check(k.logSoftmax(Float64Array.of(0, 90))[1] === -8.194012623990515e-40, `logSoftmax([0, 90])[1] = ${k.logSoftmax(Float64Array.of(0, 90))[1]}`);
    });
  }
}

// ---- every way of calling every entry gives the oracle's bits ------------------------------

const GUARD = 4;
const SENTINEL = -7.25;
/** Lengths: the tails of the SIMD steps, and the 64 KiB streaming chunk. */
const lengthsOf = (dtype) => {
  const chunk = CHUNK_BYTES / (dtype === 'float32' ? 4 : 8);
  return [0, 1, 2, 3, 5, 7, 15, 16, 17, 31, 32, 33, 63, 64, 65, 129, chunk - 1, chunk, chunk + 1, 2 * chunk + 5];
};
const FORMS = ['fresh', 'out', 'inPlace', 'overlap', 'wasm', 'view', 'list', 'numbers'];

/** One call of an entry in one form; fails unless it gives `want` and writes nothing else. */
function callForm(k, spec, dtype, n, form, k2, values, want) {
  const label = `n = ${n}, ${form}`;
  const binary = !unaryLike(spec);
  if (form === 'numbers') {
    if (dtype === 'float32') return;
    for (let i = 0; i < Math.min(n, 4); i++) {
      const r = call(k, spec, values.map((v) => v[i]));
      const got = spec.shape === 'pair' ? [r.value, r.derivative] : [r];
      got.forEach((g, o) => check(sameBits(g, want[o][i]), () => `${label}: ${spec.name}(${values.map((v) => fmt(v[i])).join(', ')}) = ${fmt(g)}, the array gives ${fmt(want[o][i])}`));
    }
    return;
  }
  if (form === 'list') {
    if (dtype === 'float32') return;
    const got = resultsOf(spec, call(k, spec, values.map((v) => Array.from(v))));
    got.forEach((g, o) => {
      check(g instanceof Float64Array, `${label}: a ${what(g)}`);
      sameArrays(`${label}, output ${o}`, g, want[o], values);
    });
    return;
  }
  const alloc = (m) => (dtype === 'float32' ? k.allocFloat32(m) : k.allocFloat64(m));
  const offset = 1 + (n % 3);
  const room = n + 2 * GUARD + offset + 1;
  const allocated = [];
  try {
    // Buffers: JS arrays, or views of the wasm memory ('view'); 'wasm' passes WasmArrays of exactly n.
    const buffer = () => {
      if (form === 'view') {
        const a = alloc(room);
        allocated.push(a);
        return a;
      }
      return arrayOf(dtype, room);
    };
    const inputs = values.map(() => (form === 'wasm' ? (allocated.push(alloc(n)), allocated.at(-1)) : buffer()));
    const outputs = form === 'fresh' ? [] : Array.from({ length: outputsOf(spec) }, (_, o) => {
      if ((form === 'inPlace' || form === 'overlap') && o === 0) return null;
      return form === 'wasm' ? (allocated.push(alloc(n)), allocated.at(-1)) : buffer();
    });
    const view = (b) => b.array ?? b;
    const whole = (b) => view(b).length === n && b.array !== undefined;
    const at = GUARD + offset;
    const argOf = (b, start) => (whole(b) ? b : view(b).subarray(start, start + n));
    for (const b of [...inputs, ...outputs]) if (b !== null) view(b).fill(SENTINEL);
    const inputArgs = inputs.map((b, i) => {
      if (whole(b)) view(b).set(values[i]);
      else view(b).set(values[i], at);
      return argOf(b, at);
    });
    const placed = [];
    const outputArgs = outputs.map((b, o) => {
      if (b !== null) {
        placed.push([b, at, o]);
        return argOf(b, at);
      }
      const source = inputs[k2];
      if (form === 'inPlace') {
        placed.push([source, at, o]);
        return inputArgs[k2];
      }
      placed.push([source, at + 1, o]);
      return view(source).subarray(at + 1, at + 1 + n);
    });
    const buffers = [...inputs, ...outputs].filter((b) => b !== null);
    const before = buffers.map((b) => view(b).slice());
    const returned = call(k, spec, inputArgs, outputArgs);
    if (outputArgs.length === 0) {
      resultsOf(spec, returned).forEach((g, o) => {
        check(g instanceof (dtype === 'float32' ? Float32Array : Float64Array), `${label}: result ${o} is a ${what(g)}`);
        sameArrays(`${label}, output ${o}`, g, want[o], values);
      });
    } else if (spec.shape === 'pair') check(returned.value === outputArgs[0] && returned.derivative === outputArgs[1], `${label}: did not return its outputs`);
    else check(returned === outputArgs[0], `${label}: did not return its out`);
    // Every buffer: the outputs' regions the oracle's results, all else as before.
    buffers.forEach((b, i) => {
      const expected = before[i];
      for (const [target, start, o] of placed) if (target === b) (whole(b) ? expected.set(want[o]) : expected.set(want[o], start));
      const now = view(b);
      for (let j = 0; j < now.length; j++) check(sameBits(now[j], expected[j]), () => `${label}: buffer ${i} element ${j}: ${fmt(now[j])}, expected ${fmt(expected[j])}`);
    });
    void binary;
  } finally {
    for (const a of allocated) a.free();
  }
}

for (const c of CASES) {
  for (const spec of ELEMENTWISE) {
    caseTest(c, `${spec.name}: every way of calling it (fresh, out, in place, overlapping, WasmArrays, views of the memory, lists, numbers; every tail length, across chunks) gives the ${c.build === 'relaxed' ? 'oracle' : 'scalar build'}'s bits`, (k) => {
      let calls = 0;
      for (const dtype of TYPES) {
        const oracle = oracleFor(c.build, c.precision, spec, dtype);
        lengthsOf(dtype).forEach((n, i) => {
          const values = inputsOf(spec, dtype, n, 1000 + i);
          const want = resultsOf(spec, call(oracle, spec, values.map((v) => v.slice())));
          for (let j = 0; j < 3; j++) {
            callForm(k, spec, dtype, n, FORMS[(i + 3 * j) % FORMS.length], (i + j) % values.length, values, want);
            calls++;
          }
          if (spec.shape === 'loss') {
            for (const reduction of ['sum', 'mean']) {
              const got = call(k, spec, values, [], reduction);
              const sum = neumaier(want[0]);
              const expected = reduction === 'sum' ? sum : n === 0 ? NaN : sum / n;
              check(sameBits(got, expected), () => `n = ${n}: ${reduction} ${got}, expected ${expected} (Neumaier's sum in index order)`);
            }
          }
        });
      }
      return `${calls} calls`;
    });
  }
}

// ---- what the entries promise ------------------------------------------------------------------

for (const c of CASES) {
  for (const spec of ELEMENTWISE) {
    caseTest(c, `${spec.name}: the special values bit for bit in both types (arrays, and numbers), symmetry, range, order where promised`, (k) => {
      const arity = unaryLike(spec) ? 1 : 2;
      for (const dtype of TYPES) {
        const inputs = Array.from({ length: arity }, (_, i) => arrayOf(dtype, spec.special.map((row) => row[i])));
        const got = resultsOf(spec, call(k, spec, inputs));
        spec.special.forEach((row, i) => {
          row.slice(arity).forEach((w, o) => {
            const want = round(dtype, w);
            check(sameBits(got[o][i], want), () => `${dtype}: ${spec.name}(${row.slice(0, arity).map(fmt).join(', ')}) output ${o} = ${fmt(got[o][i])}, expected ${fmt(want)}`);
            if (dtype === 'float64') {
              const r = call(k, spec, row.slice(0, arity));
              const n = spec.shape === 'pair' ? [r.value, r.derivative][o] : r;
              check(sameBits(n, want), () => `on numbers: ${spec.name}(${row.slice(0, arity).map(fmt).join(', ')}) = ${fmt(n)}, expected ${fmt(want)}`);
            }
          });
        });
        const values = inputsOf(spec, dtype, 6000, 7);
        const results = resultsOf(spec, call(k, spec, values));
        if (spec.symmetry !== undefined) {
          const [neg] = resultsOf(spec, call(k, spec, [values[0].map((v) => -v)]));
          const sign = spec.symmetry === 'odd' ? -1 : 1;
          for (let i = 0; i < neg.length; i++) check(sameBits(neg[i], sign * results[0][i]), () => `${dtype}: ${spec.name}(${fmt(-values[0][i])}) = ${fmt(neg[i])}, but ${spec.name}(${fmt(values[0][i])}) = ${fmt(results[0][i])}`);
        }
        if (spec.range !== undefined) {
          const [lo, hi] = spec.range;
          for (const out of results) for (let i = 0; i < out.length; i++) check(Number.isNaN(out[i]) || (out[i] >= lo && out[i] <= hi), () => `${dtype}: ${spec.name}(${values.map((v) => fmt(v[i])).join(', ')}) = ${fmt(out[i])}, outside [${lo}, ${hi}]`);
        }
        if (spec.monotone !== undefined && spec.kernels[dtype][c.precision].monotone && arity === 1) {
          const xs = Array.from(new Set(Array.from(values[0]).filter((v) => !Number.isNaN(v))));
          const sides = spec.monotone === 'even' ? [xs.map(Math.abs), xs.map((v) => -Math.abs(v))] : [xs];
          for (const side of sides) {
            const sorted = arrayOf(dtype, Array.from(new Set(side)).sort((a, b) => (spec.monotone === 'even' ? Math.abs(a) - Math.abs(b) : a - b)));
            const [out] = resultsOf(spec, call(k, spec, [sorted]));
            const step = spec.monotone === 1 ? 1 : -1;
            for (let i = 1; i < out.length; i++) check(Number.isNaN(out[i]) || Number.isNaN(out[i - 1]) || step * (out[i] - out[i - 1]) >= 0, () => `${dtype}: out of order at ${fmt(sorted[i - 1])}, ${fmt(sorted[i])}: ${fmt(out[i - 1])}, ${fmt(out[i])}`);
          }
        }
      }
    });
  }
}

// ---- accuracy -----------------------------------------------------------------------------

for (const c of CASES) {
  for (const spec of ELEMENTWISE) {
    caseTest(c, `${spec.name}: within its bound in both types (the mpmath fixtures; the backward step against exact products)`, (k) => {
      const notes = [];
      for (const dtype of TYPES) {
        const kernel = spec.kernels[dtype][c.precision];
        const fixture = fixtureOf(spec, dtype);
        let worst = 0;
        if (fixture === null) {
          // The backward step: y the fixtures' correctly rounded sigmoids, dy seeded.
          const y = arrayOf(dtype, Array.from(fixtureOf(OPS.find((s) => s.name === 'sigmoid'), dtype).outputs[0][0]).filter(Number.isFinite));
          const r = rng(21);
          const dy = arrayOf(dtype, y.length).map(() => 4 * r() - 2);
          const [got] = resultsOf(spec, call(k, spec, [y, dy]));
          for (let i = 0; i < got.length; i++) {
            const e = backwardUlpError(got[i], y[i], dy[i], dtype);
            worst = Math.max(worst, e);
            check(e <= boundOf(kernel), () => `${dtype}: y = ${fmt(y[i])}, dy = ${fmt(dy[i])}: got ${fmt(got[i])}, ${e.toFixed(3)} ULP > ${boundOf(kernel)}`);
          }
        } else {
          const inputs = [arrayOf(dtype, fixture.x), ...(fixture.y === null ? [] : [arrayOf(dtype, fixture.y)])];
          const got = resultsOf(spec, call(k, spec, inputs));
          got.forEach((out, o) => {
            const [hi, lo] = fixture.outputs[o];
            for (let i = 0; i < out.length; i++) {
              const e = errorOf(spec, dtype, out[i], hi[i], lo[i], fixture.x[i], fixture.y?.[i] ?? 0);
              if (Number.isFinite(e)) worst = Math.max(worst, e);
              check(e <= boundOf(kernel, o), () => `${dtype}: ${spec.name}(${inputs.map((a) => fmt(a[i])).join(', ')}) output ${o} = ${fmt(out[i])}, true ${hi[i] + lo[i]}: ${e.toFixed(3)} > ${boundOf(kernel, o)}`);
            }
          });
        }
        if (dtype === 'float32') {
          // And against the float64 REFERENCE on seeded inputs.
          const values = inputsOf(spec, dtype, 4000, 31).map((a) => a);
          const finite = values[0].map((_, i) => i).filter((i) => values.every((a) => Number.isFinite(a[i])));
          const xs = values.map((a) => arrayOf(dtype, Array.from(finite, (i) => a[i])));
          const got = resultsOf(spec, call(k, spec, xs));
          got.forEach((out, o) => {
            for (let i = 0; i < out.length; i++) {
              const ref = REFERENCE[spec.name](xs[0][i], xs[1]?.[i] ?? 0, o);
              const e = errorOf(spec, dtype, out[i], ref, 0, xs[0][i], xs[1]?.[i] ?? 0);
              check(e <= boundOf(kernel, o) + 2 ** -20, () => `float32 vs REFERENCE: ${spec.name}(${xs.map((a) => fmt(a[i])).join(', ')}) = ${fmt(out[i])}, reference ${ref}: ${e.toFixed(3)}`);
            }
          });
        }
        notes.push(`${dtype} ${exportName(dtype, c.precision)} worst ${worst.toFixed(3)}`);
      }
      return notes.join(', ');
    });
  }
}

// ---- the builds against each other ----------------------------------------------------------

{
  const relaxed = CASES.find((c) => c.build === 'relaxed');
  for (const spec of ELEMENTWISE) {
    caseTest(relaxed, `${spec.name}: float64 the SIMD build's bits; float32 too unless it has relaxed code and this machine fuses (then other bits somewhere)`, (k) => {
      const simd = kernelFor('simd', 'fast');
      const notes = [];
      for (const dtype of TYPES) {
        const values = inputsOf(spec, dtype, 100_000, 77);
        if (spec.domain === 'real') values[0] = arrayOf(dtype, Array.from({ length: 100_000 }, (_, i) => -30 + (60 * i) / 100_000));
        const a = resultsOf(spec, call(k, spec, values));
        const b = resultsOf(spec, call(simd, spec, values));
        if (dtype === 'float32' && hasRelaxedCode(spec) && relaxedFuses()) {
          const differ = a.map((out, o) => out.filter((v, i) => !sameBits(v, b[o][i])).length);
          for (const d of differ) check(d > 0, 'fused here, yet the SIMD build\'s bits on every point');
          notes.push(`float32: ${differ.join(' / ')} of 100000 differ (fused)`);
        } else a.forEach((out, o) => sameArrays(`${dtype} output ${o}: relaxed vs simd`, out, b[o], values));
      }
      return notes.join('') || undefined;
    });
  }
}

for (const c of CASES) {
  caseTest(c, 'the pair is the sigmoid and its derivative, bit for bit, in both types (with and without a tail)', (k) => {
    for (const dtype of TYPES) {
      const [x] = inputsOf(OPS.find((s) => s.name === 'sigmoid'), dtype, 1003, 5);
      for (const v of [x, x.subarray(0, 1002), x.subarray(5, 12)]) {
        const { value, derivative } = k.sigmoidWithDerivative(v);
        sameArrays(`${dtype} n = ${v.length}: value`, value, k.sigmoid(v), [v]);
        sameArrays(`${dtype} n = ${v.length}: derivative`, derivative, k.sigmoidDerivative(v), [v]);
      }
    }
  });
}

// ---- bad arguments ----------------------------------------------------------------------------

/** A few bad calls of every shape (the vitest suite has them all): [label, args(k, n) -> arguments, error, names]. */
function badCalls(spec) {
  const [a, b] = spec.inputs;
  const f32 = (n) => new Float32Array(n).fill(9);
  const f64 = (n) => new Float64Array(n).fill(9);
  const good = () => (unaryLike(spec) ? [f32(3)] : [f32(3), f32(3)]);
  const out = spec.shape === 'loss' ? (o) => [{ out: o }] : spec.shape === 'pair' ? (o) => [o, f32(3)] : (o) => [o];
  const outName = spec.shape === 'loss' ? 'options.out' : spec.shape === 'pair' ? 'value' : 'out';
  const list = [
    [`${a} a string`, () => ['abc', ...good().slice(1)], TypeError, [a]],
    [`${a} an Int32Array`, () => [new Int32Array(3), ...good().slice(1)], TypeError, [a]],
    [`${a} with a string element`, () => [[1, '2', 3], ...good().slice(1).map((v) => Array.from(v))], TypeError, [`${a}\\[1\\]`]],
    [`${a} a freed WasmArray`, (k) => {
      const w = k.allocFloat32(3);
      w.free();
      return [w, ...good().slice(1)];
    }, TypeError, [a]],
    [`${outName} of the other type`, () => [...good(), ...out(f64(3))], TypeError, [outName]],
    [`${outName} of another length`, () => [...good(), ...out(f32(4))], RangeError, [outName]],
  ];
  if (!unaryLike(spec)) {
    list.push([`${a} and ${b} of different types`, () => [f32(3), f64(3)], TypeError, [a, b]]);
    list.push([`${a} and ${b} of different lengths`, () => [f32(3), f32(4)], RangeError, [a, b]]);
    list.push([`${a} a number, ${b} an array`, () => [0.5, f32(3)], TypeError, [a, b]]);
  }
  if (spec.shape === 'pair') list.push(['value and derivative overlapping', () => {
    const buf = f32(4);
    return [f32(3), buf.subarray(0, 3), buf.subarray(1)];
  }, RangeError, ['value', 'derivative']]);
  if (spec.shape === 'loss') {
    list.push(['options a string', () => [...good(), 'sum'], TypeError, ['options']]);
    list.push(["options with an unknown key 'reductoin'", () => [...good(), { reductoin: 'sum' }], TypeError, ["'reductoin'"]]);
    list.push(["options.reduction 'max'", () => [...good(), { reduction: 'max' }], TypeError, ['options.reduction']]);
    list.push(["options.out with reduction 'sum'", () => [...good(), { reduction: 'sum', out: f32(3) }], TypeError, ['options.out']]);
  }
  return list;
}

for (const [who, target, memory] of [['the top-level functions', () => lib, () => defaultKernel()], ['an accurate scalar kernel', () => kernelFor('scalar', 'accurate'), () => kernelFor('scalar', 'accurate')]]) {
  for (const spec of ELEMENTWISE) {
    test(`${who}: ${spec.name}: bad arguments are a TypeError or RangeError naming them, nothing written, and it works after`, () => {
      for (const [label, make, Ctor, names] of badCalls(spec)) {
        const args = make(memory());
        const arrays = args.flatMap((v) => (ArrayBuffer.isView(v) ? [v] : v?.out !== undefined ? [v.out] : []));
        const before = arrays.map((v) => v.slice());
        const error = throws(`${spec.name}, ${label}`, () => target()[spec.name](...args), Ctor, new RegExp(`^${spec.name}: `));
        for (const name of names) check(new RegExp(`(^|[^\\w.])${name}`).test(error.message.slice(spec.name.length + 2)), `${spec.name}, ${label}: the message does not name ${name}: ${error.message}`);
        arrays.forEach((v, i) => sameArrays(`${spec.name}, ${label}: an argument was written`, v, before[i], [before[i]]));
      }
      const values = inputsOf(spec, 'float64', 9, 3);
      sameArrays(`${spec.name} after the errors`, resultsOf(spec, call(target(), spec, values))[0], resultsOf(spec, call(kernelFor('scalar', target() === lib ? 'fast' : 'accurate'), spec, values))[0], values);
    });
  }
}

test("createKernel: an unknown key is a TypeError naming it (createKernel({ precison: 'accurate' })); bad values and contradictions too", () => {
  throws('{ precison }', () => createKernel({ precison: 'accurate' }), TypeError, /^createKernel: unknown option 'precison' \(did you mean 'precision'\?\); the options are 'simd', 'precision', 'relaxed'$/);
  throws('null', () => createKernel(null), TypeError, /options must be an object/);
  throws("{ precision: 'exact' }", () => createKernel({ precision: 'exact' }), TypeError, /options\.precision must be 'fast' or 'accurate' \(got exact\)/);
  throws("{ simd: 'yes' }", () => createKernel({ simd: 'yes' }), TypeError, /options\.simd/);
  throws("{ relaxed: 'yes' }", () => createKernel({ relaxed: 'yes' }), TypeError, /options\.relaxed must be 'auto', true or false \(got yes\)/);
  throws("{ relaxed: true, precision: 'accurate' }", () => createKernel({ relaxed: true, precision: 'accurate' }), TypeError, /relaxed: true is for precision: 'fast' only/);
  throws('{ relaxed: true, simd: false }', () => createKernel({ relaxed: true, simd: false }), TypeError, /relaxed: true needs the SIMD build/);
  if (!RELAXED) throws('{ relaxed: true }', () => createKernel({ relaxed: true }), Error, /does not support WebAssembly relaxed SIMD/);
});

// ---- memory ------------------------------------------------------------------------------------

const memoryOf = (k) => {
  const probe = k.allocFloat32(0);
  const memory = probe.heap.memory;
  probe.free();
  return memory;
};

test('WasmArray: values, growth (read .array again), free, dispose, misuse', () => {
  const k = createKernel();
  const x = k.allocFloat32([0.5, -3, 17.25]);
  check(x.length === 3 && x.dtype === 'float32' && !x.freed && x.array[2] === 17.25, 'allocFloat32(values)');
  const old = x.array;
  const before = memoryOf(k).buffer.byteLength;
  const big = k.allocFloat32(16 * 1024 * 1024);
  check(memoryOf(k).buffer.byteLength > before, 'the memory did not grow');
  check(old.length === 0 && x.array[1] === -3, 'a view across growth');
  big.free();
  const memory = memoryOf(k);
  const size = memory.buffer.byteLength;
  for (let i = 0; i < 30; i++) k.allocFloat64(1_000_000).free();
  check(memory.buffer.byteLength - size <= 8_000_000 + 65536, 'free() does not return the memory');
  x[Symbol.dispose]();
  check(x.freed, 'Symbol.dispose did not free');
  x.free();
  throws('.array of a freed array', () => x.array, TypeError);
  throws('a call with a freed array', () => k.sigmoid(x), TypeError, /freed/);
  throws('allocFloat32(-1)', () => k.allocFloat32(-1), RangeError);
  throws("allocFloat64([1, 'a'])", () => k.allocFloat64([1, 'a']), TypeError, /values\[1\] is not a number/);
});

for (const c of CASES) {
  caseTest(c, 'arrays in JS memory stream through the scratch region: the memory does not grow (every entry, the reductions)', () => {
    const k = createKernel(optionsFor(c.build, c.precision));
    k.sigmoid(new Float32Array(4));
    const memory = memoryOf(k);
    const before = memory.buffer.byteLength;
    const x = new Float64Array(1_000_003).fill(0.25);
    for (const spec of ELEMENTWISE) call(k, spec, unaryLike(spec) ? [x] : [x, x]);
    for (const spec of ELEMENTWISE.filter((s) => s.shape === 'loss')) call(k, spec, [new Float32Array(2_000_001), new Float32Array(2_000_001)], [], 'mean');
    check(memory.buffer.byteLength === before, `the memory grew from ${before} to ${memory.buffer.byteLength} bytes`);
  });
}

// ---- the relaxed build's tail ----------------------------------------------------------------------

{
  const relaxed = CASES.find((c) => c.build === 'relaxed');
  caseTest(relaxed, 'each fused element gives its one-element call\'s bits at every position of every length 0..41 (JS and wasm memory)', (k) => {
    const x = Float32Array.from({ length: 400_000 }, (_, i) => -30 + (60 * i) / 400_000);
    const simd = kernelFor('simd', 'fast');
    const [rs, ss] = [k.sigmoid(x), simd.sigmoid(x)];
    const hot = x.filter((_, i) => !sameBits(rs[i], ss[i]));
    if (relaxedFuses()) check(hot.length > 0, 'fused here, yet no input differs from the SIMD build');
    else check(hot.length === 0, `not fused here, yet ${hot.length} inputs differ from the SIMD build`);
    const points = hot.length > 0 ? hot : x.subarray(0, 64);
    const w = k.allocFloat32(64);
    try {
      for (let rotation = 0; rotation < 8; rotation++) {
        const source = Float32Array.from({ length: 50 }, (_, i) => points[(i + rotation) % points.length]);
        const single = Array.from(source, (v) => k.sigmoid(Float32Array.of(v))[0]);
        for (let offset = 0; offset < 4; offset++) {
          for (let n = 0; n <= 41; n++) {
            const js = source.subarray(offset, offset + n);
            const want = single.slice(offset, offset + n);
            sameArrays(`JS memory, offset ${offset}, n = ${n}`, k.sigmoid(js), want, [js]);
            const view = w.array.subarray(offset, offset + n);
            view.set(js);
            sameArrays(`wasm memory, offset ${offset}, n = ${n}`, k.sigmoid(view), want, [js]);
          }
        }
      }
    } finally {
      w.free();
    }
    return `${hot.length} of 400000 points differ from the SIMD build`;
  });
}

// ---- the worker pool -------------------------------------------------------------------------------
// Deno and Bun run its workers through node:worker_threads, as Node does.

test("createPool: two threads give the single-thread kernel's bits for every entry (JS arrays, the shared memory, a reduction), then close", async () => {
  const pool = createPool({ threads: 2, parallelThreshold: 0, chunkBytes: 4096 });
  try {
    await pool.ready;
    const k = createKernel();
    for (const spec of ELEMENTWISE) {
      for (const dtype of TYPES) {
        const values = inputsOf(spec, dtype, 50_003, 9);
        const want = resultsOf(spec, call(k, spec, values));
        resultsOf(spec, await call(pool, spec, values)).forEach((g, o) => sameArrays(`${spec.name} ${dtype} output ${o}`, g, want[o], values));
        const shared = values.map((v) => (dtype === 'float32' ? pool.allocFloat32(v) : pool.allocFloat64(v)));
        resultsOf(spec, await call(pool, spec, shared)).forEach((g, o) => sameArrays(`${spec.name} ${dtype} output ${o}, shared memory`, g, want[o], values));
        shared.forEach((s) => s.free());
        if (spec.shape === 'loss') {
          const mean = await call(pool, spec, values, [], 'mean');
          check(sameBits(mean, call(k, spec, values, [], 'mean')), `${spec.name} ${dtype} mean ${mean}`);
        }
      }
    }
  } finally {
    await pool.close();
  }
  let closed = '';
  await pool.sigmoid(new Float32Array(1)).catch((e) => (closed = String(e.message)));
  check(/closed/.test(closed), `a call after close(): ${closed || 'resolved'}`);
  throws('createPool({ thread: 2 })', () => createPool({ thread: 2 }), TypeError, /^createPool: unknown option 'thread' \(did you mean 'threads'\?\)/);
});

await runAll();
