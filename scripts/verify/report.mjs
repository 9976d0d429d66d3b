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
import { RESULTS } from './family.mjs';

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

// ---- the sigmoid family -----------------------------------------------------------

/** Each family result's name in the tables. */
const FAMILY_LABEL = {
  tanh: 'tanh',
  tanhDerivative: 'tanhDerivative',
  silu: 'silu',
  siluDerivative: 'siluDerivative (x outside [-1.4, -1.15])',
  siluDerivativeBand: 'siluDerivative, -1.4 <= x <= -1.15 (absolute)',
  softplus: 'softplus',
  logSigmoid: 'logSigmoid',
  logit: 'logit',
  bce0: 'binaryCrossEntropyWithLogits, y = 0',
  bce1: 'binaryCrossEntropyWithLogits, y = 1',
  bceSoft: 'binaryCrossEntropyWithLogits, 0 < y < 1',
  grad0: 'binaryCrossEntropyWithLogitsGradient, y = 0',
  grad1: 'binaryCrossEntropyWithLogitsGradient, y = 1',
  gradSoft: 'binaryCrossEntropyWithLogitsGradient, 0 < y < 1',
};
/** The unit of each kind of bound, for a type with p significand bits. */
const unitName = (unit, p) => ({ ulp: 'ULP', abs: `2^-${p}`, mixed: `ULP(g) + 2^-${p} S` })[unit];

/** The contract's failing counts of one family result (none: '0'). */
function familyBreaches(s, c) {
  const parts = [];
  if (!(s.maxUlp <= c.bound)) parts.push('over the bound');
  const named = { outside: 'outside range', nanForNumber: 'NaN for a number', nanLost: 'a number for NaN', special: 'special values', symmetry: 'asymmetric', buildMismatch: 'scalar != SIMD', relaxedMismatch: 'relaxed != SIMD' };
  if (c.unit === 'ulp') named.flushed = 'flushed to 0';
  if (c.monotone) named.monotone = 'order';
  for (const [k, label] of Object.entries(named)) if (s[k] > 0) parts.push(`${label} ${n(s[k])}`);
  return parts.length === 0 ? '0' : parts.join('; ');
}

function familyTable(fam, p) {
  const lines = [
    '| function | inputs | max error | bound | unit | at x | at y | > 0.5 | > 1 | > 2 | > 3 | order violations | asymmetric | outside range | NaN wrong | flushed to 0 | special values wrong | scalar != SIMD | relaxed != SIMD (compared) | contract violations |',
    '|---|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const [key, s] of Object.entries(fam.results)) {
    const c = fam.contract[key];
    const mono = RESULTS[key]?.monotone;
    const order = mono === 0 || mono === undefined ? '-' : c.monotone ? n(s.monotone) : `${n(s.monotone)} (not promised)`;
    const sym = key === 'tanh' || key === 'tanhDerivative' ? n(s.symmetry) : '-';
    const ok = s.maxUlp <= c.bound ? ' ✓' : ' ✗';
    const relaxed = fam.builds.includes('relaxed') ? `${n(s.relaxedMismatch)} (${n(s.relaxedCompared ?? 0)})` : 'not run';
    lines.push(
      `| ${FAMILY_LABEL[key] ?? key} | ${n(s.count)} | ${ulps(s.maxUlp, c.bound)}${ok} | ${c.bound} | ${unitName(c.unit, p)} | ${fmtX(s.maxX)} | ${s.maxY === null || s.maxY === undefined ? '-' : fmtX(s.maxY)} | ${n(s.over05)} | ${n(s.over1)} | ${n(s.over2)} | ${n(s.over3)} | ${order} | ${sym} | ${n(s.outside)} | ${n(s.nanForNumber + s.nanLost)} | ${n(s.flushed)} | ${n(s.special)} | ${n(s.buildMismatch)} | ${relaxed} | ${familyBreaches(s, c)} |`,
    );
  }
  return lines.join('\n');
}

