// Writes ACCURACY.md from accuracy/f32.json and accuracy/f64.json (the
// outputs of npm run verify:f32 and verify:f64). Run directly to rewrite it
// from the committed JSON: node scripts/verify/report.mjs
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { CONTRACT } from './common.mjs';

const KERNELS = { sigmoid: 'sigmoid', derivative: 'derivative', fusedValue: 'fused: value', fusedDerivative: 'fused: derivative' };
const SUBJECTS = {
  'sigmoid-wasm': 'sigmoid-wasm (this package)',
  'plain-js': 'plain JS loop',
  'tfjs-wasm': 'TensorFlow.js wasm (XNNPACK)',
  'tfjs-cpu': 'TensorFlow.js cpu',
  'onnxruntime-web': 'onnxruntime-web (wasm)',
};

function fmtX(x) {
  if (x === null || x === undefined) return '-';
  return Number.isInteger(x) ? String(x) : Number(x).toPrecision(9);
}

function table(data) {
  const lines = [
    '| implementation | function | inputs | max error (ULP) | at x | > 0.5 ULP | > 1 ULP | > 2 ULP | order violations | asymmetric | outside [0, 1] | NaN wrong | flushed to 0 | SIMD != scalar | fused != separate |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const [subject, kernels] of Object.entries(data.results)) {
    for (const [kernel, s] of Object.entries(kernels)) {
      const bound = kernel.toLowerCase().includes('derivative') ? CONTRACT.derivative : CONTRACT.sigmoid;
      const ok = subject !== 'sigmoid-wasm' ? '' : s.maxUlp <= bound ? ' ✓' : ' ✗';
      const ours = subject === 'sigmoid-wasm';
      const isDeriv = kernel.toLowerCase().includes('derivative');
      lines.push(
        `| ${SUBJECTS[subject] ?? subject} | ${KERNELS[kernel] ?? kernel} | ${s.count.toLocaleString('en-US')} | ${s.maxUlp < 1e6 ? s.maxUlp.toFixed(3) : s.maxUlp.toExponential(2)}${ok} | ${fmtX(s.maxX)} | ${s.over05.toLocaleString('en-US')} | ${s.over1.toLocaleString('en-US')} | ${s.over2.toLocaleString('en-US')} | ${s.monotone.toLocaleString('en-US')} | ${isDeriv ? s.symmetry.toLocaleString('en-US') : '-'} | ${s.outside01} | ${s.nanForNumber + s.nanLost} | ${s.flushed.toLocaleString('en-US')} | ${ours ? s.buildMismatch : '-'} | ${ours && kernel.startsWith('fused') ? s.fusedMismatch : '-'} |`,
      );
    }
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
    `The numerical contract: sigmoid within **${CONTRACT.sigmoid} ULP**, derivative within **${CONTRACT.derivative} ULP**, everywhere,`,
    'subnormal results included; every output in [0, 1]; sigmoid non-decreasing; the derivative exactly symmetric and',
    'non-increasing in |x|; NaN gives NaN; nothing flushed to 0 while the correctly rounded result is not 0; the SIMD and the',
    'scalar build, and the fused and the separate kernels, bitwise identical.',
    '',
    'Errors are measured against a more precise reference, in ULPs of the result type at the true value (Goldberg\'s definition:',
    'the spacing of the binade that holds the true value; below the normal range, the subnormal spacing). "> 0.5 ULP" counts the',
    'results that are not correctly rounded (with 10^-6 ULP of slack for the reference\'s own error). "Order violations" counts',
    'adjacent inputs where sigmoid decreases, or the derivative rises as |x| grows. Every column is from the same run.',
    "This package's rows are the SIMD build's figures; the scalar build's outputs were compared with them element by",
    'element in the same run ("SIMD != scalar"): where that column is 0, every figure holds for both builds.',
    '',
  ];
  if (f32) {
    parts.push(
      '## float32: every input',
      '',
      `Inputs: ${f32.inputs}. Reference: ${f32.reference}. Run time ${Math.round(f32.seconds)} s on ${f32.workers} worker threads (${f32.environment.cpu}, Node ${f32.environment.node}).`,
      '',
      table(f32),
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
      `Inputs: ${f64.inputs}. Reference: ${f64.reference}. Run time ${Math.round(f64.seconds)} s (${f64.environment.cpu}, Node ${f64.environment.node}).`,
      '',
      table(f64),
      '',
      peersList(f64),
      '',
      `Dense walks (order only, both builds): ${JSON.stringify(f64.walks)} violations.`,
      '',
      'Method: `npm run verify:f64` (scripts/verify/f64.mjs): it generates the points with `python3 scripts/reference.py --count 350000',
      '--types f64` into .cache/ on first use (mpmath at 200 bits; the committed test-sized subset is test/fixtures/f64.bin).',
      '',
    );
  }
  writeFileSync(join(root, 'ACCURACY.md'), parts.join('\n'));
  replaceBlock(join(root, 'README.md'), 'accuracy-table', readmeBlock(f32, f64));
}

/** The README's headline table: max error of each function, this package beside the others. */
function readmeBlock(f32, f64) {
  const fmt = (s) => (s ? (s.maxUlp < 1e4 ? s.maxUlp.toFixed(3) : s.maxUlp.toExponential(1)) : 'n/a');
  const flushed = (s) => (s ? s.flushed.toLocaleString('en-US') : 'n/a');
  const lines = [
    '| max error (ULP); flushed to 0 | float32 sigmoid | float32 derivative | float64 sigmoid | float64 derivative |',
    '|---|--:|--:|--:|--:|',
  ];
  for (const subject of Object.keys(SUBJECTS)) {
    const a = f32?.results[subject];
    const b = f64?.results[subject];
    if (!a && !b) continue;
    lines.push(`| ${SUBJECTS[subject]} | ${fmt(a?.sigmoid)}; ${flushed(a?.sigmoid)} | ${fmt(a?.derivative)}; ${flushed(a?.derivative)} | ${fmt(b?.sigmoid)}; ${flushed(b?.sigmoid)} | ${fmt(b?.derivative)}; ${flushed(b?.derivative)} |`);
  }
  const inputs = [];
  if (f32) inputs.push(`float32: ${f32.inputs}`);
  if (f64) inputs.push(`float64: ${f64.inputs.split(' (seeded)')[0]}`);
  return `${lines.join('\n')}\n\nInputs: ${inputs.join('; ')}. Written by \`npm run verify:f32\` / \`verify:f64\`; every column in [ACCURACY.md](ACCURACY.md).`;
}

/** Replaces the text between <!-- name:start --> and <!-- name:end --> in a file. */
export function replaceBlock(file, name, body) {
  const text = readFileSync(file, 'utf8');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${file} has no ${start} ... ${end} block`);
  writeFileSync(file, `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeReport(join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
  console.log('ACCURACY.md written');
}
