// npm run verify:f32 — every float32 input through every float32 kernel of
// the table of operations (src/ops.ts), every build.
//
// What is swept: each entry's float32 kernel per tier (once where both tiers
// run the same kernel: `sameAs`), unary and pair entries over all 2^32 bit
// patterns of x, binary entries with `targets` over all x at each target and
// a sampled sweep of soft targets (sweep32.mjs says how). Binary entries
// without targets (sigmoidBackward) are not swept; their special values are
// checked. The builds (build/<name>.<build>.wasm, loaded directly over one
// memory with build/data.bin at its offset):
//   simd     measured against the float64 reference (src/reference.ts), after
//            that reference is checked against the 200-bit mpmath fixtures
//            (test/fixtures/f32.bin, family-f32.bin);
//   scalar   compared with simd bit for bit: must match;
//   relaxed  where an export's code (scripts/wasm-binary.mjs codeHash) is
//            simd's, it is the same code: nothing more; where it differs (the
//            fast kernels that use f32x4.relaxed_madd) measured against its own
//            bounds, its differences from simd counted. It needs an engine with
//            relaxed SIMD: under the machine's Node 20 the script re-runs itself
//            under Node 24 (npm run engines); without it the relaxed build is
//            skipped locally and a failure under CI (env CI).
// Every row is held to the table's contract (bound per row, in ULPs, or the
// absolute unit inside the entry's `absolute` interval, or the mixed unit for
// soft targets where src/reference.ts has a SCALE; range, NaN in and out,
// nothing flushed to 0 in a relative row, the pair bit for bit its parts,
// symmetry; order only where the kernel's `monotone` is true, though it is
// counted and published for every entry with a direction), and each entry's
// `special` values bit for bit on every build. Exit code 1 on any breach.
//
// Records (accuracy/f32.json, committed): per kernel and build, the figures
// of its last full sweep and a key: a hash of the code it runs (codeHash of
// the module's export and of the segments of build/data.bin it reads; for
// scalar, also the simd code it is compared with; for a pair, its parts'),
// of the reference and of the
// contract it is held to, of this method (sweep32.mjs), and for the relaxed
// build, of what this machine's relaxed_madd does (fused or not).
//
// Modes:
//   (default)  CI's mode. A kernel build whose key matches its record is
//              swept on a fixed sample (sweep32.mjs SAMPLE_BLOCKS: 16 of the
//              512 blocks of 2^22 magnitudes, both signs) and held to its
//              bounds there, its record standing for the rest; one whose key
//              does not match (or that has no record) is swept in full. Never
//              writes a committed file: the results go to test-output/f32.json
//              (or --json FILE).
//   --update   the same, then writes the records of the kernels swept in full
//              into accuracy/f32.json, and ACCURACY.md (after changing a
//              kernel: only what changed is swept in full).
//   --full     every kernel build swept in full; rewrites accuracy/f32.json and
//              ACCURACY.md (about 10-20 minutes on two cores). With the peers
//              (bench/peers.mjs) at --stride, unless --no-peers (then their
//              rows are carried over from the committed JSON).
//   --sample K a smoke run: every K-th block and the last two, no records;
//              writes test-output/f32-sample.json unless --json.
// Options: --only name[,name]  these entries only; --workers N (default: one
// per core); --soft-stride S (default 512); --stride S (the peers', 64);
// --json FILE.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import { BUILDS, ROOT, Stats, checkSpecials, contractOf, fmaMode, fmt, instantiate, kernelIdOf, kernelsOf, loadBuilds, loadTable, makeMemory, ordinal, printTable, readFixtures, referenceHash, relaxedHere, sha256, short, since, violations } from './common.mjs';
import { BLOCKS, SAMPLE_BLOCKS, directionOf, softTargets } from './sweep32.mjs';
import { writeReport } from './report.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const SWEEP = join(dirname(SCRIPT), 'sweep32.mjs');
const COMMITTED = join(ROOT, 'accuracy', 'f32.json');

