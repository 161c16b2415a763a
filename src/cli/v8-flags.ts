/**
 * The V8 flags every drydock process runs with (the command, its worker
 * threads, the language server): src/cli/main.ts sets them before the bundle
 * loads, and the in-process benchmarks set them too, so that they measure
 * what the command runs. Figures for each are in docs/performance.md.
 */
import { setFlagsFromString } from 'node:v8';

export const DRYDOCK_V8_FLAGS = [
  // The shell parser is WebAssembly. Optimising it with TurboFan costs more than it
  // saves here and holds up process exit by about half a second; V8's baseline
  // compiler alone measured 0.21 s against 0.85 s for one Dockerfile and 3.8 s
  // against 5.3 s for the corpus's 1,800 Dockerfiles.
  '--liftoff-only',
  // A run is short and its code is big (200 rules): at V8's default budget (66 KiB
  // of bytecode run before a function is considered for TurboFan) the compiler
  // thread spends seconds on functions that barely pay back. Four times the
  // default cut the CPU of a corpus run by a fifth and its wall time by 15%.
  '--interrupt-budget=270336',
];

export function setDrydockV8Flags(): void {
  for (const flag of DRYDOCK_V8_FLAGS) setFlagsFromString(flag);
}
