import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { objectLabel } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/pdb-policy',
    title: 'PodDisruptionBudget without minAvailable or maxUnavailable (or with both)',
    severity: 'error',
    category: 'correctness',
    rationale:
      'A PodDisruptionBudget says how many pods may be disrupted through exactly one of `minAvailable` and `maxUnavailable`. With neither, the budget states nothing and its effect depends on the API version; with both, the API server rejects it.',
    aliases: { 'kube-score': ['poddisruptionbudget-has-policy'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'pdb.yaml', code: 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n' }],
      good: [{ filename: 'pdb.yaml', code: 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n' }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      if (object.kind !== 'PodDisruptionBudget' || !object.apiVersion.startsWith('policy/')) continue;
      const spec = asRecord(object.value.spec);
      const hasMin = spec?.minAvailable !== undefined && spec?.minAvailable !== null;
      const hasMax = spec?.maxUnavailable !== undefined && spec?.maxUnavailable !== null;
      if (hasMin !== hasMax) continue;
      context.reportAt(object, hasMin ? ['spec', 'maxUnavailable'] : spec ? ['spec'] : ['kind'], {
        part: 'key',
        message: hasMin
          ? `${objectLabel(object)} sets both minAvailable and maxUnavailable; the API server accepts only one.`
          : `${objectLabel(object)} sets neither minAvailable nor maxUnavailable: say how many pods may be disrupted.`,
      });
    }
  },
});
