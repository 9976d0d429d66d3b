// npm run verify:f64 — every float64 kernel of the table of operations
// (src/ops.ts) against a 200-bit reference, every build.
//
// The points: scripts/reference.py (mpmath at 200 bits, each true value a
// float64 pair hi + lo, so ULP errors are exact to many digits): the sigmoid's
// set (`--count 350000`: about a million points, both signs, uniform,
// log-spaced and the neighbours of every threshold) for the sigmoid, its
// derivative and the pair; the family's set (`--sets family --family-count
// 40000`: each function's thresholds and their neighbours, logit's [0, 1],
// every x with a target in turn, 0, 1 and soft ones, the gradient's
// cancellation, targets outside [0, 1]) for the others, an entry's column
// found by its name in reference.py's FAMILY list. Both sets are generated
// into .cache/reference/ on first use, in parallel (about a minute; Python 3
// with mpmath and numpy). The committed test-sized sets are test/fixtures/.
//
// Per kernel (each entry's float64 kernel per tier, once where both tiers run
// the same one), on the SIMD build: per row (as verify:f32: `x`, an entry's
// `absolute` interval, a pair's `value` and `derivative`, a binary entry's
// targets and its soft targets, in the mixed unit where src/reference.ts has a
// SCALE) the max error and where, the counts over 0.5, 1, 2 and 3, order
// violations over the sorted points and along dense walks of consecutive
// float64 values (where the entry has a direction), symmetry (the kernel on
// -x, bit for bit), range, NaN in and out, flushing to 0, the exact values at
// +-Inf, a pair's results bit for bit its parts'. The scalar build: bit for
// bit the SIMD build's (any NaN matching any NaN). The relaxed-SIMD build:
// where an export's code is the SIMD build's (scripts/wasm-binary.mjs
// codeHash), nothing more; else measured as SIMD is and its differences
// counted. Each entry's special values, bit for bit, every build. Bounds and
// promises from the table (order fails only where the kernel's `monotone` is
// true). The plain JS loop (bench/peers.mjs) is measured on the sigmoid's
// points, unless --no-peers (then its rows are carried over).
//
// Relaxed SIMD needs Node 22+: under the machine's Node 20 the script re-runs
// itself under Node 24 (npm run engines); without it the relaxed build is
// skipped locally and a failure under CI (env CI).
//
// Usage: node scripts/verify/f64.mjs [--write] [--count N] [--family-count M] [--no-peers] [--json FILE]
//   (default)  writes test-output/f64.json (or --json FILE): CI's mode
//   --write    also accuracy/f64.json and ACCURACY.md (the committed results)
// Exit code 1 on any breach of the contract.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { BUILDS, ROOT, Stats, checkSpecials, fmt, instantiate, kernelIdOf, kernelsOf, loadBuilds, loadTable, makeMemory, printTable, readFixtures, recordError, relaxedHere, short, since, ulp64, violations } from './common.mjs';
import { writeReport } from './report.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const COMMITTED = join(ROOT, 'accuracy', 'f64.json');
const HALF_SUBNORMAL = 2 ** -1075;
const ABS_UNIT = 2 ** 53;
const WALKS = 2000;
const STEPS = 2000;

function parseArgs(argv) {
  const args = { count: 350_000, familyCount: 40_000, peers: true, write: false, json: join(ROOT, 'test-output', 'f64.json') };
  const usage = 'usage: node scripts/verify/f64.mjs [--write] [--count N] [--family-count M] [--no-peers] [--json FILE]';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--count') args.count = Number(argv[++i]);
    else if (a === '--family-count') args.familyCount = Number(argv[++i]);
    else if (a === '--no-peers') args.peers = false;
    else if (a === '--write') args.write = true;
    else if (a === '--json') args.json = argv[++i] ?? args.json;
    else if (a === '--help') {
      console.log(usage);
      process.exit(0);
    } else {
      console.error(`verify:f64: unknown argument ${a} (${usage})`);
      process.exit(2);
    }
  }
  for (const key of ['count', 'familyCount']) if (!Number.isInteger(args[key]) || args[key] < 1) throw new RangeError(`--${key} must be a positive integer`);
  return args;
}

