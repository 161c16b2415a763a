import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { deployment } from './snippets.js';
import { isKind, objectLabel } from './support.js';

export default defineK8sRule({
  meta: {
    id: 'k8s/rolling-update-strategy',
    title: 'Workload not updated by rolling update',
    severity: 'info',
    category: 'reliability',
    rationale:
      'The Recreate strategy (and OnDelete for StatefulSets and DaemonSets) stops every old pod before starting new ones, or never replaces them at all: each rollout is an outage or a manual chore. Some apps need it (a volume that only one pod may mount), so the rule is off by default, as in kube-linter.',
    aliases: { 'kube-linter': ['no-rolling-update-strategy'], 'kube-score': ['deployment-strategy'] },
    recommended: false,
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'deploy.yaml', code: deployment('containers:\n  - name: web\n    image: app:1.0\n', 'strategy:\n  type: Recreate\n') }],
      good: [{ filename: 'deploy.yaml', code: deployment('containers:\n  - name: web\n    image: app:1.0\n', 'strategy:\n  type: RollingUpdate\n  rollingUpdate: {maxSurge: 1, maxUnavailable: 0}\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      if (!isKind(object, ['Deployment', 'StatefulSet', 'DaemonSet'])) continue;
      const field = object.kind === 'Deployment' ? 'strategy' : 'updateStrategy';
      const type = asRecord(asRecord(object.value.spec)?.[field])?.type;
      if (type === undefined || type === null || type === 'RollingUpdate') continue;
      context.reportAt(object, ['spec', field, 'type'], {
        message: `${objectLabel(object)} is updated with ${String(type)}, not RollingUpdate: ${type === 'OnDelete' ? 'new pods only start when someone deletes the old ones' : 'every rollout stops all pods first'}.`,
      });
    }
  },
});
