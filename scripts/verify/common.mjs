// What both accuracy sweeps (npm run verify:f32, verify:f64) share, read from
// the table of operations (src/ops.ts through dist/table.js) and the float64
// references (src/reference.ts through dist/reference.js), so that a new
// function is swept with no change here:
//   - the kernels to sweep: every entry's kernel per tier, once where both
//     tiers run the same one (`sameAs`), with its contract (bounds, promises);
//   - the builds: the modules of build/ loaded directly over one memory with
//     build/data.bin at its offset, and what each export runs (codeHash: its
//     code and the segments of the data image it reads);
//   - the statistics kept per result, ULPs, exact special values;
//   - the keys of the records (a kernel unchanged since its last full sweep
//     need not be swept again in full): hashes of the code, the reference,
//     the contract and the method;
//   - the relaxed-SIMD build: where it runs, and whether this machine fuses
//     f32x4.relaxed_madd.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { findEngine, missingLine } from '../engines.mjs';
import { codeHash, parse } from '../wasm-binary.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUILDS = ['simd', 'scalar', 'relaxed'];
export const TIERS = ['fast', 'accurate'];
/** The shapes over rows (src/op.ts ROW_SHAPES): not swept here. */
export const ROW_SHAPES = ['rows', 'rowsBinary', 'rowsLoss', 'rowsTargets'];

export const sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(typeof p === 'string' ? p : p);
  return h.digest('hex');
};
/** A short form of a hash for keys and printing (64 bits are plenty to tell versions apart). */
export const short = (hash) => hash.slice(0, 16);

// ---- the table ------------------------------------------------------------------------------------

/** dist/table.js and dist/reference.js (run `npm run build` first). */
export async function loadTable() {
  const need = ['table.js', 'reference.js', 'op.js'].map((f) => join(ROOT, 'dist', f));
  for (const f of need) if (!existsSync(f)) throw new Error(`${f} missing: run npm run build first`);
  const [{ OPS }, { REFERENCE, SCALE }, { boundOf, exportName }] = await Promise.all(need.map((f) => import(f)));
  return { OPS, REFERENCE, SCALE, boundOf, exportName };
}

/**
 * The parts of a pair: the entries whose results the pair's two results are,
 * bit for bit. The table names a pair `<a>With<B>` and its parts `<a>` and
 * `<a><B>` (sigmoidWithDerivative: sigmoid, sigmoidDerivative).
 */
export function partsOf(spec, OPS) {
  const m = /^(.*)With([A-Z].*)$/.exec(spec.name);
  const find = (name) => OPS.find((s) => s.name === name && s.shape === 'unary');
  const parts = m ? [find(m[1]), find(m[1] + m[2])] : [];
  if (parts.length !== 2 || parts.some((p) => p === undefined)) throw new Error(`verify: the pair ${spec.name} has no parts named <a> and <a><B> in the table`);
  return parts;
}

/**
 * The results of an entry's kernel the sweeps measure ("rows"), each a set of
 * inputs with its unit and the entry whose promises it keeps (a pair's rows
 * keep its parts'):
 *   unary: `x` (and `absolute`: x inside the entry's `absolute` interval);
 *   pair: `value`, `derivative` (k = 0, 1), and their `absolute` rows;
 *   binary and loss with targets: `y = t` for each target, and `soft`
 *   (sampled soft targets, in the mixed unit where SCALE has the entry).
 */
export function rowsOf(spec, OPS, SCALE) {
  if (spec.shape === 'unary') {
    const rows = [{ row: 'x', k: 0, of: spec, unit: 'ulp' }];
    if (spec.absolute) rows.push({ row: 'absolute', k: 0, of: spec, unit: 'abs' });
    return rows;
  }
  if (spec.shape === 'pair') {
    const rows = [];
    partsOf(spec, OPS).forEach((part, k) => {
      const name = k === 0 ? 'value' : 'derivative';
      rows.push({ row: name, k, of: part, unit: 'ulp' });
      if (part.absolute) rows.push({ row: `${name} absolute`, k, of: part, unit: 'abs' });
    });
    return rows;
  }
  if (!spec.targets) return [];
  const rows = spec.targets.map((t) => ({ row: `y = ${t}`, k: 0, of: spec, unit: 'ulp', target: t }));
  rows.push({ row: 'soft', k: 0, of: spec, unit: SCALE[spec.name] ? 'mixed' : 'ulp', soft: true });
  return rows;
}

