// npm run verify:f32 — every float32 input through the float32 kernels.
//
// All 2^32 bit patterns go through sigmoid, derivative and the fused kernel
// of every precision tier and build, on worker threads (one per core). The
// rows, each compared element by element with another build:
//   fast, SIMD build          = the scalar build, bitwise
//   accurate, SIMD build      = the scalar build, bitwise
//   fast, relaxed-SIMD build  vs the plain SIMD build: differences counted,
//                             not failed (fused multiply-add changes the last
//                             bits); its own figures are held to the bounds.
// The relaxed build needs an engine with relaxed SIMD (Node 22+); under the
// machine's Node 20 the script re-runs itself under Node 24 from
// `npm run engines` (common.mjs, relaxedHere). Without Node 24 the relaxed
// row is skipped locally, and is a failure under CI.
//
// Per kernel and row it reports the max ULP error and where, the counts over
// 0.5, 1 and 2 ULP, order violations (sigmoid non-decreasing, derivative
// non-increasing in |x|), asymmetry of the derivative, outputs outside
// [0, 1], NaN for non-NaN input (and the reverse), results flushed to 0 while
// the correctly rounded result is not, the exact results at +-0 and +-Inf,
// the build comparison and fused vs separate identity. Each row's contract
// (its ULP bounds, whether it is monotone) is the kernel registry's
// (src/registry.ts, read from dist/registry.js: run `npm run build` first);
// the fast tier's order violations are counted, not failed.
// The peers users would pick instead (bench/peers.mjs) are measured on the
// same inputs at a stated stride; with --no-peers their rows are carried over
// from the committed accuracy/f32.json.
//
// The reference: float64 evaluation of e = exp(-|x|), 1/(1+e), e/(1+e) and
// e/(1+e)^2. V8's Math.exp is fdlibm's (error < 1 float64 ULP), and the rest
// adds a few roundings of 2^-53: the reference is within about 2^-50 of the
// truth, 2^-27 of a float32 ULP. The script checks that claim on the 200-bit
// mpmath fixtures (test/fixtures/f32.bin) before it starts.
//
// The sigmoid family (issue 11: tanh, tanhDerivative, silu, siluDerivative,
// softplus, logSigmoid, logit, the logistic loss and its gradient) runs in the
// same pass, on the same blocks (family32.mjs): every float32 input through
// each unary kernel and through the loss and gradient with y = 0 and y = 1,
// and a sampled sweep of soft targets. Those kernels are the same in both
// tiers; they are measured on the SIMD build and compared bitwise with the
// scalar and relaxed-SIMD builds, and held to their registry bounds.
//
// Usage: node scripts/verify/f32.mjs [--stride S] [--sample K] [--no-peers] [--workers N] [--json FILE]
//                                    [--only sigmoid|family] [--soft-stride S]
//   --stride S  the peers see every S-th magnitude (default 64)
//   --sample K  a smoke run: every K-th block of 2^22 magnitudes, and the last
//               two (+Inf, the NaNs); writes test-output/f32-sample.json
//               unless --json is given
//   --only F    the sigmoid kernels only, or the family only (a partial run:
//               writes test-output/f32-<F>.json unless --json is given)
//   --soft-stride S  the soft-target sweep takes every S-th magnitude
//               (default 512), both signs, times 256 targets
// Exit code 1 if any bound of the numerical contract is exceeded.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

import { MEASURED, SPECIAL, Stats, accumulate, contractFor, invUlps32, kernelOptions, kindOf, ordinal, record, relaxedHere, subjectsFor, ulp32, violations } from './common.mjs';
import { FamilyStats, KEYS, SPECIAL_SLOTS, checkReference32, familyContract, familyViolations, openBuild, runSpecials } from './family.mjs';
import { SERIES_DIR, createFamily32 } from './family32.mjs';
import { writeReport } from './report.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const root = join(dirname(SCRIPT), '..', '..');
const HALF_SUBNORMAL = 2 ** -150;
const BLOCK = 1 << 22; // magnitudes per work unit
const CHUNK = 1 << 18; // elements per kernel call
const MAGNITUDES = 0x80000000; // bit patterns 0 .. 0x7fffffff (+0 .. +Inf, then NaNs)
const BLOCKS = MAGNITUDES / BLOCK;
const INF = 0x7f800000;
const FIRST_NAN = 0x7f800001;

/**
 * The output arrays of a build (s: sigmoid, d: derivative, v and g: the
 * fused kernel's value and derivative; pos/neg: the sign of x), the kernel
 * each belongs to, the separate kernel's array it must equal, and the
 * direction of the order check as |x| grows (+1: must not decrease, the
 * sigmoid for x > 0; -1: must not increase, the sigmoid for x < 0 and the
 * derivative).
 */
