// Stands in for the browser-isolated project when /usr/bin/chromium is
// missing under CI (see vitest.config.ts): one test that fails, so the run
// fails and the counts say so.
import { it } from 'vitest';

import { MISSING_UNDER_CI } from '../browser/chromium.js';

it('runs the worker pool tests in headless Chromium, cross-origin isolated', () => {
  throw new Error(MISSING_UNDER_CI);
});
