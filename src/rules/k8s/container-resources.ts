import { defineK8sRule } from '../../core/rule.js';
import { asRecord } from '../../k8s/values.js';
import { containersOf } from '../../k8s/workloads.js';

interface Options {
  /** kube-score's --ignore-container-cpu-limit: a CPU limit throttles, and many teams leave it out on purpose. */
  requireCpuLimit: boolean;
}

const REQUIRED = [
  ['requests', 'cpu'],
  ['requests', 'memory'],
  ['limits', 'cpu'],
  ['limits', 'memory'],
] as const;

export default defineK8sRule<Options>({
  meta: {
    id: 'k8s/container-resources',
    title: 'Container without CPU and memory requests and limits',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'Without requests the scheduler places pods blind and the pod gets the BestEffort QoS class, first to be evicted under pressure; without a memory limit one leaking container can take the node\'s memory from its neighbours. Set requests to what the container needs and a memory limit to what it may use.',
    aliases: {
      'kube-linter': ['unset-cpu-requirements', 'unset-memory-requirements'],
      'kube-score': ['container-resources'],
      polaris: ['cpuRequestsMissing', 'cpuLimitsMissing', 'memoryRequestsMissing', 'memoryLimitsMissing'],
      checkov: ['CKV_K8S_10', 'CKV_K8S_11', 'CKV_K8S_12', 'CKV_K8S_13'],
      trivy: ['KSV-0011', 'KSV-0015', 'KSV-0016', 'KSV-0018', 'KSV011', 'KSV015', 'KSV016', 'KSV018'],
    },
    fixable: false,
    defaultOptions: { requireCpuLimit: true },
    examples: {
      bad: [
        {
          filename: 'deploy.yaml',
          code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n',
        },
        {
          filename: 'pod.yaml',
          code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      resources:\n        requests: {cpu: 100m, memory: 64Mi}\n',
        },
      ],
      good: [
        {
          filename: 'pod.yaml',
          code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      resources:\n        requests: {cpu: 100m, memory: 64Mi}\n        limits: {cpu: 500m, memory: 128Mi}\n',
        },
        {
          filename: 'pod.yaml',
          options: { requireCpuLimit: false },
          code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      resources:\n        requests: {cpu: 100m, memory: 64Mi}\n        limits: {memory: 128Mi}\n',
        },
      ],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        // Ephemeral containers may not set resources at all.
        if (container.kind === 'ephemeralContainers') continue;
        const resources = asRecord(container.value.resources);
        const missing = REQUIRED.filter(([section, resource]) => {
          if (section === 'limits' && resource === 'cpu' && !context.options.requireCpuLimit) return false;
          const value = asRecord(resources?.[section])?.[resource];
          return value === undefined || value === null || value === '';
        }).map(([section, resource]) => `${section}.${resource}`);
        if (missing.length === 0) continue;
        const name = container.name ?? `#${container.index + 1}`;
        context.reportAt(object, [...container.path, 'resources'], {
          part: resources ? 'key' : 'value',
          message: `Container "${name}" has no ${missing.join(', ')}: set CPU and memory requests and limits.`,
        });
      }
    }
  },
});
