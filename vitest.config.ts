// Two projects, one `vitest run`:
// - node: every test file (test/**), except the browser-only checks in
//   test/browser/;
// - browser: the API suite (the top-level test/*.test.ts) plus
//   test/browser/**, in headless Chromium (Debian's /usr/bin/chromium,
//   driven by Playwright), importing src/index.ts as users do.
// Without /usr/bin/chromium: locally the browser project is skipped, with
// one line saying how to get it; under CI (CI set) a stand-in 'browser'
// project runs one failing test saying what is missing.
import { playwright } from '@vitest/browser-playwright';
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

import { MISSING_UNDER_CI, SKIP_LINE, chromiumLaunchOptions, chromiumStatus } from './test/browser/chromium.js';

const node: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'node',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/browser/**'],
  },
};

const browser: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'browser',
    include: ['test/*.test.ts', 'test/browser/**/*.test.ts'],
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({ launchOptions: { ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args] } }),
      instances: [{ browser: 'chromium' }],
    },
  },
};

const browserMissing: TestProjectInlineConfiguration = {
  extends: true,
  test: { name: 'browser', environment: 'node', include: ['test/browser/chromium-missing.check.ts'] },
};

const chromium = chromiumStatus();
// The config is loaded more than once per run (and by child processes);
// the environment variable makes the line appear once.
if (chromium !== 'ok' && process.env.SIGMOID_WASM_CHROMIUM_NOTED === undefined) {
  process.env.SIGMOID_WASM_CHROMIUM_NOTED = '1';
  if (chromium === 'skip') console.warn(SKIP_LINE);
  else console.error(`ERROR: ${MISSING_UNDER_CI}`);
}

export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects: [node, ...(chromium === 'ok' ? [browser] : chromium === 'fail' ? [browserMissing] : [])],
  },
});