function parseArgs(argv) {
  const args = { full: false, update: false, sample: 0, only: [], peers: true, workers: availableParallelism(), softStride: 512, stride: 64, json: '' };
  const usage = 'usage: node scripts/verify/f32.mjs [--full | --update | --sample K] [--only name,...] [--no-peers] [--workers N] [--soft-stride S] [--stride S] [--json FILE]';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--full') args.full = true;
    else if (a === '--update') args.update = true;
    else if (a === '--ci') continue; // the default, named for the reader of .ci/run
    else if (a === '--sample') args.sample = Number(argv[++i]);
    else if (a === '--blocks') args.blocks = (argv[++i] ?? '').split(',').map(Number); // a sample of these blocks (profiling)
    else if (a === '--only') args.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--no-peers') args.peers = false;
    else if (a === '--peers') args.withPeers = true; // the peers in any mode (default: --full only)
    else if (a === '--workers') args.workers = Number(argv[++i]);
    else if (a === '--soft-stride') args.softStride = Number(argv[++i]);
    else if (a === '--stride') args.stride = Number(argv[++i]);
    else if (a === '--json') args.json = argv[++i] ?? '';
    else if (a === '--help') {
      console.log(usage);
      process.exit(0);
    } else {
      console.error(`verify:f32: unknown argument ${a} (${usage})`);
      process.exit(2);
    }
  }
  for (const key of ['workers', 'softStride', 'stride']) if (!Number.isInteger(args[key]) || args[key] < 1) throw new RangeError(`--${key} must be a positive integer`);
  if (args.blocks) args.sample ||= BLOCKS;
  if (args.sample !== 0 && (!Number.isInteger(args.sample) || args.sample < 1)) throw new RangeError('--sample must be a positive integer');
  if ((1 << 22) % args.softStride !== 0) throw new RangeError('--soft-stride must divide 2^22');
  if ([args.full, args.update, args.sample > 0].filter(Boolean).length > 1) throw new RangeError('--full, --update and --sample exclude each other');
  args.write = (args.full || args.update) && args.sample === 0;
  args.json ||= join(ROOT, 'test-output', args.sample ? 'f32-sample.json' : 'f32.json');
  return args;
}

/**
 * A hash of this method: the worker's file and the shared pieces it measures
 * with. Change how a kernel is measured, and every record's key changes.
 */
async function methodHash() {
  const common = await import('./common.mjs');
  return sha256(readFileSync(SWEEP, 'utf8'), String(common.Stats), String(common.recordError), String(common.makeUlp), String(common.THRESHOLD), String(common.INV_ULP32.length), String(common.rowsOf), String(common.kernelIdOf));
}

/**
 * The float64 references against the 200-bit mpmath fixtures: per swept
 * entry and result, the worst error in units of 2^-53 (relative; absolute in
 * the entry's `absolute` interval; relative to SCALE for binary entries that
 * have one). Throws if one is missing or over 2^-48.
 */
