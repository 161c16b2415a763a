#!/usr/bin/env node
/**
 * The `drydock` command (package.json `bin`): sets V8 flags, then loads the
 * bundled CLI (dist/bundle/drydock.js, made by scripts/build-cli.mjs). In a
 * source checkout, tsc's unbundled modules (./start.js) run instead when they
 * are newer than the bundle, so that `tsc` alone never leaves a stale command;
 * an installed package (no src/) always runs the bundle.
 */
import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// The shell parser is WebAssembly. Optimising it with TurboFan costs more than it
// saves here and holds up process exit by about half a second; V8's baseline
// compiler alone measured 0.21 s against 0.85 s for one Dockerfile and 3.8 s
// against 5.3 s for the corpus's 1,800 Dockerfiles (docs/performance.md).
setFlagsFromString('--liftoff-only');

const bundle = new URL('../bundle/drydock.js', import.meta.url);
const unbundled = new URL('./start.js', import.meta.url);

function modifiedMs(url: URL): number {
  return statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
}

const bundleMs = modifiedMs(bundle);
const sourceCheckout = modifiedMs(new URL('../../src/cli/start.ts', import.meta.url)) >= 0;
const useBundle = bundleMs >= 0 && (!sourceCheckout || bundleMs >= modifiedMs(unbundled));
await import((useBundle ? bundle : unbundled).href);
