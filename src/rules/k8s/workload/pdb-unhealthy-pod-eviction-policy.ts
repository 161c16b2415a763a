import { defineK8sRule } from '../../../core/rule.js';
import { setPath } from '../../../k8s/edit.js';
import { asRecord } from '../../../k8s/values.js';
import { editTarget, fixOf, objectLabel } from './support.js';

const pdb = (extra: string) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1 # one at a time\n  selector:\n    matchLabels: {app: web}\n${extra}`;

export default defineK8sRule({
  meta: {
    id: 'k8s/pdb-unhealthy-pod-eviction-policy',
    title: 'PodDisruptionBudget without unhealthyPodEvictionPolicy',
    severity: 'info',
    category: 'reliability',
    rationale:
      'With the default policy (IfHealthyBudget) a pod that is running but not ready may only be evicted while the budget is met, so a crash-looping workload can block node drains forever. `AlwaysAllow` lets unhealthy pods go, and is what the Kubernetes docs recommend. The fix writes down the current behaviour (IfHealthyBudget); AlwaysAllow is offered as a suggestion.',
    aliases: { 'kube-linter': ['pdb-unhealthy-pod-eviction-policy'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'pdb.yaml', code: pdb(''), output: pdb('  unhealthyPodEvictionPolicy: IfHealthyBudget\n') }],
      good: [{ filename: 'pdb.yaml', code: pdb('  unhealthyPodEvictionPolicy: AlwaysAllow\n') }],
    },
  },
  check(context) {
    const target = editTarget(context);
    for (const object of context.k8s.objects) {
      // The field exists in policy/v1 only.
      if (object.kind !== 'PodDisruptionBudget' || object.apiVersion !== 'policy/v1') continue;
      const spec = asRecord(object.value.spec);
      if (!spec || spec.unhealthyPodEvictionPolicy !== undefined) continue;
      const path = ['spec', 'unhealthyPodEvictionPolicy'];
      const alwaysAllow = fixOf('Set unhealthyPodEvictionPolicy: AlwaysAllow', [setPath(target, object, path, 'AlwaysAllow')]);
      context.reportAt(object, ['spec'], {
        part: 'key',
        message: `${objectLabel(object)} sets no unhealthyPodEvictionPolicy: unhealthy pods can block node drains; set AlwaysAllow (or IfHealthyBudget explicitly).`,
        fix: fixOf('Set unhealthyPodEvictionPolicy: IfHealthyBudget (the current behaviour)', [setPath(target, object, path, 'IfHealthyBudget')]),
        suggestions: alwaysAllow ? [alwaysAllow] : undefined,
      });
    }
  },
});