function checkReference(table, kernels) {
  const { OPS, REFERENCE, SCALE } = table;
  const dir = join(ROOT, 'test', 'fixtures');
  const fixtures = readFixtures({ sigmoid: join(dir, 'f32.bin'), family: join(dir, 'family-f32.bin') }, OPS);
  const worst = {};
  const missing = [];
  const done = new Set();
  for (const K of kernels) {
    for (const k of K.shape === 'pair' ? [0, 1] : [0]) {
      const label = K.shape === 'pair' ? `${K.name}[${k}]` : K.name;
      if (done.has(label)) continue;
      done.add(label);
      const c = fixtures.columnOf(K.name, k);
      if (c === null) {
        missing.push(label);
        continue;
      }
      const spec = OPS.find((s) => s.name === K.name);
      const absolute = spec.shape === 'pair' ? null : spec.absolute;
      const R = REFERENCE[K.name];
      const S = SCALE[K.name];
      let w = 0;
      let wAbs = 0;
      const { x, y } = c.set;
      for (let i = 0; i < c.set.n; i++) {
        if (!Number.isFinite(x[i])) continue;
        const hi = c.column.hi[i];
        const lo = c.column.lo[i];
        if (!Number.isFinite(hi)) continue;
        const yy = c.binary ? y[i] : 0;
        if (c.binary && !(yy >= 0 && yy <= 1)) continue;
        const got = R(x[i], yy, k);
        const diff = Math.abs(got - hi - lo);
        if (absolute && x[i] >= absolute[0] && x[i] <= absolute[1]) wAbs = Math.max(wAbs, diff / 2 ** -53);
        else if (S && yy > 0 && yy < 1) w = Math.max(w, diff / S(x[i], yy) / 2 ** -53);
        else if (hi !== 0) w = Math.max(w, diff / Math.abs(hi + lo) / 2 ** -53);
        else if (got !== 0) w = Infinity;
      }
      worst[label] = Number(w.toFixed(3));
      if (absolute) worst[`${label} (absolute)`] = Number(wAbs.toFixed(3));
    }
  }
  if (missing.length) throw new Error(`no mpmath fixture for ${missing.join(', ')}: add the function to scripts/reference.py (FAMILY) and run npm run fixtures`);
  const max = Math.max(...Object.values(worst));
  if (!(max <= 32)) throw new Error(`the float64 reference is not within 2^-48 of mpmath (worst ${max} x 2^-53): not accurate enough to judge float32 results (${JSON.stringify(worst)})`);
  return { worst: max, perFunction: worst, fixtures: fixtures.sets.map((s) => `${s.file.slice(ROOT.length + 1)} (${s.n} points)`) };
}

/** Each kernel's special values on each build (a small memory of its own): the wrong lines. */
function specials(table, builds, allKernels, buildNames) {
  const { OPS } = table;
  const { memory, alloc } = makeMemory(builds, 1 << 16);
  const n = 256;
  const ptr = { x: alloc(4 * n), y: alloc(4 * n), a: alloc(4 * n), b: alloc(4 * n) };
  const view = (p) => new Float32Array(memory.buffer, p, n);
  const out = {};
  for (const K of allKernels) {
    const spec = OPS.find((s) => s.name === K.name);
    for (const build of buildNames) {
      const f = instantiate(builds, K.name, build, memory)[K.exportName];
      const wrong = checkSpecials(spec, (xs, ys) => {
        view(ptr.x).set(xs);
        view(ptr.y).set(ys);
        if (spec.shape === 'unary') f(ptr.x, ptr.a, xs.length);
        else if (spec.shape === 'pair') f(ptr.x, ptr.a, ptr.b, xs.length);
        else f(ptr.x, ptr.y, ptr.a, xs.length);
        return [Array.from(view(ptr.a)), Array.from(view(ptr.b))];
      }, Math.fround);
      (out[K.id] ??= {})[build] = wrong;
    }
  }
  return out;
}

