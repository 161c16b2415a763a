/**
 * One Kubernetes manifest through `podman kube play`: the original and the
 * fixed manifest run side by side (renamed so they cannot collide), each
 * container is probed from inside, and each applied fix's verifier checks that
 * the hardening really took effect.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { EffectiveConfig } from '../core/config.js';
import { fixWithOnly, planFixes } from './fixing.js';
import type { RunnerSettings, VerifyTarget } from './dockerfile-runner.js';
import { expectationOf, isRootUser, kubeletRunAsNonRootError, probeContainer, type ContainerFacts, type ManifestContainer } from './k8s-facts.js';
import type { Behaviour, FixResult, TargetResult } from './types.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Kinds podman 4 plays; ConfigMaps are read for env and volumes. */
export const PLAYED_KINDS = new Set(['Pod', 'Deployment']);
const CARRIED_KINDS = new Set(['ConfigMap']);
/** Time given to containers to start (or crash) before they are looked at. */
const SETTLE_MS = 1500;
/** How much longer a container that has not started yet is waited for. */
const START_GRACE_MS = 20_000;

export interface Workload {
  kind: string;
  name: string;
  podSpec: Json;
}

export interface PlayedContainer {
  workload: string;
  container: string;
  running: boolean;
  exitCode: number | null;
  logs: string;
  facts: ContainerFacts | null;
}

