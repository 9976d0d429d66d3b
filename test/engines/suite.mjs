// The API suite for other engines (Deno, Bun; plain Node to debug it): the
// built package imported as its users import it, checked against the same
// fixtures, bounds and error cases as the vitest suite (test/*.test.ts).
//
// Plain JavaScript, one ES module, no test framework and no bundler, so each
// engine runs exactly what its users would and nothing of vitest's or Vite's
// runtime is in the way (vitest runs on Node only here). Only `node:fs`
// (to read the fixtures) and `node:process` (exit code, versions) are
// imported; Deno and Bun implement both.
//
//   node test/engines/suite.mjs
//   deno run --no-remote --no-lock --no-prompt --allow-read=<repo>/test/fixtures test/engines/suite.mjs
//   bun --no-install --no-env-file test/engines/suite.mjs
// (the flags are explained in test/node/engines.test.ts)
//
// Every registry entry (dist/registry.js: each kernel's tier and ULP bound)
// on every build the engine runs: both tiers on the SIMD and the scalar
// build, the fast tier on the relaxed-SIMD build where the engine has relaxed
// SIMD (Deno and Bun do; a case that cannot run is listed as skipped).
//
// Output: `engine: <name> <version>` and `import: ...` first, then one line per
// test, "ok - name", "not ok - name: details" or "skip - name: reason"
// (not counted below), and last "N passed, N failed". Exit code 1 on any
// failure. dist/ must be built (`npm run build`; `npm test`
// builds it first). test/node/engines.test.ts runs this under Deno and Bun.
import { readFileSync } from 'node:fs';
import process from 'node:process';

// ---- the harness ------------------------------------------------------------

/** @type {Array<{ name: string, fn: () => (void | string | Promise<void | string>), skip?: string }>} */
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

/** A number as it must be read in a message: -0 and NaN spelled out. */
const fmt = (v) => (Object.is(v, -0) ? '-0' : String(v));

/** What a value is, for messages (not the library's own wording). */
const what = (v) =>
  v === null ? 'null' : typeof v === 'object' ? (v.constructor?.name ?? 'an object') : `${typeof v} ${fmt(v)}`;

/**
 * Calls fn and fails unless it throws an instance of Ctor whose message is
 * `expected` (a string: exactly; a RegExp: matching; undefined: any).
 */
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
  if (typeof expected === 'string' && error.message !== expected) {
    fail(`${label}: message ${JSON.stringify(error.message)}, expected ${JSON.stringify(expected)}`);
  }
  if (expected instanceof RegExp && !expected.test(error.message)) {
    fail(`${label}: message ${JSON.stringify(error.message)} does not match ${expected}`);
  }
}

