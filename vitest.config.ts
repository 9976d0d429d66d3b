// The vitest projects, split by what a run proves once and what depends on
// the engine (scripts/test.mjs runs them):
// - api (Node): test/api/**, the kernels and the API: every entry of the
//   table of operations on every build and tier. Version-sensitive (V8's
//   code generation, relaxed SIMD from Node 22 on): run under the machine's
//   Node and again under Node 22, 24 and 26;
// - pool (Node): test/pool/**, the worker pool (worker_threads, Atomics).
//   Version-sensitive too: run under every Node;
// - node (Node): test/node/** and test/package/**, what does not depend on
//   the Node version (the packed tarball, the CLI, the plot, the demo page,
//   the example, TensorFlow.js, the Deno and Bun suites): run once, under
//   the machine's Node;
// - chromium: test/api/** and test/browser/** in headless Chromium
//   (Debian's /usr/bin/chromium, driven by Playwright), importing src/ as
//   users do; each browser's own checks (test/browser/<browser>.test.ts) run
//   in it only;
// - chromium-isolated: test/browser-isolated/** (the worker pool, which
//   needs SharedArrayBuffer) in headless Chromium, the page cross-origin
//   isolated: vitest's Vite server sends COOP/COEP (below);
// - firefox: the same files as chromium in headless Firefox (Debian's
//   /usr/bin/firefox-esr, driven by puppeteer-core over WebDriver BiDi,
//   through test/browser/puppeteer-firefox.ts).
// The browser projects run once, under the machine's Node. (scripts/test.mjs
// names the version-sensitive projects, api and pool, for its Node runs.) Without a
// browser: locally its projects are skipped, with one line saying how to get
// it; under CI (CI set) a stand-in project of the same name runs one failing
// test saying what is missing.
import { playwright } from '@vitest/browser-playwright';
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

import * as chromiumEngine from './test/browser/chromium.js';
import * as firefoxEngine from './test/browser/firefox.js';
import { puppeteerFirefox } from './test/browser/puppeteer-firefox.js';

/** The suite every engine runs: the kernels and the API. */
const API = ['test/api/**/*.test.ts'];
/** What the browser projects run: the API suite and the browsers' own checks. */
const BROWSER_SUITE = [...API, 'test/browser/**/*.test.ts'];

const api: TestProjectInlineConfiguration = {
  extends: true,
  test: { name: 'api', environment: 'node', include: API },
};

const pool: TestProjectInlineConfiguration = {
  extends: true,
  test: { name: 'pool', environment: 'node', include: ['test/pool/**/*.test.ts'] },
};

const once: TestProjectInlineConfiguration = {
  extends: true,
  test: { name: 'node', environment: 'node', include: ['test/node/**/*.test.ts', 'test/package/**/*.test.ts'] },
};

/** Headless Chromium (Debian's, through Playwright), as the two Chromium projects run it. */
function headlessChromium() {
  return {
    enabled: true,
    headless: true,
    screenshotFailures: false,
    provider: playwright({
      launchOptions: { ...chromiumEngine.chromiumLaunchOptions, args: [...chromiumEngine.chromiumLaunchOptions.args] },
    }),
    instances: [{ browser: 'chromium' as const }],
  };
}

const chromium = {
  extends: true,
  test: {
    name: 'chromium',
    include: BROWSER_SUITE,
    exclude: [...configDefaults.exclude, 'test/browser/firefox.test.ts'],
    browser: headlessChromium(),
  },
} satisfies TestProjectInlineConfiguration;

/**
 * The headers that make a page cross-origin isolated (crossOriginIsolated
 * true, SharedArrayBuffer available): what a page using createPool must be
 * served with. vitest's browser server (@vitest/browser's Vite server, made
 * from this project's options) sends the project's `server.headers` with
 * every response: the orchestrator page Playwright opens, the tester iframe
 * in it and every module, all from the one origin, so require-corp blocks
 * nothing and the iframe (same origin, COEP too) is isolated as well.
 */
const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

const chromiumIsolated = {
  extends: true,
  server: { headers: { ...CROSS_ORIGIN_ISOLATION } },
  test: {
    name: 'chromium-isolated',
    include: ['test/browser-isolated/**/*.test.ts'],
    browser: headlessChromium(),
  },
} satisfies TestProjectInlineConfiguration;

const firefox = {
  extends: true,
  test: {
    name: 'firefox',
    include: BROWSER_SUITE,
    exclude: [...configDefaults.exclude, 'test/browser/chromium.test.ts'],
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: puppeteerFirefox({ launchOptions: firefoxEngine.firefoxLaunchOptions }),
      instances: [{ browser: 'firefox' }],
    },
  },
} satisfies TestProjectInlineConfiguration;

interface BrowserEngine {
  /** The browser's project when the browser is installed. */
  readonly project: TestProjectInlineConfiguration & { readonly test: { readonly name: string } };
  readonly status: 'ok' | 'skip' | 'fail';
  /** From test/browser/<browser>.ts: what to print when the browser is missing. */
  readonly lines: { readonly SKIP_LINE: string; readonly MISSING_UNDER_CI: string };
  /** The one failing test that stands in for the project under CI. */
  readonly standIn: string;
  /** Set once the missing browser has been reported (see below). */
  readonly notedVar: string;
}

/**
 * The projects for one browser: its own if the browser is installed, else
 * the failing stand-in under CI, else none (skipped, with one line).
 */
function browserProjects({ project, status, lines, standIn, notedVar }: BrowserEngine): TestProjectInlineConfiguration[] {
  // The config is loaded more than once per run (and by child processes);
  // the environment variable makes the line appear once.
  if (status !== 'ok' && process.env[notedVar] === undefined) {
    process.env[notedVar] = '1';
    if (status === 'skip') console.warn(lines.SKIP_LINE);
    else console.error(`ERROR: ${lines.MISSING_UNDER_CI}`);
  }
  if (status === 'ok') return [project];
  if (status === 'skip') return [];
  return [{ extends: true, test: { name: project.test.name, environment: 'node', include: [standIn] } }];
}

export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects: [
      api,
      pool,
      once,
      ...browserProjects({
        project: chromium,
        status: chromiumEngine.chromiumStatus(),
        lines: chromiumEngine,
        standIn: 'test/browser/chromium-missing.check.ts',
        notedVar: 'SIGMOID_WASM_CHROMIUM_NOTED',
      }),
      ...browserProjects({
        project: chromiumIsolated,
        status: chromiumEngine.chromiumStatus(),
        lines: chromiumEngine,
        standIn: 'test/browser-isolated/chromium-missing.check.ts',
        // The chromium project's: one line says Chromium is missing, for both.
        notedVar: 'SIGMOID_WASM_CHROMIUM_NOTED',
      }),
      ...browserProjects({
        project: firefox,
        status: firefoxEngine.firefoxStatus(),
        lines: firefoxEngine,
        standIn: 'test/browser/firefox-missing.check.ts',
        notedVar: 'SIGMOID_WASM_FIREFOX_NOTED',
      }),
    ],
  },
});
