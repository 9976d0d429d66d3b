// Writes ACCURACY.md and the headline block of docs/accuracy.md
// (`accuracy-table`) from accuracy/f32.json and accuracy/f64.json (npm run
// verify:f32 -- --full / --update, and verify:f64). The JSON holds, per
// kernel, its contract (bounds per row, what it promises) and per build its
// figures, so the report needs nothing else. Run directly to rewrite both
// from the committed JSON: node scripts/verify/report.mjs
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { replaceBlock } from '../replace-block.mjs';

const PEERS = {
  'plain-js': 'plain JS loop',
  'tfjs-wasm': 'TensorFlow.js wasm (XNNPACK)',
  'tfjs-cpu': 'TensorFlow.js cpu',
  'onnxruntime-web': 'onnxruntime-web (wasm)',
};
const BUILD = { simd: 'SIMD', scalar: 'scalar', relaxed: 'relaxed SIMD' };
const UNIT = (unit, p) => ({ ulp: 'ULP', abs: `2^-${p} (absolute)`, mixed: `ULP + 2^-${p} S` })[unit];

const n = (v) => (typeof v === 'number' ? v.toLocaleString('en-US') : '-');

/**
 * A max error: 3 decimals, more where 3 would hide which side of the bound it
 * is on (0.50245 against 0.502); large ones in exponent form.
 */
function err(v, bound = Infinity) {
  if (v === null || v === undefined) return '-';
  if (!Number.isFinite(v)) return String(v);
  if (v >= 1e4) return v.toExponential(1);
  let digits = 3;
  while (digits < 8 && Number(v.toFixed(digits)) <= bound !== v <= bound) digits++;
  return v.toFixed(digits);
}

function fmtX(x) {
  if (x === null || x === undefined) return '-';
  if (Object.is(x, -0)) return '-0';
  return Number.isInteger(x) ? String(x) : Number(x).toPrecision(9);
}

/** A row's name in the tables: the function, and the row where the kernel has several. */
function rowLabel(k, row) {
  if (row.row === 'x' && k.rows.length === 1) return k.function;
  if (row.row === 'x') return `${k.function} (x outside the absolute interval)`;
  if (row.row === 'absolute') return `${k.function}, absolute interval`;
  if (row.row === 'soft') return `${k.function}, 0 < y < 1`;
  if (row.row.startsWith('y = ')) return `${k.function}, ${row.row}`;
  return `${k.function}: ${row.row}`;
}

/** The tiers a kernel serves, as the tables name them. */
const tiersOf = (k) => (k.tiers.length === 2 ? 'both' : k.tiers[0]);

/** The contract's failing counts of one row (none: '0'). */
function breaches(s, row, promised) {
  const parts = [];
  if (!(s.maxError <= row.bound)) parts.push('over the bound');
  const named = { outside: 'outside range', nanForNumber: 'NaN for a number', nanLost: 'a number for NaN', special: 'at ±Inf', symmetry: 'asymmetric', partMismatch: 'pair != parts' };
  if (row.unit === 'ulp') named.flushed = 'flushed to 0';
  if (promised) named.order = 'order';
  for (const [key, label] of Object.entries(named)) if (s[key] > 0) parts.push(`${label} ${n(s[key])}`);
  return parts.length === 0 ? '0' : parts.join('; ');
}

/** Every measured row of a type's results: { k, build, rec, row, s }. */
function measured(data) {
  const out = [];
  for (const k of Object.values(data?.kernels ?? {})) {
    for (const [build, rec] of Object.entries(k.builds)) {
      if (!rec.rows) continue;
      for (const row of k.rows) if (rec.rows[row.row]) out.push({ k, build, rec, row, s: rec.rows[row.row] });
    }
  }
  return out;
}

