#!/usr/bin/env node
/** The `drydock` command. Exit codes: 0 clean, 1 findings at or above the failure level, 2 usage, config or internal error. */
import { run } from './run.js';

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const debug = process.argv.includes('--debug');
    const message = error instanceof Error ? (debug ? error.stack : error.message) : String(error);
    process.stderr.write(`drydock: internal error: ${message}${debug ? '' : '\n(run again with --debug for details)'}\n`);
    process.exitCode = 2;
  },
);
