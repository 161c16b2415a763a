import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { containersOf } from '../../../k8s/workloads.js';
import { pod } from './snippets.js';
import { parseQuantity } from './quantity.js';
import { containerLabel } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/resource-limit-below-request',
    title: 'Resource limit lower than its request',
    severity: 'error',
    category: 'correctness',
    rationale:
      'A limit is a ceiling and a request a reservation: a limit below the request cannot be met, and the API server rejects the pod ("must be less than or equal to limit"). Usually the two values were swapped or one lost its unit.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    resources:\n      requests: {cpu: 500m, memory: 1Gi}\n      limits: {cpu: 250m, memory: 1Gi}\n') }],
      good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    resources:\n      requests: {cpu: 0.5, memory: 1024Mi}\n      limits: {cpu: 500m, memory: 1Gi}\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        const resources = asRecord(container.value.resources);
        const requests = asRecord(resources?.requests) ?? {};
        const limits = asRecord(resources?.limits) ?? {};
        for (const [resource, rawLimit] of Object.entries(limits)) {
          const limit = parseQuantity(rawLimit);
          const request = parseQuantity(requests[resource]);
          if (!limit || !request || request.value <= limit.value) continue;
          context.reportAt(object, [...container.path, 'resources', 'limits', resource], {
            message: `${containerLabel(container)}'s ${resource} limit ${String(rawLimit)} is below its request ${String(requests[resource])}: the API server rejects this; raise the limit or lower the request.`,
          });
        }
      }
    }
  },
});
