/**
 * Where the CLI's other entry points are. They sit beside this module in
 * tsc's layout (dist/cli/) and beside the bundled CLI in the bundle
 * (dist/bundle/): scripts/build-cli.mjs leaves this module's
 * `import.meta.url` alone, so the same relative URL finds both.
 */

/** The worker thread of `--jobs` (src/cli/worker.ts). */
export const WORKER_ENTRY = new URL('./worker.js', import.meta.url);
