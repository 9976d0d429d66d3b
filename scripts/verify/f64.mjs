// npm run verify:f64 — the float64 kernels against a 200-bit reference.
//
// The reference points come from scripts/reference.py (mpmath, 200 bits;
// uniform, log-spaced and threshold regions, both signs, subnormal results,
// the neighbours of every saturation and underflow point): at least 1,000,000
// of them, generated into .cache/reference/ on first use (about a minute; the
// committed test-sized subset is test/fixtures/f64.bin). Each true value is
// held as hi + lo, so ULP errors are exact to many digits.
//
// The rows, as in verify:f32: the fast and the accurate tier on the SIMD
// build, each compared bitwise with the scalar build, and the fast tier on
// the relaxed-SIMD build, compared bitwise with the SIMD build (the float64
// kernels use no relaxed operation, so the two must agree). Relaxed SIMD
// needs Node 22+: under the machine's Node 20 the script re-runs itself
// under Node 24 (common.mjs, relaxedHere); without Node 24 the relaxed row
// is skipped locally and is a failure under CI.
//
// Per kernel and row: max ULP error and where, counts over 0.5, 1 and 2 ULP,
// order violations over the sorted points and over dense walks of consecutive
// float64 values, symmetry of the derivative, outputs outside [0, 1], NaN
// handling, flushing, the exact results at +-0 and +-Inf, the build
// comparison and fused vs separate identity. Each row's bounds, and whether
// it must be monotone, are the kernel registry's (dist/registry.js); the fast
// tier's order violations are counted, not failed. The plain JS loop is
// measured on the same points (the other peers have no float64 sigmoid).
//
// The sigmoid family (issue 11; family64.mjs): the float64 kernels of tanh,
// tanhDerivative, silu, siluDerivative, softplus, logSigmoid, logit, the
// logistic loss and its gradient on their own mpmath points (scripts/
// reference.py --sets family: thresholds of each function and their
// neighbours, logit's [0, 1], targets 0, 1 and soft ones, the gradient's
// cancellation), generated into .cache/reference/family-<count>/ on first use,
// on the SIMD build, compared bitwise with the scalar and relaxed-SIMD builds;
// dense walks for the order, the exact special values, tanh's symmetry.
//
// Usage: node scripts/verify/f64.mjs [--count N] [--family-count M] [--no-family] [--no-peers] [--json FILE]
// Exit code 1 if any bound of the numerical contract is exceeded.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { MEASURED, SPECIAL, Stats, contractFor, kernelOptions, kindOf, record, relaxedHere, same, subjectsFor, ulp64, violations } from './common.mjs';
import { KEYS, familyContract, familyViolations } from './family.mjs';
import { checkFamily64 } from './family64.mjs';
import { writeReport } from './report.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const root = join(dirname(SCRIPT), '..', '..');
const HALF_SUBNORMAL = 2 ** -1075;
const MIN_POINTS = 1_000_000;
const DEFAULT_COUNT = 350_000;
const DEFAULT_FAMILY_COUNT = 40_000;

const usage = 'usage: node scripts/verify/f64.mjs [--count N] [--family-count M] [--no-family] [--no-peers] [--json FILE]';
const args = { count: DEFAULT_COUNT, familyCount: DEFAULT_FAMILY_COUNT, family: true, peers: true, json: join(root, 'accuracy', 'f64.json') };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--count') args.count = Number(argv[++i]);
  else if (a === '--no-peers') args.peers = false;
  else if (a === '--family-count') args.familyCount = Number(argv[++i]);
  else if (a === '--no-family') args.family = false;
  else if (a === '--json') args.json = argv[++i] ?? args.json;
  else {
    console.error(`verify:f64: unknown argument ${a} (${usage})`);
    process.exit(2);
  }
}
if (!Number.isInteger(args.count) || args.count < 1) throw new RangeError('--count must be a positive integer');
if (!Number.isInteger(args.familyCount) || args.familyCount < 1) throw new RangeError('--family-count must be a positive integer');

const { kernelFor } = await import(join(root, 'dist', 'registry.js'));
const { createKernel, relaxedSimdSupported } = await import(join(root, 'dist', 'index.js'));
const relaxed = relaxedHere(SCRIPT, relaxedSimdSupported()); // re-runs the script under Node 24 if need be
const failures = [];
if (relaxed.error) failures.push(relaxed.error);
if (relaxed.skipped) console.log(`relaxed-SIMD build skipped: ${relaxed.skipped}`);

