// Stands in for the firefox project when /usr/bin/firefox-esr is missing
// under CI (see vitest.config.ts): one test that fails, so the run fails and
// the counts say so.
import { it } from 'vitest';

import { MISSING_UNDER_CI } from './firefox.js';

it('runs the API suite in headless Firefox', () => {
  throw new Error(MISSING_UNDER_CI);
});
