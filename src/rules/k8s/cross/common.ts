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
function sameApp(referrer: K8sObject, namespace: string | null, other: K8sObject): boolean {
  if (namespace !== null && other.namespace !== null) return namespace === other.namespace;
  return path.dirname(referrer.file) === path.dirname(other.file);
}

/** Whether a reference from `referrer` to a `kind` in `namespace` should be checked. */
export function shouldCheck(index: ProjectIndex, kind: string, referrer: K8sObject, namespace: string | null, options: CompletenessOptions): boolean {
  return options.assumeCompleteInput || index.ofKind(kind).some((other) => sameApp(referrer, namespace, other));
}

/** Whether a selector of `referrer` over the pods of `namespace` should be checked. */
export function shouldCheckPods(index: ProjectIndex, referrer: K8sObject, namespace: string | null, options: CompletenessOptions): boolean {
  return options.assumeCompleteInput || index.podTemplates.some((pod) => sameApp(referrer, namespace, pod.object));
}

/** A Service-style selector (a plain label map): every pair must match. An empty map matches everything. */
export function matchesLabelMap(selector: Record<string, unknown>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === String(value));
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

/** The pod templates in the namespace whose labels the predicate accepts. */
export function podsMatching(index: ProjectIndex, namespace: string | null, matches: (labels: Record<string, string>) => boolean | null): PodTemplate[] {
  return index.podTemplates.filter((pod) => sameNamespace(pod.object.namespace, namespace) && matches(pod.labels) === true);
}

/**
 * Whether a selector may select pods of the namespace: a pod template's
 * labels match, or the labels of a custom resource do. Operators create pods
 * from custom resources (a Prometheus, an Alertmanager…) and usually give
 * them the resource's labels, which the input cannot show otherwise.
 */
export function selectsAnything(index: ProjectIndex, namespace: string | null, matches: (labels: Record<string, string>) => boolean | null): boolean {
  if (podsMatching(index, namespace, matches).length > 0) return true;
  const groups = builtinGroups();
  return index.objects.some((object) => {
    if (groups.has(groupOf(object.apiVersion)) || !sameNamespace(object.namespace, namespace)) return false;
    const labels: Record<string, string> = {};
    for (const [key, value] of Object.entries(asRecord(asRecord(object.value.metadata)?.labels) ?? {})) labels[key] = String(value);
    return Object.keys(labels).length > 0 && matches(labels) === true;
  });
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