/** The two point sets, generated where missing (both at once: one Python process per core). */
async function points(args) {
  // Keyed by the script's own hash too: a function added to reference.py makes new sets, never a stale one.
  const version = createHash('sha256').update(readFileSync(join(ROOT, 'scripts', 'reference.py'))).digest('hex').slice(0, 12);
  const dirOf = (name) => join('.cache', 'reference', `${name}-${version}`);
  const sets = [
    { file: join(ROOT, dirOf(String(args.count)), 'f64.bin'), cmd: ['scripts/reference.py', '--count', String(args.count), '--types', 'f64', '--sets', 'sigmoid', '--out', dirOf(String(args.count))] },
    { file: join(ROOT, dirOf(`family-${args.familyCount}`), 'family-f64.bin'), cmd: ['scripts/reference.py', '--sets', 'family', '--types', 'f64', '--family-count', String(args.familyCount), '--out', dirOf(`family-${args.familyCount}`)] },
  ];
  const missing = sets.filter((s) => !existsSync(s.file));
  const t0 = performance.now();
  await Promise.all(
    missing.map(
      (s) =>
        new Promise((resolve, reject) => {
          console.log(`generating the reference: python3 ${s.cmd.join(' ')}`);
          const p = spawn('python3', s.cmd, { cwd: ROOT, stdio: 'inherit' });
          p.on('error', reject);
          p.on('exit', (code) => (code === 0 ? resolve(undefined) : reject(new Error(`python3 ${s.cmd.join(' ')} exited with ${code}`))));
        }),
    ),
  );
  return { sigmoid: sets[0].file, family: sets[1].file, generated: missing.length ? since(t0) : 0 };
}

/** Dense walks: runs of STEPS consecutive float64 values (x ascending), where a wiggle would show. */
function walks() {
  let seed = 0x2545f491;
  const rand = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
  // Thresholds of the functions (rounding to 1, softplus to x, tiny x, logit's 1/2 and its ends, the range's edges), then random.
  const starts = [19.06, -19.06, 18.7, 36.7, -36.7, 33.3, 1e-8, -1e-8, 2 ** -27, 0.5, 0.5 - 1e-13, 1 - 1e-12, 1e-300, 0.25, 0.75, 1.2784645427610738, -1.2784645427610738, 745, -745, 709.7, -709.7];
  while (starts.length < (3 * WALKS) / 4) starts.push((rand() < 0.5 ? -1 : 1) * 10 ** (-12 + 14.9 * rand()));
  while (starts.length < WALKS) starts.push(rand() < 0.5 ? rand() : 10 ** (-300 * rand())); // in (0, 1): logit's domain
  const x = new Float64Array(WALKS * STEPS);
  const bits = new BigUint64Array(x.buffer);
  starts.forEach((v, w) => {
    const b0 = new BigUint64Array(new Float64Array([v]).buffer)[0];
    for (let j = 0; j < STEPS; j++) bits[w * STEPS + j] = v < 0 ? b0 - BigInt(j) : b0 + BigInt(j);
  });
  return x;
}

/** Bit-for-bit differences of two float64 arrays, any NaN matching any NaN. */
function differ(a, b, idx) {
  let count = 0;
  const ua = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const ub = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  if (idx === undefined) {
    if (Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))) return 0;
    for (let i = 0; i < a.length; i++) if (ua[i] !== ub[i] && !(a[i] !== a[i] && b[i] !== b[i])) count++;
    return count;
  }
  for (const i of idx) if (ua[i] !== ub[i] && !(a[i] !== a[i] && b[i] !== b[i])) count++;
  return count;
}

