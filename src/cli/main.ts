#!/usr/bin/env node
/** The `drydock` command. Exit codes: 0 clean, 1 findings at or above the failure level, 2 usage, config or internal error. */
import { setFlagsFromString } from 'node:v8';
import { run } from './run.js';

// The shell parser is WebAssembly. Optimising it with TurboFan costs more than it
// saves here and holds up process exit by about half a second; V8's baseline
// compiler alone measured 0.21 s against 0.85 s for one Dockerfile and 3.8 s
// against 5.3 s for the corpus's 1,800 Dockerfiles (docs/performance.md).
setFlagsFromString('--liftoff-only');

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
