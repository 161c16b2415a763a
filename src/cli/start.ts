/**
 * Runs the command line on this process's arguments and sets the exit code.
 * Loaded by the `drydock` launcher (src/cli/main.ts), bundled or not.
 * Exit codes: 0 clean, 1 findings at or above the failure level, 2 usage, config or internal error.
 */
import { run } from './run.js';

// `drydock … | head`: the reader went away; stop quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

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