/**
 * The distinct kernels of one dtype: per entry and tier, once where a tier
 * runs the other's (`sameAs`). `id`: '<name>/<tier>' (the tier whose kernel
 * it is); `tiers`: the tiers that run it. `swept`: whether verify:f32 sweeps
 * it (unary and pair entries; binary ones with `targets`).
 */
export function kernelsOf(table, dtype) {
  const { OPS, SCALE, boundOf, exportName } = table;
  const out = [];
  for (const spec of OPS) {
    // The entries over rows (softmax and its relatives) are held on mpmath rows by test/api/softmax.test.ts.
    if (ROW_SHAPES.includes(spec.shape)) continue;
    const k = spec.kernels[dtype];
    for (const tier of TIERS) {
      const kernel = k[tier];
      if (kernel.sameAs) {
        const other = k[kernel.sameAs];
        if (other.sameAs) throw new Error(`${spec.name} ${dtype}: both tiers say sameAs`);
        continue;
      }
      const tiers = TIERS.filter((t) => t === tier || k[t].sameAs === tier);
      const rows = rowsOf(spec, OPS, SCALE);
      out.push({
        id: `${spec.name}/${tier}`,
        name: spec.name,
        shape: spec.shape,
        tier,
        tiers,
        exportName: exportName(dtype, tier),
        algorithm: kernel.algorithm,
        monotone: kernel.monotone,
        bounds: spec.shape === 'pair' ? [boundOf(kernel, 0), boundOf(kernel, 1)] : [boundOf(kernel, 0)],
        rows: rows.map((r) => ({ row: r.row, k: r.k, of: r.of.name, unit: r.unit, target: r.target, soft: r.soft ?? false, bound: boundOf(kernel, r.k) })),
        parts: spec.shape === 'pair' ? partsOf(spec, OPS).map((p) => p.name) : [],
        swept: spec.shape === 'unary' || spec.shape === 'pair' || Boolean(spec.targets),
      });
    }
  }
  return out;
}

/** The id of the kernel an entry runs in a tier (through sameAs). */
export function kernelIdOf(spec, dtype, tier) {
  const k = spec.kernels[dtype][tier];
  return `${spec.name}/${k.sameAs ?? tier}`;
}

/**
 * What a kernel is held to, from its entry (and for a pair, its parts'
 * promises): everything a record's key must change with.
 */
export function contractOf(kernel, OPS) {
  const byName = (n) => OPS.find((s) => s.name === n);
  const spec = byName(kernel.name);
  const promises = (s) => ({ monotone: s.monotone ?? null, symmetry: s.symmetry ?? null, range: s.range ?? null, absolute: s.absolute ?? null, domain: s.domain });
  return {
    bounds: kernel.bounds,
    monotone: kernel.monotone,
    ...promises(spec),
    parts: kernel.parts.map((p) => ({ name: p, ...promises(byName(p)) })),
    targets: spec.targets ?? null,
    special: spec.special.map((row) => row.map(numberText)),
    rows: kernel.rows.map((r) => `${r.row}:${r.unit}:${r.bound}`),
  };
}

/** Numbers as JSON can hold them (-0, NaN and the infinities as text). */
export function numberText(v) {
  if (Object.is(v, -0)) return '-0';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return v;
}

// ---- the references ----------------------------------------------------------------------------------

/**
 * A hash of what REFERENCE[name] (and SCALE[name]) compute: their source and
 * that of every top-level function of dist/reference.js they use, followed
 * through the functions they call.
 */
export function referenceHash(name, table) {
  const text = readFileSync(join(ROOT, 'dist', 'reference.js'), 'utf8');
  const helpers = new Map();
  const re = /^(?:export )?function (\w+)\([^]*?^}/gm;
  for (let m; (m = re.exec(text)); ) helpers.set(m[1], m[0]);
  const sources = [String(table.REFERENCE[name]), String(table.SCALE[name] ?? '')];
  const seen = new Set();
  for (let i = 0; i < sources.length; i++) {
    for (const [helper, source] of helpers) {
      if (!seen.has(helper) && new RegExp(`\\b${helper}\\(`).test(sources[i])) {
        seen.add(helper);
        sources.push(source);
      }
    }
  }
  return sha256(sources.join('\n'));
}

