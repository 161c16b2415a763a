import { defineK8sRule } from '../../../core/rule.js';
import { podSpecOf } from '../../../k8s/workloads.js';
import { deployment } from './snippets.js';
import { recordsOf } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/topology-spread-constraints',
    title: 'Invalid topology spread constraint',
    severity: 'error',
    category: 'correctness',
    rationale:
      'A topology spread constraint needs a `maxSkew` of at least 1, a `topologyKey`, and `whenUnsatisfiable` set to DoNotSchedule or ScheduleAnyway; without a `labelSelector` it counts no pods and spreads nothing.',
    aliases: { 'kube-score': ['pod-topology-spread-constraints'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'deploy.yaml', code: deployment('topologySpreadConstraints:\n  - maxSkew: 0\n    topologyKey: topology.kubernetes.io/zone\n    whenUnsatisfiable: Schedule\ncontainers:\n  - name: web\n    image: app:1.0\n') }],
      good: [{ filename: 'deploy.yaml', code: deployment('topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: topology.kubernetes.io/zone\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\ncontainers:\n  - name: web\n    image: app:1.0\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      const pod = podSpecOf(object);
      if (!pod) continue;
      for (const { item, index } of recordsOf(pod.spec.topologySpreadConstraints)) {
        const base = [...pod.path, 'topologySpreadConstraints', index];
        if (typeof item.maxSkew !== 'number' || item.maxSkew < 1) {
          context.reportAt(object, item.maxSkew === undefined ? base : [...base, 'maxSkew'], { message: 'A topology spread constraint needs maxSkew of 1 or more.' });
        }
        if (typeof item.topologyKey !== 'string' || item.topologyKey === '') {
          context.reportAt(object, item.topologyKey === undefined ? base : [...base, 'topologyKey'], { message: 'A topology spread constraint needs a topologyKey (e.g. kubernetes.io/hostname or topology.kubernetes.io/zone).' });
        }
        if (item.whenUnsatisfiable !== 'DoNotSchedule' && item.whenUnsatisfiable !== 'ScheduleAnyway') {
          context.reportAt(object, item.whenUnsatisfiable === undefined ? base : [...base, 'whenUnsatisfiable'], {
            message: `whenUnsatisfiable must be DoNotSchedule or ScheduleAnyway${item.whenUnsatisfiable === undefined ? '' : `, not "${String(item.whenUnsatisfiable)}"`}.`,
          });
        }
        if (item.labelSelector === undefined || item.labelSelector === null) {
          context.reportAt(object, base, { message: 'This topology spread constraint has no labelSelector, so it counts no pods and spreads nothing: select the workload\'s pods.' });
        }
      }
    }
  },
});
