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
  // thread spends seconds on functions that barely pay back, and with --jobs each
  // thread's isolate compiles them again for half the files. Sixteen times the
  // default: against four times, the corpus's Dockerfiles on two threads took 9%
  // less wall time and CPU, the whole corpus 13% less; one thread and the 4×
  // corpus took the same (docs/performance.md, fifth round).
  '--interrupt-budget=1081344',
];

export function setDrydockV8Flags(): void {
  for (const flag of DRYDOCK_V8_FLAGS) setFlagsFromString(flag);
}