/** The engine running this file, as `name version`; Deno and Bun also set process.versions.node, so they go first. */
function engine() {
  const g = /** @type {{ Deno?: { version?: { deno?: string } }, Bun?: { version?: string } }} */ (globalThis);
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
      // One line per test: an unexpected exception gets its first stack frame.
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
// self-reference; Deno only while it discovers package.json, so no
// --no-config and no --no-npm). Should the name fail, the rest still runs on
// dist/index.js, and the first test below fails saying why. Both specifiers
// are literals: Deno loads a statically known import without a read
// permission, a computed one only with --allow-read.
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
const { createKernel, defaultKernel, relaxedSimdSupported, simdSupported, sigmoid, sigmoidDerivative, sigmoidWithDerivative, sigmoidBackward } = lib;

// The registry, from the same build (a literal specifier, as above): the
// kernels, their tiers and bounds. Should it fail to load, the tests that
// need it fail saying why.
let registry = null;
let registryError = null;
try {
  registry = await import('../../dist/registry.js');
} catch (e) {
  registryError = e;
}

test("import 'sigmoid-wasm' resolves to the built dist/index.js", () => {
  check(nameError === null, () => `import('sigmoid-wasm') threw: ${nameError?.message}`);
  const resolved = import.meta.resolve('sigmoid-wasm');
  check(resolved === DIST, `sigmoid-wasm resolves to ${resolved}, expected ${DIST}`);
});

test('the package name and dist/index.js are one module instance', async () => {
  check(byName !== null, 'sigmoid-wasm did not import');
  check((await import('../../dist/index.js')) === byName, 'importing dist/index.js by path gave a second module instance');
});

test('the entry exports exactly the documented functions', () => {
  const want = [
    'binaryCrossEntropyWithLogits', 'binaryCrossEntropyWithLogitsGradient', 'createKernel', 'createPool', 'defaultKernel', 'logSigmoid', 'logit',
    'relaxedSimdSupported', 'sigmoid', 'sigmoidBackward', 'sigmoidDerivative', 'sigmoidWithDerivative', 'silu', 'siluDerivative',
    'simdSupported', 'softplus', 'tanh', 'tanhDerivative',
  ];
  const got = Object.keys(lib).sort();
  check(JSON.stringify(got) === JSON.stringify(want), `exports ${got.join(', ')}; expected ${want.join(', ')}`);
  for (const k of want) check(typeof lib[k] === 'function', `${k} is ${typeof lib[k]}, not a function`);
});

test('dist/registry.js loads, with kernels of both tiers and three builds', () => {
  check(registry !== null, () => `import('../../dist/registry.js') threw: ${registryError?.message}`);
  check(registry.KERNELS.length > 0, 'the registry lists no kernels');
  check(JSON.stringify(registry.PRECISIONS) === '["fast","accurate"]', `PRECISIONS = ${JSON.stringify(registry.PRECISIONS)}`);
  check(registry.BUILDS.map((b) => b.name).join() === 'simd,scalar,relaxed', `BUILDS = ${registry.BUILDS.map((b) => b.name)}`);
});

// ---- shared helpers (as test/helpers.ts) -----------------------------------------

const KERNELS = registry?.KERNELS ?? [];
const PRECISIONS = registry?.PRECISIONS ?? [];
const TYPES = ['float32', 'float64'];
/** The registry entry of a tier, an operation and an element type. */
const entryOf = (precision, op, dtype) => KERNELS.find((e) => e.precision === precision && e.op === op && e.dtype === dtype);

const RELAXED = relaxedSimdSupported();
const RELAXED_REASON = `${engine()} does not support WebAssembly relaxed SIMD (relaxedSimdSupported() is false)`;

/** The createKernel options of a build and tier ('simd' must say relaxed: false, or the fast tier gets the relaxed build). */
const optionsFor = (build, precision) =>
  build === 'simd' ? { precision, simd: true, relaxed: false } : build === 'scalar' ? { precision, simd: false } : { precision, relaxed: true };

/**
 * Every build x tier the loader runs: both tiers on the SIMD and the scalar
 * build, the fast tier on the relaxed build (skipped where the engine lacks
 * relaxed SIMD). Kernels are made by the first test of the section below, so
 * a build that fails to load fails there.
 */
const CASES = PRECISIONS.flatMap((precision) =>
  ['simd', 'scalar', 'relaxed']
    .filter((build) => precision === 'fast' || build !== 'relaxed')
    .map((build) => ({
      build,
      precision,
      name: `${precision} ${build}`,
      skip: build === 'relaxed' && !RELAXED ? RELAXED_REASON : null,
      entries: KERNELS.filter((e) => e.precision === precision),
      kernel: null,
    })),
);
const caseOf = (build, precision) => CASES.find((c) => c.build === build && c.precision === precision);
const kernelOf = (c) => c.kernel ?? fail(`the ${c.name} kernel did not load`);
/** Registers a test of a case: skipped (with the reason) where the case cannot run. */
const caseTest = (c, name, fn) => (c.skip === null ? test(`${c.name} ${name}`, () => fn(kernelOf(c))) : skip(`${c.name} ${name}`, c.skip));

const arrayOf = (dtype, n) =>
  dtype === 'float32'
    ? typeof n === 'number' ? new Float32Array(n) : Float32Array.from(n)
    : typeof n === 'number' ? new Float64Array(n) : Float64Array.from(n);

/** Mulberry32, the generator of test/helpers.ts: the same seeds give the same inputs as the vitest suite. */
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

function uniform(dtype, n, lo, hi, seed) {
  const r = rng(seed);
  const out = arrayOf(dtype, n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * r();
  return out;
}

const FORMAT = { float32: [24, -126], float64: [53, -1022] };

/** The ULP of the target type at the true value v (Goldberg; subnormal spacing below the normal range). */
function ulp(v, dtype) {
  const [p, emin] = FORMAT[dtype];
  const a = Math.abs(v);
  if (a === 0 || !Number.isFinite(a)) return 2 ** (emin - p + 1);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  return 2 ** (Math.max(e, emin) - p + 1);
}

/** |got - (hi + lo)| in ULPs of the target type; NaN matches NaN only. */
function ulpError(got, hi, lo, dtype) {
  if (Number.isNaN(hi)) return Number.isNaN(got) ? 0 : Infinity;
  if (Number.isNaN(got)) return Infinity;
  if (!Number.isFinite(hi)) return got === hi ? 0 : Infinity;
  return Math.abs(got - hi - lo) / ulp(hi, dtype);
}

// Exact arithmetic for the backward step (as test/helpers.ts): every finite
// float is an integer times a power of two, and so is dy * y * (1 - y).

/** A finite float64 as [m, e], v = m * 2^e exactly. */
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
/** m * 2^e as a float64, in steps so that nothing over- or underflows early. */
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
/** The exact dy * y * (1 - y) as [m, e]. */
function backwardDyadic(y, dy) {
  const [ym, ye] = dyadic(y);
  const [dm, de] = dyadic(dy);
  const e0 = Math.min(0, ye);
  return [ym * ((1n << BigInt(-e0)) - (ym << BigInt(ye - e0))) * dm, ye + e0 + de];
}
/** The ULP error of got against the exact dy * y * (1 - y), in ULPs of the target type at the exact value. */
function backwardUlpError(got, y, dy, dtype) {
  if (!Number.isFinite(got)) return Infinity;
  const [m, e] = backwardDyadic(y, dy);
  const [gm, ge] = dyadic(got);
  const low = Math.min(ge, e);
  let diff = gm * (1n << BigInt(ge - low)) - m * (1n << BigInt(e - low));
  if (diff < 0n) diff = -diff;
  const [p, emin] = FORMAT[dtype];
  const binade = m === 0n ? emin : bitLength(m) - 1 + e;
  return scale(diff, low - (Math.max(binade, emin) - p + 1));
}

/** Bitwise equality, except that any NaN equals any NaN (wasm leaves NaN bits unspecified). */
const sameBits = (a, b) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

function firstDifference(a, b) {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!sameBits(a[i], b[i])) return i;
  return -1;
}

/** The bit pattern of v in the given type, for bitwise-comparison messages. */
function bits(v, dtype) {
  const view = new DataView(new ArrayBuffer(8));
  if (dtype === 'float32') {
    view.setFloat32(0, v);
    return `0x${view.getUint32(0).toString(16).padStart(8, '0')}`;
  }
  view.setFloat64(0, v);
  return `0x${view.getBigUint64(0).toString(16).padStart(16, '0')}`;
}

/** Fails with the first difference between two results, as values and bit patterns. */
function sameArrays(label, got, want, x, dtype) {
  check(got.length === want.length, () => `${label}: length ${got.length}, expected ${want.length}`);
  const i = firstDifference(got, want);
  check(i < 0, () => `${label}: x = ${fmt(x?.[i])} (index ${i}): got ${fmt(got[i])} (${bits(got[i], dtype)}), expected ${fmt(want[i])} (${bits(want[i], dtype)})`);
}

/** Runs a registry entry through a kernel of its tier; returns its outputs. */
function run(k, entry, a, b) {
  check(k.precision === entry.precision, `${entry.name} is a ${entry.precision} kernel, the kernel runs the ${k.precision} tier`);
  switch (entry.op) {
    case 'sigmoid':
      return [k.sigmoid(a)];
    case 'derivative':
      return [k.sigmoidDerivative(a)];
    case 'sigmoidWithDerivative': {
      const r = k.sigmoidWithDerivative(a);
      return [r.value, r.derivative];
    }
    case 'backward':
      return [k.sigmoidBackward(a, b ?? a)];
  }
  return fail(`unknown op ${entry.op}`);
}
const outputLabel = (entry, k) => (entry.op === 'sigmoidWithDerivative' ? (k === 0 ? 'fused value' : 'fused derivative') : entry.op);

// ---- the fixtures --------------------------------------------------------------

/**
 * Rows of five little-endian float64 (x, sigmoid hi, lo, derivative hi, lo),
 * by scripts/reference.py. node:fs, because it is the one file API all three
 * engines share (Deno needs --allow-read for it).
 */
function loadReference(dtype) {
  const url = new URL(`../fixtures/${dtype === 'float32' ? 'f32' : 'f64'}.bin`, import.meta.url);
  const file = readFileSync(url);
  if (file.byteLength === 0 || file.byteLength % 40 !== 0) {
    throw new Error(`fixture ${url}: ${file.byteLength} bytes is not a whole number of 40-byte rows`);
  }
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const n = file.byteLength / 40;
  const col = (c) => Float64Array.from({ length: n }, (_, i) => view.getFloat64(40 * i + 8 * c, true));
  return { x: col(0), sigmoid: [col(1), col(2)], derivative: [col(3), col(4)] };
}

/** The fixtures, read on first use inside a test, so that a missing file or permission fails tests, not the run. */
const references = new Map();
function reference(dtype) {
  if (!references.has(dtype)) {
    try {
      references.set(dtype, loadReference(dtype));
    } catch (e) {
      references.set(dtype, e instanceof Error ? e : new Error(String(e)));
    }
  }
  const ref = references.get(dtype);
  if (ref instanceof Error) fail(`cannot read the ${dtype} fixture: ${ref.message}`);
  return ref;
}

/** backward's inputs (as test/helpers.ts): y = the fixtures' correctly rounded sigmoids, dy seeded. */
function backwardInputs(dtype) {
  const y = arrayOf(dtype, Array.from(reference(dtype).sigmoid[0]).filter(Number.isFinite));
  const r = rng(21);
  const dy = arrayOf(dtype, y.length);
  for (let i = 0; i < dy.length; i++) {
    const sign = r() < 0.5 ? -1 : 1;
    dy[i] = i % 4 === 3 ? sign * (1 + r()) * 2 ** Math.floor(81 * r() - 40) : 4 * r() - 2;
  }
  return { y, dy };
}

// ---- every build and tier loads ---------------------------------------------------------

for (const c of CASES) {
  const options = optionsFor(c.build, c.precision);
  const name = `createKernel(${JSON.stringify(options)}) gives the ${c.name} kernel`;
  if (c.skip !== null) {
    skip(name, c.skip);
    continue;
  }
  test(name, () => {
    c.kernel = createKernel(options);
    const k = c.kernel;
    const want = [c.build !== 'scalar', c.build === 'relaxed', c.precision];
    const got = [k.simd, k.relaxed, k.precision];
    check(JSON.stringify(got) === JSON.stringify(want), `simd, relaxed, precision = ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  });
}

test(`relaxed SIMD is supported on ${engine()} (Deno, Bun and Node 22+ have it)`, () => {
  const [name, version] = engine().split(' ');
  const known = name !== 'node' || Number(version.split('.')[0]) >= 22;
  check(relaxedSimdSupported() === known, `relaxedSimdSupported() = ${relaxedSimdSupported()}, expected ${known}`);
  return `relaxedSimdSupported() = ${relaxedSimdSupported()}`;
});

// ---- 1. accuracy, each entry against its registry bound (test/accuracy.test.ts) -------

for (const c of CASES) {
  for (const entry of c.entries) {
    const bound = entry.bound.join(' / ');
    if (entry.op !== 'backward') {
      caseTest(c, `${entry.name} (${entry.op}, ${entry.dtype}) is within ${bound} ULP on the reference points`, (k) => {
        const ref = reference(entry.dtype);
        const columns = entry.op === 'sigmoid' ? [ref.sigmoid] : entry.op === 'derivative' ? [ref.derivative] : [ref.sigmoid, ref.derivative];
        const x = arrayOf(entry.dtype, ref.x);
        const outputs = run(k, entry, x);
        const failures = [];
        const worst = [];
        outputs.forEach((got, o) => {
          const [hi, lo] = columns[o];
          const limit = entry.bound[o];
          check(got.length === x.length, `${got.length} results for ${x.length} inputs`);
          let count = 0;
          let max = 0;
          for (let i = 0; i < got.length; i++) {
            const err = ulpError(got[i], hi[i], lo[i], entry.dtype);
            if (err > max) max = err;
            if (!(err <= limit)) {
              count++;
              if (failures.length < 5) failures.push(`${outputLabel(entry, o)}: x = ${fmt(x[i])}: got ${fmt(got[i])}, expected ${fmt(hi[i] + lo[i])}, ${err.toFixed(3)} ULP`);
            }
          }
          if (count > 0) failures.push(`${outputLabel(entry, o)}: ${count} points over ${limit} ULP (worst ${max.toFixed(3)})`);
          worst.push(max.toFixed(3));
        });
        check(failures.length === 0, () => failures.join('; '));
        return `${x.length} points, worst ${worst.join(' / ')} ULP`;
      });
    } else {
      caseTest(c, `${entry.name} (backward, ${entry.dtype}) is within ${bound} ULP of the exact dy * y * (1 - y)`, (k) => {
        const { y, dy } = backwardInputs(entry.dtype);
        const [got] = run(k, entry, y, dy);
        const failures = [];
        let count = 0;
        let worst = 0;
        for (let i = 0; i < got.length; i++) {
          const err = backwardUlpError(got[i], y[i], dy[i], entry.dtype);
          if (err > worst) worst = err;
          if (!(err <= entry.bound[0])) {
            count++;
            const [m, e] = backwardDyadic(y[i], dy[i]);
            if (failures.length < 5) failures.push(`y = ${fmt(y[i])}, dy = ${fmt(dy[i])}: got ${fmt(got[i])}, expected ${fmt(scale(m, e))}, ${err.toFixed(3)} ULP`);
          }
        }
        check(count === 0, () => `${count} points over ${bound} ULP (worst ${worst.toFixed(3)}): ${failures.join('; ')}`);
        return `${y.length} points, worst ${worst.toFixed(3)} ULP`;
      });
    }
  }
}

// ---- 2. special values (test/special-values.test.ts) -------------------------------------

const TINY = { float32: 1.401298464324817e-45, float64: 5e-324 };
const MAX = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE };

for (const c of CASES) {
  for (const dtype of TYPES) {
    const tiny = TINY[dtype];
    const specials = () => arrayOf(dtype, [NaN, 0, -0, Infinity, -Infinity, tiny, -tiny]);
    const t = (name, fn) => caseTest(c, `${dtype} ${name}`, fn);

    t('sigmoid: NaN -> NaN, +-0 -> 0.5, +Inf -> 1, -Inf -> +0, +-subnormal -> 0.5', (k) => {
      const x = specials();
      const s = k.sigmoid(x);
      const want = [NaN, 0.5, 0.5, 1, 0, 0.5, 0.5];
      for (let i = 0; i < want.length; i++) check(sameBits(s[i], want[i]), () => `s(${fmt(x[i])}) = ${fmt(s[i])}, expected ${fmt(want[i])}`);
    });

    t("derivative: NaN -> NaN, s'(+-0) = s'(+-subnormal) = 0.25, s'(+-Inf) = +0", (k) => {
      const x = specials();
      const d = k.sigmoidDerivative(x);
      const want = [NaN, 0.25, 0.25, 0, 0, 0.25, 0.25];
      for (let i = 0; i < want.length; i++) check(sameBits(d[i], want[i]), () => `s'(${fmt(x[i])}) = ${fmt(d[i])}, expected ${fmt(want[i])}`);
    });

    // Every finite x of the fixtures, ascending.
    const sorted = () => arrayOf(dtype, Array.from(reference(dtype).x).filter(Number.isFinite).sort((a, b) => a - b));

    t('every sigmoid output is in [0, 1]', (k) => {
      const x = sorted();
      const s = k.sigmoid(x);
      for (let i = 0; i < s.length; i++) check(s[i] >= 0 && s[i] <= 1, () => `x = ${fmt(x[i])}: s = ${fmt(s[i])} is outside [0, 1]`);
    });

    t('the derivative is in [0, 0.25] and exactly symmetric', (k) => {
      const x = sorted();
      const d = k.sigmoidDerivative(x);
      const dn = k.sigmoidDerivative(x.map((v) => -v));
      for (let i = 0; i < d.length; i++) {
        check(Object.is(d[i], dn[i]), () => `s'(${fmt(x[i])}) = ${fmt(d[i])} but s'(${fmt(-x[i])}) = ${fmt(dn[i])}`);
        check(d[i] >= 0 && d[i] <= 0.25, () => `s'(${fmt(x[i])}) = ${fmt(d[i])} is outside [0, 0.25]`);
      }
    });

    // Order only where the registry promises it (monotone: true, the accurate tier).
    const sigmoidEntry = entryOf(c.precision, 'sigmoid', dtype);
    const derivativeEntry = entryOf(c.precision, 'derivative', dtype);
    if (sigmoidEntry?.monotone) {
      t(`the sigmoid is non-decreasing (${sigmoidEntry.name}: monotone in the registry)`, (k) => {
        const x = sorted();
        const s = k.sigmoid(x);
        for (let i = 1; i < s.length; i++) check(s[i] >= s[i - 1], () => `not monotone: s(${fmt(x[i - 1])}) = ${fmt(s[i - 1])} > s(${fmt(x[i])}) = ${fmt(s[i])}`);
      });
    }
    if (derivativeEntry?.monotone) {
      t(`the derivative is non-increasing in |x| (${derivativeEntry.name}: monotone in the registry)`, (k) => {
        const x = sorted();
        const d = k.sigmoidDerivative(x);
        for (let i = 1; i < d.length; i++) {
          const rising = x[i] <= 0; // left of 0 it must not fall, right of 0 not rise
          const ok = rising ? d[i] >= d[i - 1] : d[i] <= d[i - 1] || x[i - 1] < 0;
          check(ok, () => `not unimodal at x = ${fmt(x[i - 1])}, ${fmt(x[i])}: ${fmt(d[i - 1])}, ${fmt(d[i])}`);
        }
      });
    }

    t('results below the normal range are rounded, not flushed to 0', (k) => {
      const lowest = dtype === 'float32' ? -103.5 : -744.5;
      const s = k.sigmoid(arrayOf(dtype, [lowest]))[0];
      const d = k.sigmoidDerivative(arrayOf(dtype, [lowest]))[0];
      check(s > 0, `s(${lowest}) = ${fmt(s)}, expected > 0`);
      check(d === s, `s'(${lowest}) = ${fmt(d)}, expected s(${lowest}) = ${fmt(s)}`);
    });

    // The fixtures hold the neighbours of every threshold (scripts/reference.py):
    // where the result becomes subnormal, underflows to 0, rounds to 1, and
    // the kernels' clamp of |x|. The README's contract: nothing is flushed to 0
    // while the correctly rounded result is not 0.
    t('nothing is 0 where the correctly rounded reference is not (fixtures, threshold neighbours)', (k) => {
      const ref = reference(dtype);
      const x = arrayOf(dtype, ref.x);
      const round = dtype === 'float32' ? Math.fround : (v) => v;
      const out = { sigmoid: k.sigmoid(x), derivative: k.sigmoidDerivative(x) };
      let nonZero = 0;
      for (const fn of ['sigmoid', 'derivative']) {
        const hi = ref[fn][0];
        for (let i = 0; i < x.length; i++) {
          if (!(round(hi[i]) !== 0)) continue; // 0 or NaN: nothing to hold
          nonZero++;
          check(out[fn][i] !== 0, () => `${fn}(${fmt(x[i])}) = ${fmt(out[fn][i])}, correctly rounded ${fmt(round(hi[i]))}`);
        }
      }
      return `${nonZero} non-zero references`;
    });

    // Far beyond the thresholds (|x| past the kernels' clamp of 104 / 746, and
    // the largest finite x) the true values are 1 and 0 to hundreds of digits.
    t("saturation: s = 1 for large x; s = +0 and s' = +0 far past the underflow", (k) => {
      const far = dtype === 'float32' ? [110, MAX.float32] : [750, MAX.float64];
      const x = arrayOf(dtype, [...far, ...far.map((v) => -v)]);
      const s = k.sigmoid(x);
      const d = k.sigmoidDerivative(x);
      const want = [1, 1, 0, 0];
      for (let i = 0; i < x.length; i++) {
        check(Object.is(s[i], want[i]), () => `s(${fmt(x[i])}) = ${fmt(s[i])}, expected ${fmt(want[i])}`);
        check(Object.is(d[i], 0), () => `s'(${fmt(x[i])}) = ${fmt(d[i])}, expected +0`);
      }
    });

    // Past the rounding-to-1 threshold (24.5 ln 2 = 17.0 in float32, 53.5 ln 2
    // = 37.1 in float64) s * (1 - s) from the rounded s is 0; the derivative
    // computed from x must not be.
    t("past the rounding-to-1 threshold s = 1 but s' stays > 0", (k) => {
      const at = dtype === 'float32' ? 20 : 40;
      const x = arrayOf(dtype, [at, -at]);
      const s = k.sigmoid(x);
      const d = k.sigmoidDerivative(x);
      check(s[0] === 1, `s(${at}) = ${fmt(s[0])}, expected 1`);
      check(d[0] > 0 && d[1] === d[0], `s'(${at}) = ${fmt(d[0])}, s'(${-at}) = ${fmt(d[1])}: expected equal and > 0`);
    });

    t('backward: NaN -> NaN; y = 0 or 1 or dy = 0 -> 0; y = 1/2 -> dy / 4', (k) => {
      const dx = k.sigmoidBackward(arrayOf(dtype, [NaN, 0.5, 0, 1, 0.5, 0.5, 0.25]), arrayOf(dtype, [1, NaN, 3, 3, 0, 2, 16]));
      check(Number.isNaN(dx[0]) && Number.isNaN(dx[1]), `dx of NaN: ${fmt(dx[0])}, ${fmt(dx[1])}`);
      check(Array.from(dx.subarray(2)).join() === '0,0,0,0.5,3', `dx = ${Array.from(dx.subarray(2)).join(', ')}, expected 0, 0, 0, 0.5, 3`);
    });
  }
}

test('a number gives a number (the fast tier\'s float64 kernel): the README values', () => {
  check(defaultKernel().precision === 'fast', `defaultKernel().precision = ${defaultKernel().precision}`);
  // README.md's first example prints these.
  check(sigmoid(0.5) === 0.6224593312018545, `sigmoid(0.5) = ${sigmoid(0.5)}; README.md says 0.6224593312018545`);
  check(sigmoidDerivative(40) === 4.248354255291589e-18, `sigmoidDerivative(40) = ${sigmoidDerivative(40)}; README.md says 4.248354255291589e-18`);
  const both = sigmoidWithDerivative(0);
  check(both.value === 0.5 && both.derivative === 0.25, `sigmoidWithDerivative(0) = ${JSON.stringify(both)}`);
  check(sigmoidBackward(0.5, 1) === 0.25, `sigmoidBackward(0.5, 1) = ${sigmoidBackward(0.5, 1)}`);
});

test('the top-level functions run the default kernel: the fast tier, relaxed where supported', () => {
  const k = defaultKernel();
  const got = [k.precision, k.simd, k.relaxed];
  const want = ['fast', simdSupported(), relaxedSimdSupported()];
  check(JSON.stringify(got) === JSON.stringify(want), `precision, simd, relaxed = ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  const x = uniform('float32', 5000, -30, 30, 12);
  sameArrays('sigmoid vs a fresh default kernel', sigmoid(x), createKernel().sigmoid(x), x, 'float32');
  sameArrays('sigmoidDerivative vs a fresh default kernel', sigmoidDerivative(x), createKernel().sigmoidDerivative(x), x, 'float32');
});
// ---- 3. errors (test/errors.test.ts): thrown before anything is written ----------------

/** Arrays filled with 9, so anything written shows. */
const f32 = (n) => new Float32Array(n).fill(9);
const f64 = (n) => new Float64Array(n).fill(9);
const untouched = (label, ...arrays) => {
  for (const a of arrays) check(Array.prototype.every.call(a, (v) => v === 9), () => `${label}: an output was written: [${Array.from(a).join(', ')}]`);
};

/** The functions under test: the top-level ones, and those of a kernel of each tier (made on first use). */
const SUBJECTS = [
  ['', () => ({ S: sigmoid, D: sigmoidDerivative, F: sigmoidWithDerivative, B: sigmoidBackward })],
  ...PRECISIONS.map((precision) => {
    let fns;
    return [
      `${precision} kernel: `,
      () => {
        if (fns === undefined) {
          const k = createKernel({ precision });
          fns = { S: k.sigmoid, D: k.sigmoidDerivative, F: k.sigmoidWithDerivative, B: k.sigmoidBackward };
        }
        return fns;
      },
    ];
  }),
];

for (const [who, fns] of SUBJECTS) {
  for (const [label, x] of [
    ['a string', 'abc'],
    ['null', null],
    ['undefined', undefined],
    ['an object', {}],
    ['a bigint', 1n],
    ['an Int32Array', new Int32Array(3)],
    ['a Uint8Array', new Uint8Array(3)],
    ['a DataView', new DataView(new ArrayBuffer(8))],
    ['an ArrayBuffer', new ArrayBuffer(8)],
  ]) {
    test(`${who}TypeError for x = ${label} (sigmoid, sigmoidDerivative, sigmoidWithDerivative)`, () => {
      const { S, D, F } = fns();
      for (const [n, fn] of [['sigmoid', S], ['sigmoidDerivative', D], ['sigmoidWithDerivative', F]]) {
        throws(n, () => fn(x), TypeError);
      }
      throws('sigmoid', () => S(x), TypeError, /sigmoid: x must be a number, an array of numbers, a Float32Array, a Float64Array/);
    });
  }

  test(`${who}TypeError naming the index of an array element that is not a number`, () => {
    const { S, D } = fns();
    throws('sigmoid', () => S([1, '2', 3]), TypeError, 'sigmoid: x[1] is not a number (got string)');
    throws('sigmoidDerivative', () => D([1, 2, null]), TypeError, /x\[2\] is not a number \(got null\)/);
  });

  test(`${who}TypeError for a Float64Array out with a Float32Array x; out untouched`, () => {
    const { S } = fns();
    const out = f64(3);
    throws('sigmoid', () => S(f32(3), out), TypeError, "sigmoid: out must have the input's type float32 (got float64)");
    untouched('sigmoid', out);
  });

  test(`${who}TypeError for a float32 or plain-array out when x is a number[] (float64)`, () => {
    const { S } = fns();
    const out = f32(2);
    throws('sigmoid', () => S([1, 2], out), TypeError);
    throws('sigmoid', () => S([1, 2], [0, 0]), TypeError, /out must be a Float64Array/);
    untouched('sigmoid', out);
  });

  test(`${who}TypeError for an out given with a number x`, () => {
    const { S } = fns();
    const out = f64(1);
    throws('sigmoid', () => S(1, out), TypeError);
    untouched('sigmoid', out);
  });

  test(`${who}RangeError with both lengths when out has another length; out untouched`, () => {
    const { S, D } = fns();
    const a = f32(4);
    const b = f64(2);
    throws('sigmoid', () => S(f32(3), a), RangeError, "sigmoid: out must have the input's length (got 4, input has 3)");
    throws('sigmoidDerivative', () => D(f64(5), b), RangeError);
    untouched('out', a, b);
  });

  test(`${who}sigmoidBackward: TypeError for y and dy of different types, or a number and an array`, () => {
    const { B } = fns();
    throws('sigmoidBackward', () => B(f32(2), f64(2)), TypeError, 'sigmoidBackward: y and dy must have the same type (got float32 and float64)');
    throws('sigmoidBackward', () => B(0.5, f32(1)), TypeError);
  });

  test(`${who}sigmoidBackward: RangeError with both lengths for y and dy of different lengths`, () => {
    const { B } = fns();
    throws('sigmoidBackward', () => B(f32(2), f32(3)), RangeError, 'sigmoidBackward: y and dy must have the same length (got 2 and 3)');
  });

  test(`${who}sigmoidWithDerivative: RangeError when value and derivative overlap; nothing written`, () => {
    const { F } = fns();
    const buf = f32(6);
    throws('partial overlap', () => F(f32(3), buf.subarray(0, 3), buf.subarray(2, 5)), RangeError);
    throws('the same array', () => F(f32(3), buf.subarray(0, 3), buf.subarray(0, 3)), RangeError);
    untouched('sigmoidWithDerivative', buf);
  });

  test(`${who}a failed call writes nothing: the outputs keep their contents`, () => {
    const { S, F, B } = fns();
    const out = f32(3);
    const value = f32(3);
    const dyOut = f32(3);
    const out64 = f64(3);
    throws('sigmoid', () => S(f32(3).fill(0), out.subarray(0, 2)), RangeError);
    throws('sigmoidWithDerivative', () => F(f32(3).fill(0), value, f64(3)), TypeError);
    throws('sigmoidBackward', () => B(f32(3), f32(2), dyOut), RangeError);
    throws('sigmoid', () => S([1, 2, 'x'], out64), TypeError);
    untouched('after the failed calls', out, value, dyOut, out64);
  });

  test(`${who}the functions keep working after failed calls`, () => {
    const { S } = fns();
    throws('sigmoid', () => S('nope'), TypeError);
    throws('sigmoid', () => S(f32(2), f32(3)), RangeError);
    check(S(0) === 0.5, `sigmoid(0) = ${S(0)}`);
    const s = S(new Float32Array([0, 0]));
    check(s instanceof Float32Array && s[0] === 0.5 && s[1] === 0.5, `sigmoid([0, 0]) = ${what(s)} [${Array.from(s)}]`);
  });
}

test('createKernel: TypeError for bad options, naming the option', () => {
  throws("{ simd: 'yes' }", () => createKernel({ simd: 'yes' }), TypeError, /options\.simd/);
  throws('null', () => createKernel(null), TypeError);
  throws("{ precision: 'exact' }", () => createKernel({ precision: 'exact' }), TypeError, /options\.precision must be 'fast' or 'accurate' \(got exact\)/);
  throws("{ relaxed: 'yes' }", () => createKernel({ relaxed: 'yes' }), TypeError, /options\.relaxed must be 'auto', true or false \(got yes\)/);
});

test("createKernel: relaxed: true with precision: 'accurate', or with simd: false, is a TypeError", () => {
  throws("{ relaxed: true, precision: 'accurate' }", () => createKernel({ relaxed: true, precision: 'accurate' }), TypeError, /relaxed: true is for precision: 'fast' only/);
  throws('{ relaxed: true, simd: false }', () => createKernel({ relaxed: true, simd: false }), TypeError, /relaxed: true needs the SIMD build/);
});

if (RELAXED) {
  skip('createKernel({ relaxed: true }) on an engine without relaxed SIMD is an Error', `${engine()} has relaxed SIMD (the vitest suite emulates an engine without it)`);
} else {
  test('createKernel({ relaxed: true }) on an engine without relaxed SIMD is an Error, not a TypeError', () => {
    throws('{ relaxed: true }', () => createKernel({ relaxed: true }), Error, /does not support WebAssembly relaxed SIMD/);
    let error;
    try {
      createKernel({ relaxed: true });
    } catch (e) {
      error = e;
    }
    check(!(error instanceof TypeError), 'threw a TypeError');
    check(createKernel().relaxed === false && createKernel({ relaxed: false }).relaxed === false, "'auto' or false gave the relaxed build");
  });
}

test('allocFloat32 / allocFloat64: RangeError or TypeError for bad sizes and values', () => {
  const k = createKernel();
  throws('allocFloat32(-1)', () => k.allocFloat32(-1), RangeError);
  throws('allocFloat32(1.5)', () => k.allocFloat32(1.5), RangeError);
  throws("allocFloat64('3')", () => k.allocFloat64('3'), TypeError);
  throws("allocFloat64([1, 'a'])", () => k.allocFloat64([1, 'a']), TypeError, /values\[1\] is not a number/);
  throws('allocFloat32(2 ** 31)', () => k.allocFloat32(2 ** 31), RangeError);
});

test('a freed WasmArray: a second free does nothing, .array and calls throw TypeError', () => {
  const k = createKernel();
  const a = k.allocFloat32(4);
  a.free();
  a.free();
  check(a.freed === true, `freed = ${a.freed}`);
  throws('.array', () => a.array, TypeError);
  throws('sigmoid', () => k.sigmoid(a), TypeError, /freed/);
});

// ---- 4. zero-copy arrays (test/zero-copy.test.ts) ------------------------------------------

/**
 * The byte length of a kernel's wasm memory, through the public API only: a
 * WasmArray's view is a view of that memory (a one-element probe, kept).
 */
function memorySize(k) {
  const probe = (memoryProbes.get(k) ?? memoryProbes.set(k, k.allocFloat32(1)).get(k));
  return probe.array.buffer.byteLength;
}
const memoryProbes = new Map();

test("createKernel says which build and tier it runs; 'auto' picks SIMD, and relaxed SIMD for the fast tier, where supported", () => {
  check(createKernel().simd === simdSupported(), `createKernel().simd = ${createKernel().simd}, simdSupported() = ${simdSupported()}`);
  check(createKernel().relaxed === relaxedSimdSupported(), `createKernel().relaxed = ${createKernel().relaxed}, relaxedSimdSupported() = ${relaxedSimdSupported()}`);
  check(createKernel().precision === 'fast', `createKernel().precision = ${createKernel().precision}`);
  check(createKernel({ simd: false }).simd === false && createKernel({ simd: false }).relaxed === false, 'simd: false did not give the scalar build');
  check(createKernel({ simd: 'auto' }).simd === simdSupported(), "simd: 'auto' disagrees with simdSupported()");
  check(createKernel({ relaxed: false }).relaxed === false, 'relaxed: false gave the relaxed build');
  const accurate = createKernel({ precision: 'accurate' });
  check(accurate.precision === 'accurate' && accurate.relaxed === false && accurate.simd === simdSupported(), `precision: 'accurate' gave ${accurate.precision}, relaxed ${accurate.relaxed}, simd ${accurate.simd}`);
  check(defaultKernel().simd === simdSupported() && defaultKernel().relaxed === relaxedSimdSupported(), 'the default kernel disagrees with simdSupported() / relaxedSimdSupported()');
  return `simdSupported() = ${simdSupported()}, relaxedSimdSupported() = ${relaxedSimdSupported()}`;
});

test('allocFloat32 / allocFloat64: .array is a typed-array view of wasm memory with the values', () => {
  const k = createKernel();
  const a = k.allocFloat32([1, 2, 3]);
  const b = k.allocFloat64(2);
  check(a.array instanceof Float32Array && a.length === 3 && a.dtype === 'float32', `allocFloat32: ${what(a.array)}, ${a.length}, ${a.dtype}`);
  check(b.array instanceof Float64Array && b.length === 2 && b.dtype === 'float64', `allocFloat64: ${what(b.array)}, ${b.length}, ${b.dtype}`);
  check(Array.from(a.array).join() === '1,2,3' && Array.from(b.array).join() === '0,0', `contents ${Array.from(a.array)}, ${Array.from(b.array)}`);
  check(a.array.buffer === b.array.buffer && a.freed === false, 'the two arrays are not views of one memory');
  a.array[1] = 5; // a view, not a copy: the write shows through a fresh .array
  check(a.array[1] === 5, `wrote 5, read back ${a.array[1]}`);
  a.free();
  b.free();
});

for (const c of CASES) {
  for (const dtype of TYPES) {
    const alloc = (k, v) => (dtype === 'float32' ? k.allocFloat32(v) : k.allocFloat64(v));

    caseTest(c, `${dtype}: wasm-resident x and out give the results of JS arrays (sigmoid, fused, backward)`, (k) => {
      const data = uniform(dtype, 1000, -20, 20, 6);
      const x = alloc(k, data);
      const y = alloc(k, 1000);
      check(k.sigmoid(x, y) === y, 'sigmoid(x, out) did not return out');
      sameArrays('sigmoid', y.array, k.sigmoid(data), data, dtype);
      const { value, derivative } = k.sigmoidWithDerivative(x, y, alloc(k, 1000));
      sameArrays('fused value', value.array, k.sigmoid(data), data, dtype);
      sameArrays('fused derivative', derivative.array, k.sigmoidDerivative(data), data, dtype);
      sameArrays('backward', k.sigmoidBackward(y, x), k.sigmoidBackward(k.sigmoid(data), data), data, dtype);
    });

    caseTest(c, `${dtype}: mixes with JS arrays either way, and views of wasm memory work as arguments`, (k) => {
      const data = uniform(dtype, 300, -40, 40, 7);
      const x = alloc(k, data);
      const expected = k.sigmoid(data);
      sameArrays('wasm in, JS out', k.sigmoid(x), expected, data, dtype);
      const out = alloc(k, 300);
      k.sigmoid(data, out);
      sameArrays('JS in, wasm out', out.array, expected, data, dtype);
      const view = alloc(k, 300);
      k.sigmoid(x.array, view.array);
      sameArrays('typed-array views of wasm memory', view.array, expected, data, dtype);
    });

    caseTest(c, `${dtype}: in place over WasmArrays (sigmoid, derivative, backward over dy) equals the copy path`, (k) => {
      const data = uniform(dtype, 5000, -30, 30, 9);
      const dyData = uniform(dtype, 5000, -2, 2, 10);
      const s = alloc(k, data);
      check(k.sigmoid(s, s) === s, 'sigmoid(x, x) did not return x');
      sameArrays('sigmoid in place', s.array, k.sigmoid(data), data, dtype);
      const d = alloc(k, data);
      k.sigmoidDerivative(d, d);
      sameArrays('derivative in place', d.array, k.sigmoidDerivative(data), data, dtype);
      const dy = alloc(k, dyData);
      k.sigmoidBackward(s, dy, dy);
      sameArrays('backward in place over dy', dy.array, k.sigmoidBackward(k.sigmoid(data), dyData), data, dtype);
    });

    // 50_000 elements: several chunks of the scratch region, not the one-chunk fast path.
    caseTest(c, `${dtype}: in place over JS arrays, across chunks, equals the copy path`, (k) => {
      const data = uniform(dtype, 50_000, -30, 30, 11);
      const expected = k.sigmoid(data);
      const x = data.slice();
      check(k.sigmoid(x, x) === x, 'sigmoid(x, x) did not return x');
      sameArrays('sigmoid in place', x, expected, data, dtype);
    });
  }
}

test('a WasmArray stays valid across a forced memory growth', () => {
  const k = createKernel();
  const data = uniform('float32', 5000, -10, 10, 8);
  const x = k.allocFloat32(data);
  const before = memorySize(k);
  const big = k.allocFloat32(16 * 1024 * 1024); // 64 MiB: the memory must grow
  check(memorySize(k) > before, `the memory did not grow (${before} bytes)`);
  sameArrays('x after the growth', x.array, data, data, 'float32');
  const y = k.allocFloat32(5000);
  k.sigmoid(x, y);
  sameArrays('sigmoid after the growth', y.array, k.sigmoid(data), data, 'float32');
  big.free();
});

test('free() returns the memory: allocating again does not grow it', () => {
  const k = createKernel();
  const before = memorySize(k);
  for (let i = 0; i < 50; i++) k.allocFloat64(1_000_000).free();
  const grown = memorySize(k) - before;
  check(grown <= 8_000_000 + 65536, `grew by ${grown} bytes for 50 times 8 MB allocated and freed`);
});

test('Symbol.dispose frees a WasmArray', () => {
  const k = createKernel();
  const a = k.allocFloat32(10);
  check(typeof a[Symbol.dispose] === 'function', `Symbol.dispose is ${typeof a[Symbol.dispose]} on a WasmArray`);
  a[Symbol.dispose]();
  check(a.freed === true, 'not freed');
});

test('an array from another kernel (another build and tier) is accepted (copied)', () => {
  const k = createKernel();
  const other = createKernel({ simd: false, precision: 'accurate' });
  const x = other.allocFloat32([0, 1]);
  sameArrays('sigmoid', k.sigmoid(x), k.sigmoid(new Float32Array([0, 1])), [0, 1], 'float32');
});

test('arrays in JS memory stream through a fixed scratch region: the memory does not grow', () => {
  const k = createKernel();
  k.sigmoid(new Float32Array(10));
  const before = memorySize(k);
  const x = new Float64Array(3_000_000);
  k.sigmoid(x, x);
  k.sigmoidWithDerivative(x);
  k.sigmoidBackward(x, x);
  check(memorySize(k) === before, `the memory grew from ${before} to ${memorySize(k)} bytes`);
});

// ---- 5. the builds, bit for bit (test/builds.test.ts, test/access-patterns.test.ts) ---------

/** The fixtures' x, then 20 000 seeded uniform points on [-800, 800] (seed 4, as test/builds.test.ts). */
function inputs(dtype) {
  const ref = reference(dtype).x;
  const random = uniform(dtype, 20_000, -800, 800, 4);
  const x = arrayOf(dtype, ref.length + random.length);
  x.set(ref);
  x.set(random, ref.length);
  return x;
}

/** An entry on the shared inputs: x, or for backward y in [0, 1] (seed 6) and dy (seed 5). */
function runOn(k, entry) {
  const x = inputs(entry.dtype);
  if (entry.op !== 'backward') return { x, out: run(k, entry, x) };
  const y = uniform(entry.dtype, x.length, 0, 1, 6);
  return { x: y, out: run(k, entry, y, uniform(entry.dtype, x.length, -2, 2, 5)) };
}

function sameRuns(label, a, b, entry) {
  a.out.forEach((out, i) => sameArrays(`${outputLabel(entry, i)}: ${label}`, out, b.out[i], a.x, entry.dtype));
}

for (const precision of PRECISIONS) {
  const simd = caseOf('simd', precision);
  const scalar = caseOf('scalar', precision);
  for (const entry of KERNELS.filter((e) => e.precision === precision)) {
    test(`${precision} ${entry.name} (${entry.op}, ${entry.dtype}): the SIMD and the scalar build agree bit for bit (fixtures + 20000 seeded points)`, () => {
      sameRuns('simd vs scalar', runOn(kernelOf(simd), entry), runOn(kernelOf(scalar), entry), entry);
    });
  }
}

{
  const relaxed = caseOf('relaxed', 'fast');
  const simd = caseOf('simd', 'fast');
  for (const entry of relaxed.entries.filter((e) => e.dtype === 'float64')) {
    caseTest(relaxed, `${entry.name} (${entry.op}, float64): equals the SIMD build bit for bit`, (k) => {
      sameRuns('relaxed vs simd', runOn(k, entry), runOn(kernelOf(simd), entry), entry);
    });
  }
  for (const entry of relaxed.entries.filter((e) => e.dtype === 'float32')) {
    // Not a requirement (the bounds are, section 1): reported.
    caseTest(relaxed, `${entry.name} (${entry.op}, float32): may differ from the SIMD build in the last bits`, (k) => {
      const a = runOn(k, entry);
      const b = runOn(kernelOf(simd), entry);
      return a.out.map((out, i) => `${outputLabel(entry, i)}: ${out.filter((v, j) => !sameBits(v, b.out[i][j])).length} of ${out.length} differ`).join('; ');
    });
  }
}

for (const c of CASES) {
  for (const dtype of TYPES) {
    // All the inputs (a multiple of 4 elements), one fewer, and a short array: the tails run too.
    caseTest(c, `${dtype}: the fused kernel equals the separate ones bit for bit (with and without a tail)`, (k) => {
      const all = inputs(dtype);
      for (const x of [all, all.subarray(0, all.length - 1), all.subarray(5, 12)]) {
        const { value, derivative } = k.sigmoidWithDerivative(x);
        sameArrays(`n = ${x.length}: value vs sigmoid`, value, k.sigmoid(x), x, dtype);
        sameArrays(`n = ${x.length}: derivative vs sigmoidDerivative`, derivative, k.sigmoidDerivative(x), x, dtype);
      }
    });
  }
}

/**
 * float32 points where the relaxed build's fast sigmoid or derivative differs
 * from the SIMD build's (fused multiply-add changes the last bit): at every
 * other position of the arrays below, they show at once whether an element's
 * result depends on where it sits (the SIMD body, or the tail, which the
 * relaxed build runs as one padded vector). Empty without relaxed SIMD.
 */
let sensitive;
function relaxedSensitiveInputs() {
  if (sensitive !== undefined) return sensitive;
  const relaxed = caseOf('relaxed', 'fast');
  if (relaxed.skip !== null || relaxed.kernel === null) return (sensitive = new Float32Array(0));
  const x = uniform('float32', 400_000, -30, 30, 77);
  const [r, s] = [relaxed.kernel, kernelOf(caseOf('simd', 'fast'))];
  const [rs, ss, rd, sd] = [r.sigmoid(x), s.sigmoid(x), r.sigmoidDerivative(x), s.sigmoidDerivative(x)];
  return (sensitive = x.filter((_, i) => !Object.is(rs[i], ss[i]) || !Object.is(rd[i], sd[i])));
}

// Element i gives the same bits whatever the length and the offset of the
// array: lengths 0..41 (the 4-vector body, the 1-vector loop, the tail) at
// offsets 0..5, in JS memory and in wasm memory (passed by address).
for (const c of CASES) {
  for (const entry of c.entries) {
    caseTest(c, `${entry.name} (${entry.op}, ${entry.dtype}): every length 0..41 at offsets 0..5, JS and wasm memory, gives the same elements`, (k) => {
      const { dtype } = entry;
      const n = 300;
      const a = uniform(dtype, n, -30, 30, 1);
      const b = uniform(dtype, n, 0, 1, 2);
      const specials = [NaN, Infinity, -Infinity, 0, -0, TINY[dtype], 120, -120, 800, -800];
      for (let i = 0; i < n; i += 13) a[i] = specials[(i / 13) % specials.length];
      const hot = dtype === 'float32' ? relaxedSensitiveInputs() : [];
      if (hot.length > 0) for (let i = 1, j = 0; i < n; i += 2, j++) if (i % 13 !== 0) a[i] = hot[j % hot.length];
      const args = (from, to) => (entry.op === 'backward' ? [b.subarray(from, to), a.subarray(from, to)] : [a.subarray(from, to)]);
      const whole = run(k, entry, ...args(0, n));
      const alloc = (m) => (dtype === 'float32' ? k.allocFloat32(m) : k.allocFloat64(m));
      const wasmIn = [alloc(64), alloc(64)];
      for (let offset = 0; offset <= 5; offset++) {
        for (let len = 0; len <= 41; len++) {
          const js = run(k, entry, ...args(offset, offset + len));
          const resident = args(offset, offset + len).map((v, i) => {
            const view = wasmIn[i].array.subarray(offset % 4, (offset % 4) + len);
            view.set(v);
            return view;
          });
          const wasm = run(k, entry, ...resident);
          for (const [where, got] of [['JS', js], ['wasm', wasm]]) {
            got.forEach((out, o) => sameArrays(`${where} memory, offset ${offset}, length ${len}, ${outputLabel(entry, o)}`, out, whole[o].subarray(offset, offset + len), a.subarray(offset, offset + len), dtype));
          }
        }
      }
      wasmIn.forEach((w) => w.free());
      return hot.length > 0 ? `${hot.length} points where fused multiply-add changes the result among the inputs` : undefined;
    });
  }
}

// ---- the sigmoid family (test/family*.test.ts): the same bits on every build and engine -----
// The family's kernels use no relaxed operation, so every build of both tiers
// gives the same bits; float32 results are checked against well-conditioned
// float64 formulas (their error is far below a float32 ULP), and the special
// values of the README in both types.

const FAMILY_ENTRIES = (registry?.FAMILY_KERNELS ?? []).filter((e) => e.precision === 'fast');
const sigmoidOf = (x) => 1 / (1 + Math.exp(-x));
const l1pe = (x) => Math.log1p(Math.exp(-Math.abs(x)));
/** float64 formulas for the float32 checks: op -> (x, y) -> value. */
const FAMILY_REFERENCE = {
  tanh: (x) => Math.tanh(x),
  tanhDerivative: (x) => {
    const e = Math.exp(-2 * Math.abs(x));
    return (4 * e) / ((1 + e) * (1 + e));
  },
  silu: (x) => x * sigmoidOf(x),
  siluDerivative: (x) => sigmoidOf(x) * (1 + x * sigmoidOf(-x)),
  softplus: (x) => Math.max(x, 0) + l1pe(x),
  logSigmoid: (x) => Math.min(x, 0) - l1pe(x),
  logit: (p) => Math.log(p / (1 - p)),
  binaryCrossEntropyWithLogits: (x, y) => (x > 0 ? x * (1 - y) : -x * y) + l1pe(x),
  binaryCrossEntropyWithLogitsGradient: (x, y) => (1 - y) * sigmoidOf(x) - y * sigmoidOf(-x),
};
/** Special values (float32 and float64 alike): [op, x, y or undefined, expected]. */
const FAMILY_SPECIALS = [
  ['tanh', 0, undefined, 0], ['tanh', -0, undefined, -0], ['tanh', Infinity, undefined, 1], ['tanh', -Infinity, undefined, -1], ['tanh', NaN, undefined, NaN],
  ['tanhDerivative', 0, undefined, 1], ['tanhDerivative', Infinity, undefined, 0], ['tanhDerivative', -Infinity, undefined, 0], ['tanhDerivative', NaN, undefined, NaN],
  ['silu', 0, undefined, 0], ['silu', -0, undefined, -0], ['silu', Infinity, undefined, Infinity], ['silu', -Infinity, undefined, -0], ['silu', NaN, undefined, NaN],
  ['siluDerivative', 0, undefined, 0.5], ['siluDerivative', Infinity, undefined, 1], ['siluDerivative', -Infinity, undefined, -0], ['siluDerivative', NaN, undefined, NaN],
  ['softplus', -Infinity, undefined, 0], ['softplus', Infinity, undefined, Infinity], ['softplus', NaN, undefined, NaN],
  ['logSigmoid', Infinity, undefined, -0], ['logSigmoid', -Infinity, undefined, -Infinity], ['logSigmoid', NaN, undefined, NaN],
  ['logit', 0, undefined, -Infinity], ['logit', -0, undefined, -Infinity], ['logit', 1, undefined, Infinity], ['logit', 0.5, undefined, 0],
  ['logit', -0.25, undefined, NaN], ['logit', 1.5, undefined, NaN], ['logit', NaN, undefined, NaN],
  ['binaryCrossEntropyWithLogits', Infinity, 1, 0], ['binaryCrossEntropyWithLogits', -Infinity, 0, 0], ['binaryCrossEntropyWithLogits', Infinity, 0, Infinity],
  ['binaryCrossEntropyWithLogits', 1, 1.5, NaN], ['binaryCrossEntropyWithLogits', 1, -0.5, NaN], ['binaryCrossEntropyWithLogits', 1, NaN, NaN],
  ['binaryCrossEntropyWithLogitsGradient', Infinity, 0, 1], ['binaryCrossEntropyWithLogitsGradient', -Infinity, 1, -1],
  ['binaryCrossEntropyWithLogitsGradient', 0, 0.5, 0], ['binaryCrossEntropyWithLogitsGradient', 1, 2, NaN],
];
/** The family's inputs: uniform over [-30, 30] (probabilities in [0, 1] for logit) and targets, half of them 0 or 1. */
function familyInputs(entry) {
  const n = 4099;
  const x = entry.op === 'logit' ? uniform(entry.dtype, n, 0, 1, 31) : uniform(entry.dtype, n, -30, 30, 32);
  const r = rng(33);
  const y = arrayOf(entry.dtype, n).map(() => (r() < 0.5 ? (r() < 0.5 ? 0 : 1) : r()));
  return { x, y };
}
const runFamily = (k, entry, x, y) => (entry.inputs === 2 ? k[entry.op](x, y) : k[entry.op](x));

test('dist/registry.js lists the sigmoid family: 9 functions x 2 types, for both tiers', () => {
  check(FAMILY_ENTRIES.length === 18, `${FAMILY_ENTRIES.length} fast-tier family entries`);
  for (const e of FAMILY_ENTRIES) check(e.op in FAMILY_REFERENCE, `no reference for ${e.op}`);
});

const referenceCase = caseOf('simd', 'fast');
for (const c of CASES) {
  for (const entry of FAMILY_ENTRIES) {
    caseTest(c, `${entry.op} (${entry.dtype}): the same bits as the fast SIMD kernel, every length 0..17 too`, (k) => {
      const { x, y } = familyInputs(entry);
      const want = runFamily(kernelOf(referenceCase), entry, x, y);
      sameArrays('whole array', runFamily(k, entry, x, y), want, x, entry.dtype);
      for (let len = 0; len <= 17; len++) {
        sameArrays(`length ${len} at offset 3`, runFamily(k, entry, x.subarray(3, 3 + len), y.subarray(3, 3 + len)), want.subarray(3, 3 + len), x.subarray(3), entry.dtype);
      }
    });
    caseTest(c, `${entry.op} (${entry.dtype}): the special values`, (k) => {
      for (const [op, a, b, expected] of FAMILY_SPECIALS) {
        if (op !== entry.op) continue;
        const xs = arrayOf(entry.dtype, [a]);
        const got = runFamily(k, entry, xs, arrayOf(entry.dtype, [b ?? 0]))[0];
        check(Object.is(got, expected), () => `${op}(${fmt(a)}${b === undefined ? '' : `, ${fmt(b)}`}) = ${fmt(got)}, expected ${fmt(expected)}`);
      }
    });
  }
}
for (const entry of FAMILY_ENTRIES.filter((e) => e.dtype === 'float32')) {
  caseTest(referenceCase, `${entry.op} (float32) is within ${entry.bound[0]} ULP of the float64 formula (y in {0, 1}; |error| <= 2^-24 for siluDerivative on [-1.4, -1.15])`, (k) => {
    const { x, y } = familyInputs(entry);
    const got = runFamily(k, entry, x, y);
    let worst = 0;
    for (let i = 0; i < x.length; i++) {
      if (entry.inputs === 2 && y[i] !== 0 && y[i] !== 1) continue;
      const want = FAMILY_REFERENCE[entry.op](x[i], y[i]);
      if (entry.op === 'siluDerivative' && x[i] > -1.4 && x[i] < -1.15) {
        check(Math.abs(got[i] - want) <= 2 ** -24, () => `x = ${fmt(x[i])}: got ${fmt(got[i])}, expected ${fmt(want)} within 2^-24`);
        continue;
      }
      const e = ulpError(got[i], want, 0, 'float32');
      worst = Math.max(worst, e);
      check(e <= entry.bound[0], () => `x = ${fmt(x[i])}${entry.inputs === 2 ? `, y = ${fmt(y[i])}` : ''}: got ${fmt(got[i])}, expected ${fmt(want)}: ${e.toFixed(3)} ULP`);
    }
    return `max ${worst.toFixed(3)} ULP`;
  });
}

// ---- the worker pool ----------------------------------------------------------------
// Deno and Bun run its workers through node:worker_threads, as Node does.

test('createPool: two threads give the single-thread kernel\'s bits (JS arrays and the shared memory), then close', async () => {
  const pool = lib.createPool({ threads: 2, parallelThreshold: 0, chunkBytes: 4096 });
  try {
    await pool.ready;
    const k = createKernel();
    let s = 7;
    const x = Float32Array.from({ length: 100_003 }, () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), -30 + (60 * s) / 2 ** 32));
    const want = k.sigmoid(x);
    const got = await pool.sigmoid(x);
    for (let i = 0; i < x.length; i++) check(Object.is(got[i], want[i]), () => `sigmoid x[${i}] = ${fmt(x[i])}: ${fmt(got[i])}, kernel ${fmt(want[i])}`);
    const shared = pool.allocFloat64(Float64Array.from(x));
    await pool.tanh(shared, shared);
    const tanh = k.tanh(Float64Array.from(x));
    for (let i = 0; i < x.length; i++) check(Object.is(shared.array[i], tanh[i]), () => `tanh x[${i}] = ${fmt(x[i])}: ${fmt(shared.array[i])}, kernel ${fmt(tanh[i])}`);
    const mean = await pool.binaryCrossEntropyWithLogits(x, want, { reduction: 'mean' });
    check(Object.is(mean, k.binaryCrossEntropyWithLogits(x, want, { reduction: 'mean' })), `loss mean ${mean}`);
  } finally {
    await pool.close();
  }
  let closed = '';
  await pool.sigmoid(new Float32Array(1)).catch((e) => (closed = String(e.message)));
  check(/closed/.test(closed), `a call after close(): ${closed || 'resolved'}`);
});

await runAll();
