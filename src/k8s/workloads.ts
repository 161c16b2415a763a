/**
 * The workload model: where the pod spec and the containers of a workload
 * object live. Only the core API groups are recognised, so a CRD that happens
 * to be called `Deployment` in another group is not mistaken for one.
 */
import type { ContainerKind, ContainerRef, K8sObject, PathSegment, PodSpecRef } from './model.js';
import { isPlainObject } from './values.js';

/** apiVersions whose workload kinds we model. */
export const CORE_WORKLOAD_API_VERSIONS: ReadonlySet<string> = new Set([
  'v1',
  'apps/v1',
  'apps/v1beta1',
  'apps/v1beta2',
  'batch/v1',
  'batch/v1beta1',
  'extensions/v1beta1',
]);

interface PodLocation {
  spec: PathSegment[];
  metadata: PathSegment[];
}

const TEMPLATE: PodLocation = { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] };

const POD_LOCATIONS: Record<string, PodLocation> = {
  Pod: { spec: ['spec'], metadata: ['metadata'] },
  Deployment: TEMPLATE,
  StatefulSet: TEMPLATE,
  DaemonSet: TEMPLATE,
  ReplicaSet: TEMPLATE,
  ReplicationController: TEMPLATE,
  Job: TEMPLATE,
  CronJob: {
    spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  },
  PodTemplate: { spec: ['template', 'spec'], metadata: ['template', 'metadata'] },
};

const CONTAINER_KINDS: readonly ContainerKind[] = ['containers', 'initContainers', 'ephemeralContainers'];


function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = cur[seg as string];
  }
  return cur;
}

/*
 * Every workload rule asks for the pod spec and the containers of every object: they are
 * derived once per object and shared. The object's value is never changed in place (a fix
 * is applied to the text, which is loaded again), so the cache cannot go stale. Callers
 * must not mutate what these return.
 */
const podSpecs = new WeakMap<K8sObject, PodSpecRef | null>();
const containerLists = new WeakMap<K8sObject, ContainerRef[]>();

/** The pod spec of a Pod, a pod-template workload, a CronJob or a PodTemplate; null otherwise or when it is missing. */
export function podSpecOf(obj: K8sObject): PodSpecRef | null {
  let pod = podSpecs.get(obj);
  if (pod === undefined) {
    pod = findPodSpec(obj);
    podSpecs.set(obj, pod);
  }
  return pod;
}

function findPodSpec(obj: K8sObject): PodSpecRef | null {
  const loc = Object.prototype.hasOwnProperty.call(POD_LOCATIONS, obj.kind) ? POD_LOCATIONS[obj.kind] : undefined;
  if (!loc || !CORE_WORKLOAD_API_VERSIONS.has(obj.apiVersion)) return null;
  const spec = valueAt(obj.value, loc.spec);
  if (!isPlainObject(spec)) return null;
  return { object: obj, path: [...loc.spec], spec, metadataPath: [...loc.metadata] };
}

/** Containers, then init containers, then ephemeral containers, each with its path. Non-mapping entries are left out. */
export function containersOf(obj: K8sObject): ContainerRef[] {
  let list = containerLists.get(obj);
  if (!list) {
    list = findContainers(obj);
    containerLists.set(obj, list);
  }
  return list;
}

function findContainers(obj: K8sObject): ContainerRef[] {
  const pod = podSpecOf(obj);
  if (!pod) return [];
  const out: ContainerRef[] = [];
  for (const kind of CONTAINER_KINDS) {
    const list = pod.spec[kind];
    if (!Array.isArray(list)) continue;
    for (let index = 0; index < list.length; index++) {
      const value = list[index];
      if (!isPlainObject(value)) continue;
      out.push({
        pod,
        kind,
        index,
        name: typeof value.name === 'string' ? value.name : null,
        path: [...pod.path, kind, index],
        value,
      });
    }
  }
  return out;
}
