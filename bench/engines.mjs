// npm run bench -- --engines: the engine matrix. The same benchmark
// (bench/core.mjs: MATRIX) in each engine's own process, one engine at a
// time: Node 20 (the machine's), 22, 24, 26, Deno and Bun run
// bench/engine-run.mjs; Chromium (Playwright) and Firefox (puppeteer-core,
// WebDriver BiDi) open bench/browser/index.html served on 127.0.0.1. Within
// each engine the tasks are interleaved and the ratios taken per round, so
// every figure compares implementations inside one engine's process.
// After the sigmoid's matrix each engine runs the sigmoid family's rows
// (bench/core.mjs: FAMILY); --family runs those alone, in a few minutes for
// every engine.
//
// Usage: node bench/engines.mjs [--family] [--only node24,chromium] [--sizes 100,1e6] [--rounds N]
// Engines come from `npm run engines`; a missing one is listed and skipped.
// A run with the default sizes and rounds writes bench/engines.json (only the
// engines it ran are replaced; with --family only their family rows, the
// sigmoid's rows stay as they were) and rewrites BENCHMARKS.md and README's
// tables.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync, createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';

import { ENGINES, ROOT, chromiumLaunchOptions, engineInfo, findEngine, firefoxLaunchOptions, missingLine } from '../scripts/engines.mjs';
import { FAMILY, MATRIX } from './core.mjs';
import { writeBenchmarksMd } from './report.mjs';

const RESULTS = join(ROOT, 'bench', 'engines.json');
const ENGINE_TIMEOUT_MS = 30 * 60_000;

function parseArgs(argv) {
  const args = { engines: ENGINES.map((e) => e.name), sizes: null, rounds: null, family: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') args.engines = argv[++i].split(',');
    else if (a === '--family') args.family = true;
    else if (a === '--sizes') args.sizes = argv[++i].split(',').map(Number);
    else if (a === '--rounds') args.rounds = Number(argv[++i]);
    else if (a === '--help' || a === '-h') {
      console.log('usage: node bench/engines.mjs [--family] [--only node24,deno,chromium] [--sizes 100,1e6] [--rounds N]\n  --family  the sigmoid family\'s rows only (tanh, silu, softplus, ..., the logistic loss); the sigmoid\'s rows in bench/engines.json are kept');
      process.exit(0);
    } else {
      console.error(`bench --engines: unknown argument ${a} (try --help)`);
      process.exit(2);
    }
  }
  for (const e of args.engines) {
    try {
      engineInfo(e);
    } catch (error) {
      console.error(`bench --engines: ${error.message}`);
      process.exit(2);
    }
  }
  if (args.sizes && !args.sizes.every((n) => Number.isInteger(n) && n > 0)) {
    console.error('bench --engines: --sizes must be positive integers, e.g. 100,1e6');
    process.exit(2);
  }
  if (args.rounds !== null && !(Number.isInteger(args.rounds) && args.rounds > 0)) {
    console.error('bench --engines: --rounds must be a positive integer');
    process.exit(2);
  }
  return args;
}

/** Runs a script engine on bench/engine-run.mjs; resolves with its RESULT line's JSON. */
function runScriptEngine(found, passArgs) {
  const script = join(ROOT, 'bench', 'engine-run.mjs');
  // Deno: read access for dist/ and node_modules, env for TF.js's flags; no
  // lock file, no network, no config discovery beyond package.json.
  const argv = found.kind === 'deno' ? ['run', '--no-lock', '--allow-read', '--allow-env', script, ...passArgs] : [script, ...passArgs];
  return new Promise((resolve, reject) => {
    const child = spawn(found.path, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), ENGINE_TIMEOUT_MS);
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => {
      err += d;
      process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT:'));
      if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT:'.length)));
      else reject(new Error(`${found.label} exited with ${code ?? signal}\n${out.slice(-2000)}\n${err.slice(-2000)}`));
    });
  });
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.map': 'application/json' };
const SERVED = ['dist', 'bench', 'node_modules'];

