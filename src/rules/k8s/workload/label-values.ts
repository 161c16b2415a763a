import { defineK8sRule } from '../../../core/rule.js';
import type { K8sObject, PathSegment } from '../../../k8s/model.js';
import { asRecord } from '../../../k8s/values.js';
import { podSpecOf } from '../../../k8s/workloads.js';
import { isTemplated } from './image-tag.js';

const NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/** Why a label key is invalid, or null. */
export function labelKeyProblem(key: string): string | null {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : null;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== null && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return 'its prefix must be a lowercase DNS subdomain';
  if (name.length === 0 || name.length > 63) return 'its name must be 1 to 63 characters';
  if (!NAME.test(name)) return 'its name may hold letters, digits, "-", "_" and "." and must start and end with a letter or digit';
  return null;
}

/** Why a label value is invalid, or null. */
export function labelValueProblem(value: string): string | null {
  if (value === '') return null;
  if (value.length > 63) return `it is ${value.length} characters long (at most 63)`;
  if (!NAME.test(value)) return 'it may hold letters, digits, "-", "_" and "." and must start and end with a letter or digit';
  return null;
}

export default defineK8sRule({
  meta: {
    id: 'k8s/label-values',
    title: 'Invalid label key or value',
    severity: 'error',
    category: 'correctness',
    rationale:
      'Label values are at most 63 characters of letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit (or empty); keys are an optional DNS-subdomain prefix and such a name. The API server rejects anything else: a version like `v1.2.3+build` or a value with spaces fails at apply time.',
    aliases: { 'kube-score': ['label-values'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'cm.yaml', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  labels:\n    version: 1.2.3+build.7\n    team: web platform\n' }],
      good: [{ filename: 'cm.yaml', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  labels:\n    app.kubernetes.io/version: 1.2.3-build.7\n    team: web_platform\n    empty: ""\n' }],
    },
  },
  check(context) {
    const checkLabels = (object: K8sObject, path: PathSegment[]) => {
      const labels = asRecord(valueAt(object.value, path));
      if (!labels) return;
      for (const [key, value] of Object.entries(labels)) {
        const keyProblem = labelKeyProblem(key);
        if (keyProblem) context.reportAt(object, [...path, key], { part: 'key', message: `Label key "${key}" is invalid: ${keyProblem}.` });
        // Values with template syntax are filled in later (envsubst, Helm, kustomize).
        if (value === null || typeof value === 'object' || isTemplated(String(value))) continue;
        const valueProblem = labelValueProblem(String(value));
        if (valueProblem) context.reportAt(object, [...path, key], { message: `Label ${key}: "${String(value)}" is invalid: ${valueProblem}.` });
      }
    };
    for (const object of context.k8s.objects) {
      checkLabels(object, ['metadata', 'labels']);
      const pod = podSpecOf(object);
      if (pod && pod.metadataPath.length > 1) checkLabels(object, [...pod.metadataPath, 'labels']);
    }
  },
});

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of path) current = asRecord(current)?.[segment as string];
  return current;
}