/**
 * A copy of `fn` made from its source, so that each reference loop has its
 * own type feedback and the engine inlines the one reference it calls
 * (one loop shared by every reference sees them all: a megamorphic call,
 * about twice the time).
 */
export function specialise(fn, bindings) {
  const names = Object.keys(bindings);
  return new Function(...names, `return ${fn.toString()}`)(...names.map((n) => bindings[n]));
}

// ---- the builds ----------------------------------------------------------------------------------

/** build/wasm.json, build/data.bin and each module's bytes (run `npm run build:wasm` first). */
export function loadBuilds() {
  const dir = join(ROOT, 'build');
  const manifestFile = join(dir, 'wasm.json');
  if (!existsSync(manifestFile)) throw new Error(`${manifestFile} missing: run npm run build first`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const data = readFileSync(join(dir, 'data.bin'));
  if (data.length !== manifest.data.length) throw new Error('build/data.bin does not match build/wasm.json');
  if (!Array.isArray(manifest.data.segments)) throw new Error('build/wasm.json has no data segments: run npm run build:wasm');
  const bytes = new Map();
  const bytesOf = (name, build) => {
    const key = `${name}.${build}`;
    if (!bytes.has(key)) bytes.set(key, readFileSync(join(dir, `${name}.${build}.wasm`)));
    return bytes.get(key);
  };
  const parsed = new Map();
  const hashes = new Map();
  /** What an export of a module's build runs, with the data it reads: scripts/wasm-binary.mjs codeHash. */
  const codeOf = (name, build, field) => {
    const key = `${name}.${build}.${field}`;
    if (!hashes.has(key)) {
      const pkey = `${name}.${build}`;
      if (!parsed.has(pkey)) parsed.set(pkey, parse(bytesOf(name, build)));
      hashes.set(key, codeHash(parsed.get(pkey), field, { offset: manifest.data.offset, bytes: data, segments: manifest.data.segments }));
    }
    return hashes.get(key);
  };
  return { manifest, data, dataOffset: manifest.data.offset, bytesOf, codeOf };
}

/**
 * A memory of at least `bytes` bytes with the modules' static data in place,
 * and a bump allocator above it (16-byte aligned, from `start`).
 */
export function makeMemory(builds, bytes) {
  const pages = Math.ceil(bytes / 65536) + 1;
  const memory = new WebAssembly.Memory({ initial: pages });
  new Uint8Array(memory.buffer, builds.dataOffset, builds.data.length).set(builds.data);
  let top = Math.ceil((builds.dataOffset + builds.data.length) / 64) * 64;
  const alloc = (size) => {
    const at = top;
    top = Math.ceil((top + size) / 64) * 64;
    if (top > memory.buffer.byteLength) throw new Error(`verify: memory layout needs more than ${memory.buffer.byteLength} bytes`);
    return at;
  };
  return { memory, alloc };
}

/** The exports of a module's build instantiated over `memory`. */
export function instantiate(builds, name, build, memory) {
  return new WebAssembly.Instance(new WebAssembly.Module(builds.bytesOf(name, build)), { env: { memory } }).exports;
}

// ---- statistics ----------------------------------------------------------------------------------

/** Powers of two 2^(k - 1100), k = 0..2200: the ULP is a table look-up. */
const POW2 = Float64Array.from({ length: 2200 }, (_, k) => 2 ** (k - 1100));
const scratch = new Float64Array(1);
const scratchHi = new Uint32Array(scratch.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
export const HI = LITTLE ? 1 : 0;

/**
 * The ULP of a type at a true value r (any sign), Goldberg's definition: the
 * spacing of the binade holding |r|, the subnormal spacing below the normal
 * range. `p` significand bits, `emin` the least normal exponent.
 */
export function makeUlp(p, emin) {
  const sub = 2 ** (emin - p + 1);
  const normal = 2 ** emin;
  return (r) => {
    if (!(Math.abs(r) >= normal)) return sub; // also 0 and NaN
    scratch[0] = r;
    const e = ((scratchHi[HI] >>> 20) & 0x7ff) - 1023;
    return POW2[e - p + 1 + 1100];
  };
}
export const ulp32 = makeUlp(24, -126);
export const ulp64 = makeUlp(53, -1022);

/** 1 / ulp32(r) by the float64 exponent field of r (exact: powers of two); 0 and NaN as ulp32. */
export const INV_ULP32 = Float64Array.from({ length: 2048 }, (_, e) => 1 / (e === 0 || e === 2047 ? 2 ** -149 : ulp32(2 ** (e - 1023))));

/** "> 0.5 ULP": not correctly rounded, beyond the reference's own error. */
export const THRESHOLD = 0.5 + 1e-6;

/** The statistics of one row of one kernel's build over a set of inputs. */
export class Stats {
  constructor() {
    this.count = 0;
    this.maxError = 0; // in the row's unit
    this.maxX = null;
    this.maxY = null;
    this.maxGot = null;
    this.maxRef = null;
    this.over05 = 0;
    this.over1 = 0;
    this.over2 = 0;
    this.over3 = 0;
    this.order = 0; // adjacent inputs out of the entry's order
    this.symmetry = 0; // f(-x) not exactly f(x) (even) or -f(x) (odd)
    this.outside = 0; // outside the entry's range
    this.nanForNumber = 0; // NaN where the result is a number
    this.nanLost = 0; // a number where the result is NaN (a NaN input, outside the domain)
    this.flushed = 0; // 0 where the correctly rounded result is not
    this.special = 0; // at +-Inf: not the reference's exact value
    this.partMismatch = 0; // a pair's result not bit for bit its part's
  }

  merge(o) {
    for (const key of Object.keys(this)) if (!key.startsWith('max')) this[key] += o[key] ?? 0;
    if (o.maxError > this.maxError || (o.maxError !== o.maxError && this.maxError === this.maxError)) {
      this.maxError = o.maxError;
      this.maxX = o.maxX;
      this.maxY = o.maxY;
      this.maxGot = o.maxGot;
      this.maxRef = o.maxRef;
    }
    return this;
  }

  static from(plain) {
    return Object.assign(new Stats(), plain);
  }
}

/** Counts one error (in the row's unit) into s, keeping the worst with where it was. */
export function recordError(s, err, x, y, got, ref) {
  if (err > THRESHOLD || err !== err) {
    s.over05++;
    if (err > 1 || err !== err) {
      s.over1++;
      if (err > 2 || err !== err) {
        s.over2++;
        if (err > 3 || err !== err) s.over3++;
      }
    }
  }
  if (err > s.maxError || (err !== err && s.maxError === s.maxError)) {
    s.maxError = err;
    s.maxX = x;
    s.maxY = y;
    s.maxGot = got;
    s.maxRef = ref;
  }
}

/**
 * The contract violations of one row, as readable lines. `row`: its bound,
 * unit, and `promised`: whether order violations fail (the kernel's
 * `monotone`). A 0 where the true value is not fails only a relative row
 * (under the absolute and mixed units it is within the bound).
 */
export function violations(label, s, row, promised) {
  const out = [];
  const at = `x = ${s.maxX}${s.maxY !== null && s.maxY !== undefined ? `, y = ${s.maxY}` : ''}`;
  if (!(s.maxError <= row.bound)) out.push(`${label}: max error ${s.maxError} ${UNIT_WORD[row.unit]} > ${row.bound} at ${at} (got ${s.maxGot}, expected ${s.maxRef})`);
  const keys = ['outside', 'nanForNumber', 'nanLost', 'special', 'symmetry', 'partMismatch', ...(row.unit === 'ulp' ? ['flushed'] : []), ...(promised ? ['order'] : [])];
  for (const k of keys) if (s[k] > 0) out.push(`${label}: ${k} = ${s[k]}`);
  return out;
}
export const UNIT_WORD = { ulp: 'ULP', abs: 'x 2^-p (absolute)', mixed: 'x (ULP + 2^-p S)' };

/** Bitwise equality with any NaN equal to any NaN (wasm leaves NaN bits unspecified). */
export const same = (a, b) => Object.is(a, b) || (a !== a && b !== b);

/**
 * The entry's exact special values on one kernel's build: the lines that are
 * wrong. `run(xs, ys)` runs the kernel on arrays and returns its result
 * arrays (one, or two for a pair); `round` rounds a value to the dtype.
 */
export function checkSpecials(spec, run, round) {
  const rows = spec.special;
  if (rows.length === 0) return [];
  const binary = spec.shape === 'binary' || spec.shape === 'loss';
  const xs = rows.map((r) => r[0]);
  const ys = rows.map((r) => (binary ? r[1] : 0));
  const outs = run(xs, ys);
  const wrong = [];
  rows.forEach((r, i) => {
    const wants = binary ? [r[2]] : r.slice(1);
    wants.forEach((want, k) => {
      const got = outs[k][i];
      const expected = round(want);
      if (!same(got, expected)) wrong.push(`${spec.name}(${fmt(r[0])}${binary ? `, ${fmt(r[1])}` : ''})${spec.shape === 'pair' ? `[${k}]` : ''} = ${fmt(got)}, expected ${fmt(expected)}`);
    });
  });
  return wrong;
}
export const fmt = (v) => (Object.is(v, -0) ? '-0' : String(v));

// ---- the fixtures -----------------------------------------------------------------------------------

/**
 * The columns of the mpmath fixtures (scripts/reference.py): `<t>.bin` rows
 * are x, sigmoid (hi, lo), derivative (hi, lo); `family-<t>.bin` rows are x,
 * y, then (hi, lo) per function of reference.py's FAMILY list (read from the
 * script, so a function added there is found here by its name).
 */
export function fixtureLayout() {
  const py = readFileSync(join(ROOT, 'scripts', 'reference.py'), 'utf8');
  const m = /^FAMILY = \[([^\]]*)\]/m.exec(py);
  if (!m) throw new Error('scripts/reference.py: no FAMILY list');
  const family = [...m[1].matchAll(/"([^"]+)"/g)].map((g) => g[1]);
  return { sigmoid: ['sigmoid', 'derivative'], family, familyColumns: 2 + 2 * family.length };
}

/** reference.py's names for the table's, where they differ. */
const FIXTURE_NAME = { sigmoidDerivative: 'derivative', binaryCrossEntropyWithLogits: 'bce', binaryCrossEntropyWithLogitsGradient: 'bceGradient' };

/**
 * The fixture points of a type (`files.sigmoid`: a <t>.bin, `files.family`:
 * a family-<t>.bin; either may be absent) as columns: returns { sets: [{ n,
 * x, y, columns: { name: { hi, lo } } }] } and `columnOf(name, k)`: the set
 * and column holding the true values of an entry's result k (a pair's
 * results are its parts'), or null.
 */
export function readFixtures(files, OPS) {
  const layout = fixtureLayout();
  const read = (file, width) => {
    const bytes = readFileSync(file);
    if (bytes.byteLength % (8 * width) !== 0) throw new Error(`${file}: not rows of ${width} float64`);
    return { rows: new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)), width };
  };
  const columns = (rows, width, at) => {
    const n = rows.length / width;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = rows[width * i + at];
    return out;
  };
  const sets = [];
  const sig = files.sigmoid;
  if (sig && existsSync(sig)) {
    const { rows, width } = read(sig, 5);
    const cols = {};
    layout.sigmoid.forEach((name, j) => (cols[name] = { hi: columns(rows, width, 1 + 2 * j), lo: columns(rows, width, 2 + 2 * j) }));
    const x = columns(rows, width, 0);
    sets.push({ file: sig, n: x.length, x, y: new Float64Array(x.length), columns: cols });
  }
  const fam = files.family;
  if (fam && existsSync(fam)) {
    const { rows, width } = read(fam, layout.familyColumns);
    const cols = {};
    layout.family.forEach((name, j) => (cols[name] = { hi: columns(rows, width, 2 + 2 * j), lo: columns(rows, width, 3 + 2 * j) }));
    const x = columns(rows, width, 0);
    sets.push({ file: fam, n: x.length, x, y: columns(rows, width, 1), columns: cols });
  }
  const columnOf = (name, k = 0) => {
    const spec = OPS.find((s) => s.name === name);
    const target = spec.shape === 'pair' ? partsOf(spec, OPS)[k].name : name;
    const col = FIXTURE_NAME[target] ?? target;
    for (const set of sets) if (set.columns[col]) return { set, column: set.columns[col], binary: spec.shape === 'binary' || spec.shape === 'loss' };
    return null;
  };
  return { sets, columnOf };
}

