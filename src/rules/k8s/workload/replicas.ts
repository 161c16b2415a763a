import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { deployment } from './snippets.js';
import { isKind, objectLabel } from './support.js';

interface Options {
  minReplicas: number;
}

export default defineK8sRule<Options>({
  meta: {
    id: 'k8s/replicas',
    title: 'Too few replicas',
    severity: 'info',
    category: 'reliability',
    rationale:
      'With a single replica every node drain, eviction or crash is an outage. Run at least `minReplicas` (2 by default; kube-linter\'s opt-in check asks for 3). A Deployment scaled by a HorizontalPodAutoscaler should leave `replicas` out altogether; a missing `replicas` is therefore not reported.',
    aliases: { 'kube-score': ['deployment-replicas'], polaris: ['deploymentMissingReplicas'], 'kube-linter': ['minimum-three-replicas'] },
    fixable: false,
    defaultOptions: { minReplicas: 2 },
    examples: {
      bad: [{ filename: 'deploy.yaml', code: deployment('containers:\n  - name: web\n    image: app:1.0\n', 'replicas: 1\n') }],
      good: [
        { filename: 'deploy.yaml', code: deployment('containers:\n  - name: web\n    image: app:1.0\n', 'replicas: 3\n') },
        { filename: 'deploy.yaml', code: deployment('containers:\n  - name: web\n    image: app:1.0\n') },
      ],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      if (!isKind(object, ['Deployment', 'StatefulSet'])) continue;
      const replicas = asRecord(object.value.spec)?.replicas;
      // 0 is a deliberate "scaled down"; unset usually means an autoscaler owns the count.
      if (typeof replicas !== 'number' || replicas === 0 || replicas >= context.options.minReplicas) continue;
      context.reportAt(object, ['spec', 'replicas'], {
        message: `${objectLabel(object)} runs ${replicas} replica${replicas === 1 ? '' : 's'}: run at least ${context.options.minReplicas} so a node drain or crash is not an outage.`,
      });
    }
  },
});