/** The full table of a type: every kernel, build and row, every column. */
function fullTable(data, p) {
  const lines = [
    '| function, inputs | tier | kernel | build | inputs | max error | bound | unit | at x | at y | > 0.5 | > 1 | > 2 | > 3 | order violations | asymmetric | outside range | NaN wrong | flushed to 0 | wrong at ±Inf | pair != parts | scalar = SIMD (mismatches) | relaxed != SIMD (of) | contract violations |',
    '|---|---|---|---|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const { k, build, rec, row, s } of measured(data)) {
    const scalar = build === 'simd' ? k.builds.scalar : null;
    const order = k.direction === null && row.row !== 'value' && row.row !== 'derivative' ? '-' : k.monotone ? n(s.order) : `${n(s.order)} (not promised)`;
    const relaxed = build === 'relaxed' ? `${n(rec.differs)} (${n(rec.compared)})` : build === 'simd' && k.builds.relaxed?.sameCodeAs ? 'same code' : build === 'simd' && !k.builds.relaxed ? 'not run' : '-';
    lines.push(
      `| ${rowLabel(k, row)} | ${tiersOf(k)} | \`${k.algorithm}\` | ${BUILD[build]} | ${n(s.count)} | ${err(s.maxError, row.bound)}${s.maxError <= row.bound ? ' ✓' : ' ✗'} | ${row.bound} | ${UNIT(row.unit, p)} | ${fmtX(s.maxX)} | ${fmtX(s.maxY)} | ${n(s.over05)} | ${n(s.over1)} | ${n(s.over2)} | ${n(s.over3)} | ${order} | ${k.symmetry ? n(s.symmetry) : '-'} | ${n(s.outside)} | ${n(s.nanForNumber + s.nanLost)} | ${n(s.flushed)} | ${n(s.special)} | ${k.shape === 'pair' ? n(s.partMismatch) : '-'} | ${scalar ? n(scalar.mismatches) : '-'} | ${relaxed} | ${breaches(s, row, k.monotone)} |`,
    );
  }
  return lines.join('\n');
}

/** When and how each kernel build was last swept in full, and its record key. */
function recordsTable(data) {
  const lines = ['| kernel | build | last full sweep | key | code |', '|---|---|---|---|---|'];
  for (const [id, k] of Object.entries(data?.kernels ?? {})) {
    for (const [build, rec] of Object.entries(k.builds)) {
      if (rec.sameCodeAs) lines.push(`| ${id} | ${BUILD[build]} | the ${BUILD[rec.sameCodeAs]} build's code | - | ${rec.code} |`);
      else lines.push(`| ${id} | ${BUILD[build]} | ${rec.date ?? '-'}, Node ${rec.node ?? '?'}${rec.fma ? `, relaxed_madd ${rec.fma}` : ''} | ${rec.key ?? '-'} | ${rec.code ?? '-'} |`);
    }
  }
  return lines.join('\n');
}

function peersTable(data) {
  const peers = data?.peers;
  if (!peers || !peers.results || Object.keys(peers.results).length === 0) return '';
  const lines = [
    '| implementation | function | inputs | max error (ULP) | at x | > 0.5 | > 1 | > 2 | > 3 | order violations (stride apart) | asymmetric | outside range | NaN wrong | flushed to 0 |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const [peer, fns] of Object.entries(peers.results)) {
    for (const [fn, s] of Object.entries(fns)) {
      lines.push(`| ${PEERS[peer] ?? peer} | ${fn} | ${n(s.count)} | ${err(s.maxError)} | ${fmtX(s.maxX)} | ${n(s.over05)} | ${n(s.over1)} | ${n(s.over2)} | ${n(s.over3)} | ${n(s.order)} | ${fn === 'sigmoidDerivative' ? n(s.symmetry) : '-'} | ${n(s.outside)} | ${n(s.nanForNumber + s.nanLost)} | ${n(s.flushed)} |`);
    }
  }
  const from = peers.from ? ` (${peers.from})` : '';
  const list = (peers.info ?? []).map((p) => `- ${p.label}`).join('\n');
  return `${lines.join('\n')}\n\nThe peers${from}, on ${peers.stride ? `every ${peers.stride}th magnitude, both signs` : 'the same points'}:\n\n${list}`;
}

