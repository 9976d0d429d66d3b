// npm run verify:f64 — the float64 kernels against a 200-bit reference.
//
// The reference points come from scripts/reference.py (mpmath, 200 bits;
// uniform, log-spaced and threshold regions, both signs, subnormal results,
// the neighbours of every saturation and underflow point): at least 1,000,000
// of them, generated into .cache/reference/ on first use (about a minute; the
// committed test-sized subset is test/fixtures/f64.bin). Each true value is
// held as hi + lo, so ULP errors are exact to many digits.
//
// Per kernel and build: max ULP error and where, counts over 0.5, 1 and 2 ULP,
// order violations over the sorted points and over dense walks of consecutive
// float64 values, symmetry of the derivative, outputs outside [0, 1], NaN
// handling, flushing, SIMD vs scalar and fused vs separate identity. The
// plain JS loop is measured on the same points (the other peers have no
// float64 sigmoid).
//
// Usage: node scripts/verify/f64.mjs [--count N] [--no-peers] [--json FILE]
// Exit code 1 if any bound of the numerical contract is exceeded.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Stats, record, same, ulp64, violations } from './common.mjs';
import { writeReport } from './report.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HALF_SUBNORMAL = 2 ** -1075;
const MIN_POINTS = 1_000_000;

const DEFAULT_COUNT = 350_000;
const args = { count: DEFAULT_COUNT, peers: true, json: join(root, 'accuracy', 'f64.json') };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--count') args.count = Number(argv[++i]);
  else if (a === '--no-peers') args.peers = false;
  else if (a === '--json') args.json = argv[++i];
  else {
    console.error(`verify:f64: unknown argument ${a} (usage: node scripts/verify/f64.mjs [--count N] [--no-peers] [--json FILE])`);
    process.exit(2);
  }
}

const started = performance.now();
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
if (n < MIN_POINTS && args.count === DEFAULT_COUNT) throw new Error(`expected at least ${MIN_POINTS} points`);

const { createKernel } = await import(join(root, 'dist', 'index.js'));
const builds = { simd: createKernel({ simd: true }), scalar: createKernel({ simd: false }) };

// Sorted order, and the same points negated, for the order and symmetry checks.
const order = Array.from({ length: n }, (_, i) => i).filter((i) => !Number.isNaN(x[i])).sort((a, b) => x[a] - x[b]);
const negX = x.map((v) => -v);

const results = { 'sigmoid-wasm': {} };
const outputs = {};
for (const [build, k] of Object.entries(builds)) {
  const fused = k.sigmoidWithDerivative(x);
  outputs[build] = { sigmoid: k.sigmoid(x), derivative: k.sigmoidDerivative(x), fusedValue: fused.value, fusedDerivative: fused.derivative, derivativeNeg: k.sigmoidDerivative(negX) };
}
const ours = results['sigmoid-wasm'];
for (const kernel of ['sigmoid', 'derivative', 'fusedValue', 'fusedDerivative']) {
  const s = (ours[kernel] = new Stats());
  const got = outputs.simd[kernel];
  const [hi, lo] = kernel.toLowerCase().includes('derivative') ? [dHi, dLo] : [sHi, sLo];
  for (let i = 0; i < n; i++) record(s, x[i], got[i], hi[i], ulp64, HALF_SUBNORMAL, lo[i]);
  const scalar = outputs.scalar[kernel];
  for (let i = 0; i < n; i++) if (!same(got[i], scalar[i])) s.buildMismatch++;
  if (kernel.startsWith('fused')) {
    const separate = outputs.simd[kernel === 'fusedValue' ? 'sigmoid' : 'derivative'];
    for (let i = 0; i < n; i++) if (!same(got[i], separate[i])) s.fusedMismatch++;
  }
  s.monotone += orderViolations(got, kernel.toLowerCase().includes('derivative'));
}
for (const kernel of ['derivative', 'fusedDerivative']) {
  const d = outputs.simd[kernel];
  const dn = outputs.simd.derivativeNeg;
  for (let i = 0; i < n; i++) if (!Number.isNaN(x[i]) && !Object.is(d[i], dn[i])) ours[kernel].symmetry++;
}

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

