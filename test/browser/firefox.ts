// The second browser the API suite runs in: Debian's Firefox ESR at
// /usr/bin/firefox-esr (`apt-get install firefox-esr`), never a downloaded
// one. Playwright only drives its own patched Firefox builds, so this one is
// driven by puppeteer-core over WebDriver BiDi, through the vitest browser
// provider in ./puppeteer-firefox.ts. Used by vitest.config.ts (the firefox
// project), which applies the same rule as for Chromium (./chromium.ts) when
// it is missing: under CI an error, locally a skip with one line saying how
// to get it.
import { existsSync } from 'node:fs';

import type { LaunchOptions } from 'puppeteer-core';

export const FIREFOX_PATH = '/usr/bin/firefox-esr';

/**
 * puppeteer.launch options. As root too, Firefox needs nothing else from the
 * environment: `--headless` (from headless: true) keeps it off any display
 * (an unset or foreign DISPLAY/XAUTHORITY is fine), and puppeteer-core
 * gives every launch a fresh profile in the temporary directory, removed on
 * close, so HOME may be unset or read-only (both checked).
 *
 * Network: puppeteer's profile turns off updates, safe browsing, telemetry
 * upload and the new-tab page, and points remote settings at a dummy URL;
 * but a release build ignores that URL and polls
 * firefox.settings.services.mozilla.com every few seconds, unless
 * MOZ_DISABLE_NONLOCAL_CONNECTIONS=1 (what Mozilla's own test harnesses
 * set), which also refuses any connection other than to this machine, i.e.
 * anything but vitest's server. The prefs keep the other background
 * services from even trying.
 */
export const firefoxLaunchOptions = {
  browser: 'firefox',
  executablePath: FIREFOX_PATH,
  headless: true,
  env: { ...process.env, MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' },
  // A cold start takes 3-4 s on an idle 2-core machine; leave room for a busy one.
  timeout: 90_000,
  // Every BiDi command; the default (180 s) would let a hung Firefox stall the run for minutes.
  protocolTimeout: 60_000,
  // No request and issue events: nothing here reads them, and each of the
  // hundreds of module requests of a test run would be one more BiDi event.
  networkEnabled: false,
  issuesEnabled: false,
  extraPrefsFirefox: {
    // Captive-portal and connectivity checks (detectportal.firefox.com).
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    // Push service websocket (push.services.mozilla.com).
    'dom.push.connection.enabled': false,
    // Region lookup (location.services.mozilla.com).
    'browser.region.network.url': '',
    'browser.region.update.enabled': false,
    // System add-on updates and the add-on blocklist.
    'extensions.systemAddon.update.enabled': false,
    'extensions.blocklist.enabled': false,
    // Telemetry pings, should anything still try to send one (dummy.test never resolves).
    'toolkit.telemetry.server': 'http://dummy.test/telemetry-dummy/',
    // Prefetching and DNS prefetching of links.
    'network.prefetch-next': false,
    'network.dns.disablePrefetch': true,
  },
} as const satisfies LaunchOptions;

/**
 * 'ok' when Firefox is installed; when it is not, 'fail' under CI (the
 * browser tests must run there) and 'skip' elsewhere.
 */
export function firefoxStatus(): 'ok' | 'skip' | 'fail' {
  if (existsSync(FIREFOX_PATH)) return 'ok';
  return process.env.CI ? 'fail' : 'skip';
}

const HOW_TO_GET = 'run `npm run engines` (as root: `apt-get install firefox-esr`)';

/** The line printed when the Firefox tests are skipped. */
export const SKIP_LINE =
  `Firefox tests SKIPPED: ${FIREFOX_PATH} not found; ${HOW_TO_GET}; under CI (CI set) this is an error`;

/** The error when Firefox is missing under CI. */
export const MISSING_UNDER_CI =
  `${FIREFOX_PATH} not found and CI is set: the browser tests must run in Firefox too in CI; ${HOW_TO_GET}`;
