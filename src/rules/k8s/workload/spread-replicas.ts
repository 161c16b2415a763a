import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { podSpecOf } from '../../../k8s/workloads.js';
import { deployment } from './snippets.js';
import { isKind, objectLabel } from './support.js';

interface Options {
  minReplicas: number;
}

export default defineK8sRule<Options>({
  meta: {
    id: 'k8s/spread-replicas',
    title: 'Replicas not spread across nodes',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'The scheduler may put every replica of a workload on the same node, and then one node failure takes them all down. Ask for spreading with `topologySpreadConstraints` (over `kubernetes.io/hostname` or a zone) or a pod anti-affinity, preferred or required. Checked for Deployments and StatefulSets with at least `minReplicas` replicas (2).',
    aliases: {
      'kube-linter': ['no-anti-affinity'],
      'kube-score': ['deployment-has-host-podantiaffinity', 'statefulset-has-host-podantiaffinity'],
      polaris: ['topologySpreadConstraint'],
    },
    fixable: false,
    defaultOptions: { minReplicas: 2 },
    examples: {
      bad: [{ filename: 'deploy.yaml', code: deployment('containers:\n  - name: web\n    image: app:1.0\n', 'replicas: 3\n') }],
      good: [
        {
          filename: 'deploy.yaml',
          code: deployment('topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: ScheduleAnyway\n    labelSelector: {matchLabels: {app: web}}\ncontainers:\n  - name: web\n    image: app:1.0\n', 'replicas: 3\n'),
        },
        {
          filename: 'deploy.yaml',
          code: deployment('affinity:\n  podAntiAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n      - weight: 100\n        podAffinityTerm:\n          topologyKey: kubernetes.io/hostname\n          labelSelector: {matchLabels: {app: web}}\ncontainers:\n  - name: web\n    image: app:1.0\n', 'replicas: 3\n'),
        },
      ],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      if (!isKind(object, ['Deployment', 'StatefulSet'])) continue;
      const replicas = asRecord(object.value.spec)?.replicas;
      const pod = podSpecOf(object);
      if (!pod || typeof replicas !== 'number' || replicas < context.options.minReplicas) continue;
      const antiAffinity = asRecord(asRecord(pod.spec.affinity)?.podAntiAffinity);
      const hasAntiAffinity = Array.isArray(antiAffinity?.requiredDuringSchedulingIgnoredDuringExecution) || Array.isArray(antiAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
      const hasSpread = Array.isArray(pod.spec.topologySpreadConstraints) && pod.spec.topologySpreadConstraints.length > 0;
      if (hasAntiAffinity || hasSpread) continue;
      context.reportAt(object, ['spec', 'replicas'], {
        message: `${objectLabel(object)} runs ${replicas} replicas with no topologySpreadConstraints or pod anti-affinity: they may all land on one node.`,
      });
    }
  },
});
