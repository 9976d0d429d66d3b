// npm run bench -- --engines: the engine matrix. The same benchmark
// (bench/core.mjs: MATRIX, every entry of the table of operations) in each
// engine's own process, one engine at a time: Node 20 (the machine's), 22,
// 24, 26, Deno and Bun run bench/engine-run.mjs; Chromium (Playwright) and
// Firefox (puppeteer-core, WebDriver BiDi) open bench/browser/index.html
// served on 127.0.0.1. Within each engine the tasks are interleaved and the
// ratios taken per round, so every figure compares implementations inside
// one engine's process. --fn runs a selection of the table (names, or a
// section: `--fn family`; `--family` is short for it; the sigmoid is always
// measured with them, as every row's yardstick) and replaces only those
// functions' rows. --pool runs the worker pool's rows instead
// (bench/pool.mjs: createPool against the single-thread kernel), in Node 24
// and Chromium by default (--only for others), and writes bench/pool.json.
//
// Usage: node bench/engines.mjs [--fn tanh,silu | --family | --pool] [--only node24,chromium] [--sizes 100,1e6] [--rounds N]
// Engines come from `npm run engines`; a missing one is listed and skipped.
// A run with the default sizes and rounds writes bench/engines.json (only the
// engines it ran are replaced, and in them only the functions it measured)
// and rewrites BENCHMARKS.md and the docs' speed blocks. A --pool run with
// the default sizes and rounds replaces the engines it ran in bench/pool.json
// and rewrites BENCHMARKS.md (README is left alone).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';

import { ENGINES, ROOT, chromiumLaunchOptions, engineInfo, findEngine, firefoxLaunchOptions, missingLine } from '../scripts/engines.mjs';
import { MATRIX, selectOps, withSigmoid } from './core.mjs';
import { POOL } from './pool.mjs';
import { mergeRuns, poolSummaryLines, summaryLines, writeBenchmarksMd } from './report.mjs';

const RESULTS = join(ROOT, 'bench', 'engines.json');
const POOL_RESULTS = join(ROOT, 'bench', 'pool.json');
const ENGINE_TIMEOUT_MS = 30 * 60_000;

function parseArgs(argv) {
  const args = { engines: null, sizes: null, rounds: null, fn: null, pool: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') args.engines = argv[++i].split(',');
    else if (a === '--family') args.fn = 'family';
    else if (a === '--fn') args.fn = argv[++i];
    else if (a === '--pool') args.pool = true;
    else if (a === '--sizes') args.sizes = argv[++i].split(',').map(Number);
    else if (a === '--rounds') args.rounds = Number(argv[++i]);
    else if (a === '--help' || a === '-h') {
      console.log('usage: node bench/engines.mjs [--fn tanh,silu | --family | --pool] [--only node24,deno,chromium] [--sizes 100,1e6] [--rounds N]\n  --fn      these functions of the table only (names, or a section: sigmoid, family), with the sigmoid; the other rows in bench/engines.json are kept\n  --family  --fn family: the sigmoid family\'s rows (tanh, silu, softplus, ..., the logistic loss)\n  --pool    the worker pool\'s rows only (createPool, 1 and 2 threads, against the single-thread kernel), by default in Node 24 and Chromium; writes bench/pool.json');
      process.exit(0);
    } else {
      console.error(`bench --engines: unknown argument ${a} (try --help)`);
      process.exit(2);
    }
  }
  if (args.fn !== null && args.pool) {
    console.error('bench --engines: --fn (--family) and --pool are separate runs');
    process.exit(2);
  }
  if (args.fn !== null) {
    try {
      selectOps(args.fn);
    } catch (error) {
      console.error(`bench --engines: --fn: ${error.message}`);
      process.exit(2);
    }
  }
  args.engines ??= args.pool ? [...POOL.engines] : ENGINES.map((e) => e.name);
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
  if (args.pool) return mainPool(args);
  const passArgs = [...(args.fn ? ['--fn', args.fn] : []), ...(args.sizes ? ['--sizes', args.sizes.join(',')] : []), ...(args.rounds ? ['--rounds', String(args.rounds)] : [])];
  const params = { ...(args.fn ? { fn: args.fn } : {}), ...(args.sizes ? { sizes: args.sizes.join(',') } : {}), ...(args.rounds ? { rounds: String(args.rounds) } : {}) };
  const query = Object.keys(params).length ? `?${new URLSearchParams(params)}` : '';
  const env = environment();
  const runs = [];
  const failed = [];
  for (const name of args.engines) {
    const found = installedOrSkipped(name, failed);
    if (!found) continue;
    console.error(`\n=== ${found.label} ${found.version} (${found.path})`);
    try {
      const r = found.kind === 'browser' ? await runBrowser(found, query) : await runScriptEngine(found, passArgs);
      runs.push({ name, label: found.label, version: found.version, date: env.date, ...r });
      console.error(`${found.label}: ${r.seconds} s, ${r.ops.length} functions, checksum ${r.checksum.toPrecision(6)}`);
    } catch (error) {
      console.error(`FAILED ${found.label}: ${error.stack ?? error}`);
      failed.push(name);
    }
  }
  for (const line of summaryLines(runs)) console.log(line);
  if (!args.sizes && !args.rounds && runs.length) {
    const old = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : null;
    const all = !args.fn || withSigmoid(selectOps(args.fn)).length === withSigmoid(selectOps('all')).length;
    const matrix = mergeRuns(old, runs, { environment: env, method: { ...MATRIX, ops: selectOps('all').map((s) => s.name) }, order: ENGINES.map((e) => e.name), all });
    writeFileSync(RESULTS, JSON.stringify(matrix, null, 1) + '\n');
    writeBenchmarksMd(ROOT);
    console.error(`\nwrote bench/engines.json${all ? '' : ` (the rows of ${runs[0].ops.join(', ')} in the engines run)`}, BENCHMARKS.md and the docs' speed blocks`);
  }
  reportNotMeasured(failed);
}

