/** What the cross rules share: effective security settings, the example project, messages. */
import type { LinkedImage } from '../../cross/rule.js';
import type { ContainerRef, PathSegment } from '../../k8s/model.js';
import { asRecord } from '../../k8s/values.js';
import type { Range } from '../../core/source.js';

/** A securityContext field as the kubelet applies it: the container's, else the pod's (for fields the pod may set). */
export function effectiveSecurity(container: ContainerRef, key: string, podLevel = true): { value: unknown; path: PathSegment[] } | null {
  const own = asRecord(container.value.securityContext);
  if (own && own[key] !== undefined && own[key] !== null) return { value: own[key], path: [...container.path, 'securityContext', key] };
  const pod = podLevel ? asRecord(container.pod.spec.securityContext) : undefined;
  if (pod && pod[key] !== undefined && pod[key] !== null) return { value: pod[key], path: [...container.pod.path, 'securityContext', key] };
  return null;
}

/** `services/api/Dockerfile:5`: where a fact was set, for messages. */
export function where(image: LinkedImage, range: Range): string {
  return `${image.dockerfile}:${range.start.line}`;
}

/** The image as the manifest names it (after a kustomize rename), without tag. */
export function imageName(image: LinkedImage): string {
  return image.resolved.deployed.name;
}

/** A container's display name. */
export function containerName(container: ContainerRef): string {
  return container.name ? `"${container.name}"` : `#${container.index + 1}`;
}

/**
 * The example project of the rule docs: the manifest runs
 * `ghcr.io/acme/api:1.0`, and `api/Dockerfile` builds it (linked by the folder
 * convention: a Dockerfile in a folder named like the image's last segment).
 */
export function example(dockerfile: string, manifest: string, output?: string): { filename: string; code: string; files: Record<string, string>; output?: string } {
  return { filename: 'pod.yaml', code: manifest, files: { 'api/Dockerfile': dockerfile }, ...(output !== undefined ? { output } : {}) };
}

/** A Pod running the example image; `pod` and `container` are extra lines at pod-spec and container level. */
export function pod(options: { pod?: string; container?: string } = {}): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n${options.pod ?? ''}  containers:\n    - name: api\n      image: ghcr.io/acme/api:1.0\n${options.container ?? ''}`;
}
