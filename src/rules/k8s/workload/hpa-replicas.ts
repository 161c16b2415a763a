import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { objectLabel } from './support.js';

interface Options {
  minReplicas: number;
}

const hpa = (spec: string) => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n${spec}`;

export default defineK8sRule<Options>({
  meta: {
    id: 'k8s/hpa-replicas',
    title: 'HorizontalPodAutoscaler range too small',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'An autoscaler that may scale down to one replica (minReplicas defaults to 1) brings back the single point of failure replicas were meant to remove, and one whose maxReplicas equals minReplicas never scales at all. Keep minReplicas at `minReplicas` (2) or more and maxReplicas above it.',
    aliases: { 'kube-linter': ['hpa-minimum-three-replicas'], 'kube-score': ['horizontalpodautoscaler-replicas'], polaris: ['hpaMinAvailability', 'hpaMaxAvailability'] },
    fixable: false,
    defaultOptions: { minReplicas: 2 },
    examples: {
      bad: [{ filename: 'hpa.yaml', code: hpa('  maxReplicas: 5\n') }, { filename: 'hpa.yaml', code: hpa('  minReplicas: 3\n  maxReplicas: 3\n') }],
      good: [{ filename: 'hpa.yaml', code: hpa('  minReplicas: 2\n  maxReplicas: 10\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      if (object.kind !== 'HorizontalPodAutoscaler' || !object.apiVersion.startsWith('autoscaling/')) continue;
      const spec = asRecord(object.value.spec);
      if (!spec) continue;
      const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
      if (min < context.options.minReplicas) {
        context.reportAt(object, spec.minReplicas === undefined ? ['spec'] : ['spec', 'minReplicas'], {
          part: spec.minReplicas === undefined ? 'key' : 'value',
          message: `${objectLabel(object)} may scale down to ${min} replica${min === 1 ? '' : 's'}${spec.minReplicas === undefined ? ' (minReplicas defaults to 1)' : ''}: keep at least ${context.options.minReplicas}.`,
        });
      }
      if (typeof spec.maxReplicas === 'number' && spec.maxReplicas <= min) {
        context.reportAt(object, ['spec', 'maxReplicas'], {
          message: `${objectLabel(object)} has maxReplicas ${spec.maxReplicas}, not above minReplicas ${min}: it can never scale up.`,
        });
      }
    }
  },
});
