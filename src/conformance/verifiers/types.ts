/**
 * A verifier proves, on the engine's own data, that a rule's fix did what the
 * rule promises. Each belongs to one rule; rules themselves never touch an engine.
 */
import type { ContainerEngine, HistoryEntry, ImageInfo, RunOutcome } from '../engine.js';
import type { ContainerFacts, ManifestContainer } from '../k8s-facts.js';

export type VerdictStatus = 'verified' | 'failed' | 'inconclusive';

export interface Verdict {
  status: VerdictStatus;
  /** What was observed, for the report (before → after where it helps). */
  detail: string;
}

export interface ImageSide {
  tag: string;
  info: ImageInfo;
  history: HistoryEntry[];
  /** The default or smoke run used for the behaviour comparison. */
  run: RunOutcome;
  /** The Dockerfile text that built it. */
  dockerfile: string;
  /** Runs a POSIX shell script in a throwaway container of this image (no network, limits). */
  probe(script: string): Promise<{ exitCode: number | null; stdout: string }>;
}

export interface DockerfileVerifyContext {
  engine: ContainerEngine;
  ruleId: string;
  before: ImageSide;
  after: ImageSide;
  /** The SIGTERM→SIGKILL grace the runner gives `stop`. */
  stopTimeoutSec: number;
}

export interface K8sVerifyContext {
  engine: ContainerEngine;
  ruleId: string;
  /** Every container of the fixed manifest that ran, with what was observed before and after. */
  containers: ManifestContainer[];
}

interface VerifierBase {
  /** Short name shown in reports, e.g. `no apt lists`. */
  name: string;
  /** The rule's promise in a sentence. */
  promise: string;
  /**
   * The rule this verifier belongs to: its drydock id first, then aliases
   * (hadolint, BuildKit, kube-linter…). Looked up in the registry at run time;
   * a verifier whose rule does not exist is not used.
   */
  rule: readonly string[];
}

export interface DockerfileVerifier extends VerifierBase {
  domain: 'dockerfile';
  /**
   * Compare the original with the original plus this rule's fix alone (not
   * with every fix applied): for verifiers that expect nothing else to change.
   */
  isolated?: boolean;
  verify(context: DockerfileVerifyContext): Promise<Verdict>;
}

export interface K8sVerifier extends VerifierBase {
  domain: 'k8s';
  verify(context: K8sVerifyContext): Promise<Verdict>;
}

export type Verifier = DockerfileVerifier | K8sVerifier;
export type { ContainerFacts, ManifestContainer };