const OUTPUTS = [
  { name: 'spos', kernel: 'sigmoid', separate: 'spos', dir: 1 },
  { name: 'sneg', kernel: 'sigmoid', separate: 'sneg', dir: -1 },
  { name: 'dpos', kernel: 'derivative', separate: 'dpos', dir: -1 },
  { name: 'dneg', kernel: 'derivative', separate: 'dneg', dir: -1 },
  { name: 'vpos', kernel: 'fusedValue', separate: 'spos', dir: 1 },
  { name: 'vneg', kernel: 'fusedValue', separate: 'sneg', dir: -1 },
  { name: 'gpos', kernel: 'fusedDerivative', separate: 'dpos', dir: -1 },
  { name: 'gneg', kernel: 'fusedDerivative', separate: 'dneg', dir: -1 },
];
const DIRECTION = Object.fromEntries(OUTPUTS.map((o) => [o.name, o.dir]));

function parseArgs(argv) {
  const args = { stride: 64, sample: 1, peers: true, workers: Math.max(1, Math.min(availableParallelism(), 8)), json: '', only: '', softStride: 512 };
  const usage = 'usage: node scripts/verify/f32.mjs [--stride S] [--sample K] [--no-peers] [--workers N] [--json FILE] [--only sigmoid|family] [--soft-stride S]';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--stride') args.stride = Number(argv[++i]);
    else if (a === '--sample') args.sample = Number(argv[++i]);
    else if (a === '--no-peers') args.peers = false;
    else if (a === '--workers') args.workers = Number(argv[++i]);
    else if (a === '--json') args.json = argv[++i] ?? '';
    else if (a === '--only') args.only = argv[++i] ?? '';
    else if (a === '--soft-stride') args.softStride = Number(argv[++i]);
    else if (a === '--help') {
      console.log(usage);
      process.exit(0);
    } else {
      console.error(`verify:f32: unknown argument ${a} (${usage})`);
      process.exit(2);
    }
  }
  for (const key of ['stride', 'sample', 'workers', 'softStride']) {
    if (!Number.isInteger(args[key]) || args[key] < 1) throw new RangeError(`--${key} must be a positive integer`);
  }
  if (BLOCK % args.softStride !== 0) throw new RangeError(`--soft-stride must divide ${BLOCK}`);
  if (args.only !== '' && args.only !== 'sigmoid' && args.only !== 'family') throw new RangeError('--only must be sigmoid or family');
  args.sigmoid = args.only !== 'family';
  args.family = args.only !== 'sigmoid';
  if (!args.sigmoid) args.peers = false;
  args.json ||= join(root, ...(args.sample > 1 ? ['test-output', 'f32-sample.json'] : args.only ? ['test-output', `f32-${args.only}.json`] : ['accuracy', 'f32.json']));
  return args;
}

/** Checks the float64 reference against the 200-bit mpmath fixtures. */
function checkReference() {
  const bytes = readFileSync(join(root, 'test', 'fixtures', 'f32.bin'));
  const rows = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  let worst = 0;
  for (let i = 0; i < rows.length; i += 5) {
    const x = rows[i];
    if (!Number.isFinite(x)) continue;
    const e = Math.exp(-Math.abs(x));
    const ope = 1 + e;
    const s = x > 0 ? 1 / ope : e / ope;
    const d = e / (ope * ope);
    for (const [got, hi, lo] of [[s, rows[i + 1], rows[i + 2]], [d, rows[i + 3], rows[i + 4]]]) {
      const truth = hi + lo;
      if (truth === 0) continue;
      worst = Math.max(worst, Math.abs((got - hi - lo) / truth));
    }
  }
  return worst;
}

/** The blocks a run sweeps: all of them, or every `sample`-th and the last two (+Inf, the NaNs). */
function blocksFor(sample) {
  return Array.from({ length: BLOCKS }, (_, i) => i).filter((i) => i % sample === 0 || i >= BLOCKS - 2);
}