/** The contract as the JSON holds it: per function and row, the bound of each type and tier. */
function contractTable(f32, f64) {
  const lines = ['| function, inputs | float32 fast | float32 accurate | float64 fast | float64 accurate | in order (float32; float64) |', '|---|--:|--:|--:|--:|---|'];
  const cells = new Map();
  const add = (data, t, p) => {
    for (const k of Object.values(data?.kernels ?? {})) {
      for (const row of k.rows) {
        const label = rowLabel(k, row);
        if (!cells.has(label)) cells.set(label, { order: {} });
        const c = cells.get(label);
        for (const tier of k.tiers) c[`${t} ${tier}`] = `${row.bound}${row.unit === 'ulp' ? '' : ` (${UNIT(row.unit, p)})`}${k.tiers.length === 2 ? ' (both)' : ''}`;
        const promised = k.monotone ? 'yes' : k.direction !== null || row.row === 'value' || row.row === 'derivative' ? 'counted' : '-';
        (c.order[t] ??= new Set()).add(`${k.tiers.length === 2 ? '' : `${k.tier}: `}${promised}`);
      }
    }
  };
  add(f32, 'float32', 24);
  add(f64, 'float64', 53);
  for (const [label, c] of cells) {
    const order = ['float32', 'float64'].map((t) => [...(c.order[t] ?? ['-'])].join(', ')).join('; ');
    lines.push(`| ${label} | ${c['float32 fast'] ?? 'n/a'} | ${c['float32 accurate'] ?? 'n/a'} | ${c['float64 fast'] ?? 'n/a'} | ${c['float64 accurate'] ?? 'n/a'} | ${order} |`);
  }
  return lines.join('\n');
}

function typeSection(data, title, p, method) {
  if (!data?.kernels) return [];
  const env = data.environment ?? {};
  const worst = data.reference?.perFunction ? Object.entries(data.reference.perFunction).map(([k, v]) => `${k} ${v}`).join(', ') : '';
  const specials = [...Object.entries(data.kernels).flatMap(([id, k]) => Object.entries(k.builds).flatMap(([b, r]) => (r.specialsWrong ?? []).map((l) => `${id} (${b}): ${l}`))), ...(data.notSwept ?? []).flatMap((k) => Object.entries(k.specialsWrong ?? {}).flatMap(([b, ls]) => ls.map((l) => `${k.id} (${b}): ${l}`)))];
  return [
    `## ${title}`,
    '',
    `Inputs: ${describeInputs(data)}. Reference: ${data.reference?.against ?? ''}${data.reference?.worst !== undefined ? `; the float64 references within ${data.reference.worst} x 2^-53 of it on ${(data.reference.fixtures ?? []).join(', ')} (${worst})` : ''}. ${data.seconds ? `Last full run ${Math.round(data.seconds)} s${data.workers ? ` on ${data.workers} worker threads` : ''}, ` : ''}Node ${env.node ?? '?'}, ${env.cpu ?? '?'}${env.fma ? `, relaxed_madd ${env.fma}` : ''}.`,
    '',
    fullTable(data, p),
    '',
    specials.length ? `Special values wrong:\n\n${specials.map((l) => `- ${l}`).join('\n')}\n` : `Every entry's special values hold bit for bit on every build${data.relaxed?.skipped ? ' (relaxed SIMD not run)' : ''}.`,
    '',
    ...(data.walks ? [`Dense walks (order only; in the order column): ${data.walks.description}.`, ''] : []),
    peersTable(data),
    '',
    method,
    '',
    `<details><summary>Records: when each kernel build was last swept in full, and its key</summary>\n\n${recordsTable(data)}\n\n</details>`,
    '',
  ];
}

/** The functions over rows (accuracy/softmax.json, npm run verify:softmax -- --write): the maximum over the builds per function, type and tier. */
function rowsSection(data) {
  const lines = [
    '| function, inputs | type | tier | max error | bound | unit | worst build (of) |',
    '|---|---|---|--:|--:|---|---|',
    ...data.table.map((e) => `| ${e.function} | ${e.dtype} | ${e.tier} | ${err(e.max, e.bound)} ${e.max <= e.bound ? '✓' : '✗'} | ${e.bound} | ${e.unit.replaceAll('|', '\\|')} | ${e.build} (${e.builds.join(', ')}) |`),
  ];
  return [
    '## Softmax and its relatives: rows',
    '',
    `Inputs: ${data.inputs}. Reference: mpmath at 200 bits (scripts/reference.py --sets softmax), each true value a pair hi + lo; the long float32 rows against softmax in float64. ${data.engine}, ${data.machine}, ${data.date}, ${data.seconds} s.`,
    '',
    lines.join('\n'),
    '',
    'The fast float32 softmax may round x_i - m once: its figure is the error beyond |x_i - m| ULP (its bound is 4 + |x_i - m|). The loss\'s gradient softmax - t is measured in ULP(g) + 2^-p softmax_i (it cancels where softmax_i is near t_i), the backward step in ULP + 2^-p y_i (sum |dy y| + |dy_i|) (dy_i - sum cancels), row sums in ULP(1) (2^-23, 2^-52) of |sum - 1|, the sum compensated. Special rows (NaN, all -Inf, +Inf entries) are exact, and held bit for bit by test/api/softmax.test.ts.',
    '',
    'Method: `npm run verify:softmax` (scripts/verify/softmax.mjs; CI runs it, `-- --write` rewrites this section).',
    '',
  ];
}

