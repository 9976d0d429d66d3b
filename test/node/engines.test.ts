// The API suite under Deno and Bun: test/engines/suite.mjs, run by each
// engine in a child process, importing the built package (dist/, by its
// name) as users of that engine do; every entry of the table on every build
// and tier, asserted (not reported). `npm test` builds dist/ first (pretest).
// Run once (the node project, under the machine's Node): the engines are
// their own, whatever Node runs vitest.
//
// A missing engine (`npm run engines` installs both into .cache/engines/):
// locally its tests are skipped, with one line saying how to get it; under
// CI (CI set) that is a failure, as for Chromium (vitest.config.ts).
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';

import { findEngine, missingLine, type FoundEngine as Engine } from '../../scripts/engines.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SUITE = join(root, 'test', 'engines', 'suite.mjs');
const DIST_URL = pathToFileURL(join(root, 'dist', 'index.js')).href;

const UNDER_CI = Boolean(process.env.CI);

/** The child is killed after this long; the hook that waits for it gets a little more. */
const CHILD_TIMEOUT_MS = 120_000;

/**
 * How each engine runs the suite, with as little as it needs and nothing it
 * could write or fetch:
 * - Deno: read access to the fixtures only (dist/ is imported statically,
 *   which needs no permission); --no-lock, so no deno.lock is read or
 *   written in the repository (2.9.6 writes none here even without it, as
 *   nothing is locked, but that changes once anything npm: is resolved);
 *   --no-remote, so no https: import can resolve; --no-prompt,
 *   so a missing permission fails instead of waiting on stdin. Not
 *   --no-config or --no-npm: Deno then ignores package.json and the package
 *   name no longer resolves.
 * - Bun: --no-install, so a missing package is an error, never a download
 *   (Bun auto-installs when it finds no node_modules); --no-env-file, so a
 *   stray .env cannot change the run.
 */
const ARGS: Record<'deno' | 'bun', string[]> = {
  deno: ['run', '--no-remote', '--no-lock', '--no-prompt', `--allow-read=${join(root, 'test', 'fixtures')}`, SUITE],
  bun: ['--no-install', '--no-env-file', SUITE],
};

/** Files either engine could leave in the repository; none may appear or change. */
const ARTEFACTS = ['deno.lock', 'deno.json', 'bun.lock', 'bun.lockb', 'bunfig.toml', '.deno', 'node_modules/.deno', 'node_modules/.bun'];

const snapshot = () => ARTEFACTS.map((p) => `${p}: ${statSync(join(root, p), { throwIfNoEntry: false })?.mtimeMs ?? 'absent'}`);

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1', // plain text in the assertion messages
    DENO_NO_UPDATE_CHECK: '1', // Deno otherwise checks for a newer release over the network
    DO_NOT_TRACK: '1', // Bun: no telemetry or crash reports sent
  };
  delete env.FORCE_COLOR;
  return env;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  ms: number;
  command: string;
}

function runSuite(engine: Engine, args: string[]): Promise<Run> {
  const command = [engine.path, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(engine.path, args, { cwd: root, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, CHILD_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout, stderr, ms: Math.round(performance.now() - started), command });
    });
  });
}

/** Everything about a run, for assertion messages. */
function report(run: Run): string {
  const end = run.timedOut ? `killed after ${CHILD_TIMEOUT_MS} ms` : `exit code ${run.code}${run.signal ? `, signal ${run.signal}` : ''}`;
  return `\n$ ${run.command}\n${end}, ${run.ms} ms\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
}

for (const name of ['deno', 'bun'] as const) {
  const engine = findEngine(name);
  const skip = engine === null && !UNDER_CI;
  if (skip) console.warn(`${name} tests SKIPPED: ${missingLine(name)}; under CI (CI set) this is a failure`);

  describe.skipIf(skip)(`the API suite under ${engine === null ? name : `${engine.label} ${engine.version}`}`, () => {
    if (engine === null) {
      // Only reached under CI: the engine must be there.
      it('the engine is installed', () => {
        expect.fail(missingLine(name));
      });
      return;
    }

    let run: Run;
    let before: string[];
    beforeAll(async () => {
      if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is not built: run `npm run build` first');
      before = snapshot();
      run = await runSuite(engine, ARGS[name]);
    }, CHILD_TIMEOUT_MS + 10_000);

    it('exits 0 with every test passed', () => {
      const lines = run.stdout.trimEnd().split('\n');
      const summary = /^(\d+) passed, (\d+) failed$/.exec(lines.at(-1) ?? '');
      expect(summary, `no summary line at the end${report(run)}`).not.toBeNull();
      const [passed, failed] = [Number(summary![1]), Number(summary![2])];
      expect(failed, `${failed} failed${report(run)}`).toBe(0);
      expect(passed, `nothing passed${report(run)}`).toBeGreaterThan(0);
      // The summary agrees with the lines above it.
      expect(lines.filter((l) => l.startsWith('ok - ')).length, `ok lines${report(run)}`).toBe(passed);
      expect(lines.filter((l) => l.startsWith('not ok - ')), `not ok lines${report(run)}`).toEqual([]);
      expect(run.code, `exit code${report(run)}`).toBe(0);
    });

    // Deno and Bun have relaxed SIMD: the suite must run every case there,
    // the relaxed build's included, and skip nothing.
    it('skips nothing (the relaxed build runs there)', () => {
      const skipped = run.stdout.split('\n').filter((l) => l.startsWith('skip - '));
      expect(skipped, `skipped${report(run)}`).toEqual([]);
    });

    it('checked every entry of the table on every build, tier and type', async () => {
      const { OP_NAMES } = (await import('../../dist/table.js')) as { OP_NAMES: readonly string[] };
      for (const name of OP_NAMES) {
        for (const c of ['fast simd', 'fast relaxed', 'fast scalar', 'accurate simd', 'accurate scalar']) {
          const line = run.stdout.split('\n').find((l) => l.startsWith(`ok - ${c}: ${name}: every way of calling it`));
          expect(line, `no passing call-form test of ${name} on the ${c} build${report(run)}`).toBeDefined();
        }
      }
    });

    it(`runs in ${engine.label} itself, at the version findEngine reports`, () => {
      expect(run.stdout.split('\n')[0], `the engine line${report(run)}`).toBe(`engine: ${name} ${engine.version}`);
    });

    it("imports the package by its name, 'sigmoid-wasm', resolved to dist/index.js", () => {
      expect(run.stdout.split('\n')[1], `the import line${report(run)}`).toBe(`import: sigmoid-wasm -> ${DIST_URL}`);
    });

    it('leaves no lock file or other artefact in the repository', () => {
      expect(snapshot(), report(run)).toEqual(before);
    });
  });
}
