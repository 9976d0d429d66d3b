// Writes ACCURACY.md and the README's accuracy-table block from
// accuracy/f32.json and accuracy/f64.json (the outputs of npm run verify:f32
// and verify:f64). Each file's `subjects` holds this package's rows (tier,
// build, the build compared with, and each kernel's registry contract), so the
// report needs nothing else. Run directly to rewrite both from the committed
// JSON: node scripts/verify/report.mjs
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { replaceBlock } from '../replace-block.mjs';

const KERNELS = { sigmoid: 'sigmoid', derivative: 'derivative', fusedValue: 'fused: value', fusedDerivative: 'fused: derivative' };
const PEERS = {
  'plain-js': 'plain JS loop',
  'tfjs-wasm': 'TensorFlow.js wasm (XNNPACK)',
  'tfjs-cpu': 'TensorFlow.js cpu',
  'onnxruntime-web': 'onnxruntime-web (wasm)',
};
/** This package's rows in the README, in this order. */
const README_ROWS = {
  'sigmoid-wasm/fast': 'sigmoid-wasm, fast (the default; SIMD = scalar)',
  'sigmoid-wasm/fast-relaxed': 'sigmoid-wasm, fast, relaxed SIMD (the default where the engine has it)',
  'sigmoid-wasm/accurate': 'sigmoid-wasm, accurate (SIMD = scalar)',
};
const BUILD = { simd: 'SIMD', scalar: 'scalar', relaxed: 'relaxed SIMD' };

const n = (v) => v.toLocaleString('en-US');

/**
 * A max error in ULPs: 3 decimals, more where 3 would hide which side of the
 * bound it is on (0.50245 against 0.502); large ones in exponent form.
 */
function ulps(v, bound = Infinity, big = 1e6) {
  if (v >= big) return v.toExponential(2);
  let digits = 3;
  while (digits < 8 && Number(v.toFixed(digits)) <= bound !== v <= bound) digits++;
  return v.toFixed(digits);
}

function fmtX(x) {
  if (x === null || x === undefined) return '-';
  return Number.isInteger(x) ? String(x) : Number(x).toPrecision(9);
}

/** A row's name: this package's with its tier and build, a peer's label. */
function rowName(data, subject) {
  const meta = data.subjects?.[subject];
  if (!meta) return PEERS[subject] ?? subject;
  return `${meta.label} (${BUILD[meta.build]})`;
}

function table(data) {
  const lines = [
    '| implementation | function | inputs | max error (ULP) | bound | at x | > 0.5 ULP | > 1 ULP | > 2 ULP | > 3 ULP | order violations | asymmetric | outside [0, 1] | NaN wrong | flushed to 0 | ±0, ±Inf wrong | build mismatch | fused != separate |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const [subject, kernels] of Object.entries(data.results)) {
    const meta = data.subjects?.[subject];
    for (const [kernel, s] of Object.entries(kernels)) {
      const c = meta?.kernels[kernel];
      const ok = c ? (s.maxUlp <= c.bound ? ' ✓' : ' ✗') : '';
      const isDeriv = kernel.toLowerCase().includes('derivative');
      const order = c && !c.monotone ? `${n(s.monotone)} (not promised)` : n(s.monotone);
      lines.push(
        `| ${rowName(data, subject)} | ${KERNELS[kernel] ?? kernel} | ${n(s.count)} | ${ulps(s.maxUlp, c?.bound)}${ok} | ${c ? c.bound : '-'} | ${fmtX(s.maxX)} | ${n(s.over05)} | ${n(s.over1)} | ${n(s.over2)} | ${n(s.over3)} | ${order} | ${isDeriv ? n(s.symmetry) : '-'} | ${s.outside01} | ${s.nanForNumber + s.nanLost} | ${n(s.flushed)} | ${meta ? s.special : '-'} | ${meta ? n(s.buildMismatch) : '-'} | ${meta && kernel.startsWith('fused') ? s.fusedMismatch : '-'} |`,
      );
    }
  }
  return lines.join('\n');
}

