import { defineK8sRule } from '../../../core/rule.js';
import { asRecord, isPlainObject } from '../../../k8s/values.js';
import { podSpecOf } from '../../../k8s/workloads.js';
import { formatLabels, matchesLabelMap, matchesLabelSelector } from './common.js';

/** Kinds whose spec.selector must select their own pod template (the API server rejects the object otherwise). */
const SELECTING_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']);

const DEPLOY = (label: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: ${label}}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n`;

export default defineK8sRule({
  meta: {
    id: 'k8s/selector-template-mismatch',
    title: "Workload selector does not match its own pod template's labels",
    severity: 'error',
    category: 'correctness',
    rationale:
      "A Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController or Job (with manualSelector) must select the pods it creates: the API server rejects one whose selector does not match its template's labels (\"selector does not match template labels\"). Without a selector, a ReplicationController takes the template's labels and is fine.",
    aliases: {
      'kube-linter': ['mismatching-selector'],
      'kube-score': ['deployment-pod-selector-labels-match-template-metadata-labels', 'statefulset-pod-selector-labels-match-template-metadata-labels'],
    },
    fixable: false,
    defaultOptions: {},
    examples: { bad: [{ filename: 'deploy.yaml', code: DEPLOY('api') }], good: [{ filename: 'deploy.yaml', code: DEPLOY('web') }] },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      if (!SELECTING_KINDS.has(object.kind)) continue;
      const pod = podSpecOf(object);
      if (!pod) continue;
      const spec = asRecord(object.value.spec);
      const selector = spec?.selector;
      // Jobs generate their selector unless manualSelector is set.
      if (object.kind === 'Job' && spec?.manualSelector !== true) continue;
      if (!isPlainObject(selector)) continue;
      const labels: Record<string, string> = {};
      for (const [key, value] of Object.entries(asRecord(asRecord(asRecord(spec?.template)?.metadata)?.labels) ?? {})) labels[key] = String(value);
      const matches = object.kind === 'ReplicationController' ? matchesLabelMap(selector, labels) : matchesLabelSelector(selector, labels);
      if (matches !== false) continue;
      context.reportAt(object, ['spec', 'selector'], {
        part: 'key',
        message: `The selector of ${object.kind} "${object.name}" does not match its pod template's labels (${formatLabels(labels)}); the API server rejects it.`,
        related: [{ file: context.file, range: object.locate(['spec', 'template', 'metadata', 'labels'], 'key').range, message: 'the pod template labels' }],
      });
    }
  },
});
