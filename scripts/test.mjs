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
// Each run writes test-output/vitest-<engine>.json; the counts of all runs are
// summed into test-output/summary.json (with each run's seconds) and printed
// with each run's time, then one closing line, "N passed, N failed". A missing
// engine is a failure under CI (CI set) and a skip elsewhere, with one line
// saying how to get it.
//
// Usage: node scripts/test.mjs [vitest arguments...]   (e.g. a file filter;
// passed to every run)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
for (const run of runs) {
  if (run.engine !== 'machine') {
    const found = findEngine(run.engine);
    // Node 20 on the machine is the first run already; a Node 22 machine
    // need not run Node 22 twice.
    if (found && found.path === process.execPath) continue;
    if (!found) {
      const line = missingLine(run.engine);
      if (ci) {
        console.log(`ERROR: ${line}`);
        total.failed += 1;
        total.runs.push({ engine: run.engine, missing: true, passed: 0, failed: 1, skipped: 0 });
      } else {
        console.log(`SKIPPED ${run.label}: ${line}`);
        total.runs.push({ engine: run.engine, missing: true, passed: 0, failed: 0, skipped: 0 });
      }
      continue;
    }
    run.path = found.path;
    run.label = `Node ${found.version}`;
  }
  const report = join(OUT, `vitest-${run.engine}.json`);
  rmSync(report, { force: true });
  console.log(`\n=== vitest under ${run.label}${run.args.length ? ` (${run.args.join(' ')})` : ''}`);
  const started = Date.now();
  const child = spawnSync(run.path, [VITEST, 'run', ...run.args, '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra], {
    cwd: ROOT,
    stdio: 'inherit',
    env: process.env,
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  let counts;
  if (existsSync(report)) counts = countsOf(report);
  else {
    console.log(`no report from the run under ${run.label}: vitest failed to start, see above`);
    counts = { passed: 0, failed: 1, skipped: 0 };
  }
  // Errors outside the tests (an unhandled rejection) fail the run without a failed test.
  if (child.status !== 0 && counts.failed === 0) {
    console.log(`vitest under ${run.label} exited with status ${child.status ?? child.signal}: errors outside the tests, see above`);
    counts.failed = 1;
  }
  console.log(`${run.label}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${seconds} s)`);
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  total.runs.push({ engine: run.engine, label: run.label, seconds, ...counts });
}

total.seconds = total.runs.reduce((n, r) => n + (r.seconds ?? 0), 0);
writeFileSync(join(OUT, 'summary.json'), JSON.stringify(total, null, 2) + '\n');
console.log('');
for (const r of total.runs) if (!r.missing) console.log(`  ${r.label.padEnd(28)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped, ${r.seconds} s`);
console.log(`  ${'all runs'.padEnd(28)} ${total.seconds} s`);
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exitCode = total.failed > 0 ? 1 : 0;