/** What each of this package's rows was compared with, and where it ran. */
function rowsNote(data) {
  const lines = [];
  for (const [subject, meta] of Object.entries(data.subjects ?? {})) {
    const name = rowName(data, subject);
    if (meta.skipped) {
      lines.push(`- ${name}: not run (${meta.skipped}).`);
      continue;
    }
    const against = `${BUILD[meta.against]} build`;
    const rule = meta.mustMatch ? 'must be bitwise equal: "build mismatch" must be 0, and then every figure holds for both builds' : 'may differ in the last bits (fused multiply-add): the differing outputs are counted, and the row\'s own figures are checked';
    lines.push(`- ${name}, on Node ${meta.engine?.node ?? '?'}: compared element by element with the ${against}, which ${rule}.`);
  }
  return lines.join('\n');
}

/** The contract of each tier, as the registry states it (from the JSON). */
function contractTable(f32, f64) {
  const lines = [
    '| tier | float32 sigmoid | float32 derivative | float64 sigmoid | float64 derivative | monotone |',
    '|---|--:|--:|--:|--:|---|',
  ];
  for (const precision of ['fast', 'accurate']) {
    const pick = (data) => Object.values(data?.subjects ?? {}).find((m) => m.precision === precision && m.build === 'simd')?.kernels;
    const a = pick(f32);
    const b = pick(f64);
    const bound = (c, k) => (c ? `${c[k].bound} ULP` : 'n/a');
    const monotone = [a, b].some((c) => c && Object.values(c).some((k) => k.monotone));
    lines.push(`| ${precision}${precision === 'fast' ? ' (the default)' : ''} | ${bound(a, 'sigmoid')} | ${bound(a, 'derivative')} | ${bound(b, 'sigmoid')} | ${bound(b, 'derivative')} | ${monotone ? 'yes' : 'not promised: violations counted'} |`);
  }
  return lines.join('\n');
}

function peersList(data) {
  if (!data.peers || data.peers.length === 0) return '';
  return data.peers.map((p) => `- ${p.label}`).join('\n');
}

export function writeReport(root) {
  const load = (name) => {
    const file = join(root, 'accuracy', `${name}.json`);
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  };
  const f32 = load('f32');
  const f64 = load('f64');
  const parts = [
    '# Accuracy',
    '',
    '<!-- Written by scripts/verify/report.mjs from accuracy/*.json (npm run verify:f32, npm run verify:f64). Do not edit. -->',
    '',
    'Two precision tiers, each held to the bounds of the kernel registry (src/registry.ts):',
    '',
    contractTable(f32, f64),
    '',
    'Both tiers, every build: subnormal results kept (nothing flushed to 0 while the correctly rounded result is not 0);',
    'every output in [0, 1]; NaN gives NaN and nothing else does; `s(±0) = 0.5`, `s(+Inf) = 1`, `s(-Inf) = +0`,',
    "`s'(±0) = 0.25`, `s'(±Inf) = +0`, exactly; the derivative exactly symmetric; the fused kernel bitwise equal to the",
    'separate ones; the SIMD and the scalar build bitwise equal. The accurate tier is also monotone (sigmoid non-decreasing,',
    'the derivative non-increasing in |x|); the fast tier does not promise it, and its order violations are published below.',
    'The relaxed-SIMD build (fast tier only: fused multiply-add where the hardware has it) meets the fast tier\'s bounds; its',
    'float32 results may differ from the SIMD build\'s in the last bits, its float64 results may not.',
    '',
    'Errors are measured against a more precise reference, in ULPs of the result type at the true value (Goldberg\'s definition:',
    'the spacing of the binade that holds the true value; below the normal range, the subnormal spacing). "> 0.5 ULP" counts the',
    'results that are not correctly rounded (with 10^-6 ULP of slack for the reference\'s own error). "Order violations" counts',
    'adjacent inputs where sigmoid decreases, or the derivative rises as |x| grows. Every column of a table is from the same run.',
    "Each of this package's rows is one build's figures; \"build mismatch\" counts the outputs that differ (bitwise, any NaN",
    'matching any NaN) from the build it was compared with in the same run, listed under each table. Both sweeps run under',
    'an engine with relaxed SIMD (Node 22+; from the machine\'s Node 20 they re-run themselves under Node 24 from',
    '`npm run engines`), so that one run measures every build; the SIMD and scalar builds give the same bits on every engine,',
    'which the tests check on each engine against the mpmath fixtures.',
    '',
  ];
  if (f32) {
    parts.push(
      '## float32: every input',
      '',
      `Inputs: ${f32.inputs}. Reference: ${f32.reference}. Run time ${Math.round(f32.seconds)} s on ${f32.workers} worker threads, Node ${f32.environment.node}, ${f32.environment.cpu}.`,
      '',
      table(f32),
      '',
      rowsNote(f32),
      '',
      peersList(f32),
      '',
      'Method: `npm run verify:f32` (scripts/verify/f32.mjs). The peers run on the same inputs at the stated stride, so their order',
      'columns compare samples `stride` bit patterns apart, not adjacent floats. TensorFlow.js has no float32 derivative kernel of its',
      'own: its row is the gradient of `tf.sigmoid` through `tf.grad` (`dy * y * (1 - y)` from the rounded y), and the plain JS',
      'derivative is `s * (1 - s)` from `s = 1 / (1 + Math.exp(-x))`. onnxruntime-web has no derivative.',
      '',
    );
  }
  if (f64) {
    parts.push(
      '## float64: 200-bit reference',
      '',
      `Inputs: ${f64.inputs}. Reference: ${f64.reference}. Run time ${Math.round(f64.seconds)} s, Node ${f64.environment.node}, ${f64.environment.cpu}.`,
      '',
      table(f64),
      '',
      rowsNote(f64),
      '',
      peersList(f64),
      '',
      `Dense walks (order only; included in the order column of each row's own build): ${Object.entries(f64.walks).map(([subject, builds]) => `${rowName(f64, subject).replace(/ \(.*\)$/, '')}: ${Object.entries(builds).map(([b, v]) => `${BUILD[b] ?? b} ${v.sigmoid} (sigmoid), ${v.derivative} (derivative)`).join('; ')}`).join('. ')}.`,
      '',
      'Method: `npm run verify:f64` (scripts/verify/f64.mjs): it generates the points with `python3 scripts/reference.py --count 350000',
      '--types f64` into .cache/ on first use (mpmath at 200 bits; the committed test-sized subset is test/fixtures/f64.bin).',
      '',
    );
  }
  writeIfChanged(join(root, 'ACCURACY.md'), parts.join('\n'));
  replaceBlock(join(root, 'README.md'), 'accuracy-table', readmeBlock(f32, f64));
}

