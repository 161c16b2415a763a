/** Helpers shared by the single-object Kubernetes rules. */
import type { Fix, TextEdit } from '../../../core/types.js';
import type { EditTarget } from '../../../k8s/edit.js';
import type { ContainerRef, K8sObject, PathSegment } from '../../../k8s/model.js';
import { asRecord } from '../../../k8s/values.js';

const KIND_LABELS = { containers: 'Container', initContainers: 'Init container', ephemeralContainers: 'Ephemeral container' } as const;

/** `Container "web"`, `Init container "setup"`, `Container #2`. */
export function containerLabel(container: ContainerRef): string {
  return `${KIND_LABELS[container.kind]} ${container.name !== null ? `"${container.name}"` : `#${container.index + 1}`}`;
}

/** Where to point at a container as a whole: its `name:` pair (or its first key). */
export function containerAnchor(container: ContainerRef): { path: PathSegment[]; part: 'pair' } {
  const first = container.value.name !== undefined ? 'name' : Object.keys(container.value)[0];
  return { path: first === undefined ? container.path : [...container.path, first], part: 'pair' };
}

/** The edit target of a rule context. */
export function editTarget(context: { source: { text: string }; eol: string }): EditTarget {
  return { text: context.source.text, eol: context.eol };
}

/** A fix from edits, or undefined when any edit could not be made safely. */
export function fixOf(description: string, edits: (TextEdit | null)[]): Fix | undefined {
  return edits.length > 0 && edits.every((e): e is TextEdit => e !== null) ? { description, edits } : undefined;
}

/** The value at a path of plain data. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      const record = asRecord(current);
      if (!record) return undefined;
      current = record[segment];
    }
  }
  return current;
}

/** Items of a list that are mappings, with their index. */
export function recordsOf(list: unknown): { item: Record<string, unknown>; index: number }[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((value, index) => {
    const item = asRecord(value);
    return item ? [{ item, index }] : [];
  });
}

/** `Deployment "web"`. */
export function objectLabel(object: K8sObject): string {
  return `${object.kind}${object.name ? ` "${object.name}"` : ''}`;
}

/** Kinds whose pods run for good (not to completion): probes, replicas and spreading matter for them. */
export const LONG_RUNNING_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);

/** Whether the object is a core workload of one of these kinds (not a CRD that borrows the name). */
export function isKind(object: K8sObject, kinds: ReadonlySet<string> | readonly string[], groups: readonly string[] = ['apps/v1', 'apps/v1beta1', 'apps/v1beta2', 'extensions/v1beta1', 'v1']): boolean {
  const set = kinds instanceof Set ? kinds : new Set(kinds as readonly string[]);
  return set.has(object.kind) && groups.includes(object.apiVersion);
}

/** The volumes of a pod spec, by name. */
export function volumesByName(spec: Record<string, unknown>): Map<string, { volume: Record<string, unknown>; index: number }> {
  const out = new Map<string, { volume: Record<string, unknown>; index: number }>();
  for (const { item, index } of recordsOf(spec.volumes)) if (typeof item.name === 'string') out.set(item.name, { volume: item, index });
  return out;
}