const cacheDir = join(root, '.cache', 'reference', String(args.count));
const file = join(cacheDir, 'f64.bin');
if (!existsSync(file)) {
  const cmd = ['scripts/reference.py', '--count', String(args.count), '--types', 'f64', '--out', cacheDir];
  console.log(`generating the reference: python3 ${cmd.join(' ')}`);
  execFileSync('python3', cmd, { cwd: root, stdio: 'inherit' });
}
const bytes = readFileSync(file);
const rows = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
const n = rows.length / 5;
const col = (c) => Float64Array.from({ length: n }, (_, i) => rows[5 * i + c]);
const x = col(0);
const sHi = col(1), sLo = col(2), dHi = col(3), dLo = col(4);
console.log(`${n} reference points (200-bit mpmath) from ${file}`);
const started = performance.now(); // the check's own time, without generating the reference
if (n < MIN_POINTS && args.count === DEFAULT_COUNT) throw new Error(`expected at least ${MIN_POINTS} points`);

// Every row, with its contract from the registry; `skipped` says why a row did not run.
const all = subjectsFor('float64').map((spec) => ({ ...spec, kernels: contractFor(kernelFor, spec.precision, 'float64'), skipped: /** @type {string | undefined} */ (undefined) }));
const subjects = all.filter((s) => relaxed.run || s.build !== 'relaxed');
for (const s of all) if (!subjects.includes(s)) s.skipped = relaxed.error ?? relaxed.skipped;
console.log(`rows: ${subjects.map((s) => `${s.label} (${s.build} vs ${s.against})`).join('; ')}; Node ${process.version}`);

// Sorted order, and the same points negated, for the order and symmetry checks.
const order = Array.from({ length: n }, (_, i) => i).filter((i) => !Number.isNaN(x[i])).sort((a, b) => x[a] - x[b]);
const negX = x.map((v) => -v);

// Dense walks: runs of consecutive float64 values, where a wiggle would show.
const WALKS = 2000;
const STEPS = 2000;
const walkX = new Float64Array(WALKS * STEPS);
const walkBits = new BigUint64Array(walkX.buffer);
let seed = 0x2545f491;
const rand = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
for (let w = 0; w < WALKS; w++) {
  const start = new Float64Array([(rand() < 0.5 ? -1 : 1) * 10 ** (-12 + 14.9 * rand())]);
  const b0 = new BigUint64Array(start.buffer)[0];
  const negative = start[0] < 0;
  for (let j = 0; j < STEPS; j++) walkBits[w * STEPS + j] = negative ? b0 - BigInt(j) : b0 + BigInt(j); // x ascending
}

/** +-0 and +-Inf, for the exact special results. */
const SPECIAL_X = new Float64Array([0, -0, Infinity, -Infinity]);

/** The outputs of one tier on one build: every kernel on the points, the derivative on -x, the walks, the special values. */
function outputsOf(precision, build) {
  const k = createKernel(kernelOptions(precision, build));
  if ((build === 'relaxed') !== k.relaxed || (build === 'scalar') === k.simd || k.precision !== precision) {
    throw new Error(`createKernel gave ${k.precision} simd=${k.simd} relaxed=${k.relaxed}, not ${precision} ${build}`);
  }
  /** Every measured kernel on one input array. */
  const run = (input) => {
    const fused = k.sigmoidWithDerivative(input);
    return { sigmoid: k.sigmoid(input), derivative: k.sigmoidDerivative(input), fusedValue: fused.value, fusedDerivative: fused.derivative };
  };
  return { ...run(x), derivativeNeg: k.sigmoidDerivative(negX), walk: run(walkX), special: run(SPECIAL_X) };
}
const outputs = new Map();
const outputsFor = (precision, build) => {
  const key = `${precision}/${build}`;
  if (!outputs.has(key)) outputs.set(key, outputsOf(precision, build));
  return outputs.get(key);
};

/** Order violations over the sorted points: sigmoid non-decreasing; derivative rising to x = 0, then falling. */
function orderViolations(values, unimodal) {
  let bad = 0;
  for (let j = 1; j < order.length; j++) {
    const a = values[order[j - 1]];
    const b = values[order[j]];
    const xb = x[order[j]];
    if (!unimodal ? b < a : xb <= 0 ? b < a : x[order[j - 1]] >= 0 && b > a) bad++;
  }
  return bad;
}

/** Order violations along the dense walks (x ascending in each), per measured kernel. */
function walkViolations(o) {
  const counts = {};
  for (const kernel of MEASURED) {
    const v = o.walk[kernel];
    const unimodal = kindOf(kernel) === 'derivative';
    let bad = 0;
    for (let w = 0; w < WALKS; w++) {
      for (let j = w * STEPS + 1; j < (w + 1) * STEPS; j++) {
        if ((!unimodal || walkX[j] <= 0) ? v[j] < v[j - 1] : v[j] > v[j - 1]) bad++;
      }
    }
    counts[kernel] = bad;
  }
  return counts;
}

