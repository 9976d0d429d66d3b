// npm run verify:softmax — the functions over rows (softmax, logSoftmax,
// softmaxBackward, softmaxCrossEntropyWithLogits and its gradient) against
// better oracles, every build (SIMD, scalar, relaxed SIMD for the fast tier),
// both tiers, both types; the maxima these functions' rows of ACCURACY.md
// quote.
//
// The inputs:
// - the mpmath rows of test/fixtures/softmax-<type>.json (python3
//   scripts/reference.py --sets softmax: 200 bits, each true value a pair
//   hi + lo; rows of 1 to 1000 elements, entries from mild to 1e4 in float32
//   and 1e6 in float64, tiny and subnormal probabilities, -Inf, equal and
//   dominant entries, the special rows), each row's targets (probabilities
//   and a class index) and a backward step's y and dy;
// - long float32 rows (10^4 and 10^5 elements, seeded, entries in [-9, 9])
//   against softmax in float64 (e^(x_i - m) with x_i - m exact, the sum
//   compensated: within a few float64 ULP, far below a float32 one).
//   Long float64 rows have no better oracle here: only their row sums are
//   measured.
//
// The measures, in each function's unit (the tests' and the table's):
// - softmax, logSoftmax: ULP of the result; the fast float32 softmax may
//   round x_i - m once, so its figure is the error beyond |x_i - m| ULP
//   (its bound: 4 + |x_i - m|); logSoftmax in ULP everywhere, where x_i -
//   logsumexp cancels too (the issue allows 2^-p (|x_i| + |logsumexp|) there;
//   the kernels need no such allowance);
// - the loss (probability targets and class indices): ULP;
// - the loss's gradient softmax - t: ULP(g) + 2^-p softmax_i (it cancels
//   where softmax_i is near t_i);
// - the backward step y (dy - sum(dy y)): ULP + 2^-p y_i (sum |dy y| + |dy_i|);
// - row sums: |sum_i softmax_i - 1| in ULP(1) (2^-23, 2^-52), the sum taken
//   in float64, compensated; bound 4 ("a few ULP", whatever the row length).
// A figure over its bound (the table's, src/ops.ts) fails the run.
//
// Relaxed SIMD needs Node 22+: under the machine's Node 20 the script re-runs
// itself under Node 24 (npm run engines), as verify:f64 does.
//
// Usage: node scripts/verify/softmax.mjs [--write] [--json FILE]
//   (default)  writes test-output/softmax.json (or --json FILE): CI's mode
//   --write    also accuracy/softmax.json and ACCURACY.md (the committed results)
// Exit code 1 on any breach. Needs the build (dist/).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { ROOT, relaxedHere, since, ulp32, ulp64 } from './common.mjs';
import { writeReport } from './report.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const P = { float32: 24, float64: 53 };
const LONG = [10_000, 100_000];

function parseArgs(argv) {
  const args = { write: false, json: join(ROOT, 'test-output', 'softmax.json') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--write') args.write = true;
    else if (argv[i] === '--json') args.json = argv[++i];
    else {
      console.error(`verify:softmax: unknown argument ${argv[i]}\nusage: node scripts/verify/softmax.mjs [--write] [--json FILE]`);
      process.exit(2);
    }
  }
  return args;
}

const ULP = { float32: ulp32, float64: ulp64 };
const ulp = (v, dtype) => ULP[dtype](v);

const num = (v) => (typeof v === 'number' ? v : Number(v));
const arrayOf = (dtype, values) => (dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values));

