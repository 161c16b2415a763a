/** What the checks across objects share: label selectors, namespaces and the partial-input guard. */
import path from 'node:path';
import { sameNamespace, type PodTemplate, type ProjectIndex } from '../../../core/project.js';
import type { K8sObject } from '../../../k8s/model.js';
import { builtinGroups, groupOf } from '../../../k8s/schema/data.js';
import { asRecord, isPlainObject } from '../../../k8s/values.js';

/**
 * The option every cross-object rule has. The files linted together are often
 * only part of an application (one chart's output, a folder of a larger repo),
 * so by default a reference is only checked when the input holds at least one
 * object of the referenced kind in that namespace: a Service with no pod
 * template anywhere in its namespace is taken as linted alone, not as dangling.
 */
export interface CompletenessOptions {
  /** Treat the input as the whole application: check references even when no object of the referenced kind is in the input. */
  assumeCompleteInput: boolean;
}

export const COMPLETENESS_DEFAULTS: CompletenessOptions = { assumeCompleteInput: false };

export const COMPLETENESS_NOTE =
  ' The check stays quiet when the files linted together hold no object of the referenced kind that may belong to the same app (same namespace; where a namespace is unset, same folder): they are then taken as part of an app. Set `assumeCompleteInput: true` to check anyway.';

/**
 * Whether `other` may belong to the app of `referrer`: the same explicit
 * namespace or, when either namespace is unset, the same folder (a
 * repository of examples holds many apps without namespaces).
 */
export function sameApp(referrer: K8sObject, other: K8sObject): boolean {
  if (referrer.namespace !== null && other.namespace !== null) return referrer.namespace === other.namespace;
  return path.dirname(referrer.file) === path.dirname(other.file);
}

interface AppKeys {
  /** Explicit namespaces of the objects. */
  namespaces: Set<string>;
  /** Folders of the objects without a namespace. */
  foldersWithoutNamespace: Set<string>;
  /** Folders of all the objects. */
  folders: Set<string>;
}

/** Where a set of objects lives, so that `sameApp` against all of them is a few set lookups (whole-corpus runs hold thousands). */
function appKeysOf(objects: readonly K8sObject[]): AppKeys {
  const keys: AppKeys = { namespaces: new Set(), foldersWithoutNamespace: new Set(), folders: new Set() };
  for (const object of objects) {
    const folder = path.dirname(object.file);
    keys.folders.add(folder);
    if (object.namespace === null) keys.foldersWithoutNamespace.add(folder);
    else keys.namespaces.add(object.namespace);
  }
  return keys;
}

const appKeysByKind = new WeakMap<ProjectIndex, Map<string, AppKeys>>();
const podAppKeys = new WeakMap<ProjectIndex, AppKeys>();

/** Whether any of the objects may belong to the app of `referrer` in `namespace` (see `sameApp`). */
function mayShareApp(keys: AppKeys, referrer: K8sObject, namespace: string | null): boolean {
  const folder = path.dirname(referrer.file);
  if (namespace === null) return keys.folders.has(folder);
  return keys.namespaces.has(namespace) || keys.foldersWithoutNamespace.has(folder);
}

/** Whether a reference from `referrer` to a `kind` in `namespace` should be checked. */
export function shouldCheck(index: ProjectIndex, kind: string, referrer: K8sObject, namespace: string | null, options: CompletenessOptions): boolean {
  if (options.assumeCompleteInput) return true;
  let byKind = appKeysByKind.get(index);
  if (!byKind) appKeysByKind.set(index, (byKind = new Map()));
  let keys = byKind.get(kind);
  if (!keys) byKind.set(kind, (keys = appKeysOf(index.ofKind(kind))));
  return mayShareApp(keys, referrer, namespace);
}

/** Whether a selector of `referrer` over the pods of `namespace` should be checked. */
export function shouldCheckPods(index: ProjectIndex, referrer: K8sObject, namespace: string | null, options: CompletenessOptions): boolean {
  if (options.assumeCompleteInput) return true;
  let keys = podAppKeys.get(index);
  if (!keys) podAppKeys.set(index, (keys = appKeysOf(index.podTemplates.map((pod) => pod.object))));
  return mayShareApp(keys, referrer, namespace);
}

/**
 * A label selector as the checks across objects apply it: `matches` decides,
 * `required` lists labels (a key, or a key with its value) that every label
 * set it matches carries, so that the index only hands it the pods that carry
 * them (a whole-corpus run holds tens of thousands of pod templates).
 */
export interface PodSelector {
  matches(labels: Record<string, string>): boolean | null;
  required: readonly RequiredLabel[];
}

/** A label a selector needs: the key with this value, or the key with any value (`value` null). */
interface RequiredLabel {
  key: string;
  value: string | null;
}

/** A Service-style selector (a plain label map): every pair must match. An empty map matches everything. */
export function matchesLabelMap(selector: Record<string, unknown>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === String(value));
}

