import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { containersOf } from '../../../k8s/workloads.js';
import { pod } from './snippets.js';
import { parseQuantity } from './quantity.js';
import { containerLabel } from './support.js';

interface Options {
  resources: string[];
}

export default defineK8sRule<Options>({
  meta: {
    id: 'k8s/requests-equal-limits',
    title: 'Requests differ from limits',
    severity: 'info',
    category: 'reliability',
    rationale:
      'A pod whose requests equal its limits for CPU and memory gets the Guaranteed QoS class: it is the last to be evicted and never overcommits the node. Worth it for critical services; for others bursting is the point of a limit above the request, so the rule is off by default (kube-score\'s optional checks).',
    aliases: { 'kube-score': ['container-resource-requests-equal-limits', 'container-cpu-requests-equal-limits', 'container-memory-requests-equal-limits', 'container-ephemeral-storage-request-equals-limit'] },
    recommended: false,
    fixable: false,
    defaultOptions: { resources: ['cpu', 'memory'] },
    examples: {
      bad: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    resources:\n      requests: {cpu: 250m, memory: 512Mi}\n      limits: {cpu: "1", memory: 512Mi}\n') }],
      good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    resources:\n      requests: {cpu: 1, memory: 512Mi}\n      limits: {cpu: 1000m, memory: 512Mi}\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        if (container.kind === 'ephemeralContainers') continue;
        const resources = asRecord(container.value.resources);
        const requests = asRecord(resources?.requests) ?? {};
        const limits = asRecord(resources?.limits) ?? {};
        for (const resource of context.options.resources) {
          const request = parseQuantity(requests[resource]);
          const limit = parseQuantity(limits[resource]);
          if (request && limit && request.value === limit.value) continue;
          if (!request && !limit) continue;
          const section = limit ? 'limits' : 'requests';
          context.reportAt(object, [...container.path, 'resources', section, resource], {
            message: `${containerLabel(container)}'s ${resource} request (${String(requests[resource] ?? 'unset')}) and limit (${String(limits[resource] ?? 'unset')}) differ: make them equal for the Guaranteed QoS class.`,
          });
        }
      }
    }
  },
});
