/** The hostPath volumes of a pod and which containers mount them. */
import type { ContainerRef, K8sObject, PathSegment } from '../../../k8s/model.js';
import { asRecord } from '../../../k8s/values.js';
import { containersOf, podSpecOf } from '../../../k8s/workloads.js';
import { recordsOf } from './support.js';

export interface HostPathVolume {
  object: K8sObject;
  name: string;
  /** The host path, without trailing slashes (`/` stays `/`). */
  hostPath: string;
  /** Path of the `hostPath.path` field. */
  pathField: PathSegment[];
}

export function normalizeHostPath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed.replace(/\/{2,}/g, '/');
}

export function hostPathVolumes(object: K8sObject): HostPathVolume[] {
  const pod = podSpecOf(object);
  if (!pod) return [];
  return recordsOf(pod.spec.volumes).flatMap(({ item, index }) => {
    const path = asRecord(item.hostPath)?.path;
    if (typeof path !== 'string' || typeof item.name !== 'string') return [];
    return [{ object, name: item.name, hostPath: normalizeHostPath(path), pathField: [...pod.path, 'volumes', index, 'hostPath', 'path'] }];
  });
}

export interface HostMount {
  container: ContainerRef;
  volume: HostPathVolume;
  mount: Record<string, unknown>;
  mountPath: PathSegment[];
}

/** Every volumeMount of a container that mounts a hostPath volume. */
export function hostMounts(object: K8sObject): HostMount[] {
  const volumes = new Map(hostPathVolumes(object).map((v) => [v.name, v]));
  if (volumes.size === 0) return [];
  return containersOf(object).flatMap((container) =>
    recordsOf(container.value.volumeMounts).flatMap(({ item, index }) => {
      const volume = typeof item.name === 'string' ? volumes.get(item.name) : undefined;
      return volume ? [{ container, volume, mount: item, mountPath: [...container.path, 'volumeMounts', index] }] : [];
    }),
  );
}
