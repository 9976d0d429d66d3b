// npm run docs: the blocks made from the table of operations (dist/table.js:
// OPS, in docs order):
// - README's `function-table`: one row per function, its formula, its bounds
//   per type and tier, and its speed on Node 24 and Chromium from
//   bench/engines.json (npm run bench -- --engines); a function the
//   benchmark has not measured shows a dash;
// - docs/api.md's `function-contract`: what each entry promises (shape,
//   bounds, order, symmetry, range, exact special values).
//
// Run after a build (it reads dist/) and after a benchmark run. The other
// generated blocks are written by bench/report.mjs (the benchmark's) and
// scripts/verify/report.mjs (the accuracy sweeps'); test/node/docs.test.ts
// fails when any block differs from what its generator writes.
//
// Usage: node scripts/docs.mjs
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { boundOf } from '../dist/op.js';
import { OPS } from '../dist/table.js';
import { replaceBlock } from './replace-block.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The engines of the table's speed columns (bench/engines.json run names). */
export const SPEED_ENGINES = ['node24', 'chromium'];
/** The benchmark rows a speed comes from: float32, each tier's default kernel, arrays in wasm memory, this size. */
export const SPEED_N = 1e6;

const fmtBound = (kernel) => (typeof kernel.bound === 'number' ? String(kernel.bound) : `${boundOf(kernel, 0)}, ${boundOf(kernel, 1)}`);

/** One type's bounds: `fast / accurate`, or one figure when both tiers run the same kernel. */
function bounds(op, dtype) {
  const { fast, accurate } = op.kernels[dtype];
  if (fast.sameAs === 'accurate') return `${fmtBound(accurate)} (both)`;
  return `${fmtBound(fast)} / ${fmtBound(accurate)}`;
}

/**
 * The measured speed of a function's tier in one engine's record of
 * bench/engines.json: its zero-copy float32 row against the plain JS loop,
 * with the version and date of the run that measured it (the engine's
 * `parts`), or undefined.
 */
export function speedOf(run, name, tier = 'fast') {
  // A row measured with a kernel the table no longer has (its recorded algorithm differs) is not this function's speed.
  const now = OPS.find((s) => s.name === name)?.kernels.float32[tier].algorithm;
  const id = `${tier === 'fast' ? 'zero' : 'acc'}:${name}:float32`;
  const r = run.results?.find((q) => q.id === id && q.n === SPEED_N && q.vsPlainJs && (!q.algorithm || q.algorithm === now));
  if (!r) return undefined;
  const part = run.parts?.find((p) => p.ops.includes(name));
  return { ratio: r.vsPlainJs.median, version: part?.version ?? run.version, date: part?.date ?? run.date };
}

const SUPERSCRIPTS = '¹²³⁴⁵⁶⁷⁸⁹';
const fmtN = (n) => `10^${Math.round(Math.log10(n))}`;

/** The `function-table` block: one row per function, then what the columns mean. */
export function functionTable(ops, matrix) {
  const runs = SPEED_ENGINES.map((name) => matrix?.engines.find((r) => r.name === name));
  const speeds = ops.map((op) => runs.map((run) => (run ? { fast: speedOf(run, op.name), accurate: speedOf(run, op.name, 'accurate') } : {})));
  const measured = (s) => [s.fast, s.accurate].filter(Boolean);
  const title = (run, i) => {
    if (!run) return SPEED_ENGINES[i];
    const versions = [...new Set(speeds.flatMap((s) => measured(s[i]).map((m) => m.version)))];
    return `${run.name.startsWith('node') ? 'Node' : run.label} ${versions.length ? versions.join(', ') : run.version}`;
  };
  const notes = [];
  const rows = ops.map((op, k) => {
    const rowOptions = { rows: '{ rowLength }', rowsBinary: '{ rowLength }', rowsLoss: '{ rowLength, reduction }', rowsTargets: '{ rowLength }' }[op.shape];
    let name = `\`${op.name}(${[...op.inputs, ...(rowOptions ? [rowOptions] : [])].join(', ')})\``;
    const note = (text) => {
      if (!notes.includes(text)) notes.push(text);
      name += ` ${SUPERSCRIPTS[notes.indexOf(text)]}`;
    };
    if (op.absolute) note(`absolute near its zero: for ${op.inputs[0]} in [${op.absolute.join(', ')}] in units of 2^-24 (float32) and 2^-53 (float64)`);
    if ((op.shape === 'binary' || op.shape === 'loss') && !op.targets) note('not swept: held by its tests against exact products');
    if (rowOptions) note('over rows: held on mpmath rows of 1 to 1000 elements and float64 references to 10^5 (`npm run verify:softmax`, ACCURACY.md; test/api/softmax.test.ts); float32 fast softmax: within 4 + |x_i - max| ULP where it rounds x_i - max');
    const fmt = (m) => (m ? `${m.ratio.toFixed(1)}x` : '—');
    const cells = speeds[k].map((s) => `${fmt(s.fast)} / ${fmt(s.accurate)}`);
    return `| ${name} | ${op.formula} | ${bounds(op, 'float32')} | ${bounds(op, 'float64')} | ${cells.join(' | ')} |`;
  });
  const dates = [...new Set(speeds.flat().flatMap(measured).map((m) => m.date))].sort();
  return [
    `| function | formula | float32 bound (ULP), fast / accurate | float64 bound (ULP), fast / accurate | ${runs.map((run, i) => `speed, fast / accurate, ${title(run, i)}`).join(' | ')} |`,
    `|---|---|--:|--:|${runs.map(() => '--:').join('|')}|`,
    ...rows,
    '',
    'Bounds (src/ops.ts): max error in ULPs of the result (a pair: value, derivative), swept on every float32 input and a million',
    `mpmath points for float64 ([docs/accuracy.md](docs/accuracy.md)); "(both)": both tiers run the same kernel${notes.map((n, i) => `; ${SUPERSCRIPTS[i]} ${n}`).join('')}.`,
    `Speed: float32, each tier (fast: the default) on arrays in wasm memory, n = ${fmtN(SPEED_N)}, against the plain JS loop of the same`,
    `formula in the same engine (median of per-round ratios, \`npm run bench -- --engines\`${dates.length ? `, ${dates.join(' and ')}` : ''}); — not measured yet.`,
    'Every engine and size: [docs/benchmarks.md](docs/benchmarks.md).',
  ].join('\n');
}