/** A static server of the repository's dist/, bench/ and node_modules/ on 127.0.0.1 (a free port). */
function serve() {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^[/\\]+/, '');
    const file = join(ROOT, path);
    if (!SERVED.some((d) => path === d || path.startsWith(d + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    // Cross-origin isolated: browsers then give performance.now() its fine
    // resolution (the page keeps TF.js single-threaded all the same).
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Opens the matrix page in a browser; resolves with window.matrixResult. */
async function runBrowser(found, query) {
  const server = await serve();
  const url = `http://127.0.0.1:${server.address().port}/bench/browser/index.html${query}`;
  let browser;
  try {
    let page;
    if (found.name === 'chromium') {
      const { chromium } = await import('playwright');
      browser = await chromium.launch({ ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args] });
      page = await browser.newPage();
      page.setDefaultTimeout(ENGINE_TIMEOUT_MS);
    } else {
      const { default: puppeteer } = await import('puppeteer-core');
      browser = await puppeteer.launch({ ...firefoxLaunchOptions, protocolTimeout: ENGINE_TIMEOUT_MS });
      page = await browser.newPage();
      page.setDefaultTimeout(ENGINE_TIMEOUT_MS);
    }
    page.on('console', (m) => process.stderr.write(`${m.text()}\n`));
    page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message ?? e}\n`));
    await page.goto(url);
    await page.waitForFunction(() => window.matrixResult !== undefined);
    return await page.evaluate(() => window.matrixResult);
  } finally {
    await browser?.close();
    server.close();
  }
}

function environment() {
  const version = (name) => {
    try {
      return JSON.parse(readFileSync(join(ROOT, 'node_modules', ...name.split('/'), 'package.json'), 'utf8')).version;
    } catch {
      return 'not installed';
    }
  };
  return {
    date: new Date().toISOString().slice(0, 10),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    packages: Object.fromEntries(['tinybench', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', 'playwright', 'puppeteer-core'].map((p) => [p, version(p)])),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const passArgs = [...(args.family ? ['--family'] : []), ...(args.sizes ? ['--sizes', args.sizes.join(',')] : []), ...(args.rounds ? ['--rounds', String(args.rounds)] : [])];
  const params = { ...(args.family ? { family: '1' } : {}), ...(args.sizes ? { sizes: args.sizes.join(',') } : {}), ...(args.rounds ? { rounds: String(args.rounds) } : {}) };
  const query = Object.keys(params).length ? `?${new URLSearchParams(params)}` : '';
  const env = environment();
  const runs = [];
  const failed = [];
  for (const name of args.engines) {
    const found = findEngine(name);
    if (!found) {
      console.error(`SKIPPED ${engineInfo(name).label}: ${missingLine(name)}`);
      failed.push(name);
      continue;
    }
    console.error(`\n=== ${found.label} ${found.version} (${found.path})`);
    try {
      const r = found.kind === 'browser' ? await runBrowser(found, query) : await runScriptEngine(found, passArgs);
      // The family's rows carry where they were measured, so that a later
      // --family run can replace them alone.
      const { engine, tfjs, crossOriginIsolated, clockResolutionMs } = r;
      r.family = { version: found.version, date: env.date, engine, tfjs, crossOriginIsolated, clockResolutionMs, ...r.family };
      runs.push({ name, label: found.label, version: found.version, ...r, date: env.date });
      console.error(`${found.label}: ${args.family ? '' : `${r.seconds} s (sigmoid) + `}${r.family.seconds} s (family), checksum ${r.checksum.toPrecision(6)}`);
    } catch (error) {
      console.error(`FAILED ${found.label}: ${error.stack ?? error}`);
      failed.push(name);
    }
  }
  if (!args.family) printSummary(runs);
  printFamilySummary(runs);
  if (!args.sizes && !args.rounds) {
    const old = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : { engines: [] };
    const byName = new Map(old.engines.map((e) => [e.name, e]));
    for (const r of runs) {
      const prev = byName.get(r.name);
      if (!args.family) byName.set(r.name, r);
      else if (prev) byName.set(r.name, { ...prev, family: r.family });
      else byName.set(r.name, { name: r.name, label: r.label, version: r.version, engine: r.engine, tfjs: r.tfjs, date: r.date, results: [], family: r.family });
    }
    const engines = ENGINES.map((e) => byName.get(e.name)).filter(Boolean);
    const matrix = {
      environment: args.family ? old.environment ?? env : env,
      method: args.family ? old.method ?? { ...MATRIX } : { ...MATRIX },
      familyEnvironment: env,
      familyMethod: { sizes: FAMILY.sizes, rounds: FAMILY.rounds, functions: FAMILY.functions.map((f) => f.op) },
      engines,
    };
    writeFileSync(RESULTS, JSON.stringify(matrix, null, 1) + '\n');
    writeBenchmarksMd(ROOT);
    console.error(`\nwrote bench/engines.json${args.family ? ' (the family\'s rows of the engines run)' : ''}, BENCHMARKS.md and README.md's speed tables`);
  }
  if (failed.length) {
    console.error(`not measured: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

function printSummary(runs) {
  const at = (r, id, n) => r.results.find((q) => q.id === id && q.n === n);
  const sizes = [...new Set(runs.flatMap((r) => r.results.map((q) => q.n)))];
  const big = Math.max(...sizes);
  console.log(`\nfloat32 sigmoid at n = ${big}, ratios within each engine's run (median of rounds)`);
  console.log(['engine'.padEnd(22), 'zero-copy/JS', 'TF.js/JS', 'zero-copy/TF.js', 'accurate/TF.js', 'JS arrays/TF.js e2e'].join('  '));
  for (const r of runs) {
    const z = at(r, 'zero:sigmoid:float32', big);
    const c = at(r, 'copy:sigmoid:float32', big);
    const t = at(r, 'tfjs-kernel:sigmoid:float32', big);
    const a = at(r, 'acc:sigmoid:float32', big);
    const f = (v) => (v ? `${v.median.toFixed(2)}x` : '-');
    console.log([`${r.label} ${r.version}`.padEnd(22), f(z?.vsPlainJs).padStart(12), f(t?.vsPlainJs).padStart(8), f(z?.vsTfjsKernel).padStart(15), f(a?.vsTfjsKernel).padStart(14), f(c?.vsTfjsEndToEnd).padStart(19)].join('  '));
  }
}

/** The family's rows at the largest size: ratio to the plain JS loop (and to TF.js's kernel). */
function printFamilySummary(runs) {
  const fams = runs.filter((r) => r.family?.results?.length);
  if (!fams.length) return;
  const big = Math.max(...fams.flatMap((r) => r.family.results.map((q) => q.n)));
  console.log(`\nthe sigmoid family, float32, zero-copy, n = ${big}: ratio to the plain JS loop (to TF.js wasm's kernel), median of rounds`);
  const head = ['function', ...fams.map((r) => `${r.label} ${r.version}`)];
  const body = FAMILY.functions.map(({ op }) => [op, ...fams.map((r) => {
    const q = r.family.results.find((x) => x.id === `zero:${op}:float32` && x.n === big);
    if (!q) return '-';
    return `${q.vsPlainJs.median.toFixed(2)}x${q.vsTfjsKernel ? ` (${q.vsTfjsKernel.median.toFixed(2)}x)` : ''}`;
  })]);
  const widths = head.map((_, c) => Math.max(...[head, ...body].map((t) => t[c].length)));
  for (const t of [head, ...body]) console.log(t.map((v, c) => (c ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join('  '));
}

await main();
