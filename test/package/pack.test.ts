// The package as users get it: `npm run build` and `npm pack` in a staged
// copy of the sources; then, in a fresh folder outside the repository,
// `npm install` of the tarball and the ways users load it: Node ESM import,
// Node require(esm), TypeScript type-checking, and a Vite production build
// opened in headless Chromium under a strict Content-Security-Policy; the
// worker pool too (createPool): from Node ESM and require(), in a process
// that must end by itself without close(), and in a second Vite page served
// cross-origin isolated (COOP/COEP) with worker-src blob:. The expected
// values come from the repository's src/, in this process.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as repoApi from '../../src/index.js';
import { findEngine, missingLine } from '../../scripts/engines.mjs';
import { MISSING_UNDER_CI, SKIP_LINE, chromiumLaunchOptions, chromiumStatus } from '../browser/chromium.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const LONG = 300_000; // npm, tsc, Vite and Chromium on a shared 2-core machine

// ---- helpers ---------------------------------------------------------------

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** The signal that ended it (SIGTERM when `timeout` was reached), or null. */
  signal: NodeJS.Signals | null;
}

/** The environment of a user's shell: without what `npm test` sets for this package. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package|lifecycle)_|^(INIT_CWD|NODE_OPTIONS|NODE_ENV|VITEST.*|TEST)$/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

function run(command: string, args: string[], cwd: string, timeout = LONG): Promise<Run> {
  return new Promise((done) => {
    execFile(command, args, { cwd, env: userEnv(), maxBuffer: 64 * 1024 * 1024, timeout }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      done({ code, stdout, stderr, signal: error?.signal ?? null });
    });
  });
}

/** Runs a command that must succeed; the error shows its output. */
async function ok(command: string, args: string[], cwd: string): Promise<string> {
  const r = await run(command, args, cwd);
  if (r.code !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} exited with ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  }
  return r.stdout;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/**
 * What is not copied into the staging folder: installs, history, the
 * TypeScript output, other runs' files. The wasm build (build/ and
 * src/generated/) is copied: scripts/build-wasm.mjs keys it by a hash of its
 * inputs (assembly/**, asconfig.json, the compiler's version, the script),
 * so the staged `npm run build` rebuilds it only if a source changed, as on
 * every other build (one build serves every phase; the compile takes about
 * 100 s here).
 */
const NOT_STAGED = new Set(['node_modules', '.git', 'dist', 'test-output', '.cache']);

/**
 * A copy of the repository's sources, with node_modules linked: the build
 * and `npm pack` run there, so the tarball is built from the current sources
 * as `npm publish` would build it, and nothing in the working tree is
 * written.
 */
function stage(into: string): void {
  cpSync(ROOT, into, {
    recursive: true,
    filter: (from) => {
      const rel = relative(ROOT, from).split(sep).join('/');
      return !NOT_STAGED.has(rel) && !rel.endsWith('.tgz');
    },
  });
  symlinkSync(join(ROOT, 'node_modules'), join(into, 'node_modules'), 'dir');
}

/** Every path package.json points users to: main, types, exports, bin. */
function entryPoints(pkg: Record<string, unknown>): string[] {
  const paths = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') paths.add(v.replace(/^\.\//, ''));
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(pkg.main);
  visit(pkg.types);
  visit(pkg.exports);
  visit(pkg.bin);
  return [...paths].filter((p) => !p.includes('*')).sort();
}

// ---- what every consumer computes ------------------------------------------

/**
 * Inputs (JSON-safe: -0, NaN and the infinities are added by RUN_MJS): small
 * values, subnormals, the saturation thresholds and seeded random points.
 */
function inputs(): number[] {
  let s = 12345;
  const random = Array.from({ length: 200 }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return Math.fround(-50 + (100 * s) / 2 ** 32);
  });
  return [0, 1, -1, 2, -2, 0.5, 16.5, -88.7, 40, -40, 1e-40, -1e-40, 1e-300, 745, -745, 1e6, ...random];
}

/**
 * The computation each consumer runs against the installed package, and this
 * test against src/ for the expected values (plain JavaScript: Node ESM, Node
 * CommonJS and the Vite page import it as it is). Numbers are encoded as
 * strings so that NaN, the infinities and -0 survive JSON.
 *
 * `same` holds what is the same bits on every engine: the plain SIMD and the
 * scalar build in both tiers, and every float64 result (the relaxed build's
 * float64 kernels are the SIMD build's). `default32` holds the default
 * kernel's float32 results: on the relaxed build where the engine has relaxed
 * SIMD, whose last bits depend on the engine's use of fused multiply-add, so
 * they are compared only between engines that both run it or both do not.
 */