/**
 * Linux: how much CPU other processes took while an engine ran (this
 * machine is shared, and the pool's 2-thread rows need both its cores).
 * Samples /proc every 500 ms: the machine's busy time (/proc/stat) minus
 * what this process and its descendants used (their utime + stime, each
 * process from its first sample to its last, so a fraction of a second of
 * an engine's last moments counts as foreign). stop() gives the average
 * number of cores the others kept busy, and the busiest of them.
 */
function loadMonitor() {
  if (!existsSync('/proc/stat')) return { stop: () => null };
  const tick = 100; // USER_HZ on Linux
  const busy = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return f[0] + f[1] + f[2] + f[5] + f[6] + f[7]; // user nice system irq softirq steal
  };
  const procs = () => {
    const out = new Map();
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const t = readFileSync(`/proc/${d}/stat`, 'utf8');
        const close = t.lastIndexOf(')');
        const f = t.slice(close + 2).split(' ');
        out.set(Number(d), { comm: t.slice(t.indexOf('(') + 1, close), ppid: Number(f[1]), cpu: Number(f[11]) + Number(f[12]) });
      } catch {
        // gone meanwhile
      }
    }
    return out;
  };
  const first = new Map(); // pid -> { comm, cpu, mine } at its first sample
  const last = new Map();
  const sample = () => {
    const now = procs();
    const mine = (pid) => {
      for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
        if (p === process.pid) return true;
        p = now.get(p)?.ppid ?? 0;
      }
      return false;
    };
    for (const [pid, q] of now) {
      const v = { comm: q.comm, cpu: q.cpu, mine: mine(pid) };
      if (!first.has(pid)) first.set(pid, v);
      last.set(pid, v);
    }
  };
  const t0 = performance.now();
  const b0 = busy();
  sample();
  const timer = setInterval(sample, 500);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const wall = (performance.now() - t0) / 1000;
      const total = (busy() - b0) / tick;
      let ours = 0;
      const others = new Map();
      for (const [pid, v] of last) {
        const used = (v.cpu - first.get(pid).cpu) / tick;
        if (v.mine) ours += used;
        else if (used > 0) others.set(v.comm, (others.get(v.comm) ?? 0) + used);
      }
      const top = [...others].sort((a, b) => b[1] - a[1]).slice(0, 3).filter(([, v]) => v >= 0.5).map(([comm, seconds]) => ({ comm, seconds: Math.round(seconds * 10) / 10 }));
      return { wallSeconds: Math.round(wall), ownCores: Math.round((100 * ours) / wall) / 100, otherCores: Math.max(0, Math.round((100 * (total - ours)) / wall) / 100), top };
    },
  };
}