// Dense walks: runs of consecutive float64 values, where a wiggle would show.
const WALKS = 2000;
const STEPS = 2000;
const walkX = new Float64Array(WALKS * STEPS);
const bits = new BigUint64Array(walkX.buffer);
let seed = 0x2545f491;
const rand = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
for (let w = 0; w < WALKS; w++) {
  const start = new Float64Array([(rand() < 0.5 ? -1 : 1) * 10 ** (-12 + 14.9 * rand())]);
  const b0 = new BigUint64Array(start.buffer)[0];
  const negative = start[0] < 0;
  for (let j = 0; j < STEPS; j++) bits[w * STEPS + j] = negative ? b0 - BigInt(j) : b0 + BigInt(j); // x ascending
}
const walkViolations = {};
for (const [build, k] of Object.entries(builds)) {
  const s = k.sigmoid(walkX);
  const d = k.sigmoidDerivative(walkX);
  let vs = 0;
  let vd = 0;
  for (let w = 0; w < WALKS; w++) {
    for (let j = w * STEPS + 1; j < (w + 1) * STEPS; j++) {
      if (s[j] < s[j - 1]) vs++;
      if (walkX[j] <= 0 ? d[j] < d[j - 1] : d[j] > d[j - 1]) vd++;
    }
  }
  walkViolations[build] = { sigmoid: vs, derivative: vd };
  if (build === 'simd') {
    ours.sigmoid.monotone += vs;
    ours.derivative.monotone += vd;
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
    peer.dispose();
  }
}

const seconds = (performance.now() - started) / 1000;
const report = {
  type: 'float64',
  inputs: `${n} points from scripts/reference.py --count ${args.count} (seeded), plus ${WALKS} dense walks of ${STEPS} consecutive float64 values for the order check`,
  reference: 'mpmath at 200 bits, each value as a float64 pair hi + lo',
  seconds,
  environment: { node: process.version, v8: process.versions.v8, cpu: cpus()[0]?.model ?? 'unknown' },
  peers: peerInfo,
  walks: walkViolations,
  results: Object.fromEntries(Object.entries(results).map(([subject, kernels]) => [subject, Object.fromEntries(Object.entries(kernels).map(([k, s]) => [k, { ...s }]))])),
};
mkdirSync(dirname(args.json), { recursive: true });
writeFileSync(args.json, JSON.stringify(report, null, 2) + '\n');
writeReport(root);

for (const [subject, kernels] of Object.entries(results)) {
  for (const [kernel, s] of Object.entries(kernels)) {
    console.log(`${subject.padEnd(14)} ${kernel.padEnd(16)} max ${s.maxUlp.toFixed(3)} ULP at x = ${s.maxX}; >0.5: ${s.over05}, >1: ${s.over1}, >2: ${s.over2}; order ${s.monotone}, symmetry ${s.symmetry}, flushed ${s.flushed}, simd!=scalar ${s.buildMismatch}, fused!=separate ${s.fusedMismatch}`);
  }
}
console.log(`dense walks (${WALKS} x ${STEPS}): ${JSON.stringify(walkViolations)}`);
console.log(`${seconds.toFixed(0)} s; results in ${args.json}; ACCURACY.md updated`);
const bad = [];
for (const [kernel, s] of Object.entries(ours)) bad.push(...violations(`sigmoid-wasm ${kernel}`, kernel.toLowerCase().includes('derivative') ? 'derivative' : 'sigmoid', s));
if (walkViolations.scalar.sigmoid + walkViolations.scalar.derivative > 0) bad.push(`scalar build dense walks: ${JSON.stringify(walkViolations.scalar)}`);
if (bad.length > 0) {
  console.error(`\nCONTRACT VIOLATED:\n  ${bad.join('\n  ')}`);
  process.exit(1);
}
console.log('numerical contract: met on every reference point (both builds)');