/** A value as the docs print it: -0, Inf, and tiny powers of two as 2^-40. */
function fmtValue(v) {
  if (Object.is(v, -0)) return '-0';
  if (v === Infinity || v === -Infinity) return v > 0 ? 'Inf' : '-Inf';
  const e = v === 0 ? 0 : Math.log2(Math.abs(v));
  return Number.isInteger(e) && Math.abs(e) > 16 ? `${v < 0 ? '-' : ''}2^${e}` : String(v);
}

const ORDER = { 1: 'non-decreasing', [-1]: 'non-increasing', even: 'non-increasing in \\|x\\|' };

/** Where an entry's kernels keep their order: `always`, a tier, a type, or each kernel named. */
function orderOf(op) {
  const kept = ['float32', 'float64'].flatMap((d) => ['fast', 'accurate'].filter((p) => op.kernels[d][p].monotone).map((p) => `${d} ${p}`));
  if (!op.monotone || kept.length === 0) return '—';
  const where =
    kept.length === 4 ? '' :
    kept.join() === 'float32 accurate,float64 accurate' ? ': accurate tier' :
    kept.join() === 'float32 fast,float32 accurate' ? ': float32' :
    kept.join() === 'float64 fast,float64 accurate' ? ': float64' :
    `: ${kept.join(', ')}`;
  return `${ORDER[op.monotone]}${where}`;
}

/** An entry's exact special values: `x → f(x)`, `(x, y) → f(x, y)`, or `x → value, derivative`. */
function specialsOf(op) {
  return op.special
    .map((s) => {
      const v = s.map(fmtValue);
      if (op.shape === 'pair') return `${v[0]} → ${v[1]}, ${v[2]}`;
      if (op.shape === 'unary') return `${v[0]} → ${v[1]}`;
      return `(${v[0]}, ${v[1]}) → ${v[2]}`;
    })
    .join('; ');
}

/** docs/api.md's `function-contract` block: each entry's promises, as the tests and sweeps check them. */
export function contractTable(ops) {
  return [
    '| function | shape | float32 bound, fast / accurate | float64 bound, fast / accurate | in order | symmetry | range | exact values |',
    '|---|---|--:|--:|---|---|---|---|',
    ...ops.map((op) =>
      `| \`${op.name}\` | ${op.shape} | ${bounds(op, 'float32')} | ${bounds(op, 'float64')} | ${orderOf(op)} | ${op.symmetry ?? '—'} | ${op.range ? `[${op.range.map(fmtValue).join(', ')}]` : '—'} | ${specialsOf(op)} |`,
    ),
    '',
    'Made from the entries of src/ops.ts by `npm run docs`. Bounds in ULPs of the result (a pair: value, derivative); "(both)":',
    'both tiers run the same kernel. "In order": the kernels that keep it (every float32 input is checked against its',
    'neighbour); symmetry `odd` is `f(-x) === -f(x)`, `even` is `f(-x) === f(x)`, bit for bit. Exact values hold bit for bit in',
    'both types and every build.',
  ].join('\n');
}

/** Reads bench/engines.json under a root, or null. */
export function readMatrix(root) {
  const file = join(root, 'bench', 'engines.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

/** Writes every block this script owns under a root (in check mode: compares, see scripts/replace-block.mjs). */
export function writeDocs(root = ROOT) {
  replaceBlock(join(root, 'README.md'), 'function-table', functionTable(OPS, readMatrix(root)));
  replaceBlock(join(root, 'docs', 'api.md'), 'function-contract', contractTable(OPS));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeDocs();
  console.log("README.md's function table and docs/api.md's contract table written");
}