export async function verifyManifest(target: VerifyTarget, config: EffectiveConfig, settings: RunnerSettings): Promise<TargetResult & { fixedText?: string }> {
  const { display: file, text } = target;
  const started = Date.now();
  const notes: string[] = [];
  const { engine } = settings;
  const result = (rest: Partial<TargetResult> & Pick<TargetResult, 'status'>) => ({ file, kind: 'manifest' as const, fixes: [], notes, durationMs: Date.now() - started, ...rest });
  if (!engine.supportsKube) return result({ status: 'skipped', reason: `${engine.name} cannot run Kubernetes manifests; use --engine podman` });

  const plan = await planFixes(settings.linter, file, text, 'k8s', config);
  if (plan.applied.length === 0) return result({ status: 'skipped', reason: 'no fix applies to this file: nothing to verify' });

  const original = loadDocuments(text);
  const workloads = original.filter((d) => PLAYED_KINDS.has(d.kind));
  for (const doc of original) {
    if (!PLAYED_KINDS.has(doc.kind) && !CARRIED_KINDS.has(doc.kind)) notes.push(`${doc.kind} ${doc.metadata?.name ?? ''} skipped: podman kube play does not run this kind`.replace('  ', ' '));
  }
  if (workloads.length === 0) return result({ status: 'skipped', reason: 'no Pod or Deployment in the file: podman kube play has nothing to run' });

  const images = [...new Set(workloads.flatMap((w) => containersOf(w).map((c) => String(c.image ?? ''))))];
  if (!settings.allowPull) {
    const missing: string[] = [];
    for (const image of images) if (!(await engine.imageExists(image))) missing.push(image);
    if (missing.length > 0) return result({ status: 'error', reason: `image ${missing.join(', ')} is not available locally; the runner never pulls: build or pull it first, or pass --allow-pull` });
  }

  const fixes: FixResult[] = plan.applied.map((fix) => {
    const verifier = settings.verifiers.get(fix.ruleId);
    const usable = verifier?.domain === 'k8s' ? verifier : undefined;
    return { ruleId: fix.ruleId, descriptions: fix.descriptions, verifier: usable?.name ?? null, promise: usable?.promise ?? null, verdict: null, broke: null };
  });
  const work = settings.tracker.tempDir();
  settings.progress(`${file}: playing the original and the fixed manifest (${plan.applied.map((f) => f.ruleId).join(', ')})`);
  const before = await play(settings, work, 'before', text, notes);
  if ('error' in before) return result({ status: 'error', reason: `the original manifest does not start: ${before.error}`, fixes });
  const after = await play(settings, work, 'after', plan.fixed, notes);
  if ('error' in after) {
    for (const [index, fix] of plan.applied.entries()) {
      const only = await fixWithOnly(settings.linter, file, text, 'k8s', config, fix.ruleId);
      if ('error' in (await play(settings, work, `only${index}`, only, []))) fixes[index].broke = 'build';
    }
    return result({ status: 'failed', reason: `the fixed manifest does not start: ${after.error}`, fixes });
  }

  const behaviour = compareContainers(before.containers, after.containers);
  const fixedWorkloads = loadDocuments(plan.fixed).filter((d) => PLAYED_KINDS.has(d.kind)).map(workloadOf);
  const containers: ManifestContainer[] = [];
  for (const workload of fixedWorkloads) {
    for (const container of containersOf(workload)) {
      const image = String(container.image ?? '');
      const imageUser = (await engine.imageExists(image)) ? (await engine.inspectImage(image)).user : '';
      const find = (list: PlayedContainer[]) => list.find((c) => c.workload === workload.name && c.container === container.name)?.facts ?? null;
      containers.push({
        workload: workload.name,
        container: String(container.name),
        image,
        imageUser,
        expected: expectationOf(workload.podSpec, container),
        before: find(before.containers),
        after: find(after.containers),
      });
    }
  }
  const kubeletRefusals = runAsNonRootRefusals(containers);
  notes.push(...kubeletRefusals);
  if (!behaviour.preserved) {
    for (const [index, fix] of plan.applied.entries()) {
      const only = await fixWithOnly(settings.linter, file, text, 'k8s', config, fix.ruleId);
      const single = await play(settings, work, `only${index}`, only, []);
      if ('error' in single) fixes[index].broke = 'build';
      else if (!compareContainers(before.containers, single.containers).preserved) fixes[index].broke = 'behaviour';
    }
    const guilty = fixes.filter((f) => f.broke).map((f) => f.ruleId);
    return result({ status: 'failed', reason: `the fix changed behaviour (${behaviour.detail})${guilty.length ? `: caused by the fix of ${guilty.join(', ')}` : ''}`, fixes, behaviour });
  }

  for (const fix of fixes) {
    const verifier = settings.verifiers.get(fix.ruleId);
    if (!verifier || verifier.domain !== 'k8s') continue;
    settings.progress(`${file}: verifying ${fix.ruleId} (${verifier.name})`);
    try {
      fix.verdict = await verifier.verify({ engine, ruleId: fix.ruleId, containers });
    } catch (error) {
      fix.verdict = { status: 'inconclusive', detail: `the verifier could not run: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const failed = fixes.filter((f) => f.verdict?.status === 'failed').map((f) => f.ruleId);
  const refusedAfter = kubeletRefusals.some((n) => n.startsWith('fixed manifest'));
  const reasons = [
    ...(failed.length ? [`the promise of ${failed.join(', ')} does not hold in the running containers`] : []),
    ...(refusedAfter ? ['a kubelet would refuse to start a container of the fixed manifest (runAsNonRoot: see the notes)'] : []),
  ];
  return {
    ...result({ status: reasons.length ? 'failed' : 'passed', ...(reasons.length ? { reason: reasons.join('; ') } : {}), fixes, behaviour }),
    fixedText: plan.fixed,
  };
}

export function loadDocuments(text: string): Json[] {
  return parseAllDocuments(text)
    .map((doc) => ('toJS' in doc ? (doc.toJS() as unknown) : null))
    .filter((doc): doc is Json => typeof doc === 'object' && doc !== null && typeof (doc as Json).kind === 'string');
}

export function workloadOf(doc: Json): Workload {
  const podSpec = (doc.kind === 'Pod' ? doc.spec : doc.spec?.template?.spec) ?? {};
  return { kind: doc.kind, name: String(doc.metadata?.name ?? ''), podSpec };
}

export function containersOf(workload: Json | Workload): Json[] {
  const podSpec = 'podSpec' in workload ? (workload as Workload).podSpec : workloadOf(workload).podSpec;
  return [...((podSpec.initContainers as Json[] | undefined) ?? []), ...((podSpec.containers as Json[] | undefined) ?? [])];
}

/**
 * Writes a copy podman can play without collisions (unique names, one replica,
 * never pulling), plays it, waits for the containers and probes them.
 */
export async function play(settings: RunnerSettings, work: string, label: string, text: string, notes: string[]): Promise<{ containers: PlayedContainer[] } | { error: string }> {
  const { engine, tracker } = settings;
  const prefix = tracker.podPrefix(label);
  const docs = loadDocuments(text).filter((d) => PLAYED_KINDS.has(d.kind) || CARRIED_KINDS.has(d.kind));
  const pods: Array<{ workload: string; pod: string }> = [];
  for (const doc of docs) {
    if (!PLAYED_KINDS.has(doc.kind)) continue;
    const name = String(doc.metadata?.name ?? 'unnamed');
    doc.metadata = { ...(doc.metadata ?? {}), name: `${prefix}-${name}`.slice(0, 50) };
    if (doc.kind === 'Deployment') {
      if ((doc.spec?.replicas ?? 1) !== 1 && label === 'before') notes.push(`Deployment ${name}: run with 1 replica instead of ${doc.spec.replicas}`);
      doc.spec = { ...(doc.spec ?? {}), replicas: 1 };
    }
    for (const container of containersOf(doc)) {
      if (!settings.allowPull) container.imagePullPolicy = 'Never';
    }
    pods.push({ workload: name, pod: doc.kind === 'Deployment' ? `${doc.metadata.name}-pod-0` : doc.metadata.name });
  }
  const playFile = path.join(work, `${label}.yaml`);
  writeFileSync(playFile, docs.map((d) => stringify(d)).join('---\n'));
  tracker.addKubeFile(playFile);
  const outcome = await engine.kubePlay(playFile, 120_000);
  if (outcome.code !== 0) return { error: lastLines(outcome.spawnError ?? outcome.stderr) };
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const containers: PlayedContainer[] = [];
  for (const { workload, pod } of pods) {
    for (const name of await engine.podContainers(pod)) {
      // On a loaded machine a container may still be starting after the settle time: give it a while longer.
      let state = await engine.containerState(name);
      for (const deadline = Date.now() + START_GRACE_MS; state === null && Date.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        state = await engine.containerState(name);
      }
      const container = name.startsWith(`${pod}-`) ? name.slice(pod.length + 1) : name;
      containers.push({
        workload,
        container,
        running: state?.running ?? false,
        exitCode: state?.exitCode ?? null,
        logs: await engine.logs(name),
        facts: state?.running ? await probeContainer(engine, name) : null,
      });
    }
  }
  return { containers };
}

function compareContainers(before: PlayedContainer[], after: PlayedContainer[]): Behaviour {
  for (const b of before) {
    const a = after.find((c) => c.workload === b.workload && c.container === b.container);
    const name = `${b.workload}/${b.container}`;
    if (!a) return { preserved: false, detail: `container ${name} did not start from the fixed manifest` };
    const state = (c: PlayedContainer) => (c.running ? 'running' : `exited with ${c.exitCode}`);
    if (state(a) !== state(b)) return { preserved: false, detail: `container ${name}: ${state(b)} before, ${state(a)} after` };
    if (a.logs !== b.logs) return { preserved: false, detail: `container ${name}: its output differs` };
  }
  return { preserved: true, detail: `${before.length} container${before.length === 1 ? '' : 's'} in the same state with the same output` };
}

/**
 * podman does not enforce runAsNonRoot; the kubelet does. A container asked to
 * run as non-root that runs as uid 0 would be refused (CreateContainerConfigError).
 */
function runAsNonRootRefusals(containers: ManifestContainer[]): string[] {
  const notes: string[] = [];
  for (const c of containers) {
    if (!c.expected.runAsNonRoot) continue;
    const uid = c.after?.uid ?? (c.expected.runAsUser ?? (isRootUser(c.imageUser) ? 0 : null));
    if (uid === 0) {
      notes.push(
        `fixed manifest: ${c.workload}/${c.container} has runAsNonRoot: true but runs as uid 0 (image USER ${JSON.stringify(c.imageUser)}); ` +
          'a kubelet would refuse to start it. podman does not enforce runAsNonRoot, so drydock checked it itself',
      );
      continue;
    }
    // A named USER without runAsUser: non-root maybe, but the kubelet cannot tell and refuses it too.
    const refusal = kubeletRunAsNonRootError(c.expected, c.imageUser);
    if (refusal) {
      notes.push(
        `fixed manifest: ${c.workload}/${c.container}: a kubelet would refuse to start it ("${refusal}"). ` +
          'podman does not enforce runAsNonRoot, so drydock checked it itself',
      );
    }
  }
  return notes;
}

function lastLines(text: string, count = 4): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
