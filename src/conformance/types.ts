/** The conformance report: what was built, run and verified, per file and per fix. */
import type { EngineName, RunOutcome } from './engine.js';
import type { Verdict } from './verifiers/types.js';

export interface FixResult {
  ruleId: string;
  descriptions: string[];
  /** The verifier's name, or null when the rule has none. */
  verifier: string | null;
  promise: string | null;
  /** null when no verifier exists or nothing could be run (see the target's status). */
  verdict: Verdict | null;
  /** Set when this fix alone breaks the build or changes behaviour: a bug in the fix. */
  broke: 'build' | 'behaviour' | null;
}

export interface SideResult {
  built: boolean;
  buildMs: number;
  /** The build's last lines when it failed. */
  buildError?: string;
  imageSize?: number;
  run?: RunOutcome;
}

export interface Behaviour {
  preserved: boolean;
  detail: string;
}

export type TargetStatus = 'passed' | 'failed' | 'skipped' | 'error';

export interface TargetResult {
  file: string;
  kind: 'dockerfile' | 'manifest';
  status: TargetStatus;
  /** Why it failed, was skipped or could not run. */
  reason?: string;
  fixes: FixResult[];
  before?: SideResult;
  after?: SideResult;
  behaviour?: Behaviour;
  /** Things the user should know: ignored `# syntax=`, skipped kinds, what podman does not enforce… */
  notes: string[];
  /** `--dockerfile`: the manifest played with the image built from its Dockerfile. */
  link?: LinkResult;
  durationMs: number;
}

/** A manifest container that runs the linked image: what the kubelet would decide and what the engine did. */
export interface LinkedContainer {
  workload: string;
  container: string;
  /** The image config's USER of the built image (`''` when it sets none). */
  imageUser: string;
  runAsNonRoot: boolean | null;
  runAsUser: number | null;
  /** The kubelet's refusal (CreateContainerConfigError), or null when it would start the container. */
  kubeletError: string | null;
  /** `id -u` in the running container; null when it could not be observed (it had exited). */
  observedUid: number | null;
}

export interface LinkResult {
  dockerfile: string;
  /** The image reference in the manifest that the Dockerfile builds. */
  image: string;
  containers: LinkedContainer[];
}

export interface VerifyReport {
  engine: { name: EngineName; version: string };
  /** What every image, container and pod of this run is named with (to find leftovers). */
  markers: string[];
  targets: TargetResult[];
  durationMs: number;
}
