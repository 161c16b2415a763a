import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { containersOf } from '../../../k8s/workloads.js';
import { pod } from './snippets.js';
import { containerAnchor, containerLabel } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/ephemeral-storage-resources',
    title: 'No ephemeral-storage request and limit',
    severity: 'info',
    category: 'reliability',
    rationale:
      'Logs, emptyDir volumes and the container\'s writable layer all take node disk. Without an ephemeral-storage limit one container can fill the disk and get every pod on the node evicted; without a request the scheduler cannot place it by disk. Off by default: kube-score asks for it, most manifests do not set it.',
    aliases: { 'kube-score': ['container-ephemeral-storage-request-and-limit'] },
    recommended: false,
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    resources:\n      requests: {ephemeral-storage: 1Gi}\n') }],
      good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    resources:\n      requests: {ephemeral-storage: 1Gi}\n      limits: {ephemeral-storage: 2Gi}\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        if (container.kind === 'ephemeralContainers') continue;
        const resources = asRecord(container.value.resources);
        const missing = (['requests', 'limits'] as const).filter((section) => asRecord(resources?.[section])?.['ephemeral-storage'] === undefined);
        if (missing.length === 0) continue;
        const at = resources ? { path: [...container.path, 'resources'], part: 'key' as const } : containerAnchor(container);
        context.reportAt(object, at.path, {
          part: at.part,
          message: `${containerLabel(container)} has no ephemeral-storage ${missing.join(' or ')}: set them so one container cannot fill the node's disk.`,
        });
      }
    }
  },
});