const results = {};
const walks = {};
for (const spec of subjects) {
  const main = outputsFor(spec.precision, spec.build);
  const other = outputsFor(spec.precision, spec.against);
  const ours = (results[spec.subject] = {});
  for (const kernel of MEASURED) {
    const s = (ours[kernel] = new Stats());
    const got = main[kernel];
    const isDerivative = kindOf(kernel) === 'derivative';
    const [hi, lo] = isDerivative ? [dHi, dLo] : [sHi, sLo];
    for (let i = 0; i < n; i++) record(s, x[i], got[i], hi[i], ulp64, HALF_SUBNORMAL, lo[i]);
    const theirs = other[kernel];
    for (let i = 0; i < n; i++) if (!same(got[i], theirs[i])) s.buildMismatch++;
    if (kernel.startsWith('fused')) {
      const separate = main[isDerivative ? 'derivative' : 'sigmoid'];
      for (let i = 0; i < n; i++) if (!same(got[i], separate[i])) s.fusedMismatch++;
    }
    if (isDerivative) {
      const dn = main.derivativeNeg;
      for (let i = 0; i < n; i++) if (!Number.isNaN(x[i]) && !Object.is(got[i], dn[i])) s.symmetry++;
    }
    s.monotone += orderViolations(got, isDerivative);
    const want = SPECIAL[kindOf(kernel)];
    for (let i = 0; i < SPECIAL_X.length; i++) if (!Object.is(main.special[kernel][i], want.find(([v]) => Object.is(v, SPECIAL_X[i]))[1])) s.special++;
  }
  // The walks: the row's own build counts in its order column; the compared build's are listed (and must be 0 where monotone is promised).
  const w = (walks[spec.subject] = { [spec.build]: walkViolations(main), [spec.against]: walkViolations(other) });
  for (const kernel of MEASURED) {
    ours[kernel].monotone += w[spec.build][kernel];
    const theirs = w[spec.against][kernel];
    if (spec.kernels[kernel].monotone && theirs > 0) failures.push(`${spec.label} (${spec.against}) ${kernel}: ${theirs} order violations on the dense walks`);
  }
}

// Peers with a float64 sigmoid: the plain JS loop.
let peerInfo = [];
if (args.peers) {
  const { loadPeers } = await import(join(root, 'bench', 'peers.mjs'));
  const peers = (await loadPeers(['plain-js'])).filter((p) => p.dtypes.includes('float64'));
  peerInfo = peers.map((p) => ({ name: p.name, label: p.label, info: p.info }));
  for (const peer of peers) {
    const s = await peer.sigmoid(x);
    const d = peer.derivative ? await peer.derivative(x) : null;
    const r = (results[peer.name] = { sigmoid: new Stats(), ...(d ? { derivative: new Stats() } : {}) });
    for (let i = 0; i < n; i++) {
      record(r.sigmoid, x[i], s[i], sHi[i], ulp64, HALF_SUBNORMAL, sLo[i]);
      if (d) record(r.derivative, x[i], d[i], dHi[i], ulp64, HALF_SUBNORMAL, dLo[i]);
    }
    r.sigmoid.monotone = orderViolations(s, false);
    if (d) {
      r.derivative.monotone = orderViolations(d, true);
      const dn = await peer.derivative(negX);
      for (let i = 0; i < n; i++) if (!Number.isNaN(x[i]) && !Object.is(d[i], dn[i])) r.derivative.symmetry++;
    }
    await peer.dispose();
  }
}

