import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { objectLabel } from './support.js';

const pdb = (spec: string) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n${spec}`;

/** `0`, `"0"`, `"0%"`. */
function isZero(value: unknown): boolean {
  return value === 0 || value === '0' || value === '0%';
}

export default defineK8sRule({
  meta: {
    id: 'k8s/pdb-blocks-eviction',
    title: 'PodDisruptionBudget that allows no eviction',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'A PodDisruptionBudget with `maxUnavailable: 0` or `minAvailable: 100%` never lets a pod be evicted: node drains, cluster upgrades and autoscaler scale-downs hang until someone deletes the budget by hand. Allow at least one pod to go (`maxUnavailable: 1`).',
    aliases: { 'kube-linter': ['pdb-max-unavailable', 'pdb-min-available'], polaris: ['pdbDisruptionsIsZero'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'pdb.yaml', code: pdb('  maxUnavailable: 0\n') }, { filename: 'pdb.yaml', code: pdb('  minAvailable: "100%"\n') }],
      good: [{ filename: 'pdb.yaml', code: pdb('  maxUnavailable: 1\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      if (object.kind !== 'PodDisruptionBudget' || !object.apiVersion.startsWith('policy/')) continue;
      const spec = asRecord(object.value.spec);
      if (!spec) continue;
      if (isZero(spec.maxUnavailable)) {
        context.reportAt(object, ['spec', 'maxUnavailable'], { message: `${objectLabel(object)} has maxUnavailable ${String(spec.maxUnavailable)}: no pod can ever be evicted, so node drains hang; allow at least 1.` });
      }
      if (spec.minAvailable === '100%') {
        context.reportAt(object, ['spec', 'minAvailable'], { message: `${objectLabel(object)} requires 100% of pods available: no pod can ever be evicted, so node drains hang; use maxUnavailable: 1 instead.` });
      }
    }
  },
});
