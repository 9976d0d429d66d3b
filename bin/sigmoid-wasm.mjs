#!/usr/bin/env node
// Entry of the `sigmoid-wasm` command (package.json "bin"); the commands are
// in ./cli.mjs. Sets the exit code rather than calling process.exit(), so
// output piped to another program is flushed before the process ends.
import { main } from './cli.mjs';

process.exitCode = await main(process.argv.slice(2));