/** The README's headline table: max error of each function, both tiers beside the others. */
function readmeBlock(f32, f64) {
  const fmt = (s, bound) => (s ? `${s.maxUlp < 1e4 ? ulps(s.maxUlp, bound) : s.maxUlp.toExponential(1)}; ${n(s.flushed)}` : 'n/a');
  const bound = (data, subject, kernel) => data?.subjects?.[subject]?.kernels[kernel].bound;
  const lines = [
    '| max error (ULP); flushed to 0 | float32 sigmoid | float32 derivative | float64 sigmoid | float64 derivative | float32 order violations: sigmoid; derivative |',
    '|---|--:|--:|--:|--:|--:|',
  ];
  for (const subject of [...Object.keys(README_ROWS), ...Object.keys(PEERS)]) {
    const a = f32?.results[subject];
    const b = f64?.results[subject];
    if (!a && !b) continue;
    // Order violations of adjacent floats: this package's rows only (the peers are sampled at a stride).
    const order = a && README_ROWS[subject] ? `${n(a.sigmoid.monotone)}; ${n(a.derivative.monotone)}` : '-';
    const cells = [[f32, a, 'sigmoid'], [f32, a, 'derivative'], [f64, b, 'sigmoid'], [f64, b, 'derivative']].map(([data, r, k]) => fmt(r?.[k], bound(data, subject, k)));
    lines.push(`| ${README_ROWS[subject] ?? PEERS[subject]} | ${cells.join(' | ')} | ${order} |`);
  }
  const inputs = [];
  if (f32) inputs.push(`float32: ${f32.inputs}`);
  if (f64) inputs.push(`float64: ${f64.inputs.split(' (seeded)')[0]}`);
  return `${lines.join('\n')}\n\nInputs: ${inputs.join('; ')}. Written by \`npm run verify:f32\` / \`verify:f64\`; every column, and each tier's bounds, in [ACCURACY.md](ACCURACY.md).`;
}

/** Writes a file only when its text changes. */
function writeIfChanged(file, text) {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  writeFileSync(file, text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeReport(join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
  console.log('ACCURACY.md written');
}