const RUN_MJS = `export function run(api, input) {
  const enc = (a) => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)));
  const specials = [-0, NaN, Infinity, -Infinity];
  const f32 = Float32Array.from([...input, ...specials]);
  const f64 = Float64Array.from([...input, ...specials]);
  const fused = api.sigmoidWithDerivative(f32);
  const scalar = api.createKernel({ simd: false });
  const simd = api.createKernel({ relaxed: false });
  const accurate = api.createKernel({ precision: 'accurate' });
  const simdFused = simd.sigmoidWithDerivative(f32);
  return {
    flags: {
      simdSupported: api.simdSupported(),
      relaxedSimdSupported: api.relaxedSimdSupported(),
      defaultSimd: api.defaultKernel().simd,
      defaultRelaxed: api.defaultKernel().relaxed,
      defaultPrecision: api.defaultKernel().precision,
      scalarSimd: scalar.simd,
      accurateRelaxed: accurate.relaxed,
    },
    same: {
      numbers: enc([api.sigmoid(0), api.sigmoid(0.5), api.sigmoidDerivative(40), api.sigmoidBackward(0.25, 2)]),
      float32Type: api.sigmoid(f32).constructor.name,
      sigmoid64: enc(api.sigmoid(f64)),
      derivative64: enc(api.sigmoidDerivative(f64)),
      backward64: enc(api.sigmoidBackward(api.sigmoid(f64), f64)),
      simd32: enc(simd.sigmoid(f32)),
      simdFusedValue32: enc(simdFused.value),
      simdFusedDerivative32: enc(simdFused.derivative),
      scalar32: enc(scalar.sigmoid(f32)),
      scalar64: enc(scalar.sigmoidDerivative(f64)),
      accurate32: enc(accurate.sigmoid(f32)),
      accurateDerivative32: enc(accurate.sigmoidDerivative(f32)),
      accurate64: enc(accurate.sigmoid(f64)),
    },
    default32: {
      sigmoid32: enc(api.sigmoid(f32)),
      fusedValue32: enc(fused.value),
      fusedDerivative32: enc(fused.derivative),
      backward32: enc(api.sigmoidBackward(fused.value, f32)),
    },
  };
}

/** A float array's bits, as hex (NaN payloads included). */
export const bitsOf = (a) =>
  Array.from(a instanceof Float32Array ? new Uint32Array(a.buffer, a.byteOffset, a.length) : new BigUint64Array(a.buffer, a.byteOffset, a.length), (v) => v.toString(16));

/**
 * The worker pool (one worker and the calling thread, every array to the
 * workers) against the default kernel: float32 sigmoid of the inputs, and of
 * the inputs repeated to 2^18 elements (16 chunks: the worker takes part),
 * as bits; the float64 sigmoid as run() encodes it (build-independent).
 */
export async function runPool(api, input) {
  const enc = (a) => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)));
  // The 2^18 results are compared here: their first difference (bits), or null.
  const firstDifference = (a, b) => {
    const [p, k] = [bitsOf(a), bitsOf(b)];
    const i = p.findIndex((v, j) => v !== k[j]);
    return p.length !== k.length ? { length: [p.length, k.length] } : i < 0 ? null : { index: i, pool: p[i], kernel: k[i] };
  };
  const values = [...input, -0, NaN, Infinity, -Infinity];
  const f32 = Float32Array.from(values);
  const big = Float32Array.from({ length: 1 << 18 }, (_, i) => values[i % values.length]);
  const kernel = api.createKernel();
  const pool = api.createPool({ threads: 2, parallelThreshold: 0 });
  try {
    await pool.ready;
    return {
      crossOriginIsolated: globalThis.crossOriginIsolated,
      threads: pool.threads,
      build: [pool.simd, pool.relaxed, pool.precision, kernel.simd, kernel.relaxed, kernel.precision],
      pool32: bitsOf(await pool.sigmoid(f32)),
      kernel32: bitsOf(kernel.sigmoid(f32)),
      big32Length: big.length,
      big32Difference: firstDifference(await pool.sigmoid(big), kernel.sigmoid(big)),
      pool64: enc(await pool.sigmoid(Float64Array.from(values))),
    };
  } finally {
    await pool.close();
  }
}
`;

/** What the first page leaves in window.__sigmoidWasm. */
interface PageOutcome {
  ok: boolean;
  result?: Results;
  error?: string;
}

/** What the pool page leaves in window.__sigmoidWasm: each step's outcome ('fulfilled' or the error), then runPool's results. */
interface PoolPageOutcome {
  crossOriginIsolated: boolean;
  steps: { createPool?: string; firstCall?: string; ready?: string; callAfterReady?: string };
  result?: PoolResults;
  error?: string;
}

interface PoolResults {
  crossOriginIsolated: boolean | undefined;
  threads: number;
  build: unknown[];
  pool32: string[];
  kernel32: string[];
  big32Length: number;
  big32Difference: unknown;
  pool64: string[];
}

/** A pool's results: the same bits as the kernel beside it, and the float64 sigmoid this process computes. */
function expectPoolResults(got: PoolResults | undefined, where: string): void {
  expect(got, where).toBeDefined();
  expect(got!.threads, `${where}: threads`).toBe(2);
  expect(got!.build.slice(0, 3), `${where}: the pool's build and tier are the kernel's`).toEqual(got!.build.slice(3));
  expect(got!.pool32.length, `${where}: float32 length`).toBe(inputs().length + 4);
  expect(got!.pool32, `${where}: the pool's float32 sigmoid bits are the kernel's`).toEqual(got!.kernel32);
  expect(got!.big32Length).toBe(1 << 18);
  expect(got!.big32Difference, `${where}: 2^18 elements: the first element whose bits differ`).toBeNull();
  expect(got!.pool64, `${where}: float64 sigmoid`).toEqual(expected.same.sigmoid64);
}