/** The family's contract: each kernel's registry bound, per type. */
function familyContractTable(f32, f64) {
  const lines = ['| function | float32 kernel | bound | float64 kernel | bound | monotone (promised) |', '|---|---|--:|---|--:|---|'];
  const seen = new Set();
  for (const [key, r] of Object.entries(RESULTS)) {
    if (seen.has(r.fn) && key !== 'siluDerivativeBand' && key !== 'gradSoft' && key !== 'bceSoft') continue;
    seen.add(r.fn);
    const a = f32?.family?.contract[key];
    const b = f64?.family?.contract[key];
    const cell = (c, p) => (c ? `${c.bound} ${unitName(c.unit, p)}` : 'n/a');
    const name = key === 'siluDerivativeBand' ? `${r.fn}, -1.4 <= x <= -1.15` : key === 'gradSoft' || key === 'bceSoft' ? `${r.fn}, 0 < y < 1` : key.startsWith('bce') || key.startsWith('grad') ? `${r.fn}, y = 0 or 1` : r.fn;
    const mono = r.monotone === 0 ? 'no' : (a ?? b)?.monotone ? 'yes' : 'no (counted)';
    lines.push(`| ${name} | ${a ? `\`${a.name}\`` : 'n/a'} | ${cell(a, 24)} | ${b ? `\`${b.name}\`` : 'n/a'} | ${cell(b, 53)} | ${mono} |`);
  }
  return lines.join('\n');
}

function familySection(f32, f64) {
  const a = f32?.family;
  const b = f64?.family;
  if (!a && !b) return [];
  const parts = [
    '## The sigmoid family',
    '',
    'tanh, tanhDerivative, silu, siluDerivative, softplus, logSigmoid, logit, the logistic loss',
    '`binaryCrossEntropyWithLogits(x, y) = softplus(x) - x y` and its gradient `sigmoid(x) - y`, per element. These kernels',
    'are the same in both precision tiers; each is measured on the SIMD build and compared bitwise with the scalar build',
    '(on every input) and the relaxed-SIMD build (float64: every point; float32: every 8th sub-chunk of 4096 inputs and',
    'every 8th subset of the soft-target sweep, counted in brackets), which must give the same bits. Bounds from the',
    'kernel registry (src/registry.ts, `FAMILY_KERNELS`), except the two a registry entry does not carry (below):',
    '',
    familyContractTable(f32, f64),
    '',
    'Units. "ULP": the error in ULPs of the result type at the true value, as above. siluDerivative changes sign at',
    'x = -1.2784645: near a zero no relative bound can hold, so between x = -1.4 and -1.15 its error is absolute, in units of',
    '2^-24 (float32) or 2^-53 (float64), with the bound 1 (issue 11). The gradient of the loss for a soft target',
    '(0 < y < 1), g = sigmoid(x) - y = (1 - y) s(x) - y s(-x), cancels where s(x) is near y, so its error is measured in',
    'units of ULP(g) + 2^-p S, with S = (1 - y) s(x) + y s(-x), the size of the two terms (p = 24 or 53): a kernel that',
    'evaluates the two terms within a few 2^-p S and rounds once is within a few of these units, and where nothing',
    'cancels (S close to |g|) the unit is between 1 and 2 ULPs of g. Its bound is the kernel\'s registry bound in that',
    'unit. The loss is a sum of two non-negative terms, (1 - y) softplus(x) + y softplus(-x), so its error is relative',
    '(ULPs of the result) for soft targets too, with the kernel\'s registry bound. With y exactly 0 or 1 the loss is',
    'softplus(x) or softplus(-x) and the gradient s(x) or -s(-x), relative, in ULPs. "flushed to 0" fails only the',
    'relative rows (it is within the bound under the other units). "NaN wrong" counts a NaN for a number and a number',
    'where the result is NaN: a NaN input, logit outside [0, 1], a target outside [0, 1] or NaN. "special values" are the',
    'exact results at +-0, +-Inf and the domain\'s ends, bitwise where the sign of a zero is the limit\'s (scripts/verify/family.mjs,',
    '`specialCases`), on every build. Order violations are counted for tanh, softplus, logSigmoid and logit',
    '(non-decreasing), tanhDerivative (non-increasing in |x|), and the loss and gradient at y = 0 and 1; they fail the',
    'sweep where the registry promises monotonicity.',
    '',
  ];
  if (a) {
    parts.push(
      '### float32: every input',
      '',
      `Inputs: ${a.inputs}. Reference: float64 evaluation (scripts/verify/family.mjs, \`fillReference\`), within ${a.reference.worst.toFixed(2)} x 2^-53 of mpmath on test/fixtures/family-f32.bin (relative; siluDerivative in its band absolute, the soft-target gradient relative to S): ${Object.entries(a.reference.perFunction).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}. Same run as the table above (${Math.round(f32.seconds)} s in all).`,
      '',
      familyTable(a, 24),
      '',
      ...(Object.keys(a.specialsWrong ?? {}).length ? ['Special values wrong:', '', ...Object.values(a.specialsWrong).flat().map((l) => `- ${l}`), ''] : []),
      ...(a.skipped ? [`Relaxed-SIMD build not run: ${a.skipped}.`, ''] : []),
      'The float32 reference: e = e^-|x| (Math.exp), sigmoid 1/(1 + e) and e/(1 + e), softplus max(x, 0) + log1p(e),',
      'tanh Math.tanh, tanhDerivative 4e^2/(1 + e^2)^2, silu x sigmoid(x), siluDerivative s(x) (1 + x s(-x)) for x > 0 and',
      's(x) ((1 - |x|) + e)/(1 + e) for x < 0, logit log(p/(1 - p)) below 1/4 and log1p((2p - 1)/(1 - p)) above (both',
      'exact in float64 there), the loss (1 - y) softplus(x) + y softplus(-x) and the gradient (1 - y) s(x) - y s(-x), all in',
      'float64. The soft targets: 0.5, 1/3, 2/3, 0.25, 0.75, 0.1, 0.9, 0.01, 0.99, 1e-3, 1 - 1e-3, 1e-7, 1e-20, 1e-30, 2^-24,',
      '1 - 2^-24, 2^-23, 1 - 2^-23, 2^-126, 2^-149, then seeded uniform ones, log-spaced ones towards 0 (down to 2^-149)',
      'and towards 1 (up to 1 - 2^-24), all float32 (scripts/verify/family32.mjs, `softTargets`); and for each x the four',
      'float32 targets nearest sigmoid(x) (y = sigmoid(x) rounded, and -1, +1, +2 ULPs from it), where the gradient cancels.',
      '',
    );
  }
  if (b) {
    parts.push(
      '### float64: 200-bit reference',
      '',
      `Inputs: ${b.inputs}. Reference: ${b.reference}. Check ${b.seconds.toFixed(1)} s${b.generatedSeconds ? `, generating the points ${Math.round(b.generatedSeconds)} s` : ''}, Node ${f64.environment.node}.`,
      '',
      familyTable(b, 53),
      '',
      ...(Object.keys(b.specialsWrong ?? {}).length ? ['Special values wrong:', '', ...Object.values(b.specialsWrong).flat().map((l) => `- ${l}`), ''] : []),
      ...(b.skipped ? [`Relaxed-SIMD build not run: ${b.skipped}.`, ''] : []),
      `Dense walks (order only; included in the order column): ${Object.entries(b.walks.order).map(([build, v]) => `${BUILD[build] ?? build} ${Object.entries(v).map(([k, c]) => `${k} ${n(c)}`).join(', ')}`).join('; ')}.`,
      '',
      'The points (scripts/reference.py, `family_rows`): the sigmoid\'s set, the thresholds of each function and their',
      'neighbours (tanh rounding to 1 and near 0, results turning subnormal and underflowing, softplus rounding to x,',
      'siluDerivative\'s zero and band edges), logit\'s [0, 1] (uniform, log-spaced towards 0 and 1, around 1/2), each x with',
      'a target in turn (0, 1, soft, soft), x with y next to sigmoid(x) (the gradient\'s cancellation), and targets outside',
      `[0, 1]. Generated with \`python3 scripts/reference.py --sets family --types f64 --family-count N\` into .cache/ on first`,
      'use; the committed test-sized sets are test/fixtures/family-f32.bin and family-f64.bin.',
      '',
    );
  }
  return parts;
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
  parts.push(...familySection(f32, f64));
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
  const family = familyReadme(f32?.family, f64?.family);
  return `${lines.join('\n')}\n\nInputs: ${inputs.join('; ')}. Written by \`npm run verify:f32\` / \`verify:f64\`; every column, and each tier's bounds, in [ACCURACY.md](ACCURACY.md).${family}`;
}