/** The peers' rows of the committed results, for a run with --no-peers. */
function committedPeers() {
  const file = join(root, 'accuracy', 'f32.json');
  const old = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  const results = {};
  for (const [subject, kernels] of Object.entries(old?.results ?? {})) {
    if (!subject.startsWith('sigmoid-wasm')) results[subject] = Object.fromEntries(Object.entries(kernels).map(([k, s]) => [k, Stats.from(s)]));
  }
  return {
    info: old?.peers ?? [],
    // Results from before peerStride was recorded name the stride in `inputs` only.
    stride: old?.peerStride ?? Number(/every (\d+)[a-z]{2} magnitude/.exec(old?.inputs ?? '')?.[1] ?? 64),
    from: old?.peersFrom && old.peersFrom !== 'this run' ? old.peersFrom : `carried over from an earlier run on Node ${old?.environment?.node ?? '?'}`,
    results,
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const { kernelFor } = await import(join(root, 'dist', 'registry.js'));
  const { relaxedSimdSupported } = await import(join(root, 'dist', 'index.js'));
  const relaxed = relaxedHere(SCRIPT, relaxedSimdSupported()); // re-runs the script under Node 24 if need be
  const failures = [];
  if (relaxed.error) failures.push(relaxed.error);
  if (relaxed.skipped) console.log(`relaxed-SIMD build skipped: ${relaxed.skipped}`);

  const refError = checkReference();
  console.log(`reference: float64 formulas agree with the 200-bit mpmath fixtures within ${(refError / 2 ** -53).toFixed(2)} x 2^-53 relative (${(refError / 2 ** -24).toExponential(2)} float32 ULP at most)`);
  if (refError > 2 ** -48) throw new Error('the float64 reference is not accurate enough to judge float32 results');

  // Every row, with its contract from the registry; `skipped` says why a row did not run.
  const all = args.sigmoid ? subjectsFor('float32').map((spec) => ({ ...spec, kernels: contractFor(kernelFor, spec.precision, 'float32'), skipped: /** @type {string | undefined} */ (undefined) })) : [];
  const subjects = all.filter((s) => relaxed.run || s.build !== 'relaxed');
  for (const s of all) if (!subjects.includes(s)) s.skipped = relaxed.error ?? relaxed.skipped;
  const family = args.family ? await familySetup(relaxed) : null;
  if (family) args.familyBuilds = family.builds;
  console.log(`rows: ${[...subjects.map((s) => `${s.label} (${s.build} vs ${s.against})`), ...(family ? [`family (${family.builds.join(' = ')})`] : [])].join('; ')}; ${args.peers ? 'peers at stride ' + args.stride : 'no peers'}; Node ${process.version}`);
  const { merged, peerInfo, familyMerged } = await sweep(subjects, args);
  if (family) for (const [key, lines] of Object.entries(family.specialsWrong)) familyMerged[key].special += lines.length;

  // The peers' rows: from this run, or (--no-peers) from the committed results.
  let peers = { info: peerInfo ?? [], stride: args.stride, from: 'this run' };
  if (!args.peers && args.sigmoid) {
    peers = committedPeers();
    Object.assign(merged, peers.results);
  }

  const seconds = (performance.now() - started) / 1000;
  const environment = { node: process.version, v8: process.versions.v8, cpu: cpus()[0]?.model ?? 'unknown' };
  const ours = args.sample > 1 ? `every ${ordinal(args.sample)} block of 2^22 magnitudes and the last two (+Inf, NaN), both signs: a sample` : 'all 2^32 float32 bit patterns';
  const report = {
    type: 'float32',
    date: new Date().toISOString().slice(0, 10),
    inputs: `${ours} (this package); every ${ordinal(peers.stride)} magnitude, both signs, for the peers${peers.from === 'this run' ? '' : ` (${peers.from})`}`,
    reference: `float64 evaluation, within ${(refError / 2 ** -53).toFixed(2)} x 2^-53 of mpmath on the fixtures`,
    seconds,
    workers: args.workers,
    sample: args.sample,
    environment,
    subjects: Object.fromEntries(all.map(({ subject, ...rest }) => [subject, { ...rest, ...(rest.skipped ? {} : { engine: environment }) }])),
    peers: peers.info,
    peerStride: peers.stride,
    peersFrom: peers.from,
    results: Object.fromEntries(Object.entries(merged).map(([subject, kernels]) => [subject, Object.fromEntries(Object.entries(kernels).map(([k, s]) => [k, { ...s }]))])),
    ...(family
      ? {
          family: {
            builds: family.builds,
            skipped: family.skipped,
            inputs: `${args.sample > 1 ? `every ${ordinal(args.sample)} block of 2^22 magnitudes and the last two, both signs (a sample)` : 'all 2^32 float32 bit patterns'}; the loss and its gradient with y = 0 and y = 1 on the same x, and with ${family.softTargets} soft targets in (0, 1), and the four float32 targets nearest sigmoid(x) (where the gradient cancels), on every ${ordinal(args.softStride)} magnitude of those, both signs`,
            softStride: args.softStride,
            softTargets: family.softTargets,
            reference: family.reference,
            specialsWrong: family.specialsWrong,
            contract: family.contract,
            results: Object.fromEntries(Object.entries(familyMerged).map(([k, s]) => [k, { ...s }])),
          },
        }
      : {}),
  };
  mkdirSync(dirname(args.json), { recursive: true });
  writeFileSync(args.json, JSON.stringify(report, null, 2) + '\n');
  writeReport(root);

  for (const spec of subjects) {
    for (const kernel of MEASURED) failures.push(...violations(`${spec.label} (${spec.build}) ${kernel}`, merged[spec.subject][kernel], spec.kernels[kernel], spec.mustMatch));
  }
  if (family) {
    for (const key of KEYS) failures.push(...familyViolations('float32', key, familyMerged[key], family.contract[key]));
    for (const lines of Object.values(family.specialsWrong)) failures.push(...lines.map((l) => `float32 special value: ${l}`));
  }
  if (args.sigmoid) printTable(merged, all);
  if (family) printFamily(familyMerged, family);
  console.log(`\n${seconds.toFixed(0)} s on ${args.workers} workers, Node ${process.version}; results in ${args.json}`);
  if (failures.length > 0) {
    console.error(`\nCONTRACT VIOLATED:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  const rows = subjects.map((s) => `${s.label} (${s.build}${s.mustMatch ? ` = ${s.against}` : ''})`);
  if (family) rows.push(`the family (${family.builds.join(' = ')})`);
  console.log(`numerical contract: met for every float32 input${args.sample > 1 ? ' of the sample' : ''}: ${rows.join('; ')}`);
}

/**
 * The family's contract (registry bounds by symbol), the check of its float64
 * reference against the mpmath fixtures, and its exact special values on
 * every build (run here, once: they need no sweep).
 */
async function familySetup(relaxed) {
  const registry = await import(join(root, 'dist', 'registry.js'));
  const contract = familyContract(registry, 'float32');
  const reference = checkReference32(root);
  const per = Object.entries(reference.perFunction).map(([fn, v]) => `${fn} ${v.toFixed(2)}`).join(', ');
  console.log(`family reference: float64 formulas against the 200-bit mpmath fixtures (test/fixtures/family-f32.bin), worst error in units of 2^-53: ${per}`);
  if (!(reference.worst <= 32)) throw new Error('the family\'s float64 reference is not within 2^-48 of mpmath: not accurate enough to judge float32 results');
  const builds = ['simd', 'scalar', ...(relaxed.run ? ['relaxed'] : [])];
  const specialsWrong = {};
  for (const build of builds) {
    const b = await openBuild(root, build, { sx: [Float32Array, SPECIAL_SLOTS], sy: [Float32Array, SPECIAL_SLOTS], so: [Float32Array, SPECIAL_SLOTS] });
    for (const [key, lines] of Object.entries(runSpecials(b, 'float32', Math.fround))) (specialsWrong[key] ??= []).push(...lines.map((l) => `${build}: ${l}`));
  }
  const sources = [...new Set(Object.values(contract).map((c) => c.source.startsWith('registry') ? 'registry' : c.source))];
  console.log(`family bounds from: ${sources.join('; ')}`);
  const { softTargets } = await import('./family32.mjs');
  return { contract, reference, builds, specialsWrong, softTargets: softTargets().length, skipped: relaxed.run ? undefined : relaxed.error ?? relaxed.skipped };
}

function printFamily(results, family) {
  const rows = [['family (float32)', 'inputs', 'max err', 'bound', 'unit', 'at x', 'y', '>0.5', '>1', '>2', '>3', 'order', 'sym', 'range', 'NaN', 'flushed', 'special', 'scalar!=', 'relaxed!=']];
  for (const [key, s] of Object.entries(results)) {
    const c = family.contract[key];
    rows.push([key, s.count, s.maxUlp.toFixed(4), c.bound, c.unit, String(s.maxX), String(s.maxY ?? '-'), s.over05, s.over1, s.over2, s.over3, s.monotone, s.symmetry, s.outside, s.nanForNumber + s.nanLost, s.flushed, s.special, s.buildMismatch, s.relaxedMismatch].map(String));
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((v, c) => (c < 1 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  '));
  for (const lines of Object.values(family.specialsWrong)) for (const l of lines) console.log(`  special value wrong: ${l}`);
}

/**
 * One pass over the inputs on `args.workers` worker threads, for the given
 * rows (and the peers, with args.peers). Returns the merged statistics per
 * row and kernel, with the order checked across the edges of the blocks.
 */
async function sweep(subjects, args) {
  const started = performance.now();
  const blocks = blocksFor(args.sample);
  const results = new Map();
  let next = 0;
  let peerInfo = null;
  const workers = Math.min(args.workers, blocks.length);
  await new Promise((resolve, reject) => {
    let exited = 0;
    for (let w = 0; w < workers; w++) {
      const worker = new Worker(SCRIPT, { workerData: { subjects, stride: args.stride, peers: args.peers, sigmoid: args.sigmoid, familyBuilds: args.family ? args.familyBuilds : null, softStride: args.softStride } });
      const give = () => worker.postMessage(next < blocks.length ? blocks[next++] : -1);
      worker.on('message', (m) => {
        if (m.ready) {
          peerInfo ??= m.peerInfo;
          give();
          return;
        }
        results.set(m.index, m);
        if (results.size % 32 === 0) process.stderr.write(`  ${results.size}/${blocks.length} blocks, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
        give();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`worker exited with ${code}`));
        else if (++exited === workers) {
          if (results.size === blocks.length) resolve(undefined);
          else reject(new Error(`${blocks.length - results.size} blocks lost`));
        }
      });
    }
  });

  // Merge, then check the order across the edges of adjacent blocks.
  const merged = {};
  const ordered = blocks.map((b) => results.get(b));
  for (const r of ordered) {
    for (const [subject, kernels] of Object.entries(r.stats)) {
      merged[subject] ??= {};
      for (const [kernel, s] of Object.entries(kernels)) merged[subject][kernel] = (merged[subject][kernel] ?? new Stats()).merge(Stats.from(s));
    }
  }
  for (let j = 1; j < ordered.length; j++) {
    const prev = ordered[j - 1];
    const cur = ordered[j];
    if (cur.index !== prev.index + 1) continue;
    for (const [subject, series] of Object.entries(cur.edges)) {
      for (const [name, edge] of Object.entries(series)) {
        const before = prev.edges[subject]?.[name];
        if (before === undefined) continue;
        if (DIRECTION[name] > 0 ? edge.first < before.last : edge.first > before.last) merged[subject][edge.kernel].monotone++;
      }
    }
  }
  // The family: merge, and its order across block edges.
  let familyMerged = null;
  if (args.family) {
    familyMerged = Object.fromEntries(KEYS.map((k) => [k, new FamilyStats()]));
    for (const r of ordered) for (const [key, s] of Object.entries(r.family.stats)) familyMerged[key].merge(FamilyStats.from(s));
    for (let j = 1; j < ordered.length; j++) {
      const prev = ordered[j - 1].family.edges;
      const cur = ordered[j].family.edges;
      if (ordered[j].index !== ordered[j - 1].index + 1) continue;
      for (const [name, edge] of Object.entries(cur)) {
        const before = prev[name];
        if (before === undefined) continue;
        if (SERIES_DIR[name] > 0 ? edge.first < before.last : edge.first > before.last) familyMerged[edge.key].monotone++;
      }
    }
  }
  return { merged, peerInfo, familyMerged };
}