interface Results {
  flags: Record<string, unknown>;
  same: Record<string, unknown>;
  default32: Record<string, unknown>;
}

/**
 * A consumer's results against the expected ones: the same bits for
 * everything but the default kernel's float32 results, which are compared
 * only when both ran the same build (both relaxed, or both not).
 */
function expectResults(got: Results | undefined, where: string): void {
  expect(got, where).toBeDefined();
  expect(got!.same, `${where}: build-independent results`).toEqual(expected.same);
  const { relaxedSimdSupported: gotRelaxed, defaultRelaxed: gotDefault, ...gotFlags } = got!.flags;
  const { relaxedSimdSupported: wantRelaxed, defaultRelaxed: wantDefault, ...wantFlags } = expected.flags;
  expect(gotFlags, `${where}: flags`).toEqual(wantFlags);
  expect(gotDefault, `${where}: the default kernel is relaxed where relaxed SIMD is supported`).toBe(gotRelaxed);
  if (gotRelaxed === wantRelaxed) expect(got!.default32, `${where}: the default kernel's float32 results`).toEqual(expected.default32);
  else {
    console.log(`${where}: relaxed SIMD ${gotRelaxed ? 'supported' : 'unsupported'}, here ${wantRelaxed ? 'supported' : 'unsupported'}: the default kernel's float32 bits are not compared`);
    expect(wantDefault).toBe(wantRelaxed);
  }
}

// ---- the tarball and the consumer folder ------------------------------------