/** The committed results, or null; converts the peers of the format before the table (results.plain-js.sigmoid ...). */
function committed() {
  if (!existsSync(COMMITTED)) return null;
  const old = JSON.parse(readFileSync(COMMITTED, 'utf8'));
  if (old.kernels) return old;
  const convert = (s) => Stats.from({ count: s.count, maxError: s.maxUlp, maxX: s.maxX, maxY: null, maxGot: s.maxGot, maxRef: s.maxRef, over05: s.over05, over1: s.over1, over2: s.over2, over3: s.over3, order: s.monotone, symmetry: s.symmetry, outside: s.outside01, nanForNumber: s.nanForNumber, nanLost: s.nanLost, flushed: s.flushed, special: s.special });
  const results = {};
  for (const [subject, kernels] of Object.entries(old.results ?? {})) {
    if (subject.startsWith('sigmoid-wasm')) continue;
    results[subject] = { sigmoid: convert(kernels.sigmoid), ...(kernels.derivative ? { sigmoidDerivative: convert(kernels.derivative) } : {}) };
  }
  return { kernels: {}, peers: { info: old.peers ?? [], stride: old.peerStride ?? 64, from: old.peersFrom && old.peersFrom !== 'this run' ? old.peersFrom : `an earlier run on Node ${old.environment?.node ?? '?'}`, results } };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const phases = {};
  const relaxed = relaxedHere(SCRIPT); // re-runs the script under Node 24 if need be
  const failures = [];
  if (relaxed.error) failures.push(relaxed.error);
  if (relaxed.skipped) console.log(`relaxed-SIMD build skipped: ${relaxed.skipped}`);

  const table = await loadTable();
  const builds = loadBuilds();
  const fma = fmaMode();
  const all = kernelsOf(table, 'float32');
  for (const name of args.only) if (!table.OPS.some((s) => s.name === name)) throw new Error(`--only: no entry ${name}`);
  const swept = all.filter((K) => K.swept);
  const selected = swept.filter((K) => args.only.length === 0 || args.only.includes(K.name));
  const buildNames = BUILDS.filter((b) => b !== 'relaxed' || relaxed.run);

  // ---- the reference, the special values, the keys ----
  const reference = checkReference(table, swept);
  console.log(`reference: float64 (src/reference.ts) against mpmath at 200 bits (${reference.fixtures.join(', ')}), worst ${reference.worst} x 2^-53: ${Object.entries(reference.perFunction).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  const wrongSpecials = specials(table, builds, all.filter((K) => args.only.length === 0 || args.only.includes(K.name)), buildNames);
  for (const [id, per] of Object.entries(wrongSpecials)) for (const [build, lines] of Object.entries(per)) for (const l of lines) failures.push(`${id} (${build}) special value: ${l}`);

  const method = await methodHash();
  const old = committed();
  const softSet = softTargets();
  const inputs = {
    x: 'all 2^32 float32 bit patterns',
    targets: 'binary entries: every x at each of the entry\'s targets',
    soft: `soft targets: every ${ordinal(args.softStride)} magnitude, both signs, with ${softSet.length} soft targets in (0, 1) and the four float32 targets nearest sigmoid(x)`,
    softStride: args.softStride,
    softTargets: softSet.length,
    sample: `kernels standing on their record: blocks ${SAMPLE_BLOCKS.join(', ')} of the 512 blocks of 2^22 magnitudes, both signs`,
    sampleBlocks: SAMPLE_BLOCKS,
  };
  const softKey = sha256(JSON.stringify([args.softStride, softSet]));
  const codes = (K, build) => builds.codeOf(K.name, build, K.exportName);
  const idOfPart = (K, part) => kernelIdOf(table.OPS.find((s) => s.name === part), 'float32', K.tier);
  const byId = new Map(all.map((K) => [K.id, K]));
  /** Each kernel build's record key and what went into it. */
  const plan = {};
  for (const K of swept) {
    const contract = sha256(JSON.stringify(contractOf(K, table.OPS)));
    const refs = sha256([K.name, ...K.parts].map((n) => referenceHash(n, table)).join());
    const partCode = (build) => K.parts.map((p) => codes(byId.get(idOfPart(K, p)), build));
    const simd = codes(K, 'simd');
    const entries = {
      simd: { code: simd, parts: partCode('simd'), reference: refs, contract, method, soft: softKey },
      scalar: { code: codes(K, 'scalar'), against: simd, parts: partCode('scalar'), method, soft: softKey },
    };
    if (relaxed.run) {
      const code = codes(K, 'relaxed');
      const parts = partCode('relaxed');
      const same = code === simd && parts.every((c, i) => c === entries.simd.parts[i]);
      entries.relaxed = same ? { code, sameCodeAs: 'simd' } : { code, against: simd, parts, reference: refs, contract, method, soft: softKey, fma };
    }
    plan[K.id] = {};
    for (const [build, parts] of Object.entries(entries)) {
      const key = parts.sameCodeAs ? null : short(sha256(JSON.stringify(parts)));
      const record = old?.kernels?.[K.id]?.builds?.[build];
      const selectedHere = selected.includes(K);
      let mode;
      if (parts.sameCodeAs) mode = 'same code';
      else if (!selectedHere) mode = 'not selected';
      else if (args.sample) mode = 'sample';
      else if (args.full || !record || record.key !== key) mode = 'full';
      else mode = 'record';
      plan[K.id][build] = { key, parts, mode, record: mode === 'record' ? record : null };
    }
  }
  phases.setup = since(t0);

  // ---- the blocks and their tasks ----
  const full = [];
  const sampled = [];
  for (const [id, per] of Object.entries(plan)) {
    for (const [build, p] of Object.entries(per)) {
      if (p.mode === 'full') full.push(`${id}|${build}`);
      else if (p.mode === 'record' || p.mode === 'sample') sampled.push(`${id}|${build}`);
    }
  }
  const sampleBlocks = args.blocks ? args.blocks : args.sample ? Array.from({ length: BLOCKS }, (_, i) => i).filter((i) => i % args.sample === 0 || i >= BLOCKS - 2) : SAMPLE_BLOCKS;
  const withPeers = args.withPeers || (args.full && args.peers && args.only.length === 0 && args.sample === 0);
  const work = [];
  for (let i = 0; i < BLOCKS; i++) {
    const tasks = [...full, ...(sampleBlocks.includes(i) ? sampled : [])];
    if (tasks.length > 0) work.push({ index: i, tasks, peers: withPeers });
  }
  const stand = Object.entries(plan).flatMap(([id, per]) => Object.entries(per).filter(([, p]) => p.mode === 'record').map(([b]) => `${id} (${b})`));
  console.log(`kernels swept in full: ${full.length ? full.map((t) => t.replace('|', ' (') + ')').join(', ') : 'none'}`);
  if (stand.length) console.log(`standing on their record (key matches; swept on the sample, ${SAMPLE_BLOCKS.length} of ${BLOCKS} blocks): ${stand.join(', ')}`);
  if (args.sample) console.log(`sample run: every ${ordinal(args.sample)} block and the last two (${sampleBlocks.length} blocks), no records`);
  const same = Object.entries(plan).flatMap(([id, per]) => (per.relaxed?.mode === 'same code' ? [id] : []));
  if (same.length) console.log(`relaxed build = simd build's code (nothing more to sweep): ${same.join(', ')}`);
  console.log(`relaxed_madd here: ${fma ?? 'no relaxed SIMD'}; ${args.workers} worker threads, ${work.length} blocks; Node ${process.version}${withPeers ? `; peers at stride ${args.stride}` : ''}`);

  // ---- the sweep ----
  const t1 = performance.now();
  const { blocks, peerInfo, busy } = await sweep(work, swept, args, withPeers);
  phases.sweep = since(t1);

  // ---- merge ----
  const t2 = performance.now();
  const merged = {};
  const ordered = [...blocks.values()].sort((a, b) => a.index - b.index);
  for (const r of ordered) {
    for (const [task, res] of Object.entries(r.results)) {
      const m = (merged[task] ??= { rows: {}, compared: 0, mismatches: 0, differs: 0 });
      m.compared += res.compared;
      m.mismatches += res.mismatches;
      m.differs += res.differs;
      for (const [row, s] of Object.entries(res.rows)) m.rows[row] = (m.rows[row] ?? new Stats()).merge(Stats.from(s));
    }
  }
  // The order across the edges of adjacent blocks that both ran a task.
  const crossEdges = (getEdges, onBad) => {
    for (let j = 1; j < ordered.length; j++) {
      if (ordered[j].index !== ordered[j - 1].index + 1) continue;
      const prev = getEdges(ordered[j - 1]);
      for (const [key, edge] of Object.entries(getEdges(ordered[j]))) {
        const before = prev[key];
        if (before && (edge.dir > 0 ? edge.first < before.last : edge.first > before.last)) onBad(key);
      }
    }
  };
  crossEdges((r) => r.edges, (key) => {
    const [id, build, row] = key.split('|');
    merged[`${id}|${build}`].rows[row].order++;
  });
  let peers = old?.peers ?? null;
  if (withPeers) {
    const results = {};
    for (const r of ordered) for (const [peer, fns] of Object.entries(r.peerResults)) for (const [fn, s] of Object.entries(fns)) ((results[peer] ??= {})[fn] ??= new Stats()).merge(Stats.from(s));
    crossEdges((r) => r.peerEdges, (key) => {
      const [peer, fn] = key.split('|');
      results[peer][fn].order++;
    });
    peers = { info: peerInfo, stride: args.stride, from: `this run (Node ${process.version})`, results };
  }

  // ---- the results: per kernel, per build ----
  const date = new Date().toISOString().slice(0, 10);
  const environment = { node: process.version, v8: process.versions.v8, cpu: cpus()[0]?.model ?? 'unknown', fma };
  const kernelsOut = {};
  for (const K of swept) {
    const spec = table.OPS.find((s) => s.name === K.name);
    const out = { function: K.name, shape: K.shape, tier: K.tier, tiers: K.tiers, export: K.exportName, algorithm: K.algorithm, bounds: K.bounds, monotone: K.monotone, direction: spec.monotone ?? null, symmetry: spec.symmetry ?? null, rows: K.rows.map(({ row, unit, bound, target, k, of }) => ({ row, unit, bound, ...(target !== undefined ? { target } : {}), k, of })), parts: K.parts, builds: {} };
    for (const [build, p] of Object.entries(plan[K.id])) {
      if (p.mode === 'not selected') {
        const rec = old?.kernels?.[K.id]?.builds?.[build];
        if (rec) out.builds[build] = { ...rec, swept: 'not selected' };
        continue;
      }
      if (p.mode === 'same code') {
        out.builds[build] = { code: short(p.parts.code), sameCodeAs: 'simd' };
        continue;
      }
      const m = merged[`${K.id}|${build}`] ?? { rows: {}, compared: 0, mismatches: 0, differs: 0 };
      const figures = build === 'scalar' ? { compared: m.compared, mismatches: m.mismatches } : { rows: m.rows, ...(build === 'relaxed' ? { compared: m.compared, differs: m.differs } : {}) };
      const header = { key: p.key, code: short(p.parts.code), ...(build === 'relaxed' ? { fma } : {}), date, node: process.version };
      if (p.mode === 'record') out.builds[build] = { ...p.record, swept: 'record', sample: figures };
      else out.builds[build] = { ...header, ...figures, swept: p.mode === 'full' ? 'full' : `sample (every ${ordinal(args.sample)} block)` };
      out.builds[build].specialsWrong = wrongSpecials[K.id]?.[build] ?? [];
    }
    kernelsOut[K.id] = out;
  }
  const report = {
    type: 'float32',
    method: short(method),
    inputs,
    reference: { against: 'mpmath at 200 bits', worst: reference.worst, perFunction: reference.perFunction, fixtures: reference.fixtures },
    date,
    environment,
    workers: args.workers,
    kernels: kernelsOut,
    notSwept: all.filter((K) => !K.swept).map((K) => ({ id: K.id, specialsWrong: Object.fromEntries(buildNames.map((b) => [b, wrongSpecials[K.id]?.[b] ?? []])) })),
    relaxed: relaxed.run ? { fma } : { skipped: relaxed.error ?? relaxed.skipped },
    peers,
    selected: selected.map((K) => K.name),
    run: { mode: args.full ? 'full' : args.update ? 'update' : args.sample ? `sample ${args.sample}` : 'ci', seconds: 0, phases, busy, full: full.length, standing: stand.length },
  };

  // ---- the contract ----
  for (const K of swept) {
    for (const [build, rec] of Object.entries(kernelsOut[K.id].builds)) {
      if (rec.sameCodeAs || rec.swept === 'not selected') continue;
      const label = `${K.id} (${build})`;
      const check = (rows, what) => {
        for (const row of K.rows) {
          const s = rows?.[row.row];
          if (s) failures.push(...violations(`${label} ${row.row}${what}`, s, row, K.monotone));
        }
      };
      if (build === 'scalar') {
        for (const f of [rec, rec.sample].filter(Boolean)) if (f.mismatches > 0) failures.push(`${label}: ${f.mismatches} results differ from the simd build`);
      } else {
        check(rec.rows, rec.swept === 'record' ? ' (record)' : '');
        if (rec.sample) check(rec.sample.rows, ' (sample)');
      }
    }
  }
  phases.merge = since(t2);
  report.run.seconds = since(t0);

  // ---- write ----
  mkdirSync(dirname(args.json), { recursive: true });
  writeFileSync(args.json, JSON.stringify(report, null, 2) + '\n');
  if (args.write) {
    const keep = { ...(old?.kernels ?? {}) };
    for (const [id, k] of Object.entries(kernelsOut)) {
      const builds = {};
      for (const [build, rec] of Object.entries(k.builds)) {
        const { swept: how, sample, ...rest } = rec;
        builds[build] = how === 'record' || how === 'not selected' ? (old?.kernels?.[id]?.builds?.[build] ?? rest) : rest;
      }
      keep[id] = { ...k, builds };
    }
    const committedReport = { ...report, kernels: Object.fromEntries(swept.map((K) => [K.id, keep[K.id]]).filter(([, v]) => v && v.builds.simd)) };
    delete committedReport.run;
    delete committedReport.selected;
    committedReport.seconds = args.full && args.only.length === 0 ? report.run.seconds : (old?.seconds ?? null);
    mkdirSync(dirname(COMMITTED), { recursive: true });
    writeFileSync(COMMITTED, JSON.stringify(committedReport, null, 2) + '\n');
    writeReport(ROOT);
  }

  printResults(report);
  console.log(`\nphases: setup ${phases.setup} s, sweep ${phases.sweep} s (${work.length} blocks on ${args.workers} workers; busy ${busy.map((b) => `${b} s`).join(', ')}), merge and checks ${phases.merge} s; ${report.run.seconds} s in all, Node ${process.version}`);
  console.log(`results in ${args.json}${args.write ? `; records in ${COMMITTED}, and ACCURACY.md` : ''}`);
  if (failures.length > 0) {
    console.error(`\nCONTRACT VIOLATED:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`numerical contract: met for every float32 input${args.sample ? ' of the sample' : ''} (${full.length} kernel builds swept in full, ${stand.length} on their record and the sample)`);
}

/** One pass over the work's blocks on worker threads, handed out as they finish; returns each block's results. */
async function sweep(work, kernels, args, withPeers) {
  const started = performance.now();
  // The largest tasks lists first, so that the last blocks are the short ones.
  const queue = [...work].sort((a, b) => b.tasks.length - a.tasks.length || a.index - b.index);
  const blocks = new Map();
  let next = 0;
  let peerInfo = [];
  const count = Math.min(args.workers, queue.length);
  const busy = Array(count).fill(0);
  const profiles = Array(count).fill(null);
  const plan = kernels.map(({ spec, ...k }) => k);
  await new Promise((resolve, reject) => {
    let exited = 0;
    if (count === 0) resolve(undefined);
    for (let w = 0; w < count; w++) {
      const worker = new Worker(SWEEP, { workerData: { verifyF32: true, plan, softStride: args.softStride, peers: withPeers, peerStride: args.stride } });
      const give = () => worker.postMessage(next < queue.length ? queue[next++] : null);
      worker.on('message', (m) => {
        if (m.ready) {
          if (m.peerInfo.length) peerInfo = m.peerInfo;
          give();
          return;
        }
        blocks.set(m.index, m);
        busy[w] += m.seconds;
        if (m.profile) profiles[w] = m.profile;
        if (blocks.size % 16 === 0 || blocks.size === queue.length) process.stderr.write(`  ${blocks.size}/${queue.length} blocks, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
        give();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`worker exited with ${code}`));
        else if (++exited === count) {
          if (blocks.size === queue.length) resolve(undefined);
          else reject(new Error(`${queue.length - blocks.size} blocks lost`));
        }
      });
    }
  });
  if (profiles.some(Boolean)) {
    const total = {};
    for (const p of profiles) for (const [k, ms] of Object.entries(p ?? {})) total[k] = (total[k] ?? 0) + ms;
    console.log(`profile (s, all workers): ${Object.entries(total).sort((a, b) => b[1] - a[1]).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)}`).join(', ')}`);
  }
  return { blocks, peerInfo, busy: busy.map((b) => Number(b.toFixed(1))) };
}

function printResults(report) {
  const rows = [['kernel', 'build', 'row', 'swept', 'inputs', 'max error', 'bound', 'unit', 'at x', 'y', '>0.5', '>1', '>2', '>3', 'order', 'sym', 'range', 'NaN', 'flushed', 'Inf', 'pair!=part', 'vs simd']];
  const n = (v) => String(v ?? '-');
  for (const [id, k] of Object.entries(report.kernels)) {
    for (const [build, rec] of Object.entries(k.builds)) {
      if (rec.swept === 'not selected') continue;
      if (rec.sameCodeAs) {
        if (report.run.mode !== 'full' && !report.selected.includes(k.function)) continue;
        rows.push([id, build, '-', 'same code as simd', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '']);
        continue;
      }
      if (build === 'scalar') {
        rows.push([id, build, '-', rec.swept, n(rec.compared), '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', `${rec.mismatches} differ`]);
        if (rec.sample) rows.push(['', '', '  sample', '', n(rec.sample.compared), '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', `${rec.sample.mismatches} differ`]);
        continue;
      }
      for (const row of k.rows) {
        const s = rec.rows?.[row.row];
        if (!s) continue;
        const vs = build === 'relaxed' ? `${rec.differs} of ${rec.compared} differ` : '';
        rows.push([id, build, row.row, rec.swept, n(s.count), s.maxError.toFixed(4), row.bound, row.unit, fmt(s.maxX), s.maxY === null ? '-' : fmt(s.maxY), s.over05, s.over1, s.over2, s.over3, s.order, s.symmetry, s.outside, s.nanForNumber + s.nanLost, s.flushed, s.special, s.partMismatch, vs].map(String));
        if (rec.swept === 'record' && rec.sample?.rows?.[row.row]) {
          const t = rec.sample.rows[row.row];
          rows.push(['', '', `  sample`, '', n(t.count), t.maxError.toFixed(4), row.bound, row.unit, fmt(t.maxX), t.maxY === null ? '-' : fmt(t.maxY), t.over05, t.over1, t.over2, t.over3, t.order, t.symmetry, t.outside, t.nanForNumber + t.nanLost, t.flushed, t.special, t.partMismatch, build === 'relaxed' ? `${rec.sample.differs} of ${rec.sample.compared} differ` : ''].map(String));
        }
      }
    }
  }
  console.log('');
  printTable(rows, 4);
}

if (process.argv[1] === SCRIPT) await main();
