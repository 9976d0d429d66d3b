// Stands in for the browser project when /usr/bin/chromium is missing under
// CI (see vitest.config.ts): one test that fails, so the run fails and the
// counts say so.
import { it } from 'vitest';

import { MISSING_UNDER_CI } from './chromium.js';

it('runs the API suite in headless Chromium', () => {
  throw new Error(MISSING_UNDER_CI);
});