/** One measure's running maximum and where. */
class Max {
  constructor() {
    this.max = 0;
    this.count = 0;
    this.at = null;
  }
  add(err, where) {
    this.count++;
    if (!(err <= this.max)) {
      this.max = err;
      this.at = where;
    }
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const relaxed = relaxedHere(SCRIPT);
  if (relaxed.error) {
    console.error(`verify:softmax: ${relaxed.error}`);
    process.exit(1);
  }
  const t0 = performance.now();
  const { createKernel } = await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href);
  const { OPS } = await import(pathToFileURL(join(ROOT, 'dist', 'table.js')).href);
  const { boundOf } = await import(pathToFileURL(join(ROOT, 'dist', 'op.js')).href);
  // The float64 sum in index order, compensated, that the package's reductions use.
  const { CompensatedSum } = await import(pathToFileURL(join(ROOT, 'dist', 'stream.js')).href);
  const neumaier = (values) => {
    const sum = new CompensatedSum();
    sum.add(values, 0, values.length);
    return sum.value;
  };
  const spec = (name) => OPS.find((s) => s.name === name);
  const bound = (name, dtype, tier) => boundOf(spec(name).kernels[dtype][tier]);
  const rows = {
    float32: JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'softmax-f32.json'), 'utf8')),
    float64: JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'softmax-f64.json'), 'utf8')),
  };
  const builds = [
    { build: 'simd', options: { simd: true, relaxed: false } },
    { build: 'scalar', options: { simd: false } },
    ...(relaxed.run ? [{ build: 'relaxed', options: { simd: true, relaxed: true }, fastOnly: true }] : []),
  ];

  const results = [];
  const failures = [];
  for (const { build, options, fastOnly } of builds) {
    for (const tier of ['fast', 'accurate']) {
      if (fastOnly && tier !== 'fast') continue;
      const k = createKernel({ ...options, precision: tier });
      for (const dtype of ['float32', 'float64']) {
        const p = P[dtype];
        const fastF32 = dtype === 'float32' && tier === 'fast';
        const m = {
          softmax: new Max(),
          logSoftmax: new Max(),
          'softmaxCrossEntropyWithLogits, probabilities': new Max(),
          'softmaxCrossEntropyWithLogits, class indices': new Max(),
          'softmaxCrossEntropyWithLogitsGradient, probabilities': new Max(),
          'softmaxCrossEntropyWithLogitsGradient, class indices': new Max(),
          softmaxBackward: new Max(),
          'softmax row sums': new Max(),
        };
        rows[dtype].forEach((row, r) => {
          const x = arrayOf(dtype, row.x.map(num));
          let xm = -Infinity;
          for (const v of x) xm = Math.max(xm, v);
          const soft = k.softmax(x);
          const logs = k.logSoftmax(x);
          if (row.p === undefined) return; // a special row: NaN, which the tests hold bit for bit
          const t = arrayOf(dtype, row.t);
          for (let i = 0; i < x.length; i++) {
            const hi = num(row.p[i][0]);
            const shift = fastF32 && Number.isFinite(x[i]) ? Math.abs(x[i] - xm) : 0;
            const e = hi === 0 && soft[i] === 0 ? 0 : Math.abs(soft[i] - hi - row.p[i][1]) / ulp(hi, dtype) - shift;
            m.softmax.add(Math.max(0, e), { row: r, i, x: x[i] });
            const lhi = num(row.l[i][0]);
            if (!Number.isFinite(lhi)) {
              m.logSoftmax.add(logs[i] === lhi ? 0 : Infinity, { row: r, i, x: x[i] });
              continue;
            }
            m.logSoftmax.add(Math.abs(logs[i] - lhi - row.l[i][1]) / ulp(lhi, dtype), { row: r, i, x: x[i] });
          }
          m['softmax row sums'].add(Math.abs(neumaier(soft) - 1) / 2 ** (1 - p), { row: r });
          const lossErr = (got, want) => (Number.isFinite(num(want[0])) ? Math.abs(got - num(want[0]) - want[1]) / ulp(num(want[0]), dtype) : got === num(want[0]) ? 0 : Infinity);
          m['softmaxCrossEntropyWithLogits, probabilities'].add(lossErr(k.softmaxCrossEntropyWithLogits(x, t)[0], row.loss), { row: r });
          m['softmaxCrossEntropyWithLogits, class indices'].add(lossErr(k.softmaxCrossEntropyWithLogits(x, Int32Array.of(row.c))[0], row.lossClass), { row: r });
          const grad = k.softmaxCrossEntropyWithLogitsGradient(x, t);
          const gradClass = k.softmaxCrossEntropyWithLogitsGradient(x, Uint32Array.of(row.c));
          for (let i = 0; i < x.length; i++) {
            const pi = num(row.p[i][0]);
            for (const [label, got, want] of [['probabilities', grad, row.grad], ['class indices', gradClass, row.gradClass]]) {
              const hi = num(want[i][0]);
              m[`softmaxCrossEntropyWithLogitsGradient, ${label}`].add(Math.abs(got[i] - hi - want[i][1]) / (ulp(hi, dtype) + 2 ** -p * pi), { row: r, i, x: x[i] });
            }
          }
          const y = arrayOf(dtype, row.y);
          const dy = arrayOf(dtype, row.dy);
          const dx = k.softmaxBackward(y, dy);
          let scale = 0;
          for (let i = 0; i < y.length; i++) scale += Math.abs(y[i] * dy[i]);
          for (let i = 0; i < dx.length; i++) {
            const hi = num(row.dx[i][0]);
            m.softmaxBackward.add(Math.abs(dx[i] - hi - row.dx[i][1]) / (ulp(hi, dtype) + 2 ** -p * y[i] * (scale + Math.abs(dy[i]))), { row: r, i, y: y[i] });
          }
        });
        // Long rows.
        for (const n of LONG) {
          let seed = n;
          const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
          const x = arrayOf(dtype, Array.from({ length: n }, () => 6 * (rand() + rand() + rand()) - 9));
          const soft = k.softmax(x);
          m['softmax row sums'].add(Math.abs(neumaier(soft) - 1) / 2 ** (1 - p), { row: `long ${n}` });
          if (dtype !== 'float32') continue;
          let xm = -Infinity;
          for (const v of x) xm = Math.max(xm, v);
          const e = Float64Array.from(x, (v) => Math.exp(v - xm));
          const s = neumaier(e);
          for (let i = 0; i < n; i++) {
            const want = e[i] / s;
            m.softmax.add(Math.max(0, Math.abs(soft[i] - want) / ulp(want, dtype) - (fastF32 ? Math.abs(x[i] - xm) : 0)), { row: `long ${n}`, i, x: x[i] });
          }
        }
        for (const [row, s] of Object.entries(m)) {
          if (s.count === 0) continue;
          const name = row.split(',')[0].replace(' row sums', '');
          const limit = row === 'softmax row sums' ? 4 : bound(name, dtype, tier);
          const unit = row.startsWith('softmaxCrossEntropyWithLogitsGradient') ? 'ULP + 2^-p softmax_i'
            : row === 'softmaxBackward' ? 'ULP + 2^-p y_i (sum |dy y| + |dy_i|)'
            : row === 'softmax row sums' ? 'ULP(1)'
            : row === 'softmax' && fastF32 ? 'ULP beyond |x_i - m|' : 'ULP';
          const entry = { function: row, dtype, tier, build, inputs: s.count, max: s.max, at: s.at, bound: limit, unit };
          results.push(entry);
          if (!(s.max <= limit)) failures.push(`${row} ${dtype} ${tier} ${build}: ${s.max} over ${limit} (${unit}) at ${JSON.stringify(s.at)}`);
        }
      }
    }
  }

  // The table: per function, type and tier, the maximum over the builds.
  const keyOf = (e) => `${e.function}|${e.dtype}|${e.tier}`;
  const merged = new Map();
  for (const e of results) {
    const m = merged.get(keyOf(e));
    if (m === undefined) merged.set(keyOf(e), { ...e, builds: [e.build] });
    else {
      m.builds.push(e.build);
      if (e.max > m.max) Object.assign(m, { max: e.max, at: e.at, build: e.build });
    }
  }
  const table = [...merged.values()];
  console.log(`${'function, inputs'.padEnd(54)} ${'type'.padEnd(8)} ${'tier'.padEnd(9)} ${'max'.padStart(8)} ${'bound'.padStart(6)}  unit (worst build)`);
  for (const e of table) console.log(`${e.function.padEnd(54)} ${e.dtype.padEnd(8)} ${e.tier.padEnd(9)} ${e.max.toFixed(3).padStart(8)} ${String(e.bound).padStart(6)}  ${e.unit} (${e.build})`);

  const data = {
    date: new Date().toISOString().slice(0, 10),
    engine: `Node ${process.version}`,
    machine: cpus()[0]?.model?.trim() ?? 'unknown',
    seconds: since(t0),
    relaxed: relaxed.run ? 'measured' : relaxed.skipped,
    inputs: `the mpmath rows of test/fixtures/softmax-f32.json (${rows.float32.length} rows) and softmax-f64.json (${rows.float64.length} rows); float32 rows of ${LONG.join(' and ')} against float64 (float64 long rows: sums only)`,
    table,
    results,
  };
  mkdirSync(dirname(args.json), { recursive: true });
  writeFileSync(args.json, `${JSON.stringify(data, null, 1)}\n`);
  if (args.write) {
    writeFileSync(join(ROOT, 'accuracy', 'softmax.json'), `${JSON.stringify({ ...data, results: undefined }, null, 1)}\n`);
    writeReport(ROOT);
  }
  console.log(`\nverify:softmax: ${results.length} figures (${builds.map((b) => b.build).join(', ')}), ${data.seconds} s${failures.length ? `, ${failures.length} over their bound:` : ', every one within its bound'}`);
  for (const f of failures) console.log(`  ${f}`);
  process.exit(failures.length ? 1 : 0);
}

await main();
