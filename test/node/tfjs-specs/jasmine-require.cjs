// What tfjs-core's jasmine_util gets for its
// require('jasmine-core/lib/jasmine-core/jasmine.js') in the bundle
// (../tfjs-specs.test.ts aliases that path here). jasmine_util calls
// jasmineRequire.core(jasmineRequire) only to set DEFAULT_TIMEOUT_INTERVAL on
// the core it makes, which runs nothing: the specs run in the jasmine
// runner's own core (its globals describe, it, expect), whose timeout
// ./setup.ts sets to the same 20 s. jasmine-core 7 no longer exports that
// file's jasmineRequire (tfjs 4.x was written against jasmine-core 3).
'use strict';
module.exports = { core: () => ({}) };
