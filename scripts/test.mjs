// npm test (after the build and the type-check): the vitest projects
// (vitest.config.ts) in runs, one per engine, since vitest runs in a process
// of the engine under test:
// - the machine's Node: every project: the suites that do not depend on the
//   Node version and run once (node: the packed tarball, the CLI, the plot,
//   the demo page, the example, TensorFlow.js, the Deno and Bun suites; the
//   browsers: chromium, chromium-isolated, firefox) and the version-sensitive
//   ones (api, pool: the kernels, the API and the worker pool; cheap, and the
//   machine's Node 20 is the one engine without relaxed SIMD);
// - Node 22, 24 and 26 (.cache/engines, npm run engines): the
//   version-sensitive projects only.
// Two lanes run side by side, since one vitest process keeps about half of a
// 2-core machine busy (one test file at a time, much of it waiting on child
// processes and browsers): the machine's Node in one, Node 22, 24 and 26 in
// turn in the other (SIGMOID_WASM_TEST_SERIAL=1: one run at a time). The
// first lane's output is shown as it comes, the other's when both are done;
// each run's output is also kept in test-output/vitest-<engine>.log, and its
// counts come from
// test-output/vitest-<engine>.json. The counts of all runs are summed into
// test-output/summary.json (with each run's seconds and the wall time) and
// printed, then one closing line, "N passed, N failed". A missing engine is a
// failure under CI (CI set) and a skip elsewhere, with one line saying how to
// get it.
//
// Usage: node scripts/test.mjs [vitest arguments...]   (e.g. a file filter;
// passed to every run)
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT, engineInfo, findEngine, missingLine } from './engines.mjs';

const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const OUT = join(ROOT, 'test-output');
const extra = process.argv.slice(2);
const ci = Boolean(process.env.CI);

/** The projects whose results depend on the engine (vitest.config.ts says which are which): run under every Node. */
const VERSION_SENSITIVE = ['api', 'pool'];

const runs = [
  { engine: 'machine', label: `Node ${process.versions.node} (the machine's)`, path: process.execPath, args: [] },
  ...['node22', 'node24', 'node26'].map((name) => ({ engine: name, label: engineInfo(name).label, args: VERSION_SENSITIVE.flatMap((p) => ['--project', p]) })),
];

/** Counts from a vitest JSON report; a file that failed outside any test counts as one failure. */
function countsOf(file) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const broken = r.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((t) => t.status === 'failed'));
  for (const f of broken) console.log(`failed outside any test: ${f.name}: ${(f.message || '').split('\n')[0]}`);
  return { passed: r.numPassedTests, failed: r.numFailedTests + broken.length, skipped: r.numPendingTests + r.numTodoTests };
}

mkdirSync(OUT, { recursive: true });
const total = { passed: 0, failed: 0, skipped: 0, runs: [] };

/** Runs vitest under one engine, its output shown as it comes (live) or kept for later; resolves to the run's entry of summary.json and its report. */
function runOne(run, live) {
  if (run.engine !== 'machine') {
    const found = findEngine(run.engine);
    // A Node 22 machine need not run Node 22 twice.
    if (found && found.path === process.execPath) return Promise.resolve(null);
    if (!found) {
      const line = missingLine(run.engine);
      console.log(ci ? `ERROR: ${line}` : `SKIPPED ${run.label}: ${line}`);
      return Promise.resolve({ entry: { engine: run.engine, missing: true, passed: 0, failed: ci ? 1 : 0, skipped: 0 }, text: '' });
    }
    run.path = found.path;
    run.label = `Node ${found.version}`;
  }
  const report = join(OUT, `vitest-${run.engine}.json`);
  const logFile = join(OUT, `vitest-${run.engine}.log`);
  rmSync(report, { force: true });
  const title = `=== vitest under ${run.label}${run.args.length ? ` (${run.args.join(' ')})` : ''}`;
  console.log(live ? `\n${title}` : `${title}: started (its output follows at the end)`);
  const started = Date.now();
  return new Promise((done) => {
    const log = createWriteStream(logFile);
    const chunks = [];
    const child = spawn(run.path, [VITEST, 'run', ...run.args, '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra], {
      cwd: ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        if (live) process.stdout.write(chunk);
        else chunks.push(chunk);
        log.write(chunk);
      });
    }
    child.on('close', (code, signal) => {
      log.end();
      const seconds = Math.round((Date.now() - started) / 1000);
      const lines = live ? [] : [`\n${title}`, Buffer.concat(chunks).toString('utf8')];
      const say = (line) => (live ? console.log(line) : lines.push(line));
      let counts;
      if (existsSync(report)) counts = countsOf(report);
      else {
        say(`no report from the run under ${run.label}: vitest failed to start, see above`);
        counts = { passed: 0, failed: 1, skipped: 0 };
      }
      // Errors outside the tests (an unhandled rejection) fail the run without a failed test.
      if (code !== 0 && counts.failed === 0) {
        say(`vitest under ${run.label} exited with status ${code ?? signal}: errors outside the tests, see above`);
        counts.failed = 1;
      }
      say(`${run.label}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${seconds} s)`);
      done({ entry: { engine: run.engine, label: run.label, seconds, ...counts }, text: lines.join('\n') });
    });
  });
}

/** Runs a lane's runs one after another. */
async function lane(list, live) {
  const out = [];
  for (const run of list) {
    const r = await runOne(run, live);
    if (r !== null) out.push(r);
  }
  return out;
}

const wallStart = Date.now();
const [machine, ...others] = runs;
const results = process.env.SIGMOID_WASM_TEST_SERIAL === '1' ? [await lane(runs, true)] : await Promise.all([lane([machine], true), lane(others, false)]);
for (const { entry: r, text } of results.flat()) {
  if (text) console.log(text);
  total.passed += r.passed;
  total.failed += r.failed;
  total.skipped += r.skipped;
  total.runs.push(r);
}
total.wallSeconds = Math.round((Date.now() - wallStart) / 1000);

total.seconds = total.runs.reduce((n, r) => n + (r.seconds ?? 0), 0);
writeFileSync(join(OUT, 'summary.json'), JSON.stringify(total, null, 2) + '\n');
console.log('');
for (const r of total.runs) if (!r.missing) console.log(`  ${r.label.padEnd(28)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped, ${r.seconds} s`);
console.log(`  ${'all runs'.padEnd(28)} ${total.seconds} s of runs, ${total.wallSeconds} s from start to end (${process.env.SIGMOID_WASM_TEST_SERIAL === '1' ? 'one lane' : 'two lanes'})`);
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exitCode = total.failed > 0 ? 1 : 0;