/** The README's family table: bound and measured max error per function and type, and the contract's violations. */
function familyReadme(a, b) {
  if (!a && !b) return '';
  const lines = [
    '| sigmoid family (both tiers, every build) | float32: bound; max error | float64: bound; max error | violations (float32; float64) |',
    '|---|--:|--:|--:|',
  ];
  for (const key of Object.keys(RESULTS)) {
    const cell = (fam, p) => {
      const s = fam?.results[key];
      if (!s) return 'n/a';
      const c = fam.contract[key];
      return `${c.bound}; ${ulps(s.maxUlp, c.bound)}${c.unit === 'ulp' ? '' : ` (${unitName(c.unit, p)})`}`;
    };
    const v = [a, b].map((fam) => (fam?.results[key] ? familyBreaches(fam.results[key], fam.contract[key]) : 'n/a'));
    lines.push(`| ${FAMILY_LABEL[key] ?? key} | ${cell(a, 24)} | ${cell(b, 53)} | ${v.join('; ')} |`);
  }
  const inputs = [];
  if (a) inputs.push(`float32: ${a.inputs}`);
  if (b) inputs.push(`float64: ${b.inputs.replace(' (seeded)', '')}`);
  return `\n\n${lines.join('\n')}\n\nErrors in ULPs of the result, except siluDerivative near its zero (absolute, units of 2^-p) and the soft-target gradient (units of ULP(g) + 2^-p S, S = (1 - y) s(x) + y s(-x): it cancels where sigmoid(x) is near y); violations: the contract's failing counts (bound, range, NaN, special values, symmetry, builds, order where promised). Inputs: ${inputs.join('; ')}. Details in [ACCURACY.md](ACCURACY.md#the-sigmoid-family).`;
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