function describeInputs(data) {
  const i = data.inputs ?? {};
  if (typeof i === 'string') return i;
  return [i.x, i.targets, i.soft, i.points, i.walks].filter(Boolean).join('; ');
}

export function writeReport(root) {
  const load = (name) => {
    const file = join(root, 'accuracy', `${name}.json`);
    const data = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
    return data?.kernels ? data : null;
  };
  const f32 = load('f32');
  const f64 = load('f64');
  const softmaxFile = join(root, 'accuracy', 'softmax.json');
  const rows = existsSync(softmaxFile) ? JSON.parse(readFileSync(softmaxFile, 'utf8')) : null;
  const parts = [
    '# Accuracy',
    '',
    '<!-- Written by scripts/verify/report.mjs from accuracy/*.json (npm run verify:f32 -- --full or --update, npm run verify:f64). Do not edit. -->',
    '',
    'Every function\'s kernels, per type and tier, with the bound of each row from the table of operations (`src/ops.ts`):',
    '',
    contractTable(f32, f64),
    '',
    '"(both)": both tiers run that kernel. "in order": promised (a violation fails the sweep), or counted and published only.',
    '',
    'Errors are measured against a more precise reference, in ULPs of the result type at the true value (Goldberg\'s definition:',
    'the spacing of the binade that holds the true value; below the normal range, the subnormal spacing). Inside an entry\'s',
    '`absolute` interval (siluDerivative near its zero, where no relative bound can hold) the error is absolute, in units of',
    '2^-p (p = 24, 53). For soft targets (0 < y < 1) of a binary function with a scale in `src/reference.ts` (the loss\'s',
    'gradient g = sigmoid(x) - y, which cancels where sigmoid(x) is near y) the unit is ULP(g) + 2^-p S, S the size of the terms',
    '((1 - y) sigmoid(x) + y sigmoid(-x)). "> 0.5" counts the results that are not correctly rounded (with 10^-6 of slack for',
    'the reference\'s own error). "Order violations": adjacent inputs (consecutive floats) where the result goes against the',
    'entry\'s direction; they fail only where the kernel promises order. "Asymmetric": f(-x) not bit for bit f(x) (even) or',
    '-f(x) (odd). "NaN wrong": a NaN for a number, or a number where the result is NaN (a NaN input, outside the domain).',
    '"Flushed to 0": 0 where the correctly rounded result is not (a failure in relative rows). "Wrong at ±Inf": not the',
    'reference\'s exact value there. "pair != parts": the pair\'s results not bit for bit its parts\'. The SIMD build is',
    'measured; the scalar build must give the same bits (any NaN matching any NaN); the relaxed-SIMD build, where its code',
    'differs from the SIMD build\'s (fused multiply-add, fast float32 kernels), is measured against the same bounds and its',
    'differences from the SIMD build are counted; where its code is the SIMD build\'s ("same code", by a hash of what the',
    'export runs) nothing more is needed. Each entry\'s special values (`special` in its entry) hold bit for bit, every build.',
    '',
    ...typeSection(
      f32,
      'float32: every input',
      24,
      'Method: `npm run verify:f32 -- --full` (scripts/verify/f32.mjs, scripts/verify/sweep32.mjs). Each kernel build\'s figures are from its last full sweep; CI (`npm run verify:f32`) sweeps in full every kernel build whose key (a hash of its code, its reference, its contract, the method, and for the relaxed build whether this machine fuses relaxed_madd) differs from its record below, and the others on a fixed sample of 16 of the 512 blocks. The peers run on every 64th magnitude, so their order column compares samples 64 bit patterns apart. TensorFlow.js has no float32 derivative kernel of its own: its row is the gradient of `tf.sigmoid` through `tf.grad` (`dy * y * (1 - y)` from the rounded y); the plain JS derivative is `s * (1 - s)` from `s = 1 / (1 + Math.exp(-x))`. onnxruntime-web has no derivative.',
    ),
    ...typeSection(
      f64,
      'float64: 200-bit reference',
      53,
      'Method: `npm run verify:f64` (scripts/verify/f64.mjs): the mpmath points of `python3 scripts/reference.py` (200 bits, each true value a float64 pair hi + lo), generated into .cache/reference/ on first use (the committed test-sized sets are test/fixtures/f64.bin and family-f64.bin).',
    ),
    ...(rows === null ? [] : rowsSection(rows)),
  ];
  writeIfChanged(join(root, 'ACCURACY.md'), parts.join('\n'));
  replaceBlock(join(root, 'docs', 'accuracy.md'), 'accuracy-table', headline(f32, f64));
}