function printTable(merged, subjects) {
  const label = Object.fromEntries(subjects.map((s) => [s.subject, `${s.label} (${s.build})`]));
  const rows = [['row', 'kernel', 'inputs', 'max ULP', 'at x', '>0.5', '>1', '>2', '>3', 'order', 'sym', 'out[0,1]', 'NaN', 'flushed', 'special', 'vs build', 'fused!=sep']];
  for (const [subject, kernels] of Object.entries(merged)) {
    for (const [kernel, s] of Object.entries(kernels)) {
      rows.push([label[subject] ?? subject, kernel, s.count, s.maxUlp.toFixed(4), String(s.maxX), s.over05, s.over1, s.over2, s.over3, s.monotone, s.symmetry, s.outside01, s.nanForNumber + s.nanLost, s.flushed, s.special, s.buildMismatch, s.fusedMismatch].map(String));
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((v, c) => (c < 2 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  '));
  for (const s of subjects) if (s.skipped) console.log(`${s.label} (${s.build}): not run: ${s.skipped}`);
  console.log(`"vs build": outputs that differ from the compared build (${subjects.map((s) => `${s.label}: ${s.build} vs ${s.against}${s.mustMatch ? ', must be 0' : ', counted only'}`).join('; ')})`);
}

// ---- worker -------------------------------------------------------------------

/** The bytes of a typed array, as a Buffer (no copy): Buffer.compare runs memcmp on them. */
const bytes = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const SPAN = 1024; // elements compared by one memcmp before looking closer

/**
 * Elements where two float32 outputs differ bitwise, any NaN matching any NaN
 * (wasm leaves NaN bits unspecified): `ua`, `ub` their bits, `fa`, `fb` their
 * values, first `n` elements. Equal bytes, the usual case, cost one memcmp;
 * where they differ (the relaxed build, in a few places), spans of SPAN
 * elements are compared by memcmp first and only the differing spans
 * element by element.
 */
function differ(ua, ub, fa, fb, n) {
  const a = bytes(ua);
  const b = bytes(ub);
  if (a.compare(b, 0, 4 * n, 0, 4 * n) === 0) return 0;
  let count = 0;
  for (let lo = 0; lo < n; lo += SPAN) {
    const hi = Math.min(n, lo + SPAN);
    if (a.compare(b, 4 * lo, 4 * hi, 4 * lo, 4 * hi) === 0) continue;
    for (let i = lo; i < hi; i++) if (ua[i] !== ub[i] && !(fa[i] !== fa[i] && fb[i] !== fb[i])) count++;
  }
  return count;
}

/** Order violations inside values[0 .. count): dir > 0 must not decrease, dir < 0 must not increase. */
function ordered(values, count, dir) {
  let bad = 0;
  if (dir > 0) {
    for (let i = 1; i < count; i++) if (values[i] < values[i - 1]) bad++;
  } else {
    for (let i = 1; i < count; i++) if (values[i] > values[i - 1]) bad++;
  }
  return bad;
}

/**
 * The order across the edge with the chunk before (0 or 1 violation), and
 * the series' first and last value of the block, kept for the check across
 * block edges (sweep).
 */
function across(edges, name, kernel, values, count) {
  if (count === 0) return 0;
  const edge = edges[name];
  edges[name] = { kernel, first: edge ? edge.first : values[0], last: values[count - 1] };
  if (!edge) return 0;
  return (DIRECTION[name] > 0 ? values[0] < edge.last : values[0] > edge.last) ? 1 : 0;
}

/** Counts the order violations of one series in a chunk (`count` values, in order of growing |x|). */
function track(stats, edges, name, kernel, values, count) {
  stats.monotone += ordered(values, count, DIRECTION[name]) + across(edges, name, kernel, values, count);
}

async function worker() {
  const { createKernel } = await import(join(root, 'dist', 'index.js'));
  const { subjects, stride, sigmoid: sigmoidOn, familyBuilds, softStride } = workerData;
  const peers = workerData.peers ? await (await import(join(root, 'bench', 'peers.mjs'))).loadPeers() : [];

  // The inputs and the reference values of one chunk, shared by every build and row.
  const bitsPos = new Uint32Array(CHUNK);
  const bitsNeg = new Uint32Array(CHUNK);
  const xPos = new Float32Array(bitsPos.buffer);
  const xNeg = new Float32Array(bitsNeg.buffer);
  const refSPos = new Float64Array(CHUNK);
  const refSNeg = new Float64Array(CHUNK);
  const refD = new Float64Array(CHUNK);
  const E = new Float64Array(CHUNK); // e^-|x|, shared with the family's reference
  // 1 / ULP of each reference value (exact: a power of two).
  const invSPos = new Float64Array(CHUNK);
  const invSNeg = new Float64Array(CHUNK);
  const invD = new Float64Array(CHUNK);

  /**
   * One build of one tier: a kernel and wasm-resident arrays (the kernels run
   * on them with no copies), x of both signs and the OUTPUTS; run() fills them
   * for the chunk's first n inputs, as float32 (f) and as bits (u).
   */
  const instance = (precision, build) => {
    const kernel = createKernel(kernelOptions(precision, build));
    if ((build === 'relaxed') !== kernel.relaxed || (build === 'scalar') === kernel.simd || kernel.precision !== precision) {
      throw new Error(`createKernel gave ${kernel.precision} simd=${kernel.simd} relaxed=${kernel.relaxed}, not ${precision} ${build}`);
    }
    const alloc = () => kernel.allocFloat32(CHUNK);
    const xs = { pos: alloc(), neg: alloc() };
    const outs = Object.fromEntries(OUTPUTS.map((o) => [o.name, alloc()]));
    const self = { f: {}, u: {} };
    self.run = (n) => {
      const view = (w) => w.array.subarray(0, n);
      xs.pos.array.set(xPos.subarray(0, n));
      xs.neg.array.set(xNeg.subarray(0, n));
      for (const sign of ['pos', 'neg']) {
        const x = view(xs[sign]);
        kernel.sigmoid(x, view(outs[`s${sign}`]));
        kernel.sigmoidDerivative(x, view(outs[`d${sign}`]));
        kernel.sigmoidWithDerivative(x, view(outs[`v${sign}`]), view(outs[`g${sign}`]));
      }
      for (const [name, w] of Object.entries(outs)) {
        self.f[name] = view(w);
        self.u[name] = new Uint32Array(w.array.buffer, w.array.byteOffset, n);
      }
    };
    return self;
  };
  // One instance per tier and build, shared by the rows that use it (fast SIMD: its own row and the relaxed row's comparison).
  const instances = new Map();
  const get = (precision, build) => {
    const key = `${precision}/${build}`;
    if (!instances.has(key)) instances.set(key, instance(precision, build));
    return instances.get(key);
  };
  const rows = subjects.map((spec) => ({ spec, main: get(spec.precision, spec.build), other: get(spec.precision, spec.against) }));
  const family = familyBuilds ? await createFamily32(root, { block: BLOCK, softStride, builds: familyBuilds }) : null;

  parentPort.postMessage({ ready: true, peerInfo: peers.map((p) => ({ name: p.name, label: p.label, info: p.info })) });
  parentPort.on('message', async (index) => {
    if (index < 0) {
      for (const p of peers) await p.dispose();
      process.exit(0);
    }
    parentPort.postMessage(await block(index));
  });

  async function block(index) {
    const lo = index * BLOCK;
    const hi = Math.min(lo + BLOCK, MAGNITUDES);
    const stats = {};
    const edges = {};
    for (const { spec } of rows) {
      stats[spec.subject] = Object.fromEntries(MEASURED.map((k) => [k, new Stats()]));
      edges[spec.subject] = {};
    }

    for (let b = lo; b < hi; b += CHUNK) {
      const n = Math.min(CHUNK, hi - b);
      for (let i = 0; i < n; i++) {
        bitsPos[i] = b + i;
        bitsNeg[i] = (b + i) | 0x80000000;
      }
      if (family) family.chunk(b, n, xPos, xNeg, E);
      if (!sigmoidOn) continue;
      for (let i = 0; i < n; i++) {
        const e = family ? E[i] : Math.exp(-xPos[i]);
        const ope = 1 + e;
        const sp = 1 / ope;
        const sn = e / ope;
        const d = e / (ope * ope);
        refSPos[i] = sp;
        refSNeg[i] = sn;
        refD[i] = d;
      }
      invUlps32(refSPos, invSPos, n);
      invUlps32(refSNeg, invSNeg, n);
      invUlps32(refD, invD, n);
      const finite = Math.max(0, Math.min(n, FIRST_NAN - b)); // elements with a non-NaN x
      for (const inst of instances.values()) inst.run(n);
      for (const { spec, main, other } of rows) {
        const S = stats[spec.subject];
        const same = checkRow(S, main, other, n, finite);
        // Order: a fused output equal to the separate one has its violations inside the chunk.
        const inside = {};
        for (const o of OUTPUTS) {
          const values = main.f[o.name];
          const bad = same[o.name] ? inside[o.separate] : (inside[o.name] = ordered(values, finite, o.dir));
          S[o.kernel].monotone += bad + across(edges[spec.subject], o.name, o.kernel, values, finite);
        }
        // +-0 and +-Inf: exact results, bitwise.
        for (const m of [0, INF]) {
          if (m < b || m >= b + n) continue;
          for (const o of OUTPUTS) {
            const x = o.name.endsWith('pos') ? xPos[m - b] : xNeg[m - b];
            const want = SPECIAL[kindOf(o.kernel)].find(([v]) => Object.is(v, x))[1];
            if (!Object.is(main.f[o.name][m - b], want)) S[o.kernel].special++;
          }
        }
      }

      // Peers: every `stride`-th magnitude of this chunk, both signs.
      if (peers.length > 0) {
        const first = Math.ceil((b - lo) / stride) * stride + lo;
        const m = first < b + n ? Math.ceil((b + n - first) / stride) : 0;
        if (m > 0) await peerChunk(first, m);
      }
    }
    if (family) family.soft(lo, hi);
    return { index, stats, edges, family: family ? family.take() : null };

    /**
     * One row on one chunk: the errors of its build, the comparison with the
     * other build, fused vs separate, and the derivative's symmetry. Where the
     * fused outputs equal the separate ones bitwise (the contract), their
     * errors are the same numbers, so they are recorded once and counted for
     * both; likewise the derivative at -x where it equals the one at +x.
     */
    function checkRow(S, main, other, n, finite) {
      const { f, u } = main;
      const same = {}; // fused output -> bitwise equal to the separate kernel's in this chunk
      for (const o of OUTPUTS) {
        S[o.kernel].buildMismatch += differ(u[o.name], other.u[o.name], f[o.name], other.f[o.name], n);
        if (o.name === o.separate) continue;
        const d = differ(u[o.name], u[o.separate], f[o.name], f[o.separate], n);
        S[o.kernel].fusedMismatch += d;
        same[o.name] = d === 0;
      }
      // The derivative exactly symmetric: s'(-x) === s'(x), bitwise, for every non-NaN x.
      const asymmetric = (p, q) => {
        if (bytes(p).compare(bytes(q), 0, 4 * finite, 0, 4 * finite) === 0) return 0;
        let bad = 0;
        for (let i = 0; i < finite; i++) if (p[i] !== q[i]) bad++;
        return bad;
      };
      const dAsym = asymmetric(u.dpos, u.dneg);
      S.derivative.symmetry += dAsym;
      S.fusedDerivative.symmetry += asymmetric(u.gpos, u.gneg);

      const sigmoid = new Stats();
      const derivative = new Stats();
      accumulate(sigmoid, f.spos, refSPos, invSPos, n, finite, xPos, 1, HALF_SUBNORMAL);
      accumulate(sigmoid, f.sneg, refSNeg, invSNeg, n, finite, xPos, -1, HALF_SUBNORMAL);
      accumulate(derivative, f.dpos, refD, invD, n, finite, xPos, 1, HALF_SUBNORMAL);
      // At -x: the same figures where s'(-x) = s'(x) bitwise (then "at x" is |x|).
      if (dAsym === 0 && finite === n) derivative.merge(derivative.copy());
      else accumulate(derivative, f.dneg, refD, invD, n, finite, xPos, -1, HALF_SUBNORMAL);
      S.sigmoid.merge(sigmoid);
      S.derivative.merge(derivative);

      if (same.vpos && same.vneg) S.fusedValue.merge(sigmoid);
      else {
        accumulate(S.fusedValue, f.vpos, refSPos, invSPos, n, finite, xPos, 1, HALF_SUBNORMAL);
        accumulate(S.fusedValue, f.vneg, refSNeg, invSNeg, n, finite, xPos, -1, HALF_SUBNORMAL);
      }
      if (same.gpos && same.gneg) S.fusedDerivative.merge(derivative);
      else {
        accumulate(S.fusedDerivative, f.gpos, refD, invD, n, finite, xPos, 1, HALF_SUBNORMAL);
        accumulate(S.fusedDerivative, f.gneg, refD, invD, n, finite, xPos, -1, HALF_SUBNORMAL);
      }
      return same;
    }

    async function peerChunk(first, m) {
      const bits = new Uint32Array(2 * m);
      for (let j = 0; j < m; j++) {
        bits[j] = first + j * stride;
        bits[m + j] = (first + j * stride) | 0x80000000;
      }
      const x = new Float32Array(bits.buffer);
      const finite = bits.subarray(0, m).filter((v) => v < FIRST_NAN).length;
      for (const peer of peers) {
        stats[peer.name] ??= { sigmoid: new Stats(), ...(peer.derivative ? { derivative: new Stats() } : {}) };
        edges[peer.name] ??= {};
        const ps = stats[peer.name];
        const s = await peer.sigmoid(x);
        const d = peer.derivative ? await peer.derivative(x) : null;
        for (let j = 0; j < 2 * m; j++) {
          const xv = x[j];
          const e = Math.exp(-Math.abs(xv));
          const ope = 1 + e;
          record(ps.sigmoid, xv, s[j], xv > 0 ? 1 / ope : e / ope, ulp32, HALF_SUBNORMAL);
          if (d) record(ps.derivative, xv, d[j], e / (ope * ope), ulp32, HALF_SUBNORMAL);
        }
        track(ps.sigmoid, edges[peer.name], 'spos', 'sigmoid', s.subarray(0, m), finite);
        track(ps.sigmoid, edges[peer.name], 'sneg', 'sigmoid', s.subarray(m), finite);
        if (d) {
          track(ps.derivative, edges[peer.name], 'dpos', 'derivative', d.subarray(0, m), finite);
          track(ps.derivative, edges[peer.name], 'dneg', 'derivative', d.subarray(m), finite);
          for (let j = 0; j < finite; j++) if (!Object.is(d[j], d[m + j])) ps.derivative.symmetry++;
        }
      }
    }
  }
}

// Last, so that every constant above is initialised when they run.
if (isMainThread) await main();
else await worker();