/**
 * Linux: waits (up to `maxSeconds`) until the machine's other load is below
 * `cores` over a 2-second window, so that an engine's run does not start
 * on top of another job; resolves with the last load seen.
 */
async function waitForQuiet({ cores = 0.25, maxSeconds = 120 } = {}) {
  if (!existsSync('/proc/stat')) return null;
  const started = performance.now();
  let said = false;
  for (;;) {
    const monitor = loadMonitor();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const load = monitor.stop();
    if (load.otherCores < cores) return load.otherCores;
    if ((performance.now() - started) / 1000 > maxSeconds) {
      console.error(`the machine is still busy (${load.otherCores} cores) after ${maxSeconds} s: measuring anyway`);
      return load.otherCores;
    }
    if (!said) console.error(`waiting for the machine to quiet down: other processes keep ${load.otherCores} cores busy${load.top.length ? ` (${load.top.map((t) => t.comm).join(', ')})` : ''}`);
    said = true;
  }
}

/** --pool: the pool's rows in each engine; bench/pool.json, BENCHMARKS.md. */
async function mainPool(args) {
  const passArgs = ['--pool', ...(args.sizes ? ['--sizes', args.sizes.join(',')] : []), ...(args.rounds ? ['--rounds', String(args.rounds)] : [])];
  const params = { pool: '1', ...(args.sizes ? { sizes: args.sizes.join(',') } : {}), ...(args.rounds ? { rounds: String(args.rounds) } : {}) };
  const query = `?${new URLSearchParams(params)}`;
  const env = environment();
  const started = performance.now();
  const runs = [];
  const failed = [];
  for (const name of args.engines) {
    const found = installedOrSkipped(name, failed);
    if (!found) continue;
    console.error(`\n=== ${found.label} ${found.version} (${found.path}): the worker pool`);
    await waitForQuiet();
    const monitor = loadMonitor();
    try {
      const r = found.kind === 'browser' ? await runBrowser(found, query) : await runScriptEngine(found, passArgs);
      const load = monitor.stop();
      const { engine, crossOriginIsolated, clockResolutionMs, pool } = r;
      runs.push({ name, label: found.label, version: found.version, date: env.date, engine, crossOriginIsolated, clockResolutionMs, ...pool, load });
      console.error(`${found.label}: ${pool.seconds} s, checksum ${pool.checksum.toPrecision(6)}`);
      if (load) {
        console.error(`${found.label}: other processes kept ${load.otherCores} cores busy on average during the run${load.top.length ? ` (${load.top.map((t) => `${t.comm} ${t.seconds} s`).join(', ')})` : ''}${load.otherCores >= 0.1 ? ': the 2-thread rows shared the cores with them' : ''}`);
      }
    } catch (error) {
      monitor.stop();
      console.error(`FAILED ${found.label}: ${error.stack ?? error}`);
      failed.push(name);
    }
  }
  for (const line of poolSummaryLines(runs)) console.log(line);
  console.error(`\nthe pool's run: ${Math.round((performance.now() - started) / 1000)} s in all`);
  if (!args.sizes && !args.rounds && runs.length) {
    const old = existsSync(POOL_RESULTS) ? JSON.parse(readFileSync(POOL_RESULTS, 'utf8')) : { engines: [] };
    const byName = new Map(old.engines.map((e) => [e.name, e]));
    for (const r of runs) byName.set(r.name, r);
    const engines = ENGINES.map((e) => byName.get(e.name)).filter(Boolean);
    const method = { ...POOL, engines: undefined };
    writeFileSync(POOL_RESULTS, JSON.stringify({ environment: env, method, engines }, null, 1) + '\n');
    writeBenchmarksMd(ROOT, { readme: false, chart: false });
    console.error('wrote bench/pool.json and BENCHMARKS.md');
  }
  reportNotMeasured(failed);
}

/** The engine to run; null, said on stderr and added to `failed`, when it is not installed. */
function installedOrSkipped(name, failed) {
  const found = findEngine(name);
  if (!found) {
    console.error(`SKIPPED ${engineInfo(name).label}: ${missingLine(name)}`);
    failed.push(name);
  }
  return found;
}

/** The engines that were not measured, if any: listed, and the exit code 1. */
function reportNotMeasured(failed) {
  if (failed.length) {
    console.error(`not measured: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
