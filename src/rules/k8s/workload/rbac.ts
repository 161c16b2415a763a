/** Role and ClusterRole rules as the RBAC rules read them. */
import type { K8sObject, PathSegment } from '../../../k8s/model.js';
import { recordsOf } from './support.js';

export interface PolicyRule {
  object: K8sObject;
  path: PathSegment[];
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

export function isRbacObject(object: K8sObject, kinds: readonly string[]): boolean {
  return kinds.includes(object.kind) && object.apiVersion.startsWith('rbac.authorization.k8s.io/');
}

/** The rules of a Role or ClusterRole. */
export function policyRules(object: K8sObject): PolicyRule[] {
  if (!isRbacObject(object, ['Role', 'ClusterRole'])) return [];
  return recordsOf(object.value.rules).map(({ item, index }) => ({
    object,
    path: ['rules', index],
    apiGroups: strings(item.apiGroups),
    resources: strings(item.resources),
    verbs: strings(item.verbs),
    resourceNames: strings(item.resourceNames),
  }));
}

/** Whether a rule grants one of `verbs` on `resource` of the core API group (wildcards included). */
export function grants(rule: PolicyRule, resource: string, verbs: readonly string[]): boolean {
  const group = rule.apiGroups.includes('') || rule.apiGroups.includes('*');
  const matches = rule.resources.includes(resource) || rule.resources.includes('*');
  return group && matches && rule.verbs.some((verb) => verb === '*' || verbs.includes(verb));
}

/** `Role "reader"` / `ClusterRole "reader"`. */
export function roleLabel(object: K8sObject): string {
  return `${object.kind}${object.name ? ` "${object.name}"` : ''}`;
}

export const role = (rules: string, kind = 'ClusterRole') =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: app\nrules:\n${rules}`;
