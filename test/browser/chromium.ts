// The first browser the tests run in (the second is Firefox, ./firefox.ts):
// Debian's Chromium at /usr/bin/chromium (`apt-get install chromium`), never
// a downloaded one. Shared by vitest.config.ts (the browser project) and
// test/package/pack.test.ts (the Vite-built page), so both apply the same
// rule when it is missing: under CI that is an error, locally the browser
// tests are skipped with one line saying how to get it.
import { existsSync } from 'node:fs';

import type { LaunchOptions } from 'playwright';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const chromiumLaunchOptions = {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [
    '--no-sandbox', // CI runs as root, where Chromium's sandbox refuses to start
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--no-first-run',
    '--no-default-browser-check',
  ],
} as const satisfies LaunchOptions;

/**
 * 'ok' when Chromium is installed; when it is not, 'fail' under CI (the
 * browser tests must run there) and 'skip' elsewhere.
 */
export function chromiumStatus(): 'ok' | 'skip' | 'fail' {
  if (existsSync(CHROMIUM_PATH)) return 'ok';
  return process.env.CI ? 'fail' : 'skip';
}

/** The line printed when the browser tests are skipped. */
export const SKIP_LINE =
  `browser tests SKIPPED: ${CHROMIUM_PATH} not found; install it with \`apt-get install chromium\` ` +
  '(Debian/Ubuntu, as root); under CI (CI set) this is an error';

/** The error when Chromium is missing under CI. */
export const MISSING_UNDER_CI =
  `${CHROMIUM_PATH} not found and CI is set: the browser tests must run in CI; ` +
  'install Chromium with `apt-get install chromium` (.ci/run does this)';