/** The headline block: per function and row, each tier's bound and max error in both types; then the peers. */
function headline(f32, f64) {
  const lines = [
    '| function, inputs | float32 fast: bound; max error | float32 accurate | float64 fast | float64 accurate | float32 order violations (fast; accurate) |',
    '|---|--:|--:|--:|--:|--:|',
  ];
  const table = new Map();
  const add = (data, t) => {
    for (const { k, build, row, s } of measured(data)) {
      const label = rowLabel(k, row);
      if (!table.has(label)) table.set(label, {});
      const c = table.get(label);
      for (const tier of k.tiers) {
        const key = `${t} ${tier}`;
        const cell = (c[key] ??= { bound: row.bound, unit: row.unit, simd: null, relaxed: null, order: null, both: k.tiers.length === 2 });
        if (build === 'simd') {
          cell.simd = s.maxError;
          cell.order = k.direction !== null || row.row === 'value' || row.row === 'derivative' ? s.order : null;
        } else cell.relaxed = s.maxError;
      }
    }
  };
  add(f32, 'float32');
  add(f64, 'float64');
  const show = (c, p) => {
    if (!c) return 'n/a';
    const unit = c.unit === 'ulp' ? '' : ` (${UNIT(c.unit, p)})`;
    const relaxed = c.relaxed !== null ? `, relaxed ${err(c.relaxed, c.bound)}` : '';
    return `${c.bound}; ${err(c.simd, c.bound)}${relaxed}${unit}${c.both ? ' (both)' : ''}`;
  };
  for (const [label, c] of table) {
    const order = ['float32 fast', 'float32 accurate'].map((key) => (c[key]?.order === null || c[key] === undefined ? '-' : n(c[key].order))).join('; ');
    lines.push(`| ${label} | ${show(c['float32 fast'], 24)} | ${show(c['float32 accurate'], 24)} | ${show(c['float64 fast'], 53)} | ${show(c['float64 accurate'], 53)} | ${order} |`);
  }
  const out = [lines.join('\n'), ''];
  out.push(
    `Max error in ULPs of the result, except where a unit is named (absolute near a zero; ULP + 2^-p S for the gradient's soft targets); "(both)": both tiers run that kernel; "relaxed": the relaxed-SIMD build where its code differs (fused multiply-add on this machine: ${f32?.environment?.fma ?? 'n/a'}). float32: ${f32 ? describeInputs(f32) : 'n/a'}. float64: ${f64 ? describeInputs(f64) : 'n/a'}. Every column, the peers and the records in [ACCURACY.md](../ACCURACY.md).`,
  );
  const peers = f32?.peers?.results;
  if (peers && Object.keys(peers).length) {
    const p64 = f64?.peers?.results ?? {};
    const cell = (s) => (s ? `${err(s.maxError)}; ${n(s.flushed)}` : 'n/a');
    out.push('', '| peer: max error (ULP); flushed to 0 | float32 sigmoid | float32 derivative | float64 sigmoid | float64 derivative |', '|---|--:|--:|--:|--:|');
    for (const [peer, fns] of Object.entries(peers)) out.push(`| ${PEERS[peer] ?? peer} | ${cell(fns.sigmoid)} | ${cell(fns.sigmoidDerivative)} | ${cell(p64[peer]?.sigmoid)} | ${cell(p64[peer]?.sigmoidDerivative)} |`);
    out.push('', `The peers: float32 on every ${f32.peers.stride}th magnitude, both signs (${f32.peers.from}); float64 on the mpmath points.`);
  }
  return out.join('\n');
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
