// Three projects, one `vitest run`:
// - node: every test file (test/**), except the browser-only checks in
//   test/browser/;
// - browser: the API suite (the top-level test/*.test.ts) plus
//   test/browser/**, in headless Chromium (Debian's /usr/bin/chromium,
//   driven by Playwright), importing src/index.ts as users do;
// - browser-isolated: test/browser-isolated/** (the worker pool, which
//   needs SharedArrayBuffer) in headless Chromium, with the page
//   cross-origin isolated: vitest's Vite server sends COOP/COEP (below);
// - firefox: the same files in headless Firefox (Debian's
//   /usr/bin/firefox-esr, driven by puppeteer-core over WebDriver BiDi,
//   through the provider in test/browser/puppeteer-firefox.ts). Each
//   browser's own checks (test/browser/<browser>.test.ts) run in it only.
//   vitest runs it after the browser project (its provider runs one tab).
// Without a browser: locally its project is skipped, with one line saying
// how to get it; under CI (CI set) a stand-in project of the same name runs
// one failing test saying what is missing.
import { playwright } from '@vitest/browser-playwright';
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

import * as chromiumEngine from './test/browser/chromium.js';
import * as firefoxEngine from './test/browser/firefox.js';
import { puppeteerFirefox } from './test/browser/puppeteer-firefox.js';

const BROWSER_SUITE = ['test/*.test.ts', 'test/browser/**/*.test.ts'];

const node: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'node',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // The Deno and Bun suites (test/node/engines.test.ts) are started once, by
    // the run under the machine's Node: scripts/test.mjs sets
    // SIGMOID_WASM_ONCE_ONLY_RUN=0 for the runs under Node 22, 24 and 26.
    exclude: [
      ...configDefaults.exclude,
      'test/browser/**',
      'test/browser-isolated/**',
      ...(process.env.SIGMOID_WASM_ONCE_ONLY_RUN === '0' ? ['test/node/engines.test.ts'] : []),
    ],
  },
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

const browser = {
  extends: true,
  test: {
    name: 'browser',
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

const browserIsolated = {
  extends: true,
  server: { headers: { ...CROSS_ORIGIN_ISOLATION } },
  test: {
    name: 'browser-isolated',
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
      node,
      ...browserProjects({
        project: browser,
        status: chromiumEngine.chromiumStatus(),
        lines: chromiumEngine,
        standIn: 'test/browser/chromium-missing.check.ts',
        notedVar: 'SIGMOID_WASM_CHROMIUM_NOTED',
      }),
      ...browserProjects({
        project: browserIsolated,
        status: chromiumEngine.chromiumStatus(),
        lines: chromiumEngine,
        standIn: 'test/browser-isolated/chromium-missing.check.ts',
        // The browser project's: one line says Chromium is missing, for both.
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