let work = ''; // temp folder: tarball, consumer/
let consumer = '';
let packed: { size: number; unpackedSize: number; files: { path: string; size: number }[] };
let expected: Results;
/** Bits of the default kernel's float32 sigmoid of the inputs and the specials, here (src/). */
let expectedPool32: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sigmoid-wasm-pack-'));
  const staged = join(work, 'repo');
  stage(staged);
  // `npm pack` runs `prepare` (npm run build) itself, but then the build's
  // output would be mixed into the JSON report on stdout: build first, then
  // pack with --ignore-scripts; the result is the same.
  await ok('npm', ['run', 'build'], staged);
  const json = await ok('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], staged);
  const report = (JSON.parse(json) as (typeof packed & { filename: string })[])[0]!;
  packed = report;
  const tarball = join(work, report.filename);

  consumer = join(work, 'consumer');
  write(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  await ok('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], consumer);
  write(join(consumer, 'run.mjs'), RUN_MJS);
  write(join(consumer, 'input.json'), JSON.stringify(inputs()));

  const { run: compute, bitsOf } = (await import(/* @vite-ignore */ pathToFileURL(join(consumer, 'run.mjs')).href)) as {
    run: (api: typeof repoApi, input: number[]) => Results;
    bitsOf: (a: Float32Array) => string[];
  };
  expected = compute(repoApi, JSON.parse(JSON.stringify(inputs())) as number[]);
  expectedPool32 = bitsOf(repoApi.createKernel().sigmoid(Float32Array.from([...inputs(), -0, NaN, Infinity, -Infinity])));
}, LONG);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('the tarball', () => {
  const ALLOWED = /^(package\.json|README\.md|LICENSE|dist\/.+\.(js|d\.ts)|bin\/.+)$/;

  it('holds only what users need: dist/**/*.js and .d.ts, package.json, README.md, LICENSE, bin/', () => {
    const unexpected = packed.files.map((f) => f.path).filter((p) => !ALLOWED.test(p));
    expect(unexpected, 'files users do not need').toEqual([]);
  });

  it('holds package.json, LICENSE, dist/index.js and dist/index.d.ts', () => {
    const paths = packed.files.map((f) => f.path);
    for (const p of ['package.json', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) expect(paths).toContain(p);
  });

  it('holds README.md (the package page on npm)', () => {
    expect(packed.files.map((f) => f.path)).toContain('README.md');
  });

  it('holds every file package.json points to (main, types, exports, bin)', () => {
    const pkg = JSON.parse(readFileSync(join(consumer, 'node_modules', 'sigmoid-wasm', 'package.json'), 'utf8')) as Record<string, unknown>;
    const paths = packed.files.map((f) => f.path);
    const missing = entryPoints(pkg).filter((p) => !paths.includes(p));
    expect(missing).toEqual([]);
  });

  it('every package dist/ imports is a declared dependency or peer dependency (or itself)', () => {
    const pkg = JSON.parse(readFileSync(join(consumer, 'node_modules', 'sigmoid-wasm', 'package.json'), 'utf8')) as {
      name: string;
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    const declared = new Set([pkg.name, ...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
    const undeclared: string[] = [];
    for (const f of packed.files.filter((file) => /\.(m?js|d\.ts)$/.test(file.path))) {
      const text = readFileSync(join(consumer, 'node_modules', 'sigmoid-wasm', f.path), 'utf8');
      // Static imports, re-exports, import() and require(); comments are skipped.
      for (const { fileName: spec } of ts.preProcessFile(text, true, true).importedFiles) {
        if (spec.startsWith('.') || spec.startsWith('node:')) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!declared.has(name)) undeclared.push(`${f.path} imports ${spec}`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  // The limit guards against accidental growth. It was 128 KiB until the worker
  // pool (dist/pool.js and pool-worker.js, their .d.ts and the README's
  // section: about 20 KB packed) took the package to 138 KiB, then 144 KiB
  // until GELU (four modules of 9 to 16 KB a build: float64's fdlibm pieces)
  // and softmax (five modules) took it to 212 KiB; most of it is the three
  // embedded wasm builds of each function (a page ships only the modules of
  // the functions it calls: test/package's page-size test).
  it('is small (reported; under 224 KiB packed)', () => {
    const js = packed.files.filter((f) => f.path.endsWith('.js')).reduce((n, f) => n + f.size, 0);
    console.log(
      `npm pack: ${packed.size} bytes packed, ${packed.unpackedSize} bytes unpacked, ${packed.files.length} files ` +
        `(${js} bytes of JavaScript):\n  ${packed.files.map((f) => `${f.path} ${f.size}`).join('\n  ')}`,
    );
    expect(packed.size).toBeLessThan(224 * 1024);
  });
});

describe('installed from the tarball', () => {
  it('Node ESM: import from "sigmoid-wasm" resolves to the installed package and gives the expected values', async () => {
    write(
      join(consumer, 'esm.mjs'),
      `import * as api from 'sigmoid-wasm';
import { readFileSync } from 'node:fs';
import { run, runPool } from './run.mjs';
const input = JSON.parse(readFileSync(new URL('./input.json', import.meta.url), 'utf8'));
const result = run(api, input);
const pool = await runPool(api, input);
console.log(JSON.stringify({ resolved: import.meta.resolve('sigmoid-wasm'), result, pool }));
`,
    );
    const out = JSON.parse(await ok(process.execPath, ['esm.mjs'], consumer)) as { resolved: string; result: Results; pool: PoolResults };
    expect(fileURLToPath(out.resolved)).toBe(join(consumer, 'node_modules', 'sigmoid-wasm', 'dist', 'index.js'));
    // The same Node as this process: everything the same bits.
    expect(out.result).toEqual(expected);
    expect(out.result.flags.defaultSimd).toBe(true);
    expect(out.result.flags.defaultPrecision).toBe('fast');
    // The pool (worker_threads running the worker source from dist/): the kernel's bits.
    expectPoolResults(out.pool, 'the pool from Node ESM');
    expect(out.pool.pool32, 'the same Node as this process: the default kernel here').toEqual(expectedPool32);
  });

  it('Node CommonJS: require("sigmoid-wasm") works (require of ESM, Node >= 20.19)', async () => {
    write(
      join(consumer, 'require.cjs'),
      `const api = require('sigmoid-wasm');
const input = require('./input.json');
import('./run.mjs').then(async ({ run, runPool }) => {
  const result = run(api, input);
  const pool = await runPool(api, input);
  console.log(JSON.stringify({ resolved: require.resolve('sigmoid-wasm'), result, pool }));
});
`,
    );
    const out = JSON.parse(await ok(process.execPath, ['require.cjs'], consumer)) as { resolved: string; result: Results; pool: PoolResults };
    expect(out.resolved).toBe(join(consumer, 'node_modules', 'sigmoid-wasm', 'dist', 'index.js'));
    expect(out.result).toEqual(expected);
    expectPoolResults(out.pool, 'the pool from Node require()');
    expect(out.pool.pool32).toEqual(expectedPool32);
  });

  it('Node: a process with a pool it never closes ends by itself, with code 0, once its calls are done', async () => {
    write(
      join(consumer, 'no-close.mjs'),
      `import { createPool } from 'sigmoid-wasm';
const pool = createPool({ threads: 2, parallelThreshold: 0 });
const y = await pool.sigmoid(new Float32Array(1 << 18).fill(0));
console.log(JSON.stringify({ length: y.length, first: y[0], last: y[y.length - 1] }));
// no pool.close(): the idle workers must not keep the process alive
`,
    );
    const started = Date.now();
    const r = await run(process.execPath, ['no-close.mjs'], consumer, 20_000);
    const seconds = (Date.now() - started) / 1000;
    console.log(`a pool left open: the process ended after ${seconds.toFixed(1)} s`);
    expect(r.signal, `killed after 20 s: the pool kept the process alive\n${r.stderr}`).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ length: 1 << 18, first: 0.5, last: 0.5 });
  }, LONG);
});

/**
 * issue 17, item 8: a script that ends with `await pool.close()`, or leaves
 * an `await using pool = createPool()` scope, must finish: close() waited for
 * workers that no longer kept the event loop alive, so its Promise never
 * settled (ESM: exit code 13, "unsettled top-level await"; CommonJS: exit 0
 * with the code after `await p.close()` never run). Vitest's own event loop
 * hides that, so these are plain scripts, run by node from the installed
 * tarball: under the machine's Node, and under Node 24 and 26 (from npm run
 * engines), where `await using` parses.
 */
describe('a script that closes its pool runs to its end and exits 0', () => {
  const ESM = `import { createPool } from 'sigmoid-wasm';
const p = createPool({ threads: 2 });
await p.sigmoid(new Float32Array(1e6));
await p.close();
console.log('closed');
`;
  const USING = `import { createPool } from 'sigmoid-wasm';
{
  await using pool = createPool();
  await pool.sigmoid(new Float32Array(1e6));
}
console.log('closed');
`;
  const CJS = `const { createPool } = require('sigmoid-wasm');
async function main() {
  const p = createPool({ threads: 2 });
  await p.sigmoid(new Float32Array(1e6));
  await p.close();
  console.log('closed');
}
main();
`;
  const nodes = [
    { label: `the machine's Node ${process.versions.node}`, path: process.execPath, usingParses: Number(process.versions.node.split('.')[0]) >= 24 },
    ...(['node24', 'node26'] as const).map((name) => {
      const found = findEngine(name);
      return { label: found === null ? name : `Node ${found.version}`, path: found?.path ?? null, usingParses: true, name };
    }),
  ];

  beforeAll(() => {
    write(join(consumer, 'close.mjs'), ESM);
    write(join(consumer, 'using.mjs'), USING);
    write(join(consumer, 'close.cjs'), CJS);
  });

  for (const node of nodes) {
    const missing = node.path === null ? missingLine((node as { name: 'node24' | 'node26' }).name) : null;
    for (const [file, what] of [['close.mjs', 'ESM, await p.close()'], ['close.cjs', 'CommonJS, code after await p.close() in an async function'], ['using.mjs', 'ESM, await using leaving its scope']] as const) {
      const title = `${node.label}: ${what}: prints 'closed', exits 0`;
      if (file === 'using.mjs' && !node.usingParses) continue; // await using parses from Node 24 on: the runs below
      // Without that Node: skipped with the reason on a developer's machine, failed in CI.
      const skip = missing !== null && !process.env.CI;
      it.skipIf(skip)(skip ? `${title} [SKIPPED: ${missing}]` : title, async () => {
        if (missing !== null) throw new Error(missing);
        const r = await run(node.path!, [file], consumer, 30_000);
        const where = `${node.path} ${file}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
        expect(r.signal, `killed after 30 s: ${where}`).toBeNull();
        expect(r.stderr, where).not.toMatch(/unsettled top-level await/);
        expect(r.code, where).toBe(0);
        expect(r.stdout, where).toBe('closed\n');
      }, LONG);
    }
  }
});

// Each test runs tsc in a child process: concurrently.
describe.concurrent('TypeScript consumers', () => {
  const CONSUMER_TS = `import { createKernel, relaxedSimdSupported, sigmoid, sigmoidBackward, sigmoidWithDerivative, type KernelOptions, type WasmArray } from 'sigmoid-wasm';

const n: number = sigmoid(0);
const a32: Float32Array = sigmoid(new Float32Array(3));
const a64: Float64Array = sigmoid([1, 2]);
const { value, derivative } = sigmoidWithDerivative(new Float32Array(2));
const dx: Float32Array = sigmoidBackward(value, derivative);
const k = createKernel({ simd: 'auto' });
const x: WasmArray<Float32Array> = k.allocFloat32(4);
const y: WasmArray<Float32Array> = k.sigmoid(x, k.allocFloat32(4));
const options: KernelOptions = { precision: 'accurate', relaxed: false };
const accurate = createKernel(options);
const tier: 'fast' | 'accurate' = accurate.precision;
const relaxed: boolean = createKernel({ relaxed: 'auto', precision: 'fast' }).relaxed && relaxedSimdSupported();
export const all = [n, a32, a64, dx, y.array, k.simd, tier, relaxed] as const;
`;
  const tsconfig = (name: string, options: Record<string, unknown>, file: string) =>
    write(
      join(consumer, name),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [], ...options }, files: [file] }, null, 2),
    );
  const NODENEXT = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext' };
  const BUNDLER = { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler' };

  beforeAll(() => {
    write(join(consumer, 'consumer.ts'), CONSUMER_TS);
    write(
      join(consumer, 'wrong.ts'),
      `import { createKernel, sigmoid } from 'sigmoid-wasm';\nexport const wrong = sigmoid('x');\nexport const tier = createKernel({ precision: 'exact' });\n`,
    );
  });

  it('NodeNext, with the package .d.ts files checked too (skipLibCheck false), type-checks', async () => {
    tsconfig('tsconfig.nodenext.json', { ...NODENEXT, lib: ['ES2022', 'DOM', 'ESNext.Disposable'], skipLibCheck: false }, 'consumer.ts');
    await ok(process.execPath, [TSC, '-p', 'tsconfig.nodenext.json'], consumer);
  }, LONG);

  it('Bundler resolution (a Vite-style tsconfig) type-checks', async () => {
    tsconfig('tsconfig.bundler.json', { ...BUNDLER, lib: ['ES2022', 'DOM', 'DOM.Iterable'], skipLibCheck: true }, 'consumer.ts');
    await ok(process.execPath, [TSC, '-p', 'tsconfig.bundler.json'], consumer);
  }, LONG);

  it("wrong calls, sigmoid('x') and createKernel({ precision: 'exact' }), fail type-checking", async () => {
    tsconfig('tsconfig.wrong.json', { ...NODENEXT, lib: ['ES2022', 'DOM', 'ESNext.Disposable'] }, 'wrong.ts');
    const r = await run(process.execPath, [TSC, '-p', 'tsconfig.wrong.json'], consumer);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/wrong\.ts\(2,\d+\): error TS2769: No overload matches this call/);
    expect(r.stdout).toMatch(/wrong\.ts\(3,\d+\): error TS2322: Type '"exact"' is not assignable/);
  }, LONG);

  // The .d.ts files use Symbol.dispose: src/types.ts references the
  // esnext.disposable lib, so a consumer whose lib lacks it still type-checks.
  it('a lib without ESNext.Disposable, with skipLibCheck false, type-checks', async () => {
    tsconfig('tsconfig.plain.json', { ...NODENEXT, lib: ['ES2022', 'DOM'], skipLibCheck: false }, 'consumer.ts');
    await ok(process.execPath, [TSC, '-p', 'tsconfig.plain.json'], consumer);
  }, LONG);
});

describe('a Vite production build of a page that imports the package', () => {
  // Strict: nothing but same-origin scripts, plus wasm compilation.
  // The pool page (under /pool/) needs worker-src blob: for its workers.
  const CSP = {
    strict: "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'",
    'no-wasm': "default-src 'none'; script-src 'self'",
    pool: "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src blob:",
  } as const;
  type Policy = keyof typeof CSP;
  /** What makes the pool page cross-origin isolated: sent with everything under /pool/. */
  const CROSS_ORIGIN_ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

  let outDir = '';
  let poolOutDir = '';
  let sigmoidOutDir = '';
  let server: Server | undefined;
  let origin = '';

  /**
   * The second page: createPool from 'sigmoid-wasm', step by step (what
   * createPool, a first call, `ready` and a call after it do), then
   * runPool (run.mjs) when the workers started.
   */
  const POOL_MAIN = `import * as api from 'sigmoid-wasm';
import { runPool } from '../run.mjs';
import input from '../input.json';
const settle = (p) => p.then(() => 'fulfilled', (e) => String(e));
const outcome = { crossOriginIsolated: self.crossOriginIsolated, steps: {} };
const x = Float32Array.from(input);
try {
  const pool = api.createPool({ threads: 2, parallelThreshold: 0 });
  outcome.steps.createPool = 'returned';
  outcome.steps.firstCall = await settle(pool.sigmoid(x));
  outcome.steps.ready = await settle(pool.ready);
  outcome.steps.callAfterReady = await settle(pool.sigmoid(x));
  await pool.close();
  if (outcome.steps.ready === 'fulfilled') outcome.result = await runPool(api, input);
} catch (error) {
  outcome.error = String(error);
}
window.__sigmoidWasm = outcome;
`;

  const build = async () => {
    const { build: viteBuild } = await import('vite');
    const page = join(consumer, 'page');
    outDir = join(consumer, 'page-dist');
    poolOutDir = join(consumer, 'pool-page-dist');
    const poolPage = join(consumer, 'pool-page');
    write(
      join(poolPage, 'index.html'),
      `<!doctype html>
<html><head><meta charset="utf-8"><title>sigmoid-wasm's pool in a Vite build</title></head>
<body><script type="module" src="./main.js"></script></body></html>
`,
    );
    write(join(poolPage, 'main.js'), POOL_MAIN);
    write(
      join(page, 'index.html'),
      `<!doctype html>
<html><head><meta charset="utf-8"><title>sigmoid-wasm in a Vite build</title></head>
<body><script type="module" src="./main.js"></script></body></html>
`,
    );
    write(
      join(page, 'main.js'),
      `import * as api from 'sigmoid-wasm';
import { run } from '../run.mjs';
import input from '../input.json';
let outcome;
try {
  outcome = { ok: true, result: run(api, input) };
} catch (error) {
  outcome = { ok: false, error: String(error) };
}
window.__sigmoidWasm = outcome;
`,
    );
    await viteBuild({
      root: page,
      configFile: false,
      logLevel: 'warn',
      cacheDir: join(consumer, '.vite'),
      build: { outDir, emptyOutDir: true },
    });
    // The third page calls sigmoid only, on float64 values (the same bits on every build), right after the import.
    const sigmoidPage = join(consumer, 'sigmoid-page');
    sigmoidOutDir = join(consumer, 'sigmoid-page-dist');
    write(
      join(sigmoidPage, 'index.html'),
      `<!doctype html>
<html><head><meta charset="utf-8"><title>sigmoid only</title></head>
<body><script type="module" src="./main.js"></script></body></html>
`,
    );
    write(
      join(sigmoidPage, 'main.js'),
      `import { sigmoid } from 'sigmoid-wasm';
let outcome;
try {
  const x = Float64Array.from([0, 1, -1, 2, -2, 0.5, 40, -40, 745, -745, -0, NaN, Infinity, -Infinity]);
  outcome = { ok: true, values: Array.from(sigmoid(x), (v) => (Object.is(v, -0) ? '-0' : String(v))), number: sigmoid(0.5) };
} catch (error) {
  outcome = { ok: false, error: String(error) };
}
window.__sigmoidWasm = outcome;
`,
    );
    await viteBuild({
      root: sigmoidPage,
      base: '/sigmoid/',
      configFile: false,
      logLevel: 'warn',
      cacheDir: join(consumer, '.vite'),
      build: { outDir: sigmoidOutDir, emptyOutDir: true },
    });
    await viteBuild({
      root: poolPage,
      base: '/pool/',
      configFile: false,
      logLevel: 'warn',
      cacheDir: join(consumer, '.vite'),
      build: { outDir: poolOutDir, emptyOutDir: true },
    });
  };

  const serve = () =>
    new Promise<void>((listening) => {
      server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const pool = url.pathname.startsWith('/pool/');
        const only = url.pathname.startsWith('/sigmoid/');
        const root = pool ? poolOutDir : only ? sigmoidOutDir : outDir;
        const path = pool ? url.pathname.slice('/pool'.length) : only ? url.pathname.slice('/sigmoid'.length) : url.pathname;
        const file = join(root, path === '/' ? 'index.html' : path);
        if (!file.startsWith(root + sep) || !existsSync(file)) {
          res.writeHead(404).end();
          return;
        }
        const type = { '.html': 'text/html', '.js': 'text/javascript' }[extname(file)] ?? 'application/octet-stream';
        const policy = CSP[(url.searchParams.get('csp') ?? 'strict') as Policy] ?? CSP.strict;
        res.writeHead(200, {
          'Content-Type': `${type}; charset=utf-8`,
          'Content-Security-Policy': policy,
          ...(pool ? CROSS_ORIGIN_ISOLATION : {}),
        });
        res.end(readFileSync(file));
      });
      server.listen(0, '127.0.0.1', () => {
        const address = server!.address();
        if (address === null || typeof address === 'string') throw new Error('no port');
        origin = `http://127.0.0.1:${address.port}`;
        listening();
      });
    });

  /** One headless Chromium for every page (started on first use); each page opens in a fresh context. */
  let browser: import('playwright').Browser | undefined;

  /** Opens the page in headless Chromium: what it computed, page errors, CSP violations. */
  const open = async (policy: Policy, path = '/') => {
    if (browser === undefined) {
      const { chromium } = await import('playwright');
      browser = await chromium.launch({ ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args] });
    }
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.addInitScript(() => {
        const w = window as unknown as { __violations: string[] };
        w.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
      });
      await page.goto(`${origin}${path}?csp=${policy}`);
      await page.waitForFunction(() => (window as unknown as { __sigmoidWasm?: unknown }).__sigmoidWasm !== undefined, null, {
        timeout: 60_000,
      });
      // Violation events are queued tasks: let them run.
      await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
      const { outcome, violations, userAgent } = await page.evaluate(() => {
        const w = window as unknown as { __sigmoidWasm: unknown; __violations: string[] };
        return { outcome: w.__sigmoidWasm, violations: w.__violations, userAgent: navigator.userAgent };
      });
      return { outcome, violations, userAgent, errors };
    } finally {
      await context.close();
    }
  };

  // Without /usr/bin/chromium: skipped locally (with the line saying how to
  // get it), failed under CI.
  const chromium = chromiumStatus();
  const inChromium = chromium === 'skip' ? it.skip : it;
  const needChromium = () => {
    if (chromium === 'fail') throw new Error(MISSING_UNDER_CI);
  };

  beforeAll(async () => {
    if (chromium === 'skip') console.warn(SKIP_LINE);
    await build();
    if (chromium === 'ok') await serve();
  }, LONG);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((closed) => (server === undefined ? closed() : server.close(() => closed())));
  });

  /** A built page's JavaScript: its files, and their bytes and gzipped bytes in all. */
  const javascriptOf = (dir: string) => {
    const files = filesUnder(dir).filter((f) => f.endsWith('.js'));
    const bytes = files.map((f) => readFileSync(join(dir, f)));
    return { files, raw: bytes.reduce((n, b) => n + b.length, 0), gzip: bytes.reduce((n, b) => n + gzipSync(b).length, 0) };
  };

  it('builds the whole-package page as JavaScript with the wasm inside (no .wasm file to serve); size reported', () => {
    const files = filesUnder(outDir);
    expect(files.filter((f) => !f.endsWith('.html') && !f.endsWith('.js'))).toEqual([]);
    const js = javascriptOf(outDir);
    expect(js.files.length).toBeGreaterThan(0);
    console.log(`Vite production build, the whole package: ${js.files.join(', ')}: ${js.raw} bytes, ${js.gzip} bytes gzipped`);
  });

  // issue 17, item 4: a page ships what it uses.
  it('a page that calls only sigmoid ships at most 30 KB of JavaScript gzipped (30,000 bytes; size reported)', () => {
    const files = filesUnder(sigmoidOutDir);
    expect(files.filter((f) => !f.endsWith('.html') && !f.endsWith('.js'))).toEqual([]);
    const js = javascriptOf(sigmoidOutDir);
    const whole = javascriptOf(outDir);
    console.log(
      `Vite production build, a page calling only sigmoid: ${js.files.join(', ')}: ${js.raw} bytes, ${js.gzip} bytes gzipped ` +
        `(the whole package's page: ${whole.raw} bytes, ${whole.gzip} gzipped)`,
    );
    expect(js.gzip).toBeLessThanOrEqual(30_000);
  });

  inChromium(
    "the sigmoid-only page computes sigmoid right after the import, in headless Chromium under CSP script-src 'self' 'wasm-unsafe-eval'",
    async () => {
      needChromium();
      const { outcome: o, violations, errors } = await open('strict', '/sigmoid/');
      const outcome = o as { ok: boolean; values?: string[]; number?: number; error?: string };
      expect(errors).toEqual([]);
      expect(violations).toEqual([]);
      expect(outcome.error).toBeUndefined();
      const x = Float64Array.from([0, 1, -1, 2, -2, 0.5, 40, -40, 745, -745, -0, NaN, Infinity, -Infinity]);
      expect(outcome.values).toEqual(Array.from(repoApi.sigmoid(x), (v) => (Object.is(v, -0) ? '-0' : String(v))));
      expect(outcome.number).toBe(repoApi.sigmoid(0.5));
    },
    LONG,
  );

  it('builds the pool page as JavaScript too: no .wasm, no worker file (the workers come from a Blob); size reported', () => {
    const files = filesUnder(poolOutDir);
    expect(files.filter((f) => !f.endsWith('.html') && !f.endsWith('.js'))).toEqual([]);
    const js = javascriptOf(poolOutDir);
    expect(js.files.length).toBeGreaterThan(0);
    console.log(`Vite production build with the pool: ${js.files.join(', ')}: ${js.raw} bytes, ${js.gzip} bytes gzipped`);
  });

  inChromium(
    "computes the expected values in headless Chromium under CSP script-src 'self' 'wasm-unsafe-eval' (default-src 'none')",
    async () => {
      needChromium();
      const { outcome: o, violations, userAgent, errors } = await open('strict');
      const outcome = o as PageOutcome;
      expect(userAgent).toMatch(/\bHeadlessChrome\/\d+/);
      expect(errors).toEqual([]);
      expect(violations).toEqual([]);
      expect(outcome.error).toBeUndefined();
      expectResults(outcome.result, 'the Vite page in Chromium');
      // Chromium has relaxed SIMD: the default kernel runs the relaxed build there.
      expect(outcome.result!.flags.defaultRelaxed).toBe(true);
    },
    LONG,
  );

  inChromium(
    "without 'wasm-unsafe-eval' in script-src, Chromium refuses to compile the wasm (the CSP requirement is real)",
    async () => {
      needChromium();
      const { outcome: o, violations } = await open('no-wasm');
      const outcome = o as PageOutcome;
      expect(outcome.ok).toBe(false);
      // Chromium's message names 'unsafe-eval'; 'wasm-unsafe-eval' is what lifts it (test above).
      expect(outcome.error).toMatch(/^CompileError: WebAssembly\.Module\(\): .*Content Security Policy directive/);
      expect(violations.some((v) => v.startsWith('script-src'))).toBe(true);
    },
    LONG,
  );

  inChromium(
    "the pool page, served with COOP same-origin, COEP require-corp and CSP script-src 'self' 'wasm-unsafe-eval'; worker-src blob:, " +
      "is cross-origin isolated and its pool gives the page's kernel's bits",
    async () => {
      needChromium();
      const { outcome: o, violations, errors } = await open('pool', '/pool/');
      const outcome = o as PoolPageOutcome;
      expect(errors).toEqual([]);
      expect(violations).toEqual([]);
      expect(outcome.error).toBeUndefined();
      expect(outcome.crossOriginIsolated).toBe(true);
      expect(outcome.steps).toEqual({ createPool: 'returned', firstCall: 'fulfilled', ready: 'fulfilled', callAfterReady: 'fulfilled' });
      expect(outcome.result!.crossOriginIsolated).toBe(true);
      expectPoolResults(outcome.result, 'the pool in the Vite page in Chromium');
      // Chromium has relaxed SIMD: the pool runs the threaded variant of the relaxed build there.
      expect(outcome.result!.build).toEqual([true, true, 'fast', true, true, 'fast']);
    },
    LONG,
  );

  inChromium(
    'without worker-src blob: in the CSP, the workers cannot load: createPool returns, a first call runs on the page, ready and later calls reject (the requirement is real)',
    async () => {
      needChromium();
      const { outcome: o, violations, errors } = await open('strict', '/pool/');
      const outcome = o as PoolPageOutcome;
      expect(errors).toEqual([]);
      expect(outcome.error).toBeUndefined();
      expect(outcome.crossOriginIsolated).toBe(true);
      const notStarted = /^Error: sigmoid-wasm pool: a worker could not start: .*worker-src blob:/;
      expect(outcome.steps.createPool).toBe('returned');
      // Made before the worker's failure is known: the page runs every chunk itself.
      expect(outcome.steps.firstCall).toBe('fulfilled');
      expect(outcome.steps.ready).toMatch(notStarted);
      expect(outcome.steps.callAfterReady).toMatch(notStarted);
      expect(outcome.result).toBeUndefined();
      // script-src 'self' stands in for the missing worker-src (and child-src): the Blob URL is refused.
      expect(violations).toContain('worker-src blob');
    },
    LONG,
  );
});