/** Order violations along the x-sorted indices: direction of the entry's `monotone` (even: rising to 0, then falling). */
function orderViolations(idx, x, v, monotone) {
  let bad = 0;
  for (let j = 1; j < idx.length; j++) {
    const xa = x[idx[j - 1]];
    const xc = x[idx[j]];
    if (xa === xc) continue;
    const a = v[idx[j - 1]];
    const c = v[idx[j]];
    if (monotone === 1 ? c < a : monotone === -1 ? c > a : xc <= 0 ? c < a : xa >= 0 && c > a) bad++;
  }
  return bad;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const phases = {};
  const relaxed = relaxedHere(SCRIPT);
  const failures = [];
  if (relaxed.error) failures.push(relaxed.error);
  if (relaxed.skipped) console.log(`relaxed-SIMD build skipped: ${relaxed.skipped}`);

  const files = await points(args);
  phases.generate = files.generated;
  const t1 = performance.now();
  const table = await loadTable();
  const { OPS, SCALE } = table;
  const builds = loadBuilds();
  const fixtures = readFixtures(files, OPS);
  const kernels = kernelsOf(table, 'float64');
  const buildNames = BUILDS.filter((b) => b !== 'relaxed' || relaxed.run);
  const specOf = new Map(OPS.map((s) => [s.name, s]));
  const byId = new Map(kernels.map((K) => [K.id, K]));
  console.log(`${fixtures.sets.map((s) => `${s.n} points from ${s.file.slice(ROOT.length + 1)}`).join(', ')}; ${WALKS} dense walks of ${STEPS} floats; Node ${process.version}`);

  // ---- memory: the sets' x, -x and y, the walks, two outputs ----
  const W = walks();
  const largest = Math.max(W.length, ...fixtures.sets.map((s) => s.n));
  const bytes = 8 * (fixtures.sets.reduce((a, s) => a + 3 * s.n, 0) + 2 * W.length + 2 * largest) + (1 << 20);
  const { memory, alloc } = makeMemory(builds, bytes);
  const place = (values) => {
    const ptr = alloc(8 * values.length);
    new Float64Array(memory.buffer, ptr, values.length).set(values);
    return ptr;
  };
  for (const set of fixtures.sets) {
    set.ptr = { x: place(set.x), nx: place(set.x.map((v) => -v)), y: place(set.y) };
    // The distinct x (a unary function's points), and their order.
    const seen = new Set();
    const bits = new BigUint64Array(set.x.buffer);
    set.distinct = [];
    for (let i = 0; i < set.n; i++) {
      if (!seen.has(bits[i])) {
        seen.add(bits[i]);
        set.distinct.push(i);
      }
    }
    set.sorted = set.distinct.filter((i) => Number.isFinite(set.x[i])).sort((a, b) => set.x[a] - set.x[b]);
  }
  const walk = { x: place(W), y: alloc(8 * W.length) };
  const out = [alloc(8 * largest), alloc(8 * largest)];
  const instances = new Map();
  const exportOf = (name, build, field) => {
    const key = `${name}.${build}`;
    if (!instances.has(key)) instances.set(key, instantiate(builds, name, build, memory));
    return instances.get(key)[field];
  };
  /** A kernel's build on n points at xPtr (and yPtr): its results, copied out. */
  const run = (K, build, xPtr, yPtr, n) => {
    const f = exportOf(K.name, build, K.exportName);
    if (K.shape === 'pair') f(xPtr, out[0], out[1], n);
    else if (K.shape === 'unary') f(xPtr, out[0], n);
    else f(xPtr, yPtr, out[0], n);
    return Array.from({ length: K.shape === 'pair' ? 2 : 1 }, (_, k) => new Float64Array(memory.buffer, out[k], n).slice());
  };

  // ---- per kernel ----
  const results = {};
  for (const K of kernels) {
    const spec = specOf.get(K.name);
    const record = { function: K.name, shape: K.shape, tier: K.tier, tiers: K.tiers, export: K.exportName, algorithm: K.algorithm, bounds: K.bounds, monotone: K.monotone, direction: spec.monotone ?? null, symmetry: spec.symmetry ?? null, rows: K.rows.map(({ row, unit, bound, target, k, of }) => ({ row, unit, bound, ...(target !== undefined ? { target } : {}), k, of })), parts: K.parts, builds: {}, walks: {} };
    results[K.id] = record;
    const wrong = {};
    for (const build of buildNames) {
      wrong[build] = checkSpecials(spec, (xs, ys) => {
        const n = xs.length;
        new Float64Array(memory.buffer, walk.x, n).set(xs); // the walks' arrays as scratch (rewritten below)
        new Float64Array(memory.buffer, walk.y, n).set(ys);
        return run(K, build, walk.x, walk.y, n);
      }, (v) => v);
      for (const l of wrong[build]) failures.push(`${K.id} (${build}) special value: ${l}`);
    }
    new Float64Array(memory.buffer, walk.x, W.length).set(W);
    const columns = Array.from({ length: K.shape === 'pair' ? 2 : 1 }, (_, k) => fixtures.columnOf(K.name, k));
    if (columns.some((c) => c === null)) {
      if (K.rows.length > 0) throw new Error(`no mpmath points for ${K.name}: add it to scripts/reference.py (FAMILY)`);
      record.builds = Object.fromEntries(buildNames.map((b) => [b, { specialsWrong: wrong[b] }]));
      record.notMeasured = 'no targets: not swept (its tests compare it with exact products)';
      continue;
    }
    const set = columns[0].set;
    const binary = K.shape === 'binary' || K.shape === 'loss';
    const outs = {};
    for (const build of buildNames) outs[build] = run(K, build, set.ptr.x, set.ptr.y, set.n);
    const simdCode = builds.codeOf(K.name, 'simd', K.exportName);
    const partIds = K.parts.map((p) => kernelIdOf(specOf.get(p), 'float64', K.tier));
    const measuredBuilds = ['simd'];
    for (const build of buildNames) {
      const code = builds.codeOf(K.name, build, K.exportName);
      if (build === 'scalar') {
        const mism = outs.simd.reduce((a, o, k) => a + differ(o, outs.scalar[k]), 0);
        record.builds.scalar = { code: short(code), compared: set.n * outs.simd.length, mismatches: mism, specialsWrong: wrong.scalar };
        if (mism > 0) failures.push(`${K.id} (scalar): ${mism} results differ from the simd build`);
      } else if (build === 'relaxed') {
        const partsSame = K.parts.every((p, i) => builds.codeOf(p, 'relaxed', byId.get(partIds[i]).exportName) === builds.codeOf(p, 'simd', byId.get(partIds[i]).exportName));
        if (code === simdCode && partsSame) record.builds.relaxed = { code: short(code), sameCodeAs: 'simd', specialsWrong: wrong.relaxed };
        else {
          measuredBuilds.push('relaxed');
          record.builds.relaxed = { code: short(code), compared: set.n * outs.simd.length, differs: outs.simd.reduce((a, o, k) => a + differ(o, outs.relaxed[k]), 0), specialsWrong: wrong.relaxed };
        }
      } else record.builds.simd = { code: short(code), specialsWrong: wrong.simd };
    }
    // The pair's parts on the same points, each build: bit for bit.
    const partOuts = {};
    for (const build of measuredBuilds) partOuts[build] = partIds.map((id) => run(byId.get(id), build, set.ptr.x, set.ptr.y, set.n)[0]);
    // At -x, for the symmetric (per result: the entry's, or the pair's part's).
    const neg = {};
    for (const build of measuredBuilds) neg[build] = run(K, build, set.ptr.nx, set.ptr.y, set.n);

    for (const build of measuredBuilds) {
      const rows = {};
      for (const row of K.rows) {
        const entry = specOf.get(row.of);
        const got = outs[build][row.k];
        const { hi, lo } = columns[row.k].column;
        const s = (rows[row.row] = new Stats());
        const main = row.unit !== 'abs';
        const [rlo, rhi] = entry.range ?? [-Infinity, Infinity];
        const inAbs = (x) => entry.absolute !== undefined && x >= entry.absolute[0] && x <= entry.absolute[1];
        const idx = binary
          ? Array.from({ length: set.n }, (_, i) => i).filter((i) => (row.soft ? !K.rows.some((r) => r.target !== undefined && r.target === set.y[i]) : set.y[i] === row.target))
          : set.distinct.filter((i) => (main ? !inAbs(set.x[i]) : inAbs(set.x[i])));
        for (const i of idx) {
          const x = set.x[i];
          const y = binary ? set.y[i] : null;
          const g = got[i];
          const h = hi[i];
          s.count++;
          if (h !== h) {
            if (g === g) s.nanLost++;
            continue;
          }
          if (g !== g) {
            s.nanForNumber++;
            continue;
          }
          if (!Number.isFinite(x) || !Number.isFinite(h)) {
            if (g !== h) s.special++;
            continue;
          }
          if (g < rlo || g > rhi) s.outside++;
          if (main && row.unit === 'ulp' && g === 0 && Math.abs(h) > HALF_SUBNORMAL) s.flushed++;
          const diff = Math.abs(g - h - lo[i]);
          const err = row.unit === 'abs' ? diff * ABS_UNIT : row.unit === 'mixed' ? diff / (ulp64(h) + 2 ** -53 * SCALE[K.name](x, y)) : diff / ulp64(h);
          recordError(s, err, x, y, g, h);
        }
        if (!main) continue;
        if (K.shape === 'pair') s.partMismatch += differ(got, partOuts[build][row.k], set.distinct);
        if (entry.symmetry && !binary) {
          const gn = neg[build][row.k];
          for (const i of set.distinct) if (set.x[i] === set.x[i] && !Object.is(gn[i], entry.symmetry === 'odd' ? -got[i] : got[i])) s.symmetry++;
        }
        // Order: over the sorted points (binary: those at the row's target), and along the walks.
        if (entry.monotone === undefined || row.soft) continue;
        const sorted = binary ? idx.filter((i) => Number.isFinite(set.x[i])).sort((a, b) => set.x[a] - set.x[b]) : set.sorted;
        s.order += orderViolations(sorted, set.x, got, entry.monotone);
        if (binary) new Float64Array(memory.buffer, walk.y, W.length).fill(row.target);
        const wv = run(K, build, walk.x, walk.y, W.length)[row.k];
        let bad = 0;
        for (let w = 0; w < WALKS; w++) {
          for (let j = w * STEPS + 1; j < (w + 1) * STEPS; j++) {
            const a = wv[j - 1];
            const c = wv[j];
            if (entry.monotone === 1 ? c < a : entry.monotone === -1 ? c > a : W[j] <= 0 ? c < a : c > a) bad++;
          }
        }
        s.order += bad;
        if (build === 'simd') record.walks[row.row] = bad;
      }
      Object.assign(record.builds[build], { rows });
      const label = `${K.id} (${build})`;
      for (const row of K.rows) failures.push(...violations(`${label} ${row.row}`, rows[row.row], row, K.monotone));
    }
  }
  phases.check = since(t1);

  // ---- the plain JS loop, on the sigmoid's points ----
  let peers = null;
  const t2 = performance.now();
  if (args.peers) {
    const { loadPeers } = await import(join(ROOT, 'bench', 'peers.mjs'));
    const list = (await loadPeers(['plain-js'])).filter((p) => p.dtypes.includes('float64'));
    const res = {};
    for (const peer of list) {
      for (const [name, method] of [['sigmoid', 'sigmoid'], ['sigmoidDerivative', 'derivative']]) {
        const c = fixtures.columnOf(name, 0);
        if (!peer[method] || c === null) continue;
        const set = c.set;
        const entry = specOf.get(name);
        const got = await peer[method](set.x);
        const gn = await peer[method](set.x.map((v) => -v));
        const s = ((res[peer.name] ??= {})[name] = new Stats());
        for (const i of set.distinct) {
          const x = set.x[i];
          const g = got[i];
          const h = c.column.hi[i];
          s.count++;
          if (h !== h) {
            if (g === g) s.nanLost++;
            continue;
          }
          if (g !== g) {
            s.nanForNumber++;
            continue;
          }
          if (!Number.isFinite(x)) {
            if (g !== h) s.special++;
            continue;
          }
          if (g === 0 && Math.abs(h) > HALF_SUBNORMAL) s.flushed++;
          const [rlo, rhi] = entry.range ?? [-Infinity, Infinity];
          if (g < rlo || g > rhi) s.outside++;
          recordError(s, Math.abs(g - h - c.column.lo[i]) / ulp64(h), x, null, g, h);
        }
        s.order = orderViolations(set.sorted, set.x, got, entry.monotone);
        if (entry.symmetry) for (const i of set.distinct) if (set.x[i] === set.x[i] && !Object.is(gn[i], entry.symmetry === 'odd' ? -got[i] : got[i])) s.symmetry++;
      }
      await peer.dispose();
    }
    peers = { info: list.map((p) => ({ name: p.name, label: p.label, info: p.info })), from: `this run (Node ${process.version})`, results: res };
  } else if (existsSync(COMMITTED)) {
    const old = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    peers = old.peers?.results ? { ...old.peers, from: old.peers.from?.startsWith('this run') ? old.peers.from.replace('this run', 'carried over from a run') : old.peers.from } : null;
  }
  phases.peers = since(t2);
  phases.total = since(t0);

  const report = {
    type: 'float64',
    inputs: {
      points: fixtures.sets.map((s) => `${s.n} points (${s.distinct.length} distinct x) from ${s.file.slice(ROOT.length + 1)}`).join(', ') + ` (python3 scripts/reference.py --count ${args.count} --types f64 --sets sigmoid; --sets family --family-count ${args.familyCount}; seeded)`,
      walks: `${WALKS} dense walks of ${STEPS} consecutive float64 values for the order`,
    },
    reference: { against: 'mpmath at 200 bits, each value as a float64 pair hi + lo' },
    walks: { count: WALKS, steps: STEPS, description: `${WALKS} walks of ${STEPS} consecutive float64 values, starting at thresholds, at random magnitudes 1e-12 .. 1e3 of both signs, and in (0, 1); per kernel and row: ${Object.entries(results).flatMap(([id, k]) => Object.entries(k.walks).map(([row, v]) => `${id}${row === 'x' ? '' : ` ${row}`} ${v}`)).join(', ')}` },
    date: new Date().toISOString().slice(0, 10),
    environment: { node: process.version, v8: process.versions.v8, cpu: cpus()[0]?.model ?? 'unknown' },
    seconds: phases.total - phases.generate,
    generatedSeconds: phases.generate,
    kernels: results,
    relaxed: relaxed.run ? {} : { skipped: relaxed.error ?? relaxed.skipped },
    peers,
    run: { phases },
  };
  mkdirSync(dirname(args.json), { recursive: true });
  writeFileSync(args.json, JSON.stringify(report, null, 2) + '\n');
  if (args.write) {
    const committed = { ...report };
    delete committed.run;
    writeFileSync(COMMITTED, JSON.stringify(committed, null, 2) + '\n');
    writeReport(ROOT);
  }

  const rows = [['kernel', 'build', 'row', 'inputs', 'max error', 'bound', 'unit', 'at x', 'y', '>0.5', '>1', '>2', '>3', 'order', 'sym', 'range', 'NaN', 'flushed', 'Inf', 'pair!=part', 'vs simd']];
  for (const [id, k] of Object.entries(results)) {
    for (const [build, rec] of Object.entries(k.builds)) {
      if (rec.sameCodeAs) {
        rows.push([id, build, 'same code as simd', ...Array(18).fill('')]);
        continue;
      }
      if (build === 'scalar' && rec.compared !== undefined) {
        rows.push([id, build, '-', String(rec.compared), ...Array(16).fill(''), `${rec.mismatches} differ`]);
        continue;
      }
      for (const row of k.rows) {
        const s = rec.rows?.[row.row];
        if (!s) continue;
        rows.push([id, build, row.row, s.count, s.maxError.toFixed(4), row.bound, row.unit, fmt(s.maxX), s.maxY === null ? '-' : fmt(s.maxY), s.over05, s.over1, s.over2, s.over3, s.order, s.symmetry, s.outside, s.nanForNumber + s.nanLost, s.flushed, s.special, s.partMismatch, build === 'relaxed' ? `${rec.differs} of ${rec.compared} differ` : ''].map(String));
      }
    }
  }
  printTable(rows, 3);
  for (const [peer, fns] of Object.entries(peers?.results ?? {})) for (const [fn, s] of Object.entries(fns)) console.log(`${peer} ${fn}: max ${s.maxError.toExponential(3)} ULP at x = ${s.maxX}; >0.5: ${s.over05}; order ${s.order}; flushed ${s.flushed}`);
  console.log(`\nphases: generating the points ${phases.generate} s, the check ${phases.check} s, the peers ${phases.peers} s; ${phases.total} s in all, Node ${process.version}; results in ${args.json}${args.write ? `, ${COMMITTED} and ACCURACY.md` : ''}`);
  if (failures.length > 0) {
    console.error(`\nCONTRACT VIOLATED:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`numerical contract: met on every reference point, every build (${buildNames.join(', ')})`);
}

if (process.argv[1] === SCRIPT) await main();