// The sigmoid family: its own reference points, every build.
let family = null;
if (args.family) {
  const dir = join(root, '.cache', 'reference', `family-${args.familyCount}`);
  const famFile = join(dir, 'family-f64.bin');
  let generated = 0;
  if (!existsSync(famFile)) {
    const cmd = ['scripts/reference.py', '--sets', 'family', '--types', 'f64', '--family-count', String(args.familyCount), '--out', dir];
    console.log(`generating the family's reference: python3 ${cmd.join(' ')}`);
    const t = performance.now();
    execFileSync('python3', cmd, { cwd: root, stdio: 'inherit' });
    generated = (performance.now() - t) / 1000;
  }
  const t0 = performance.now();
  const registry = await import(join(root, 'dist', 'registry.js'));
  const contract = familyContract(registry, 'float64');
  const builds = ['simd', 'scalar', ...(relaxed.run ? ['relaxed'] : [])];
  const r = await checkFamily64(root, famFile, builds);
  family = {
    builds,
    skipped: relaxed.run ? undefined : relaxed.error ?? relaxed.skipped,
    inputs: `${r.points} points (${r.distinctX} distinct x) from scripts/reference.py --sets family --family-count ${args.familyCount} (seeded), plus ${r.walks.count} dense walks of ${r.walks.steps} consecutive float64 values for the order check`,
    reference: 'mpmath at 200 bits, each value as a float64 pair hi + lo',
    seconds: (performance.now() - t0) / 1000,
    generatedSeconds: generated,
    walks: r.walks,
    specialsWrong: r.specialsWrong,
    contract,
    results: Object.fromEntries(Object.entries(r.results).map(([k, s]) => [k, { ...s }])),
  };
  for (const key of KEYS) failures.push(...familyViolations('float64', key, r.results[key], contract[key]));
  for (const lines of Object.values(r.specialsWrong)) failures.push(...lines.map((l) => `float64 special value: ${l}`));
  console.log(`family (float64, ${builds.join(' = ')}): ${r.points} points, ${family.seconds.toFixed(1)} s${generated ? ` (+ ${generated.toFixed(0)} s generating them)` : ''}`);
  for (const [key, s] of Object.entries(r.results)) {
    const c = contract[key];
    console.log(`  ${key.padEnd(19)} max ${s.maxUlp.toFixed(4)} (${c.unit}, bound ${c.bound}) at x = ${s.maxX}${s.maxY !== null ? `, y = ${s.maxY}` : ''}; n ${s.count}, >0.5: ${s.over05}, >1: ${s.over1}, >2: ${s.over2}, >3: ${s.over3}; order ${s.monotone}, symmetry ${s.symmetry}, range ${s.outside}, NaN ${s.nanForNumber + s.nanLost}, flushed ${s.flushed}, special ${s.special}, scalar ${s.buildMismatch}, relaxed ${s.relaxedMismatch}`);
  }
  for (const lines of Object.values(r.specialsWrong)) for (const l of lines) console.log(`  special value wrong: ${l}`);
}

const seconds = (performance.now() - started) / 1000;
const environment = { node: process.version, v8: process.versions.v8, cpu: cpus()[0]?.model ?? 'unknown' };
const report = {
  type: 'float64',
  date: new Date().toISOString().slice(0, 10),
  inputs: `${n} points from scripts/reference.py --count ${args.count} (seeded), plus ${WALKS} dense walks of ${STEPS} consecutive float64 values for the order check`,
  reference: 'mpmath at 200 bits, each value as a float64 pair hi + lo',
  seconds,
  environment,
  subjects: Object.fromEntries(all.map(({ subject, ...rest }) => [subject, { ...rest, ...(rest.skipped ? {} : { engine: environment }) }])),
  peers: peerInfo,
  walks,
  results: Object.fromEntries(Object.entries(results).map(([subject, kernels]) => [subject, Object.fromEntries(Object.entries(kernels).map(([k, s]) => [k, { ...s }]))])),
  ...(family ? { family } : {}),
};
mkdirSync(dirname(args.json), { recursive: true });
writeFileSync(args.json, JSON.stringify(report, null, 2) + '\n');
writeReport(root);

const label = Object.fromEntries(all.map((s) => [s.subject, `${s.label} (${s.build})`]));
for (const [subject, kernels] of Object.entries(results)) {
  for (const [kernel, s] of Object.entries(kernels)) {
    console.log(`${(label[subject] ?? subject).padEnd(42)} ${kernel.padEnd(16)} max ${s.maxUlp.toFixed(3)} ULP at x = ${s.maxX}; >0.5: ${s.over05}, >1: ${s.over1}, >2: ${s.over2}, >3: ${s.over3}; order ${s.monotone}, symmetry ${s.symmetry}, flushed ${s.flushed}, special ${s.special}, vs build ${s.buildMismatch}, fused!=separate ${s.fusedMismatch}`);
  }
}
for (const s of all) if (s.skipped) console.log(`${label[s.subject]}: not run: ${s.skipped}`);
console.log(`dense walks (${WALKS} x ${STEPS}): ${JSON.stringify(walks)}`);
console.log(`${seconds.toFixed(0)} s on Node ${process.version}; results in ${args.json}`);
for (const spec of subjects) {
  for (const kernel of MEASURED) failures.push(...violations(`${label[spec.subject]} ${kernel}`, results[spec.subject][kernel], spec.kernels[kernel], spec.mustMatch));
}
if (failures.length > 0) {
  console.error(`\nCONTRACT VIOLATED:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`numerical contract: met on every reference point: ${[...subjects.map((s) => `${s.label} (${s.build} = ${s.against})`), ...(family ? [`the family (${family.builds.join(' = ')})`] : [])].join('; ')}`);