/** `matchesLabelMap` as a `PodSelector`. */
export function labelMapSelector(selector: Record<string, unknown>): PodSelector {
  return {
    matches: (labels) => matchesLabelMap(selector, labels),
    required: Object.entries(selector).map(([key, value]) => ({ key, value: String(value) })),
  };
}

/**
 * A metav1.LabelSelector (matchLabels and matchExpressions), as
 * LabelSelectorAsSelector reads it: an empty selector matches everything.
 * Null when the selector is malformed (left to schema validation).
 */
export function matchesLabelSelector(selector: unknown, labels: Record<string, string>): boolean | null {
  if (!isPlainObject(selector)) return null;
  const matchLabels = asRecord(selector.matchLabels) ?? {};
  if (!matchesLabelMap(matchLabels, labels)) return false;
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const expression of expressions) {
    if (!isPlainObject(expression) || typeof expression.key !== 'string') return null;
    const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
    const has = Object.prototype.hasOwnProperty.call(labels, expression.key);
    const value = labels[expression.key];
    switch (expression.operator) {
      case 'In':
        if (!has || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return null;
    }
  }
  return true;
}

/** `matchesLabelSelector` as a `PodSelector`: matchLabels and `In`/`Exists` expressions tell the labels it needs. */
export function labelSelector(selector: unknown): PodSelector {
  const required: RequiredLabel[] = [];
  if (isPlainObject(selector)) {
    for (const [key, value] of Object.entries(asRecord(selector.matchLabels) ?? {})) required.push({ key, value: String(value) });
    for (const expression of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
      if (!isPlainObject(expression) || typeof expression.key !== 'string') continue;
      const values = Array.isArray(expression.values) ? expression.values : [];
      if (expression.operator === 'In') required.push({ key: expression.key, value: values.length === 1 ? String(values[0]) : null });
      else if (expression.operator === 'Exists') required.push({ key: expression.key, value: null });
    }
  }
  return { matches: (labels) => matchesLabelSelector(selector, labels), required };
}

/**
 * Items with the label sets they may carry, indexed by label (key, and key
 * with value) and by namespace. A lookup returns the items that may match, in
 * the order given: those carrying the rarest label the selector needs, or,
 * for a selector that needs none, those of the namespace.
 */
class LabelIndex<T extends { object: K8sObject }> {
  private readonly byLabel = new Map<string, number[]>();
  private readonly byNamespace = new Map<string | null, number[]>();

  constructor(
    readonly items: readonly T[],
    private readonly labelSetsOf: (item: T) => readonly Record<string, string>[],
  ) {
    items.forEach((item, ordinal) => {
      append(this.byNamespace, item.object.namespace, ordinal);
      for (const labels of labelSetsOf(item)) {
        for (const [key, value] of Object.entries(labels)) {
          append(this.byLabel, key, ordinal);
          append(this.byLabel, `${key}\0${value}`, ordinal);
        }
      }
    });
  }

  /** The items of `namespace` (or any, when null) that the selector matches, in order. */
  matching(namespace: string | null, selector: PodSelector): T[] {
    const found: T[] = [];
    this.scan(namespace, selector, (item) => {
      found.push(item);
      return false;
    });
    return found;
  }

  /** Whether any item of `namespace` (or any, when null) matches the selector. */
  some(namespace: string | null, selector: PodSelector): boolean {
    return this.scan(namespace, selector, () => true);
  }

  /** Calls `visit` with each matching item in order until it returns true; whether one did. */
  private scan(namespace: string | null, selector: PodSelector, visit: (item: T) => boolean): boolean {
    const accept = (ordinal: number): boolean => {
      const item = this.items[ordinal];
      return sameNamespace(item.object.namespace, namespace) && this.labelSetsOf(item).some((labels) => selector.matches(labels) === true) && visit(item);
    };
    let candidates: readonly number[] | null = null;
    for (const { key, value } of selector.required) {
      const list = this.byLabel.get(value === null ? key : `${key}\0${value}`) ?? NONE;
      if (candidates === null || list.length < candidates.length) candidates = list;
    }
    if (candidates !== null) return candidates.some(accept);
    if (namespace === null) return this.items.some((_, ordinal) => accept(ordinal));
    // Objects without a namespace may be in any: both lists, merged back into order.
    return mergeOrdinals(this.byNamespace.get(namespace) ?? NONE, this.byNamespace.get(null) ?? NONE).some(accept);
  }
}

const NONE: readonly number[] = [];

/** Appends an ordinal to the list under `key` once (ordinals come in increasing order). */
function append<K>(map: Map<K, number[]>, key: K, ordinal: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [ordinal]);
  else if (list[list.length - 1] !== ordinal) list.push(ordinal);
}

function mergeOrdinals(a: readonly number[], b: readonly number[]): number[] {
  const merged: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) merged.push(j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++]);
  return merged;
}

/** Most ordinals a StatefulSet's pods are tried with (its replicas, capped). */
const MAX_ORDINALS = 100;

