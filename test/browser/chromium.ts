// The first browser the tests run in (the second is Firefox, ./firefox.ts):
// Debian's Chromium at /usr/bin/chromium (`apt-get install chromium`), never
// a downloaded one. Shared by vitest.config.ts (the browser project) and
// test/package/pack.test.ts (the Vite-built page), so both apply the same
// rule when it is missing: under CI that is an error, locally the browser
// tests are skipped with one line saying how to get it.
import { existsSync } from 'node:fs';

import { chromiumLaunchOptions as launch } from '../../scripts/engines.mjs';

export const CHROMIUM_PATH = launch.executablePath;

/**
 * Playwright's launch options, shared with the benchmark (scripts/engines.mjs
 * says why each flag is there); `args` copied, as Playwright wants a mutable array.
 */
export const chromiumLaunchOptions = { ...launch, args: [...launch.args] };

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
  `browser tests SKIPPED: ${CHROMIUM_PATH} not found; run \`npm run engines\` (as root: \`apt-get install chromium\`); ` +
  'under CI (CI set) this is an error';

/** The error when Chromium is missing under CI. */
export const MISSING_UNDER_CI =
  `${CHROMIUM_PATH} not found and CI is set: the browser tests must run in CI; ` +
  'run `npm run engines` (as root: `apt-get install chromium`; .ci/run does this)';