// ---- the relaxed-SIMD build -------------------------------------------------------------------------

/**
 * Makes sure the relaxed-SIMD build can be measured. Where this engine does
 * not validate relaxed SIMD (the machine's Node 20), the script re-runs
 * itself, whole, under Node 24 (scripts/engines.mjs) and exits with its
 * status: the other builds give the same bits on every engine, so one process
 * measures them all. Returns { run: true } when this engine has relaxed SIMD;
 * when Node 24 is not installed, { run: false, skipped } locally and
 * { run: false, error } under CI (env CI set).
 */
export function relaxedHere(script) {
  if (relaxedSupported()) return { run: true };
  if (process.env.SIGMOID_VERIFY_REEXEC) return { run: false, error: `re-run under ${process.execPath} (${process.version}), which has no relaxed SIMD either` };
  const engine = findEngine('node24');
  if (engine === null) {
    const line = missingLine('node24');
    return process.env.CI ? { run: false, error: `relaxed-SIMD build not measured: ${line}` } : { run: false, skipped: line };
  }
  console.log(`this Node (${process.version}) has no relaxed SIMD: running the whole sweep under ${engine.label} ${engine.version} (${engine.path})`);
  const r = spawnSync(engine.path, [script, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, SIGMOID_VERIFY_REEXEC: '1' } });
  if (r.error) {
    console.error(`could not start ${engine.path}: ${r.error.message}`);
    process.exit(1);
  }
  process.exit(r.status ?? 1);
}