/**
 * The label sets a template's pods may carry: its own labels plus those its
 * controller adds whose value the input tells. A StatefulSet names each pod
 * (`statefulset.kubernetes.io/pod-name: web-0`, `apps.kubernetes.io/pod-index: "0"`),
 * a Job labels its pods with its name (`job-name`, `batch.kubernetes.io/job-name`).
 * A Service per StatefulSet pod selects on those, so they must count.
 */
export function podLabelSets(pod: PodTemplate): Record<string, string>[] {
  let sets = labelSetsOf.get(pod);
  if (!sets) labelSetsOf.set(pod, (sets = controllerLabelSets(pod)));
  return sets;
}

const labelSetsOf = new WeakMap<PodTemplate, Record<string, string>[]>();

function controllerLabelSets(pod: PodTemplate): Record<string, string>[] {
  const { object } = pod;
  if (object.apiVersion === 'batch/v1' && object.kind === 'Job' && object.name) {
    return [{ ...pod.labels, 'job-name': object.name, 'batch.kubernetes.io/job-name': object.name }];
  }
  if (object.apiVersion.startsWith('apps/') && object.kind === 'StatefulSet' && object.name) {
    const replicas = asRecord(object.value.spec)?.replicas;
    const count = Math.min(MAX_ORDINALS, Math.max(1, typeof replicas === 'number' && Number.isInteger(replicas) ? replicas : 1));
    return Array.from({ length: count }, (_, i) => ({ ...pod.labels, 'statefulset.kubernetes.io/pod-name': `${object.name}-${i}`, 'apps.kubernetes.io/pod-index': String(i) }));
  }
  return [pod.labels];
}

const podIndexes = new WeakMap<ProjectIndex, LabelIndex<PodTemplate>>();

function podIndexOf(index: ProjectIndex): LabelIndex<PodTemplate> {
  let pods = podIndexes.get(index);
  if (!pods) podIndexes.set(index, (pods = new LabelIndex(index.podTemplates, podLabelSets)));
  return pods;
}

/** The pod templates in the namespace whose labels (with those their controller adds) the selector matches. */
export function podsMatching(index: ProjectIndex, namespace: string | null, selector: PodSelector): PodTemplate[] {
  return podIndexOf(index).matching(namespace, selector);
}

/** A Service that selects pods by label (core v1, non-empty selector, not ExternalName), with its spec and the pod templates it selects. */
export interface SelectingService {
  service: K8sObject;
  spec: Record<string, unknown>;
  pods: PodTemplate[];
}

/** Every Service of the linted files that selects pods by label, with the pods it selects (possibly none). */
export function selectingServices(index: ProjectIndex): SelectingService[] {
  const found: SelectingService[] = [];
  for (const service of index.objects) {
    if (!isCoreService(service)) continue;
    const spec = asRecord(service.value.spec);
    const selector = asRecord(spec?.selector);
    if (!spec || !selector || Object.keys(selector).length === 0 || spec.type === 'ExternalName') continue;
    found.push({ service, spec, pods: podsMatching(index, service.namespace, labelMapSelector(selector)) });
  }
  return found;
}

/**
 * Whether a selector may select pods of the namespace: a pod template's
 * labels match, or the labels of a custom resource do. Operators create pods
 * from custom resources (a Prometheus, an Alertmanager…) and usually give
 * them the resource's labels, which the input cannot show otherwise.
 */
export function selectsAnything(index: ProjectIndex, namespace: string | null, selector: PodSelector): boolean {
  return podIndexOf(index).some(namespace, selector) || customResourceIndexOf(index).some(namespace, selector);
}

interface LabelledObject {
  object: K8sObject;
  labels: Record<string, string>;
}

const customResourceIndexes = new WeakMap<ProjectIndex, LabelIndex<LabelledObject>>();

/** The custom resources of the run that carry labels, with their labels as strings, indexed (built once per run). */
function customResourceIndexOf(index: ProjectIndex): LabelIndex<LabelledObject> {
  let resources = customResourceIndexes.get(index);
  if (resources) return resources;
  const groups = builtinGroups();
  const list: LabelledObject[] = [];
  for (const object of index.objects) {
    if (groups.has(groupOf(object.apiVersion))) continue;
    const labels: Record<string, string> = {};
    for (const [key, value] of Object.entries(asRecord(asRecord(object.value.metadata)?.labels) ?? {})) labels[key] = String(value);
    if (Object.keys(labels).length > 0) list.push({ object, labels });
  }
  customResourceIndexes.set(index, (resources = new LabelIndex(list, (resource) => [resource.labels])));
  return resources;
}

/** `Deployment web` or `Deployment web (namespace shop)`, for messages. */
export function describeObject(object: K8sObject): string {
  return `${object.kind} "${object.name ?? '(unnamed)'}"${object.namespace ? ` in namespace "${object.namespace}"` : ''}`;
}

/** `app=web, tier=front` for messages. */
export function formatLabels(map: Record<string, unknown>): string {
  const entries = Object.entries(map);
  return entries.length ? entries.map(([k, v]) => `${k}=${String(v)}`).join(', ') : '(empty)';
}

export function isCoreService(object: K8sObject): boolean {
  return object.kind === 'Service' && object.apiVersion === 'v1';
}
