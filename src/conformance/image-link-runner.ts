/**
 * `drydock verify deploy.yaml --dockerfile Dockerfile`: a manifest together
 * with the Dockerfile that builds its image. The image is built, the manifest
 * played with it (`podman kube play`), and for every container that runs it the
 * kubelet's decision about the pair is set beside what the container really
 * runs as. This is the engine evidence for the cross rule
 * `cross/run-as-non-root-image-user`: podman does not enforce runAsNonRoot, so
 * the runner reproduces the kubelet's check from the built image's config and
 * shows the uid the container got.
 */
import path from 'node:path';
import { stringify } from 'yaml';
import { build, missingBaseImages, type RunnerSettings, type VerifyTarget } from './dockerfile-runner.js';
import { expectationOf, kubeletRunAsNonRootError } from './k8s-facts.js';
import { containersOf, loadDocuments, play, PLAYED_KINDS, workloadOf } from './manifest-runner.js';
import type { LinkedContainer, TargetResult } from './types.js';

export interface ImageLink {
  dockerfile: VerifyTarget;
  /** The image reference in the manifest that the Dockerfile builds; default: the manifest's only image. */
  image?: string;
}

export async function verifyImageLink(manifest: VerifyTarget, link: ImageLink, settings: RunnerSettings): Promise<TargetResult> {
  const started = Date.now();
  const notes: string[] = [];
  const { engine, tracker } = settings;
  const result = (rest: Partial<TargetResult> & Pick<TargetResult, 'status'>): TargetResult => ({
    file: manifest.display,
    kind: 'manifest',
    fixes: [],
    notes,
    durationMs: Date.now() - started,
    ...rest,
  });
  if (!engine.supportsKube) return result({ status: 'skipped', reason: `${engine.name} cannot run Kubernetes manifests; use --engine podman` });

  const docs = loadDocuments(manifest.text);
  const workloads = docs.filter((d) => PLAYED_KINDS.has(d.kind));
  if (workloads.length === 0) return result({ status: 'skipped', reason: 'no Pod or Deployment in the file: podman kube play has nothing to run' });
  const images = [...new Set(workloads.flatMap((w) => containersOf(w).map((c) => String(c.image ?? ''))))];
  const image = link.image ?? (images.length === 1 ? images[0] : undefined);
  if (image === undefined) {
    return result({ status: 'error', reason: `the manifest runs ${images.length} images (${images.join(', ')}): say which one ${link.dockerfile.display} builds with --image` });
  }
  if (!images.includes(image)) return result({ status: 'error', reason: `no Pod or Deployment container runs the image ${image} (it runs ${images.join(', ')})` });

  const missing = await missingBaseImages(link.dockerfile.text, engine, settings.allowPull);
  if (missing.length > 0) {
    return result({ status: 'error', reason: `base image ${missing.join(', ')} of ${link.dockerfile.display} is not available locally; the runner never pulls: pull or build it first, or pass --allow-pull` });
  }
  settings.progress(`${manifest.display}: building ${link.dockerfile.display} as ${image}`);
  const context = settings.context ?? path.dirname(link.dockerfile.absolute);
  const built = await build(settings, link.dockerfile.absolute, context, 'linked');
  if (!built.side.built) return result({ status: 'error', reason: `${link.dockerfile.display} does not build:\n${built.side.buildError ?? ''}` });
  const imageUser = (await engine.inspectImage(built.tag)).user;

  // Every container that runs the linked image runs the one just built instead.
  for (const workload of workloads) for (const container of containersOf(workload)) if (container.image === image) container.image = built.tag;
  settings.progress(`${manifest.display}: playing it with the built image`);
  const played = await play(settings, tracker.tempDir(), 'linked', docs.map((d) => stringify(d)).join('---\n'), notes);
  if ('error' in played) return result({ status: 'error', reason: `the manifest does not start with the built image: ${played.error}` });

  const containers: LinkedContainer[] = [];
  for (const workload of workloads.map(workloadOf)) {
    for (const container of containersOf(workload)) {
      if (container.image !== built.tag) continue;
      const expected = expectationOf(workload.podSpec, container);
      const ran = played.containers.find((c) => c.workload === workload.name && c.container === container.name);
      containers.push({
        workload: workload.name,
        container: String(container.name),
        imageUser,
        runAsNonRoot: expected.runAsNonRoot ?? null,
        runAsUser: expected.runAsUser ?? null,
        kubeletError: kubeletRunAsNonRootError(expected, imageUser),
        observedUid: ran?.facts?.uid ?? null,
      });
    }
  }

  const problems: string[] = [];
  for (const c of containers) {
    const name = `${c.workload}/${c.container}`;
    const user = c.imageUser ? `USER ${c.imageUser}` : 'no USER (root)';
    const context = `runAsNonRoot: ${c.runAsNonRoot ?? 'unset'}, runAsUser: ${c.runAsUser ?? 'unset'}`;
    const observed = c.observedUid === null ? 'its uid could not be observed (the container had exited)' : `${engine.name} ran it as uid ${c.observedUid}`;
    if (c.kubeletError) {
      problems.push(`a kubelet would refuse to start ${name} (CreateContainerConfigError: ${c.kubeletError})`);
      notes.push(`${name}: image ${user}, ${context} → a kubelet would refuse it: "${c.kubeletError}"; ${engine.name} does not enforce runAsNonRoot: ${observed}`);
      continue;
    }
    notes.push(`${name}: image ${user}, ${context} → a kubelet would start it; ${observed}`);
    // What the kubelet's decision relies on must match what really ran.
    if (c.runAsNonRoot && c.observedUid === 0) problems.push(`${name} has runAsNonRoot: true and the kubelet check passes, yet it ran as uid 0`);
    if (c.runAsUser !== null && c.observedUid !== null && c.observedUid !== c.runAsUser) problems.push(`${name} asks for runAsUser ${c.runAsUser} but ran as uid ${c.observedUid}`);
  }
  const linkResult = { dockerfile: link.dockerfile.display, image, containers };
  return result({ status: problems.length > 0 ? 'failed' : 'passed', ...(problems.length > 0 ? { reason: problems.join('; ') } : {}), link: linkResult });
}