// f32x4.splat of three parameters, f32x4.relaxed_madd, lane 0: (a, b, c) -> a * b + c.
const MADD_MODULE = Uint8Array.from([
  0, 97, 115, 109, 1, 0, 0, 0, // magic, version
  1, 8, 1, 0x60, 3, 0x7d, 0x7d, 0x7d, 1, 0x7d, // type: (f32, f32, f32) -> f32
  3, 2, 1, 0, // one function
  7, 5, 1, 1, 0x66, 0, 0, // export "f"
  10, 22, 1, 20, 0, 0x20, 0, 0xfd, 0x13, 0x20, 1, 0xfd, 0x13, 0x20, 2, 0xfd, 0x13, 0xfd, 0x85, 0x02, 0xfd, 0x1f, 0, 0x0b,
]);

export function relaxedSupported() {
  return typeof WebAssembly === 'object' && WebAssembly.validate(MADD_MODULE);
}

/**
 * What this engine's f32x4.relaxed_madd does here: 'fused' (one rounding) or
 * 'unfused' (two), or null without relaxed SIMD. With a = b = 1 + 2^-12 the
 * product 1 + 2^-11 + 2^-24 rounds to 1 + 2^-11 (a tie, to even), so
 * a * b - (1 + 2^-11) is 2^-24 fused and 0 unfused. The relaxed build's
 * results depend on it, so the records' keys do ("sweep what the machine runs").
 */
export function fmaMode() {
  if (!relaxedSupported()) return null;
  const f = new WebAssembly.Instance(new WebAssembly.Module(MADD_MODULE)).exports.f;
  const a = 1 + 2 ** -12;
  const r = f(a, a, -(1 + 2 ** -11));
  if (r === 2 ** -24) return 'fused';
  if (r === 0) return 'unfused';
  throw new Error(`relaxed_madd gave ${r}: neither fused nor unfused`);
}

// ---- small things ------------------------------------------------------------------------------------

/** 1st, 2nd, 3rd, 4th, ... 64th. */
export function ordinal(k) {
  const tens = k % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[k % 10] ?? 'th');
  return `${k}${suffix}`;
}

/** Prints a table of rows (arrays of strings), the first `left` columns left-aligned. */
export function printTable(rows, left = 1) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const r of rows) console.log(r.map((v, c) => (c < left ? String(v).padEnd(widths[c]) : String(v).padStart(widths[c]))).join('  '));
}

/** Seconds since `t0` (performance.now()), one decimal. */
export const since = (t0) => Number(((performance.now() - t0) / 1000).toFixed(1));
